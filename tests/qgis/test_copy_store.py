"""jiangdu_grid:copy_store through a QGIS PostgreSQL connection whose password lives in an
authentication configuration, and QGIS reading the copy with its style."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

import numpy as np
import psycopg
import pytest
from qgis.core import (
    QgsDataSourceUri,
    QgsHeatmapRenderer,
    QgsProcessingException,
    QgsProject,
    QgsProviderRegistry,
    QgsSettings,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QCoreApplication, QDateTime, QEvent, Qt

from jiangdu_grid_plugin.core.store import open_store
from tests.core.routing_fixture import build_store_file
from tests.qgis.running import CONNECTION, in_postgis, run_algorithm, wait_for_tasks
from tools.postgres_server import PASSWORD


def test_a_store_copied_to_postgis_and_back(provider, postgres, connection, tmp_path):
    store = build_store_file(tmp_path / "district.gpkg")
    with open_store(store) as source:
        source.set_style("grids", "默认", '<qgis version="3.22"><renderer-v2 type="null"/></qgis>')
    result, messages = run_algorithm(
        "copy_store",
        {
            "INPUT": str(store),
            "CONNECTION": CONNECTION,
            "SCHEMA": "jd_qgis",
            "ROLES": True,
        },
    )
    assert result["SCHEMA"] == "jd_qgis"
    assert "Copied grids" in messages
    assert "124 rows in 23 tables copied" in messages
    assert (
        "Roles: jd_qgis_supervisor, jd_qgis_command_centre, jd_qgis_town_staff, "
        "jd_qgis_gis_editor; give town staff their towns in jd_qgis.staff_towns" in messages
    )
    # QGIS reads the PostGIS layer through the same connection, with the copied style.
    uri = QgsDataSourceUri(
        f"dbname='postgres' host=127.0.0.1 port={postgres.port} sslmode=disable "
        f'authcfg={connection} table="jd_qgis"."grids" (geom)'
    )
    grids = QgsVectorLayer(uri.uri(False), "grids", "postgres")
    assert grids.isValid() and grids.featureCount() == 8
    assert grids.crs().authid() == "EPSG:4549"
    related, _, names, _, _ = grids.listStylesInDatabase()  # this layer's, then others'
    assert names[:related] == ["默认"]
    assert grids.loadDefaultStyle()[1]  # QGIS applies it when it opens the layer
    back = tmp_path / "back.gpkg"
    result, _ = run_algorithm(
        "copy_store_to_geopackage",
        {"CONNECTION": CONNECTION, "SCHEMA": "jd_qgis", "OUTPUT": str(back)},
    )
    assert result["OUTPUT"] == str(back)
    with open_store(back) as copy:
        assert [r["code"] for r in copy.rows("grids", ["code"])][:2] == [
            "321012100001001",
            "321012100001002",
        ]
    # No password went into QGIS's settings.
    settings = QgsSettings()
    assert all(PASSWORD not in str(settings.value(k)) for k in settings.allKeys())


def test_wrong_inputs_are_named(provider, connection, tmp_path, monkeypatch):
    from jiangdu_grid_plugin.toolbelt import stores

    store = build_store_file(tmp_path / "district.gpkg")
    with pytest.raises(QgsProcessingException, match="no PostgreSQL connection named nowhere"):
        run_algorithm("copy_store", {"INPUT": str(store), "CONNECTION": "nowhere", "SCHEMA": "x"})
    monkeypatch.setattr(stores, "current_store", lambda project=None: None)
    with pytest.raises(QgsProcessingException, match="Incorrect parameter value for INPUT"):
        run_algorithm("copy_store", {"CONNECTION": CONNECTION, "SCHEMA": "x"})
    with pytest.raises(QgsProcessingException, match="the database has no schema absent"):
        run_algorithm(
            "copy_store_to_geopackage",
            {"CONNECTION": CONNECTION, "SCHEMA": "absent", "OUTPUT": str(tmp_path / "x.gpkg")},
        )
    # A script from when both directions were one form is sent to the new algorithm.
    with pytest.raises(QgsProcessingException, match="run jiangdu_grid:copy_store_to_geopack"):
        run_algorithm(
            "copy_store",
            {
                "DIRECTION": 1,
                "CONNECTION": CONNECTION,
                "SCHEMA": "jd_qgis",
                "OUTPUT": str(tmp_path / "x.gpkg"),
            },
        )
    with pytest.raises(QgsProcessingException, match="Choose where to save the GeoPackage"):
        run_algorithm(
            "copy_store_to_geopackage",
            {"CONNECTION": CONNECTION, "SCHEMA": "jd_qgis", "OUTPUT": "TEMPORARY_OUTPUT"},
        )


def test_one_direction_per_form_starting_with_the_current_store(provider, tmp_path, monkeypatch):
    from jiangdu_grid_plugin.toolbelt import stores

    monkeypatch.setattr(stores, "current_store", lambda project=None: "/data/district.gpkg")
    to_postgis = provider.algorithm("copy_store").createInstance()
    to_postgis.initAlgorithm()
    shown = [
        p.name() for p in to_postgis.parameterDefinitions() if not p.flags() & p.Flag.FlagHidden
    ]
    assert shown == ["INPUT", "CONNECTION", "SCHEMA", "OVERWRITE", "PROJECT", "ROLES"]
    assert to_postgis.parameterDefinition("INPUT").defaultValue() == "/data/district.gpkg"
    back = provider.algorithm("copy_store_to_geopackage").createInstance()
    back.initAlgorithm()
    assert [p.name() for p in back.parameterDefinitions()] == [
        "CONNECTION",
        "SCHEMA",
        "OVERWRITE",
        "OUTPUT",
    ]
    monkeypatch.setattr(stores, "current_store", lambda project=None: "postgres:office/jiangdu")
    to_postgis = provider.algorithm("copy_store").createInstance()
    to_postgis.initAlgorithm()
    assert to_postgis.parameterDefinition("INPUT").defaultValue() is None


def test_route_incidents_runs_on_the_postgis_copy(provider, connection, tmp_path):
    from tests.qgis.test_route_incidents import layer, point

    locations = in_postgis(build_store_file(tmp_path / "district.gpkg"), "jd_route")
    when = QDateTime(2019, 6, 3, 9, 30, 0, 0, Qt.LocalTime)
    features = [
        (point(10, 20), ["01001", when, None]),
        (point(100, 50), [None, when, None]),
        (point(405, 100), ["01001", when, None]),
        (point(-500, 0), [None, when, None]),
    ]
    outputs = {}
    for name, location in zip(("gpkg", "postgis"), locations):
        result, messages = run_algorithm(
            "route_incidents",
            {
                "INPUT": layer(features),
                "GEOPACKAGE": location,
                "CATEGORY_FIELD": "item",
                "TIME_FIELD": "reported",
                "OUTPUT": "memory:",
            },
        )
        outputs[name] = [f.attributes() for f in result["OUTPUT"].getFeatures()]
    assert outputs["postgis"] == outputs["gpkg"]
    names = [f.name() for f in result["OUTPUT"].fields()]
    assert [row[names.index("rule")] for row in outputs["postgis"]] == [
        "inside",
        "on_boundary",
        "nearest",
        "unroutable",
    ]
    assert f"Routing 4 features with postgres:{CONNECTION}/jd_route" in messages
    with pytest.raises(QgsProcessingException, match="Name a PostGIS store as"):
        run_algorithm(
            "route_incidents",
            {"INPUT": layer(features), "GEOPACKAGE": "postgres:jd_route", "OUTPUT": "memory:"},
        )


def test_density_by_town_runs_on_the_postgis_copy(provider, connection, tmp_path):
    from tests.core.activity_fixture import add_activity
    from tests.qgis.test_density_by_town import features, read_raster

    locations = in_postgis(add_activity(build_store_file(tmp_path / "district.gpkg")), "jd_density")
    results = {}
    for name, location in zip(("gpkg", "postgis"), locations):
        folder = tmp_path / name
        folder.mkdir()
        result, messages = run_algorithm(
            "density_by_town",
            {
                "GEOPACKAGE": location,
                "PERIOD_START": "2019-06-01",
                "RADIUS": 50.0,
                "PIXEL_SIZE": 5.0,
                "DENSITY": str(folder / "density.tif"),
                "TOWNS": str(folder / "towns.gpkg"),
                "GRIDS": str(folder / "grids.gpkg"),
            },
        )
        towns = features(result["TOWNS"])
        results[name] = (
            {code: f.attributes()[1:] for code, f in towns.items()},
            read_raster(result["DENSITY"])[0],
            [m for m in messages if m.endswith("points")],
        )
    assert results["postgis"][0] == results["gpkg"][0]
    assert results["postgis"][2] == results["gpkg"][2] != []
    assert (results["postgis"][1] == results["gpkg"][1])[~np.isnan(results["gpkg"][1])].all()


def test_workflow_report_runs_on_the_postgis_copy(provider, connection, tmp_path):
    from tests.core.activity_fixture import add_activity

    locations = in_postgis(add_activity(build_store_file(tmp_path / "district.gpkg")), "jd_report")
    rows = {}
    for name, location in zip(("gpkg", "postgis"), locations):
        result, _ = run_algorithm(
            "workflow_report",
            {
                "GEOPACKAGE": location,
                "GROUP_BY": 1,  # each town
                "AS_OF": "2019-07-01T00:00:00",
                "OUTPUT": str(tmp_path / f"{name}.gpkg"),
            },
        )
        table = QgsVectorLayer(result["OUTPUT"], "report", "ogr")
        rows[name] = [f.attributes()[1:] for f in table.getFeatures()]
    assert rows["postgis"] == rows["gpkg"]
    assert [row[0] for row in rows["gpkg"]] == ["321012100", "321012101"]


def test_the_supervisors_dock_works_on_the_postgis_copy(
    provider, iface, connection, tmp_path, monkeypatch
):
    from qgis.PyQt.QtWidgets import QDialog

    from jiangdu_grid_plugin.gui.move_dialog import MoveDialog
    from jiangdu_grid_plugin.toolbelt import settings
    from tests.qgis.test_supervisor_dock import (
        T0,
        choose,
        figures,
        open_dock,
        settle,
        three_incidents,
        tickets,
    )

    _, name = in_postgis(three_incidents(tmp_path / "district.gpkg"), "jd_dock")
    uri = QgsDataSourceUri(
        QgsProviderRegistry.instance().providerMetadata("postgres").findConnection(CONNECTION).uri()
    )
    uri.setDataSource("jd_dock", "incidents", "geom", "", "fid")
    incidents = QgsVectorLayer(uri.uri(False), "incidents", "postgres")
    QgsProject.instance().addMapLayer(incidents)
    dock = open_dock(iface, name, T0 + timedelta(hours=5))  # B is an hour overdue
    try:
        assert dock.store_path() == name
        assert tickets(dock) == ["B", "C", "A"]
        dock.ui.townBox.setCurrentIndex(dock.ui.townBox.findData("321012101"))
        settle(dock)
        assert tickets(dock) == ["C"]
        assert incidents.subsetString() == "town_code = '321012101'"
        assert incidents.featureCount() == 1
        dock.ui.townBox.setCurrentIndex(0)
        settle(dock)
        assert incidents.subsetString() == "" and incidents.featureCount() == 3
        assert {"closed 1", "in progress 2", "closure rate 33.33%"} <= set(figures(dock))
        settings.save("command_centre", "指挥员乙", None)
        choose(dock, "A")
        assert "321012100001001" in dock.ui.detailView.toHtml()  # routed on PostGIS
        assert [b.text() for b in dock.buttons] == ["Dispatch", "Escalate"]
        offered = []

        def accept(dialog):  # whom the dispatch dialog offers: the unit routed on PostGIS
            offered.append(dialog.assignee.currentText())
            return QDialog.DialogCode.Accepted

        monkeypatch.setattr(MoveDialog, "exec", accept)
        dock.buttons[0].click()
        wait_for_tasks()
        assert offered == [f"{dict(dock.supervision.choices.units)['046']} (046) (as routed)"]
        assert "A saved." in dock.messages
        assert "Dispatched 2" in figures(dock)
    finally:
        wait_for_tasks()
        settings.save("supervisor", "", None)
        dock.dispose()
        dock.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)  # gone now
        QgsProject.instance().removeAllMapLayers()


def test_geocoding_runs_on_the_postgis_copy(provider, connection, tmp_path):
    from tests.qgis.test_geocode_facility_codes import ROWS, write_csv

    locations = in_postgis(build_store_file(tmp_path / "district.gpkg"), "jd_geocode")
    source = write_csv(tmp_path / "list.csv")
    outputs = {}
    for name, location in zip(("gpkg", "postgis"), locations):
        result, _ = run_algorithm(
            "geocode_facility_codes",
            {
                "INPUT": str(source),
                "CODE_FIELD": "部件编码",
                "GEOPACKAGE": location,
                "OUTPUT": str(tmp_path / f"{name}_placed.gpkg"),
                "ERRORS": str(tmp_path / f"{name}_errors.gpkg"),
            },
        )
        outputs[name] = [
            [(f.attributes()[1:], f.geometry().asWkt()) for f in QgsVectorLayer(uri).getFeatures()]
            for uri in (result["OUTPUT"], result["ERRORS"])
        ]
    assert outputs["postgis"] == outputs["gpkg"]
    placed, errors = outputs["postgis"]
    assert len(placed) == 2 and len(placed) + len(errors) == len(ROWS)


def test_validate_grids_runs_on_the_postgis_copy(provider, connection, tmp_path):
    from tests.qgis.test_validate_grids import broken_layer, problems

    locations = in_postgis(build_store_file(tmp_path / "district.gpkg"), "jd_validate")
    found = {}
    for name, location in zip(("gpkg", "postgis"), locations):
        result, _ = run_algorithm(
            "validate_grids",
            {
                "GEOPACKAGE": location,
                "INPUT": broken_layer(),
                "OUTPUT": str(tmp_path / f"{name}.gpkg"),
            },
        )
        found[name] = [(rule, codes, g.asWkt(3)) for rule, codes, g in problems(result["OUTPUT"])]
    assert found["postgis"] == found["gpkg"]
    assert {rule for rule, _, _ in found["postgis"]} >= {"overlap", "gap", "outside_community"}


def test_the_hotline_import_runs_on_the_postgis_copy(provider, connection, postgres, tmp_path):
    from tests.qgis.test_hotline_and_coordinates import OX, OY, PARAMETERS, hotline_file

    locations = in_postgis(build_store_file(tmp_path / "district.gpkg", (OX, OY)), "jd_hotline")
    source = hotline_file(tmp_path / "hotline.csv")
    outputs = {}
    for name, location in zip(("gpkg", "postgis"), locations):
        result, messages = run_algorithm(
            "import_hotline",
            dict(
                PARAMETERS,
                INPUT=str(source),
                GEOPACKAGE=location,
                OUTPUT=str(tmp_path / f"{name}_imported.gpkg"),
                ERRORS=str(tmp_path / f"{name}_errors.gpkg"),
            ),
        )
        assert "3 rows in = 2 imported + 1 not imported" in messages
        outputs[name] = [
            [(f.attributes()[1:], f.geometry().asWkt()) for f in QgsVectorLayer(uri).getFeatures()]
            for uri in (result["OUTPUT"], result["ERRORS"])
        ]
    assert outputs["postgis"] == outputs["gpkg"]
    with open_store(postgres.conninfo(), schema="jd_hotline") as store:
        incidents = {r["ticket"]: r for r in store.rows("incidents", ["ticket", "grid_code"])}
        steps = store.rows("incident_steps", ["incident_id", "to_step", "actor_role"])
    assert incidents["A-1"]["grid_code"] == "321012100001001"
    assert {(s["incident_id"], s["to_step"]) for s in steps} >= {
        (incidents["A-1"]["fid"], "reported"),
        (incidents["A-2"]["fid"], "reported"),
    }


def test_the_project_saved_in_postgis_opens_styled_and_keeps_no_password(
    provider, connection, postgres, tmp_path
):
    from jiangdu_grid_plugin.maps.atlas import ATLAS_NAME
    from jiangdu_grid_plugin.toolbelt.stores import project_store
    from tests.core.activity_fixture import add_activity

    store = add_activity(build_store_file(tmp_path / "district.gpkg"))
    _, messages = run_algorithm(
        "copy_store",
        {"INPUT": str(store), "CONNECTION": CONNECTION, "SCHEMA": "jd_project"},
    )
    uri = next(m for m in messages if m.startswith("Project saved as "))[17:]
    assert uri == (
        f"postgresql://127.0.0.1:{postgres.port}?authcfg={connection}&sslmode=disable"
        "&dbname=postgres&schema=jd_project&project=jiangdu"
    )
    project = QgsProject()
    assert project.read(uri)
    try:
        layers = {layer.name(): layer for layer in project.mapLayers().values()}
        # the atlas's own town outline, communities and two heatmaps; the form's 4 tables
        assert len(layers) == 20
        assert all(layer.isValid() for layer in layers.values())
        assert {layer.providerType() for layer in layers.values()} == {"postgres"}
        assert layers["基层网格"].featureCount() == 8
        assert isinstance(layers["事件热力图"].renderer(), QgsHeatmapRenderer)
        by_area = layers["镇事件密度（件/平方公里）"].renderer()
        assert by_area.classAttribute() == "incidents_per_km2"
        assert project.layoutManager().layoutByName(ATLAS_NAME).atlas().enabled()
        # The plugin's tools find the store the project reads.
        assert project_store(project) == f"postgres:{CONNECTION}/jd_project"
    finally:
        project.clear()
    with psycopg.connect(postgres.conninfo()) as db:
        content = db.execute(
            "SELECT content FROM jd_project.qgis_projects WHERE name = 'jiangdu'"
        ).fetchone()[0]
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        text = "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    assert f"authcfg={connection}" in text and PASSWORD not in text


def test_the_facility_locator_searches_the_postgis_copy(
    provider, iface, connection, tmp_path, monkeypatch
):
    from qgis.core import QgsFeedback, QgsLocatorContext

    from jiangdu_grid_plugin.gui.facility_locator import FacilityLocatorFilter
    from jiangdu_grid_plugin.toolbelt import stores

    _, name = in_postgis(build_store_file(tmp_path / "district.gpkg"), "jd_locator")
    monkeypatch.setattr(stores, "current_store", lambda project=None: name)
    locator = FacilityLocatorFilter(iface)
    locator.prepare("上水井", QgsLocatorContext())
    worker = locator.clone()  # QGIS searches with a clone of the prepared filter
    found = []
    worker.resultFetched.connect(found.append)
    worker.fetchResults("上水井", QgsLocatorContext(), QgsFeedback())
    assert [(r.displayString, r.description) for r in found] == [
        ("3210120101000001 上水井盖", "intact · 321012100001001"),
        ("3210120101000002 上水井盖", "lost · 321012100001002 · retired"),
    ]


def test_a_project_that_cannot_be_saved_is_reported_and_the_copy_stays(
    provider, connection, postgres, tmp_path, monkeypatch
):
    from jiangdu_grid_plugin.maps import project

    def refuse(*args, **kwargs):
        raise OSError("cannot save the project into PostGIS jd_no_project: disk full")

    monkeypatch.setattr(project, "save_project", refuse)
    _, messages = run_algorithm(
        "copy_store",
        {
            "DIRECTION": 0,
            "INPUT": str(build_store_file(tmp_path / "district.gpkg")),
            "CONNECTION": CONNECTION,
            "SCHEMA": "jd_no_project",
        },
    )
    assert "ERROR cannot save the project into PostGIS jd_no_project: disk full" in messages
    with open_store(postgres.conninfo(), schema="jd_no_project") as copy:
        assert copy.count("grids") == 8
