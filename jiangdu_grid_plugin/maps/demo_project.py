"""Save the supervisor's project into a store (headless QGIS).

python -m jiangdu_grid_plugin.maps.demo_project data/jiangdu_demo.gpkg
"""

from __future__ import annotations

import sys

from qgis.core import QgsApplication

from .project import save_project_in_store


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    app = QgsApplication([], False)
    app.initQgis()
    try:
        uri = save_project_in_store(argv[0])
        print(f"project: saved as {uri}")
    finally:
        app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
