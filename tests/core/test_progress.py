"""Progress and cancelling reach the long core calls: the hotline import, copying a store
to PostGIS and back, geocoding, density, routing many points and the workflow report.
Cancelled, a call that writes leaves the store as it was; on both backends."""

from __future__ import annotations

import numpy as np
import psycopg
import pytest

from jiangdu_grid_plugin.core import density, geocoding, workflow_report
from jiangdu_grid_plugin.core.progress import CanceledError, Progress
from jiangdu_grid_plugin.core.routing import Router, router
from jiangdu_grid_plugin.core.store import open_store
from jiangdu_grid_plugin.core.store.location import StoreLocation
from jiangdu_grid_plugin.core.store.postgres import copy_from_postgis, copy_to_postgis
from tests.core.test_hotline import COLUMNS, MAPPING, importer, row, store  # noqa: F401


class Watch:
    """A Progress that records what it hears and cancels once it has heard `after`."""

    def __init__(self, after: float | None = None, note_after: int | None = None):
        self.fractions, self.notes = [], []
        self.after, self.note_after = after, note_after

    def cancelled(self) -> bool:
        return (self.after is not None and any(f >= self.after for f in self.fractions)) or (
            self.note_after is not None and len(self.notes) >= self.note_after
        )

    @property
    def progress(self) -> Progress:
        return Progress(self.fractions.append, self.cancelled, self.notes.append)


def test_a_hotline_import_reports_and_a_cancelled_one_writes_nothing(store):  # noqa: F811
    before = store.count("incidents")
    outputs = []
    watch = Watch(after=2.0)

    def write_outputs(result):
        outputs.append(result)
        watch.after = 0.0  # the user cancels while the outputs are written

    with pytest.raises(CanceledError, match="cancelled: nothing was written"):
        importer(store).run(
            COLUMNS,
            [row("C1"), row("C2", x=150)],
            MAPPING,
            progress=watch.progress,
            before_commit=write_outputs,
        )
    # Cancelled after the outputs were written, before the store committed.
    assert [r["ticket"] for r in outputs[0].imported] == ["C1", "C2"]
    assert store.count("incidents") == before
    assert watch.fractions == [0.3, 0.4, 0.5, 0.8]
    watch = Watch()
    result = importer(store).run(COLUMNS, [row("C1")], MAPPING, progress=watch.progress)
    assert [r["ticket"] for r in result.imported] == ["C1"]
    assert store.count("incidents") == before + 1
    assert watch.fractions == [0.3, 0.4, 0.5, 0.8]


def test_outputs_failing_before_the_commit_leave_no_incident(store):  # noqa: F811
    before = store.count("incidents")

    def full_disk(result):
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space left"):
        importer(store).run(COLUMNS, [row("O1")], MAPPING, before_commit=full_disk)
    assert store.count("incidents") == before


def test_a_cancelled_copy_to_postgis_leaves_no_schema_and_back_no_file(postgres, tmp_path):
    from tests.core.routing_fixture import build_store_file

    conninfo = postgres.conninfo()
    with open_store(build_store_file(tmp_path / "d.gpkg")) as source:
        watch = Watch(note_after=3)
        with pytest.raises(CanceledError):
            copy_to_postgis(
                source, StoreLocation.postgis(conninfo, "cancelled_copy"), progress=watch.progress
            )
        assert watch.notes == ["store_info", "towns", "communities"]
        copy_to_postgis(source, StoreLocation.postgis(conninfo, "whole_copy"))
    with psycopg.connect(conninfo) as db:
        schemas = {r[0] for r in db.execute("SELECT nspname FROM pg_namespace").fetchall()}
    assert "cancelled_copy" not in schemas and "whole_copy" in schemas
    watch = Watch(note_after=2)
    with pytest.raises(CanceledError):
        copy_from_postgis(
            StoreLocation.postgis(conninfo, "whole_copy"),
            tmp_path / "back.gpkg",
            progress=watch.progress,
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.gpkg"]


def test_geocoding_density_routing_and_the_report_report_and_cancel(store, monkeypatch):  # noqa: F811
    index = geocoding.FacilityIndex.from_store(store)
    watch = Watch()
    outcomes = geocoding.geocode(["x"] * 25_000, index, progress=watch.progress)
    assert set(outcomes.outcome) == {"non_digits"}
    assert watch.fractions[0] == 0.0 and watch.fractions[-1] == pytest.approx(0.8)
    with pytest.raises(CanceledError):
        geocoding.geocode(["x"] * 25_000, index, progress=Watch(after=0.0).progress)

    grid = density.RasterGrid.covering((0, 0, 1000, 1000), 10)
    watch = Watch()
    density.kernel_density([500], [500], grid, 100, progress=watch.progress)
    assert watch.fractions == [0.3, 1.0]
    with pytest.raises(CanceledError):
        density.kernel_density([500], [500], grid, 100, progress=Watch(after=0.3).progress)

    monkeypatch.setattr(router, "ROUTE_CHUNK", 10)
    routing = Router.from_store(store)
    x, y = np.full(25, 470_050.0), np.full(25, 3_590_050.0)
    watch = Watch()
    routes = routing.route(x, y, progress=watch.progress)
    assert {r.grid_code for r in routes} == {"321012100001001"}
    assert watch.fractions == [0.4, 0.8, 1.0]
    with pytest.raises(CanceledError):
        routing.route(x, y, progress=Watch(after=0.4).progress)

    watch = Watch()
    workflow_report.report(store, progress=watch.progress)
    assert watch.fractions == [0.9]
    with pytest.raises(CanceledError):
        workflow_report.report(store, progress=Watch(after=0.9).progress)
