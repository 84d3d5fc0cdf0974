"""Where a top-level window opens: on a screen that exists, and small enough to fit it.

On first start a window takes its preferred size (1280×800 for the main window) or less: at
most 92 % of the screen's available area (the screen minus its task bars), centred, with room
above it for the title bar, so that the capture box and the status bar are on screen on a
1366×768 laptop. A geometry saved on another set-up (a big monitor, now unplugged) is moved
onto an existing screen and shrunk to fit it by Qt's own `restoreGeometry`.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

__all__ = ["first_rect", "place_window"]

SHARE = 0.92  # of the available width and height, at most, on first start
TITLE_BAR = 40  # pixels kept free above the window for its frame (not part of geometry())


def first_rect(available: QRect, preferred: QSize) -> QRect:
    """The window's rectangle on first start on a screen whose available area is given."""
    width = min(preferred.width(), int(available.width() * SHARE))
    height = min(preferred.height(), int(available.height() * SHARE))
    rect = QRect(0, 0, width, height)
    rect.moveCenter(available.center())
    spare = available.height() - height
    if rect.top() - available.top() < min(TITLE_BAR, spare):
        rect.moveTop(available.top() + min(TITLE_BAR, spare))
    return rect


def place_window(window: QWidget, saved: QByteArray | None, preferred: QSize) -> None:
    """Size and place a top-level window before it is shown, from its saved geometry if any."""
    # restoreGeometry itself moves a window saved on a screen that is gone onto an existing
    # one and shrinks it to fit (tests/gui/test_window_start.py checks that it still does)
    if saved is not None and window.restoreGeometry(saved):
        return
    primary = QGuiApplication.primaryScreen()
    if primary is None:
        window.resize(preferred)
    else:
        window.setGeometry(first_rect(primary.availableGeometry(), preferred))
