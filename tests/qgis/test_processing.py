"""The provider's algorithms from Processing, and from qgis_process."""

from __future__ import annotations

import pytest
from qgis.core import (
    QgsProcessingException,
    QgsVectorLayer,
)

from tests.qgis.running import run_algorithm


def run(name, parameters):
    return run_algorithm(name, parameters)[0]


def test_algorithms_have_stable_ids_and_help(provider):
    ids = sorted(a.id() for a in provider.algorithms())
    assert ids == [
        "jiangdu_grid:convert_chinese_coordinates",
        "jiangdu_grid:copy_store",
        "jiangdu_grid:copy_store_to_geopackage",
        "jiangdu_grid:create_store",
        "jiangdu_grid:density_by_town",
        "jiangdu_grid:escalate_overdue",
        "jiangdu_grid:export_open311",
        "jiangdu_grid:geocode_facility_codes",
        "jiangdu_grid:hotline_replies",
        "jiangdu_grid:import_field_reports",
        "jiangdu_grid:import_hotline",
        "jiangdu_grid:import_open311",
        "jiangdu_grid:move_incidents",
        "jiangdu_grid:package_for_field",
        "jiangdu_grid:route_incidents",
        "jiangdu_grid:upgrade_store",
        "jiangdu_grid:validate_grids",
        "jiangdu_grid:workflow_report",
    ]
    for algorithm in provider.algorithms():
        assert algorithm.shortHelpString()
        assert algorithm.createInstance() is not algorithm


def test_numbers_show_as_many_decimals_as_they_have(provider):
    """500, not 500.000000: whole quantities are integers, others name their decimals."""
    from qgis.core import QgsProcessingParameterNumber

    shown = {}
    for algorithm in provider.algorithms():
        for parameter in algorithm.parameterDefinitions():
            if isinstance(parameter, QgsProcessingParameterNumber):
                decimals = parameter.metadata().get("widget_wrapper", {}).get("decimals")
                whole = parameter.dataType() == QgsProcessingParameterNumber.Type.Integer
                shown[f"{algorithm.name()}:{parameter.name()}"] = 0 if whole else decimals
    assert shown == {
        "density_by_town:RADIUS": 0,
        "density_by_town:PIXEL_SIZE": 0,
        "package_for_field:OFFICER": 0,
        "route_incidents:TOLERANCE": 0,
        "validate_grids:TOLERANCE": 1,
    }


def test_create_store_asks_for_a_file(provider):
    from qgis.core import QgsProcessingContext, QgsProcessingOutputLayerDefinition

    algorithm = provider.algorithm("create_store")
    context = QgsProcessingContext()
    for value in (None, "TEMPORARY_OUTPUT", QgsProcessingOutputLayerDefinition("TEMPORARY_OUTPUT")):
        ok, message = algorithm.checkParameterValues({"OUTPUT": value}, context)
        assert not ok and message.startswith("Choose where to save the new grid store")
    assert algorithm.checkParameterValues({"OUTPUT": "/data/new.gpkg"}, context)[0]


def test_create_store_makes_styled_layers_in_epsg_4549(provider, tmp_path):
    path = tmp_path / "new.gpkg"
    result = run("create_store", {"OUTPUT": str(path)})
    assert result["OUTPUT"] == str(path)
    layer = QgsVectorLayer(f"{path}|layername=grids", "grids", "ogr")
    assert layer.isValid()
    assert layer.crs().authid() == "EPSG:4549"
    assert layer.featureCount() == 0
    # The default style from layer_styles: its renderer and the Chinese field names.
    in_force = layer.renderer().rootRule().children()[0]  # retired grids are not drawn
    assert in_force.filterExpression() == "\"status\" = 'active'"
    assert in_force.symbol().symbolLayer(0).strokeWidth() == pytest.approx(0.18)
    assert layer.attributeDisplayName(layer.fields().indexOf("code")) == "网格编码"
    assert layer.labelsEnabled()


