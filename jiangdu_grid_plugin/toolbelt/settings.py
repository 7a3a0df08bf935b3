"""The user's role in the six-step loop, kept in QGIS's settings (set in Settings ▸
Options ▸ Jiangdu Grid): a grid officer, the command centre, or a supervisor, who reads
and changes nothing."""

from __future__ import annotations

from qgis.core import QgsSettings

ROLE = "jiangdu_grid/role"
NAME = "jiangdu_grid/actor_name"
OFFICER = "jiangdu_grid/officer_id"
# Roles a user of the plugin can have; the first two are roles of the loop's table.
USER_ROLES = ("supervisor", "command_centre", "grid_officer")
READ_ONLY = "supervisor"


def role() -> str:
    value = QgsSettings().value(ROLE, READ_ONLY, type=str)
    return value if value in USER_ROLES else READ_ONLY


def actor_name() -> str:
    return QgsSettings().value(NAME, "", type=str).strip()


def officer_id() -> int | None:
    value = QgsSettings().value(OFFICER, "", type=str).strip()
    return int(value) if value.isdigit() else None


def save(role_value: str, name: str, officer: int | None) -> None:
    if role_value not in USER_ROLES:
        raise ValueError(f"unknown role {role_value!r}")
    settings = QgsSettings()
    settings.setValue(ROLE, role_value)
    settings.setValue(NAME, name.strip())
    settings.setValue(OFFICER, "" if officer is None else str(officer))


def actor():
    """The core's Actor for the user, or None for a read-only user (or one without a
    name: moves are signed)."""
    from ..core.workflow import Actor

    if role() == READ_ONLY or not actor_name():
        return None
    return Actor(role(), actor_name(), officer_id())
