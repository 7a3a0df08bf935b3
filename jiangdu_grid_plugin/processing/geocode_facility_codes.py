"""jiangdu_grid:geocode_facility_codes — facility codes from a list, placed on the map."""

from __future__ import annotations

import shutil
from collections import Counter
from dataclasses import replace
from datetime import date

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterVectorDestination,
)

from ..core.privacy import mask_phone
from .base import JiangduAlgorithm
from .inputs import checkable, is_spreadsheet, read_input
from .output_styles import geocoding_outcomes, style_on_load
from .outputs import (
    add_csv_encoding_parameter,
    csv_encoding,
    destination,
    finish,
    working_file,
)


class GeocodeFacilityCodesAlgorithm(JiangduAlgorithm):
    INPUT = "INPUT"
    CODE_FIELD = "CODE_FIELD"
    GEOPACKAGE = "GEOPACKAGE"
    OUTPUT = "OUTPUT"
    ERRORS = "ERRORS"

    def name(self) -> str:
        return "geocode_facility_codes"

    def displayName(self) -> str:
        return self.tr("Geocode facility codes")

    def group(self) -> str:
        return self.tr("Facilities")

    def groupId(self) -> str:
        return "facilities"

    def shortHelpString(self) -> str:
        return self.tr(
            "Places the facilities a list names by their 16-digit code (GB/T 30428.2 style) "
            "on the map, with their class, name, state, grid, community, town and the "
            "grid's officers (phones masked).\n\n"
            "The list can be any table QGIS reads, or a CSV file in UTF-8 (with or without "
            "BOM) or GB18030/GBK as Excel saves it: the encoding is detected. Codes are "
            "normalised first (surrounding spaces, full-width digits, numbers from numeric "
            "columns). Every row comes out once: placed rows in the output layer, the others "
            "in the errors table with all their columns and the reason: empty, non-digits, "
            "wrong length, a number that lost digits in Excel, wrong district, unknown "
            "class, not in the inventory, or retired."
        )

    def initAlgorithm(self, config=None) -> None:
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.INPUT,
                self.tr("List of facility codes (table, layer or CSV file)"),
                [QgsProcessing.SourceType.TypeVector],
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                self.CODE_FIELD,
                self.tr("Facility code column (empty: the list's only column)"),
                parentLayerParameterName=self.INPUT,
                optional=True,
            )
        )
        self.addStoreParameter(self.GEOPACKAGE)
        output = QgsProcessingParameterVectorDestination(
            self.OUTPUT,
            self.tr("Placed facilities"),
            QgsProcessing.SourceType.TypeVectorPoint,
        )
        output.setSupportsNonFileBasedOutput(False)
        self.addParameter(output)
        errors = QgsProcessingParameterVectorDestination(
            self.ERRORS,
            self.tr("Rows that could not be placed"),
            QgsProcessing.SourceType.TypeVector,
        )
        errors.setSupportsNonFileBasedOutput(False)
        self.addParameter(errors)
        add_csv_encoding_parameter(self)

    def checkParameterValues(self, parameters, context):
        return super().checkParameterValues(checkable(parameters, self.INPUT), context)

    def processAlgorithm(self, parameters, context, feedback):
        from ..core.geocoding import OUTCOMES, FacilityIndex, geocode
        from ..core.outputs import OutputGeoPackage
        from ..core.routing import Roster
        from ..core.store import StoreError

        table = read_input(self, parameters, self.INPUT, context)
        columns, rows = table.columns, table.rows
        if table.headerless:
            feedback.pushInfo(
                self.tr(
                    "The list has no header row: its first row is read as codes, its "
                    "columns are named {columns}."
                ).format(columns=", ".join(columns))
            )
        code_field = self.parameterAsString(parameters, self.CODE_FIELD, context)
        if not code_field:
            if len(columns) != 1:
                raise QgsProcessingException(
                    self.tr(
                        "Choose the facility code column: the list has {count} columns ({columns})."
                    ).format(count=len(columns), columns=", ".join(columns))
                )
            code_field = columns[0]
        if code_field not in columns:
            raise QgsProcessingException(
                self.tr("The input has no column {name}; its columns are: {columns}").format(
                    name=code_field, columns=", ".join(columns)
                )
            )
        feedback.pushInfo(self.tr("{count} rows read").format(count=len(rows)))
        feedback.setProgress(20)
        try:
            with self.openStore(parameters, context, feedback) as store:
                index = FacilityIndex.of_store(store)
                roster = Roster(store.assignments_with_officers())
                grid_codes = list(store.names("grids"))
                people = {}
                today = date.today()
                for code in grid_codes:
                    officers = roster.on(code, today, "grid_officer")
                    people[code] = (
                        ",".join(str(p.id) for p in officers),
                        ",".join(p.name for p in officers),
                        ",".join(mask_phone(p.phone) or "" for p in officers),
                    )
                if feedback.isCanceled():
                    return {}
                position = columns.index(code_field)
                outcomes = geocode(
                    [row[position] for row in rows],
                    index,
                    self.language(),
                    from_spreadsheet=is_spreadsheet(parameters, self.INPUT, context),
                )
                feedback.setProgress(50)
                placed = [
                    (number, int(fid), note, *row)
                    for number, (row, fid, note) in enumerate(
                        zip(rows, outcomes.fid, outcomes.text), start=1
                    )
                    if fid >= 0
                ]
                errors = [
                    (*row, number, outcome, text)
                    for number, (row, outcome, text) in enumerate(
                        zip(rows, outcomes.outcome, outcomes.text), start=1
                    )
                    if outcome != "placed"
                ]
                results, scratch = {}, []
                try:
                    placed_value = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
                    placed_target = destination(
                        placed_value, "placed_facilities", csv_encoding(self, parameters, context)
                    )
                    with OutputGeoPackage(working_file(placed_target, scratch)) as output:
                        store.export_geocoded(output, placed_target.layer, columns, placed, people)
                        results[self.OUTPUT] = finish(placed_target, output, "placed")
                    style_on_load(context, placed_value, "placed")
                    feedback.setProgress(85)
                    errors_value = self.parameterAsOutputLayer(parameters, self.ERRORS, context)
                    target = destination(
                        errors_value, "not_placed", csv_encoding(self, parameters, context)
                    )
                    if (target.path, target.layer) == (placed_target.path, placed_target.layer):
                        target = replace(target, layer=f"{target.layer}_errors")
                    with OutputGeoPackage(working_file(target, scratch)) as output:
                        output.add_table(
                            target.layer,
                            [(name, "TEXT") for name in columns]
                            + [
                                ("input_row", "INTEGER"),
                                ("reason_code", "TEXT"),
                                ("reason", "TEXT"),
                            ],
                        )
                        output.insert(target.layer, errors)
                        results[self.ERRORS] = finish(target, output, "not_placed")
                    style_on_load(context, errors_value, "not_placed")
                finally:
                    for temporary in scratch:
                        shutil.rmtree(temporary.parent, ignore_errors=True)
        except (StoreError, OSError) as error:
            raise self.fail(error) from error
        counts = Counter(outcomes.outcome)
        labels = geocoding_outcomes()
        for outcome in OUTCOMES:
            feedback.pushInfo(
                self.tr("{outcome} ({code}): {count}").format(
                    outcome=labels.get(outcome, outcome), code=outcome, count=counts.get(outcome, 0)
                )
            )
        feedback.pushInfo(
            self.tr("{rows} rows in = {placed} placed + {errors} not placed").format(
                rows=len(rows), placed=len(placed), errors=len(errors)
            )
        )
        feedback.setProgress(100)
        return results
