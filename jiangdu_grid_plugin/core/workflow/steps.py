"""The steps and legal moves of a store (incident_states, workflow_transitions), who
makes a move, and the refusals."""

from __future__ import annotations

from dataclasses import dataclass

from ..store.schema import SATISFACTION
from ..text import Text, UserError

ESCALATING_ROLES = ("command_centre", "superior", "system")
LEVEL_LABELS = {
    "community": Text("the community's grid leader", "村（社区）级网格长"),
    "town": Text("the town's grid leader", "镇级网格长"),
    "district": Text("the district's grid leader", "区级网格长"),
}
ROLE_LABELS = {
    "grid_officer": Text("grid officer", "网格员"),
    "grid_leader": Text("grid leader", "网格长"),
    "command_centre": Text("command centre", "指挥中心"),
    "unit": Text("responsible unit", "责任单位"),
    "citizen": Text("citizen", "群众"),
    "system": Text("system", "系统"),
    "superior": Text("superior", "上级"),
}
SATISFACTION_LABELS = {
    "satisfied": Text("satisfied", "满意"),
    "basically_satisfied": Text("basically satisfied", "基本满意"),
    "unsatisfied": Text("unsatisfied", "不满意"),
}
NEED_LABELS = {
    "note": Text("a reason", "理由"),
    "deadline": Text("a new deadline", "新的时限"),
    "assignee": Text("a unit or an officer", "单位或人员"),
    "satisfaction": Text("the caller's satisfaction", "群众满意度"),
}
SOURCE_NAMES = {
    "patrol": Text("patrol", "网格巡查"),
    "hotline_12345": Text("the 12345 hotline", "12345 热线"),
    "police_sentiment": Text("police online sentiment", "公安网络舆情"),
    "duty_linkage": Text("the three-level duty linkage", "三级联动"),
    "superior": Text("a superior", "上级交办"),
}


@dataclass(frozen=True)
class Actor:
    """Who makes a move: a role of ACTOR_ROLES, a name for the history, and the officer
    when the actor is one."""

    role: str
    name: str
    officer_id: int | None = None


class WorkflowError(UserError):
    """A move refused, with the reason in English and in Chinese."""

    def __init__(self, en: str, zh: str):
        super().__init__(Text(en, zh))


class ConflictError(WorkflowError):
    """Someone else moved the incident since the actor read it."""


def role_label(role: str, language: str = "en") -> str:
    """A role's name in `language` ("en" or "zh"); the code for a role without one."""
    label = ROLE_LABELS.get(role)
    return label(language) if label else role


@dataclass(frozen=True)
class Need:
    """What a move needs from its author: note, deadline, assignee or satisfaction
    (with the values it allows)."""

    name: str
    optional: bool = False
    values: tuple[str, ...] = ()


def parse_needs(text: str | None) -> tuple[Need, ...]:
    """A transition's `needs` ("note", "deadline,note?", "satisfaction=a|b") as Needs;
    a name the loop does not know is a WorkflowError naming it."""
    needs = []
    for part in (text or "").split(","):
        part = part.strip()
        if not part:
            continue
        optional = part.endswith("?")
        name, _, values = part.rstrip("?").partition("=")
        name = name.strip()
        allowed = tuple(v.strip() for v in values.split("|") if v.strip())
        if name not in NEED_LABELS or (allowed and name != "satisfaction"):
            raise WorkflowError(
                f"workflow_transitions: a move cannot need {part!r} (use note, deadline, "
                "assignee or satisfaction=...)",
                f"流转规则：动作不能要求“{part}”（可用 note、deadline、assignee 或 "
                "satisfaction=...）",
            )
        if name == "satisfaction":
            allowed = allowed or SATISFACTION
        needs.append(Need(name, optional, allowed))
    return tuple(needs)


@dataclass(frozen=True)
class Move:
    """A row of workflow_transitions, read."""

    code: str
    from_step: str
    to_step: str
    actor_role: str
    label_zh: str
    label_en: str
    needs: tuple[Need, ...] = ()
    deadline_rule: str = "keep"
    source: str | None = None

    def label(self, language: str = "en") -> str:
        return self.label_zh if language == "zh" else self.label_en

    def need(self, name: str) -> Need | None:
        return next((need for need in self.needs if need.name == name), None)

    @classmethod
    def of_row(cls, row: dict) -> Move:
        return cls(
            row.get("move") or row["to_step"],
            row["from_step"],
            row["to_step"],
            row["actor_role"],
            row["label_zh"],
            row["label_en"],
            parse_needs(row.get("needs")),
            row.get("deadline_rule") or "keep",
            row.get("source"),
        )


