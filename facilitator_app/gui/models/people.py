"""Table models over the event's participants and organisations, and the proxy that sorts them.

`ParticipantsModel` and `OrganisationsModel` are adapters: rows come from
`document.read.all_participants()` / `all_organisations()` in their (French-aware) order, an
edit in a view becomes one `update(...)` command pushed on the document, and the models follow
`document.changed` with the finest signals that describe the change (rows inserted or removed,
rows moved, cells changed; a reset only when the change mixes those), so selections and open
editors survive other people's edits. `PeopleProxyModel` sorts on `SORT_ROLE` (text folded by
`core.text.fold`, so « É » sorts with « E ») and filters rows accent- and case-insensitively.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from facilitator_app.core.commands import ChangeSet, update
from facilitator_app.core.model import Organisation, Participant, Record
from facilitator_app.core.text import fold
from facilitator_app.gui.document import EventDocument
from facilitator_app.gui.models.directory import directory_of
from facilitator_app.i18n import N_, tr

__all__ = [
    "SORT_ROLE",
    "ID_ROLE",
    "Column",
    "RecordTableModel",
    "ParticipantsModel",
    "OrganisationsModel",
    "PeopleProxyModel",
    "is_checked",
]

SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # folded text (or 0/1 for a check box) to sort on
ID_ROLE = Qt.ItemDataRole.UserRole + 2  # the row's record id

R = TypeVar("R", bound=Record)
AnyIndex = QModelIndex | QPersistentModelIndex

_TEXT = "text"
_CHECK = "check"
_ORGANISATION = "organisation"


@dataclass(frozen=True, slots=True)
class Column:
    """One column: the record field it shows, its header (English id) and how it is edited."""

    field: str
    header: str
    kind: str = _TEXT  # "text", "check" (a bool field) or "organisation" (an id shown by name)
    tip: str = ""
    required: bool = False  # an empty value is refused (names)


@lru_cache(maxsize=4096)
def _folded(text: str) -> str:
    return fold(text)


def _sort_text(text: str) -> str:
    # Accents and case ignored first, then the exact text breaks ties (like core.text.sort_key).
    return f"{_folded(text)}\x00{text}"


def _one_line(text: str) -> str:
    return " ".join(text.split()) if "\n" in text else text


class RecordTableModel(QAbstractTableModel, Generic[R]):
    """A table of one record type; subclasses name the columns and how to read the rows."""

    COLUMNS: Sequence[Column] = ()
    KIND: str = ""
    EDIT_LABEL: str = "Edit"
    IN_NAME_ORDER = False  # rows come sorted as column 0 (a name) sorts, ascending

    def __init__(self, document: EventDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._document = document
        directory_of(document)  # the people's cache hears of changes before this model
        self._rows: list[R] = self._load()
        document.changed.connect(self._on_changed)

    # -- what subclasses provide ----------------------------------------------------------

    def _load(self) -> list[R]:
        raise NotImplementedError

    def _watched_kinds(self) -> tuple[str, ...]:
        return (self.KIND,)

    def _display(self, record: R, column: Column) -> str:
        return _one_line(str(getattr(record, column.field) or ""))

    # -- reading --------------------------------------------------------------------------

    @property
    def document(self) -> EventDocument:
        return self._document

    def record(self, row: int) -> R:
        """The record shown at `row` (the model's own row, not a proxy's)."""
        return self._rows[row]

    def records(self) -> list[R]:
        return list(self._rows)

    def row_of(self, record_id: str) -> int:
        """The row showing `record_id`, or -1."""
        for row, record in enumerate(self._rows):
            if record.id == record_id:
                return row
        return -1

    def filter_text(self, row: int) -> str:
        """Every shown value of `row`, folded, for accent- and case-insensitive filtering."""
        record = self._rows[row]
        return _folded(" ".join(self._display(record, c) for c in self.COLUMNS if c.kind != _CHECK))

    def column_texts(self, column: int, *, most: int = 200) -> set[str]:
        """The texts `column` shows in at most `most` rows spread over the table: what its
        width is fitted to, read without asking the view."""
        spec, step = self.COLUMNS[column], max(1, len(self._rows) // most)
        return {self._display(record, spec) for record in self._rows[::step]}

    def column_values(self, column: int) -> list[str]:
        """The distinct non-empty texts of a column, in French order (for completers)."""
        spec = self.COLUMNS[column]
        values = {self._display(r, spec) for r in self._rows} - {""}
        return sorted(values, key=lambda v: (_folded(v), v))

    # -- QAbstractItemModel ---------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.COLUMNS):
            return None
        column = self.COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return tr(column.header)
        if role == Qt.ItemDataRole.ToolTipRole and column.tip:
            return tr(column.tip)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not self._document.editable:
            return flags
        if self.COLUMNS[index.column()].kind == _CHECK:
            return flags | Qt.ItemFlag.ItemIsUserCheckable
        return flags | Qt.ItemFlag.ItemIsEditable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        record = self._rows[index.row()]
        column = self.COLUMNS[index.column()]
        value = getattr(record, column.field)
        if role == ID_ROLE:
            return record.id
        if column.kind == _CHECK:
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
            if role == SORT_ROLE:
                return int(bool(value))
            if role == Qt.ItemDataRole.ToolTipRole and column.tip:
                return tr(column.tip)
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(record, column)
        if role == Qt.ItemDataRole.EditRole:
            return value or ""
        if role == SORT_ROLE:
            return _sort_text(self._display(record, column))
        if role == Qt.ItemDataRole.ToolTipRole:
            full = str(value or "") if column.kind == _TEXT else self._display(record, column)
            return full if full and (len(full) > 40 or "\n" in full) else None
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return False
        if not self.flags(index) & (Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsUserCheckable):
            return False
        record = self._rows[index.row()]
        column = self.COLUMNS[index.column()]
        if column.kind == _CHECK:
            if role != Qt.ItemDataRole.CheckStateRole:
                return False
            new: Any = is_checked(value)
        elif role != Qt.ItemDataRole.EditRole:
            return False
        elif column.kind == _ORGANISATION:
            new = str(value) if value else None
        else:
            new = "" if value is None else str(value)
            if "\n" not in new:
                new = new.strip()
            if column.required and not new.strip():
                return False
        if getattr(record, column.field) == new:
            return True  # nothing to save: no empty undo step
        command = update(record, label=self.EDIT_LABEL, typing=True, **{column.field: new})
        return self._document.push(command)

    # -- following the document -----------------------------------------------------------

    def _on_changed(self, changes: ChangeSet) -> None:
        if changes.touches(*self._watched_kinds()):
            self._sync(self._load())

    def _sync(self, new_rows: list[R]) -> None:
        """Move from the current rows to `new_rows` with the finest signals that say how."""
        old_ids = [r.id for r in self._rows]
        new_ids = [r.id for r in new_rows]
        old_set, new_set = set(old_ids), set(new_ids)
        if old_ids == new_ids:
            pass
        elif new_set >= old_set and [i for i in new_ids if i in old_set] == old_ids:
            for row, record in enumerate(new_rows):
                if record.id not in old_set:
                    self.beginInsertRows(QModelIndex(), row, row)
                    self._rows.insert(row, record)
                    self.endInsertRows()
        elif new_set <= old_set and [i for i in old_ids if i in new_set] == new_ids:
            row = len(self._rows) - 1
            while row >= 0:
                if self._rows[row].id in new_set:
                    row -= 1
                    continue
                last = row
                while row > 0 and self._rows[row - 1].id not in new_set:
                    row -= 1
                self.beginRemoveRows(QModelIndex(), row, last)
                del self._rows[row : last + 1]
                self.endRemoveRows()
                row -= 1
        elif new_set == old_set:
            self._move_rows(new_rows)
        else:
            self.beginResetModel()
            self._rows = list(new_rows)
            self.endResetModel()
            return
        pairs = enumerate(zip(self._rows, new_rows, strict=True))
        changed = [row for row, (old, new) in pairs if old != new]
        self._rows = list(new_rows)
        last_column = len(self.COLUMNS) - 1
        for row in changed:
            self.dataChanged.emit(self.index(row, 0), self.index(row, last_column))

    def _move_rows(self, new_rows: list[R]) -> None:
        self.layoutAboutToBeChanged.emit()
        position = {record.id: row for row, record in enumerate(new_rows)}
        for old in self.persistentIndexList():
            record_id = self._rows[old.row()].id
            self.changePersistentIndex(old, self.index(position[record_id], old.column()))
        by_id = {record.id: record for record in self._rows}
        self._rows = [by_id[record.id] for record in new_rows]  # old values: diffed after
        self.layoutChanged.emit()


def is_checked(value: Any) -> bool:
    """Whether a check-state value from a view (enum, bool or int) means checked."""
    if isinstance(value, Qt.CheckState):
        return value == Qt.CheckState.Checked
    if isinstance(value, bool):
        return value
    try:
        return int(value) == Qt.CheckState.Checked.value
    except (TypeError, ValueError):
        return False


class ParticipantsModel(RecordTableModel[Participant]):
    """Name, Organisation (shown by name, edited by id), Role, E-mail and the two consents."""

    NAME, ORGANISATION, ROLE, EMAIL, LISTED, PHOTO = range(6)
    COLUMNS: Sequence[Column] = (
        Column("name", N_("Name"), required=True),
        Column("organisation_id", N_("Organisation"), _ORGANISATION),
        Column("role", N_("Role")),
        Column("email", N_("E-mail")),
        Column(
            "consent_listed",
            N_("Listed"),
            _CHECK,
            tip=N_("Agrees to appear in the event booklet's contacts and the synthesis"),
        ),
        Column("consent_photo", N_("Photo"), _CHECK, tip=N_("Agrees to be photographed")),
    )
    KIND = Participant.KIND
    EDIT_LABEL = N_("Edit participant")
    IN_NAME_ORDER = True  # the document sorts them by name

    def __init__(self, document: EventDocument, parent: QObject | None = None) -> None:
        super().__init__(document, parent)
        self._organisation_names: dict[str, str] = {}
        self._load_organisations()

    def _load(self) -> list[Participant]:
        return directory_of(self._document).participants()

    def _watched_kinds(self) -> tuple[str, ...]:
        return (Participant.KIND, Organisation.KIND)

    def _load_organisations(self) -> None:
        self._organisation_names = directory_of(self._document).organisation_names()

    def organisation_name(self, organisation_id: str | None) -> str:
        """The name of a live organisation; empty for none or a deleted one."""
        return self._organisation_names.get(organisation_id or "", "")

    def _display(self, record: Participant, column: Column) -> str:
        if column.kind == _ORGANISATION:
            return self.organisation_name(record.organisation_id)
        return super()._display(record, column)

    def _on_changed(self, changes: ChangeSet) -> None:
        if changes.touches(Organisation.KIND):
            before = self._organisation_names
            self._load_organisations()
            if before != self._organisation_names and self._rows:
                last = len(self._rows) - 1
                column = self.ORGANISATION
                self.dataChanged.emit(self.index(0, column), self.index(last, column))
        if changes.touches(Participant.KIND):
            self._sync(self._load())


class OrganisationsModel(RecordTableModel[Organisation]):
    """Name, Type, Place, Website and Presentation of the event's organisations."""

    NAME, TYPE, PLACE, WEBSITE, PRESENTATION = range(5)
    COLUMNS = (
        Column("name", N_("Name"), required=True),
        Column("type", N_("Type"), tip=N_("PTCE, tiers-lieu, collectivité, association…")),
        Column("place", N_("Place")),
        Column("website", N_("Website")),
        Column("presentation", N_("Presentation")),
    )
    KIND = Organisation.KIND
    EDIT_LABEL = N_("Edit organisation")
    IN_NAME_ORDER = True  # the document sorts them by name

    def _load(self) -> list[Organisation]:
        return directory_of(self._document).organisations()


class PeopleProxyModel(QSortFilterProxyModel):
    """Sorts on `SORT_ROLE` and keeps the rows whose folded text holds every filter word."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: tuple[str, ...] = ()
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the view; by name, ascending, is the order the rows already come in, so the
        proxy keeps it as it is instead of asking every row's name n·log n times (1.5 s for
        3,600 participants), and keeps following the source's order."""
        model = self.sourceModel()
        natural = isinstance(model, RecordTableModel) and model.IN_NAME_ORDER
        if natural and column == 0 and order == Qt.SortOrder.AscendingOrder:
            column = -1
        super().sort(column, order)

    def filter_text(self) -> str:
        return " ".join(self._words)

    def set_filter_text(self, text: str) -> None:
        """Show only rows holding every word of `text`, ignoring accents, case and ligatures."""
        words = tuple(fold(text).split())
        if words == self._words:
            return
        self.beginFilterChange()
        self._words = words
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        if not self._words:
            return True
        model = self.sourceModel()
        if not isinstance(model, RecordTableModel):
            return True
        haystack = model.filter_text(source_row)
        return all(word in haystack for word in self._words)
