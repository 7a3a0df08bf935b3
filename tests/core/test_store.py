import sqlite3
import sys

import psycopg
import pytest
import shapely

from jiangdu_grid_plugin.core.new_store import create_empty_store
from jiangdu_grid_plugin.core.reference_data import WORKFLOW_TRANSITIONS
from jiangdu_grid_plugin.core.store import StoreError, build_store, open_store, schema, views
from jiangdu_grid_plugin.core.store.location import StoreLocation
from jiangdu_grid_plugin.core.store.migrations import AddColumn
from jiangdu_grid_plugin.core.store.postgres import copy_to_postgis
from jiangdu_grid_plugin.core.store.schema import Column
from jiangdu_grid_plugin.core.store.sqlite import ddl as sqlite_ddl
from jiangdu_grid_plugin.core.store.sqlite import store as sqlite_store
from jiangdu_grid_plugin.core.store.sqlite.guard import GUARD_TRIGGERS
from tests.core.backends import BACKENDS, store_on
from tests.core.intake_fixture import undo_intake_sqlite
from tests.core.schema6 import indexes_before_10, sqlite_back_to_6
from tests.helpers import ogrinfo, validate_gpkg

TOWN = dict(
    code="321012100", name="仙女镇", pinyin="Xiannü", town_class=1, population=236000, area_km2=1.0
)


@pytest.fixture
def empty_store(tmp_path):
    path = tmp_path / "store.gpkg"
    create_empty_store(path)
    return path


def test_empty_store_is_a_valid_geopackage_1_3(empty_store):
    result = validate_gpkg(empty_store)
    assert result.returncode == 0, result.stdout + result.stderr
    with open(empty_store, "rb") as handle:
        header = handle.read(72)
    assert header[68:72] == b"GPKG"
    assert int.from_bytes(header[60:64], "big") == 10300
    info = ogrinfo(empty_store)
    assert "Warning" not in info.stderr and "ERROR" not in info.stderr
    for layer, kind in [
        ("towns", "Multi Polygon"),
        ("grids", "Multi Polygon"),
        ("facilities", "Point"),
        ("incidents", "Point"),
    ]:
        assert f"{layer} ({kind})" in info.stdout


def test_empty_store_has_reference_data_and_styles(empty_store):
    with open_store(empty_store) as store:
        assert store.schema_version == schema.SCHEMA_VERSION
        assert store.count("incident_states") == 9
        assert store.count("workflow_transitions") == 25
        assert store.count("facility_classes") == 47
        styles = store.rows("layer_styles", ["f_table_name", "styleName", "useAsDefault"])
        defaults = {s["f_table_name"] for s in styles if s["useAsDefault"]}
        others = {(s["f_table_name"], s["styleName"]) for s in styles if not s["useAsDefault"]}
        assert defaults == {
            "towns",
            "communities",
            "grids",
            "facilities",
            "incidents",
            "enforcement_cases",
            "town_activity",
            "grid_activity",
        }
        assert others == {
            ("incidents", "jiangdu_heatmap"),
            ("enforcement_cases", "jiangdu_heatmap"),
            ("town_activity", "jiangdu_per_10k"),
            ("grid_activity", "jiangdu_per_10k"),
        }
        assert store.integrity_problems() == []
    with sqlite3.connect(empty_store) as connection:
        titles = dict(connection.execute("SELECT table_name, identifier FROM gpkg_contents"))
        srs = dict(connection.execute("SELECT table_name, srs_id FROM gpkg_geometry_columns"))
    assert titles["grids"] == "基层网格" and titles["towns"] == "镇"
    assert set(srs.values()) == {4549}


def test_activity_views_declare_their_columns_and_count(empty_store):
    with sqlite3.connect(empty_store) as connection:
        for view in views.VIEWS:
            declared = [
                (name, kind)
                for _, name, kind, *_ in connection.execute(f"PRAGMA table_info({view.name})")
            ]
            assert declared == [
                ("OGC_FID", "INTEGER"),
                ("geom", "MULTIPOLYGON"),
                *[(c.name, c.type) for c in view.columns],
            ]
            assert connection.execute(f"SELECT count(*) FROM {view.name}").fetchone() == (0,)


def test_layer_style_carries_chinese_aliases(empty_store):
    with open_store(empty_store) as store:
        qml = next(
            r["styleQML"]
            for r in store.rows("layer_styles", ["f_table_name", "styleQML"])
            if r["f_table_name"] == "grids"
        )
    assert '<alias field="code" index="2" name="网格编码"' in qml
    assert qml.startswith("<!DOCTYPE qgis")


def test_a_second_create_refuses_to_overwrite(empty_store):
    before = empty_store.read_bytes()
    with pytest.raises(StoreError, match="already exists"):
        create_empty_store(empty_store)
    assert empty_store.read_bytes() == before


