"""`ExportJob`: a printed document made on the thread pool, with progress and Cancel.

The event is read on the GUI thread (`EventDocument.snapshot()`, immutable), then the job
builds the PDF off it, so the window keeps answering while reportlab lays out pages. Every
outcome comes back as a signal on the GUI thread: `finished(pages)`, `failed(sentence)` or
`cancelled()`; a cancelled or failed export leaves no file behind (the exporters write
through `write_atomically`).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from facilitator_app.core.errors import Cancelled, RecolteError
from facilitator_app.core.snapshot import EventSnapshot
from facilitator_app.export.documents import ExportRequest, export_document
from facilitator_app.i18n import tr

__all__ = ["ExportJob"]


class ExportJob(QObject, QRunnable):
    progressed = Signal(int, int)  # done, total
    finished = Signal(int)  # pages written
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, request: ExportRequest, snapshot: EventSnapshot) -> None:
        QObject.__init__(self)
        QRunnable.__init__(self)
        self.setAutoDelete(False)  # the dialog keeps it until a signal says it ended
        self.request = request
        self._snapshot = snapshot
        self._cancel = False

    def start(self) -> None:
        QThreadPool.globalInstance().start(self)

    def cancel(self) -> None:
        """Ask the job to stop at its next progress step."""
        self._cancel = True

    def _progress(self, done: int, total: int) -> None:
        if self._cancel:
            raise Cancelled(tr("Export cancelled."))
        self.progressed.emit(done, total)

    def run(self) -> None:
        try:
            pages = export_document(self.request, self._snapshot, self._progress)
        except Cancelled:
            self.cancelled.emit()
        except RecolteError as error:
            self.failed.emit(str(error))
        except OSError as error:
            self.failed.emit(
                tr(
                    "{path} could not be written: {reason}",
                    path=self.request.out,
                    reason=error.strerror or error,
                )
            )
        except Exception as error:  # a bug: still one sentence for the person
            self.failed.emit(
                tr(
                    "The export stopped on an unexpected error ({kind}: {detail}).",
                    kind=type(error).__name__,
                    detail=error,
                )
            )
        else:
            self.finished.emit(pages)
