"""Where an algorithm's table goes: our fast GeoPackage writer, then, for other formats,
GDAL's translation.

Algorithms that write hundreds of thousands of rows write them with
`core.outputs.OutputGeoPackage` (bulk SQLite) instead of creating a QgsFeature per
row, which costs tens of microseconds each in Python. A destination in another format
(CSV, XLSX, Shapefile...) is translated from a temporary GeoPackage by GDAL, with text
cells protected against spreadsheet formula injection for CSV and XLSX.

CSV files are for Excel on Chinese Windows, which reads a CSV without a byte-order mark in
the system's code page (GBK) and garbles UTF-8: they are written in UTF-8 with a
byte-order mark, or in GB18030 when asked (the algorithms' advanced parameter "CSV
encoding", whose default is set in Settings ▸ Options ▸ Jiangdu Grid).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from qgis.core import (
    QgsProcessingException,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsVectorFileWriter,
)
from qgis.PyQt.QtCore import QCoreApplication

from ..toolbelt import settings

_OGR_URI = re.compile(
    r"""^ogr:dbname='(?P<path>(?:[^']|'')*)'\s+table="(?P<table>[^"]*)"(\s*\(.*\))?$"""
)
SPREADSHEETS = {"csv", "xlsx", "xls", "ods"}
CSV_ENCODING = "CSV_ENCODING"
# The CSV encodings offered, in the order of the parameter's choices.
CSV_ENCODINGS = settings.CSV_ENCODINGS


