"""Where an algorithm's table goes: our fast GeoPackage writer, then, for other formats,
GDAL's translation.

Algorithms that write hundreds of thousands of rows write them with
`core.outputs.OutputGeoPackage` (bulk SQLite) instead of creating a QgsFeature per
row, which costs tens of microseconds each in Python. A destination in another format
(CSV, XLSX, Shapefile...) is translated from a temporary GeoPackage by GDAL, with text
cells protected against spreadsheet formula injection for CSV and XLSX.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from qgis.core import QgsProcessingException, QgsVectorFileWriter
from qgis.PyQt.QtCore import QCoreApplication

_OGR_URI = re.compile(
    r"""^ogr:dbname='(?P<path>(?:[^']|'')*)'\s+table="(?P<table>[^"]*)"(\s*\(.*\))?$"""
)
SPREADSHEETS = {"csv", "xlsx", "xls", "ods"}


@dataclass(frozen=True)
class Destination:
    path: Path  # the file the user asked for
    layer: str  # the table name in a GeoPackage
    translate: bool  # another format than GeoPackage: write a temporary one first

    @property
    def extension(self) -> str:
        return self.path.suffix.lower().lstrip(".")


def destination(value: str, default_layer: str) -> Destination:
    if value.startswith("memory:"):
        raise QgsProcessingException(
            QCoreApplication.translate(
                "Outputs", "This algorithm writes files: choose a file or a temporary output."
            )
        )
    match = _OGR_URI.match(value)
    if match:
        return Destination(
            Path(match.group("path").replace("''", "'")), match.group("table"), False
        )
    path = Path(value)
    if path.suffix.lower() == ".gpkg":
        return Destination(path, path.stem or default_layer, False)
    return Destination(path, default_layer, True)


def working_file(target: Destination, scratch: list[Path]) -> Path:
    """The GeoPackage to write into: the destination itself, or a temporary one."""
    if not target.translate:
        target.path.parent.mkdir(parents=True, exist_ok=True)
        return target.path
    temporary = Path(tempfile.mkdtemp(prefix="jiangdu_")) / "output.gpkg"
    scratch.append(temporary)
    return temporary


def finish(target: Destination, output) -> str:
    """Close `output` (an OutputGeoPackage), translating it into the destination's format
    if needed; the value to return for the output parameter."""
    if not target.translate:
        output.close()
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
    options = ["GEOMETRY=AS_XY"] if driver == "CSV" and has_geometry else []
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
    return str(target.path)


def write_table(
    value: str,
    default_layer: str,
    columns: list[tuple[str, str]],
    rows,
    geometry_type: str | None = None,
) -> str:
    """A small table (rows of values for `columns`, after a geometry blob when
    `geometry_type` is given) to the destination `value`; returns the output's value."""
    import shutil

    from ..core.outputs import OutputGeoPackage

    scratch: list[Path] = []
    try:
        target = destination(value, default_layer)
        with OutputGeoPackage(working_file(target, scratch)) as output:
            output.add_table(target.layer, columns, geometry_type)
            output.insert(target.layer, rows)
            return finish(target, output)
    finally:
        for temporary in scratch:
            shutil.rmtree(temporary.parent, ignore_errors=True)
