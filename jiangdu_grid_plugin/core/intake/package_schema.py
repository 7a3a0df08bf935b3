"""The tables of an officer's field package: a plain GeoPackage (no store, no spatial SQL
in its triggers, so QField and any GDAL write it) that QGIS and QField open offline.

- `incidents` holds the open incidents dispatched to the officer (with their store fid,
  ticket and row version: what the import checks) and the officer's new reports
  (store_fid empty); the officer writes 处理反馈 into feedback_note;
- `incident_attachments` holds photos as files beside the package (path, relative to the
  package's folder, as QField stores them) or as bytes, tied to a report by report_uuid;
- the officer's grids, their communities, the facilities in them, the event catalogue
  and package_info (who and what the package is for) are there to read.
"""

from __future__ import annotations

from ..store.schema import ATTACHMENT_KINDS, NOW, Column, OneOf, Table

APPLICATION = "jiangdu_grid_field_package"
FORMAT_VERSION = "1"


def _c(name, type_, alias, **kwargs) -> Column:
    return Column(name, type_, alias=alias, **kwargs)


def package_tables(officer_fid: int) -> tuple[Table, ...]:
    """The package's tables; a new report's reported_by is the officer's fid."""
    return (
        Table(
            "package_info",
            "外业包信息",
            "Who and what this field package is for.",
            (_c("key", "TEXT", "键", not_null=True, unique=True), _c("value", "TEXT", "值")),
        ),
        Table(
            "grids",
            "我的网格",
            "The grids the officer serves.",
            (
                _c("code", "TEXT", "网格编码", not_null=True),
                _c("name", "TEXT", "名称"),
                _c("community_code", "TEXT", "所属村（社区）"),
                _c("town_code", "TEXT", "所属镇"),
            ),
            geometry_type="MULTIPOLYGON",
        ),
        Table(
            "communities",
            "村（社区）",
            "The communities of the officer's grids.",
            (
                _c("code", "TEXT", "统计代码", not_null=True),
                _c("name", "TEXT", "名称"),
                _c("town_code", "TEXT", "所属镇"),
            ),
            geometry_type="MULTIPOLYGON",
        ),
        Table(
            "facilities",
            "城市部件",
            "The facilities in use in the officer's grids.",
            (
                _c("code", "TEXT", "部件编码", not_null=True),
                _c("name", "TEXT", "标准名称"),
                _c("class_name", "TEXT", "小类"),
                _c("state", "TEXT", "状态"),
                _c("grid_code", "TEXT", "所在网格"),
            ),
            geometry_type="POINT",
        ),
        Table(
            "event_categories",
            "事件大类",
            "The categories of the event responsibility list.",
            (_c("code", "TEXT", "代码", not_null=True), _c("name", "TEXT", "名称")),
        ),
        Table(
            "event_catalog",
            "事件责任清单",
            "The items of the event responsibility list.",
            (
                _c("code", "TEXT", "事项代码", not_null=True),
                _c("category_code", "TEXT", "大类"),
                _c("name", "TEXT", "事项名称"),
                _c("deadline_hours", "INTEGER", "处置时限（小时）"),
            ),
        ),
        Table(
            "incidents",
            "事件上报",
            "The officer's new reports, and the incidents dispatched to them.",
            (
                _c("store_fid", "INTEGER", "库中事件号"),
                _c("ticket", "TEXT", "事件编号"),
                _c("report_uuid", "TEXT", "上报标识"),
                _c("category_code", "TEXT", "事件大类"),
                _c("catalog_code", "TEXT", "事项"),
                _c("description", "TEXT", "事件描述"),
                _c("address", "TEXT", "地址"),
                _c("step", "TEXT", "环节"),
                _c("reported_at", "DATETIME", "上报时间", default=NOW),
                _c("deadline_at", "DATETIME", "处置时限"),
                _c("grid_code", "TEXT", "网格"),
                _c("reporter_name", "TEXT", "报告人"),
                _c("reporter_phone", "TEXT", "报告人电话"),
                _c("reported_by", "INTEGER", "上报人员", default=str(int(officer_fid))),
                _c("row_version", "INTEGER", "版本"),
                _c("feedback_note", "TEXT", "处理反馈"),
                _c("feedback_at", "DATETIME", "反馈时间"),
            ),
            geometry_type="POINT",
        ),
        Table(
            "incident_attachments",
            "照片",
            "Photos of the reports and of the feedback: files beside the package, or bytes.",
            (
                _c("report_uuid", "TEXT", "事件标识", not_null=True),
                _c("kind", "TEXT", "类别", default="'report'", check=OneOf(ATTACHMENT_KINDS)),
                _c("path", "TEXT", "照片"),
                _c("taken_at", "DATETIME", "拍摄时间"),
                _c("content", "BLOB", "照片内容"),
                # Set for the photos that came from the store (the import leaves them).
                _c("store_fid", "INTEGER", "库中照片号"),
            ),
        ),
    )


# Only SQLite's own functions: QField and any GDAL writer can fire them.
PACKAGE_TRIGGERS = (
    'CREATE TRIGGER "incidents_uuid" AFTER INSERT ON incidents WHEN '
    "coalesce(NEW.report_uuid, '') = '' BEGIN UPDATE incidents SET report_uuid = "
    "lower(hex(randomblob(16))) WHERE fid = NEW.fid; END",
    'CREATE TRIGGER "incidents_feedback_time" AFTER UPDATE OF feedback_note ON incidents '
    "WHEN coalesce(trim(NEW.feedback_note), '') <> '' AND NEW.feedback_at IS NULL BEGIN "
    "UPDATE incidents SET feedback_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') "
    "WHERE fid = NEW.fid; END",
)
