"""Routing incidents to grids, officers, leaders and units (see router.py for the rules).

The names below are imported on first use (they need shapely and numpy), so that the
plugin's Processing provider loads, and says what is missing, where those are absent."""

from importlib import import_module

DEFAULT_TOLERANCE_M = 200.0  # how far outside every grid a point is still routed
_WHERE = {
    "ExactLocator": ".locator",
    "GridLocator": ".locator",
    "Located": ".locator",
    "RULES": ".router",
    "Person": ".router",
    "Roster": ".router",
    "Route": ".router",
    "Router": ".router",
    "invalid_result": ".router",
}

__all__ = ["DEFAULT_TOLERANCE_M", *_WHERE]


def __getattr__(name: str):
    if name in _WHERE:
        return getattr(import_module(_WHERE[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
