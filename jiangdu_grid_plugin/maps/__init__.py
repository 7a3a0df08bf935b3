"""Maps, projects and print layouts built with QGIS from a grid store."""
