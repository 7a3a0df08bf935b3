"""Moves from a table (a unit's reply file, the command centre's decisions): one row, one
move, one transaction, with the same rules and conflicts as the dock (workflow.move)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from ..progress import SILENT, Progress
from ..text import Text
from ..timestamps import CHINA_TZ, from_datetime_text
from .moves import move
from .steps import Actor, ConflictError, Workflow, WorkflowError

# The columns a batch reads, each by its English or Chinese name.
COLUMNS = {
    "ticket": ("ticket", "事件编号", "工单编号"),
    "move": ("move", "动作", "操作"),
    "note": ("note", "意见", "理由", "说明"),
    "time": ("time", "时间"),
    "deadline": ("deadline", "新时限", "时限"),
    "unit": ("unit", "单位", "单位代码"),
    "officer": ("officer", "人员", "人员编号"),
    "satisfaction": ("satisfaction", "满意度"),
    "version": ("version", "版本"),
}
SATISFACTION_NAMES = {
    "满意": "satisfied",
    "基本满意": "basically_satisfied",
    "不满意": "unsatisfied",
}
OUTCOMES = ("moved", "refused", "conflict", "bad_row")


def find_columns(columns: Sequence[str]) -> dict[str, int]:
    """The position of each known column (by any of its names, case-insensitive)."""
    lowered = [str(c).strip().lower() for c in columns]
    found = {}
    for role, names in COLUMNS.items():
        for name in names:
            if name.lower() in lowered:
                found[role] = lowered.index(name.lower())
                break
    return found


def parse_moment(value) -> datetime | None:
    """An aware datetime from ISO 8601 text (China time when it has no offset) or a
    datetime; None for an empty cell. ValueError when it cannot be read."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        moment = value
    else:
        text = str(value).strip().replace("/", "-")
        moment = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=CHINA_TZ)


_BAD = {
    "columns": Text(
        "the table has no column {missing}: name the columns ticket and move (事件编号, 动作)",
        "表中没有“{missing}”列：请提供 ticket 和 move（事件编号、动作）两列",
    ),
    "ticket": Text("row {row}: there is no incident {ticket}", "第 {row} 行：没有事件 {ticket}"),
    "time": Text(
        "row {row}: {column} '{value}' is not a time (ISO 8601, e.g. 2019-09-30T16:00; China "
        "time when no offset is given)",
        "第 {row} 行：{column}“{value}”不是时间（ISO 8601，如 2019-09-30T16:00；不带时区即为"
        "北京时间）",
    ),
    "number": Text(
        "row {row}: {column} '{value}' is not a whole number",
        "第 {row} 行：{column}“{value}”不是整数",
    ),
    "empty": Text("row {row}: no move given", "第 {row} 行：未填写动作"),
}


def apply_moves(
    store,
    columns: Sequence[str],
    rows: Sequence[Sequence],
    actor: Actor,
    language: str = "en",
    workflow: Workflow | None = None,
    now: datetime | None = None,
    progress: Progress = SILENT,
) -> list[dict]:
    """Make the move of each row as `actor`; one outcome per row, in order: row, ticket,
    move, outcome (OUTCOMES), message, step, version, deadline_at. A refused or
    conflicting row changes nothing and the next row goes on. `progress` reports each
    row and may cancel (CanceledError) before the next: call it inside the caller's
    transaction, so that cancelling leaves every incident as it was."""
    from ..text import UserError

    index = find_columns(columns)
    missing = [role for role in ("ticket", "move") if role not in index]
    if missing:
        raise UserError(_BAD["columns"].format(missing=", ".join(missing)))
    workflow = workflow or Workflow.from_store(store)
    tickets = [_cell(row, index, "ticket") for row in rows]
    fids = store.incident_ids([t for t in tickets if t])
    outcomes = []
    for number, row in enumerate(rows, start=1):
        progress.check()
        progress((number - 1) / max(1, len(rows)))
        ticket, code = tickets[number - 1], _cell(row, index, "move")
        outcome = dict(row=number, ticket=ticket, move=code, step=None, version=None)
        outcome["deadline_at"] = None
        try:
            values = _values(row, index, number)
            if ticket not in fids:
                raise _BadRowError(_BAD["ticket"].format(row=number, ticket=ticket))
            if not code:
                raise _BadRowError(_BAD["empty"].format(row=number))
            fid = fids[ticket]
            version = values.pop("version") or store.incident(fid)["row_version"]
            at = values.pop("time") or now
            version = move(store, fid, code, actor, version, at=at, workflow=workflow, **values)
            incident = store.incident(fid)
            outcome.update(
                outcome="moved",
                message="",
                step=incident["step"],
                version=version,
                deadline_at=incident["deadline_at"],
            )
        except _BadRowError as bad:
            outcome.update(outcome="bad_row", message=bad.text(language))
        except ConflictError as error:
            outcome.update(outcome="conflict", message=error.text(language))
        except WorkflowError as error:
            where = f"第 {number} 行：" if language == "zh" else f"row {number}: "
            outcome.update(outcome="refused", message=where + error.text(language))
        outcomes.append(outcome)
    return outcomes


class _BadRowError(WorkflowError):
    def __init__(self, text: Text):
        super().__init__(text.en, text.zh)


def _cell(row, index, role):
    if role not in index or index[role] >= len(row):
        return None
    value = row[index[role]]
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _values(row, index, number) -> dict:
    values = {}
    for role in ("time", "deadline"):
        cell = _cell(row, index, role)
        try:
            values[role] = parse_moment(cell)
        except ValueError:
            raise _BadRowError(_BAD["time"].format(row=number, column=role, value=cell)) from None
    for role in ("officer", "version"):
        cell = _cell(row, index, role)
        try:
            values[role] = None if cell is None else int(float(cell))
        except ValueError:
            raise _BadRowError(_BAD["number"].format(row=number, column=role, value=cell)) from None
    satisfaction = _cell(row, index, "satisfaction")
    return dict(
        time=values["time"],
        version=values["version"],
        note=_cell(row, index, "note"),
        deadline=values["deadline"],
        unit_code=_cell(row, index, "unit"),
        assignee_id=values["officer"],
        satisfaction=SATISFACTION_NAMES.get(satisfaction, satisfaction),
    )


def deadline_text(value: str | None) -> str | None:
    """A stored deadline as China time text for an outcome table."""
    if value is None:
        return None
    return from_datetime_text(value).astimezone(CHINA_TZ).strftime("%Y-%m-%dT%H:%M:%S+08:00")


def rows_of(records: Sequence[Mapping]) -> tuple[list[str], list[list]]:
    """Columns and rows of dict records (for callers building a batch in Python)."""
    columns = list(records[0]) if records else list(COLUMNS)
    return columns, [[record.get(c) for c in columns] for record in records]
