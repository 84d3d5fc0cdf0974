"""`ExportDialog` (File → Export PDF…): the synthesis or the carnet de bord, one click.

The person picks the document, the carnet's format (A4, or an A5 booklet imposed on A4
sheets), the language it is printed in, the sessions the synthesis covers (grouped by day,
with their times: `SessionChooser`), whether it is the anonymised synthesis to share outside
the event (`export.anonymise`), and where the PDF goes. A choice that does not apply to the
document picked is greyed out with a line saying why. On the right, the first pages of the
PDF as it will be (`PreviewPanel`, rebuilt a moment after each change). The export runs off
the GUI thread (`export_job`) with a progress bar and Cancel; when it is done the dialog
says how many pages it wrote and offers to open the PDF.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.core.text import file_stem
from facilitator_app.gui.dialogs.base import RecolteDialog
from facilitator_app.gui.dialogs.export_preview import PreviewPanel
from facilitator_app.gui.dialogs.export_sessions import SessionChooser
from facilitator_app.gui.document import EventDocument
from facilitator_app.gui.exporting import export_job, pdf_language
from facilitator_app.gui.jobs import Job
from facilitator_app.gui.settings import Settings
from facilitator_app.i18n import N_, tr
from facilitator_app.printing.documents import ExportRequest

__all__ = ["ExportDialog"]

_DOCUMENTS = (("synthesis", N_("Synthesis")), ("carnet", N_("Event booklet")))
_LANGUAGES = (("fr", "Français"), ("en", "English"))


def _hint(text: str) -> QLabel:
    """A line in small, muted letters under a choice."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 0.9)
    label.setFont(font)
    return label


def _file_name(title: str, document: str) -> str:
    """A file name from the event title: `Rencontres 2026 – Synthèse.pdf`."""
    return f"{file_stem(title, fallback='Récolte')} – {tr(dict(_DOCUMENTS)[document])}.pdf"


