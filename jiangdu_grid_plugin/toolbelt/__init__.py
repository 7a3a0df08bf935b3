"""Small QGIS-facing helpers shared by the plugin's parts: logging, translation."""