def test_a_failed_build_leaves_nothing_behind(tmp_path):
    path = tmp_path / "broken.gpkg"
    with (
        pytest.raises(StoreError, match="towns: CHECK constraint failed"),
        build_store(path) as store,
    ):
        store.insert("towns", [dict(TOWN, code="320508100")], [shapely.box(0, 0, 1, 1)])
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (dict(TOWN, code="32101210"), "CHECK constraint failed"),
        (dict(TOWN, town_class=5), "CHECK constraint failed"),
        (dict(TOWN, name=None), "NOT NULL constraint failed: towns.name"),
    ],
)
def test_constraints_refuse_bad_rows(tmp_path, row, message):
    with build_store(tmp_path / "s.gpkg") as store:
        with pytest.raises(StoreError, match=message):
            store.insert("towns", [row], [shapely.box(0, 0, 1, 1)])
        assert store.count("towns") == 0


def test_foreign_keys_are_enforced(tmp_path):
    with (
        build_store(tmp_path / "s.gpkg") as store,
        pytest.raises(StoreError, match="FOREIGN KEY constraint failed"),
    ):
        store.insert(
            "communities",
            [
                dict(
                    code="321012100001",
                    name="仙城社区",
                    kind="community",
                    town_code="321012100",
                    area_km2=1.0,
                )
            ],
            [shapely.box(0, 0, 1, 1)],
        )


def test_geometry_types_are_checked_and_polygons_promoted(tmp_path):
    with build_store(tmp_path / "s.gpkg") as store:
        with pytest.raises(StoreError, match="row 1 has a Point geometry where a Multipolygon"):
            store.insert("towns", [TOWN], [shapely.Point(1, 1)])
        with pytest.raises(StoreError, match="needs geometries"):
            store.insert("towns", [TOWN])
        store.insert("towns", [TOWN], [shapely.box(0, 0, 2, 1)])
        stored = store.rows("towns", ["code"], with_geometry=True)[0]["geom"]
    assert stored.geom_type == "MultiPolygon" and stored.area == 2.0


def test_unknown_columns_and_tables_are_named(tmp_path):
    with build_store(tmp_path / "s.gpkg") as store:
        with pytest.raises(StoreError, match="towns has no column"):
            store.insert("towns", [dict(TOWN, colour="red")], [shapely.box(0, 0, 1, 1)])
        with pytest.raises(StoreError, match="no table 'streets'"):
            store.count("streets")


def test_opening_something_else_says_what_it_is(tmp_path):
    text = tmp_path / "notes.gpkg"
    text.write_text("not a database")
    with pytest.raises(StoreError, match="is not a GeoPackage \\(not an SQLite database\\)"):
        open_store(text)
    plain = tmp_path / "plain.gpkg"
    sqlite3.connect(plain).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(StoreError, match="SQLite database but not a GeoPackage"):
        open_store(plain)
    with pytest.raises(StoreError, match="no such file"):
        open_store(tmp_path / "missing.gpkg")


def test_a_geopackage_of_another_schema_is_refused_unchanged(tmp_path):
    other = tmp_path / "other.gpkg"
    with build_store(other):
        pass
    with sqlite3.connect(other) as connection:
        connection.execute("DROP TABLE store_info")
    before = other.read_bytes()
    with pytest.raises(StoreError, match="not a Jiangdu grid store"):
        open_store(other)
    assert other.read_bytes() == before


def test_a_newer_schema_is_refused_unchanged(empty_store):
    with sqlite3.connect(empty_store) as connection:
        connection.execute("UPDATE store_info SET value = '99' WHERE key = 'schema_version'")
    before = empty_store.read_bytes()
    with pytest.raises(StoreError, match="schema version 99, newer than this plugin's"):
        open_store(empty_store)
    assert empty_store.read_bytes() == before


@pytest.fixture(params=BACKENDS)
def older(request, empty_store, monkeypatch):
    """An empty store (a GeoPackage, or its copy in PostGIS) as the plugin's next schema
    version will see it: (where it is, its schema, a function that gives the grids'
    columns, a function that makes that version `version` with `migrations`)."""
    location, where = empty_store, None
    if request.param == "postgis":
        location, where = request.getfixturevalue("postgres").conninfo(), request.node.name
        where = "older_" + "".join(c for c in where.lower() if c.isalnum())[-40:]
        with open_store(empty_store) as source:
            copy_to_postgis(source, StoreLocation.postgis(location, where))

    def columns():
        if where is None:
            with sqlite3.connect(empty_store) as connection:
                return [row[1] for row in connection.execute("PRAGMA table_info(grids)")]
        with psycopg.connect(location) as connection:
            return [
                row[0]
                for row in connection.execute(
                    "SELECT column_name FROM information_schema.columns WHERE "
                    "table_schema = %s AND table_name = 'grids' ORDER BY ordinal_position",
                    (where,),
                )
            ]

    def future(version, migrations):
        # Wherever the store's modules compare with the plugin's version or read the
        # steps (schema.py itself keeps the version the test counts from).
        for name, module in list(sys.modules.items()):
            if name.startswith("jiangdu_grid_plugin.core.store.") and module is not schema:
                for attribute, value in (("SCHEMA_VERSION", version), ("MIGRATIONS", migrations)):
                    if hasattr(module, attribute):
                        monkeypatch.setattr(module, attribute, value)

    return location, where, columns, future


