"""Errors of the grid store, worded for the user who opened the file."""


class StoreError(Exception):
    """A store that cannot be opened, created or written, with the file and the reason."""
