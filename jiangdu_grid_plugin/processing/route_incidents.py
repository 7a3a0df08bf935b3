"""jiangdu_grid:route_incidents — every input point to its grid, officers, leaders and unit."""

from __future__ import annotations

import math
from collections import Counter
from datetime import datetime, timezone

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCsException,
    QgsFeature,
    QgsFeatureSink,
    QgsFields,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsProcessingUtils,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QDate, QDateTime

from ..core.privacy import column_kinds, mask_phone, mask_values
from ..core.routing import DEFAULT_TOLERANCE_M
from ..core.timestamps import CHINA_TZ, from_datetime_text
from ..toolbelt.compat import field
from .base import IncidentsAlgorithm
from .output_styles import route_rules, store_sink_style, style_on_load
from .outputs import add_csv_encoding_parameter, csv_encoding, sink_options

ROUTE_FIELDS = (
    ("grid_code", "string"),
    ("grid_name", "string"),
    ("community_code", "string"),
    ("community_name", "string"),
    ("town_code", "string"),
    ("town_name", "string"),
    ("officer_ids", "string"),
    ("officer_names", "string"),
    ("officer_phones", "string"),
    ("fallback", "bool"),
    ("grid_leader_ids", "string"),
    ("community_leader_ids", "string"),
    ("town_leader_ids", "string"),
    ("district_leader_ids", "string"),
    ("instructor_ids", "string"),
    ("unit_code", "string"),
    ("unit_name", "string"),
    ("deadline_hours", "int"),
    ("deadline_at", "datetime"),
    ("rule", "string"),
    ("reason", "string"),
    ("distance_m", "double"),
)
STORE_CRS = "EPSG:4549"


def _ids(people) -> str:
    return ",".join(str(person.id) for person in people)


