"""The grid store's schema, declared once and rendered by each backend.

Table and column names are the product's contract with users, styles, projects and other
tools: change them only with a migration. Constraints are declared as data (`Digits`,
`OneOf`, `Between`, portable SQL expressions) so that the GeoPackage and the PostGIS
backends render the same rules in their own dialects. The activity views are declared in
views.py, the changes from older versions in migrations.py.

All geometries are in CGCS2000 / 3-degree Gauss-Kruger CM 120E (EPSG:4549, metres).
"""

from __future__ import annotations

from dataclasses import dataclass

from .declarations import Between, Column, Digits, OneOf, Table, _c

SCHEMA_VERSION = 11
APPLICATION_ID = "jiangdu_grid_store"
SRS_ID = 4549

STATE_VALUES = ("intact", "damaged", "lost", "occupied")
OFFICER_ROLES = ("grid_leader", "grid_officer", "instructor")
LEADER_LEVELS = ("district", "town", "community", "grid")
INCIDENT_SOURCES = ("patrol", "hotline_12345", "police_sentiment", "duty_linkage", "superior")
ATTACHMENT_KINDS, MEDIA_TYPES = ("report", "before", "after"), ("image/jpeg", "image/png")
ACTOR_ROLES = (
    "grid_officer",
    "grid_leader",
    "command_centre",
    "unit",
    "citizen",
    "system",
    "superior",
)
ENFORCEMENT_OUTCOMES = (
    "fined",
    "warning",
    "rectification_ordered",
    "confiscated",
    "sealed_or_seized",
    "no_violation",
)
SCOPE_CODE_LENGTH = {"district": 6, "town": 9, "community": 12, "grid": 15}


DISTRICT = "321012"

# How an incident was placed, and a possible duplicate it is linked to (not merged).
INCIDENT_COLUMNS_3 = (
    Column(
        "located_by",
        "TEXT",
        alias="定位方式",
        check=OneOf(("coordinates", "facility_code", "address", "report")),
    ),
    Column("duplicate_of", "INTEGER", alias="疑似重复", references="incidents(fid)"),
)

# Schema 5: the leader level an overdue or escalated incident now answers to (督办层级),
# and on the history row of an escalation, the level it went to.
ESCALATION_LEVELS = ("community", "town", "district")
INCIDENT_ESCALATION = Column("escalation", "TEXT", alias="督办层级", check=OneOf(ESCALATION_LEVELS))
STEP_ESCALATED_TO = Column("escalated_to", "TEXT", alias="升级至", check=OneOf(ESCALATION_LEVELS))

# Schema 6: grid history and the plugin's decisions on grid saves (see store/sqlite/guard.py).
GRID_TABLES = (
    Table(
        "grid_versions",
        "网格历史版本",
        "Earlier versions of grids and retired grids, with the dates they were in force.",
        (
            _c("code", "TEXT", "网格编码", not_null=True),
            _c("name", "TEXT", "名称", not_null=True),
            _c("community_code", "TEXT", "所属村（社区）", not_null=True),
            _c("town_code", "TEXT", "所属镇", not_null=True),
            _c("valid_from", "DATE", "启用日期", not_null=True),
            _c("valid_to", "DATE", "停用日期", not_null=True),
            _c("change", "TEXT", "变更", not_null=True, check=OneOf(("changed", "retired"))),
            _c("grid_fid", "INTEGER", "网格要素号"),
        ),
        geometry_type="MULTIPOLYGON",
        indexes=(("code",),),
    ),
    Table(
        "grid_edit_guard",
        "网格保存检查",
        "The plugin's decisions on a save of the grids layer: refuse it, or let these grids "
        "change together; rows expire after two minutes.",
        (
            _c(
                "decision",
                "TEXT",
                "决定",
                not_null=True,
                check=OneOf(("refuse", "allow")),
            ),
            _c("grid_fid", "INTEGER", "网格要素号"),
            _c("actor", "TEXT", "操作人"),
            _c("reason", "TEXT", "原因"),
            _c("expires_at", "DATETIME", "失效时间", not_null=True),
        ),
    ),
)

