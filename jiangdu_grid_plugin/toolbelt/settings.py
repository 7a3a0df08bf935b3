"""The user's settings, kept in QGIS's settings (set in Settings ▸ Options ▸ Jiangdu
Grid): the role in the six-step loop (a grid officer, the command centre, or a
supervisor, who reads and changes nothing), the encoding CSV outputs get by default, and
the user's Tianditu (天地图) key for the basemap."""

from __future__ import annotations

from qgis.core import QgsSettings

ROLE = "jiangdu_grid/role"
NAME = "jiangdu_grid/actor_name"
OFFICER = "jiangdu_grid/officer_id"
# Roles a user of the plugin can have; the first two are roles of the loop's table.
USER_ROLES = ("supervisor", "command_centre", "grid_officer")
READ_ONLY = "supervisor"
CSV_ENCODING = "jiangdu_grid/csv_encoding"
# Encodings of CSV outputs: UTF-8 with a byte-order mark (which Excel needs to read UTF-8),
# or GB18030 for older Excel and tools that read the Chinese Windows code page.
CSV_ENCODINGS = ("utf-8-sig", "gb18030")
TIANDITU_KEY = "jiangdu_grid/tianditu_key"


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


def csv_encoding() -> str:
    value = QgsSettings().value(CSV_ENCODING, CSV_ENCODINGS[0], type=str)
    return value if value in CSV_ENCODINGS else CSV_ENCODINGS[0]


def save_csv_encoding(value: str) -> None:
    if value not in CSV_ENCODINGS:
        raise ValueError(f"unknown CSV encoding {value!r}")
    QgsSettings().setValue(CSV_ENCODING, value)


def tianditu_key() -> str:
    """The user's Tianditu key ("" when none is set). It lives in the user's QGIS
    settings only: never in a project, a store or the repository."""
    return QgsSettings().value(TIANDITU_KEY, "", type=str).strip()


def save_tianditu_key(key: str) -> None:
    QgsSettings().setValue(TIANDITU_KEY, key.strip())