class ExportDialog(RecolteDialog):
    geometry_key = "export_dialog"

    def __init__(
        self,
        document: EventDocument,
        parent: QWidget | None = None,
        *,
        settings: Settings | None = None,
    ) -> None:
        self._document = document
        self.job: Job | None = None
        self.written: Path | None = None
        self._out: Path | None = None  # where the running job writes
        super().__init__(parent, settings=settings)

    # -- building ---------------------------------------------------------------------------

    def _setup_ui(self) -> None:
        self.setWindowTitle(tr("Export PDF"))
        event = self._document.read.event_record()
        self.choice = QButtonGroup(self)
        documents = QHBoxLayout()
        for key, label in _DOCUMENTS:
            button = QRadioButton(tr(label))
            button.setProperty("document", key)
            self.choice.addButton(button)
            documents.addWidget(button)
        documents.addStretch(1)
        self.choice.buttons()[0].setChecked(True)
        self.choice.buttonToggled.connect(lambda _b, on: self._document_changed() if on else None)

        self.booklet = QComboBox()
        self.booklet.addItem(tr("A4 pages"), False)
        self.booklet.addItem(tr("A5 booklet on A4 sheets (print both sides, fold)"), True)
        self.language = QComboBox()
        for code, name in _LANGUAGES:
            self.language.addItem(name, code)
        default = pdf_language(self._settings, event.language)  # the preference, else the event's
        self.language.setCurrentIndex(max(0, self.language.findData(default)))

        self.sessions = SessionChooser(self._document.read.all_sessions())
        self.sessions.setMinimumHeight(160)
        self.sessions.setAccessibleName(tr("Sessions to include"))
        every, none = QPushButton(tr("All")), QPushButton(tr("None"))
        every.setToolTip(tr("Every session of the programme"))
        none.setToolTip(tr("No session: then tick the ones to print"))
        every.clicked.connect(lambda: self._check_all(Qt.CheckState.Checked))
        none.clicked.connect(lambda: self._check_all(Qt.CheckState.Unchecked))
        self._session_buttons = (every, none)
        self.sessions.itemChanged.connect(lambda *_: self._choices_changed())
        # why a choice is greyed out: said beside it, not left to guess
        self.format_hint = _hint(tr("The synthesis is always printed on A4 pages."))
        self.sessions_hint = _hint(tr("The carnet de bord always covers the whole programme."))
        self.anonymise = QCheckBox(tr("Anonymise (pseudonyms, no e-mails or phone numbers)"))
        self.anonymise.toggled.connect(lambda _on: self._choices_changed())
        self.booklet.currentIndexChanged.connect(lambda _i: self._choices_changed())
        self.language.currentIndexChanged.connect(lambda _i: self._choices_changed())
        self.preview = PreviewPanel(self.request, self._document.snapshot)

        self.path = QLineEdit()
        self.path.setAccessibleName(tr("PDF file to write"))
        browse = QPushButton(tr("Choose…"))
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(browse)

        self.progress = QProgressBar()
        self.progress.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(
            tr("Export"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.open_button = self.buttons.addButton(
            tr("Open the PDF"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.open_button.hide()
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.export_button.clicked.connect(self.start)
        self.open_button.clicked.connect(self.open_pdf)
        self.close_button.clicked.connect(self._close_or_cancel)

        form = QFormLayout()
        form.addRow(tr("Document"), documents)
        booklet = QVBoxLayout()
        booklet.addWidget(self.booklet)
        booklet.addWidget(self.format_hint)
        form.addRow(tr("Format"), booklet)
        form.addRow(tr("Language"), self.language)
        session_buttons = QHBoxLayout()
        session_buttons.addWidget(every)
        session_buttons.addWidget(none)
        session_buttons.addStretch(1)
        sessions = QVBoxLayout()
        sessions.addWidget(self.sessions_hint)
        sessions.addWidget(self.sessions, 1)
        sessions.addLayout(session_buttons)
        form.addRow(tr("Sessions"), sessions)
        form.addRow("", self.anonymise)
        form.addRow(tr("File"), where)
        columns = QHBoxLayout()
        columns.addLayout(form, 1)
        columns.addSpacing(12)
        columns.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(1000, 600)
        self._document_changed()

    def document_key(self) -> str:
        return str(self.choice.checkedButton().property("document"))

    def _document_changed(self) -> None:
        synthesis = self.document_key() == "synthesis"
        self.sessions.setEnabled(synthesis)
        for button in self._session_buttons:
            button.setEnabled(synthesis)
        self.anonymise.setEnabled(synthesis)
        self.booklet.setEnabled(not synthesis)
        self.format_hint.setVisible(synthesis)
        self.sessions_hint.setVisible(not synthesis)
        folder = Path(self.path.text()).parent if self.path.text() else self._default_folder()
        name = _file_name(self._document.read.event_record().title, self.document_key())
        self.path.setText(str(folder / name))
        self._choices_changed()

    def _choices_changed(self) -> None:
        if hasattr(self, "preview"):  # not while the dialog is being built
            self.preview.schedule()

    def _default_folder(self) -> Path:
        path = self._document.path
        return Path(path).parent if path else Path.home()

    def _check_all(self, state: Qt.CheckState) -> None:
        self.sessions.check_all(state)

    def _browse(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self, tr("Export PDF"), self.path.text(), tr("PDF documents (*.pdf)")
        )
        if chosen:
            self.path.setText(chosen if chosen.lower().endswith(".pdf") else chosen + ".pdf")

    # -- exporting --------------------------------------------------------------------------

    def request(self) -> ExportRequest:
        key = self.document_key()
        session_ids = None
        if key == "synthesis":
            checked = self.sessions.checked_ids()
            session_ids = None if len(checked) == len(self.sessions.sessions()) else checked
        return ExportRequest(
            document=key,
            out=Path(self.path.text()).expanduser(),
            language=self.language.currentData(),
            booklet=bool(self.booklet.currentData()) and key == "carnet",
            session_ids=session_ids,
            anonymise=self.anonymise.isChecked() and key == "synthesis",
        )

    def start(self) -> None:
        request = self.request()
        if not request.out.parent.is_dir():
            self.status.setText(tr("The folder {path} does not exist.", path=request.out.parent))
            return
        self.job = export_job(request, self._document.snapshot())
        self._out = request.out
        self.job.progressed.connect(self._progressed)
        self.job.finished.connect(self._finished)
        self.job.failed.connect(self._failed)
        self.job.cancelled.connect(self._cancelled)
        self._running(True)
        self.status.setText(tr("Writing {path}…", path=request.out.name))
        self.job.start()

    def _running(self, running: bool) -> None:
        self.export_button.setEnabled(not running)
        self.close_button.setText(tr("Cancel") if running else tr("Close"))
        self.progress.setVisible(running)
        self.progress.setRange(0, 0)  # busy until the first step says how many there are
        self.open_button.setVisible(False)

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _finished(self, pages: int) -> None:
        assert self.job is not None
        self._running(False)
        self.written = self._out
        self.job = None
        self.status.setText(
            tr("{path} written: {n} pages.", path=self.written, n=pages)
            if pages != 1
            else tr("{path} written: 1 page.", path=self.written)
        )
        self.open_button.setVisible(True)
        self.open_button.setDefault(True)
        self.open_button.setFocus()

    def _failed(self, message: str) -> None:
        self._running(False)
        self.job = None
        self.status.setText(message)

    def _cancelled(self) -> None:
        self._running(False)
        self.job = None
        self.status.setText(tr("Export cancelled: nothing was written."))

    def _close_or_cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.status.setText(tr("Cancelling…"))
        else:
            self.reject()

    def open_pdf(self) -> None:
        if self.written is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.written)))

    def done(self, result: int) -> None:
        self.preview.stop()
        super().done(result)

    def reject(self) -> None:
        if self.job is not None:  # Escape while exporting: stop it first
            self.job.cancel()
            self.status.setText(tr("Cancelling…"))
            return
        super().reject()
