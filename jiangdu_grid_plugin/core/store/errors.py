"""Errors of the grid store, worded for the user who opened the file."""

from ..text import UserError


class StoreError(UserError):
    """A store that cannot be opened, created or written, with the file and the reason."""


class StaleRowError(StoreError):
    """A row changed by someone else since it was read: its row version moved on."""

    def __init__(self, table: str, key: object, expected: int, current: int | None):
        self.table, self.key, self.expected, self.current = table, key, expected, current
        super().__init__(
            f"{table} {key} was changed by someone else (version {current}, you read "
            f"version {expected})"
        )