def test_create_store_refuses_to_overwrite_without_being_told(provider, tmp_path):
    path = tmp_path / "new.gpkg"
    run("create_store", {"OUTPUT": str(path)})
    with pytest.raises(QgsProcessingException, match="already exists"):
        run("create_store", {"OUTPUT": str(path)})
    run("create_store", {"OUTPUT": str(path), "OVERWRITE": True})


def test_qgis_process_lists_and_runs_the_provider(qgis_process, tmp_path):
    listing = qgis_process("list")
    assert listing.returncode == 0, listing.stderr
    assert "jiangdu_grid:create_store" in listing.stdout
    path = tmp_path / "from_cli.gpkg"
    result = qgis_process("run", "jiangdu_grid:create_store", "--", f"OUTPUT={path}")
    assert result.returncode == 0, result.stdout + result.stderr
    assert path.is_file()
    again = qgis_process("run", "jiangdu_grid:create_store", "--", f"OUTPUT={path}")
    assert again.returncode != 0
    assert "already exists" in again.stdout + again.stderr


def test_escalation_runs_only_when_asked_and_dry_runs_write_nothing(
    provider, tmp_path, qgis_process
):
    from tests.qgis.test_supervisor_dock import T0, incident, three_incidents

    store = three_incidents(tmp_path / "district.gpkg")
    before = store.read_bytes()
    as_of = (T0.replace(tzinfo=None).isoformat(timespec="seconds")).replace("01:00", "06:00")
    result, messages = run_algorithm(
        "escalate_overdue", {"GEOPACKAGE": str(store), "AS_OF": as_of + "Z", "DRY_RUN": True}
    )
    assert result["ESCALATED"] == 1 and store.read_bytes() == before
    assert "B → the community's grid leader" in messages
    assert "1 overdue incidents would be escalated (dry run: nothing written)." in messages
    assert incident(store, "B")[0]["escalation"] is None
    scheduled = qgis_process(
        "run", "jiangdu_grid:escalate_overdue", "--", f"GEOPACKAGE={store}", f"AS_OF={as_of}Z"
    )
    assert scheduled.returncode == 0, scheduled.stdout + scheduled.stderr
    assert incident(store, "B")[0]["escalation"] == "community"
    again, messages = run_algorithm(
        "escalate_overdue", {"GEOPACKAGE": str(store), "AS_OF": as_of + "Z"}
    )
    assert again["ESCALATED"] == 0 and "0 overdue incidents escalated." in messages


def test_readers_refuse_an_old_store_and_upgrade_store_upgrades_it(provider, tmp_path, monkeypatch):
    """A store of this plugin, opened by the next version (one more column in grids)."""
    import sys

    from jiangdu_grid_plugin.core.store import migrations, schema
    from tests.core.routing_fixture import build_store_file

    store = build_store_file(tmp_path / "old.gpkg")
    old, new = schema.SCHEMA_VERSION, schema.SCHEMA_VERSION + 1
    note = migrations.AddColumn("grids", schema.Column("note", "TEXT"))
    for name, module in list(sys.modules.items()):
        if name.startswith("jiangdu_grid_plugin.core.store.") and module is not schema:
            for attribute, value in (("SCHEMA_VERSION", new), ("MIGRATIONS", {old: (note,)})):
                if hasattr(module, attribute):
                    monkeypatch.setattr(module, attribute, value)
    before = store.read_bytes()
    with pytest.raises(
        QgsProcessingException, match=r"needs \d+\. Upgrade it .*\(jiangdu_grid:upgrade_store\)"
    ):
        run("workflow_report", {"GEOPACKAGE": str(store), "OUTPUT": str(tmp_path / "r.csv")})
    assert store.read_bytes() == before
    result, messages = run_algorithm("upgrade_store", {"GEOPACKAGE": str(store)})
    assert result["VERSION"] == new
    upgraded = f"{store} was upgraded from schema version {old} to {new}."
    assert upgraded in messages
    _, messages = run_algorithm("upgrade_store", {"GEOPACKAGE": str(store)})
    assert f"{store} is up to date (schema version {new})." in messages
    assert upgraded not in messages
