"""GeoPackages written with a rollback journal while the plugin is loaded.

QGIS 3.22 puts a GeoPackage it opens for writing in write-ahead-log mode. Then, with
GDAL 3.6, changing a layer's filter on a large GeoPackage (the dock filters the store's
incident layers to what it lists) leaves QGIS's other connections to the file unable to
read it ("unable to open database file": its log file is gone under them), and the
heatmaps and choropleths drawn from the same file vanish from the map. With GDAL's
rollback journal (its OGR_SQLITE_JOURNAL option) they stay. The option is set only when
the user has not set it, and put back when the plugin unloads."""

from __future__ import annotations

OPTION = "OGR_SQLITE_JOURNAL"


def install() -> tuple[bool, str | None]:
    """Ask GDAL for a rollback journal unless the user chose a journal; returns what
    `uninstall` needs."""
    from osgeo import gdal

    chosen = gdal.GetConfigOption(OPTION)
    if chosen:
        return False, chosen
    gdal.SetConfigOption(OPTION, "DELETE")
    return True, None


def uninstall(installed: tuple[bool, str | None] | None) -> None:
    if installed and installed[0]:
        from osgeo import gdal

        gdal.SetConfigOption(OPTION, None)
