"""The plugin's identity, read from metadata.txt so that it is written down once.

metadata.txt sits beside this file in the installed plugin and at the repository's top
level in the source tree.
"""

from configparser import ConfigParser

from .core.paths import PACKAGE_DIR, shipped

PLUGIN_DIR = PACKAGE_DIR


def _read_metadata() -> dict:
    parser = ConfigParser(interpolation=None)
    parser.read(shipped("metadata.txt"), encoding="utf-8")
    return dict(parser["general"])


_metadata = _read_metadata()

__title__ = _metadata["name"]
__version__ = _metadata["version"]
__summary__ = _metadata["description"]
__homepage__ = _metadata["homepage"]
__tracker__ = _metadata["tracker"]
__qgis_minimum_version__ = _metadata["qgisminimumversion"]
LOG_TAG = "Jiangdu Grid"
PROVIDER_ID = "jiangdu_grid"
