"""GDAL writing to a GeoPackage as QGIS and ogr2ogr do (its connection, with SpatiaLite's
functions as GDAL registers them), in a process of its own: GDAL's Python bindings used
in the tests' process, beside QGIS's tier, crashed it at exit.

    python -m tests.core.gdal_writer STORE.gpkg

reads one JSON line per statement ({"sql": ..., "keep": false}), runs it in a
transaction, rolls it back unless kept, and answers a JSON line: {"error": message or
null}."""

from __future__ import annotations

import json
import subprocess
import sys


class GdalWriter:
    """The writer process, for tests: `run(sql)` is None or GDAL's error message."""

    def __init__(self, path):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.core.gdal_writer", str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def run(self, sql: str, keep: bool = False) -> str | None:
        self.process.stdin.write(json.dumps({"sql": sql, "keep": keep}) + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())["error"]

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)
        self.process.stdout.close()

    def __enter__(self) -> GdalWriter:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def main(path: str) -> None:
    from osgeo import gdal

    dataset = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_UPDATE)
    gdal.PushErrorHandler("CPLQuietErrorHandler")
    for line in sys.stdin:
        request = json.loads(line)
        dataset.StartTransaction()
        gdal.ErrorReset()
        dataset.ExecuteSQL(request["sql"], dialect="SQLITE")
        failed = gdal.GetLastErrorType() >= gdal.CE_Failure
        error = gdal.GetLastErrorMsg() if failed else None
        if request["keep"] and not failed:
            dataset.CommitTransaction()
        else:
            dataset.RollbackTransaction()
        print(json.dumps({"error": error}), flush=True)
    dataset = None


if __name__ == "__main__":
    main(sys.argv[1])
