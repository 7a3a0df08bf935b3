"""The `jiangdu_grid` Processing provider."""

from __future__ import annotations

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon

from ..__about__ import PLUGIN_DIR, PROVIDER_ID, __version__
from .convert_chinese_coordinates import ConvertChineseCoordinatesAlgorithm
from .copy_store import CopyStoreAlgorithm
from .copy_store_to_geopackage import CopyStoreToGeoPackageAlgorithm
from .create_store import CreateStoreAlgorithm
from .density_by_town import DensityByTownAlgorithm
from .escalate_overdue import EscalateOverdueAlgorithm
from .export_open311 import ExportOpen311Algorithm
from .geocode_facility_codes import GeocodeFacilityCodesAlgorithm
from .hotline_replies import HotlineRepliesAlgorithm
from .import_field_reports import ImportFieldReportsAlgorithm
from .import_hotline import ImportHotlineAlgorithm
from .import_open311 import ImportOpen311Algorithm
from .move_incidents import MoveIncidentsAlgorithm
from .package_for_field import PackageForFieldAlgorithm
from .route_incidents import RouteIncidentsAlgorithm
from .upgrade_store import UpgradeStoreAlgorithm
from .validate_grids import ValidateGridsAlgorithm
from .workflow_report import WorkflowReportAlgorithm

ALGORITHMS = (
    ConvertChineseCoordinatesAlgorithm,
    CopyStoreAlgorithm,
    CopyStoreToGeoPackageAlgorithm,
    CreateStoreAlgorithm,
    DensityByTownAlgorithm,
    EscalateOverdueAlgorithm,
    ExportOpen311Algorithm,
    GeocodeFacilityCodesAlgorithm,
    HotlineRepliesAlgorithm,
    ImportFieldReportsAlgorithm,
    ImportHotlineAlgorithm,
    ImportOpen311Algorithm,
    MoveIncidentsAlgorithm,
    PackageForFieldAlgorithm,
    RouteIncidentsAlgorithm,
    UpgradeStoreAlgorithm,
    ValidateGridsAlgorithm,
    WorkflowReportAlgorithm,
)


class JiangduGridProvider(QgsProcessingProvider):
    def id(self) -> str:
        return PROVIDER_ID

    def name(self) -> str:
        return QCoreApplication.translate("JiangduGridProvider", "Jiangdu grid governance")

    def longName(self) -> str:
        return f"{self.name()} {__version__}"

    def icon(self) -> QIcon:
        return QIcon(str(PLUGIN_DIR / "resources" / "icon.svg"))

    def versionInfo(self) -> str:
        return __version__

    def loadAlgorithms(self) -> None:
        for algorithm in ALGORITHMS:
            self.addAlgorithm(algorithm())
