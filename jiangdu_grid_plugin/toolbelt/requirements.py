"""Missing Python packages, described for the user in their language: one sentence that
names each problem, what it stops, and the command that puts it right."""

from __future__ import annotations

from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from ..core.requirements import MISSING, TOO_OLD, Problem, install_command

# On one line: pylupdate5 misses literals in calls the formatter splits with a trailing comma.
_OWN_LIBRARY = QT_TRANSLATE_NOOP("Requirements", "{name} {version} brings its own {library} ({file}), which can crash QGIS next to the {library} QGIS uses")  # noqa: E501  # fmt: skip
# What each optional package serves (the required ones serve everything).
_POSTGIS = QT_TRANSLATE_NOOP("Requirements", "PostGIS stores need it")
_CALENDAR = QT_TRANSLATE_NOOP("Requirements", "working days follow China's official calendar with it, Monday to Friday without")  # noqa: E501  # fmt: skip
_SERVES = {"psycopg": _POSTGIS, "chinesecalendar": _CALENDAR}


def _tr(text: str) -> str:
    return QCoreApplication.translate("Requirements", text)


def _problem(problem: Problem) -> str:
    requirement = problem.requirement
    if problem.kind == MISSING:
        text = QCoreApplication.translate("Requirements", "{name} is not installed").format(
            name=requirement.distribution
        )
    elif problem.kind == TOO_OLD:
        text = QCoreApplication.translate(
            "Requirements", "{name} {version} is too old (needs {minimum} or later)"
        ).format(name=requirement.distribution, version=problem.found, minimum=requirement.minimum)
    else:
        text = _tr(_OWN_LIBRARY).format(
            name=requirement.distribution,
            version=problem.found,
            library=requirement.native,
            file=problem.library,
        )
    if requirement.optional and requirement.distribution in _SERVES:
        text += " (" + _tr(_SERVES[requirement.distribution]) + ")"
    return text


def describe(problems: list[Problem]) -> str:
    """One sentence naming every problem and the command that installs what is missing."""
    return QCoreApplication.translate("Requirements", "{problems}. Install with: {command}").format(
        problems="; ".join(_problem(problem) for problem in problems),
        command=install_command(problems),
    )


def blocking(problems: list[Problem]) -> bool:
    """Whether the plugin's tools cannot work (a required package is missing)."""
    return any(not problem.requirement.optional for problem in problems)