def test_an_older_schema_is_migrated_in_one_transaction(older):
    location, where, columns, future = older
    future(
        schema.SCHEMA_VERSION + 1,
        {schema.SCHEMA_VERSION: (AddColumn("grids", Column("note", "TEXT", alias="备注")),)},
    )
    with open_store(location, schema=where) as store:
        assert store.schema_version == schema.SCHEMA_VERSION + 1
        log = store.rows("audit_log", ["action", "reason"])
    assert log[-1] == {"fid": log[-1]["fid"], "action": "update", "reason": "schema migrated"}
    assert columns()[-1] == "note"


def test_a_failing_migration_changes_nothing(older, empty_store):
    location, where, columns, future = older
    before, unchanged = empty_store.read_bytes(), columns()
    future(
        schema.SCHEMA_VERSION + 2,
        # no step from version + 1 to version + 2
        {schema.SCHEMA_VERSION: (AddColumn("grids", Column("note", "TEXT")),)},
    )
    with pytest.raises(StoreError, match="cannot migrate"):
        open_store(location, schema=where)
    assert empty_store.read_bytes() == before and columns() == unchanged


def test_refusing_to_migrate_when_told_not_to(empty_store, monkeypatch):
    monkeypatch.setattr(sqlite_store, "SCHEMA_VERSION", schema.SCHEMA_VERSION + 1)
    with pytest.raises(
        StoreError, match=r"needs \d+\. Upgrade it .*\(jiangdu_grid:upgrade_store\)"
    ):
        open_store(empty_store, migrate=False)
    with pytest.raises(StoreError) as refused:
        open_store(empty_store, migrate=False)
    assert refused.value.text("zh") == (
        f"{empty_store} 的数据结构为第 {schema.SCHEMA_VERSION} 版，本插件需要第 "
        f"{schema.SCHEMA_VERSION + 1} 版。请用处理工具“升级网格数据库”"
        "（jiangdu_grid:upgrade_store）或任何写入它的本插件算法升级；未做任何更改。"
    )


def test_stored_crs_definitions_are_epsg_4326_and_4549():
    from pyproj import CRS

    assert CRS.from_wkt(sqlite_ddl.WKT_4549).equals(CRS.from_epsg(4549))
    assert CRS.from_wkt(sqlite_ddl.WKT_4326).equals(CRS.from_epsg(4326))


def test_rows_with_different_columns_are_refused(tmp_path):
    with build_store(tmp_path / "s.gpkg") as store:
        rows = [
            dict(code="001", name="甲", short_name="甲", kind="department"),
            dict(code="002", name="乙", short_name="乙", kind="department", phone="1"),
        ]
        with pytest.raises(StoreError, match="row 2 has the columns"):
            store.insert("units", rows)
        assert store.count("units") == 0


@pytest.fixture
def facility_store(tmp_path):
    from tests.core.routing_fixture import build_store_file

    return build_store_file(tmp_path / "fixture.gpkg")


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("3210120101000001", ["3210120101000001"]),
        ("0101000", ["3210120101000001", "3210120101000002"]),  # a part of the code
        ("上水井", ["3210120101000001", "3210120101000002"]),  # a part of the name (trigrams)
        ("路灯", ["3210120113000007"]),  # two characters: LIKE
        ("%", []),  # LIKE's wildcards and escape are text here
        ("_1", []),
        ("!%", []),
        ("\"', OR 1=1 --", []),  # quotes are text, never SQL or FTS syntax
        ("  ", []),
    ],
)
@pytest.mark.parametrize("backend", BACKENDS)
def test_facility_search(request, facility_store, backend, text, codes):
    with store_on(request, backend, facility_store) as store:
        found = store.search_facilities(text)
    assert [f["code"] for f in found] == codes


