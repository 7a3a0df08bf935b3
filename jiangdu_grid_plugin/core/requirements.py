"""The Python packages the plugin needs beside QGIS, and a check that names what is wrong
and the command that puts it right on the user's platform.

The check looks packages up without importing them, so that it costs nothing at QGIS
start-up; no module QGIS loads at start-up imports them either (a test hides them and
starts the plugin). requirements.txt at the repository's top level lists the same
packages for pip.

Two kinds: *required* (shapely, pyproj: every store read needs them; without them the
plugin's tools are disabled and its algorithms refuse) and *optional* (psycopg for
PostGIS stores, chinesecalendar for China's official working days: only what needs them
is affected).

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
    optional: bool = False  # only some of the plugin's tools need it
    debian: str = ""  # Debian's package, where Debian's is recent enough (see _DEBIAN_TOO_OLD)

    @property
    def pip_spec(self) -> str:
        return f"{self.distribution}>={self.minimum}"


REQUIREMENTS = (
    Requirement("shapely", "shapely", "2.0", native="GEOS", debian="python3-shapely"),
    Requirement("pyproj", "pyproj", "3.3", native="PROJ", debian="python3-pyproj"),
    Requirement("psycopg", "psycopg", "3.1", optional=True, debian="python3-psycopg"),
    Requirement("chinese_calendar", "chinesecalendar", "1.9", optional=True),
)
# Releases whose own package is older than the plugin needs: (ID, VERSION_ID) -> packages.
_DEBIAN_TOO_OLD = {
    ("debian", "11"): {"python3-shapely", "python3-psycopg"},
    ("debian", "12"): {"python3-shapely"},
    ("ubuntu", "20.04"): {"python3-shapely", "python3-psycopg"},
    ("ubuntu", "22.04"): {"python3-shapely", "python3-psycopg"},
}

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


def missing_requirements(
    requirements=None, platform: str = sys.platform, optional: bool = False
) -> list[Problem]:
    """Requirements (by default the required ones of REQUIREMENTS; the optional ones too
    with `optional`) that are absent, older than their minimum, or bring their own copy
    of a library QGIS also loads; in the order given."""
    if requirements is None:
        requirements = [r for r in REQUIREMENTS if optional or not r.optional]
    problems = []
    for requirement in requirements:
        try:
            spec = importlib.util.find_spec(requirement.module)
        except (ImportError, ValueError):  # a module hidden or half-installed
            spec = None
        if spec is None:
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


def os_release(path: str = "/etc/os-release") -> dict[str, str]:
    """The Linux distribution's identity (ID, ID_LIKE, VERSION_ID); empty elsewhere."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError:
        return {}
    pairs = (line.split("=", 1) for line in text.splitlines() if "=" in line)
    return {key.strip(): value.strip().strip('"') for key, value in pairs}


def _is_debian(release: dict[str, str]) -> bool:
    family = {release.get("ID", "")} | set(release.get("ID_LIKE", "").split())
    return bool(family & {"debian", "ubuntu"})


def _externally_managed(release: dict[str, str]) -> bool:
    """Whether the release's Python refuses pip outside a venv unless told (PEP 668:
    Debian 12 and Ubuntu 23.04 on)."""
    version = _version_tuple(release.get("VERSION_ID", "0"))
    first = {"debian": (12,), "ubuntu": (23, 4)}.get(release.get("ID", ""), (99,))
    return version >= first


def install_command(
    problems: list[Problem], platform: str = sys.platform, release: dict[str, str] | None = None
) -> str:
    """The command a user runs to put right what `problems` lists: in the OSGeo4W Shell
    on Windows; with apt on Debian and Ubuntu where their package is recent enough (pip
    builds the rest against the system's GEOS and PROJ); pip elsewhere."""
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
    release = os_release() if release is None and platform.startswith("linux") else release or {}
    if not _is_debian(release):
        return f"python3 -m pip install --user --upgrade {specs}"
    too_old = _DEBIAN_TOO_OLD.get((release.get("ID", ""), release.get("VERSION_ID", "")), set())
    apt = [
        p.requirement.debian
        for p in problems
        if p.requirement.debian and p.requirement.debian not in too_old
    ]
    pip = [p for p in problems if not p.requirement.debian or p.requirement.debian in too_old]
    commands = []
    if any(p.requirement.native for p in pip):
        apt += ["libgeos-dev", "python3-dev", "gcc"]  # to build shapely on the system's GEOS
    if apt:
        commands.append(f"sudo apt install {' '.join(apt)}")
    if pip:
        build = [p.requirement.distribution for p in pip if p.requirement.native]
        no_binary = f" --no-binary {','.join(build)}" if build else ""
        managed = " --break-system-packages" if _externally_managed(release) else ""
        commands.append(
            "python3 -m pip install --user"
            + managed
            + no_binary
            + " "
            + " ".join(f'"{p.requirement.pip_spec}"' for p in pip)
        )
    return " && ".join(commands)
