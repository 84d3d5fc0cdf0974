"""`PreviewPanel`: the first pages of the PDF the export dialog is about to write.

The document is built for real on the thread pool (`printing.documents.preview_document`,
into a temporary file) a moment after the last change of the choices (`DELAY_MS`; a build
still running for older choices is cancelled), and its first pages are shown side by side
as small sheets carrying each page's text, with the page count below. Text, not pictures:
rendering PDF pages needs a renderer the application does not ship (see printing.documents).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from facilitator_app.core.snapshot import EventSnapshot
from facilitator_app.gui.jobs import Job
from facilitator_app.i18n import tr
from facilitator_app.printing.documents import DocumentPreview, ExportRequest, preview_document

__all__ = ["DELAY_MS", "PreviewPanel"]

DELAY_MS = 700
SHEETS = 3
_IN_FLIGHT: set[Job] = set()  # previews still running, cancelled ones included
_LINES = 14  # lines of text a small sheet shows
_SHEET_WIDTH = 150  # points of a small sheet, A4's proportions


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()][:_LINES]


class _Sheet(QFrame):
    """One page in small: its first lines, the first one (its heading) in bold."""

    def __init__(self) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)
        self.setFixedSize(_SHEET_WIDTH, round(_SHEET_WIDTH * 297 / 210))
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        font = self.text.font()
        font.setPointSizeF(max(5.5, font.pointSizeF() * 0.62))
        self.text.setFont(font)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        bold = self.heading.font()
        bold.setBold(True)
        self.heading.setFont(bold)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(4)
        layout.addWidget(self.heading)
        layout.addWidget(self.text, 1)

    def show_page(self, number: int, text: str) -> None:
        lines = _lines(text)
        self.heading.setText(lines[0] if lines else "")
        self.text.setText("\n".join(lines[1:]))
        self.setToolTip(tr("Page {n}", n=number))
        self.setAccessibleName(tr("Page {n}", n=number))
        self.show()


class PreviewPanel(QWidget):
    def __init__(self, request: Callable[[], ExportRequest], snapshot: Callable[[], EventSnapshot]):
        super().__init__()
        self.setObjectName("exportPreview")
        self._request = request
        self._snapshot = snapshot
        self.job: Job | None = None
        self._snapshot_taken: EventSnapshot | None = None
        self.preview: DocumentPreview | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        title = QLabel(tr("Preview of the first pages"))
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        self.sheets = [_Sheet() for _ in range(SHEETS)]
        row = QHBoxLayout()
        row.setSpacing(8)
        self.captions: list[QLabel] = []
        for number, sheet in enumerate(self.sheets, start=1):
            sheet.hide()
            caption = QLabel(tr("Page {n}", n=number))
            caption.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            caption.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            caption.hide()
            column = QVBoxLayout()
            column.addWidget(sheet)
            column.addWidget(caption)
            row.addLayout(column)
            self.captions.append(caption)
        row.addStretch(1)
        self.status = QLabel(tr("The preview appears here."))
        self.status.setObjectName("previewStatus")
        self.status.setWordWrap(True)
        self.status.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addLayout(row)
        layout.addWidget(self.status)

    def schedule(self) -> None:
        """The choices changed: build the preview again once they stop changing."""
        if self.job is not None:
            self.job.cancel()  # its outcome is ignored: the choices it was built for are gone
        self._stale()
        self._timer.start()

    def _stale(self) -> None:
        """The pages shown no longer match the choices: greyed out until the new ones come."""
        for sheet in self.sheets:
            sheet.setEnabled(False)
        self.status.setText(tr("Preparing the preview…"))

    def refresh(self) -> None:
        """Build the preview now for the choices as they stand."""
        self._timer.stop()
        if self.job is not None:
            self.job.cancel()
        request = self._request()
        if self._snapshot_taken is None:  # read here, on the GUI thread, once: the dialog is modal
            self._snapshot_taken = self._snapshot()
        snapshot = self._snapshot_taken
        job = Job(lambda job: preview_document(request, snapshot, job.progress))
        # Bound methods, not lambdas: Qt drops the connections when the dialog is deleted
        # while a preview is still being built. The job itself is kept alive until it ends.
        _IN_FLIGHT.add(job)
        for signal in (job.finished, job.failed, job.cancelled):
            signal.connect(lambda *_args, j=job: _IN_FLIGHT.discard(j))
        job.finished.connect(self._shown)
        job.failed.connect(self._failed)
        job.cancelled.connect(self._cancelled)
        self.job = job
        self._stale()
        job.start()

    def _current(self) -> bool:
        """Whether the signal being handled comes from the preview of the choices shown."""
        if self.sender() is not self.job or self.job is None:
            return False
        self.job = None
        return True

    def _shown(self, preview: DocumentPreview) -> None:
        if not self._current():
            return  # built for choices since changed
        self.preview = preview
        for number, (sheet, caption) in enumerate(
            zip(self.sheets, self.captions, strict=True), start=1
        ):
            shown = number <= len(preview.first_pages)
            if shown:
                sheet.show_page(number, preview.first_pages[number - 1])
            sheet.setVisible(shown)
            sheet.setEnabled(True)
            caption.setVisible(shown)
        self.status.setText(
            tr("1 page in all.") if preview.pages == 1 else tr("{n} pages in all.", n=preview.pages)
        )

    def _failed(self, sentence: str) -> None:
        if self._current():
            self.status.setText(tr("No preview: {reason}", reason=sentence))

    def _cancelled(self) -> None:
        self._current()

    def stop(self) -> None:
        """The dialog closes: no preview is built any more."""
        self._timer.stop()
        if self.job is not None:
            self.job.cancel()
            self.job = None