class Workflow:
    """The steps and legal moves of a store, and the working calendar its deadlines are
    counted on."""

    def __init__(self, states: list[dict], transitions: list[dict], calendar=None):
        from ..workcalendar import official_calendar

        self.states = {state["code"]: state for state in states}
        self.transitions = [Move.of_row(row) for row in transitions]
        self.calendar = calendar or official_calendar()

    @classmethod
    def from_store(cls, store) -> Workflow:
        from .calendar import store_calendar

        return cls(store.incident_states(), store.workflow_transitions(), store_calendar(store))

    def label(self, step: str, language: str = "en") -> str:
        state = self.states.get(step)
        if state is None:
            return step
        return state["label_zh"] if language == "zh" else state["label_en"]

    def is_open(self, step: str) -> bool:
        return self.states[step]["phase"] == "open"

    def moves(self, step: str, role: str, source: str | None = None) -> list[Move]:
        """The moves the role may make from the step (on an incident of `source`, when
        given: a move for another source's incidents is left out)."""
        return [
            m
            for m in self.transitions
            if m.from_step == step
            and m.actor_role == role
            and (source is None or m.source in (None, source))
        ]

    def move_codes(self) -> dict[str, Move]:
        """Every move by its code (the first row of each)."""
        codes: dict[str, Move] = {}
        for move in self.transitions:
            codes.setdefault(move.code, move)
        return codes

    def transition(self, step: str, target: str, role: str, source: str | None = None) -> Move:
        """The move `target` names (its code or label, or the step it leads to, or that
        step's label) from `step` for `role`, or WorkflowError saying what the role may
        do."""
        allowed = self.moves(step, role)
        text = str(target).strip()
        named = [m for m in allowed if text in (m.code, m.label_zh, m.label_en)]
        if not named:
            named = [
                m
                for m in allowed
                if text in (m.to_step, self.label(m.to_step), self.label(m.to_step, "zh"))
            ]
        if len(named) > 1:
            en = ", ".join(f"{m.code} ({m.label_en})" for m in named)
            zh = "、".join(f"{m.label_zh}（{m.code}）" for m in named)
            raise WorkflowError(
                f"several moves lead from {self.label(step)} to {self.label(named[0].to_step)}: "
                f"name one of {en}",
                f"从“{self.label(step, 'zh')}”到“{self.label(named[0].to_step, 'zh')}”有多种动作："
                f"请写明其一：{zh}",
            )
        if named:
            found = named[0]
            if found.source is not None and source is not None and found.source != source:
                name = SOURCE_NAMES.get(found.source, Text(found.source, found.source))
                raise WorkflowError(
                    f"{found.label_en} is only for incidents from {name.en}",
                    f"“{found.label_zh}”只适用于来自{name.zh}的事件",
                )
            return found
        known = {m.code for m in self.transitions} | set(self.states)
        labels = {self.label(s, language) for s in self.states for language in ("en", "zh")}
        labels |= {m.label_zh for m in self.transitions} | {m.label_en for m in self.transitions}
        if text not in known and text not in labels:
            raise WorkflowError(f"there is no step {text!r}", f"没有“{text}”这一环节")
        wanted = next(
            (m.to_step for m in self.transitions if text in (m.code, m.label_zh, m.label_en)),
            next((s for s in self.states if text in (s, self.label(s), self.label(s, "zh"))), text),
        )
        choices_en = ", ".join(dict.fromkeys(m.label_en for m in allowed))
        choices_zh = "、".join(dict.fromkeys(m.label_zh for m in allowed))
        en = (
            f"a {role_label(role)} cannot move an incident from {self.label(step)} to "
            f"{self.label(wanted)}; "
            + (
                f"from there they may: {choices_en}"
                if allowed
                else "they cannot move it from there"
            )
        )
        zh = (
            f"{role_label(role, 'zh')}不能把事件从“{self.label(step, 'zh')}”转到"
            f"“{self.label(wanted, 'zh')}”；"
            + (f"此环节可以：{choices_zh}" if allowed else "此环节不能由其操作")
        )
        raise WorkflowError(en, zh)
