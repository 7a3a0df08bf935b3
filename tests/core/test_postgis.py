"""The store in PostGIS: the schema rendered for PostgreSQL, and copies both ways that
keep every row, geometry and style."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
import shapely

from jiangdu_grid_plugin.core.store import StoreError, open_store
from jiangdu_grid_plugin.core.store.location import StoreLocation
from jiangdu_grid_plugin.core.store.postgres import (
    copy_from_postgis,
    copy_to_postgis,
    grant_access,
    guard,
)
from jiangdu_grid_plugin.core.store.postgres.ddl import create_table_sql, schema_sql
from jiangdu_grid_plugin.core.store.schema import SCHEMA_VERSION, TABLES, TABLES_BY_NAME
from tests.core.activity_fixture import OX, OY, add_activity, insert_incident
from tests.core.intake_fixture import undo_intake_postgis
from tests.core.routing_fixture import build_store_file
from tests.core.schema6 import indexes_before_10, postgres_back_to_6
from tools.postgres_server import PASSWORD


@pytest.fixture
def store(tmp_path):
    path = add_activity(build_store_file(tmp_path / "district.gpkg"))
    with open_store(path) as store:
        fid = insert_incident(store, "H", step="handled", xy=(50.0, 50.0))
        store.set_style("grids", "按状态", "<qgis><renderer-v2/></qgis>", "测试", default=False)
        store.log("测绘员甲", "grids", "321012100001001", "update", {"a": 1}, {"a": 2}, "测试")
    return path, fid


def all_rows(path):
    with open_store(path) as store:
        return {
            table.name: store.rows(table.name, with_geometry=table.is_layer) for table in TABLES
        }


def test_the_schema_speaks_postgresql():
    towns = create_table_sql(TABLES_BY_NAME["towns"], "jd")[0]
    assert """"code" text NOT NULL UNIQUE CHECK ("code" ~ '^321012[0-9]{3}$')""" in towns
    create, later = create_table_sql(TABLES_BY_NAME["facilities"], "jd")
    facilities = "\n".join([create, *later])
    assert '"geom" geometry(Point, 4549)' in facilities
    assert "USING gist (geom)" in facilities
    assert "(in_use = true AND retired_on IS NULL) OR (in_use = false AND" in facilities
    assert (
        'ALTER TABLE "jd"."facilities" ADD FOREIGN KEY ("grid_code") REFERENCES '
        '"jd"."grids"("code") DEFERRABLE INITIALLY DEFERRED' in later
    )
    create, later = schema_sql("jd")
    styles = "\n".join(create + later)
    assert '"jd"."layer_styles"' not in styles  # QGIS keeps them in public.layer_styles
    assert '"in_use" boolean NOT NULL DEFAULT true' in facilities


def test_a_store_goes_to_postgis_and_back_unchanged(postgres, store, tmp_path):
    path, _ = store
    with open_store(path) as source:
        counts = copy_to_postgis(source, StoreLocation.postgis(postgres.conninfo(), "jiangdu_rt"))
    assert counts["incidents"] == 8 and counts["grids"] == 8 and counts["layer_styles"] == 1
    back = tmp_path / "back.gpkg"
    assert (
        copy_from_postgis(StoreLocation.postgis(postgres.conninfo(), "jiangdu_rt"), back) == counts
    )
    before, after = all_rows(path), all_rows(back)
    for name, rows in before.items():
        assert len(after[name]) == len(rows), name
        for old, new in zip(rows, after[name]):
            if "geom" in old:
                was, now = old.pop("geom"), new.pop("geom")
                assert (now is None) if was is None else shapely.equals_exact(was, now, 0), name
            assert new == old, name
    with open_store(back) as copy:
        assert copy.grid_tolerance() == 1.0  # and the file opens as a store, at schema 6
    with psycopg.connect(postgres.conninfo()) as db:  # the facility search's index
        assert (
            db.execute(
                "SELECT indexdef FROM pg_indexes WHERE schemaname = 'jiangdu_rt' "
                "AND indexname = 'facilities_search'"
            )
            .fetchone()[0]
            .endswith("USING gin (code gin_trgm_ops, name gin_trgm_ops)")
        )


def test_the_copy_keeps_null_geometries_and_styles_where_qgis_reads_them(postgres, store):
    path, fid = store
    with open_store(path) as source:
        copy_to_postgis(source, StoreLocation.postgis(postgres.conninfo(), "jiangdu_styles"))
    with psycopg.connect(postgres.conninfo()) as db:
        placeless = db.execute(
            "SELECT count(*) FROM jiangdu_styles.incidents WHERE geom IS NULL"
        ).fetchone()
        assert placeless == (1,)
        assert db.execute(
            "SELECT ST_AsText(geom), step FROM jiangdu_styles.incidents WHERE fid = %s", (fid,)
        ).fetchone() == (f"POINT({OX + 50:.0f} {OY + 50:.0f})", "handled")
        assert db.execute(
            "SELECT f_table_catalog, f_table_name, stylename, useasdefault, type "
            "FROM public.layer_styles WHERE f_table_schema = 'jiangdu_styles'"
        ).fetchall() == [("postgres", "grids", "按状态", False, None)]
        # The identity goes on from the highest fid copied.
        next_fid = db.execute(
            "INSERT INTO jiangdu_styles.units (code, name, short_name, kind) "
            "VALUES ('099', '新单位', '新', 'department') RETURNING fid"
        ).fetchone()[0]
        assert next_fid == 3


def test_the_activity_views_give_the_same_figures(postgres, store):
    path, _ = store
    with open_store(path) as source:
        copy_to_postgis(source, StoreLocation.postgis(postgres.conninfo(), "jiangdu_views"))
        towns = source._connection.execute(
            "SELECT code, incidents, closed, in_progress, closure_rate, enforcement_cases, "
            "top_categories FROM town_activity ORDER BY code"
        ).fetchall()
        grids = source._connection.execute(
            "SELECT code, incidents, incidents_per_km2 FROM grid_activity ORDER BY code"
        ).fetchall()
    assert [town[1] for town in towns] == [6, 2]  # both towns have incidents
    with psycopg.connect(postgres.conninfo()) as db:
        assert [
            tuple(float(v) if hasattr(v, "as_tuple") else v for v in row)
            for row in db.execute(
                "SELECT code, incidents, closed, in_progress, closure_rate, enforcement_cases, "
                "top_categories FROM jiangdu_views.town_activity ORDER BY code"
            )
        ] == towns
        assert [
            (code, count, pytest.approx(density))
            for code, count, density in db.execute(
                "SELECT code, incidents, incidents_per_km2 FROM jiangdu_views.grid_activity "
                "ORDER BY code"
            )
        ] == grids


def test_postgis_enforces_the_codes_and_guards_grids_from_any_client(postgres, store):
    path, _ = store
    with open_store(path) as source:
        copy_to_postgis(source, StoreLocation.postgis(postgres.conninfo(), "jiangdu_rules"))
    with psycopg.connect(postgres.conninfo(), autocommit=True) as db:
        with pytest.raises(psycopg.errors.CheckViolation, match="towns_code_check"):
            db.execute(
                "INSERT INTO jiangdu_rules.towns (code, name, pinyin, town_class, population, "
                "area_km2) VALUES ('32101210', '短码镇', 'Duanma', 1, 1, 1.0)"
            )
        # A client without the plugin: a grid pushed onto its neighbour is refused ...
        with pytest.raises(psycopg.errors.RaiseException, match="网格相互重叠 / grids overlap"):
            db.execute(
                "UPDATE jiangdu_rules.grids SET geom = ST_Translate(geom, 20, 0) "
                "WHERE code = '321012100001001'"
            )
        # ... a new name is not, and moves the row version on without a new boundary.
        db.execute("UPDATE jiangdu_rules.grids SET name = '新名' WHERE code = '321012100001001'")
        assert db.execute(
            "SELECT row_version, (SELECT count(*) FROM jiangdu_rules.grid_versions) "
            "FROM jiangdu_rules.grids WHERE code = '321012100001001'"
        ).fetchone() == (2, 0)


def test_an_existing_schema_is_replaced_only_when_asked(postgres, store):
    path, _ = store
    with open_store(path) as source:
        copy_to_postgis(source, StoreLocation.postgis(postgres.conninfo(), "jiangdu_twice"))
        with pytest.raises(StoreError, match="already has a schema jiangdu_twice"):
            copy_to_postgis(source, StoreLocation.postgis(postgres.conninfo(), "jiangdu_twice"))
        counts = copy_to_postgis(
            source, StoreLocation.postgis(postgres.conninfo(), "jiangdu_twice"), overwrite=True
        )
    assert counts["layer_styles"] == 1  # not two: the old schema's styles went with it


def test_bad_connections_schemas_and_stores_are_named(postgres, store, tmp_path):
    path, _ = store
    wrong = postgres.conninfo().replace(PASSWORD, "wrong")
    with open_store(path) as source:
        with pytest.raises(StoreError, match=r"cannot connect to PostgreSQL: .*password"):
            copy_to_postgis(source, StoreLocation.postgis(wrong, "jiangdu"))
        with pytest.raises(StoreError, match="'Jiangdu-1' is not a usable schema name"):
            copy_to_postgis(source, StoreLocation.postgis(postgres.conninfo(), "Jiangdu-1"))
        with pytest.raises(StoreError, match=r"^other\.gpkg is a GeoPackage, not a PostGIS store$"):
            copy_to_postgis(source, StoreLocation.file("other.gpkg"))
    with pytest.raises(StoreError, match=r"^other\.gpkg is a GeoPackage, not a PostGIS store$"):
        grant_access(StoreLocation.file("other.gpkg"))
    with pytest.raises(StoreError, match="the database has no schema nowhere"):
        copy_from_postgis(
            StoreLocation.postgis(postgres.conninfo(), "nowhere"), tmp_path / "x.gpkg"
        )
    with psycopg.connect(postgres.conninfo(), autocommit=True) as db:
        db.execute("CREATE SCHEMA other; CREATE TABLE other.store_info (key text, value text)")
    with pytest.raises(StoreError, match="the schema other is not a grid store"):
        copy_from_postgis(StoreLocation.postgis(postgres.conninfo(), "other"), tmp_path / "x.gpkg")
    assert not (tmp_path / "x.gpkg").exists()


def drop_guard_functions(db, schema: str) -> None:
    """Drop the grids' guard's functions, as a store made before it had them."""
    for (signature,) in db.execute(
        "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = "
        "p.pronamespace WHERE n.nspname = %s AND p.proname = ANY(%s)",
        (schema, list(guard.FUNCTIONS)),
    ).fetchall():
        db.execute(f"DROP FUNCTION {signature}")


def test_an_older_postgis_store_is_migrated_once_by_the_same_steps(postgres, store):
    """A store at schema 4: without the escalation columns (step 4) and the grids'
    history and guard (step 5). Two sessions open it at once: one migrates."""
    path, _ = store
    conninfo, s = postgres.conninfo(), "jiangdu_old"
    with open_store(path) as source:
        copy_to_postgis(source, StoreLocation.postgis(conninfo, s))
    with psycopg.connect(conninfo, autocommit=True) as db:
        undo_intake_postgis(db, s)
        db.execute(f"DROP TRIGGER grids_guard ON {s}.grids")
        db.execute(f"DROP TRIGGER grids_history ON {s}.grids")
        for table in ("grid_versions", "grid_edit_guard", "staff_towns"):
            db.execute(f"DROP TABLE {s}.{table}")
        db.execute(f"ALTER TABLE {s}.incidents DROP COLUMN escalation")
        db.execute(f"ALTER TABLE {s}.incident_steps DROP COLUMN escalated_to")
        drop_guard_functions(db, s)
        postgres_back_to_6(db, s)
        indexes_before_10(db.execute, s)
        db.execute(f"UPDATE {s}.store_info SET value = '4' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match=f"schema version 4; this plugin needs {SCHEMA_VERSION}"):
        open_store(conninfo, schema=s, migrate=False)

    def version_after_opening(_):
        with open_store(conninfo, schema=s) as opened:
            return opened.schema_version

    with ThreadPoolExecutor(2) as pool:
        versions = list(pool.map(version_after_opening, range(2)))
    assert versions == [SCHEMA_VERSION, SCHEMA_VERSION]
    with open_store(conninfo, schema=s) as migrated:
        steps = [
            r["old_value"]
            for r in migrated.rows("audit_log", ["reason", "old_value"])
            if r["reason"] == "schema migrated"
        ]
        assert steps == [f'{{"schema_version": {v}}}' for v in range(4, SCHEMA_VERSION)]
        assert migrated.count("workflow_transitions") == 25
        assert migrated.incident(1)["escalation"] is None
        indexes = migrated._rows(
            "SELECT indexname FROM pg_indexes WHERE schemaname = ? AND indexname LIKE 'idx_%'",
            (s,),
        )
        assert {name for (name,) in indexes} >= {
            "idx_incidents_grid_code_step",
            "idx_incidents_town_code_step_catalog_code_deadline_at_closed_at",
            "idx_incidents_town_code_reported_at",
            "idx_incidents_step_deadline_at_closed_at",
            "idx_incidents_source_reported_at",
            "idx_incident_steps_incident_id_at_fid",
        }
        assert not {name for (name,) in indexes} & {
            "idx_incidents_grid_code",
            "idx_incidents_town_code",
            "idx_incidents_step",
            "idx_incident_steps_incident_id",
        }
        with pytest.raises(StoreError, match="grids overlap"):
            migrated.update_grid(1, shapely.box(470_000, 3_590_000, 470_150, 3_590_100))


def test_a_copy_made_before_the_guard_gets_it_when_opened(postgres, store):
    """Copies made before the grids were guarded in PostGIS kept them read-only."""
    path, _ = store
    conninfo, s = postgres.conninfo(), "jiangdu_read_only"
    with open_store(path) as source:
        copy_to_postgis(source, StoreLocation.postgis(conninfo, s))
    with psycopg.connect(conninfo, autocommit=True) as db:
        for trigger in ("grids_guard", "grids_history"):
            db.execute(f"DROP TRIGGER {trigger} ON {s}.grids")
        db.execute(
            f"CREATE FUNCTION {s}.grids_read_only() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'no grid guard yet'; END $$"
        )
        db.execute(
            f"CREATE TRIGGER grids_read_only BEFORE INSERT OR UPDATE OR DELETE ON {s}.grids "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {s}.grids_read_only()"
        )
        db.execute(f"DROP TRIGGER grid_edit_guard_made_by_guard ON {s}.grid_edit_guard")
        drop_guard_functions(db, s)
        db.execute(f"ALTER TABLE {s}.grid_edit_guard DROP COLUMN member")
        db.execute(f"ALTER TABLE {s}.grid_edit_guard DROP COLUMN proposed")
        db.execute(f"DROP TABLE {s}.staff_towns")
    with open_store(conninfo, schema=s) as opened:
        opened.update_grid(1, name="新名")
        with pytest.raises(StoreError, match="grids overlap"):
            opened.update_grid(1, shapely.box(470_000, 3_590_000, 470_150, 3_590_100))
        assert opened.rows("audit_log", ["reason"])[-1]["reason"] == "grid guard installed"


def test_large_reads_give_what_the_plain_reads_give(postgres, store):
    """_bulk_rows (one text value split in Python) against psycopg's own loading, on
    every table and on text that looks like its escapes."""
    path, _ = store
    conninfo = postgres.conninfo()
    with open_store(path) as source:
        copy_to_postgis(source, StoreLocation.postgis(conninfo, "jiangdu_bulk"))
    with psycopg.connect(conninfo, autocommit=True) as db:
        db.execute(
            "UPDATE jiangdu_bulk.incidents SET description = %s, address = %s, "
            "reporter_name = '' WHERE ticket = 'H'",
            ("第一行\n第二行\t制表\\N 反斜杠\\", "\\N"),
        )
    with open_store(conninfo, schema="jiangdu_bulk") as postgis:
        for table in TABLES:
            if table.name != "layer_styles":  # in public.layer_styles, QGIS's own table
                sql = f'SELECT * FROM "{table.name}" ORDER BY fid'
                assert postgis._bulk_rows(sql) == postgis._rows(sql), table.name
        sql = "SELECT * FROM public.layer_styles ORDER BY id"
        assert postgis._bulk_rows(sql) == postgis._rows(sql)
        sql = "SELECT description, address, reporter_name, reporter_phone FROM incidents "
        sql += "WHERE ticket = ?"
        assert postgis._bulk_rows(sql, ("H",)) == [
            ("第一行\n第二行\t制表\\N 反斜杠\\", "\\N", "", None)
        ]
        assert postgis._bulk_rows(sql, ("none",)) == []
        for sql in (
            "SELECT * FROM incidents ORDER BY reported_at DESC, fid",
            "SELECT fid, ST_AsBinary(geom), in_use FROM facilities ORDER BY fid",
            "SELECT avg(population), sum(area_km2), count(*) FROM towns",
        ):
            assert postgis._bulk_rows(sql) == postgis._rows(sql), sql