# Schema 7: the loop as districts run it (core/workflow.py). A move of
# workflow_transitions has a code (two moves may join the same steps: approving and
# refusing an extension), what it needs from its author, what it does to the deadline,
# and the source of incidents it is for; its history row keeps what was given. A
# catalogue item's limit has a unit; the district's own working days are rows.
DEADLINE_UNITS = ("hours", "working_hours", "working_days")
DEADLINE_RULES = ("keep", "start", "stop", "resume", "set", "clear")
SATISFACTION = ("satisfied", "basically_satisfied", "unsatisfied")
TRANSITION_COLUMNS_7 = (
    Column("move", "TEXT", alias="动作"),
    Column("needs", "TEXT", alias="需填写"),
    Column("deadline_rule", "TEXT", alias="时限规则", check=OneOf(DEADLINE_RULES)),
    Column("source", "TEXT", alias="适用来源", check=OneOf(INCIDENT_SOURCES)),
)
TRANSITION_UNIQUE_6 = ("from_step", "to_step", "actor_role")
TRANSITION_UNIQUE_7 = ("from_step", "actor_role", "move")
STEP_COLUMNS_7 = (
    Column("move", "TEXT", alias="动作"),
    Column("deadline_at", "DATETIME", alias="时限"),
    Column("unit_code", "TEXT", alias="派往单位", references="units(code)"),
    Column("assignee_id", "INTEGER", alias="派往人员", references="officers(fid)"),
    Column("satisfaction", "TEXT", alias="满意度", check=OneOf(SATISFACTION)),
)
CATALOG_DEADLINE_UNIT = Column(
    "deadline_unit",
    "TEXT",
    alias="时限单位",
    not_null=True,
    default="'hours'",
    check=OneOf(DEADLINE_UNITS),
)
CALENDAR_OVERRIDES = Table(
    "calendar_overrides",
    "工作日调整",
    "The district's own working-day decisions on top of the official calendar: a day "
    "off, or a declared working day.",
    (
        _c("day", "DATE", "日期", not_null=True, unique=True),
        _c("working", "BOOLEAN", "上班", not_null=True),
        _c("note", "TEXT", "说明"),
    ),
)

