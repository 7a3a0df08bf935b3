"""The grids' guard's rules both backends hold (sqlite/guard.py as SQLite triggers,
postgres/guard.py in PL/pgSQL): what a refused write says, and what a grid edit
reassigns."""

from __future__ import annotations

from ..text import Text

# What a refused write says (the same words in the GeoPackage and in PostGIS).
MESSAGES = {
    "invalid": Text("a grid geometry is empty or invalid", "网格几何为空或无效"),
    "code_format": Text(
        "a grid code is 15 digits starting with 321012", "网格编码须为321012开头的15位数字"
    ),
    "code_prefix": Text(
        "a grid code starts with its community code", "网格编码须以所属村（社区）编码开头"
    ),
    "code_used": Text("the grid code is used by another grid", "网格编码重复"),
    "outside_community": Text("a grid reaches beyond its community", "网格超出所属村（社区）范围"),
    "outside_district": Text("a grid reaches beyond the district", "网格超出区界"),
    "overlap": Text("grids overlap", "网格相互重叠"),
    "retired_code": Text("a retired grid code is not used again", "已撤销的网格编码不得再用"),
    "code_kept": Text("a grid named by incidents keeps its code", "有事件记录的网格不能改编码"),
    "gap": Text("the change leaves ground no grid covers", "网格之间出现空隙"),
    "delete": Text(
        "grids are merged with the plugin, not deleted", "网格不能直接删除，请在插件中合并"
    ),
    "refused": Text("the save was refused by the grid check", "保存被网格检查拒绝，详见插件面板"),
    # PostGIS only: a decision written other than through the decision functions.
    "forged": Text(
        "the grid check's decisions are made only by the grid check",
        "网格检查的决定只能由网格检查作出",
    ),
    # PostGIS only (town staff): %s is the grid's code, filled in by the trigger.
    "other_town": Text(
        "grid %s is not in your towns: your login edits only their grids",
        "网格 %s 不属于您负责的镇",
    ),
}


def refusal(key: str) -> str:
    """What a trigger raises for a refusal: the message in both languages, Chinese first
    ("中文 / English"), since the trigger does not know its writer's language; the
    prefix marks it as the guard's."""
    message = MESSAGES[key]
    return f"jiangdu_grid: {message.zh} / {message.en}"


# What a grid edit reassigns (both backends): the table, which of its rows p, and
# what changes from the containing grid's code c.code.
REASSIGNED = (
    ("facilities", "", "grid_code = c.code"),
    (
        "incidents",
        " AND p.step IN (SELECT code FROM incident_states WHERE phase = 'open')",
        "grid_code = c.code, town_code = coalesce(substr(c.code, 1, 9), incidents.town_code)",
    ),
)
