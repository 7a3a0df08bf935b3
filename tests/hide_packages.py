"""A pytest plugin (`-p tests.hide_packages`) that makes the packages named in
JIANGDU_HIDE_PACKAGES (comma-separated) impossible to import, as in a QGIS whose Python
lacks them. Loaded before the conftest files, so nothing has imported them yet."""

from __future__ import annotations

import os
import sys

HIDDEN = tuple(name for name in os.environ.get("JIANGDU_HIDE_PACKAGES", "").split(",") if name)


class _Hider:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in HIDDEN:
            raise ModuleNotFoundError(f"No module named {name!r} (hidden)", name=name)
        return None


if HIDDEN:
    for loaded in [m for m in sys.modules if m.split(".")[0] in HIDDEN]:
        del sys.modules[loaded]
    sys.meta_path.insert(0, _Hider())