class RouteIncidentsAlgorithm(IncidentsAlgorithm):
    INPUT = "INPUT"
    GEOPACKAGE = "GEOPACKAGE"
    CATEGORY_FIELD = "CATEGORY_FIELD"
    TIME_FIELD = "TIME_FIELD"
    TOLERANCE = "TOLERANCE"
    UNMASKED = "UNMASKED"
    OUTPUT = "OUTPUT"

    def name(self) -> str:
        return "route_incidents"

    def displayName(self) -> str:
        return self.tr("Route incidents to grids")

    def shortHelpString(self) -> str:
        return self.tr(
            "Finds for every point the grid it lies in (among the grids in force on the "
            "incident's day), the grid officers on duty at the incident's time (or the "
            "community's grid leader when the grid has none), the "
            "leader chain from grid to district, the instructor, and, from the catalogue "
            "item, the responsible unit and the deadline.\n\n"
            "Rules: a point inside a grid goes to that grid; a point on a boundary shared by "
            "several grids goes to the one with the lowest code; a point outside every grid "
            "but within the tolerance goes to the nearest grid; farther points are "
            "unroutable and go to the district command centre's queue. Every input feature "
            "comes out once: features without a usable point are kept with the rule "
            "'invalid' and the reason."
        ) + self.tr(
            "\n\nPersonal information is masked in the output: the input's columns named "
            "like a phone (电话, 手机, 联系方式, 来电号码, phone...) or a person (姓名, 联系人, "
            "来电人, caller, name...) are masked whole (138****5678, 张*), and in every other "
            "text cell anything shaped like a phone number and the names those columns hold "
            "are masked; the officers' phones are always masked. Tick the option only when "
            "your role needs them in full."
        )

    def initAlgorithm(self, config=None) -> None:
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.INPUT,
                self.tr("Incidents (points, any CRS)"),
                [QgsProcessing.SourceType.TypeVectorPoint],
            )
        )
        self.addStoreParameter(self.GEOPACKAGE)
        self.addParameter(
            QgsProcessingParameterField(
                self.CATEGORY_FIELD,
                self.tr("Catalogue item field (event catalogue code)"),
                parentLayerParameterName=self.INPUT,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                self.TIME_FIELD,
                self.tr("Time field (date/time; empty means now)"),
                parentLayerParameterName=self.INPUT,
                optional=True,
            )
        )
        tolerance = QgsProcessingParameterNumber(
            self.TOLERANCE,
            self.tr("Tolerance outside the grids (metres)"),
            QgsProcessingParameterNumber.Type.Integer,
            round(DEFAULT_TOLERANCE_M),
            minValue=0,
        )
        tolerance.setFlags(tolerance.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
        self.addParameter(tolerance)
        self.addParameter(
            QgsProcessingParameterBoolean(
                self.UNMASKED,
                self.tr("Write phone numbers and names in full (personal information)"),
                defaultValue=False,
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT,
                self.tr("Routed incidents"),
                QgsProcessing.SourceType.TypeVectorPoint,
            )
        )
        add_csv_encoding_parameter(self)

    def processAlgorithm(self, parameters, context, feedback):
        from ..core.progress import CanceledError
        from ..core.routing import cache as routing_cache
        from ..core.routing import invalid_result
        from ..core.store import StoreError

        source = self.parameterAsSource(parameters, self.INPUT, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.INPUT))
        if not source.sourceCrs().isValid():
            raise QgsProcessingException(
                self.tr(
                    "The input layer has no coordinate reference system: set it in the layer's "
                    "properties (Source) and run again."
                )
            )
        category_field = self.parameterAsString(parameters, self.CATEGORY_FIELD, context)
        time_field = self.parameterAsString(parameters, self.TIME_FIELD, context)
        tolerance = self.parameterAsDouble(parameters, self.TOLERANCE, context)
        unmasked = self.parameterAsBool(parameters, self.UNMASKED, context)
        kinds = column_kinds(source.fields().names())
        language = self.language()
        store = self.openStore(parameters, context, feedback)
        try:
            tilings = routing_cache.tilings(store, tolerance, language)
            router = tilings.router(store)
        except (StoreError, ValueError) as error:
            store.close()
            raise self.fail(error) from error

        total = source.featureCount()
        if total == 0:
            feedback.pushWarning(self.tr("The input layer has no features: nothing to route."))
        transform = QgsCoordinateTransform(
            source.sourceCrs(), QgsCoordinateReferenceSystem(STORE_CRS), context.transformContext()
        )
        features, inputs, problems, points, categories, times = [], [], {}, [], [], []
        for index, feature in enumerate(source.getFeatures()):
            if feedback.isCanceled():
                store.close()
                return {}
            features.append(feature)
            values = [None if _is_null(value) else value for value in feature.attributes()]
            inputs.append(values if unmasked else mask_values(values, kinds))
            problem, point = self.read_point(feature, transform)
            moment, time_problem = self.read_time(feature, time_field)
            problem = problem or time_problem
            if problem:
                problems[index] = problem
                point = (math.nan, math.nan)
            points.append(point)
            categories.append(
                str(feature[category_field]).strip()
                if category_field
                and feature[category_field] not in (None, "")
                and not _is_null(feature[category_field])
                else None
            )
            times.append(moment)
            if total and index % 1000 == 0:
                feedback.setProgress(40 * index / total)

        try:
            sink, sink_id, fields = self.sink(parameters, context, source, inputs)
        except QgsProcessingException:
            store.close()
            raise
        feedback.pushInfo(
            self.tr("Routing {count} features with {store}").format(
                count=len(features), store=store.location.label
            )
        )
        # Each incident with the grids in force when it happened (the store keeps every
        # earlier tiling); the router above has today's.
        try:
            routes = tilings.route_when_reported(
                store,
                [p[0] for p in points],
                [p[1] for p in points],
                categories,
                times,
                progress=self.progress(feedback).part(0.4, 0.5),
            )
        except CanceledError as error:
            raise self.fail(error) from error
        finally:
            store.close()
        for index, problem in problems.items():
            routes[index] = invalid_result(problem)
        counts = Counter()
        for index, (feature, route) in enumerate(zip(features, routes)):
            if feedback.isCanceled():
                break
            reason = route.reason
            code = categories[index]
            if code and route.rule != "invalid" and code not in router.catalog:
                reason += " " + self.tr(
                    "The catalogue item {code} is not in the store's event "
                    "catalogue: no unit or deadline."
                ).format(code=code)
            counts[route.rule] += 1
            output = QgsFeature(fields)
            output.setGeometry(feature.geometry())
            values = self.route_values(route, reason)
            if not unmasked:  # the reason may quote the input
                values = mask_values(values, [None] * len(values))
            output.setAttributes(inputs[index] + values)
            sink.addFeature(output, QgsFeatureSink.Flag.FastInsert)
            if total and index % 1000 == 0:
                feedback.setProgress(50 + 50 * index / total)
        for rule, label in route_rules().items():
            feedback.pushInfo(
                self.tr("{rule} ({code}): {count}").format(
                    rule=label, code=rule, count=counts[rule]
                )
            )
        self.written = sink_id
        style_on_load(context, sink_id, "routed")
        return {self.OUTPUT: sink_id}

    def postProcessAlgorithm(self, context, feedback):
        """The sink is closed now: a GeoPackage output keeps its style."""
        if getattr(self, "written", None):
            store_sink_style(self.written, "routed")
        return {}

    def sink(self, parameters, context, source, inputs):
        """(sink, its id, its fields): the input's fields, then ROUTE_FIELDS; an input
        column of numbers that masking turned into text (a phone number stored as a
        number) becomes a text column."""
        texts = {
            position
            for values in inputs
            for position, value in enumerate(values)
            if isinstance(value, str)
        }
        text_type = field("text", "string").type()
        input_fields = QgsFields()
        for position, input_field in enumerate(source.fields()):
            if position in texts and input_field.type() != text_type:
                input_field = field(input_field.name(), "string")
            input_fields.append(input_field)
        route_fields = QgsFields()
        for name, kind in ROUTE_FIELDS:
            route_fields.append(field(name, kind))
        fields = QgsProcessingUtils.combineFields(input_fields, route_fields)
        sink, sink_id = self.parameterAsSink(
            parameters,
            self.OUTPUT,
            context,
            fields,
            source.wkbType(),
            source.sourceCrs(),
            **sink_options(
                self.parameterAsOutputLayer(parameters, self.OUTPUT, context),
                csv_encoding(self, parameters, context),
            ),
        )
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        return sink, sink_id, fields

    def read_point(self, feature, transform):
        """(problem, (x, y) in EPSG:4549); the problem is None when the point is usable."""
        geometry = feature.geometry()
        if geometry is None or geometry.isNull():
            return self.tr("Feature {id} has no geometry.").format(id=feature.id()), None
        if geometry.isEmpty():
            return self.tr("Feature {id} has an empty geometry.").format(id=feature.id()), None
        if QgsWkbTypes.geometryType(geometry.wkbType()) != QgsWkbTypes.GeometryType.PointGeometry:
            return self.tr("Feature {id} is not a point.").format(id=feature.id()), None
        if geometry.isMultipart():
            parts = geometry.asMultiPoint()
            if len(parts) != 1:
                return self.tr(
                    "Feature {id} is a multipoint of {count} points: split it into "
                    "single points first."
                ).format(id=feature.id(), count=len(parts)), None
            point = parts[0]
        else:
            point = geometry.asPoint()
        if not (math.isfinite(point.x()) and math.isfinite(point.y())):
            return self.tr("Feature {id} has coordinates that are not finite numbers.").format(
                id=feature.id()
            ), None
        try:
            projected = transform.transform(point)
        except QgsCsException:
            return self.tr("Feature {id} cannot be transformed to EPSG:4549.").format(
                id=feature.id()
            ), None
        if not (math.isfinite(projected.x()) and math.isfinite(projected.y())):
            return self.tr("Feature {id} cannot be transformed to EPSG:4549.").format(
                id=feature.id()
            ), None
        return None, (projected.x(), projected.y())

    def read_time(self, feature, time_field):
        """(aware datetime or None for now, problem or None)."""
        if not time_field:
            return None, None
        value = feature[time_field]
        if value is None or _is_null(value) or value == "":
            return None, None
        if isinstance(value, QDateTime):
            if not value.isValid():
                return None, self.tr("Feature {id}: the time is not valid.").format(id=feature.id())
            # Qt knows the instant whatever the time spec (UTC from GeoPackage, the
            # machine's zone for local times).
            return datetime.fromtimestamp(value.toMSecsSinceEpoch() / 1000, timezone.utc), None
        if isinstance(value, QDate):
            return datetime(value.year(), value.month(), value.day(), 12, tzinfo=CHINA_TZ), None
        try:
            text = str(value).strip()
            moment = (
                from_datetime_text(text)
                if text.endswith("Z")
                else datetime.fromisoformat(text.replace("/", "-"))
            )
        except ValueError:
            return None, self.tr(
                "Feature {id}: the time {value} is not a date and time (use 2019-11-25 08:30)."
            ).format(id=feature.id(), value=value)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=CHINA_TZ)
        return moment, None

    @staticmethod
    def route_values(route, reason):
        leaders = route.leaders
        deadline = None
        if route.deadline_at is not None:
            deadline = QDateTime.fromMSecsSinceEpoch(int(route.deadline_at.timestamp() * 1000))
        return [
            route.grid_code,
            route.grid_name,
            route.community_code,
            route.community_name,
            route.town_code,
            route.town_name,
            _ids(route.officers),
            ",".join(person.name for person in route.officers),
            ",".join(mask_phone(person.phone) or "" for person in route.officers),
            route.fallback if route.rule != "invalid" else None,
            _ids(leaders.get("grid", ())),
            _ids(leaders.get("community", ())),
            _ids(leaders.get("town", ())),
            _ids(leaders.get("district", ())),
            _ids(route.instructors),
            route.unit_code,
            route.unit_name,
            route.deadline_hours,
            deadline,
            route.rule,
            reason,
            route.distance_m,
        ]


def _is_null(value) -> bool:
    return hasattr(value, "isNull") and value.isNull()
