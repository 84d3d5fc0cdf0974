"""Unexpected errors in the window: one sentence in a dialog, the details in a log file.

`ErrorReporter.install()` (called by `app.run_gui`) takes over `sys.excepthook` and
`threading.excepthook`. PySide hands every exception that escapes a slot, an event handler
or a `QRunnable` to `sys.excepthook`, so all of them come here. Each one is appended to
`recolte.log` in the data folder (the traceback, nothing else of the event; the file is cut
to its latest half past 256 KB), then shown in an `ErrorDialog`: one translated sentence,
« Copy details » (the traceback to the clipboard) and Close. Errors from other threads reach
the dialog through a queued signal. No storm: an error already shown in this run is only
logged, and while a dialog is open, later errors join its details instead of opening more.
"""

from __future__ import annotations

import contextlib
import sys
import threading
import traceback
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.core.limits import shorten
from facilitator_app.i18n import tr

__all__ = ["ErrorReporter", "ErrorDialog", "LOG_NAME", "LOG_LIMIT"]

LOG_NAME = "recolte.log"
LOG_LIMIT = 256 * 1024  # bytes; past this the log keeps its latest half

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def _summary(error: BaseException) -> str:
    """`KeyError: 'x'`, cut to one short line, for the sentence."""
    text = " ".join(str(error).split())
    return shorten(f"{type(error).__name__}: {text}" if text else type(error).__name__, 120)


def _signature(info: ExcInfo) -> tuple[str, str, str]:
    """What makes two errors the same one: the kind, the message and where it was raised."""
    kind, error, tb = info
    where = ""
    if tb is not None:
        frame = traceback.extract_tb(tb)[-1]
        where = f"{frame.filename}:{frame.lineno}"
    return kind.__name__, str(error), where


class ErrorDialog(QDialog):
    """One sentence, « Copy details » and Close; not modal, so the work can go on."""

    def __init__(self, sentence: str, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.details = details
        self.setWindowTitle(tr("Something went wrong"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize)
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size)
        )
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.message = QLabel(sentence)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setMinimumWidth(360)
        self.more = QLabel()
        self.more.setWordWrap(True)
        self.more.hide()
        text = QVBoxLayout()
        text.addWidget(self.message)
        text.addWidget(self.more)
        text.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addSpacing(8)
        top.addLayout(text, 1)

        buttons = QDialogButtonBox()
        self.copy_button = QPushButton(tr("Copy details"))
        self.copy_button.setToolTip(
            tr("Put the technical report on the clipboard, to send to whoever helps you")
        )
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.setDefault(True)
        self.close_button.setFocus()
        self.copy_button.clicked.connect(self.copy_details)
        buttons.rejected.connect(self.reject)
        self.close_button.clicked.connect(self.accept)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(buttons)
        self._others = 0

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details)
        self.copy_button.setText(tr("Copied"))

    def add_error(self, details: str) -> None:
        """Another error while this one is shown: its details join, a line counts them."""
        self._others += 1
        self.details += "\n" + details
        self.copy_button.setText(tr("Copy details"))
        self.more.setText(
            tr("One more error happened since.")
            if self._others == 1
            else tr("{n} more errors happened since.", n=self._others)
        )
        self.more.show()


class ErrorReporter(QObject):
    """Catches the errors nobody handled, logs them, and shows each kind once."""

    _arrived = Signal(object, str)  # ExcInfo, formatted traceback: to the GUI thread

    def __init__(self, log_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log_path = Path(log_path)
        self.dialog: ErrorDialog | None = None
        self._seen: set[tuple[str, str, str]] = set()
        self._previous: tuple[Any, Any] | None = None
        self._arrived.connect(self._show, Qt.ConnectionType.QueuedConnection)

    # -- hooks ----------------------------------------------------------------------------

    def install(self) -> None:
        if self._previous is None:
            self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self._excepthook
        threading.excepthook = self._thread_excepthook

    def uninstall(self) -> None:
        if self._previous is not None:
            sys.excepthook, threading.excepthook = self._previous
            self._previous = None

    def _excepthook(
        self, kind: type[BaseException], error: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):  # Ctrl+C in the terminal: Python's way
            sys.__excepthook__(kind, error, tb)
            return
        self.report((kind, error, tb))

    def _thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        self.report((args.exc_type, args.exc_value, args.exc_traceback))

    # -- reporting ------------------------------------------------------------------------

    def report(self, info: ExcInfo) -> None:
        """Log the error, then show it (from any thread); never raises."""
        details = "".join(traceback.format_exception(*info))
        with contextlib.suppress(Exception):  # a log that cannot be written hides nothing
            self._log(details)
        with contextlib.suppress(Exception):  # a terminal, if any, still sees it
            sys.stderr.write(details)
        app = QApplication.instance()
        if app is not None and QThread.currentThread() is app.thread():
            self._show(info, details)
        else:
            self._arrived.emit(info, details)

    def _show(self, info: ExcInfo, details: str) -> None:
        signature = _signature(info)
        if self.dialog is not None:
            if signature not in self._seen:
                self._seen.add(signature)
                self.dialog.add_error(details)
            return
        if signature in self._seen:
            return
        self._seen.add(signature)
        sentence = tr(
            "Something went wrong ({what}); your work saved so far is safe in the file.",
            what=_summary(info[1]),
        )
        parent = QApplication.activeWindow()
        dialog = ErrorDialog(sentence, details, parent)
        dialog.destroyed.connect(self._forget_dialog)
        dialog.finished.connect(self._forget_dialog)
        self.dialog = dialog
        dialog.show()
        dialog.raise_()

    def _forget_dialog(self, *_args: object) -> None:
        self.dialog = None

    def _log(self, details: str) -> None:
        from facilitator_app import __version__

        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        try:
            if self.log_path.stat().st_size > LOG_LIMIT:
                data = self.log_path.read_bytes()[-LOG_LIMIT // 2 :]
                cut = data.find(b"\n== ")  # start at an entry, not mid-traceback
                self.log_path.write_bytes(data[cut + 1 :] if cut >= 0 else data)
        except FileNotFoundError:
            pass
        stamp = datetime.now().isoformat(timespec="seconds")
        with self.log_path.open("a", encoding="utf-8") as log:
            log.write(f"== {stamp} Récolte {__version__}\n{details}")
