"""The two backends of a store, for tests that run on both: a GeoPackage file, and its
copy in a PostGIS schema of the session's server (tests/conftest.py's postgres)."""

from __future__ import annotations

import itertools
from contextlib import contextmanager

from jiangdu_grid_plugin.core.store import open_store
from jiangdu_grid_plugin.core.store.location import StoreLocation
from jiangdu_grid_plugin.core.store.postgres import copy_to_postgis

BACKENDS = ["gpkg", "postgis"]
_SCHEMAS = itertools.count()


@contextmanager
def store_on(request, backend: str, path):
    """The store file at `path` open on `backend` (copied into a new schema for
    PostGIS); its `location` names it."""
    location, schema = path, None
    if backend == "postgis":
        location, schema = request.getfixturevalue("postgres").conninfo(), f"t{next(_SCHEMAS)}"
        with open_store(path) as source:
            copy_to_postgis(source, StoreLocation.postgis(location, schema))
    with open_store(location, schema=schema) as store:
        yield store
