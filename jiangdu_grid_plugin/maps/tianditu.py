"""The Tianditu (天地图) basemap: the national map service's vector map and its Chinese
labels, in CGCS2000 (no GCJ-02 offset, unlike the commercial maps), as XYZ tiles.

Tianditu serves tiles only with a key (`tk`) each user gets at
https://console.tianditu.gov.cn. The key is the user's own: it is kept in their QGIS
settings (Settings ▸ Options ▸ Jiangdu Grid), and never in a project, a store or the
repository. A project holds KEY_PLACEHOLDER where the key goes; `KeyGuard`, installed by
the plugin, puts the user's key in when a project is read and takes it out again when one
is written, and says so in the message bar when Tianditu refuses the key.
"""

from __future__ import annotations

import contextlib
import logging
from urllib.parse import quote

from qgis.core import QgsNetworkAccessManager, QgsPathResolver, QgsRasterLayer
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from qgis.PyQt.QtNetwork import QNetworkReply, QNetworkRequest

from ..toolbelt import settings

LOGGER = logging.getLogger(__name__)
GROUP_NAME = "天地图底图"
HOST = "tianditu.gov.cn"
KEY_PLACEHOLDER = "JIANGDU_TIANDITU_KEY"
# Tianditu layer code → the layer's name in the project: the vector map, then its labels.
LAYERS = (("vec", "天地图矢量"), ("cva", "天地图矢量注记"))
KEY_CONSOLE = "https://console.tianditu.gov.cn"
# Sentences translated in the context "Tianditu". Left unformatted: pylupdate5 misses a
# call whose last argument ends with a comma.
# fmt: off
MISSING_KEY = QT_TRANSLATE_NOOP(
    "Tianditu",
    "No Tianditu key is set, so the Tianditu basemap is not added. Get a key at "
    "{console} and enter it in Settings ▸ Options ▸ Jiangdu Grid."
)
REFUSED = QT_TRANSLATE_NOOP(
    "Tianditu",
    "Tianditu refused the basemap tiles ({reason}): the key in Settings ▸ Options ▸ "
    "Jiangdu Grid is wrong or expired, or not allowed for this use (Tianditu keys are "
    "for a browser or a server). Check it at {console}."
)
# fmt: on


def tile_url(layer: str, key: str, server: int = 0) -> str:
    """The WMTS GetTile address of a Tianditu layer in Web Mercator ("w") tiles, with the
    {x}, {y}, {z} an XYZ layer fills in."""
    return (
        f"https://t{server}.{HOST}/{layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
        f"&LAYER={layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles"
        f"&TILEMATRIX={{z}}&TILEROW={{y}}&TILECOL={{x}}&tk={key}"
    )


def layer_uri(layer: str, key: str) -> str:
    """The data source of QGIS's XYZ provider for a Tianditu layer."""
    return f"type=xyz&url={quote(tile_url(layer, key), safe=':/{}?')}&zmin=1&zmax=18"


class MissingKeyError(ValueError):
    pass


def missing_key_message() -> str:
    return QCoreApplication.translate("Tianditu", MISSING_KEY).format(console=KEY_CONSOLE)


def basemap_layers(key: str) -> list[QgsRasterLayer]:
    """The Tianditu layers, labels first; raises MissingKeyError without a key."""
    if not key:
        raise MissingKeyError(missing_key_message())
    return [QgsRasterLayer(layer_uri(code, key), name, "wms") for code, name in reversed(LAYERS)]


def add_basemap(project, key: str):
    """Add the Tianditu layers as the bottom group of the project, switched off, unless the
    project has them; returns the group. Raises MissingKeyError without a key."""
    root = project.layerTreeRoot()
    group = root.findGroup(GROUP_NAME)
    if group is not None:
        return group
    layers = basemap_layers(key)
    group = root.addGroup(GROUP_NAME)
    for layer in layers:
        project.addMapLayer(layer, False)
        group.addLayer(layer)
    group.setItemVisibilityChecked(False)
    group.setExpanded(False)
    return group


def without_key(source: str, key: str | None = None) -> str:
    """A data source with the user's key replaced by KEY_PLACEHOLDER (for writing)."""
    key = settings.tianditu_key() if key is None else key
    if HOST not in source:
        return source
    if key:
        source = source.replace(f"tk%3D{key}", f"tk%3D{KEY_PLACEHOLDER}")
        source = source.replace(f"tk={key}", f"tk={KEY_PLACEHOLDER}")
    return source


def with_key(source: str, key: str | None = None) -> str:
    """A data source with KEY_PLACEHOLDER replaced by the user's key (for reading); left
    as it is without a key (Tianditu then refuses the tiles and the layer stays empty)."""
    key = settings.tianditu_key() if key is None else key
    if HOST not in source or not key:
        return source
    return source.replace(KEY_PLACEHOLDER, key)


@contextlib.contextmanager
def key_kept_out():
    """While writing a project outside the plugin (the demo), keep the key out of it."""
    writer = QgsPathResolver.setPathWriter(without_key)
    try:
        yield
    finally:
        QgsPathResolver.removePathWriter(writer)


def refusal(url: str, status, error: str | None) -> str | None:
    """What to tell the user about a finished request (its HTTP status, its network error
    or None): a sentence when it is a Tianditu tile that was refused (HTTP 4xx or 5xx, as
    Tianditu answers a wrong or expired key, or a key not allowed for this use), else None."""
    if HOST not in url or (not status and not error):
        return None
    if status and int(status) < 400:
        return None
    reason = f"HTTP {int(status)}" if status else error
    return QCoreApplication.translate("Tianditu", REFUSED).format(
        reason=reason, console=KEY_CONSOLE
    )


class KeyGuard:
    """Puts the user's key into Tianditu layers read from a project, takes it out of the
    projects written, and tells the user once when Tianditu refuses it."""

    def __init__(self, message_bar=None):
        self.message_bar = message_bar
        self.reader = None
        self.writer = None
        self.told = False

    def install(self) -> None:
        self.reader = QgsPathResolver.setPathPreprocessor(with_key)
        self.writer = QgsPathResolver.setPathWriter(without_key)
        QgsNetworkAccessManager.instance().finished.connect(self._finished)

    def uninstall(self) -> None:
        if self.reader is not None:
            QgsPathResolver.removePathPreprocessor(self.reader)
            QgsPathResolver.removePathWriter(self.writer)
            QgsNetworkAccessManager.instance().finished.disconnect(self._finished)
            self.reader = self.writer = None

    def _finished(self, reply) -> None:
        if self.told:
            return
        status = reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute)
        failed = reply.error() != QNetworkReply.NetworkError.NoError
        message = refusal(
            reply.request().url().toString(), status, reply.errorString() if failed else None
        )
        if message:
            self.told = True
            LOGGER.warning(message)
            if self.message_bar is not None:
                from qgis.core import Qgis

                self.message_bar.pushMessage("天地图", message, Qgis.MessageLevel.Warning, 0)
