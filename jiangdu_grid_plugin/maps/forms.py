"""The report form (采集上报): the incidents layer's attribute form in the store's project
and in an officer's field project (field_project.py), the same form on the desktop and
in QField.

A drag-and-drop form with Chinese labels: the category, then the item (value relations
to the catalogue, the items of the chosen category only), the description and the
address; the photos (a relation editor on incident_attachments); what the store fills
(ticket, times, step, grid, route rule...) read-only. Only widgets QField supports:
TextEdit, ValueRelation, ValueMap, DateTime, Hidden, ExternalResource (the field
project's photo files) and RelationEditor; the desktop adds Binary (photo bytes kept in
the store) and HTML elements (the photo itself, and the open incidents nearby while a
report is made).
"""

from __future__ import annotations

from qgis.core import (
    QgsAttributeEditorContainer,
    QgsAttributeEditorElement,
    QgsAttributeEditorField,
    QgsAttributeEditorHtmlElement,
    QgsAttributeEditorRelation,
    QgsDefaultValue,
    QgsEditFormConfig,
    QgsEditorWidgetSetup,
    QgsFieldConstraints,
    QgsRelation,
    QgsRelationContext,
    QgsVectorLayer,
)

from ..core.reference_data import INCIDENT_STATES
from ..core.store.schema import ATTACHMENT_KINDS
from ..core.workflow_report import SOURCE_LABELS

RULE_LABELS = {"inside": "网格内", "on_boundary": "网格边界", "nearest": "最近网格（区界外）"}
KIND_LABELS = dict(zip(ATTACHMENT_KINDS, ("上报照片", "处置前", "处置后")))
OPEN_STEPS = tuple(s.code for s in INCIDENT_STATES if s.phase == "open")
NEARBY_METRES = 200
# What the officer fills, and what the store does (the tabs of the form).
REPORTED = ("category_code", "catalog_code", "description", "address")
FILLED = (
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
)
FEEDBACK = ("feedback_note", "feedback_at_cst")
# The store's times are UTC; QGIS 3.22 reads them as local times holding the UTC clock.
# The form shows each as China time, in a field computed from it (read only).
LOCAL_TIMES = (
    ("reported_at", "上报时间"),
    ("deadline_at", "处置时限"),
    ("feedback_at", "反馈时间"),
)
HIDDEN = (
    "fid",
    "report_uuid",
    "store_fid",
    "row_version",
    "located_by",
    "updated_at",
    "closed_at",
    "escalation",
)


def _set(layer: QgsVectorLayer, name: str, kind: str, config: dict | None = None) -> int:
    index = layer.fields().indexOf(name)
    if index >= 0:
        layer.setEditorWidgetSetup(index, QgsEditorWidgetSetup(kind, config or {}))
    return index


def _value_map(labels: dict[str, str]) -> dict:
    return {"map": [{label: value} for value, label in labels.items()]}


def value_relation(
    layer: QgsVectorLayer, name: str, lookup: QgsVectorLayer, key: str, value: str, where=""
) -> None:
    """A drop-down of `lookup`'s `value` storing its `key`, limited by `where`."""
    _set(
        layer,
        name,
        "ValueRelation",
        {
            "Layer": lookup.id(),
            "LayerName": lookup.name(),
            "LayerSource": lookup.source(),
            "LayerProviderName": lookup.providerType(),
            "Key": key,
            "Value": value,
            "FilterExpression": where,
            "AllowNull": True,
            "AllowMulti": False,
            "OrderByValue": False,
            "UseCompleter": False,
            "NofColumns": 1,
        },
    )


def _constraint(layer: QgsVectorLayer, name: str, expression: str, description: str) -> None:
    index = layer.fields().indexOf(name)
    if index < 0:
        return
    layer.setConstraintExpression(index, expression, description)
    layer.setFieldConstraint(
        index,
        QgsFieldConstraints.Constraint.ConstraintExpression,
        QgsFieldConstraints.ConstraintStrength.ConstraintStrengthHard,
    )


