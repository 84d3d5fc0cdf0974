"""`PreferencesDialog` (Edit → Preferences…): what a person sets once, for every event.

The interface's language, the language PDFs are printed in by default (the event's own
unless French or English is chosen), the name the capture bar proposes as author, how many
backups of each event are kept, and the folder where Récolte keeps its own files. The
dialog only edits a `Preferences` value; the application stores it (`gui.settings`) and
applies it (`app.Recolte.apply_preferences`: a new language rebuilds the open windows).
Imported when the person opens it, never at start-up.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.gui.dialogs.base import RecolteDialog
from facilitator_app.gui.settings import Settings
from facilitator_app.i18n import N_, system_language, tr
from facilitator_app.store.backups import BACKUPS_KEPT_RANGE

__all__ = ["Preferences", "PreferencesDialog"]

_NAMES = {"fr": "Français", "en": "English"}  # each language in its own words


@dataclass(frozen=True, slots=True)
class Preferences:
    language: str | None  # "fr", "en", or None for the system's
    pdf_language: str  # "event", "fr" or "en"
    capture_author: str  # "" for none
    backups_kept: int
    data_folder: Path | None  # None: the system's usual place
    theme: str = "auto"  # "auto" (the desktop's light or dark), "light" or "dark"

    @classmethod
    def of(cls, settings: Settings) -> Preferences:
        return cls(
            settings.language,
            settings.pdf_language,
            settings.capture_author,
            settings.backups_kept,
            settings.data_folder,
            settings.theme,
        )


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #607d8b;")
    return label


class PreferencesDialog(RecolteDialog):
    geometry_key = "preferences_dialog"

    def __init__(
        self,
        current: Preferences,
        parent: QWidget | None = None,
        *,
        usual_folder: Path,
        settings: Settings | None = None,
    ) -> None:
        self._current = current
        self._usual_folder = usual_folder  # the system's place, shown when none is chosen
        super().__init__(parent, settings=settings)

    def _setup_ui(self) -> None:
        self.setWindowTitle(tr("Preferences"))
        current = self._current

        self.language = QComboBox()
        for code in ("fr", "en"):
            self.language.addItem(_NAMES[code], code)
        system = _NAMES[system_language()]
        self.language.addItem(tr("The system’s ({language})", language=system), "")
        self.language.setCurrentIndex(max(0, self.language.findData(current.language or "")))

        self.pdf_language = QComboBox()
        self.pdf_language.addItem(tr("The event’s language"), "event")
        for code in ("fr", "en"):
            self.pdf_language.addItem(_NAMES[code], code)
        self.pdf_language.setCurrentIndex(max(0, self.pdf_language.findData(current.pdf_language)))

        self.author = QLineEdit(current.capture_author)
        self.author.setPlaceholderText(tr("No author"))
        self.author.setClearButtonEnabled(True)

        self.backups = QSpinBox()
        self.backups.setRange(*BACKUPS_KEPT_RANGE)
        self.backups.setValue(current.backups_kept)

        self.folder = QLineEdit(str(current.data_folder or ""))
        self.folder.setPlaceholderText(str(self._usual_folder))
        self.folder.textChanged.connect(lambda _text: self._folder_changed())
        choose = QPushButton(tr("Choose…"))
        choose.clicked.connect(self._choose_folder)
        self.usual_button = QPushButton(tr("Usual place"))
        self.usual_button.setToolTip(str(self._usual_folder))
        self.usual_button.clicked.connect(self.folder.clear)
        folder_line = QHBoxLayout()
        folder_line.addWidget(self.folder, 1)
        folder_line.addWidget(choose)
        folder_line.addWidget(self.usual_button)
        self.folder_note = _hint("")

        interface = QGroupBox(tr("Window"))
        form = QFormLayout(interface)
        form.addRow(tr("Language"), self.language)
        form.addRow("", _hint(tr("The window changes language at once.")))
        self.theme = QComboBox()
        for code, text in (("auto", N_("Automatic")), ("light", N_("Light")), ("dark", N_("Dark"))):
            self.theme.addItem(tr(text), code)
        self.theme.setCurrentIndex(max(0, self.theme.findData(current.theme)))
        self.theme.setToolTip(tr("Automatic: dark when the desktop is dark."))
        form.addRow(tr("Theme"), self.theme)

        documents = QGroupBox(tr("Notes and documents"))
        form = QFormLayout(documents)
        form.addRow(tr("PDF language"), self.pdf_language)
        form.addRow(
            "", _hint(tr("The language PDFs are printed in, unless you choose another on export."))
        )
        form.addRow(tr("Author of the notes"), self.author)
        form.addRow("", _hint(tr("Proposed in the capture box for each new note.")))

        files = QGroupBox(tr("Files"))
        form = QFormLayout(files)
        form.addRow(tr("Backups kept"), self.backups)
        form.addRow(
            "",
            _hint(
                tr(
                    "For each event; the older ones are deleted the next time it is opened "
                    "(a copy of the event is made each time)."
                )
            ),
        )
        form.addRow(tr("Data folder"), folder_line)
        form.addRow("", self.folder_note)

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setStyleSheet("color: #b71c1c")
        self.status.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for group in (interface, documents, files):
            layout.addWidget(group)
        layout.addStretch(1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(640, self.sizeHint().height())
        self._folder_changed()

    # -- the data folder --------------------------------------------------------------------

    def chosen_folder(self) -> Path | None:
        text = self.folder.text().strip()
        return Path(text).expanduser() if text else None

    def _choose_folder(self) -> None:
        start = self.chosen_folder() or self._usual_folder
        name = QFileDialog.getExistingDirectory(self, tr("Data folder"), str(start))
        if name:
            self.folder.setText(name)

    def _folder_changed(self) -> None:
        """Say what the folder holds, and that changing it moves nothing."""
        before = self._current.data_folder or self._usual_folder
        after = self.chosen_folder() or self._usual_folder
        self.usual_button.setEnabled(self.chosen_folder() is not None)
        text = tr(
            "Backups, the demo event and the error log are kept here; a chosen folder is "
            "also where new events are proposed."
        )
        if after.resolve() != before.resolve():
            text += " " + tr(
                "What is already in {path} stays there: nothing is moved or deleted, and "
                "the Restore dialog lists the backups of the new folder only.",
                path=before,
            )
        self.folder_note.setText(text)

    def _folder_problem(self) -> str | None:
        """Why the chosen folder cannot hold Récolte's files, in one sentence, or None."""
        folder = self.chosen_folder()
        if folder is None:
            return None
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryFile(dir=folder):
                pass
        except OSError as error:
            return tr(
                "Récolte cannot write in {path}: {reason}",
                path=folder,
                reason=error.strerror or error,
            )
        return None

    # -- the answer -------------------------------------------------------------------------

    def accept(self) -> None:
        problem = self._folder_problem()
        if problem is not None:
            self.status.setText(problem)
            self.status.show()
            return
        super().accept()

    def values(self) -> Preferences:
        return Preferences(
            language=self.language.currentData() or None,
            pdf_language=str(self.pdf_language.currentData()),
            capture_author=self.author.text().strip(),
            backups_kept=self.backups.value(),
            data_folder=self.chosen_folder(),
            theme=str(self.theme.currentData()),
        )
