"""`CollectDialog` (File → Collect copies…): merge the note-takers' copies back, from a folder.

The person picks the folder (a USB key, or a folder Syncthing or a network share fills); the
dialog lists its `.recolte` and `.json` files, the open event excepted, and says for each,
once `preview_job` has read it off the GUI thread, what it would bring (« 12 new notes,
3 edits, 1 deletion, 2 conflicts ») or, in red and unchecked, why it cannot be merged
(another event's copy, a damaged file, a newer format). « Merge » runs `merge_job` on the
thread pool with a progress bar; the window's document then reloads
(`EventDocument.external_write`) and, when the merge found conflicts, the conflict view
opens.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.gui.dialogs.base import RecolteDialog
from facilitator_app.gui.document import EventDocument
from facilitator_app.gui.jobs import Job
from facilitator_app.gui.merging import CopyPreview, copy_files, merge_job, preview_job
from facilitator_app.gui.settings import Settings
from facilitator_app.i18n import tr

__all__ = ["CollectDialog"]

_PATH = Qt.ItemDataRole.UserRole
_REFUSED = QColor("#b71c1c")


class CollectDialog(RecolteDialog):
    geometry_key = "collect_dialog"

    def __init__(
        self,
        document: EventDocument,
        parent: QWidget | None = None,
        *,
        settings: Settings | None = None,
        folder: Path | None = None,
    ) -> None:
        self._document = document
        self.preview_job: Job | None = None
        self.job: Job | None = None
        self._running_previews: set[Job] = set()  # kept alive until they end
        self.report: object = None
        self.conflicts_dialog: QWidget | None = None
        super().__init__(parent, settings=settings)
        if folder is not None:
            self.set_folder(folder)

    # -- building ---------------------------------------------------------------------------

    def _setup_ui(self) -> None:
        self.setWindowTitle(tr("Collect copies"))
        intro = QLabel(
            tr(
                "Choose the folder where the note-takers’ copies are (a USB key, a shared "
                "folder). Each checked copy is merged into this event; nothing is lost, and "
                "notes edited on two laptops are shown to you afterwards."
            )
        )
        intro.setWordWrap(True)
        self.folder = QLineEdit()
        self.folder.setAccessibleName(tr("Folder of the copies"))
        self.folder.setPlaceholderText(tr("Folder of the copies"))
        self.folder.editingFinished.connect(lambda: self.set_folder(Path(self.folder.text())))
        browse = QPushButton(tr("Choose…"))
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.folder, 1)
        where.addWidget(browse)

        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setAccessibleName(tr("Copies found"))
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(3)
        self.list.itemChanged.connect(lambda _item: self._update_buttons())

        self.progress = QProgressBar()
        self.progress.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.merge_button = self.buttons.addButton(
            tr("Merge"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.conflicts_button = self.buttons.addButton(
            tr("Show conflicts"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.conflicts_button.hide()
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.setText(tr("Close"))  # Qt's own text is not translated
        self.merge_button.clicked.connect(self.start)
        self.conflicts_button.clicked.connect(self.show_conflicts)
        self.close_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(where)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(720, 520)
        self._update_buttons()

    def _browse(self) -> None:
        start = self.folder.text() or str(Path(self._document.path).parent)
        chosen = QFileDialog.getExistingDirectory(self, tr("Collect copies"), start)
        if chosen:
            self.set_folder(Path(chosen))

    # -- listing and previewing ---------------------------------------------------------------

    def set_folder(self, folder: Path) -> None:
        """List the copies in `folder` and start reading what each brings."""
        if self.job is not None:
            return
        if self.preview_job is not None:
            self.preview_job.cancel()
            self.preview_job = None
        self.folder.setText(str(folder))
        self.list.clear()
        if not folder.is_dir():
            self.status.setText(tr("The folder {path} does not exist.", path=folder))
            self._update_buttons()
            return
        paths = copy_files(folder, self._document.path)
        for path in paths:
            item = QListWidgetItem(f"{path.name}\n{tr('Reading…')}")
            item.setData(_PATH, str(path))
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsUserCheckable)
            self.list.addItem(item)
        if not paths:
            self.status.setText(tr("No copy (.recolte or .json file) in this folder."))
            self._update_buttons()
            return
        if self.report is None:
            self.status.setText(tr("Reading the copies…"))
        job = preview_job(Path(self._document.path), paths)
        job.reported.connect(self._previewed)  # bound methods: queued to this thread
        for ended in (job.finished, job.failed, job.cancelled):
            ended.connect(self._previews_done)
        self.preview_job = job
        self._running_previews.add(job)
        self._update_buttons()
        job.start()

    def _item(self, path: Path) -> QListWidgetItem | None:
        for row in range(self.list.count()):
            if self.list.item(row).data(_PATH) == str(path):
                return self.list.item(row)
        return None

    def _previewed(self, preview: CopyPreview) -> None:
        if self.sender() is not self.preview_job or (item := self._item(preview.path)) is None:
            return  # a folder chosen since
        self.list.blockSignals(True)
        item.setText(f"{preview.path.name}\n{preview.summary}")
        item.setToolTip(preview.summary)
        if preview.refused:
            item.setForeground(QBrush(_REFUSED))
            item.setData(Qt.ItemDataRole.CheckStateRole, None)
        elif not item.flags() & Qt.ItemFlag.ItemIsUserCheckable:  # first word on it
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = preview.brings > 0
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.list.blockSignals(False)
        self._update_buttons()

    def _previews_done(self, *_outcome: object) -> None:
        job = self.sender()
        self._running_previews.discard(job)
        if job is not self.preview_job:
            return
        self.preview_job = None
        if self.report is None:
            self.status.setText(tr("Check the copies to merge, then click Merge."))
        self._update_buttons()

    def previews_pending(self) -> bool:
        return self.preview_job is not None

    def checked_paths(self) -> list[Path]:
        return [
            Path(self.list.item(row).data(_PATH))
            for row in range(self.list.count())
            if self.list.item(row).flags() & Qt.ItemFlag.ItemIsUserCheckable
            and self.list.item(row).checkState() == Qt.CheckState.Checked
        ]

    def set_checked(self, path: Path, checked: bool) -> None:
        item = self._item(path)
        if item is not None and item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def _update_buttons(self) -> None:
        idle = self.job is None and self.preview_job is None
        self.merge_button.setEnabled(
            idle and bool(self.checked_paths()) and self._document.editable
        )

    # -- merging ------------------------------------------------------------------------------

    def start(self) -> None:
        paths = self.checked_paths()
        if not paths or self.job is not None or self.preview_job is not None:
            return
        self._document.flush()  # what the window still holds goes in before the merge reads
        self.job = merge_job(Path(self._document.path), paths)
        self.job.progressed.connect(self._progressed)
        self.job.finished.connect(self._finished)
        self.job.failed.connect(self._failed)
        self.job.cancelled.connect(self._cancelled)
        self._running(True)
        self.status.setText(
            tr("Merging {n} copies…", n=len(paths)) if len(paths) > 1 else tr("Merging the copy…")
        )
        self._document.set_editable(False)  # another connection writes the file meanwhile
        self.job.start()

    def _running(self, running: bool) -> None:
        self.close_button.setText(tr("Cancel") if running else tr("Close"))
        self.progress.setVisible(running)
        self.progress.setRange(0, 0)
        self.list.setEnabled(not running)
        self._update_buttons()

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _finished(self, report: object) -> None:
        self.job = None
        self.report = report
        self._document.set_editable(True)
        self._running(False)
        self._document.external_write(report.changed.ids)  # type: ignore[attr-defined]
        conflicts = len(report.conflicts)  # type: ignore[attr-defined]
        self.status.setText(
            tr(
                "Merged: {added} added, {updated} updated, {conflicts} new conflicts.",
                added=report.added,  # type: ignore[attr-defined]
                updated=report.updated,  # type: ignore[attr-defined]
                conflicts=conflicts,
            )
        )
        self.conflicts_button.setVisible(bool(self._document.conflicts()))
        self.set_folder(Path(self.folder.text()))  # what is left to bring: nothing, now
        if conflicts:
            self.show_conflicts()

    def _failed(self, message: str) -> None:
        self.job = None
        self._document.set_editable(True)
        self._running(False)
        self.status.setText(tr("Nothing was merged: {reason}", reason=message))

    def _cancelled(self) -> None:
        self.job = None
        self._document.set_editable(True)
        self._running(False)
        self.status.setText(tr("Merge cancelled: the event is as it was."))

    def show_conflicts(self) -> None:
        """The conflict view, over this dialog (its child, so this modal dialog lets it be
        used; File → Conflicts… shows it again later)."""
        from facilitator_app.gui.dialogs.conflicts_dialog import ConflictsDialog  # when needed

        if self.conflicts_dialog is None:
            self.conflicts_dialog = ConflictsDialog(self._document, self, settings=self._settings)
        self.conflicts_dialog.show()
        self.conflicts_dialog.raise_()

    def reject(self) -> None:
        if self.job is not None:  # Escape while merging: stop it first
            self.job.cancel()
            self.status.setText(tr("Cancelling…"))
            return
        if self.preview_job is not None:
            self.preview_job.cancel()
        super().reject()
