"""`ConflictsDialog` (File → Conflicts…, and after a merge): the records edited apart.

On the left, every conflict, named as a person would (the note's first words and its
session, or the kind and name of the record). On the right, the two versions side by side:
the one the event shows (the later edit) and the one set aside, with the copy and the
device each came from, when it was made, and the fields in which they differ highlighted.
« Keep this version instead » puts the set-aside version in the event
(`core.merge.pick_version`); « Keep the current version » lets the other go
(`keep_version`). Both are edits like any other, so the choice reaches every copy merged
later, and both go through `EventDocument.push`, so Undo brings the conflict back.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.core.commands import ChangeSet
from facilitator_app.core.merge import Conflict, keep_version, pick_version
from facilitator_app.formats.merge_report import describe, version_rows
from facilitator_app.gui.dialogs.base import RecolteDialog
from facilitator_app.gui.document import EventDocument
from facilitator_app.gui.settings import Settings
from facilitator_app.i18n import tr

__all__ = ["ConflictsDialog"]

_HEADER_ROWS = 3  # From, Device, Edited at: the lines after them are the differing fields
_DIFFERS = QColor("#fff3c4")


class ConflictsDialog(RecolteDialog):
    geometry_key = "conflicts_dialog"

    def __init__(
        self,
        document: EventDocument,
        parent: QWidget | None = None,
        *,
        settings: Settings | None = None,
    ) -> None:
        self._document = document
        self._conflicts: list[Conflict] = []
        super().__init__(parent, settings=settings)
        document.changed.connect(self._on_changed)
        document.editable_changed.connect(self._editable_changed)  # a method: gone with it
        self.reload()

    # -- building ---------------------------------------------------------------------------

    def _setup_ui(self) -> None:
        self.setWindowTitle(tr("Conflicts"))
        intro = QLabel(
            tr(
                "Each conflict is a record edited on two laptops. The event kept the later "
                "edit; the other version is set aside and can be put back instead."
            )
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(3)
        self.list.currentRowChanged.connect(self._show)

        self.title = QLabel()
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.versions = QTableWidget(0, 3)
        self.versions.setHorizontalHeaderLabels(["", tr("Kept in the event"), tr("Other version")])
        self.versions.verticalHeader().hide()
        self.versions.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.versions.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.versions.setWordWrap(True)
        header = self.versions.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel(tr("No conflicts: every copy merged cleanly."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.buttons = QDialogButtonBox()
        self.pick_button = self.buttons.addButton(
            tr("Keep this version instead"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.pick_button.setToolTip(tr("Put the other version back in the event (undoable)"))
        self.keep_button = self.buttons.addButton(
            tr("Keep the current version"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.keep_button.setToolTip(tr("Let the other version go (undoable)"))
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(tr("Close"))  # Qt's own text is not translated
        close.clicked.connect(self.accept)
        self.pick_button.clicked.connect(self.pick_other)
        self.keep_button.clicked.connect(self.keep_current)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.title)
        right_layout.addWidget(self.versions, 1)
        split = QSplitter()
        split.addWidget(self.list)
        split.addWidget(right)
        split.setStretchFactor(1, 2)
        split.setSizes([320, 640])
        self.split = split
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        body = QHBoxLayout()
        body.addWidget(split, 1)
        body.addWidget(self.empty, 1)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)
        self.resize(1000, 560)

    # -- content ----------------------------------------------------------------------------

    def conflicts(self) -> list[Conflict]:
        return list(self._conflicts)

    def current(self) -> Conflict | None:
        row = self.list.currentRow()
        return self._conflicts[row] if 0 <= row < len(self._conflicts) else None

    def reload(self) -> None:
        """Read the conflicts again, keeping the current one selected if it is
        still there (else the one now at its place)."""
        previous = self.current()
        row = max(self.list.currentRow(), 0)
        self._conflicts = self._document.conflicts()
        self.list.blockSignals(True)
        self.list.clear()
        for conflict in self._conflicts:
            what = describe(conflict.winner, self._document.read.get)
            sides = tr(
                "kept: “{kept}” · set aside: “{other}”",
                kept=conflict.winner_device or "—",
                other=conflict.loser_device or "—",
            )
            item = QListWidgetItem(f"{what}\n{sides}")
            item.setToolTip(what)
            self.list.addItem(item)
        self.list.blockSignals(False)
        ids = [c.id for c in self._conflicts]
        if previous is not None and previous.id in ids:
            row = ids.index(previous.id)
        has_any = bool(self._conflicts)
        self.split.setVisible(has_any)
        self.empty.setVisible(not has_any)
        if has_any:
            self.list.setCurrentRow(min(row, len(self._conflicts) - 1))
        self._show(self.list.currentRow())

    def _show(self, row: int) -> None:
        conflict = self._conflicts[row] if 0 <= row < len(self._conflicts) else None
        writable = conflict is not None and self._document.editable
        self.pick_button.setEnabled(writable)
        self.keep_button.setEnabled(writable)
        self.versions.setRowCount(0)
        if conflict is None:
            self.title.clear()
            return
        self.title.setText(describe(conflict.winner, self._document.read.get))
        rows = version_rows(conflict, self._document.read.get)
        self.versions.setRowCount(len(rows))
        bold = QFont(self.versions.font())
        bold.setBold(True)
        for index, cells in enumerate(rows):
            differs = index >= _HEADER_ROWS
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 0:
                    item.setFont(bold)
                if differs:
                    item.setBackground(QBrush(_DIFFERS))
                self.versions.setItem(index, column, item)
        self.versions.resizeRowsToContents()

    def _on_changed(self, changes: ChangeSet) -> None:
        if changes.touches("conflict") and self.isVisible():
            self.reload()

    def _editable_changed(self, _editable: bool) -> None:
        self._show(self.list.currentRow())

    def showEvent(self, event: QShowEvent) -> None:
        self.reload()  # hidden, it did not follow the changes
        super().showEvent(event)

    # -- deciding ---------------------------------------------------------------------------

    def pick_other(self) -> None:
        """Put the version set aside back in the event, undoably."""
        conflict = self.current()
        if conflict is not None:
            self._document.push(pick_version(conflict))

    def keep_current(self) -> None:
        """Keep what the event shows and let the other version go, undoably."""
        conflict = self.current()
        if conflict is not None:
            self._document.push(keep_version(conflict))
