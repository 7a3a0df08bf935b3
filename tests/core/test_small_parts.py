from datetime import datetime, timezone

import pytest

from jiangdu_grid_plugin.core import privacy, requirements, timestamps


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13812345678", "138****5678"),
        (" 14000001234 ", "140****1234"),
        ("0514-8642-1234", "051*******1234"),
        ("12345", "*****"),
        (None, None),
    ],
)
def test_mask_phone(phone, masked):
    assert privacy.mask_phone(phone) == masked


@pytest.mark.parametrize(
    ("name", "masked"), [("王伟", "王*"), ("欧阳明华", "欧**华"), ("李", "李")]
)
def test_mask_name(name, masked):
    assert privacy.mask_name(name) == masked


def test_datetime_text_is_utc_with_milliseconds():
    moment = datetime(2019, 11, 25, 11, 8, 42, 123456, tzinfo=timestamps.CHINA_TZ)
    text = timestamps.to_datetime_text(moment)
    assert text == "2019-11-25T03:08:42.123Z"
    assert timestamps.from_datetime_text(text) == datetime(
        2019, 11, 25, 3, 8, 42, 123000, tzinfo=timezone.utc
    )
    assert timestamps.to_datetime_text(datetime(2019, 2, 1, 0, 30)) == "2019-01-31T16:30:00.000Z"
    assert timestamps.local_date(timestamps.from_datetime_text("2019-01-31T16:30:00Z")).day == 1


def test_missing_and_old_requirements_are_named():
    wanted = (
        requirements.Requirement("numpy", "numpy", "999.0"),
        requirements.Requirement("no_such_module_here", "no-such-package", "1.0"),
        requirements.Requirement("json", "json-is-stdlib", "1.0"),
    )
    problems = requirements.missing_requirements(wanted)
    assert [p.requirement.distribution for p in problems] == ["numpy", "no-such-package"]
    assert "is too old (needs 999.0 or later)" in str(problems[0])
    assert str(problems[1]) == "no-such-package is not installed"
    command = requirements.install_command(problems, platform="linux", release={})
    assert (
        command == 'python3 -m pip install --user --upgrade "numpy>=999.0" "no-such-package>=1.0"'
    )
    assert "OSGeo4W Shell" in requirements.install_command(problems, platform="win32")


def test_the_install_command_is_the_platforms_own():
    shapely, pyproj, psycopg, calendar = (
        requirements.Problem(r, None) for r in requirements.REQUIREMENTS
    )
    debian = {"ID": "debian", "VERSION_ID": "12"}
    assert requirements.install_command([shapely, pyproj, psycopg], "linux", debian) == (
        "sudo apt install python3-pyproj python3-psycopg libgeos-dev python3-dev gcc && "
        'python3 -m pip install --user --break-system-packages --no-binary shapely "shapely>=2.0"'
    )
    trixie = {"ID": "debian", "VERSION_ID": "13"}
    assert requirements.install_command([shapely, psycopg], "linux", trixie) == (
        "sudo apt install python3-shapely python3-psycopg"
    )
    jammy = {"ID": "ubuntu", "ID_LIKE": "debian", "VERSION_ID": "22.04"}
    assert requirements.install_command([psycopg, calendar], "linux", jammy) == (
        'python3 -m pip install --user "psycopg>=3.1" "chinesecalendar>=1.9"'
    )
    assert requirements.install_command([shapely], "win32") == (
        'python -m pip install --upgrade "shapely>=2.0"  (in the OSGeo4W Shell)'
    )


def test_os_release_is_read_from_the_file(tmp_path):
    path = tmp_path / "os-release"
    path.write_text('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n')
    assert requirements.os_release(str(path))["VERSION_ID"] == "12"
    assert requirements.os_release(str(tmp_path / "none")) == {}


def test_this_environment_has_what_the_plugin_needs():
    assert requirements.missing_requirements() == []


def test_wheels_that_bring_their_own_geos_are_found(tmp_path, monkeypatch):
    package = tmp_path / "geoswheel"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (tmp_path / "geoswheel.libs").mkdir()
    (tmp_path / "geoswheel.libs" / "libgeos-3ef06f11.so.3.13.1").write_text("")
    info = tmp_path / "geoswheel-2.1.2.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: geoswheel\nVersion: 2.1.2\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    wanted = (requirements.Requirement("geoswheel", "geoswheel", "2.0", native="GEOS"),)
    problems = requirements.missing_requirements(wanted, platform="linux")
    assert [(p.kind, p.library) for p in problems] == [
        (requirements.OWN_LIBRARY, "libgeos-3ef06f11.so.3.13.1")
    ]
    assert str(problems[0]) == (
        "geoswheel 2.1.2 brings its own GEOS (libgeos-3ef06f11.so.3.13.1), which crashes QGIS "
        "next to the GEOS QGIS uses"
    )
    assert "--force-reinstall --no-binary geoswheel" in requirements.install_command(problems)
    assert requirements.missing_requirements(wanted, platform="win32") == []