def _china_times(layer: QgsVectorLayer, times=LOCAL_TIMES) -> None:
    """A read-only field in China time beside each of the layer's times (hidden)."""
    from ..toolbelt import compat

    for name, alias in times:
        if layer.fields().indexOf(name) < 0:
            continue
        local = f"{name}_cst"
        if layer.fields().indexOf(local) < 0:
            layer.addExpressionField(
                f"format_date(to_datetime(\"{name}\") + to_interval('8 hours'), "
                "'yyyy-MM-dd HH:mm')",
                compat.field(local, "string"),
            )
        layer.setFieldAlias(layer.fields().indexOf(local), f"{alias}（北京时间）")
        _set(layer, local, "TextEdit", {"IsMultiline": False, "UseHtml": False})
        _set(layer, name, "Hidden")


def _fields(layer, names, parent) -> None:
    for name in names:
        index = layer.fields().indexOf(name)
        if index >= 0:
            parent.addChildElement(QgsAttributeEditorField(name, index, parent))


def _tab(name: str, root) -> QgsAttributeEditorContainer:
    tab = QgsAttributeEditorContainer(name, root)
    tab.setIsGroupBox(False)
    tab.setColumnCount(1)
    return tab


def _html(name: str, code: str, parent) -> QgsAttributeEditorElement:
    element = QgsAttributeEditorHtmlElement(name, parent)
    element.setHtmlCode(code)
    element.setShowLabel(False)
    return element


def nearby_html(incidents: QgsVectorLayer, catalog: QgsVectorLayer) -> str:
    """The open incidents within NEARBY_METRES of a report being made (its ticket still
    empty), nearest first: ticket, item, step and reported time of each."""
    steps = " ".join(
        f"WHEN \"step\" = '{s.code}' THEN '{s.label_zh}'"
        for s in INCIDENT_STATES
        if s.phase == "open"
    )
    item = f"attribute(get_feature('{catalog.id()}', 'code', \"catalog_code\"), 'name')"
    line = (
        f"\"ticket\" || ' · ' || coalesce({item}, '') || ' · ' || CASE {steps} END "
        "|| ' · ' || format_date(to_datetime(\"reported_at\") + to_interval('8 hours'), "
        "'MM-dd HH:mm')"
    )
    opened = '"step" IN (' + ", ".join(f"'{s}'" for s in OPEN_STEPS) + ")"
    expression = (
        'CASE WHEN "ticket" IS NULL THEN coalesce(array_to_string(overlay_nearest('
        f"layer:='{incidents.id()}', expression:={line}, filter:={opened}, limit:=5, "
        f"max_distance:={NEARBY_METRES}), '<br>'), '附近{NEARBY_METRES}米内没有在办事件') "
        "ELSE '' END"
    )
    escaped = expression.replace("\\", "\\\\").replace('"', '\\"')
    return (
        f"<div style='font-size:small'><b>附近{NEARBY_METRES}米内的在办事件</b>（同类事项"
        "在50米、24小时内将标为疑似重复）<br>"
        f'<script>document.write(expression.evaluate("{escaped}"));</script></div>'
    )


