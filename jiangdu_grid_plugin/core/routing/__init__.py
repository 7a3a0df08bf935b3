"""Routing incidents to grids, officers, leaders and units (see router.py for the rules)."""

from .locator import ExactLocator, GridLocator, Located
from .router import DEFAULT_TOLERANCE_M, RULES, Person, Roster, Route, Router, invalid_result

__all__ = [
    "DEFAULT_TOLERANCE_M",
    "RULES",
    "ExactLocator",
    "GridLocator",
    "Located",
    "Person",
    "Roster",
    "Route",
    "Router",
    "invalid_result",
]
