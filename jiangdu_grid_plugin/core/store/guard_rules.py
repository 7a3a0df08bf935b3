"""The grids' guard's rules both backends hold (sqlite/guard.py as SQLite triggers,
postgres/guard.py in PL/pgSQL): what a refused write says, and what a grid edit
reassigns."""

from __future__ import annotations

# What a refused write says (the same words in the GeoPackage and in PostGIS).
MESSAGES = {
    "invalid": "网格几何为空或无效 / a grid geometry is empty or invalid",
    "code_format": (
        "网格编码须为321012开头的15位数字 / a grid code is 15 digits starting with 321012"
    ),
    "code_prefix": (
        "网格编码须以所属村（社区）编码开头 / a grid code starts with its community code"
    ),
    "code_used": "网格编码重复 / the grid code is used by another grid",
    "overlap": "网格相互重叠 / grids overlap",
    "retired_code": "已撤销的网格编码不得再用 / a retired grid code is not used again",
    "code_kept": "有事件记录的网格不能改编码 / a grid named by incidents keeps its code",
    "gap": "网格之间出现空隙 / the change leaves ground no grid covers",
    "delete": "网格不能直接删除，请在插件中合并 / grids are merged with the plugin, not deleted",
    "refused": "保存被网格检查拒绝，详见插件面板 / the save was refused by the grid check",
}

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
