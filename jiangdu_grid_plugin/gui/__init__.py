"""The plugin's docks, map tools and dialogs (QGIS and Qt)."""
