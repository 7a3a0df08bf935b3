"""Refresh the Chinese translation source (.ts) from the plugin's code, with whichever
extractor this machine has: pylupdate5 (PyQt5, Qt 5 systems such as Debian 12's QGIS
3.22), pylupdate6 (PyQt6: on PATH, or in build/pyqt6-env, which `make qt6-env` makes), or
Qt 6's own lupdate, which reads Python since Qt 6.2 (Debian: qt6-l10n-tools).

    python -m tools.translations                       # update the committed .ts
    python -m tools.translations --tool pylupdate6     # with that extractor

The code's strings are all the tools read: the .ts keeps its translations, gains the new
sources as unfinished and loses the ones the code no longer has.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLUGIN = ROOT / "jiangdu_grid_plugin"
TS = PLUGIN / "i18n" / "jiangdu_grid_plugin_zh_CN.ts"
PYQT6_ENV = ROOT / "build" / "pyqt6-env"
QT6_LUPDATE = (Path("/usr/lib/qt6/bin/lupdate"), Path("/usr/lib/qt6/libexec/lupdate"))
TOOLS = ("pylupdate5", "pylupdate6", "lupdate6")


def sources() -> list[Path]:
    """The files with user-visible strings: Python and .ui outside the QGIS-free core."""
    return sorted(
        path
        for path in PLUGIN.rglob("*")
        if path.suffix in (".py", ".ui")
        and "core" not in path.relative_to(PLUGIN).parts
        and "__pycache__" not in path.parts
    )


def find(tool: str) -> Path | None:
    """The executable of an extractor, or None when this machine lacks it."""
    if tool == "pylupdate5":
        found = shutil.which("pylupdate5")
    elif tool == "pylupdate6":
        local = PYQT6_ENV / "bin" / "pylupdate6"
        found = str(local) if local.exists() else shutil.which("pylupdate6")
    else:
        found = next((str(path) for path in QT6_LUPDATE if path.exists()), None)
        plain = shutil.which("lupdate")
        if found is None and plain and "version 6" in _version(plain):
            found = plain
    return Path(found) if found else None


def _version(executable: str) -> str:
    done = subprocess.run([executable, "-version"], capture_output=True, text=True)
    return done.stdout + done.stderr


def command(tool: str, executable: Path, files: list[Path], ts: Path) -> list[str]:
    names = [str(path) for path in files]
    if tool == "pylupdate5":
        return [str(executable), "-noobsolete", *names, "-ts", str(ts)]
    if tool == "pylupdate6":
        return [str(executable), "--no-obsolete", "--no-summary", *names, "--ts", str(ts)]
    return [str(executable), "-silent", "-no-obsolete", "-locations", "relative", *names,
            "-ts", str(ts)]  # fmt: skip


def update(ts: Path = TS, tool: str | None = None) -> str:
    """Refresh `ts` from the code with `tool` (the first available by default); returns
    the tool used."""
    candidates = [tool] if tool else list(TOOLS)
    for name in candidates:
        executable = find(name)
        if executable is not None:
            subprocess.run(command(name, executable, sources(), ts), check=True, cwd=ROOT)
            return name
    raise RuntimeError(
        f"no translation extractor found ({', '.join(candidates)}): install pyqt5-dev-tools "
        "or qt6-l10n-tools, or run `make qt6-env` for pylupdate6"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.translations", description=__doc__)
    parser.add_argument("--tool", choices=TOOLS)
    parser.add_argument("--ts", type=Path, default=TS)
    args = parser.parse_args(argv)
    try:
        used = update(args.ts, args.tool)
    except (RuntimeError, subprocess.CalledProcessError) as error:
        print(f"ts: {error}", file=sys.stderr)
        return 1
    print(f"ts: {args.ts.relative_to(ROOT) if args.ts.is_absolute() else args.ts} ({used})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
