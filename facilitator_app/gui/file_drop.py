"""Event files dropped on a window: which drags to accept, and what was dropped.

A drag carrying local `.recolte` files is accepted (the cursor says it can be dropped) and
the drop opens them as File → Open does; any other drag is refused, so the cursor says no
and nothing happens. A file named `.recolte` that is not an event gets the same sentence as
when it is opened through the menu. Widgets that take drops of their own (text fields, the
photos panel) keep them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QObject, QTimer
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QWidget

__all__ = ["EXTENSION", "FILE_FILTER", "EventFileDrops", "accept_event_files", "event_files"]

EXTENSION = ".recolte"
FILE_FILTER = f"Récolte (*{EXTENSION})"  # the file dialogs' filter


def event_files(mime: QMimeData) -> list[Path]:
    """The local files named `*.recolte` that a drag carries, in order."""
    if not mime.hasUrls():
        return []
    return [
        Path(url.toLocalFile())
        for url in mime.urls()
        if url.isLocalFile() and url.toLocalFile().lower().endswith(EXTENSION)
    ]


def accept_event_files(event: QDragEnterEvent | QDragMoveEvent | QDropEvent) -> list[Path]:
    """Accept the drag when it carries event files, refuse it otherwise; returns the files."""
    files = event_files(event.mimeData())
    if files:
        event.acceptProposedAction()
    else:
        event.ignore()
    return files


class EventFileDrops(QObject):
    """Event files dropped on `window` (the main window, the start screen) open through
    `open_file`, as File → Open does, once the drop is over: opening may ask a question,
    which must not run inside the drag's own event loop."""

    def __init__(self, window: QWidget, open_file: Callable[[Path], object]) -> None:
        super().__init__(window)
        self._open = open_file
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            assert isinstance(event, QDragEnterEvent | QDragMoveEvent)
            accept_event_files(event)  # the cursor says no to anything but .recolte files
            return True
        if kind == QEvent.Type.Drop:
            assert isinstance(event, QDropEvent)
            for path in accept_event_files(event):
                QTimer.singleShot(0, self, lambda p=path: self._open(p))
            return True
        return False
