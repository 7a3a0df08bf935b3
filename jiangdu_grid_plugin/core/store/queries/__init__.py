"""The store's reads and writes that both backends answer with the same SQL, by subject:
routing, the six-step loop, density, the grids, the facilities, the hotline import, the
headline figures. Each subject is a class over `StoreBase` (what a backend provides);
`StoreQueries` is all of them, the base class of GeoPackageStore and PostGISStore."""

from .answers import AnswerQueries
from .base import StoreBase
from .density import DENSITY_LAYERS, DensityQueries
from .facilities import JOINED_VALUES, FacilityQueries
from .grids import GridQueries
from .hotline import HotlineQueries
from .indicators import INDICATOR_COUNTS, IndicatorQueries
from .intake import IntakeQueries
from .loop import INCIDENT_FILTERS, NO_FILTER, LoopQueries, incident_filter_sql
from .routing import RoutingQueries
from .summary import SummaryQueries

__all__ = [
    "DENSITY_LAYERS",
    "INCIDENT_FILTERS",
    "INDICATOR_COUNTS",
    "JOINED_VALUES",
    "NO_FILTER",
    "StoreBase",
    "StoreQueries",
    "incident_filter_sql",
]


class StoreQueries(
    RoutingQueries,
    LoopQueries,
    IndicatorQueries,
    AnswerQueries,
    DensityQueries,
    GridQueries,
    FacilityQueries,
    HotlineQueries,
    SummaryQueries,
    IntakeQueries,
):
    """Reads and writes shared by GeoPackageStore and PostGISStore."""
