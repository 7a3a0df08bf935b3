"""Possible duplicates (疑似重复), as a citizen-report system handles them: the store marks
a report of the same item within 50 m and 24 h of an open incident (duplicate_of); the
command centre confirms the mark, which merges the report (it is closed as not to be
registered, 不予立案, with a note naming the original), or clears it."""

from __future__ import annotations

from datetime import datetime, timezone

from ..store.errors import StaleRowError
from ..text import UserError
from ..timestamps import to_datetime_text
from ..workflow import Actor, ConflictError, Workflow, move
from .texts import text

MERGING_ROLE = "command_centre"


def _marked(store, fid: int) -> tuple[dict, dict]:
    incident = store.incident(fid)
    if incident is None:
        raise UserError(text("gone", fid=fid))
    original = store.duplicate_links(fid)["original"]
    if original is None:
        raise UserError(text("not_marked", ticket=incident["ticket"]))
    return incident, original


def merge_duplicate(
    store, fid: int, expected_version: int, actor: Actor, at: datetime | None = None
) -> int:
    """Confirm that incident `fid` repeats the incident it is marked against: it moves
    to 不予立案 with a note naming the original (the mark stays, as the reference);
    returns its new row version. The loop's own rules apply (a report already
    registered cannot be merged; someone else's move first is a conflict)."""
    if actor.role != MERGING_ROLE:
        raise UserError(text("command_centre_only"))
    _, original = _marked(store, fid)
    note = text("merged_note", ticket=original["ticket"])("zh")
    return move(store, fid, "rejected", actor, expected_version, note=note, at=at)


def clear_duplicate(
    store, fid: int, expected_version: int, actor: Actor, at: datetime | None = None
) -> int:
    """The command centre finds that incident `fid` is no duplicate: its mark is cleared
    (audit_log keeps what it was); returns its new row version."""
    if actor.role != MERGING_ROLE:
        raise UserError(text("command_centre_only"))
    incident, _ = _marked(store, fid)
    moment = to_datetime_text(at or datetime.now(timezone.utc))
    try:
        if incident["row_version"] != expected_version:
            raise StaleRowError("incidents", fid, expected_version, incident["row_version"])
        return store.clear_duplicate(fid, expected_version, actor.name, moment)
    except StaleRowError:
        fresh = store.incident(fid) or incident
        steps = Workflow.from_store(store)
        said = {
            language: text(
                "changed",
                ticket=fresh["ticket"],
                step=steps.label(fresh["step"], language),
                now=fresh["row_version"],
                had=expected_version,
            )(language)
            for language in ("en", "zh")
        }
        raise ConflictError(said["en"], said["zh"]) from None
