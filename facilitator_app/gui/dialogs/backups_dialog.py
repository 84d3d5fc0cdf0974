"""`BackupsDialog` (File → Restore a backup…): this event's rolling backups, to pick one.

The list comes from `store.backups.list_backups`, newest first: when each copy was made,
its size and how many notes and sessions it holds; a damaged copy is listed as damaged, with
the reason, and cannot be chosen. Restoring always makes a new file (`proposed_name` suggests
`STEM-restauré-DATE.recolte` beside the event, a name not taken yet); the application does
the copy (`restore_chosen`) and opens it (`app.Recolte.restore_backup`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.core.errors import RecolteError
from facilitator_app.gui.dialogs.base import RecolteDialog
from facilitator_app.gui.document import EventDocument
from facilitator_app.gui.file_drop import EXTENSION, FILE_FILTER
from facilitator_app.gui.settings import Settings
from facilitator_app.i18n import current_language, tr, tr_count
from facilitator_app.store.backups import BACKUPS_KEPT, BackupInfo, list_backups, restore_backup

__all__ = ["BackupsDialog", "proposed_name", "restore_chosen"]

_DAMAGED = QColor("#b71c1c")


def proposed_name(event: Path, made: datetime) -> Path:
    """`STEM-restauré-2026-06-11-09h12.recolte` beside `event`, numbered if already taken."""
    stem = tr("{stem}-restored-{date}", stem=event.stem, date=made.strftime("%Y-%m-%d-%Hh%M"))
    candidate = event.with_name(stem + ".recolte")
    number = 2
    while candidate.exists():
        candidate = event.with_name(f"{stem}-{number}.recolte")
        number += 1
    return candidate


def _locale() -> QLocale:
    return QLocale(
        QLocale.Language.French if current_language() == "fr" else QLocale.Language.English
    )


def _size(locale: QLocale, size: int) -> str:
    precision = 0 if size >= 100 * 1024 else 1
    return locale.formattedDataSize(
        size, precision, QLocale.DataSizeFormat.DataSizeTraditionalFormat
    )


class BackupsDialog(RecolteDialog):
    geometry_key = "backups_dialog"

    def __init__(
        self,
        backups: list[BackupInfo],
        parent: QWidget | None = None,
        *,
        settings: Settings | None = None,
    ) -> None:
        self.backups = backups
        super().__init__(parent, settings=settings)
        self._fill()

    def _setup_ui(self) -> None:
        self.setWindowTitle(tr("Restore a backup"))
        intro = QLabel(
            tr(
                "Récolte keeps a copy of this event each time it opens it (the {n} latest). "
                "Restoring one makes a new file; the event itself is not changed.",
                n=BACKUPS_KEPT,
            )
        )
        intro.setWordWrap(True)
        self.list = QTreeWidget()
        self.list.setRootIsDecorated(False)
        self.list.setAccessibleName(tr("Backups"))
        self.list.setStyleSheet("QTreeWidget::item { padding: 3px 10px 3px 4px; }")
        self.list.setAlternatingRowColors(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setHeaderLabels([tr("Made on"), tr("Size"), tr("Holds")])
        header = self.list.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.list.currentItemChanged.connect(self._update_button)
        self.list.itemDoubleClicked.connect(lambda *_: self._accept_if_possible())
        self.empty = QLabel(tr("There is no backup of this event yet."))
        self.empty.setWordWrap(True)
        self.empty.hide()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.addButton(
            tr("Restore into a new file…"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setEnabled(False)
        self.buttons.accepted.connect(self._accept_if_possible)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.buttons)
        self.resize(680, 360)

    def _fill(self) -> None:
        locale = _locale()
        for info in self.backups:
            made = locale.toString(info.made, "dddd d MMMM yyyy, HH:mm")
            if info.damaged:
                contents = tr("Damaged, cannot be restored")
            else:
                contents = ", ".join(
                    [
                        tr_count(info.notes or 0, "1 note", "{n} notes"),
                        tr_count(info.sessions or 0, "1 session", "{n} sessions"),
                    ]
                )
            item = QTreeWidgetItem([made, _size(locale, info.size), contents])
            item.setData(0, Qt.ItemDataRole.UserRole, info)
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if info.damaged:
                item.setForeground(2, QBrush(_DAMAGED))
                for column in range(3):  # the sentence that says why, file named
                    item.setToolTip(column, info.problem or "")
            self.list.addTopLevelItem(item)
        self.empty.setVisible(not self.backups)
        self.list.setVisible(bool(self.backups))
        first = next(
            (
                self.list.topLevelItem(row)
                for row in range(self.list.topLevelItemCount())
                if not self._info(self.list.topLevelItem(row)).damaged
            ),
            None,
        )
        if first is not None:
            self.list.setCurrentItem(first)
        self._update_button()

    @staticmethod
    def _info(item: QTreeWidgetItem | None) -> BackupInfo:
        assert item is not None  # a row of the list
        info: BackupInfo = item.data(0, Qt.ItemDataRole.UserRole)
        return info

    def chosen(self) -> BackupInfo | None:
        """The backup to restore: the current row, unless it is damaged."""
        item = self.list.currentItem()
        if item is None:
            return None
        info = self._info(item)
        return None if info.damaged else info

    def select(self, row: int) -> None:
        item = self.list.topLevelItem(row)
        if item is not None:
            self.list.setCurrentItem(item)

    def _update_button(self, *_args: object) -> None:
        self.restore_button.setEnabled(self.chosen() is not None)

    def _accept_if_possible(self) -> None:
        if self.chosen() is not None:
            self.accept()


def restore_chosen(
    window: QWidget,
    document: EventDocument,
    settings: Settings,
    folder: Path,
    *,
    open_elsewhere: Callable[[Path], object | None],
) -> Path | None:
    """Let the person pick one of the backups in `folder` of `document`'s event, and a name
    for the new file; restore it there (never over a file, nor over an event open in a
    window: `open_elsewhere` says which). The new file, or None when nothing was restored
    (cancelled, or refused in one sentence)."""
    current = Path(document.path)
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        backups = list_backups(folder, current.stem, event_id=document.read.event_record().id)
    finally:
        QApplication.restoreOverrideCursor()
    dialog = BackupsDialog(backups, window, settings=settings)
    if not dialog.exec() or (chosen := dialog.chosen()) is None:
        return None
    name, _ = QFileDialog.getSaveFileName(
        window,
        tr("Restore the backup as"),
        str(proposed_name(current, chosen.made)),
        FILE_FILTER,
        options=QFileDialog.Option.DontConfirmOverwrite,  # an existing file is refused
    )
    if not name:
        return None
    target = Path(name if name.endswith(EXTENSION) else name + EXTENSION)
    try:
        if open_elsewhere(target) is not None or target.resolve() == current.resolve():
            raise RecolteError(tr("{path} already exists; choose another name.", path=target))
        restore_backup(chosen.path, target)
    except RecolteError as error:
        QMessageBox.warning(window, tr("Cannot restore the backup"), str(error))
        return None
    return target
