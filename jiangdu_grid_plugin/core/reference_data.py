"""Reference data every store starts with: the workflow's steps and moves, and the
facility classes.

They are data, not code: a store keeps them in tables (`incident_states`,
`workflow_transitions`, `facility_classes`) that a district may edit. Facility classes
follow GB/T 30428.2 (数字化城市管理信息系统 第2部分: 管理部件和事件); only major class 01
(public utilities) and its first minor classes are confirmed against published codes, the
other numbers follow the standard's order and may be changed in the table.
"""

from __future__ import annotations

from typing import NamedTuple


class IncidentState(NamedTuple):
    code: str
    ordinal: int
    label_zh: str
    label_en: str
    phase: str  # open (在办), closed (办结) or rejected


INCIDENT_STATES = (
    IncidentState("reported", 1, "采集上报", "Reported", "open"),
    IncidentState("registered", 2, "核实立案", "Registered", "open"),
    IncidentState("dispatched", 3, "指挥派遣", "Dispatched", "open"),
    IncidentState("handled", 4, "处理反馈", "Handled", "open"),
    IncidentState("closed", 5, "核查结案", "Closed", "closed"),
    IncidentState("evaluated", 6, "考核评价", "Evaluated", "closed"),
    IncidentState("rejected", 7, "不予立案", "Rejected", "rejected"),
    # Schema 7: waiting for the command centre's answer to a request for more time, and
    # suspended (挂账: cannot be solved now; its clock stops). Both are in progress.
    IncidentState("extension_requested", 8, "延期申请", "Extension requested", "open"),
    IncidentState("suspended", 9, "挂账", "Suspended", "open"),
)


class Transition(NamedTuple):
    """A legal move: from a step to a step, by a role, named by `move` (several moves
    may join the same two steps). `needs` lists what its author gives, comma-separated:
    note (a reason), deadline (a new deadline), assignee (a unit or an officer),
    satisfaction=<allowed values, |-separated>; a trailing ? makes one optional.
    `deadline_rule` says what the move does to the deadline (workflow.DEADLINE_RULES);
    `source` limits it to incidents of one source."""

    from_step: str
    to_step: str
    actor_role: str
    label_zh: str
    label_en: str
    move: str
    needs: str = ""
    deadline_rule: str = "keep"
    source: str | None = None


HANDLERS = ("grid_officer", "unit", "grid_leader")
# A grid without an officer on duty falls to its community's grid leader (属地兜底), so
# every move of a handler is the grid leader's too.


def _by_handlers(from_step, to_step, zh, en, move, needs="", rule="keep"):
    return tuple(
        Transition(from_step, to_step, role, zh, en, move, needs, rule) for role in HANDLERS
    )


WORKFLOW_TRANSITIONS = (
    Transition(
        "reported", "registered", "command_centre", "核实立案", "Verify and register", "register"
    ),
    Transition("reported", "rejected", "command_centre", "不予立案", "Reject", "reject"),
    Transition(
        "registered",
        "dispatched",
        "command_centre",
        "指挥派遣",
        "Dispatch",
        "dispatch",
        "assignee?",
        "start",
    ),
    *_by_handlers("dispatched", "handled", "处理反馈", "Report handling", "handle"),
    Transition("handled", "closed", "command_centre", "核查结案", "Check and close", "close"),
    Transition(
        "closed",
        "handled",
        "command_centre",
        "核查不通过，退回",
        "Check failed, send back",
        "check_failed",
    ),
    Transition("closed", "evaluated", "command_centre", "考核评价", "Evaluate", "evaluate"),
    # Schema 7: the moves districts make beside the six steps.
    *_by_handlers(
        "dispatched",
        "registered",
        "退回",
        "Send back to the command centre",
        "send_back",
        "note",
        "clear",
    ),
    Transition(
        "dispatched",
        "dispatched",
        "command_centre",
        "改派",
        "Reassign",
        "reassign",
        "assignee,note?",
        "start",
    ),
    *_by_handlers(
        "dispatched",
        "extension_requested",
        "延期申请",
        "Ask for more time",
        "request_extension",
        "deadline,note",
    ),
    Transition(
        "extension_requested",
        "dispatched",
        "command_centre",
        "批准延期",
        "Approve the extension",
        "approve_extension",
        "deadline,note?",
        "set",
    ),
    Transition(
        "extension_requested",
        "dispatched",
        "command_centre",
        "不予延期",
        "Refuse the extension",
        "refuse_extension",
        "note",
    ),
    *_by_handlers("extension_requested", "handled", "处理反馈", "Report handling", "handle"),
    Transition(
        "dispatched", "suspended", "command_centre", "挂账", "Suspend", "suspend", "note", "stop"
    ),
    Transition(
        "suspended",
        "dispatched",
        "command_centre",
        "恢复",
        "Resume",
        "resume",
        "note?",
        "resume",
    ),
    Transition(
        "closed",
        "closed",
        "command_centre",
        "回访",
        "Follow up with the caller",
        "follow_up",
        "satisfaction=satisfied|basically_satisfied,note?",
        "keep",
        "hotline_12345",
    ),
    Transition(
        "closed",
        "dispatched",
        "command_centre",
        "回访不满意，返工",
        "Caller unsatisfied: rework",
        "rework",
        "satisfaction=unsatisfied,note",
        "start",
        "hotline_12345",
    ),
)


