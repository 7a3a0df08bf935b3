"""The Python packages the plugin needs beside QGIS, and a check that names what is missing.

The check looks packages up without importing them, so that it costs nothing at QGIS
start-up. requirements.txt at the repository's top level lists the same packages for pip.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import re
import sys
from dataclasses import dataclass


@dataclass(frozen=True)
class Requirement:
    module: str
    distribution: str
    minimum: str

    @property
    def pip_spec(self) -> str:
        return f"{self.distribution}>={self.minimum}"


REQUIREMENTS = (
    Requirement("shapely", "shapely", "2.0"),
    Requirement("pyproj", "pyproj", "3.3"),
    Requirement("sqlite_utils", "sqlite-utils", "3.30"),
)


@dataclass(frozen=True)
class Problem:
    requirement: Requirement
    found: str | None

    def __str__(self) -> str:
        if self.found is None:
            return f"{self.requirement.distribution} is not installed"
        return (
            f"{self.requirement.distribution} {self.found} is too old "
            f"(needs {self.requirement.minimum} or later)"
        )


def _version_tuple(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version)[:3])


def missing_requirements(requirements=None) -> list[Problem]:
    """Requirements (by default REQUIREMENTS) that are absent or older than their
    minimum, in the order given."""
    problems = []
    for requirement in REQUIREMENTS if requirements is None else requirements:
        if importlib.util.find_spec(requirement.module) is None:
            problems.append(Problem(requirement, None))
            continue
        try:
            found = importlib.metadata.version(requirement.distribution)
        except importlib.metadata.PackageNotFoundError:
            continue  # importable without metadata (a vendored copy): trust it
        if _version_tuple(found) < _version_tuple(requirement.minimum):
            problems.append(Problem(requirement, found))
    return problems


def install_command(problems: list[Problem], platform: str = sys.platform) -> str:
    """The command a user runs to install what `problems` lists."""
    specs = " ".join(f'"{problem.requirement.pip_spec}"' for problem in problems)
    if platform.startswith("win"):
        return f"python -m pip install --upgrade {specs}  (in the OSGeo4W Shell)"
    return f"python3 -m pip install --user --upgrade {specs}"
