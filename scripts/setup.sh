#!/usr/bin/env bash
# Installs what development and the demo need on Debian 12 or 13, and nothing twice.
#
# - Debian packages: QGIS with its Python bindings, GDAL's Python bindings and tools,
#   Xvfb and ImageMagick for screenshots, a CJK font, poppler for looking at PDFs, Qt's
#   translation tools, and PostgreSQL with PostGIS (the tests start their own server).
# - A virtual environment made from /usr/bin/python3 (the Python QGIS is built for) with
#   the system's site packages visible, so that `import qgis` works inside it.
# - Python packages from requirements-dev.txt, with numpy held at the system's version
#   because QGIS's GDAL bindings are compiled against it.
#
# A stamp keyed on this script and the requirement files makes a second run take no time.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
APT_PACKAGES=(
  qgis python3-qgis python3-gdal gdal-bin python3-venv python3-pip
  xvfb xauth x11-utils imagemagick fonts-noto-cjk poppler-utils
  qttools5-dev-tools pyqt5-dev-tools python3-pyproj python3-scipy sqlite3
  libgeos-dev python3-dev gcc
  postgresql postgresql-postgis
)

stamp="$VENV/.setup-$(cat scripts/setup.sh requirements.txt requirements-dev.txt | sha1sum | cut -c1-12)"
if [ -f "$stamp" ] && [ -x "$VENV/bin/python" ]; then
  exit 0
fi

missing=()
for package in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { echo "setup: run as root or install sudo" >&2; exit 1; }
    sudo=sudo
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

if ! /usr/bin/python3 -c "import qgis.core" 2>/dev/null; then
  echo "setup: /usr/bin/python3 cannot import qgis after installing python3-qgis" >&2
  exit 1
fi

if [ ! -x "$VENV/bin/python" ]; then
  echo "setup: creating $VENV from /usr/bin/python3 with system site packages"
  /usr/bin/python3 -m venv --system-site-packages "$VENV"
fi

# Hold numpy at the version QGIS's GDAL bindings were built against, and pyproj at the
# system's: a pyproj wheel brings its own PROJ library, and two PROJs in one QGIS process
# crash it at exit (seen in qgis_process 3.22).
/usr/bin/python3 -c 'import numpy, pyproj; print(f"numpy=={numpy.__version__}\npyproj=={pyproj.__version__}")' \
  > "$VENV/constraints.txt"
# pytest-qgis 3 and later need QGIS 3.34.
qgis_version=$(/usr/bin/python3 -c 'from qgis.core import Qgis; print(Qgis.QGIS_VERSION_INT)')
if [ "$qgis_version" -lt 33400 ]; then pytest_qgis="pytest-qgis==2.1.0"; else pytest_qgis="pytest-qgis>=3"; fi

# Debian's pyproj looks for PROJ's data under sys.prefix, which in a venv is the venv.
mkdir -p "$VENV/share"
[ -e "$VENV/share/proj" ] || ln -s /usr/share/proj "$VENV/share/proj"

# shapely is built from source against the system's GEOS, the one QGIS uses: a shapely
# wheel carries its own GEOS, and in a program linked with GEOS (qgis, qgis_process) the
# two get mixed up and crash it.
echo "setup: installing Python packages into $VENV (building shapely takes a minute)"
"$VENV/bin/python" -m pip install -q --disable-pip-version-check --no-binary shapely \
  -c "$VENV/constraints.txt" -r requirements-dev.txt "$pytest_qgis"

rm -f "$VENV"/.setup-*
touch "$stamp"
echo "setup: done ($("$VENV/bin/python" -c 'from qgis.core import Qgis; import shapely; print("QGIS", Qgis.QGIS_VERSION, "- shapely", shapely.__version__)'))"
