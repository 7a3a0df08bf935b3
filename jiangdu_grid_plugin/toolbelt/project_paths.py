"""A store's own project finds its layers in the store, whatever the file is called now.

The project saved inside a GeoPackage store names the store's layers by a path relative to
it ("./jiangdu_demo.gpkg|layername=grids"), so that the folder can move. A copy of the
store under another name ("江都网格_2026.gpkg") would open with every layer unavailable:
while the plugin is loaded, a path of QGIS's project reader sends such a layer to the
store the project is read from, when the file it names is not there."""

from __future__ import annotations

import contextlib
import os

from qgis.core import QgsApplication, QgsPathResolver, QgsProject

_STORAGE = "geopackage"


def store_of_project(uri: str) -> str | None:
    """The GeoPackage a project URI reads from ("geopackage:/path/x.gpkg?projectName=p"),
    or None for a project in a .qgs/.qgz file or elsewhere."""
    if not uri.startswith(f"{_STORAGE}:"):
        return None
    storage = QgsApplication.projectStorageRegistry().projectStorageFromUri(uri)
    if storage is None or storage.type() != _STORAGE:
        return None
    return storage.filePath(uri) or None


def in_renamed_store(path: str, store: str | None) -> str:
    """`path` as read from the project of `store`: a layer of a GeoPackage beside the
    store that is not there (the store under its earlier name) is the store's own."""
    if not store:
        return path
    file, bar, rest = path.partition("|")
    folder, name = os.path.split(file)
    if folder not in ("", ".") or not name.lower().endswith(".gpkg"):
        return path
    beside = os.path.join(os.path.dirname(store), name)
    if name == os.path.basename(store) or os.path.exists(beside):
        return path
    return f"./{os.path.basename(store)}{bar}{rest}"


def _preprocess(path: str) -> str:
    try:
        return in_renamed_store(path, store_of_project(QgsProject.instance().fileName()))
    except Exception:  # a project's paths are read whatever happens here
        return path


def install() -> str:
    """Add the path preprocessor; returns its id for `uninstall`."""
    return QgsPathResolver.setPathPreprocessor(_preprocess)


def uninstall(preprocessor: str | None) -> None:
    if preprocessor is not None:
        with contextlib.suppress(KeyError):  # already gone
            QgsPathResolver.removePathPreprocessor(preprocessor)
