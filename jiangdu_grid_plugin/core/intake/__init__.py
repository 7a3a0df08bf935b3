"""Reports entered where they happen (采集上报): in QGIS's own forms and in QField on an
officer's phone.

The store itself routes a report whoever writes it (store/intake_rules.py and the
triggers of each backend). This package does what needs more than a row: photos
(photos.py: types, sizes, EXIF), possible duplicates confirmed or cleared by the command
centre (duplicates.py), an officer's field package for QGIS and QField (field_package.py,
its tables in package_schema.py), and the import of what came back from the field
(field_import.py). Sentences are texts.py's.
"""
