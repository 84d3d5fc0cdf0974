"""Item models for a world café's set-up: its tables, rounds, harvest categories and people.

Each model is an adapter over `EventDocument` reads for one session (`set_session`): rows come
from `document.read` (`session_tables()`, `session_rounds()`, `session_categories()`,
`all_participants()`), an edit in a view becomes one command pushed on the document (text
cells as `typing` edits, so one editing run is one undo step), and the models follow
`document.changed` through `RecordTableModel._sync`: cells that only changed value get
`dataChanged`, so an open editor survives its own saves.

Rules of the set-up live here, next to the edits that need them: a participant hosts one
table at most (choosing them for another table moves them there, one undo step); removing a
table or a round numbers the others again from 1; the people taking part are
`Session.participant_ids` (empty: everyone), and hosts always take part.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from facilitator_app.core.commands import Batch, ChangeSet, Command, add, delete, update
from facilitator_app.core.model import CafeTable, Category, Participant, Record, Round, Session
from facilitator_app.core.templates import HARVEST_CATEGORIES
from facilitator_app.gui.document import EventDocument
from facilitator_app.gui.models.directory import directory_of
from facilitator_app.gui.models.people import (
    Column,
    ParticipantsModel,
    RecordTableModel,
    is_checked,
)
from facilitator_app.i18n import N_, tr

__all__ = [
    "MINUTES_RANGE",
    "CAPACITY_RANGE",
    "SpinColumn",
    "TablesModel",
    "RoundsModel",
    "CategoriesModel",
    "CafeParticipantsModel",
]

AnyIndex = QModelIndex | QPersistentModelIndex
R = TypeVar("R", bound=Record)

MINUTES_RANGE = (5, 120)
CAPACITY_RANGE = (0, 99)  # 0 in the spin box: no limit (None in the record)

_NUMBER = "number"  # a table's or round's number: shown, not edited (see `_renumbered`)
_SPIN = "spin"  # a whole number edited with a spin box
_HOST = "host"  # a participant id shown by name


@dataclass(frozen=True, slots=True)
class SpinColumn(Column):
    """A whole-number column; `optional`: 0 in the editor stores None (« no limit »)."""

    low: int = 0
    high: int = 99
    optional: bool = False


class _SessionRecordsModel(RecordTableModel[R]):
    """Rows of one record type belonging to one session; no session, no rows."""

    ADD_LABEL = ""
    REMOVE_LABEL = ""

    def __init__(self, document: EventDocument, parent: QObject | None = None) -> None:
        self._session_id: str | None = None
        super().__init__(document, parent)

    @property
    def session_id(self) -> str | None:
        return self._session_id

    def set_session(self, session_id: str | None) -> None:
        if session_id == self._session_id:
            return
        self.beginResetModel()
        self._session_id = session_id
        self._rows = self._load()
        self.endResetModel()

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and self.COLUMNS[index.column()].kind == _NUMBER:
            flags &= ~Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        column = self.COLUMNS[index.column()]
        if column.kind in (_NUMBER, _SPIN):
            value = getattr(self._rows[index.row()], column.field)
            if role == Qt.ItemDataRole.EditRole:
                return int(value or 0)
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return Qt.AlignmentFlag.AlignCenter
            if role == Qt.ItemDataRole.ToolTipRole:
                return tr(column.tip) if column.tip else None
        return super().data(index, role)

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return False
        column = self.COLUMNS[index.column()]
        if not isinstance(column, SpinColumn):
            return super().setData(index, value, role)
        if role != Qt.ItemDataRole.EditRole or not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        try:
            number = int(value or 0)
        except (TypeError, ValueError):
            return False
        number = max(column.low, min(column.high, number))
        new = None if column.optional and number == 0 else number
        record = self._rows[index.row()]
        if getattr(record, column.field) == new:
            return True
        command = update(record, label=self.EDIT_LABEL, typing=True, **{column.field: new})
        return self._document.push(command)

    # -- adding and removing --------------------------------------------------------------

    def _new_record(self) -> R:
        raise NotImplementedError

    def append(self) -> R | None:
        """Add a record after the last one (one undo step); None when it could not be saved."""
        if self._session_id is None:
            return None
        record = self._new_record()
        return record if self._document.push(add(record, label=self.ADD_LABEL)) else None

    def remove(self, records: Sequence[R]) -> bool:
        """Tombstone `records` as one undo step (restored by undo with the same ids)."""
        if not records:
            return False
        return self._document.push(self._remove_command(records))

    def _remove_command(self, records: Sequence[R]) -> Command:
        return delete(list(records), label=self.REMOVE_LABEL)


class _NumberedModel(_SessionRecordsModel[R]):
    """Tables and rounds: numbered 1, 2, 3… in the session; removing numbers them again."""

    def _next_number(self) -> int:
        return max((getattr(r, "number", 0) for r in self._rows), default=0) + 1

    def _remove_command(self, records: Sequence[R]) -> Command:
        gone = {r.id for r in records}
        steps: list[Command] = [update(r, label=self.REMOVE_LABEL, deleted=True) for r in records]
        kept = [r for r in self._rows if r.id not in gone]
        for number, record in enumerate(kept, start=1):
            if getattr(record, "number", None) != number:
                steps.append(update(record, label=self.REMOVE_LABEL, number=number))
        return Batch(tuple(steps), label=self.REMOVE_LABEL)


class TablesModel(_NumberedModel[CafeTable]):
    """Number, Theme or question, Host (a participant, by name) and Capacity of each table."""

    NUMBER, THEME, HOST, CAPACITY = range(4)
    COLUMNS = (
        Column("number", N_("Number"), _NUMBER),
        Column("theme", N_("Theme or question")),
        Column(
            "host_id",
            N_("Host"),
            _HOST,
            tip=N_("Stays at the table for every round and welcomes the newcomers"),
        ),
        SpinColumn(
            "capacity",
            N_("Capacity"),
            _SPIN,
            tip=N_("Most people seated at the table at once; empty: no limit"),
            low=CAPACITY_RANGE[0],
            high=CAPACITY_RANGE[1],
            optional=True,
        ),
    )
    KIND = CafeTable.KIND
    EDIT_LABEL = N_("Edit table")
    ADD_LABEL = N_("Add table")
    REMOVE_LABEL = N_("Remove table")

    def __init__(self, document: EventDocument, parent: QObject | None = None) -> None:
        self._names: dict[str, str] = {}
        super().__init__(document, parent)
        self._load_names()

    def _load(self) -> list[CafeTable]:
        return self._document.read.session_tables(self._session_id) if self._session_id else []

    def _load_names(self) -> None:
        self._names = {p.id: p.name for p in directory_of(self._document).participants()}

    def _new_record(self) -> CafeTable:
        assert self._session_id is not None
        return CafeTable(session_id=self._session_id, number=self._next_number())

    def host_name(self, participant_id: str | None) -> str:
        """The name of a live participant; empty for none or a deleted one."""
        return self._names.get(participant_id or "", "")

    def hosts(self) -> dict[str, CafeTable]:
        """Participant id → the table they host (live participants only)."""
        return {t.host_id: t for t in self._rows if t.host_id and t.host_id in self._names}

    def _display(self, record: CafeTable, column: Column) -> str:
        if column.kind == _HOST:
            return self.host_name(record.host_id)
        if column.kind == _SPIN:
            value = getattr(record, column.field)
            return "" if value is None else str(value)
        return super()._display(record, column)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            index.isValid()
            and index.column() == self.HOST
            and role == Qt.ItemDataRole.EditRole
            and 0 <= index.row() < len(self._rows)
        ):
            return self._rows[index.row()].host_id or ""
        return super().data(index, role)

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != self.HOST:
            return super().setData(index, value, role)
        if role != Qt.ItemDataRole.EditRole or not 0 <= index.row() < len(self._rows):
            return False
        if not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        return self.set_host(self._rows[index.row()], str(value) if value else None)

    def set_host(self, table: CafeTable, participant_id: str | None) -> bool:
        """Make `participant_id` the host of `table` (None: no host), as one undo step.

        A participant hosts one table at most: one who hosts another table of the session
        leaves it without a host.
        """
        if table.host_id == participant_id:
            return True
        steps: list[Command] = [
            update(other, label=self.EDIT_LABEL, host_id=None)
            for other in self._rows
            if participant_id and other.id != table.id and other.host_id == participant_id
        ]
        steps.append(update(table, label=self.EDIT_LABEL, host_id=participant_id))
        command = steps[0] if len(steps) == 1 else Batch(tuple(steps), label=self.EDIT_LABEL)
        return self._document.push(command)

    def _on_changed(self, changes: ChangeSet) -> None:
        if changes.touches(Participant.KIND):
            before = self._names
            self._load_names()
            if before != self._names and self._rows:
                last = len(self._rows) - 1
                self.dataChanged.emit(self.index(0, self.HOST), self.index(last, self.HOST))
        if changes.touches(CafeTable.KIND):
            self._sync(self._load())


class RoundsModel(_NumberedModel[Round]):
    """Number, Minutes and the optional Question of each round."""

    NUMBER, MINUTES, QUESTION = range(3)
    COLUMNS = (
        Column("number", N_("Number"), _NUMBER),
        SpinColumn(
            "minutes",
            N_("Minutes"),
            _SPIN,
            tip=N_("How long the round lasts"),
            low=MINUTES_RANGE[0],
            high=MINUTES_RANGE[1],
        ),
        Column(
            "question",
            N_("Question"),
            tip=N_("Optional: a question of its own for this round"),
        ),
    )
    KIND = Round.KIND
    EDIT_LABEL = N_("Edit round")
    ADD_LABEL = N_("Add round")
    REMOVE_LABEL = N_("Remove round")

    def _load(self) -> list[Round]:
        return self._document.read.session_rounds(self._session_id) if self._session_id else []

    def _new_record(self) -> Round:
        assert self._session_id is not None
        minutes = self._rows[-1].minutes if self._rows else Round().minutes
        return Round(session_id=self._session_id, number=self._next_number(), minutes=minutes)


class CategoriesModel(_SessionRecordsModel[Category]):
    """The harvest categories of a session, by position; names are required."""

    NAME = 0
    COLUMNS = (Column("name", N_("Name"), required=True),)
    KIND = Category.KIND
    EDIT_LABEL = N_("Edit category")
    ADD_LABEL = N_("Add category")
    REMOVE_LABEL = N_("Remove category")
    NEW_NAME = N_("New category")

    def _load(self) -> list[Category]:
        return self._document.read.session_categories(self._session_id) if self._session_id else []

    def _new_record(self) -> Category:
        assert self._session_id is not None
        position = max((c.position for c in self._rows), default=-1) + 1
        return Category(session_id=self._session_id, name=tr(self.NEW_NAME), position=position)

    def add_defaults(self) -> bool:
        """Add « Missions », « Actions », « Besoins d’accompagnement » (in the interface's
        language) as one undo step; only to a session that has no category yet."""
        if self._session_id is None or self._rows:
            return False
        steps = tuple(
            add(Category(session_id=self._session_id, name=tr(name), position=position))
            for position, name in enumerate(HARVEST_CATEGORIES)  # DESIGN §3's
        )
        return self._document.push(Batch(steps, label=N_("Add default categories")))

    def move(self, row: int, step: int) -> bool:
        """Move the category at `row` up (-1) or down (+1), as one undo step."""
        target = row + step
        if not (0 <= row < len(self._rows) and 0 <= target < len(self._rows)):
            return False
        order = list(self._rows)
        order.insert(target, order.pop(row))
        steps = tuple(
            update(category, label=N_("Move category"), position=position)
            for position, category in enumerate(order)
            if category.position != position
        )
        return self._document.push(Batch(steps, label=N_("Move category")))


class CafeParticipantsModel(ParticipantsModel):
    """Who takes part in a world café: every participant, a check box on the name.

    With `Session.participant_ids` empty everyone takes part (all shown checked, none
    checkable); otherwise the checked ones are those ids. Hosts of the session's tables always
    take part: they show checked and disabled. Checking or unchecking is one undo step.
    """

    NAME, ORGANISATION = range(2)
    COLUMNS = ParticipantsModel.COLUMNS[:2]
    CHOOSE_LABEL = N_("Choose participants")

    def __init__(self, document: EventDocument, parent: QObject | None = None) -> None:
        self._session: Session | None = None
        self._hosts: dict[str, int] = {}  # participant id → number of the table they host
        # the chosen ids that are live participants, worked out once per change: every row's
        # check box asks, and a scan per row made the page quadratic (4 s to open at 100×)
        self._chosen: tuple[str, ...] = ()
        self._chosen_set: frozenset[str] = frozenset()
        super().__init__(document, parent)

    @property
    def session(self) -> Session | None:
        return self._session

    def set_session(self, session_id: str | None) -> None:
        self._session = self._document.read.get(Session, session_id)
        self._load_hosts()
        self._load_chosen()
        self._check_states_changed()

    def _load_hosts(self) -> None:
        tables = self._document.read.session_tables(self._session.id) if self._session else []
        self._hosts = {t.host_id: t.number for t in tables if t.host_id}

    def everyone(self) -> bool:
        """Whether every participant takes part (no one chosen)."""
        return self._session is None or not self._chosen

    def _load_chosen(self) -> None:
        live = {p.id for p in self._rows}
        chosen = self._session.participant_ids if self._session else ()
        self._chosen = tuple(i for i in chosen if i in live)
        self._chosen_set = frozenset(self._chosen)

    def is_host(self, participant_id: str) -> bool:
        return participant_id in self._hosts

    def takes_part(self, participant_id: str) -> bool:
        if self._session is None:
            return False
        return (
            not self._chosen or participant_id in self._hosts or participant_id in self._chosen_set
        )

    def taking_part(self) -> list[Participant]:
        """The participants of the café (hosts included), in the document's order."""
        return [p for p in self._rows if self.takes_part(p.id)]

    # -- QAbstractItemModel ---------------------------------------------------------------

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() != self.NAME or self._session is None:
            return flags
        if self._rows[index.row()].id in self._hosts:
            return Qt.ItemFlag.ItemIsSelectable  # shown checked, greyed: hosts always take part
        if self.everyone() or not self._document.editable:
            return flags
        return flags | Qt.ItemFlag.ItemIsUserCheckable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if index.column() == self.NAME:
            person = self._rows[index.row()]
            if role == Qt.ItemDataRole.CheckStateRole:
                if self._session is None:
                    return None
                checked = self.takes_part(person.id)
                return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
            if role == Qt.ItemDataRole.ToolTipRole and person.id in self._hosts:
                return tr("Hosts table {number}: always takes part", number=self._hosts[person.id])
        if role == Qt.ItemDataRole.EditRole:
            return None  # nothing here is edited in place
        return super().data(index, role)

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            role != Qt.ItemDataRole.CheckStateRole
            or not index.isValid()
            or index.column() != self.NAME
            or not self.flags(index) & Qt.ItemFlag.ItemIsUserCheckable
        ):
            return False
        person = self._rows[index.row()]
        checked = is_checked(value)
        chosen = [i for i in self._chosen if i != person.id]
        if checked:
            chosen.append(person.id)
        if not chosen:  # an empty list would mean « everyone »: the hosts alone take part
            chosen = [p.id for p in self._rows if p.id in self._hosts]
            if not chosen:
                return False
        return self.choose(chosen)

    def choose(self, participant_ids: Sequence[str]) -> bool:
        """Set who takes part (empty: everyone) as one undo step."""
        if self._session is None:
            return False
        ids = tuple(participant_ids)
        if ids == tuple(self._session.participant_ids):  # the store may give a list
            return True
        command = update(self._session, label=self.CHOOSE_LABEL, participant_ids=ids)
        return self._document.push(command)

    def choose_everyone(self) -> bool:
        return self.choose(())

    def choose_each(self) -> bool:
        """Switch to chosen participants, starting from everyone checked."""
        return self.choose([p.id for p in self._rows])

    # -- following the document -----------------------------------------------------------

    def _on_changed(self, changes: ChangeSet) -> None:
        super()._on_changed(changes)  # participants and organisations
        if self._session is None:
            return
        session_changed = self._session.id in changes.ids
        if session_changed or changes.touches(CafeTable.KIND, Participant.KIND):
            if session_changed:
                self._session = self._document.read.get(Session, self._session.id)
            if changes.touches(CafeTable.KIND):
                self._load_hosts()
            self._load_chosen()
            self._check_states_changed()

    def _check_states_changed(self) -> None:
        """The check boxes (and hosts' tooltips) may all have changed; the names have not, so
        a sorting proxy need not sort again (the roles say so)."""
        if self._rows:
            name = self.index(len(self._rows) - 1, self.NAME)
            roles = [Qt.ItemDataRole.CheckStateRole, Qt.ItemDataRole.ToolTipRole]
            self.dataChanged.emit(self.index(0, self.NAME), name, roles)