class FacilityClass(NamedTuple):
    code: str  # major (2 digits) + minor (2 digits)
    name: str
    name_en: str
    competent_unit_code: str | None  # the usual competent department (units.code)


MAJOR_CLASSES = {
    "01": "公用设施",
    "02": "道路交通",
    "03": "市容环境",
    "04": "园林绿化",
    "05": "房屋土地",
    "06": "其他设施",
    "07": "扩展部件",
}

FACILITY_CLASSES = (
    FacilityClass("0101", "上水井盖", "Water-supply manhole cover", "036"),
    FacilityClass("0102", "污水井盖", "Sewage manhole cover", "014"),
    FacilityClass("0103", "雨水井盖", "Storm-water manhole cover", "046"),
    FacilityClass("0104", "雨水箅子", "Storm-drain grate", "046"),
    FacilityClass("0105", "电力井盖", "Power manhole cover", "035"),
    FacilityClass("0106", "路灯井盖", "Street-light manhole cover", "047"),
    FacilityClass("0107", "通信井盖", "Telecom manhole cover", "038"),
    FacilityClass("0108", "燃气井盖", "Gas manhole cover", "037"),
    FacilityClass("0109", "热力井盖", "Heating manhole cover", "014"),
    FacilityClass("0110", "消防栓", "Fire hydrant", "030"),
    FacilityClass("0111", "电力设施", "Power cabinet", "035"),
    FacilityClass("0112", "通信交接箱", "Telecom cabinet", "038"),
    FacilityClass("0113", "路灯", "Street light", "047"),
    FacilityClass("0114", "景观灯", "Decorative light", "047"),
    FacilityClass("0115", "报刊亭", "News kiosk", "027"),
    FacilityClass("0116", "邮筒", "Post box", "042"),
    FacilityClass("0117", "监控电子眼", "Surveillance camera", "007"),
    FacilityClass("0201", "停车场", "Car park", "015"),
    FacilityClass("0202", "公交站亭", "Bus shelter", "043"),
    FacilityClass("0203", "公交站牌", "Bus-stop sign", "043"),
    FacilityClass("0204", "过街天桥", "Footbridge", "046"),
    FacilityClass("0205", "地下通道", "Underpass", "046"),
    FacilityClass("0206", "跨河桥", "River bridge", "015"),
    FacilityClass("0207", "交通标志牌", "Traffic sign", "007"),
    FacilityClass("0208", "交通信号灯", "Traffic signal", "007"),
    FacilityClass("0209", "交通护栏", "Traffic barrier", "046"),
    FacilityClass("0210", "路名牌", "Street-name sign", "008"),
    FacilityClass("0211", "非机动车停放点", "Bicycle parking", "027"),
    FacilityClass("0301", "公共厕所", "Public toilet", "044"),
    FacilityClass("0302", "垃圾箱", "Litter bin", "044"),
    FacilityClass("0303", "垃圾收集点", "Refuse collection point", "044"),
    FacilityClass("0304", "户外广告设施", "Outdoor advertising structure", "027"),
    FacilityClass("0305", "宣传栏", "Notice board", "027"),
    FacilityClass("0401", "古树名木", "Heritage tree", "045"),
    FacilityClass("0402", "行道树", "Street tree", "045"),
    FacilityClass("0403", "绿地", "Green space", "045"),
    FacilityClass("0404", "街头座椅", "Street bench", "045"),
    FacilityClass("0405", "城市雕塑", "Public sculpture", "019"),
    FacilityClass("0406", "护树设施", "Tree guard", "045"),
    FacilityClass("0501", "人防工事", "Civil air-defence work", "031"),
    FacilityClass("0502", "危房", "Dangerous building", "014"),
    FacilityClass("0601", "工地", "Construction site", "014"),
    FacilityClass("0602", "加油站", "Filling station", "018"),
    FacilityClass("0603", "水域护栏", "Waterside railing", "016"),
    FacilityClass("0604", "防汛设施", "Flood-control facility", "016"),
    FacilityClass("0701", "电动汽车充电桩", "EV charging point", "035"),
    FacilityClass("0702", "智能感知设备", "IoT sensor", "002"),
)
