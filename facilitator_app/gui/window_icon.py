"""Récolte's icon for its windows (and, through them, the task bar and the About box).

The PNGs are rendered from `resources/icons/recolte.svg` by `packaging/icons/make_icons.py`.
QIcon reads a file only when a size of it is first drawn, so building it costs nothing at
start-up; PNGs rather than the SVG, so that a bundle needs no SVG plug-in for it.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

from facilitator_app.paths import resource

__all__ = ["ICON_SIZES", "window_icon"]

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def window_icon() -> QIcon:
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addFile(str(resource("icons", "png", f"recolte-{size}.png")), QSize(size, size))
    return icon
