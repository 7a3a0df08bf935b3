"""What the import says about a row, a file or a batch, in English and Chinese."""

from __future__ import annotations

from .. import coords
from ..text import Text

REASONS = {
    "empty_ticket": Text("Row {row}: the ticket id is empty.", "第{row}行：工单编号为空。"),
    "bad_ticket": Text(
        "Row {row}: the ticket id contains control characters (such as a NUL byte); "
        "correct it in the file.",
        "第{row}行：工单编号含有控制字符（如 NUL 字节），请在文件中改正。",
    ),
    "duplicate_ticket": Text(
        "Row {row}: the ticket id {ticket} is also in row {other}.",
        "第{row}行：工单编号 {ticket} 与第{other}行重复。",
    ),
    "already_imported": Text(
        "Row {row}: ticket {ticket} was imported before (reported {when}).",
        "第{row}行：工单 {ticket} 已于此前导入（上报时间 {when}）。",
    ),
    "bad_time": Text(
        "Row {row}: the time {value} cannot be read (use 2019-11-25 08:30).",
        "第{row}行：无法识别时间 {value}（格式如 2019-11-25 08:30）。",
    ),
    "implausible_time": Text(
        "Row {row}: the time {value} is before 2000 or later than tomorrow; check its year.",
        "第{row}行：时间 {value} 早于 2000 年或晚于明天，请检查年份。",
    ),
    "no_place": Text(
        "Row {row}: no coordinates, no known facility code and no community named in the address.",
        "第{row}行：没有坐标、没有可识别的部件编码，地址中也没有村（社区）名称。",
    ),
    "bad_coordinates": Text(
        "Row {row}: the coordinates {lon}, {lat} are not numbers.",
        "第{row}行：坐标 {lon}, {lat} 不是数值。",
    ),
    "out_of_range": Text(
        "Row {row}: the coordinates {lon}, {lat} are out of range.",
        "第{row}行：坐标 {lon}, {lat} 超出范围。",
    ),
    "swapped": Text(
        "Row {row}: longitude and latitude are swapped ({lon}, {lat}).",
        "第{row}行：经度和纬度颠倒（{lon}, {lat}）。",
    ),
    "outside_district": Text(
        "Row {row}: {lon}, {lat} lies {distance:.0f} m outside the district.",
        "第{row}行：{lon}, {lat} 位于区界外 {distance:.0f} 米。",
    ),
}


NOTES = {
    "imported": Text("Imported as {ticket}.", "已导入为 {ticket}。"),
    "duplicate": Text(
        "Possibly the same as incident {other} (same caller, {distance:.0f} m away, same day).",
        "可能与事件 {other} 重复（同一来电人，相距 {distance:.0f} 米，同一天）。",
    ),
    "by_facility": Text("Placed at facility {code}.", "按部件 {code} 定位。"),
    "by_address": Text(
        "Placed at the centre of {community}, named in the address.",
        "按地址中的 {community} 定位到其中心。",
    ),
    "unknown_item": Text(
        "The catalogue item {item} is not in the event catalogue.",
        "事项 {item} 不在事件责任清单中。",
    ),
    "invalid_phone": Text(
        "The phone number is neither a mobile nor a landline number; it is kept as given.",
        "来电号码既不是手机号码也不是固定电话号码，已按原样保存。",
    ),
    "control_characters": Text(
        "Control characters (such as NUL bytes) were removed from its text.",
        "已删除其文字中的控制字符（如 NUL 字节）。",
    ),
    "offset": Text(
        "Only {hit:.0%} of the points lie in the community their address names; read as "
        "{system} {converted:.0%} would. The file is probably in {system}, not {declared}: "
        "the offset is about {offset:.0f} m. Import it again with the right coordinate "
        "system.",
        "只有 {hit:.0%} 的点位在地址所写的村（社区）内；按 {system} 解读则为 "
        "{converted:.0%}。该文件很可能是 {system} 坐标而不是 {declared}，偏移约 "
        "{offset:.0f} 米。请选择正确的坐标系重新导入。",
    ),
}


_ROLES = {
    "ticket": "工单编号",
    "time": "时间",
    "address": "地址",
    "longitude": "经度",
    "latitude": "纬度",
    "content": "内容",
    "phone": "来电号码",
    "caller": "来电人",
    "facility_code": "部件编码",
    "catalog_item": "事项编码",
}


_REFUSAL = {
    "refused": Text("the file is refused: ", "文件被拒绝："),
    "no_role": Text("no column is given for {role}", "没有指定{zh}列"),
    "no_column": Text("it has no column {name}", "文件中没有列 {name}"),
}


_LABEL = {
    coords.CoordinateSystem.WGS84: "WGS84/CGCS2000",
    coords.CoordinateSystem.GCJ02: "GCJ-02",
    coords.CoordinateSystem.BD09: "BD-09",
}
