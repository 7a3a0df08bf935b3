"""The QGIS-free core: codes, the grid store, routing, workflow, density, coordinates and
the demo data.

Nothing under this package imports QGIS, Qt or Processing; it speaks plain Python, shapely
geometries and numpy arrays, so that it runs (and is tested) in any Python.
"""
