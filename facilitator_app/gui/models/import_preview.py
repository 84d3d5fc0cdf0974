"""`ImportPreviewModel`: the rows of a spreadsheet import as they will be imported.

A read-only table over an `export.people_import.ImportPlan`: the line number the spreadsheet
shows, what happens to the row (added, updated, unchanged, or an error), the fields as they
will be stored, and a message: the row's problems, or what to know before importing it (a
namesake with another e-mail). Rows with a problem are tinted red with the message in their
tooltip; the cells an update changes are bold; an organisation that will be created
says so. `PROBLEM_ROLE` ("1" or "0") lets a proxy keep only the rows with problems.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from facilitator_app.formats.people_import import (
    ADD,
    INVALID,
    SAME,
    UPDATE,
    ImportField,
    ImportPlan,
    PlannedRow,
    preview_fields,
)
from facilitator_app.i18n import N_, tr

__all__ = ["ImportPreviewModel", "PROBLEM_ROLE", "ACTION_LABELS"]

PROBLEM_ROLE = Qt.ItemDataRole.UserRole + 1
AnyIndex = QModelIndex | QPersistentModelIndex

ACTION_LABELS = {
    ADD: N_("To add"),
    UPDATE: N_("To update"),
    SAME: N_("Unchanged"),
    INVALID: N_("Error"),
}
_ERROR_BACKGROUND = QColor("#fde2e1")
_ERROR_TEXT = QColor("#b71c1c")
_NEW_TEXT = QColor("#1b5e20")
_NOTE_TEXT = QColor("#8a5a00")


class ImportPreviewModel(QAbstractTableModel):
    LINE, ACTION, MESSAGE = 0, 1, 2  # then one column per field

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._plan: ImportPlan | None = None
        self._fields: tuple[ImportField, ...] = ()

    # -- content ----------------------------------------------------------------------------

    @property
    def plan(self) -> ImportPlan | None:
        return self._plan

    def set_plan(self, plan: ImportPlan | None) -> None:
        self.beginResetModel()
        self._plan = plan
        self._fields = preview_fields(plan.kind) if plan is not None else ()
        self.endResetModel()

    def row(self, row: int) -> PlannedRow:
        assert self._plan is not None
        return self._plan.rows[row]

    @property
    def problem_column(self) -> int:
        return self.MESSAGE

    def has_messages(self) -> bool:
        """Whether any row has something to say (the view hides an empty message column)."""
        return self._plan is not None and any(r.problems or r.notes for r in self._plan.rows)

    def column_of(self, key: str) -> int:
        """The column showing the field `key` (`name`, `email`…), or -1."""
        keys = [f.key for f in self._fields]
        return 3 + keys.index(key) if key in keys else -1

    # -- QAbstractItemModel -----------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() or self._plan is None else len(self._plan.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() or self._plan is None else 3 + len(self._fields)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if not 0 <= section < self.columnCount():
            return None
        if section == self.LINE:
            return tr("Line")
        if section == self.ACTION:
            return tr("Import")
        if section == self.MESSAGE:
            return tr("Message")
        return tr(self._fields[section - 3].label)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._plan is None:
            return None
        if not 0 <= index.row() < len(self._plan.rows):
            return None
        row = self._plan.rows[index.row()]
        column = index.column()
        if role == PROBLEM_ROLE:
            return "1" if row.problems else "0"
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(_ERROR_BACKGROUND) if row.problems else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if row.problems or row.notes:
                return "\n".join(row.problems or row.notes)
            if self._is_new_organisation(row, column):
                return tr("New organisation: it will be created")
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.problems and column in (self.ACTION, self.MESSAGE):
                return QBrush(_ERROR_TEXT)
            if row.notes and column == self.MESSAGE:
                return QBrush(_NOTE_TEXT)
            if self._is_new_organisation(row, column):
                return QBrush(_NEW_TEXT)
            return None
        if role == Qt.ItemDataRole.FontRole:
            return self._font(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.LINE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    # -- cells ------------------------------------------------------------------------------

    def _field(self, column: int) -> ImportField | None:
        return self._fields[column - 3] if 3 <= column < self.columnCount() else None

    def _display(self, row: PlannedRow, column: int) -> str:
        if column == self.LINE:
            return str(row.line)
        if column == self.ACTION:
            return tr(ACTION_LABELS[row.action])
        if column == self.MESSAGE:
            return " ".join(" ".join(row.problems or row.notes).split())
        field = self._field(column)
        if field is None:
            return ""
        value = row.values.get(field.key)
        if field.consent:
            return "" if value is None else tr("yes") if value else tr("no")
        text = " ".join(str(value or "").split())
        if self._is_new_organisation(row, column):
            return tr("{name} (new)", name=text)
        return text

    def _is_new_organisation(self, row: PlannedRow, column: int) -> bool:
        field = self._field(column)
        return row.new_organisation and field is not None and field.key == "organisation"

    def _font(self, row: PlannedRow, column: int) -> QFont | None:
        field = self._field(column)
        changed = row.action == UPDATE and field is not None and field.key in row.changed
        if changed or (column == self.ACTION and row.action in (ADD, UPDATE)):
            font = QFont()
            font.setBold(True)
            return font
        return None
