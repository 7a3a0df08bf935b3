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


def working_file(target: Destination, scratch: list[Path]) -> Path:
    """The GeoPackage to write into: the destination itself, or a temporary one."""
    if not target.translate:
        target.path.parent.mkdir(parents=True, exist_ok=True)
        return target.path
    temporary = Path(tempfile.mkdtemp(prefix="jiangdu_")) / "output.gpkg"
    scratch.append(temporary)
    return temporary


def finish(target: Destination, output, kind: str | None = None) -> str:
    """Close `output` (an OutputGeoPackage), translating it into the destination's format
    if needed, a GeoPackage keeping the style of `kind` (output_styles.KINDS); the value
    to return for the output parameter."""
    if not target.translate:
        output.close()
        if kind is not None:
            from .output_styles import store_style

            store_style(target.path, target.layer, kind)
        return f"{target.path}|layername={target.layer}"
    from osgeo import gdal

    if target.extension in SPREADSHEETS:
        output.neutralize_formulas(target.layer)
    has_geometry = output.is_layer(target.layer)
    output.close()
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
    if target.path.exists():
        target.path.unlink()
    result = gdal.VectorTranslate(
        str(target.path),
        str(output.path),
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
        _reencode(target.path, target.encoding)
    return str(target.path)


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
    from ..core.outputs import OutputGeoPackage

    scratch: list[Path] = []
    try:
        target = destination(value, default_layer, encoding)
        with OutputGeoPackage(working_file(target, scratch)) as output:
            output.add_table(target.layer, columns, geometry_type)
            output.insert(target.layer, rows)
            return finish(target, output, kind)
    finally:
        for temporary in scratch:
            shutil.rmtree(temporary.parent, ignore_errors=True)
