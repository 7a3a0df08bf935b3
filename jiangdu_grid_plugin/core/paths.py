"""Where the files shipped with the plugin are, in the source tree and when installed.

The installed plugin folder holds `metadata.txt`, `styles/` and `data/` beside the Python
package's modules; in the source tree they sit one level up, at the repository's top.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parents[1]


def shipped(relative: str) -> Path:
    """The path of a shipped file or folder such as "styles" or "metadata.txt"."""
    for base in (PACKAGE_DIR, PACKAGE_DIR.parent):
        candidate = base / relative
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"{relative} is neither in {PACKAGE_DIR} nor in its parent")
