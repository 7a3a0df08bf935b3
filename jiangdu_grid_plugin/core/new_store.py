"""A new, empty grid store: the schema, the reference data every store starts with, and
the layers' default styles."""

from __future__ import annotations

import os

from .reference_data import FACILITY_CLASSES, INCIDENT_STATES, MAJOR_CLASSES, WORKFLOW_TRANSITIONS
from .store import build_store
from .styles import install_styles


def seed_reference_data(store, unit_codes=frozenset()) -> None:
    """Workflow steps and moves, and facility classes (naming their competent unit where
    that unit is among `unit_codes`)."""
    store.insert("incident_states", [state._asdict() for state in INCIDENT_STATES])
    store.insert("workflow_transitions", [move._asdict() for move in WORKFLOW_TRANSITIONS])
    store.insert(
        "facility_classes",
        [
            dict(
                code=c.code,
                major_code=c.code[:2],
                major_name=MAJOR_CLASSES[c.code[:2]],
                name=c.name,
                name_en=c.name_en,
                competent_unit_code=c.competent_unit_code
                if c.competent_unit_code in unit_codes
                else None,
            )
            for c in FACILITY_CLASSES
        ],
    )


def create_empty_store(
    path: str | os.PathLike, *, overwrite: bool = False, font: str | None = None
) -> None:
    """A new store; its styles' labels in `font` (a CJK font installed where it is made)
    when given."""
    with build_store(path, overwrite=overwrite) as store, store.transaction():
        seed_reference_data(store)
        install_styles(store, font=font)