def configure_report_form(
    layer: QgsVectorLayer,
    categories: QgsVectorLayer,
    catalog: QgsVectorLayer,
    photos: QgsRelation | None = None,
    officers: QgsVectorLayer | None = None,
    nearby: bool = True,
) -> None:
    """The report form on an incidents layer (of the store, or of a field package: the
    fields one lacks are left out)."""
    value_relation(layer, "category_code", categories, "code", "name")
    value_relation(
        layer,
        "catalog_code",
        catalog,
        "code",
        "name",
        # Old incidents without a category still show their item.
        "current_value('category_code') IS NULL OR "
        "\"category_code\" = current_value('category_code')",
    )
    _set(layer, "description", "TextEdit", {"IsMultiline": True, "UseHtml": False})
    _set(layer, "feedback_note", "TextEdit", {"IsMultiline": True, "UseHtml": False})
    for name in (
        "address",
        "ticket",
        "grid_code",
        "town_code",
        "reporter_name",
        "reporter_phone",
        "duplicate_of",
    ):
        _set(layer, name, "TextEdit", {"IsMultiline": False, "UseHtml": False})
    _china_times(layer)
    _set(layer, "step", "ValueMap", _value_map({s.code: s.label_zh for s in INCIDENT_STATES}))
    _set(layer, "source", "ValueMap", _value_map({k: v.zh for k, v in SOURCE_LABELS.items()}))
    _set(layer, "route_rule", "ValueMap", _value_map(RULE_LABELS))
    if officers is not None:
        value_relation(layer, "reported_by", officers, "fid", "name")
    for name in HIDDEN + (() if officers is not None else ("reported_by",)):
        _set(layer, name, "Hidden")
    uuid = layer.fields().indexOf("report_uuid")
    if uuid >= 0:
        layer.setDefaultValueDefinition(uuid, QgsDefaultValue("uuid('WithoutBraces')"))
    # Only a new report must have them (old incidents without an item stay editable).
    known = "store_fid" if layer.fields().indexOf("store_fid") >= 0 else "ticket"
    new = f'"{known}" IS NOT NULL'
    _constraint(layer, "catalog_code", f'{new} OR "catalog_code" IS NOT NULL', "请选择事项")
    _constraint(
        layer,
        "description",
        f"{new} OR length(trim(coalesce(\"description\", ''))) > 0",
        "请填写事件描述",
    )
    layer.setDisplayExpression("coalesce(\"ticket\", '新上报')")
    config = layer.editFormConfig()
    config.setLayout(QgsEditFormConfig.EditorLayout.TabLayout)
    config.clearTabs()
    root = config.invisibleRootContainer()
    report = _tab("上报", root)
    _fields(layer, REPORTED, report)
    if photos is not None:
        element = QgsAttributeEditorRelation(photos, report)
        element.setLabel("照片")
        element.setRelationWidgetTypeId("relation_editor")
        report.addChildElement(element)
    config.addTab(report)
    if layer.fields().indexOf("feedback_note") >= 0:
        feedback = _tab("处理反馈", root)
        _fields(layer, FEEDBACK, feedback)
        config.addTab(feedback)
    if nearby:
        around = _tab("附近事件", root)
        around.addChildElement(_html("nearby", nearby_html(layer, catalog), around))
        config.addTab(around)
    filled = _tab("系统填写", root)
    _fields(layer, [n for n in FILLED if officers is not None or n != "reported_by"], filled)
    config.addTab(filled)
    for name in (*FILLED, "feedback_at_cst"):
        index = layer.fields().indexOf(name)
        if index >= 0:
            config.setReadOnly(index, True)
    layer.setEditFormConfig(config)


def bind_relations(layer: QgsVectorLayer, project) -> None:
    """Tie the form's relation editors to `project`'s relations: QGIS looks them up in
    QgsProject.instance(), which a field project written by Processing is not (they
    would be saved without their relation)."""
    config = layer.editFormConfig()
    for tab in config.tabs():
        for child in tab.children():
            if isinstance(child, QgsAttributeEditorRelation):
                child.init(project.relationManager())
    layer.setEditFormConfig(config)


def photo_html() -> str:
    """The photo kept in the store, shown from its bytes."""
    expression = (
        'CASE WHEN "content" IS NULL THEN \'\' ELSE \'<img style="max-width:100%" '
        "src=\"data:' || coalesce(\"media_type\", 'image/jpeg') || ';base64,' || "
        'to_base64("content") || \'">\' END'
    )
    escaped = expression.replace("\\", "\\\\").replace('"', '\\"')
    return f'<script>document.write(expression.evaluate("{escaped}"));</script>'