# Schema 8: reports routed by the store, whoever writes them (intake_rules.py); photos.
NOW = "(strftime('%Y-%m-%dT%H:%M:%fZ','now'))"
_FILLED = dict(not_null=True, null_is_default=True)
_STEPS, _SOURCES = "incident_states(code)", OneOf(INCIDENT_SOURCES)
INCIDENT_COLUMNS_8 = (
    Column("category_code", "TEXT", alias="事件大类", references="event_categories(code)"),
    Column("report_uuid", "TEXT", alias="上报标识"),
    Column("reported_by", "INTEGER", alias="上报人员", references="officers(fid)"),
)
ATTACHMENTS = Table(
    "incident_attachments",
    "事件照片",
    "Photos of incidents, kept in the store: their bytes, or a path relative to its folder.",
    (
        _c("incident_id", "INTEGER", "事件", not_null=True, references="incidents(fid)"),
        _c("step", "TEXT", "环节", references=_STEPS, default="'reported'", **_FILLED),
        _c("kind", "TEXT", "类别", check=OneOf(ATTACHMENT_KINDS), default="'report'", **_FILLED),
        _c("taken_at", "DATETIME", "拍摄时间"),
        _c("file_name", "TEXT", "文件名"),
        _c("media_type", "TEXT", "文件类型", check=OneOf(MEDIA_TYPES)),
        _c("content", "BLOB", "照片"),
        _c("path", "TEXT", "相对路径"),
        _c("longitude", "REAL", "拍摄经度", check=Between(-180, 180)),
        _c("latitude", "REAL", "拍摄纬度", check=Between(-90, 90)),
    ),
    checks=("content IS NOT NULL OR path IS NOT NULL",),
    indexes=(("incident_id",),),
)
TABLES: tuple[Table, ...] = (
    Table(
        "store_info",
        "库信息",
        "Key-value facts about this store: schema version, district.",
        (
            _c("key", "TEXT", "键", not_null=True, unique=True),
            _c("value", "TEXT", "值", not_null=True),
        ),
    ),
    Table(
        "towns",
        "镇",
        "The 13 towns of Jiangdu District with statistical codes and classes.",
        (
            _c("code", "TEXT", "统计代码", not_null=True, unique=True, check=Digits(9, DISTRICT)),
            _c("name", "TEXT", "名称", not_null=True, unique=True),
            _c("pinyin", "TEXT", "拼音", not_null=True),
            _c("town_class", "INTEGER", "类别", not_null=True, check=Between(1, 4)),
            _c("population", "INTEGER", "人口"),
            _c("area_km2", "REAL", "面积（平方公里）", not_null=True),
        ),
        geometry_type="MULTIPOLYGON",
    ),
    Table(
        "communities",
        "村（社区）",
        "Villages and residents' committees, each in one town.",
        (
            _c("code", "TEXT", "统计代码", not_null=True, unique=True, check=Digits(12, DISTRICT)),
            _c("name", "TEXT", "名称", not_null=True),
            _c("kind", "TEXT", "类型", not_null=True, check=OneOf(("community", "village"))),
            _c("town_code", "TEXT", "所属镇", not_null=True, references="towns(code)"),
            _c("population", "INTEGER", "人口"),
            _c("area_km2", "REAL", "面积（平方公里）", not_null=True),
        ),
        geometry_type="MULTIPOLYGON",
        checks=("substr(code, 1, 9) = town_code",),
        indexes=(("town_code",),),
        uniques=(("town_code", "name"),),
    ),
    Table(
        "grids",
        "基层网格",
        "The base grids (基层网格) that tile the district.",
        (
            _c("code", "TEXT", "网格编码", not_null=True, unique=True, check=Digits(15, DISTRICT)),
            _c("name", "TEXT", "名称", not_null=True),
            _c(
                "community_code",
                "TEXT",
                "所属村（社区）",
                not_null=True,
                references="communities(code)",
            ),
            _c("town_code", "TEXT", "所属镇", not_null=True, references="towns(code)"),
            _c(
                "status",
                "TEXT",
                "状态",
                not_null=True,
                default="'active'",
                check=OneOf(("active", "retired")),
            ),
            _c("population", "INTEGER", "人口"),
            _c("area_km2", "REAL", "面积（平方公里）", not_null=True),
            _c("valid_from", "DATE", "启用日期", not_null=True),
            _c(
                "row_version",
                "INTEGER",
                "版本",
                not_null=True,
                default="1",
                check=Between(1, 2**62),
            ),
        ),
        geometry_type="MULTIPOLYGON",
        checks=("substr(code, 1, 12) = community_code", "substr(code, 1, 9) = town_code"),
        indexes=(("community_code",), ("town_code",)),
    ),
    Table(
        "units",
        "责任单位",
        "The departments and units that answer for events and facilities.",
        (
            _c("code", "TEXT", "单位代码", not_null=True, unique=True, check=Digits(3)),
            _c("name", "TEXT", "名称", not_null=True, unique=True),
            _c("short_name", "TEXT", "简称", not_null=True),
            _c(
                "kind",
                "TEXT",
                "类型",
                not_null=True,
                check=OneOf(("department", "town", "enterprise", "platform")),
            ),
            _c("phone", "TEXT", "值班电话"),
        ),
    ),
    Table(
        "facility_classes",
        "部件分类",
        "Major and minor facility classes (GB/T 30428.2 style).",
        (
            _c("code", "TEXT", "分类代码", not_null=True, unique=True, check=Digits(4)),
            _c("major_code", "TEXT", "大类代码", not_null=True, check=Digits(2)),
            _c("major_name", "TEXT", "大类", not_null=True),
            _c("name", "TEXT", "小类", not_null=True),
            _c("name_en", "TEXT", "英文名", not_null=True),
            _c("competent_unit_code", "TEXT", "主管部门", references="units(code)"),
        ),
        checks=("substr(code, 1, 2) = major_code",),
    ),
    Table(
        "facilities",
        "城市部件",
        "The coded public-facility inventory (部件普查).",
        (
            _c("code", "TEXT", "部件编码", not_null=True, unique=True, check=Digits(16, DISTRICT)),
            _c("class_code", "TEXT", "分类", not_null=True, references="facility_classes(code)"),
            _c("name", "TEXT", "标准名称", not_null=True),
            _c("competent_unit_code", "TEXT", "主管部门", references="units(code)"),
            _c("owner_unit_code", "TEXT", "权属单位", references="units(code)"),
            _c("maintenance_unit_code", "TEXT", "养护单位", references="units(code)"),
            _c(
                "state",
                "TEXT",
                "状态",
                not_null=True,
                default="'intact'",
                check=OneOf(STATE_VALUES),
            ),
            _c("in_use", "BOOLEAN", "在用", not_null=True, default="1"),
            _c("grid_code", "TEXT", "所在网格", references="grids(code)"),
            _c(
                "coord_source",
                "TEXT",
                "坐标来源",
                not_null=True,
                check=OneOf(("rtk_survey", "gnss_handheld", "digitised", "geocoded")),
            ),
            _c("surveyed_on", "DATE", "普查日期"),
            _c("changed_on", "DATE", "变更日期"),
            _c("retired_on", "DATE", "注销日期"),
            _c("remark", "TEXT", "备注"),
        ),
        geometry_type="POINT",
        checks=(
            "substr(code, 7, 4) = class_code",
            "(in_use = 1 AND retired_on IS NULL) OR (in_use = 0 AND retired_on IS NOT NULL)",
        ),
        indexes=(("grid_code",), ("class_code",)),
    ),
    Table(
        "officers",
        "网格人员",
        "Grid leaders (four levels), grid officers and instructors.",
        (
            _c("code", "TEXT", "工号", not_null=True, unique=True),
            _c("name", "TEXT", "姓名", not_null=True),
            _c("phone", "TEXT", "电话", check=Digits(11)),
            _c("role", "TEXT", "角色", not_null=True, check=OneOf(OFFICER_ROLES)),
            _c("level", "TEXT", "网格长层级", check=OneOf(LEADER_LEVELS)),
            _c("post", "TEXT", "职务"),
        ),
        checks=("(role = 'grid_leader') = (level IS NOT NULL)",),
        indexes=(("role",),),
    ),
    Table(
        "assignments",
        "人员分工",
        "Which officer serves which district/town/community/grid, when.",
        (
            _c("officer_id", "INTEGER", "人员", not_null=True, references="officers(fid)"),
            _c("role", "TEXT", "角色", not_null=True, check=OneOf(OFFICER_ROLES)),
            _c("scope_level", "TEXT", "层级", not_null=True, check=OneOf(LEADER_LEVELS)),
            _c("scope_code", "TEXT", "区划/网格编码", not_null=True),
            _c("valid_from", "DATE", "起始日期", not_null=True),
            _c("valid_to", "DATE", "截止日期"),
        ),
        checks=(
            "length(scope_code) = CASE scope_level WHEN 'district' THEN 6 WHEN 'town' THEN 9 "
            "WHEN 'community' THEN 12 ELSE 15 END",
            "valid_to IS NULL OR valid_to > valid_from",
        ),
        indexes=(("scope_code",), ("officer_id",)),
    ),
    Table(
        "event_categories",
        "事件大类",
        "The major categories of the event responsibility list.",
        (
            _c("code", "TEXT", "代码", not_null=True, unique=True, check=Digits(2)),
            _c("name", "TEXT", "名称", not_null=True, unique=True),
            _c("name_en", "TEXT", "英文名", not_null=True),
        ),
    ),
    Table(
        "event_catalog",
        "事件责任清单",
        "Items of the event responsibility list (社会治理事件责任清单).",
        (
            _c("code", "TEXT", "事项代码", not_null=True, unique=True, check=Digits(5)),
            _c("category_code", "TEXT", "大类", not_null=True, references="event_categories(code)"),
            _c("name", "TEXT", "事项名称", not_null=True),
            _c("unit_code", "TEXT", "责任单位", not_null=True, references="units(code)"),
            # The limit's amount, in deadline_unit (hours before schema 7).
            _c(
                "deadline_hours",
                "INTEGER",
                "处置时限（小时）",
                not_null=True,
                check=Between(1, 24 * 90),
            ),
            _c("urgent", "BOOLEAN", "紧急", not_null=True, default="0"),
            CATALOG_DEADLINE_UNIT,  # schema 7
        ),
        checks=("substr(code, 1, 2) = category_code",),
    ),
    Table(
        "incident_states",
        "事件状态",
        "The steps of the six-step closed loop, as data.",
        (
            _c("code", "TEXT", "代码", not_null=True, unique=True),
            _c("ordinal", "INTEGER", "顺序", not_null=True, unique=True),
            _c("label_zh", "TEXT", "中文名", not_null=True),
            _c("label_en", "TEXT", "英文名", not_null=True),
            _c("phase", "TEXT", "阶段", not_null=True, check=OneOf(("open", "closed", "rejected"))),
        ),
    ),
    Table(
        "workflow_transitions",
        "流转规则",
        "Legal moves between steps and who may make them.",
        (
            _c("from_step", "TEXT", "从", not_null=True, references="incident_states(code)"),
            _c("to_step", "TEXT", "到", not_null=True, references="incident_states(code)"),
            _c("actor_role", "TEXT", "操作角色", not_null=True, check=OneOf(ACTOR_ROLES)),
            _c("label_zh", "TEXT", "中文名", not_null=True),
            _c("label_en", "TEXT", "英文名", not_null=True),
            *TRANSITION_COLUMNS_7,
        ),
        uniques=(TRANSITION_UNIQUE_7,),
    ),
    Table(
        "incidents",
        "事件",
        "Reported incidents and where each stands in the six-step loop.",
        (
            _c("ticket", "TEXT", "事件编号", unique=True),
            _c("source", "TEXT", "来源", check=_SOURCES, default="'patrol'", **_FILLED),
            _c("catalog_code", "TEXT", "事项", references="event_catalog(code)"),
            _c("grid_code", "TEXT", "网格", references="grids(code)"),
            _c("town_code", "TEXT", "镇", references="towns(code)"),
            _c("step", "TEXT", "环节", references=_STEPS, default="'reported'", **_FILLED),
            _c("reported_at", "DATETIME", "上报时间", default=NOW, **_FILLED),
            _c("deadline_at", "DATETIME", "处置时限"),
            _c("closed_at", "DATETIME", "结案时间"),
            _c("updated_at", "DATETIME", "更新时间", default=NOW, **_FILLED),
            _c("description", "TEXT", "事件描述"),
            _c("address", "TEXT", "地址"),
            _c("reporter_name", "TEXT", "报告人"),
            _c("reporter_phone", "TEXT", "报告人电话"),
            _c("route_rule", "TEXT", "定位规则"),
            _c("row_version", "INTEGER", "版本", default="1", check=Between(1, 2**62), **_FILLED),
            # Added by migrations at the end of the table: schema 3, schema 5, schema 8.
            *INCIDENT_COLUMNS_3,
            INCIDENT_ESCALATION,
            *INCIDENT_COLUMNS_8,
        ),
        geometry_type="POINT",
        checks=("grid_code IS NULL OR substr(grid_code, 1, 9) = town_code",),
        # Schema 10 (migrations.py INDEXES_10): the activity views count a town's or a
        # grid's incidents by step and category from the index alone, the figures by
        # step (of a town too) their deadlines; the list finds the overdue by step and
        # deadline, and reads a town's or a source's newest first.
        indexes=(
            ("grid_code", "step"),
            ("town_code", "step", "catalog_code", "deadline_at", "closed_at"),
            ("town_code", "reported_at"),
            ("step", "deadline_at", "closed_at"),
            ("reported_at",),
            ("source", "reported_at"),
        ),
    ),
    Table(
        "incident_steps",
        "事件流转记录",
        "One row per move of an incident through the loop.",
        (
            _c("incident_id", "INTEGER", "事件", not_null=True, references="incidents(fid)"),
            _c("from_step", "TEXT", "从", references="incident_states(code)"),
            _c("to_step", "TEXT", "到", not_null=True, references="incident_states(code)"),
            _c("actor_role", "TEXT", "操作角色", not_null=True, check=OneOf(ACTOR_ROLES)),
            _c("actor_name", "TEXT", "操作人", not_null=True),
            _c("officer_id", "INTEGER", "网格人员", references="officers(fid)"),
            _c("at", "DATETIME", "时间", not_null=True),
            _c("note", "TEXT", "意见"),
            STEP_ESCALATED_TO,  # schema 5
            *STEP_COLUMNS_7,
        ),
        # Schema 10: an incident's moves in their order (time, then fid), read in one
        # pass without a sort (workflow figures, history); fid too, for PostgreSQL.
        indexes=(("incident_id", "at", "fid"),),
    ),
    Table(
        "enforcement_powers",
        "赋权清单",
        "Enforcement powers granted to the development zone.",
        (
            _c("code", "TEXT", "事项代码", not_null=True, unique=True),
            _c("kind", "TEXT", "类别", not_null=True, check=OneOf(("penalty", "coercive"))),
            _c("name", "TEXT", "事项名称", not_null=True),
            _c("domain", "TEXT", "执法领域", not_null=True),
            _c("basis", "TEXT", "设定依据", not_null=True),
        ),
    ),
    Table(
        "enforcement_cases",
        "执法案件",
        "Enforcement cases, located where the violation was.",
        (
            _c("case_no", "TEXT", "案号", not_null=True, unique=True),
            _c(
                "power_code",
                "TEXT",
                "执法事项",
                not_null=True,
                references="enforcement_powers(code)",
            ),
            _c("grid_code", "TEXT", "网格", references="grids(code)"),
            _c("town_code", "TEXT", "镇", references="towns(code)"),
            _c("decided_on", "DATE", "决定日期", not_null=True),
            _c("outcome", "TEXT", "处理结果", not_null=True, check=OneOf(ENFORCEMENT_OUTCOMES)),
            _c("fine_yuan", "REAL", "罚款（元）", check=Between(0, 1e9)),
        ),
        geometry_type="POINT",
        checks=("grid_code IS NULL OR substr(grid_code, 1, 9) = town_code",),
        indexes=(("town_code",), ("decided_on",)),
    ),
    Table(
        "audit_log",
        "变更日志",
        "Who changed what and when, with old and new values (JSON).",
        (
            _c("at", "DATETIME", "时间", not_null=True),
            _c("actor", "TEXT", "操作人", not_null=True),
            _c("table_name", "TEXT", "表", not_null=True),
            _c("row_key", "TEXT", "对象"),
            _c(
                "action",
                "TEXT",
                "操作",
                not_null=True,
                check=OneOf(
                    ("create", "insert", "update", "delete", "retire", "split", "merge", "import")
                ),
            ),
            _c("old_value", "TEXT", "原值"),
            _c("new_value", "TEXT", "新值"),
            _c("reason", "TEXT", "原因"),
        ),
        indexes=(("table_name", "row_key"),),
    ),
    Table(
        "layer_styles",
        "图层样式",
        "QGIS layer styles; each layer's default style is here.",
        (
            _c("f_table_catalog", "TEXT"),
            _c("f_table_schema", "TEXT"),
            _c("f_table_name", "TEXT"),
            _c("f_geometry_column", "TEXT"),
            _c("styleName", "TEXT"),
            _c("styleQML", "TEXT"),
            _c("styleSLD", "TEXT"),
            _c("useAsDefault", "BOOLEAN"),
            _c("description", "TEXT"),
            _c("owner", "TEXT"),
            _c("ui", "TEXT"),
            _c("update_time", "DATETIME", default="(strftime('%Y-%m-%dT%H:%M:%fZ','now'))"),
        ),
    ),
    *GRID_TABLES,
    CALENDAR_OVERRIDES,
    ATTACHMENTS,
)

TABLES_BY_NAME = {table.name: table for table in TABLES}
# An incident as the six-step loop reads it (no geometry, no reporter).
INCIDENT_CARD = (
    "fid",
    "ticket",
    "source",
    "catalog_code",
    "grid_code",
    "town_code",
    "step",
    "reported_at",
    "deadline_at",
    "closed_at",
    "updated_at",
    "description",
    "address",
    "route_rule",
    "row_version",
    "escalation",
)

LAYERS = tuple(table for table in TABLES if table.is_layer)


@dataclass(frozen=True)
class SearchIndex:
    """A substring search over some text columns of a table (backends choose how: the
    GeoPackage uses SQLite FTS5 with trigrams)."""

    table: str
    columns: tuple[str, ...]


SEARCH_INDEXES = (SearchIndex("facilities", ("code", "name")),)