@pytest.mark.parametrize("backend", BACKENDS)
def test_search_follows_edits_and_reports_places(request, facility_store, backend):
    with store_on(request, backend, facility_store) as store:
        store.insert(
            "facilities",
            [
                dict(
                    code="3210120302000099",
                    class_code="0302",
                    name="垃圾箱",
                    state="intact",
                    in_use=1,
                    coord_source="digitised",
                    grid_code="321012100001001",
                )
            ],
            [shapely.Point(470_001.5, 3_590_002.5)],
        )
        (found,) = store.search_facilities("0302000099")
    assert (found["x"], found["y"], found["state"], found["in_use"]) == (
        470_001.5,
        3_590_002.5,
        "intact",
        True,
    )


def test_a_version_1_store_is_migrated_to_the_current_schema(facility_store):
    with sqlite3.connect(facility_store, isolation_level=None) as connection:
        undo_intake_sqlite(connection)
        sqlite_back_to_6(connection)
        connection.execute("DROP TABLE facilities_fts")
        for trigger in ("ai", "ad", "au"):
            connection.execute(f"DROP TRIGGER facilities_fts_{trigger}")
        connection.execute("ALTER TABLE incidents DROP COLUMN duplicate_of")
        connection.execute("ALTER TABLE incidents DROP COLUMN located_by")
        for trigger in GUARD_TRIGGERS:
            connection.execute(f'DROP TRIGGER "{trigger}"')
        for table in ("grid_versions", "grid_edit_guard"):
            connection.execute(f"DROP TABLE {table}")
            for meta in ("gpkg_geometry_columns", "gpkg_contents", "gpkg_ogr_contents"):
                connection.execute(f"DELETE FROM {meta} WHERE table_name = ?", (table,))
            connection.execute("DELETE FROM gpkg_extensions WHERE table_name = ?", (table,))
        connection.execute("DROP TABLE rtree_grid_versions_geom")
        connection.execute("ALTER TABLE incidents DROP COLUMN escalation")
        connection.execute("ALTER TABLE incident_steps DROP COLUMN escalated_to")
        indexes_before_10(connection.execute)
        for view in ("town_activity", "grid_activity"):
            connection.execute(f"DROP VIEW {view}")
            for table in ("gpkg_geometry_columns", "gpkg_contents"):
                connection.execute(f"DELETE FROM {table} WHERE table_name = ?", (view,))
            connection.execute("DELETE FROM layer_styles WHERE f_table_name = ?", (view,))
        connection.execute("UPDATE store_info SET value = '1' WHERE key = 'schema_version'")
    with open_store(facility_store) as store:
        assert store.schema_version == schema.SCHEMA_VERSION
        # Schema 7: the moves named, the new ones added, the unique key on the move.
        moves = store.rows("workflow_transitions", ["from_step", "move", "deadline_rule"])
        assert len(moves) == len(WORKFLOW_TRANSITIONS) == 25
        assert {m["move"] for m in moves} >= {"send_back", "reassign", "follow_up", "rework"}
        assert ("dispatched", "start") not in {(m["move"], m["deadline_rule"]) for m in moves}
        assert store.count("incident_states") == 9 and store.count("calendar_overrides") == 0
        assert [f["code"] for f in store.search_facilities("0113")] == ["3210120113000007"]
        styles = store.rows("layer_styles", ["f_table_name", "styleName", "useAsDefault"])
    with sqlite3.connect(facility_store) as connection:
        columns = [row[1] for row in connection.execute("PRAGMA table_info(incidents)")]
        towns = connection.execute("SELECT code, incidents FROM town_activity").fetchall()
        indexes = {
            table: {
                tuple(row[2] for row in connection.execute(f"PRAGMA index_info({name})"))
                for _, name, *_ in connection.execute(f"PRAGMA index_list({table})")
                if name.startswith("idx_")
            }
            for table in ("incidents", "incident_steps")
        }
    assert columns[-6:-3] == ["located_by", "duplicate_of", "escalation"]
    # Schema 10's indexes, in place of those on one column they begin with.
    assert indexes["incidents"] >= {
        ("grid_code", "step"),
        ("town_code", "step", "catalog_code", "deadline_at", "closed_at"),
        ("town_code", "reported_at"),
        ("step", "deadline_at", "closed_at"),
        ("reported_at",),
        ("source", "reported_at"),
    }
    assert not indexes["incidents"] & {("grid_code",), ("town_code",), ("step",)}
    assert indexes["incident_steps"] == {("incident_id", "at", "fid")}
    assert towns == [("321012100", 0), ("321012101", 0)]
    assert {
        (s["f_table_name"], s["styleName"], s["useAsDefault"])
        for s in styles
        if s["f_table_name"].endswith("_activity")
    } == {
        ("town_activity", "jiangdu_default", 1),
        ("town_activity", "jiangdu_per_10k", 0),
        ("grid_activity", "jiangdu_default", 1),
        ("grid_activity", "jiangdu_per_10k", 0),
    }
    assert validate_gpkg(facility_store).returncode == 0
