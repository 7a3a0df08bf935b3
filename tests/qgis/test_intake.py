"""Reports in QGIS: the report form in the store's project and in an officer's field
project (widgets QField supports, the category's items only, photos), a report saved
from QGIS without the plugin routed by the store, and the field package's round trip
through the two algorithms."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from qgis.core import (
    QgsAttributeEditorContainer,
    QgsAttributeEditorRelation,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsVectorLayer,
    QgsVectorLayerUtils,
)

from jiangdu_grid_plugin.core.store import open_store
from jiangdu_grid_plugin.gui.incident_model import local_time
from jiangdu_grid_plugin.maps.project import save_project_in_store
from tests.core.activity_fixture import OX, OY
from tests.core.intake_fixture import build_district, dispatched
from tests.core.test_field_package import add_feedback, add_report
from tests.core.test_intake_photos import jpeg
from tests.qgis.running import in_postgis, run_algorithm

# The widgets QField shows (https://docs.qfield.org, "Attributes form"), and the two the
# desktop adds for photos kept in the store.
QFIELD_WIDGETS = {
    "TextEdit",
    "ValueRelation",
    "ValueMap",
    "DateTime",
    "Hidden",
    "ExternalResource",
    "RelationEditor",
    "UuidGenerator",
}
DESKTOP_ONLY = {"Binary"}


@pytest.fixture
def district(tmp_path):
    path = build_district(tmp_path / "district.gpkg")
    with open_store(path) as store:
        dispatched(store, 30, 40)
    return path


@pytest.fixture
def project(district):
    project = save_project_in_store(district, QgsProject.instance())
    yield project
    project.clear()


def layer_named(project, name) -> QgsVectorLayer:
    (layer,) = project.mapLayersByName(name)
    return layer


def widgets(layer) -> dict[str, tuple[str, dict]]:
    return {
        field.name(): (field.editorWidgetSetup().type(), field.editorWidgetSetup().config())
        for field in layer.fields()
    }


def tabs(layer) -> dict[str, list[str]]:
    found = {}
    for tab in layer.editFormConfig().tabs():
        assert isinstance(tab, QgsAttributeEditorContainer)
        found[tab.name()] = [child.name() for child in tab.children()]
    return found


def test_the_stores_project_carries_the_report_form(project):
    incidents = layer_named(project, "事件")
    kinds = widgets(incidents)
    categories, catalog = layer_named(project, "事件大类"), layer_named(project, "事件责任清单")
    assert kinds["category_code"][0] == "ValueRelation"
    assert kinds["category_code"][1]["Layer"] == categories.id()
    assert (kinds["catalog_code"][1]["Layer"], kinds["catalog_code"][1]["Key"]) == (
        catalog.id(),
        "code",
    )
    assert (
        "\"category_code\" = current_value('category_code')"
        in (kinds["catalog_code"][1]["FilterExpression"])
    )
    assert kinds["description"] == ("TextEdit", {"IsMultiline": True, "UseHtml": False})
    assert kinds["step"][1]["map"][0] == {"采集上报": "reported"}
    assert {k for k, _ in kinds.values()} <= QFIELD_WIDGETS
    assert tabs(incidents) == {
        "上报": ["category_code", "catalog_code", "description", "address", "incident_photos"],
        "附近事件": ["nearby"],
        "系统填写": [
            "ticket",
            "reported_at_cst",
            "step",
            "source",
            "grid_code",
            "town_code",
            "route_rule",
            "duplicate_of",
            "deadline_at_cst",
            "reporter_name",
            "reporter_phone",
            "reported_by",
        ],
    }
    # Times in China time (the store keeps UTC).
    (feature,) = incidents.getFeatures()
    with open_store(project.fileName().split(":", 1)[1].split("?")[0]) as store:
        reported = store.incident(feature["fid"])["reported_at"]
    assert feature["reported_at_cst"] == local_time(reported)
    assert incidents.attributeDisplayName(incidents.fields().indexOf("reported_at_cst")) == (
        "上报时间（北京时间）"
    )
    config = incidents.editFormConfig()
    index = incidents.fields().indexOf
    assert config.readOnly(index("ticket")) and not config.readOnly(index("description"))
    assert incidents.fields().field("category_code").alias() in ("", "事件大类")
    (relation,) = project.relationManager().relations().values()
    assert relation.isValid()
    assert relation.referencingLayer() == layer_named(project, "事件照片")
    assert relation.fieldPairs() == {"incident_id": "fid"}
    element = next(
        c for c in config.tabs()[0].children() if isinstance(c, QgsAttributeEditorRelation)
    )
    assert element.relation().id() == relation.id()
    photos = widgets(layer_named(project, "事件照片"))
    assert photos["content"][0] == "Binary"
    assert {k for k, _ in photos.values()} <= QFIELD_WIDGETS | DESKTOP_ONLY


def test_the_item_list_follows_the_chosen_category(project):
    from qgis.core import QgsFeature, QgsValueRelationFieldFormatter

    incidents = layer_named(project, "事件")
    config = incidents.fields().field("catalog_code").editorWidgetSetup().config()
    form = QgsFeature(incidents.fields())
    form["category_code"] = "02"
    chosen = QgsValueRelationFieldFormatter.createCache(config, form)
    assert [(item.key, item.value) for item in chosen] == [("02001", "乱堆物料")]
    form["category_code"] = None
    everything = QgsValueRelationFieldFormatter.createCache(config, form)
    assert sorted(item.key for item in everything) == ["01001", "01002", "02001"]


def test_the_form_names_the_open_incidents_around_a_new_report(project):
    from qgis.core import QgsExpression, QgsExpressionContext, QgsExpressionContextUtils

    from jiangdu_grid_plugin.maps.forms import nearby_html

    incidents = layer_named(project, "事件")
    code = nearby_html(incidents, layer_named(project, "事件责任清单"))
    (escaped,) = re.findall(r'expression\.evaluate\("(.*)"\)\);', code)
    expression = QgsExpression(escaped.replace('\\"', '"'))
    assert not expression.hasParserError(), expression.parserErrorString()

    def around(x, y):
        feature = QgsVectorLayerUtils.createFeature(
            incidents, QgsGeometry.fromPointXY(QgsPointXY(OX + x, OY + y)), {}
        )
        context = QgsExpressionContext(
            QgsExpressionContextUtils.globalProjectLayerScopes(incidents)
        )
        context.setFeature(feature)
        return expression.evaluate(context)

    (ticket,) = [f["ticket"] for f in incidents.getFeatures()]
    assert re.fullmatch(rf"{ticket} · 井盖破损 · 指挥派遣 · \d\d-\d\d \d\d:\d\d", around(50, 50))
    assert around(350, 150) == "附近200米内没有在办事件"


def test_a_report_saved_from_qgis_without_the_plugin_is_routed(district):
    layer = QgsVectorLayer(f"{district}|layername=incidents", "incidents", "ogr")
    index = layer.fields().indexOf
    layer.startEditing()
    feature = QgsVectorLayerUtils.createFeature(
        layer,
        QgsGeometry.fromPointXY(QgsPointXY(OX + 150, OY + 60)),
        {index("catalog_code"): "01002", index("description"): "路灯不亮"},
    )
    assert layer.addFeature(feature)
    assert layer.commitChanges(), layer.commitErrors()
    with open_store(district) as store:
        report = store.rows("incidents")[-1]
        assert (report["grid_code"], report["route_rule"], report["step"]) == (
            "321012100001002",
            "inside",
            "reported",
        )
        assert report["ticket"].startswith("JD") and report["source"] == "patrol"
        assert [s["to_step"] for s in store.incident_history(report["fid"])] == ["reported"]
    layer.startEditing()
    bare = QgsVectorLayerUtils.createFeature(
        layer, QgsGeometry.fromPointXY(QgsPointXY(OX + 150, OY + 60)), {}
    )
    layer.addFeature(bare)
    assert not layer.commitChanges()
    assert "上报事件须选择事件责任清单中的事项" in " ".join(layer.commitErrors())
    assert layer.editBuffer() is not None and len(layer.editBuffer().addedFeatures()) == 1
    layer.rollBack()


def test_the_field_project_opens_offline_with_the_form(district, tmp_path, provider):
    result, _ = run_algorithm(
        "package_for_field",
        {"GEOPACKAGE": str(district), "OFFICER": 1, "OUTPUT": str(tmp_path / "field")},
    )
    assert result["INCIDENTS"] == 1
    assert result["PROJECT"].endswith("field_P001.qgs")
    saved = Path(result["PROJECT"]).read_text()
    assert "./field_P001.gpkg|layername=incidents" in saved
    # The form's photos are tied to the project's relation (not to QgsProject.instance()'s).
    assert re.search(r'<attributeEditorRelation [^>]*relation="incident_photos"', saved)
    project = QgsProject()
    assert project.read(result["PROJECT"])
    layers = {layer.name(): layer for layer in project.mapLayers().values()}
    assert all(layer.isValid() for layer in layers.values())
    assert layers["事件上报"].featureCount() == 1 and layers["我的网格"].featureCount() == 1
    assert layers["我的网格"].readOnly() and not layers["事件上报"].readOnly()
    rules = layers["事件上报"].renderer().rootRule().children()
    assert [(r.label(), r.filterExpression(), r.isElse()) for r in rules] == [
        ("新上报", '"store_fid" IS NULL', False),
        ("已反馈", '"feedback_note" IS NOT NULL AND trim("feedback_note") <> \'\'', False),
        ("待处置（已派遣）", "ELSE", True),
    ]
    kinds = widgets(layers["事件上报"])
    assert {k for k, _ in kinds.values()} <= QFIELD_WIDGETS
    assert list(tabs(layers["事件上报"])) == ["上报", "处理反馈", "系统填写"]
    photo = widgets(layers["照片"])["path"]
    assert (photo[0], photo[1]["RelativeStorage"], photo[1]["DocumentViewer"]) == (
        "ExternalResource",
        1,
        1,
    )
    assert {k for k, _ in widgets(layers["照片"]).values()} <= QFIELD_WIDGETS
    (relation,) = project.relationManager().relations().values()
    assert relation.isValid() and relation.fieldPairs() == {"report_uuid": "report_uuid"}
    uuid = layers["事件上报"].fields().indexOf("report_uuid")
    assert layers["事件上报"].defaultValueDefinition(uuid).expression() == ("uuid('WithoutBraces')")
    project.clear()


@pytest.mark.parametrize("backend", ["gpkg", "postgis"])
def test_three_reports_come_back_once_and_only_once(request, district, tmp_path, provider, backend):
    store = str(district)
    if backend == "postgis":
        request.getfixturevalue("connection")
        _, store = in_postgis(district, f"jd_field_{tmp_path.name[-8:]}".replace("-", "_"))
    result, _ = run_algorithm(
        "package_for_field", {"GEOPACKAGE": store, "OFFICER": 1, "OUTPUT": str(tmp_path / "f")}
    )
    package = result["PACKAGE"]
    add_report(Path(package), 20, 20, photos=[("IMG_1.jpg", jpeg(), "report")])
    add_report(Path(package), 60, 70, item="01002", text="路灯不亮")
    add_report(Path(package), 250, 50, item="02001", text="乱堆建材")
    add_feedback(Path(package), "已修复", photos=[("IMG_2.jpg", jpeg(), "after")])
    table = str(tmp_path / "outcome.gpkg")
    first, messages = run_algorithm(
        "import_field_reports", {"GEOPACKAGE": store, "INPUT": package, "OUTPUT": table}
    )
    assert (first["IMPORTED"], first["HANDLED"], first["CONFLICTS"]) == (3, 1, 0), messages
    with sqlite3.connect(table) as connection:
        rows = connection.execute(
            "SELECT kind, outcome, ticket IS NOT NULL, photos FROM outcome ORDER BY package_row"
        ).fetchall()
    assert rows == [("feedback", "handled", 1, 1)] + [
        ("report", "imported", 1, n) for n in (1, 0, 0)
    ]
    again, _ = run_algorithm(
        "import_field_reports",
        {"GEOPACKAGE": store, "INPUT": package, "OUTPUT": str(tmp_path / "again.gpkg")},
    )
    assert (again["IMPORTED"], again["HANDLED"], again["CONFLICTS"]) == (0, 0, 0)
    opened = open_store(district) if backend == "gpkg" else None
    if opened is not None:
        with opened:
            assert opened.count("incidents") == 4
            assert opened.incident(1)["step"] == "handled"
            assert opened.count("incident_attachments") == 2


def test_a_package_that_is_no_package_is_refused_in_the_users_words(district, provider):
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="is not a field package"):
        run_algorithm(
            "import_field_reports",
            {"GEOPACKAGE": str(district), "INPUT": str(district), "OUTPUT": "TEMPORARY_OUTPUT"},
        )
    with pytest.raises(QgsProcessingException, match="has no officer 42"):
        run_algorithm(
            "package_for_field",
            {"GEOPACKAGE": str(district), "OFFICER": 42, "OUTPUT": "TEMPORARY_OUTPUT"},
        )
