"""`CopiesDialog` (File → Prepare note-taker copies…): one copy of the event per laptop.

The person picks a folder (a USB key) and the copies' names: « Poste 1 … N », or the tables
of a world café (« Table 1 · Animation »…), each editable. « Write the copies » writes
`<event title> – <name>.recolte` files there (`store.copies.prepare_copy`, which records
where each copy parted from the event, so that merging them back tells edits made apart
from edits made one after the other). It never overwrites a file: if one is there already,
it says so in one sentence and writes none.

The copies are written on the thread pool (`gui.jobs.Job`, each copy read through a
connection of the job's own) with a progress bar; Cancel stops between two copies and
removes those this run wrote, so that the folder is left as it was (each copy is written
under a temporary name and renamed when whole: never a partial file). A small event (under
`BACKGROUND_BYTES`) is copied at once on the GUI thread, the same way.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.core.errors import Cancelled, RecolteError
from facilitator_app.core.text import file_stem
from facilitator_app.core.vocabulary import table_label
from facilitator_app.gui.dialogs.base import RecolteDialog
from facilitator_app.gui.document import EventDocument
from facilitator_app.gui.jobs import Job, unexpected
from facilitator_app.gui.settings import Settings
from facilitator_app.i18n import tr
from facilitator_app.store import remove_event_file
from facilitator_app.store.copies import copy_path, prepare_copy

__all__ = ["CopiesDialog", "copy_file"]


def copy_file(folder: Path, title: str, name: str) -> Path:
    """`folder/<event title> – <name>.recolte`, with what file systems refuse replaced."""
    return copy_path(folder, f"{file_stem(title, fallback='Récolte')}.recolte", name)


class _Stopped(Exception):
    """The copies stopped on `error` after `written` of them were written."""

    def __init__(self, error: Exception, written: list[Path]) -> None:
        super().__init__(str(error))
        self.error = error
        self.written = written


def _stopped(error: Exception) -> str:
    """What stopped the copies, in one sentence, and how many were written before (they
    stay: each is a whole copy)."""
    written = error.written if isinstance(error, _Stopped) else []
    cause = error.error if isinstance(error, _Stopped) else error
    if isinstance(cause, RecolteError):
        reason = str(cause)
    elif isinstance(cause, OSError):
        reason = tr(
            "{path} could not be written: {reason}",
            path=cause.filename or "",
            reason=cause.strerror or cause,
        )
    else:
        reason = unexpected(cause)
    if not written:
        return reason
    return tr("{reason} ({n} copies written before it.)", reason=reason, n=len(written))


class CopiesDialog(RecolteDialog):
    geometry_key = "copies_dialog"
    BACKGROUND_BYTES = 4 * 1024 * 1024  # an event file copied on the thread pool past this

    def __init__(
        self,
        document: EventDocument,
        parent: QWidget | None = None,
        *,
        settings: Settings | None = None,
        folder: Path | None = None,
    ) -> None:
        self._document = document
        self.written: list[Path] = []
        self.job: Job | None = None
        super().__init__(parent, settings=settings)
        if folder is not None:
            self.folder.setText(str(folder))

    # -- building ---------------------------------------------------------------------------

    def _setup_ui(self) -> None:
        self.setWindowTitle(tr("Prepare note-taker copies"))
        intro = QLabel(
            tr(
                "Each laptop opens its own copy and captures on it, without network; "
                "in a shared synced folder (Syncthing, a network share), each laptop writes "
                "only its own file. Collect the copies afterwards to merge them."
            )
        )
        intro.setWordWrap(True)
        self.folder = QLineEdit()
        self.folder.setAccessibleName(tr("Folder of the copies"))
        self.folder.setPlaceholderText(tr("A USB key, or a shared folder"))
        browse = QPushButton(tr("Choose…"))
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.folder, 1)
        where.addWidget(browse)

        self.by_laptop = QRadioButton(tr("One per laptop:"))
        self.count = QSpinBox()
        self.count.setRange(1, 99)
        self.count.setValue(3)
        self.count.setAccessibleName(tr("Number of laptops"))
        self.by_table = QRadioButton(tr("One per table of:"))
        self.cafe = QComboBox()
        self.cafe.setAccessibleName(tr("World café whose tables get a copy"))
        for session in self._document.read.all_sessions():
            if session.kind.spec.tables and self._document.read.session_tables(session.id):
                self.cafe.addItem(session.title, session.id)
        self.mode = QButtonGroup(self)
        self.mode.addButton(self.by_laptop)
        self.mode.addButton(self.by_table)
        self.by_laptop.setChecked(True)
        self.by_table.setEnabled(self.cafe.count() > 0)
        self.cafe.setEnabled(self.cafe.count() > 0)
        for widget in (self.by_table, self.cafe):
            widget.setProperty("usable", self.cafe.count() > 0)  # no café: never enabled
        self.mode.buttonToggled.connect(lambda _b, on: self.fill_names() if on else None)
        self.count.valueChanged.connect(lambda _n: self._fill_if(self.by_laptop))
        self.cafe.currentIndexChanged.connect(lambda _i: self._fill_if(self.by_table))
        laptops = QHBoxLayout()
        laptops.addWidget(self.by_laptop)
        laptops.addWidget(self.count)
        laptops.addStretch(1)
        tables = QHBoxLayout()
        tables.addWidget(self.by_table)
        tables.addWidget(self.cafe, 1)

        self.names = QListWidget()
        self.names.setToolTip(tr("Double-click a name to change it"))
        add, remove = QPushButton(tr("Add")), QPushButton(tr("Remove"))
        add.clicked.connect(self.add_name)
        remove.clicked.connect(self._remove_name)
        name_buttons = QHBoxLayout()
        name_buttons.addWidget(add)
        name_buttons.addWidget(remove)
        name_buttons.addStretch(1)

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress = QProgressBar()
        self.progress.hide()
        self.buttons = QDialogButtonBox()
        self.write_button = self.buttons.addButton(
            tr("Write the copies"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.setText(tr("Close"))  # Qt's own text is not translated
        self.write_button.clicked.connect(self.write)
        self.close_button.clicked.connect(self.reject)

        form = QFormLayout()
        form.addRow(tr("Folder"), where)
        form.addRow(tr("Copies"), laptops)
        form.addRow("", tables)
        names = QVBoxLayout()
        names.addWidget(self.names)
        names.addLayout(name_buttons)
        form.addRow(tr("Names"), names)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        self._inputs = [self.folder, browse, self.by_laptop, self.count, self.by_table]
        self._inputs += [self.cafe, self.names, add, remove]
        self.resize(620, 560)
        self.fill_names()

    def _browse(self) -> None:
        start = self.folder.text() or str(Path(self._document.path).parent)
        chosen = QFileDialog.getExistingDirectory(self, tr("Prepare note-taker copies"), start)
        if chosen:
            self.folder.setText(chosen)

    # -- names --------------------------------------------------------------------------------

    def _fill_if(self, button: QRadioButton) -> None:
        if button.isChecked():
            self.fill_names()

    def fill_names(self) -> None:
        """Names from the choice: « Poste 1 … N », or the tables of the chosen café."""
        if self.by_table.isChecked() and self.cafe.currentData():
            tables = self._document.read.session_tables(self.cafe.currentData())
            names = [table_label(t.number, t.theme) for t in tables]
        else:
            names = [tr("Laptop {n}", n=n) for n in range(1, self.count.value() + 1)]
        self.set_names(names)

    def set_names(self, names: list[str]) -> None:
        self.names.clear()
        for name in names:
            self.add_name(name)

    def add_name(self, name: str | bool = False) -> None:
        text = name if isinstance(name, str) else tr("Laptop {n}", n=self.names.count() + 1)
        item = QListWidgetItem(text)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        self.names.addItem(item)
        if not isinstance(name, str):  # the Add button: name it at once
            self.names.setCurrentItem(item)
            self.names.editItem(item)

    def _remove_name(self) -> None:
        row = self.names.currentRow()
        if row >= 0:
            self.names.takeItem(row)

    def copy_names(self) -> list[str]:
        texts = (self.names.item(row).text().strip() for row in range(self.names.count()))
        return [t for t in texts if t]

    # -- writing ------------------------------------------------------------------------------

    def planned(self) -> list[tuple[str, Path]]:
        folder = Path(self.folder.text()).expanduser()
        title = self._document.read.event_record().title
        return [(name, copy_file(folder, title, name)) for name in self.copy_names()]

    def _refusal(self, planned: list[tuple[str, Path]]) -> str:
        """Why nothing can be written, in one sentence, or ""."""
        folder = Path(self.folder.text()).expanduser()
        if not self.folder.text().strip():
            return tr("Choose the folder the copies go to.")
        if not folder.is_dir():
            return tr("The folder {path} does not exist.", path=folder)
        if not planned:
            return tr("Give at least one copy a name.")
        seen: set[Path] = set()
        for name, path in planned:
            if path in seen:
                return tr("Two copies are named “{name}”; give each its own name.", name=name)
            seen.add(path)
            if path.exists():
                return tr("{path} already exists; choose another name.", path=path.name)
        return ""

    def write(self) -> bool:
        """Write every copy, or none when one cannot be (the reason in the status line).
        False when nothing can be written; True once the writing started (a small event:
        done when this returns, `written` filled)."""
        if self.job is not None:
            return False
        planned = self.planned()
        refusal = self._refusal(planned)
        if refusal:
            self.status.setText(refusal)
            return False
        event = Path(self._document.path)

        def write_copies(job: Job) -> list[Path]:
            written: list[Path] = []
            try:
                for done, (name, path) in enumerate(planned):
                    job.progress(done, len(planned))
                    written.append(prepare_copy(event, path, name=name))
                job.progress(len(planned), len(planned))
            except Exception as error:
                if job.stopping or isinstance(error, Cancelled):
                    for path in written:  # Cancel: the folder as it was
                        remove_event_file(path)
                    raise
                raise _Stopped(error, written) from error
            return written

        try:
            size = event.stat().st_size
        except OSError:
            size = 0
        job = Job(write_copies, failure=_stopped)
        job.progressed.connect(self._progressed)
        job.finished.connect(self._written)
        job.failed.connect(self._failed)
        job.cancelled.connect(self._cancelled)
        self.job = job
        self._running(True)
        self.status.setText(tr("Writing {n} copies…", n=len(planned)))
        job.start(wait=size <= self.BACKGROUND_BYTES)
        return True

    def _running(self, running: bool) -> None:
        self.write_button.setEnabled(not running)
        for widget in self._inputs:  # what is being written is what they say
            widget.setEnabled(not running and widget.property("usable") is not False)
        self.close_button.setText(tr("Cancel") if running else tr("Close"))
        self.progress.setVisible(running)
        self.progress.setRange(0, 0)

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _written(self, written: list[Path]) -> None:
        self.job = None
        self._running(False)
        self.written = written
        files = "\n".join(f"• {p.name}" for p in written)
        self.status.setText(
            tr("{n} copies written to {folder}:", n=len(written), folder=written[0].parent)
            + "\n"
            + files
            if len(written) > 1
            else tr("1 copy written to {folder}:", folder=written[0].parent) + "\n" + files
        )

    def _failed(self, sentence: str) -> None:
        self.job = None
        self._running(False)
        self.status.setText(sentence)

    def _cancelled(self) -> None:
        self.job = None
        self._running(False)
        self.written = []
        self.status.setText(tr("Cancelled: no copy was written."))

    def reject(self) -> None:
        """Close, or Cancel while the copies are being written (those written are removed)."""
        if self.job is not None:
            self.job.cancel()
            self.status.setText(tr("Cancelling…"))
            return
        super().reject()
