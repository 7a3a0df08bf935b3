"""The intake's rules both backends hold (sqlite/intake.py as SQLite triggers,
postgres/intake.py in PL/pgSQL): a report written to the incidents table by anyone (QGIS
with or without the plugin, QField, ogr2ogr, a script) is routed when it is saved.

A row written without a ticket is a report (采集上报). The store
- refuses it, with one of MESSAGES, when it has no point, no catalogue item or one the
  catalogue lacks, an item of another category than the one chosen, no description, an
  unreadable reported time, or a point farther than the routing tolerance from every
  grid in force (outside the district);
- fills the reported time (now when none; a time written without a zone is China time),
  the ticket (the district's numbering: prefix, the China day, a sequence of the day),
  the grid (the grid in force covering the point, the lowest code on a shared edge, else
  the nearest within the tolerance), the town, the route rule (inside, on_boundary,
  nearest, as core/routing names them), the category, the step (采集上报), and the
  reporter's name and phone from the officer who reported when none is given;
- links it to an open incident of the same item within DUPLICATE_METRES and
  DUPLICATE_HOURS as a possible duplicate (duplicate_of, the nearest, then the oldest);
- writes its first history row (from nothing to reported, by the officer who reported,
  else by the source's desk) and an audit row.
A row written with a ticket arrives complete (the hotline import, the demo, a copy):
the store leaves it as it is, but for the category its item implies.

Photos (incident_attachments) are JPEG or PNG, by their bytes (or their path's
extension when only a path is given), of at most the store's `photo_max_bytes`.
"""

from __future__ import annotations

from ..routing import DEFAULT_TOLERANCE_M  # store_info route_tolerance_m overrides it
from ..text import Text

__all__ = ["DEFAULT_TOLERANCE_M", "MESSAGES", "refusal"]

DEFAULT_TICKET_PREFIX = "JD"  # store_info ticket_prefix
DUPLICATE_METRES = 50.0
DUPLICATE_HOURS = 24.0
PHOTO_MAX_BYTES = 10 * 2**20  # store_info photo_max_bytes
# Who the first step is by when no officer is named: by the report's source.
SOURCE_ACTORS = {
    "patrol": ("grid_officer", "巡查上报"),
    "hotline_12345": ("citizen", "12345 政务服务热线"),
    "police_sentiment": ("system", "公安网络舆情平台"),
    "duty_linkage": ("system", "三级联动值班平台"),
    "superior": ("superior", "上级交办"),
}
# Whitespace a description may hold and still be empty (ideographic space included).
BLANKS = " \t\r\n\u3000"

MESSAGES = {
    "no_point": Text("a report needs a point on the map", "上报事件须在地图上标出位置"),
    "no_item": Text(
        "a report needs an item of the event catalogue", "上报事件须选择事件责任清单中的事项"
    ),
    "unknown_item": Text("the item is not in the event catalogue", "所选事项不在事件责任清单中"),
    "category": Text("the item is not of the chosen category", "所选事项不属于所选大类"),
    "no_description": Text("a report needs a description", "上报事件须填写事件描述"),
    "bad_time": Text("the reported time cannot be read", "上报时间无法识别"),
    "outside": Text(
        "the point is outside the district (farther than the routing tolerance from every grid)",
        "所标位置在江都区外（距所有网格均超出定位容差）",
    ),
    "ticket_kept": Text("an incident keeps its ticket", "事件编号不能清除"),
    "photo_missing": Text(
        "a photo needs its bytes or the path of its file", "照片须有文件内容或文件路径"
    ),
    "photo_type": Text("a photo is a JPEG or PNG image", "照片须为JPEG或PNG图片"),
    "photo_size": Text(
        "the photo is larger than the store allows (photo_max_bytes)",
        "照片超出库允许的大小（photo_max_bytes）",
    ),
}


def refusal(key: str) -> str:
    """What a trigger raises: both languages, Chinese first, as the grids' guard does."""
    message = MESSAGES[key]
    return f"jiangdu_grid: {message.zh} / {message.en}"
