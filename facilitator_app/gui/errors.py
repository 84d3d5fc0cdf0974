"""Unexpected errors in the window: one sentence in a dialog, the details in a log file.

`ErrorReporter.install()` (called by `app.run_gui`) takes over `sys.excepthook` and
`threading.excepthook`. PySide hands every exception that escapes a slot, an event handler
or a `QRunnable` to `sys.excepthook`, so all of them come here. Each one is appended to
`recolte.log` in the data folder (the traceback, nothing else of the event; the file is cut
to its latest half past 256 KB), then shown in an `ErrorDialog` (`gui/dialogs/error_dialog`,
loaded with the first error, like `traceback`: start-up pays for neither): one translated
sentence, « Copy details » (the traceback to the clipboard) and Close. Errors from other
threads reach the dialog through a queued signal. No storm: an error already shown in this
run is only logged, and while a dialog is open, later errors join its details instead of
opening more.
"""

from __future__ import annotations

import contextlib
import sys
import threading
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QApplication

from facilitator_app import __version__
from facilitator_app.core.limits import shorten
from facilitator_app.i18n import tr

if TYPE_CHECKING:
    from facilitator_app.gui.dialogs.error_dialog import ErrorDialog

__all__ = ["ErrorReporter", "LOG_NAME", "LOG_LIMIT"]

LOG_NAME = "recolte.log"
LOG_LIMIT = 256 * 1024  # bytes; past this the log keeps its latest half

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def _summary(error: BaseException) -> str:
    """`KeyError: 'x'`, cut to one short line, for the sentence."""
    text = " ".join(str(error).split())
    return shorten(f"{type(error).__name__}: {text}" if text else type(error).__name__, 120)


def _signature(info: ExcInfo) -> tuple[str, str, str]:
    """What makes two errors the same one: the kind, the message and where it was raised."""
    import traceback  # loaded with the first error, not at start-up

    kind, error, tb = info
    where = ""
    if tb is not None:
        frame = traceback.extract_tb(tb)[-1]
        where = f"{frame.filename}:{frame.lineno}"
    return kind.__name__, str(error), where


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
        import traceback  # loaded with the first error, not at start-up

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
        from facilitator_app.gui.dialogs.error_dialog import ErrorDialog  # when one shows

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
