"""The zip `make package` builds passes the QGIS plugin repository's checks and declares
QGIS 4; and no file of the repository has a name Windows cannot store."""

from __future__ import annotations

import configparser
import subprocess
import zipfile

import pytest

from tools import package


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return package.make_zip(tmp_path_factory.mktemp("package") / "plugin.zip")


def test_the_zip_passes_the_plugin_repository_checks(archive):
    assert package.check_zip(archive) == []
    with zipfile.ZipFile(archive) as opened:
        names = opened.namelist()
        metadata = configparser.ConfigParser(interpolation=None)
        metadata.optionxform = str
        metadata.read_string(opened.read("jiangdu_grid_plugin/metadata.txt").decode("utf-8"))
    general = metadata["general"]
    assert (general["qgisMinimumVersion"], general["qgisMaximumVersion"]) == ("3.22", "4.99")
    assert general["supportsQt6"] == "True"
    assert general["changelog"].startswith("0.1.0")
    assert "jiangdu_grid_plugin/LICENSE" in names
    assert f"jiangdu_grid_plugin/{general['icon']}" in names
    assert not [name for name in names if name.endswith((".pyc", ".ts")) or "__pycache__" in name]


def test_a_zip_the_repository_would_refuse_is_refused(tmp_path):
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as opened:
        opened.writestr("my plugin/__init__.py", "def classFactory(iface): ...\n")
        opened.writestr(
            "my plugin/metadata.txt",
            "[general]\nname=X\ndescription=x\nabout=x\nversion=1.0\nqgisMinimumVersion=3.22\n"
            "author=a/b\ntracker=bugs\nrepository=https://example.org/x\nicon=icon.png\n"
            "experimental=maybe\n",
        )
        opened.writestr("my plugin/__pycache__/plugin.cpython-311.pyc", b"\x00")
        opened.writestr("my plugin/lib/fast.so", b"\x7fELF\x02\x01")
        opened.writestr("my plugin/data/t:0", "")
    assert package.check_zip(bad) == [
        "my plugin/__pycache__/plugin.cpython-311.pyc: a __pycache__ folder",
        "my plugin/__pycache__/plugin.cpython-311.pyc: compiled or binary code",
        "my plugin/lib/fast.so: compiled or binary code",
        'my plugin/data/t:0: a Windows file name cannot contain any of <>:"|?*\\',
        "my plugin: the top folder's name must be ASCII letters, digits, - and _",
        "my plugin/LICENSE is missing",
        "metadata.txt: email is missing or empty",
        "metadata.txt: experimental must be True or False",
        "metadata.txt: tracker is not a web address",
        "metadata.txt: the author cannot contain a slash",
        "metadata.txt: the icon icon.png is not in the archive",
        "metadata.txt: qgisMaximumVersion must be 4.0 or later for QGIS 4",
        "metadata.txt: supportsQt6=True is missing",
    ]


def test_no_tracked_file_has_a_name_windows_cannot_store():
    listed = subprocess.run(
        ["git", "-C", str(package.ROOT), "ls-files", "-z"],
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    names = [name for name in listed.split("\0") if name]
    assert len(names) > 100
    assert [p for p in map(package.windows_name_problem, names) if p] == []


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("postgis:t0", 'postgis:t0: a Windows file name cannot contain any of <>:"|?*\\'),
        ("data/what?.csv", 'data/what?.csv: a Windows file name cannot contain any of <>:"|?*\\'),
        ("docs/CON.md", "docs/CON.md: CON is a name Windows reserves"),
        ("notes/draft.", "notes/draft.: a Windows file name cannot end with a space or a dot"),
        ("styles/grids@heatmap.qml", None),
    ],
)
def test_windows_file_names(name, problem):
    assert package.windows_name_problem(name) == problem
