"""Save the supervisor's project into a store and print its town atlas (headless QGIS).

python -m jiangdu_grid_plugin.maps.demo_project data/jiangdu_demo.gpkg [atlas.pdf]
"""

from __future__ import annotations

import sys

from qgis.core import QgsApplication, QgsProject

from . import tianditu
from .atlas import ATLAS_NAME, export_atlas_pdf
from .project import project_uri, save_project_in_store


def main(argv: list[str]) -> int:
    if len(argv) not in (1, 2):
        print(__doc__, file=sys.stderr)
        return 2
    app = QgsApplication([], False)
    app.initQgis()
    try:
        project = save_project_in_store(argv[0], QgsProject.instance())
        print(f"project: saved as {project_uri(argv[0])}")
        if project.layerTreeRoot().findGroup(tianditu.GROUP_NAME) is None:
            print(f"tianditu: {tianditu.missing_key_message()}")
        if len(argv) == 2:
            pages = export_atlas_pdf(project.layoutManager().layoutByName(ATLAS_NAME), argv[1])
            print(f"atlas: {pages} pages in {argv[1]}")
        project.clear()  # its layers and layouts go before QGIS does
    finally:
        app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
