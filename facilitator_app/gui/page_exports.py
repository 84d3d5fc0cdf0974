"""Printing and exporting from the page where the work is (Seating plan, idea tree, grid, votes).

`PageExport` is what every such button shares: it asks where to save (a name made from the
event or session title with `core.text.file_stem`, in the event file's folder), runs the work
as a `gui.jobs.Job` (the pool for a PDF, with a progress dialog and Cancel; here and now for
a small file), then says the outcome in one sentence in a message box that is not modal
(`outcome`), with « Open » for a file written, as the export dialog offers for the synthesis.
A failed or cancelled export leaves no file behind: the writers go through `write_atomically`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from facilitator_app.core.text import file_stem
from facilitator_app.gui.document import EventDocument
from facilitator_app.gui.jobs import Job
from facilitator_app.i18n import tr

__all__ = ["PageExport", "export_name"]


def export_name(title: str, what: str, suffix: str) -> str:
    """`World café – Table plans.pdf`: a file name a person recognises in a folder."""
    stem = file_stem(title, fallback="Récolte")
    return f"{stem} – {file_stem(what, fallback='export')}{suffix}"


class PageExport(QObject):
    """One page's exports: where to save, the job, and its outcome in one sentence."""

    def __init__(self, page: QWidget, document: EventDocument) -> None:
        super().__init__(page)
        self._page = page
        self._document = document
        self.job: Job | None = None
        self.written: Path | None = None
        self.outcome = ""  # the last sentence said, for the tests and the accessibility tree
        self.box: QMessageBox | None = None
        self._dialog: QProgressDialog | None = None
        self._out: Path | None = None

    @property
    def document(self) -> EventDocument:
        return self._document

    def target(self, out: Path | None, *, title: str, name: str, filters: str) -> Path | None:
        """`out` when the caller gives it (a test, a script), else the file the person
        chooses (`ask_path`); None when they cancel."""
        return out if out is not None else self.ask_path(title=title, name=name, filters=filters)

    def ask_path(self, *, title: str, name: str, filters: str) -> Path | None:
        """The file the person chooses (the suffix of the first filter added when missing)."""
        path = self._document.path
        folder = Path(path).parent if path else Path.home()
        chosen, _filter = QFileDialog.getSaveFileName(
            self._page, title, str(folder / name), filters
        )
        if not chosen:
            return None
        suffix = Path(name).suffix
        if suffix and Path(chosen).suffix.lower() != suffix.lower():
            chosen += suffix
        return Path(chosen)

    def run(
        self,
        out: Path,
        work: Callable[[Job], Any],
        *,
        busy: str = "",
        wait: bool = False,
    ) -> Job | None:
        """Write `out` with `work(job)`; `busy` (the progress dialog's words) puts it on the
        thread pool, otherwise (or with `wait`) it runs here and now."""
        if self.job is not None:
            return None  # one at a time: the button was pressed twice
        job = Job(work, failure=lambda error: self._unwritable(out, error))
        job.progressed.connect(self._progressed)
        job.finished.connect(self._finished)
        job.failed.connect(self._failed)
        job.cancelled.connect(self._cancelled)
        self.job, self._out, self.written = job, out, None
        if busy and not wait:
            dialog = QProgressDialog(busy, tr("Cancel"), 0, 0, self._page)
            dialog.setWindowTitle(tr("Print"))
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(300)
            dialog.canceled.connect(job.cancel)
            self._dialog = dialog
        job.start(wait=wait or not busy)
        return job

    @staticmethod
    def _unwritable(out: Path, error: Exception) -> str | None:
        if isinstance(error, OSError):
            return tr(
                "{path} could not be written: {reason}", path=out, reason=error.strerror or error
            )
        return None

    def _progressed(self, done: int, total: int) -> None:
        if self._dialog is not None:
            self._dialog.setRange(0, max(total, 1))
            self._dialog.setValue(done)

    def _ended(self) -> None:
        self.job = None
        if self._dialog is not None:
            self._dialog.reset()
            self._dialog.deleteLater()
            self._dialog = None

    def _finished(self, pages: object) -> None:
        self._ended()
        self.written = self._out
        if isinstance(pages, int) and pages > 0:
            if pages == 1:
                sentence = tr("{path} written: 1 page.", path=self.written)
            else:
                sentence = tr("{path} written: {n} pages.", path=self.written, n=pages)
        else:
            sentence = tr("{path} written.", path=self.written)
        self._say(sentence, can_open=True)

    def _failed(self, sentence: str) -> None:
        self._ended()
        self._say(sentence, warning=True)

    def _cancelled(self) -> None:
        self._ended()
        self._say(tr("Export cancelled: nothing was written."))

    def _say(self, sentence: str, *, can_open: bool = False, warning: bool = False) -> None:
        """The outcome in a box that does not block the window (`open()`, not `exec()`)."""
        self.outcome = sentence
        if self.box is not None:
            self.box.deleteLater()
        icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information
        box = QMessageBox(
            icon, tr("Export"), sentence, QMessageBox.StandardButton.NoButton, self._page
        )
        box.setAccessibleName(tr("Export"))
        if can_open:
            opener = box.addButton(tr("Open"), QMessageBox.ButtonRole.AcceptRole)
            opener.clicked.connect(self.open_written)
            box.setDefaultButton(opener)
        box.addButton(QMessageBox.StandardButton.Close)
        self.box = box
        box.open()

    def open_written(self) -> None:
        """Open the file written in the program the system gives its type."""
        if self.written is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.written)))
