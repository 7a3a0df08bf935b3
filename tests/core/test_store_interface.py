"""Both stores offer the interface core/store/protocol.py declares, with the same
signatures; what only a GeoPackage does is declared apart; the two dialects differ where
they say."""

from __future__ import annotations

import inspect
from typing import Protocol

import pytest

from jiangdu_grid_plugin.core.store import GeoPackageFile, GridStore
from jiangdu_grid_plugin.core.store.dialect import Dialect
from jiangdu_grid_plugin.core.store.postgres import PostGISStore
from jiangdu_grid_plugin.core.store.postgres.dialect import POSTGRES
from jiangdu_grid_plugin.core.store.sqlite import GeoPackageStore
from jiangdu_grid_plugin.core.store.sqlite.dialect import SQLITE
from tests.core.activity_fixture import add_activity
from tests.core.backends import BACKENDS, store_on
from tests.core.routing_fixture import build_store_file

_KINDS = (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
# How a store is opened: StoreLocation.open() chooses the class, and each class's own
# `open` takes what its backend needs (a file; a connection string and a schema).
OPENERS = {"open"}


def declared(protocol) -> dict[str, object]:
    """The members a protocol declares (its own and its protocol bases'): methods and
    properties by their definition, data attributes by their annotation."""
    found: dict[str, object] = {}
    for cls in reversed(protocol.__mro__):
        if cls is Protocol or not getattr(cls, "_is_protocol", False):
            continue
        for name in inspect.get_annotations(cls):
            found[name] = None
        for name, value in cls.__dict__.items():
            public = not name.startswith("_") or name in ("__enter__", "__exit__")
            if public and (callable(value) or isinstance(value, (property, classmethod))):
                found[name] = value
    return found


def public(cls) -> set[str]:
    return {name for name in dir(cls) if not name.startswith("_")}


def signature_problems(name: str, promised, given) -> list[str]:
    """What keeps `given` from being called as `promised` is: a parameter missing, of
    another kind or default, out of order, or an extra one without a default."""
    promised, given = inspect.signature(promised), inspect.signature(given)
    problems = []
    for parameter in promised.parameters.values():
        other = given.parameters.get(parameter.name)
        if other is None:
            problems.append(f"{name}: no parameter {parameter.name}")
        elif (other.kind, other.default) != (parameter.kind, parameter.default):
            problems.append(f"{name}: {other} where {parameter} is declared")
    positional = [p.name for p in promised.parameters.values() if p.kind == p.POSITIONAL_OR_KEYWORD]
    order = [p.name for p in given.parameters.values() if p.kind == p.POSITIONAL_OR_KEYWORD]
    if order[: len(positional)] != positional:
        problems.append(f"{name}: positional parameters {order}, declared {positional}")
    problems += [
        f"{name}: extra parameter {p.name} without a default"
        for p in given.parameters.values()
        if p.name not in promised.parameters and p.kind not in _KINDS and p.default is p.empty
    ]
    return problems


def interface_problems(cls, protocol) -> list[str]:
    problems = []
    for name, member in declared(protocol).items():
        if member is None:  # a data attribute: checked on open stores below
            continue
        found = inspect.getattr_static(cls, name, None)
        if found is None:
            problems.append(f"{cls.__name__} has no {name}")
        elif isinstance(member, property):
            if not isinstance(found, property):
                problems.append(f"{cls.__name__}.{name} is not a property")
        else:
            problems += signature_problems(
                f"{cls.__name__}.{name}", getattr(protocol, name), getattr(cls, name)
            )
    return problems


def test_the_declared_interface_is_what_callers_use():
    members = set(declared(GridStore))
    # A sample of what each kind of caller uses, to fail loudly if the protocol shrinks.
    assert {
        "active_grids",  # routing
        "record_move",  # the six-step loop
        "density_points",  # density
        "allow_grid_changes",  # the grid editor's guard
        "export_geocoded",  # geocoding
        "add_incidents",  # the hotline import
        "incident_list",  # the supervisor's dock
        "set_info",  # the demo builder
        "location",
        "dialect",
        "schema_version",
    } <= members
    assert set(declared(GeoPackageFile)) - members == {
        "path",
        "build",
        "clear_all_tables",
        "update_extents",
        "set_style",
        "integrity_problems",
    }


@pytest.mark.parametrize(
    ("cls", "protocol"),
    [(GeoPackageStore, GridStore), (GeoPackageStore, GeoPackageFile), (PostGISStore, GridStore)],
)
def test_each_store_offers_its_interface_with_the_declared_signatures(cls, protocol):
    assert interface_problems(cls, protocol) == []


def test_every_public_method_of_a_store_is_declared():
    grid_store, geopackage = set(declared(GridStore)), set(declared(GeoPackageFile))
    assert public(PostGISStore) - grid_store == OPENERS
    assert public(GeoPackageStore) - geopackage == OPENERS
    # What a GeoPackage does and PostGIS does not is exactly GeoPackageFile's own.
    assert public(GeoPackageStore) - public(PostGISStore) == geopackage - grid_store - {"path"}


def test_the_checker_finds_a_missing_method_and_a_changed_signature():
    class Wrong:
        def close(self, force) -> None: ...

        def search_facilities(self, text, limit=10): ...

    problems = interface_problems(Wrong, GridStore)
    assert "Wrong has no active_grids" in problems
    assert "Wrong.close: extra parameter force without a default" in problems
    assert "Wrong.search_facilities: limit=10 where limit: 'int' = 30 is declared" in problems


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    path = add_activity(build_store_file(tmp_path / "district.gpkg"))
    with store_on(request, request.param, path) as store:
        yield store


def test_an_open_store_of_either_backend_is_a_grid_store(store):
    assert isinstance(store, GridStore)
    assert isinstance(store, GeoPackageFile) == (store.location.kind == "gpkg")
    assert store.dialect is (SQLITE if store.location.kind == "gpkg" else POSTGRES)


def test_figures_and_store_info_on_either_backend(store):
    figures = store.figures()
    assert figures.pop("district_area_km2") == pytest.approx(0.08)
    assert figures.pop("closure_rate") == pytest.approx(6 / 7)
    assert figures == {
        "towns": 2,
        "communities": 4,
        "grids": 8,
        "units": 2,
        "facilities": 4,
        "facilities_central_urban": 4,
        "grid_leaders": 4,
        "grid_leaders_by_level": {"district": 1, "town": 1, "community": 1, "grid": 1},
        "grid_officers": 2,
        "instructors": 1,
        "event_categories": 1,
        "catalog_items": 1,
        "incidents": 7,
        "incidents_closed": 6,
        "incidents_in_progress": 1,
        "incidents_rejected": 0,
        "incident_steps": 0,
        "superior_incidents": 1,
        "enforcement_powers": 1,
        "enforcement_penalties": 1,
        "enforcement_coercive": 0,
        "enforcement_cases": 3,
    }
    store.set_info("grid_tolerance_m2", "2.5")
    assert store.info()["grid_tolerance_m2"] == "2.5"
    assert store.grid_tolerance() == 2.5


def test_each_dialect_implements_every_part():
    assert {type(SQLITE).__name__, type(POSTGRES).__name__} == {"SQLiteDialect", "PostgresDialect"}
    for dialect in (SQLITE, POSTGRES):
        assert isinstance(dialect, Dialect)  # abstract parts left out cannot be made


def test_the_dialects_differ_where_they_say():
    statement = "SELECT '%' || name FROM towns WHERE code = ?"
    assert SQLITE.sql(statement, ("1",)) == statement
    assert POSTGRES.sql(statement, ("1",)) == "SELECT '%%' || name FROM towns WHERE code = %s"
    assert POSTGRES.sql(statement) == statement  # no parameters: psycopg leaves % alone
    assert SQLITE.geometry_select("f.geom") == "f.geom"
    assert POSTGRES.geometry_select("f.geom") == "ST_AsBinary(f.geom)"
    assert SQLITE.facility_match("仙女")[0] == "facilities f"  # too short for trigrams
    assert SQLITE.facility_match("仙女镇")[1] == "facilities_fts MATCH ?"
    assert POSTGRES.facility_match("仙女镇")[1] == (
        "f.code ILIKE ? ESCAPE '!' OR f.name ILIKE ? ESCAPE '!'"
    )
