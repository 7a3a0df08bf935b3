"""The Python packages the plugin needs beside QGIS, and a check that names what is wrong.

The check looks packages up without importing them, so that it costs nothing at QGIS
start-up. requirements.txt at the repository's top level lists the same packages for pip.

Besides missing and too-old packages it finds one trap: on Linux and macOS a shapely or
pyproj *wheel* from PyPI carries its own copy of GEOS or PROJ. QGIS is linked with the
system's copies, and in the QGIS program the two get mixed up: QGIS crashes in the first
shapely call (seen with qgis_process 3.22) or when it exits (pyproj). Such a package must
be built against the libraries QGIS uses instead (or come from the system's packages).
On Windows each DLL keeps its own symbols and wheels are safe.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import re
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Requirement:
    module: str
    distribution: str
    minimum: str
    native: str = ""  # the native library a wheel of it may bundle (GEOS, PROJ)

    @property
    def pip_spec(self) -> str:
        return f"{self.distribution}>={self.minimum}"


REQUIREMENTS = (
    Requirement("shapely", "shapely", "2.0", native="GEOS"),
    Requirement("pyproj", "pyproj", "3.3", native="PROJ"),
)

MISSING, TOO_OLD, OWN_LIBRARY = "missing", "too_old", "own_library"


@dataclass(frozen=True)
class Problem:
    requirement: Requirement
    found: str | None
    kind: str = MISSING
    library: str | None = None  # for OWN_LIBRARY: the bundled library's file

    def __str__(self) -> str:
        name = self.requirement.distribution
        if self.kind == MISSING:
            return f"{name} is not installed"
        if self.kind == TOO_OLD:
            return f"{name} {self.found} is too old (needs {self.requirement.minimum} or later)"
        return (
            f"{name} {self.found} brings its own {self.requirement.native} ({self.library}), "
            f"which crashes QGIS next to the {self.requirement.native} QGIS uses"
        )


def _version_tuple(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version)[:3])


def bundled_library(module: str, native: str, platform: str = sys.platform) -> str | None:
    """The native library a wheel put beside the package (auditwheel's `<name>.libs`,
    delocate's `.dylibs`), if any. None on Windows, where that is harmless."""
    if not native or platform.startswith("win"):
        return None
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        return None
    package = Path(next(iter(spec.submodule_search_locations)))
    prefix = {"GEOS": "libgeos", "PROJ": "libproj"}[native]
    for folder in (package.parent / f"{module}.libs", package / ".dylibs"):
        if folder.is_dir():
            for library in sorted(folder.iterdir()):
                if library.name.startswith(prefix):
                    return library.name
    return None


def missing_requirements(requirements=None, platform: str = sys.platform) -> list[Problem]:
    """Requirements (by default REQUIREMENTS) that are absent, older than their minimum,
    or bring their own copy of a library QGIS also loads; in the order given."""
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
            problems.append(Problem(requirement, found, TOO_OLD))
            continue
        library = bundled_library(requirement.module, requirement.native, platform)
        if library:
            problems.append(Problem(requirement, found, OWN_LIBRARY, library))
    return problems


def install_command(problems: list[Problem], platform: str = sys.platform) -> str:
    """The command a user runs to put right what `problems` lists."""
    specs = " ".join(f'"{problem.requirement.pip_spec}"' for problem in problems)
    if platform.startswith("win"):
        return f"python -m pip install --upgrade {specs}  (in the OSGeo4W Shell)"
    own = [p.requirement.distribution for p in problems if p.kind == OWN_LIBRARY]
    if own:
        # Built from source against the system's GEOS and PROJ (needs their -dev packages).
        return (
            f"python3 -m pip install --user --upgrade --force-reinstall "
            f"--no-binary {','.join(own)} {specs}"
        )
    return f"python3 -m pip install --user --upgrade {specs}"
