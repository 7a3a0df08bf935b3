"""How a long core call reports its progress and learns that the user cancelled it: the
pair a Processing algorithm's feedback offers (progress as a fraction, is it cancelled?),
passed down as one value. A call that writes checks for cancelling only where stopping
leaves the store and its outputs as they were (before it commits)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .text import Text, UserError


class CanceledError(UserError):
    """The user cancelled the run: what it would have written was not."""

    def __init__(self):
        super().__init__(Text("cancelled: nothing was written", "已取消：未写入任何内容"))


def _nothing(*_) -> None:
    return None


def _never() -> bool:
    return False


@dataclass(frozen=True)
class Progress:
    """`report(fraction)` from 0 to 1; `canceled()` whether the user asked to stop;
    `note(text)` says what is being done (a table copied)."""

    report: Callable[[float], None] = _nothing
    canceled: Callable[[], bool] = _never
    note: Callable[[str], None] = _nothing

    def __call__(self, fraction: float, what: str | None = None) -> None:
        """Report `fraction` of the work done (and what was just done)."""
        self.report(min(1.0, max(0.0, fraction)))
        if what:
            self.note(what)

    def check(self) -> None:
        """Raise CanceledError when the user asked to stop."""
        if self.canceled():
            raise CanceledError()

    def part(self, start: float, end: float) -> Progress:
        """The progress of a part of the work, from `start` to `end` of the whole."""
        return Progress(lambda f: self.report(start + (end - start) * f), self.canceled, self.note)


SILENT = Progress()
