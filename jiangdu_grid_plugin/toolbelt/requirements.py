"""Missing Python packages, described for the user in their language."""

from __future__ import annotations

from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from ..core.requirements import MISSING, TOO_OLD, Problem, install_command

# On one line: pylupdate5 misses literals in calls the formatter splits with a trailing comma.
_OWN_LIBRARY = QT_TRANSLATE_NOOP("Requirements", "{name} {version} brings its own {library} ({file}), which can crash QGIS next to the {library} QGIS uses")  # noqa: E501  # fmt: skip


def describe(problems: list[Problem]) -> str:
    """One sentence naming every problem and the command that installs what is missing."""
    found = []
    for problem in problems:
        requirement = problem.requirement
        if problem.kind == MISSING:
            found.append(
                QCoreApplication.translate("Requirements", "{name} is not installed").format(
                    name=requirement.distribution
                )
            )
        elif problem.kind == TOO_OLD:
            found.append(
                QCoreApplication.translate(
                    "Requirements", "{name} {version} is too old (needs {minimum} or later)"
                ).format(
                    name=requirement.distribution,
                    version=problem.found,
                    minimum=requirement.minimum,
                )
            )
        else:
            found.append(
                QCoreApplication.translate("Requirements", _OWN_LIBRARY).format(
                    name=requirement.distribution,
                    version=problem.found,
                    library=requirement.native,
                    file=problem.library,
                )
            )
    return QCoreApplication.translate("Requirements", "{problems}. Install with: {command}").format(
        problems="; ".join(found), command=install_command(problems)
    )
