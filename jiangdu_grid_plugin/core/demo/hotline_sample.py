"""A small 12345 hotline export for the demo store, the way hotline systems and Excel
write them: GB18030 text, GCJ-02 coordinates from the hotline's web map, and the usual
mistakes (an empty ticket, a repeated one, an unreadable time, swapped coordinates, a
place outside the district, a caller who rang twice about the same thing). The calls
come in on the demo's last day, after its clock has stopped: new to the store."""

from __future__ import annotations

import csv
from datetime import timedelta
from pathlib import Path

import numpy as np
import shapely
from pyproj import Transformer

from .. import coords
from .names import person_names, phone_numbers
from .timeline import Timeline

COLUMNS = (
    "工单编号",
    "来电时间",
    "来电号码",
    "来电人",
    "事发地址",
    "经度",
    "纬度",
    "诉求内容",
    "部件编码",
    "事项编码",
)
SUBJECTS = ("路灯不亮", "井盖破损", "占道经营", "噪声扰民", "垃圾堆放", "道路破损", "违章搭建")


def write_sample(store, path: str | Path, seed: int = 12345, rows: int = 30) -> Path:
    """Write the sample for `store` (opened) to `path`; returns the path."""
    rng = np.random.default_rng(seed)
    places = store.community_places()
    grids = store.active_grids()
    to_lonlat = Transformer.from_crs(4549, 4490, always_xy=True)
    items = sorted(store.catalog_items())
    names = person_names(rng, rows)
    phones = phone_numbers(rng, rows)
    start = (Timeline.from_info(store.info()) or Timeline()).now
    day = f"{start:%Y%m%d}"
    records = []
    for i in range(rows):
        grid = grids[int(rng.integers(len(grids)))]
        point = shapely.point_on_surface(grid["geom"])
        community = next(p for p in places if p["code"] == grid["community_code"])
        lon, lat = to_lonlat.transform(point.x, point.y)
        gcj_lon, gcj_lat = coords.wgs84_to_gcj02(lon, lat)
        moment = start + timedelta(minutes=int(17 * i))
        records.append(
            [
                f"12345-{day}-{i + 1:04d}",
                moment.strftime("%Y/%m/%d %H:%M"),
                phones[i],
                names[i],
                f"江都区{community['town_name']}{community['name']}文昌路{i + 3}号",
                f"{float(gcj_lon):.6f}",
                f"{float(gcj_lat):.6f}",
                f"{SUBJECTS[i % len(SUBJECTS)]}，请尽快处理",
                "",
                items[i % len(items)],
            ]
        )
    # The usual mistakes.
    records[3][0] = ""  # no ticket
    records[4][0] = records[2][0]  # the same ticket twice
    records[5][1] = "昨天下午"  # a time nobody can read
    records[6][5], records[6][6] = records[6][6], records[6][5]  # swapped
    records[7][5], records[7][6] = "121.50", "31.23"  # Shanghai
    records[8][5] = records[8][6] = ""  # no coordinates: placed by the address
    records[9][5] = records[9][6] = ""  # no coordinates, a facility code instead
    records[9][8] = store.search_facilities("0101000")[0]["code"]
    records[10][5] = "abc"
    # The caller of row 12 rings again twenty minutes later from the same place.
    records[11] = list(records[12])
    records[11][0] = f"12345-{day}-9001"
    records[11][1] = (start + timedelta(minutes=17 * 12 + 20)).strftime("%Y/%m/%d %H:%M")
    path = Path(path)
    with open(path, "w", newline="", encoding="gb18030") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(records)
    return path


MAPPING = dict(
    ticket="工单编号",
    time="来电时间",
    phone="来电号码",
    caller="来电人",
    address="事发地址",
    longitude="经度",
    latitude="纬度",
    content="诉求内容",
    facility_code="部件编码",
    catalog_item="事项编码",
)
