"""jiangdu_grid:geocode_facility_codes — facility codes from a list, placed on the map."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterVectorDestination,
)

from ..core.privacy import column_kinds, mask_phone, mask_values
from .base import JiangduAlgorithm
from .inputs import checkable, is_spreadsheet, read_input
from .output_styles import geocoding_outcomes, hotline_outcomes, style_on_load
from .outputs import StagedTable, add_csv_encoding_parameter, csv_encoding


class GeocodeFacilityCodesAlgorithm(JiangduAlgorithm):
    INPUT = "INPUT"
    CODE_FIELD = "CODE_FIELD"
    GEOPACKAGE = "GEOPACKAGE"
    UNMASKED = "UNMASKED"
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
        return (
            self.tr(
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
            + self.tr(
                "\n\nA row of a CSV file that cannot be read (a quote never closed, an "
                "impossibly long cell) goes to the errors table as unreadable_row, with the "
                "reason. Both outputs appear whole or not at all. An input column named like "
                "one of an output's own columns (fid, facility_code, grid_code, note...) comes "
                "out as input_<name>."
            )
            + self.tr(
                "\n\nPersonal information is masked in both outputs: the list's columns "
                "named like a phone (电话, 手机, 联系方式, 来电号码, phone...) or a person "
                "(姓名, 联系人, 来电人, caller, name...) are masked whole (138****5678, 张*), "
                "and in every other cell anything shaped like a phone number and the names "
                "those columns hold are masked; the officers' phones are always masked. Tick "
                "the option only when your role needs them in full."
            )
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
        self.addParameter(
            QgsProcessingParameterBoolean(
                self.UNMASKED,
                self.tr("Write phone numbers and names in full (personal information)"),
                defaultValue=False,
            )
        )
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
        from ..core.geocoding import (
            OUTCOMES,
            FacilityIndex,
            geocode,
            not_placed_columns,
            placed_columns,
        )
        from ..core.routing import Roster
        from ..core.store import StoreError
        from ..core.text import UserError

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
        unreadable = {problem.row: problem.text(self.language()) for problem in table.problems}
        feedback.pushInfo(self.tr("{count} rows read").format(count=len(rows)))
        progress = self.progress(feedback)
        kinds_of_columns = column_kinds(columns)
        unmasked = self.parameterAsBool(parameters, self.UNMASKED, context)

        def masked(values):
            return list(values) if unmasked else mask_values(values, kinds_of_columns)

        encoding = csv_encoding(self, parameters, context)
        outputs = {}
        values = {
            name: self.parameterAsOutputLayer(parameters, name, context)
            for name in (self.OUTPUT, self.ERRORS)
        }
        kinds = {self.OUTPUT: "placed", self.ERRORS: "not_placed"}
        try:
            outputs[self.OUTPUT] = StagedTable(
                values[self.OUTPUT], "placed_facilities", encoding, kinds[self.OUTPUT]
            )
            errors_target = StagedTable(
                values[self.ERRORS], "not_placed", encoding, kinds[self.ERRORS]
            )
            outputs[self.ERRORS] = errors_target
            placed_target = outputs[self.OUTPUT].target
            if (errors_target.target.path, errors_target.layer) == (
                placed_target.path,
                placed_target.layer,
            ):
                errors_target.target = replace(
                    errors_target.target, layer=f"{errors_target.layer}_errors"
                )
            with self.openStore(parameters, context, feedback) as store:
                index = FacilityIndex.of_store(store)
                roster = Roster(store.assignments_with_officers())
                people = {}
                today = date.today()
                for code in store.names("grids"):
                    officers = roster.on(code, today, "grid_officer")
                    people[code] = (
                        ",".join(str(p.id) for p in officers),
                        ",".join(p.name for p in officers),
                        ",".join(mask_phone(p.phone) or "" for p in officers),
                    )
                progress(0.2)
                progress.check()
                position = columns.index(code_field)
                outcomes = geocode(
                    [None if n in unreadable else row[position] for n, row in enumerate(rows, 1)],
                    index,
                    self.language(),
                    from_spreadsheet=is_spreadsheet(parameters, self.INPUT, context),
                    progress=progress.part(0.2, 0.5),
                )
                for number, text in unreadable.items():
                    outcomes.outcome[number - 1] = "unreadable_row"
                    outcomes.text[number - 1] = text
                placed = [
                    (number, int(fid), *_note_first(masked([*row, note])))
                    for number, (row, fid, note, outcome) in enumerate(
                        zip(rows, outcomes.fid, outcomes.text, outcomes.outcome), start=1
                    )
                    if outcome == "placed"
                ]
                errors = [
                    masked([*row, number, outcome, text])
                    for number, (row, outcome, text) in enumerate(
                        zip(rows, outcomes.outcome, outcomes.text), start=1
                    )
                    if outcome != "placed"
                ]
                outputs[self.OUTPUT].write(
                    lambda output, layer: store.export_geocoded(
                        output, layer, placed_columns(columns), placed, people
                    )
                )
                progress(0.85)
                progress.check()

                def not_placed(output, layer):
                    output.add_table(layer, not_placed_columns(columns))
                    output.insert(layer, errors)

                errors_target.write(not_placed)
                progress.check()
            results = {name: output.publish() for name, output in outputs.items()}
            for name, kind in kinds.items():
                style_on_load(context, values[name], kind)
        except (StoreError, UserError) as error:
            raise self.fail(error) from error
        finally:
            for output in outputs.values():
                output.discard()
        counts = Counter(outcomes.outcome)
        labels = {**geocoding_outcomes(), "unreadable_row": hotline_outcomes()["unreadable_row"]}
        for outcome in (*OUTCOMES, "unreadable_row"):
            if outcome in OUTCOMES or counts.get(outcome):
                feedback.pushInfo(
                    self.tr("{outcome} ({code}): {count}").format(
                        outcome=labels.get(outcome, outcome),
                        code=outcome,
                        count=counts.get(outcome, 0),
                    )
                )
        feedback.pushInfo(
            self.tr("{rows} rows in = {placed} placed + {errors} not placed").format(
                rows=len(rows), placed=len(placed), errors=len(errors)
            )
        )
        feedback.setProgress(100)
        return results


def _note_first(values: list) -> list:
    """[note, *input values] from [*input values, note] (masked in that order)."""
    return [values[-1], *values[:-1]]