def configure_photo_form(layer: QgsVectorLayer, files: bool) -> None:
    """The photo form: its kind, the photo (a file beside a field package, shown and taken
    by QField; or bytes in the store, shown on the desktop) and when it was taken."""
    _set(layer, "kind", "ValueMap", _value_map(KIND_LABELS))
    _china_times(layer, (("taken_at", "拍摄时间"),))
    layer.setDisplayExpression(
        'coalesce("file_name", "path")' if layer.fields().indexOf("file_name") >= 0 else '"path"'
    )
    for name in ("fid", "incident_id", "report_uuid", "store_fid", "step", "longitude", "latitude"):
        _set(layer, name, "Hidden")
    if files:
        _set(
            layer,
            "path",
            "ExternalResource",
            {
                "DocumentViewer": 1,  # an image
                "DocumentViewerHeight": 0,
                "DocumentViewerWidth": 0,
                "FileWidget": True,
                "FileWidgetButton": True,
                "RelativeStorage": 1,  # relative to the project's folder
                "StorageMode": 0,
                "UseLink": False,
                "FullUrl": False,
            },
        )
        _set(layer, "content", "Hidden")
    else:
        _set(layer, "content", "Binary")
        for name in ("file_name", "media_type", "path"):
            _set(layer, name, "TextEdit", {"IsMultiline": False, "UseHtml": False})
    config = layer.editFormConfig()
    config.setLayout(QgsEditFormConfig.EditorLayout.TabLayout)
    config.clearTabs()
    root = config.invisibleRootContainer()
    tab = _tab("照片", root)
    shown = (
        ("kind", "path", "taken_at_cst")
        if files
        else ("kind", "file_name", "taken_at_cst", "media_type", "content", "path")
    )
    _fields(layer, shown, tab)
    if not files:
        tab.addChildElement(_html("photo", photo_html(), tab))
    config.addTab(tab)
    for name in ("media_type", "taken_at_cst"):
        index = layer.fields().indexOf(name)
        if index >= 0:
            config.setReadOnly(index, True)
    layer.setEditFormConfig(config)


def photo_relation(
    project, incidents: QgsVectorLayer, photos: QgsVectorLayer, key: str
) -> QgsRelation:
    """The relation of the photos to their incident (`key`: fid in the store, report_uuid
    in a field package), for the form's relation editor, in `project`."""
    relation = QgsRelation(QgsRelationContext(project))
    relation.setId("incident_photos")
    relation.setName("事件照片")
    relation.setReferencingLayer(photos.id())
    relation.setReferencedLayer(incidents.id())
    relation.addFieldPair("incident_id" if key == "fid" else "report_uuid", key)
    relation.setStrength(QgsRelation.RelationStrength.Composition)
    return relation


# The store's project (project.py): the report form on its incidents layer.

LOOKUPS = (
    ("event_categories", "事件大类"),
    ("event_catalog", "事件责任清单"),
    ("officers", "网格人员"),
    ("incident_attachments", "事件照片"),
)
LOOKUP_GROUP = "上报表单"


def table_layer(layers, table: str, title: str) -> QgsVectorLayer:
    """A table of the store without a geometry (GeoPackageLayers, PostGISLayers), with
    its columns' Chinese names."""
    from qgis.core import QgsDataSourceUri

    from ..core.store.schema import TABLES_BY_NAME

    if hasattr(layers, "path"):
        layer = QgsVectorLayer(f"{layers.path}|layername={table}", title, "ogr")
    else:
        uri = QgsDataSourceUri(layers.connection)
        uri.setDataSource(layers.schema, table, None, "", "fid")
        layer = QgsVectorLayer(uri.uri(False), title, "postgres")
    if not layer.isValid():
        raise ValueError(f"{layers.label()}: cannot open table {table}")
    for column in TABLES_BY_NAME[table].columns:
        index = layer.fields().indexOf(column.name)
        if index >= 0 and column.alias:
            layer.setFieldAlias(index, column.alias)
    return layer


def add_report_forms(project, layers, incidents: QgsVectorLayer) -> None:
    """The report form on the project's incidents layer: its lookups (the catalogue, the
    officers, the photos) in a folded group at the bottom, and the photos' relation."""
    found = {table: table_layer(layers, table, title) for table, title in LOOKUPS}
    group = project.layerTreeRoot().addGroup(LOOKUP_GROUP)
    for layer in found.values():
        project.addMapLayer(layer, False)
        group.addLayer(layer)
    group.setExpanded(False)
    relation = photo_relation(project, incidents, found["incident_attachments"], "fid")
    project.relationManager().addRelation(relation)
    configure_report_form(
        incidents,
        found["event_categories"],
        found["event_catalog"],
        relation,
        found["officers"],
    )
    configure_photo_form(found["incident_attachments"], files=False)
