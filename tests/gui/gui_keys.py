"""Typing into widgets as a keyboard does, French letters included.

`qtbot.keyClicks` aborts the interpreter on non-ASCII letters (é, œ, ’…) with some PySide6
releases, so each character is sent as its own key event carrying its text.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

__all__ = ["type_text", "press_enter"]


def _press(widget: QWidget, key: Qt.Key, text: str = "") -> None:
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text))


def type_text(widget: QWidget, text: str) -> None:
    for char in text:
        _press(widget, Qt.Key.Key_unknown, char)


def press_enter(widget: QWidget) -> None:
    _press(widget, Qt.Key.Key_Return)
