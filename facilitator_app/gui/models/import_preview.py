"""`ImportPreviewModel`: the rows of a spreadsheet import as they will be imported.

A read-only table over an `export.people_import.ImportPlan`: the line number the spreadsheet
shows, what happens to the row (added, updated, unchanged, or an error), the fields as they
will be stored, and a message: the row's problems, or what to know before importing it (a
namesake with another e-mail). Rows with a problem are tinted red with the message in their
tooltip; the cells an update changes are bold; an organisation that will be created
says so. `PROBLEM_ROLE` ("1" or "0") lets a proxy keep only the rows with problems.

A bad row need not block the rest: the cells of mapped fields are editable (the dialog puts
the correction in its copy of the table and checks the rows again: `cell_edited`), and the
Import column holds a check box that skips the row (`skipped`, by line; `skip_changed`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QGuiApplication, QPalette

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

__all__ = ["ImportPreviewModel", "PROBLEM_ROLE", "ACTION_LABELS", "SKIPPED"]

PROBLEM_ROLE = Qt.ItemDataRole.UserRole + 1
AnyIndex = QModelIndex | QPersistentModelIndex

ACTION_LABELS = {
    ADD: N_("To add"),
    UPDATE: N_("To update"),
    SAME: N_("Unchanged"),
    INVALID: N_("Error"),
}
SKIPPED = N_("Skipped")
_ERROR_BACKGROUND = QColor("#fde2e1")
_ERROR_TEXT = QColor("#b71c1c")
_NEW_TEXT = QColor("#1b5e20")
_NOTE_TEXT = QColor("#8a5a00")


class ImportPreviewModel(QAbstractTableModel):
    LINE, ACTION, MESSAGE = 0, 1, 2  # then one column per field
    cell_edited = Signal(int, str, str)  # line, field key, the text typed
    skip_changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._plan: ImportPlan | None = None
        self._fields: tuple[ImportField, ...] = ()
        self.skipped: set[int] = set()  # lines the person chose not to import
        self.editable: frozenset[str] = frozenset()  # field keys a column of the file feeds

    # -- content ----------------------------------------------------------------------------

    @property
    def plan(self) -> ImportPlan | None:
        return self._plan

    def set_plan(self, plan: ImportPlan | None) -> None:
        self.beginResetModel()
        self._plan = plan
        self._fields = preview_fields(plan.kind) if plan is not None else ()
        self.endResetModel()

    def set_skipped(self, lines: set[int]) -> None:
        """Skip these lines (and import the others); the view and the dialog are told."""
        self.skipped = set(lines)
        if self.rowCount():
            last = self.index(self.rowCount() - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)
        self.skip_changed.emit()

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
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == self.ACTION:
            return flags | Qt.ItemFlag.ItemIsUserCheckable
        field = self._field(index.column())
        if field is not None and field.key in self.editable:
            return flags | Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or self._plan is None:
            return False
        line = self._plan.rows[index.row()].line
        if index.column() == self.ACTION and role == Qt.ItemDataRole.CheckStateRole:
            skip = Qt.CheckState(value) == Qt.CheckState.Checked
            self.set_skipped(self.skipped | {line} if skip else self.skipped - {line})
            return True
        field = self._field(index.column())
        if role != Qt.ItemDataRole.EditRole or field is None or field.key not in self.editable:
            return False
        if str(value) == self._edit_text(self._plan.rows[index.row()], field):
            return False
        self.cell_edited.emit(line, field.key, str(value))  # the dialog checks the rows again
        return True

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._plan is None:
            return None
        if not 0 <= index.row() < len(self._plan.rows):
            return None
        row = self._plan.rows[index.row()]
        column = index.column()
        skipped = row.line in self.skipped
        if role == PROBLEM_ROLE:
            return "1" if row.problems else "0"
        if role == Qt.ItemDataRole.CheckStateRole and column == self.ACTION:
            return Qt.CheckState.Checked if skipped else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.EditRole:
            field = self._field(column)
            return self._edit_text(row, field) if field is not None else None
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(_ERROR_BACKGROUND) if row.problems and not skipped else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.ACTION:
                return tr("Tick to skip this row: it will not be imported.")
            if row.problems or row.notes:
                return "\n".join(row.problems or row.notes)
            if self._is_new_organisation(row, column):
                return tr("New organisation: it will be created")
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if skipped:  # greyed as the theme greys
                return QGuiApplication.palette().brush(QPalette.ColorRole.PlaceholderText)
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
            return tr(SKIPPED if row.line in self.skipped else ACTION_LABELS[row.action])
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

    def _edit_text(self, row: PlannedRow, field: ImportField) -> str:
        """A cell as its editor starts: the value as imported, a consent as yes or no."""
        value = row.values.get(field.key)
        if field.consent:
            return "" if value is None else tr("yes") if value else tr("no")
        return str(value or "")

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