def add_csv_encoding_parameter(algorithm) -> None:
    """The advanced parameter choosing the encoding of CSV outputs; its default is the
    user's setting."""
    parameter = QgsProcessingParameterEnum(
        CSV_ENCODING,
        QCoreApplication.translate("Outputs", "CSV encoding (for .csv outputs)"),
        [
            QCoreApplication.translate("Outputs", "UTF-8 with byte-order mark (Excel, WPS)"),
            QCoreApplication.translate("Outputs", "GB18030 (older Excel on Chinese Windows)"),
        ],
        defaultValue=CSV_ENCODINGS.index(settings.csv_encoding()),
    )
    parameter.setFlags(parameter.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
    algorithm.addParameter(parameter)


def csv_encoding(algorithm, parameters, context) -> str:
    """The encoding chosen for CSV outputs: "utf-8-sig" or "gb18030"."""
    if parameters.get(CSV_ENCODING) is None:
        return settings.csv_encoding()
    return CSV_ENCODINGS[algorithm.parameterAsEnum(parameters, CSV_ENCODING, context)]


def sink_options(value: str, encoding: str) -> dict:
    """Keyword arguments of parameterAsSink that write a .csv destination in `encoding`."""
    if not value.lower().endswith(".csv"):
        return {}
    if encoding == "gb18030":
        return {"createOptions": {"fileEncoding": "GB18030"}}
    return {"createOptions": {"fileEncoding": "UTF-8"}, "layerOptions": ["WRITE_BOM=YES"]}


@dataclass(frozen=True)
class Destination:
    path: Path  # the file the user asked for
    layer: str  # the table name in a GeoPackage
    translate: bool  # another format than GeoPackage: write a temporary one first
    encoding: str = "utf-8-sig"  # of a CSV file: one of CSV_ENCODINGS

    @property
    def extension(self) -> str:
        return self.path.suffix.lower().lstrip(".")


def destination(value: str, default_layer: str, encoding: str = "utf-8-sig") -> Destination:
    if value.startswith("memory:"):
        raise QgsProcessingException(
            QCoreApplication.translate(
                "Outputs", "This algorithm writes files: choose a file or a temporary output."
            )
        )
    match = _OGR_URI.match(value)
    if match:
        return Destination(
            Path(match.group("path").replace("''", "'")), match.group("table"), False, encoding
        )
    path = Path(value)
    if path.suffix.lower() == ".gpkg":
        return Destination(path, path.stem or default_layer, False, encoding)
    return Destination(path, default_layer, True, encoding)


class StagedTable:
    """A table output written first to a folder of its own beside its destination, and
    moved into place by publish(): an algorithm that also writes to the store writes its
    outputs before the store commits and publishes them after, so that a failure on
    either side leaves neither (and a failure while writing never leaves a part of a
    file where the user looks). A destination in another format than GeoPackage is
    translated inside the folder, text cells made inert for a spreadsheet."""

    def __init__(
        self,
        value: str,
        default_layer: str,
        encoding: str = "utf-8-sig",
        kind: str | None = None,
    ):
        self.target = destination(value, default_layer, encoding)
        self.kind = kind  # a GeoPackage output keeps the style of its kind (output_styles)
        folder = self.target.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self.folder = Path(tempfile.mkdtemp(prefix=".jiangdu-", dir=folder))
        except OSError as error:
            raise QgsProcessingException(_cannot_write(folder, error)) from error
        self.written: list[Path] = []  # the files publish() moves, in self.folder

    @property
    def layer(self) -> str:
        return self.target.layer

    def write(self, fill) -> None:
        """Write the table: `fill(output, layer)` adds it to an OutputGeoPackage."""
        from ..core.outputs import OutputGeoPackage

        package = self.folder / "output.gpkg"
        try:
            with OutputGeoPackage(package) as output:
                fill(output, self.target.layer)
                if self.target.translate and self.target.extension in SPREADSHEETS:
                    output.neutralize_formulas(self.target.layer)
                has_geometry = output.is_layer(self.target.layer)
            if not self.target.translate:
                self.written = [package]
                return
            translated = self.folder / "translated"
            translated.mkdir()
            _translate(self.target, package, translated / self.target.path.name, has_geometry)
            self.written = sorted(translated.iterdir())
        except OSError as error:
            raise QgsProcessingException(_cannot_write(self.target.path, error)) from error

    def publish(self) -> str:
        """Move the table into place; the value to return for the output parameter."""
        from osgeo import gdal

        target = self.target
        try:
            if target.translate:
                for path in self.written:
                    os.replace(path, target.path.parent / path.name)
                return str(target.path)
            if not target.path.exists():
                os.replace(self.written[0], target.path)
            else:
                # Another file's table: this one replaces its table of the same name.
                done = gdal.VectorTranslate(
                    str(target.path),
                    str(self.written[0]),
                    accessMode="overwrite",
                    layers=[target.layer],
                )
                if done is None:
                    raise QgsProcessingException(
                        QCoreApplication.translate(
                            "Outputs", "GDAL could not write {path}: {error}"
                        ).format(path=target.path, error=gdal.GetLastErrorMsg())
                    )
                del done  # closes the file
            if self.kind is not None:
                from .output_styles import store_style

                store_style(target.path, target.layer, self.kind)
        except OSError as error:
            raise QgsProcessingException(_cannot_write(target.path, error)) from error
        return f"{target.path}|layername={target.layer}"

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def _cannot_write(path: Path, error: OSError) -> str:
    return QCoreApplication.translate(
        "Outputs", "Cannot write {path}: {reason}. Choose a folder you can write to."
    ).format(path=path, reason=error.strerror or error)


def _translate(target: Destination, package: Path, path: Path, has_geometry: bool) -> None:
    """Translate the GeoPackage table into `path` in the destination's format."""
    from osgeo import gdal

    driver = QgsVectorFileWriter.driverForExtension(target.extension)
    if not driver:
        raise QgsProcessingException(
            QCoreApplication.translate("Outputs", "No driver writes .{extension} files.").format(
                extension=target.extension
            )
        )
    options = []
    if driver == "CSV":
        options += ["GEOMETRY=AS_XY"] if has_geometry else []
        options += ["WRITE_BOM=YES"] if target.encoding == "utf-8-sig" else []
    result = gdal.VectorTranslate(
        str(path),
        str(package),
        format=driver,
        layers=[target.layer],
        layerCreationOptions=options,
    )
    if result is None:
        raise QgsProcessingException(
            QCoreApplication.translate("Outputs", "GDAL could not write {path}: {error}").format(
                path=target.path, error=gdal.GetLastErrorMsg()
            )
        )
    del result  # closes the file
    if driver == "CSV" and target.encoding != "utf-8-sig":
        _reencode(path, target.encoding)


def _reencode(path: Path, encoding: str) -> None:
    """Rewrite a UTF-8 text file in `encoding` (GDAL writes CSV in UTF-8 only)."""
    temporary = path.with_name(path.name + ".part")
    with (
        open(path, encoding="utf-8", newline="") as source,
        open(temporary, "w", encoding=encoding, newline="") as target,
    ):
        shutil.copyfileobj(source, target)
    temporary.replace(path)


def write_table(
    value: str,
    default_layer: str,
    columns: list[tuple[str, str]],
    rows,
    geometry_type: str | None = None,
    encoding: str = "utf-8-sig",
    kind: str | None = None,
) -> str:
    """A small table (rows of values for `columns`, after a geometry blob when
    `geometry_type` is given) to the destination `value`, a CSV file in `encoding`, a
    GeoPackage with the style of `kind`; returns the output's value."""

    def fill(output, layer):
        output.add_table(layer, columns, geometry_type)
        output.insert(layer, rows)

    table = StagedTable(value, default_layer, encoding, kind)
    try:
        table.write(fill)
        return table.publish()
    finally:
        table.discard()
