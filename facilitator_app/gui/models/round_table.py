"""List models of a round table or testimony session: its speakers, and what was said.

`SpeakersModel` lists the session's speakers in speaking order (name, organisation, how many
notes each said); dragging a row pushes a « Move speaker » command. `SpokenNotesModel` lists
the session's notes in capture order with who said them, preferring the participant's
current name (`core.round_table.speaker_name`); its text is editable (saved while typing).
Both follow `document.changed` without resetting for a captured or edited note, so an open
editor and the selection survive capture.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from facilitator_app.core.commands import ChangeSet, edit_note_text
from facilitator_app.core.model import Note, Participant, Session
from facilitator_app.core.round_table import move_speaker, speaker_name
from facilitator_app.core.vocabulary import note_kind_label
from facilitator_app.gui.document import EventDocument
from facilitator_app.gui.models.directory import directory_of

__all__ = [
    "SpeakersModel",
    "SpokenNotesModel",
    "PARTICIPANT_ID_ROLE",
    "ORGANISATION_ROLE",
    "COUNT_ROLE",
    "NOTE_ID_ROLE",
    "KIND_ROLE",
    "SPEAKER_ROLE",
    "SPEAKER_ID_ROLE",
]

PARTICIPANT_ID_ROLE = Qt.ItemDataRole.UserRole + 1  # a speaker row's participant id
ORGANISATION_ROLE = Qt.ItemDataRole.UserRole + 2  # the speaker's organisation name, or ""
COUNT_ROLE = Qt.ItemDataRole.UserRole + 3  # how many notes of the session the speaker said
NOTE_ID_ROLE = Qt.ItemDataRole.UserRole + 4
KIND_ROLE = Qt.ItemDataRole.UserRole + 5  # the note kind identifier (`quote`…)
SPEAKER_ROLE = Qt.ItemDataRole.UserRole + 6  # who said the note, by current name, or ""
SPEAKER_ID_ROLE = Qt.ItemDataRole.UserRole + 7

AnyIndex = QModelIndex | QPersistentModelIndex
_MIME = "application/x-recolte-speaker"


class _PeopleMixin:
    """Participants and organisation names by id, read again when either changes."""

    _document: EventDocument
    _people: dict[str, Participant]
    _organisations: dict[str, str]

    def _read_people(self) -> None:
        people = directory_of(self._document)  # shared: read once per change
        self._people = {p.id: p for p in people.participants()}
        self._organisations = people.organisation_names()

    def organisation_of(self, participant_id: str | None) -> str:
        person = self._people.get(participant_id or "")
        return self._organisations.get(person.organisation_id or "", "") if person else ""


class SpeakersModel(_PeopleMixin, QAbstractListModel):
    def __init__(self, document: EventDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._session: Session | None = None
        self._rows: list[Participant] = []
        self._counts: dict[str, int] = {}
        self._read_people()
        document.changed.connect(self._on_changed)

    def set_session(self, session_id: str | None) -> None:
        self._session = self._document.read.get(Session, session_id)
        self.reload()

    @property
    def session(self) -> Session | None:
        return self._session

    def reload(self) -> None:
        self.beginResetModel()
        self._read_people()
        speaker_ids = self._session.speaker_ids if self._session else ()
        self._rows = [self._people[i] for i in speaker_ids if i in self._people]
        self._counts = self._count_notes()
        self.endResetModel()

    def _count_notes(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        if self._session is not None:
            for note in self._document.read.session_notes(self._session.id):
                if note.speaker_id:
                    counts[note.speaker_id] = counts.get(note.speaker_id, 0) + 1
        return counts

    def _on_changed(self, changes: ChangeSet) -> None:
        if self._session is None:
            return
        if self._session.id in changes.ids or changes.touches("participant", "organisation"):
            self._session = self._document.read.get(Session, self._session.id)
            if self._session is not None and self._session.deleted:
                self._session = None
            self.reload()
        elif changes.touches("note"):
            counts = self._count_notes()
            if counts != self._counts and self._rows:
                self._counts = counts
                self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1), [COUNT_ROLE])

    def participant_at(self, row: int) -> Participant:
        return self._rows[row]

    def row_of(self, participant_id: str) -> int:
        return next((r for r, p in enumerate(self._rows) if p.id == participant_id), -1)

    def speakers(self) -> list[Participant]:
        return list(self._rows)

    def move(self, participant_id: str, row: int) -> bool:
        """Move a speaker to `row` of the list shown (one undo step); False if unchanged."""
        if self._session is None:
            return False
        shown = [p.id for p in self._rows if p.id != participant_id]
        row = max(0, min(row, len(shown)))
        # index in the session's own list (which may hold a deleted participant's id)
        order = [i for i in self._session.speaker_ids if i != participant_id]
        index = order.index(shown[row]) if row < len(shown) else len(order)
        command = move_speaker(self._session, participant_id, index)
        return command is not None and self._document.push(command)

    # -- QAbstractListModel ----------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        person = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return person.name
        if role == PARTICIPANT_ID_ROLE:
            return person.id
        if role == ORGANISATION_ROLE:
            return self.organisation_of(person.id)
        if role == COUNT_ROLE:
            return self._counts.get(person.id, 0)
        if role == Qt.ItemDataRole.ToolTipRole:
            parts = [person.name, self.organisation_of(person.id), person.role]
            return " · ".join(p for p in parts if p)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return (
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        )

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        data = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        if rows:
            data.setData(_MIME, QByteArray(self._rows[rows[0]].id.encode()))
        return data

    def dropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: AnyIndex,
    ) -> bool:
        if action != Qt.DropAction.MoveAction or not data.hasFormat(_MIME):
            return False
        participant_id = bytes(data.data(_MIME).data()).decode()
        source = self.row_of(participant_id)
        if source < 0:
            return False
        if row < 0:  # dropped on a row (before it) or below the last one
            row = parent.row() if parent.isValid() else len(self._rows)
        self.move(participant_id, row - 1 if row > source else row)
        return False  # the document moved it; the view must not remove the source row


class SpokenNotesModel(_PeopleMixin, QAbstractListModel):
    """A session's notes in capture order, each with its kind and who said it."""

    def __init__(self, document: EventDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._session_id: str | None = None
        self._rows: list[Note] = []
        self._read_people()
        document.changed.connect(self._on_changed)

    def set_session(self, session_id: str | None) -> None:
        self._session_id = session_id
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._read_people()
        self._rows = (
            list(self._document.read.session_notes(self._session_id)) if self._session_id else []
        )
        self.endResetModel()

    def note_at(self, row: int) -> Note:
        return self._rows[row]

    def row_of(self, note_id: str) -> int:
        return next((r for r, n in enumerate(self._rows) if n.id == note_id), -1)

    def speaker_name(self, note: Note) -> str:
        return speaker_name(note, self._people)

    def _on_changed(self, changes: ChangeSet) -> None:
        if self._session_id is None:
            return
        if changes.touches("participant", "organisation") and self._rows:
            self._read_people()
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1))
        if changes.touches("note"):
            for note_id in changes.ids:
                if not self._update_row(note_id):
                    self.reload()
                    return

    def _update_row(self, note_id: str) -> bool:
        """Apply one changed note in place; False when only a reload will do."""
        note = self._document.read.get(Note, note_id)
        if note is None:
            return True  # another kind of record
        row = self.row_of(note_id)
        belongs = note.session_id == self._session_id and not note.deleted
        if row >= 0 and not belongs:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()
        elif row >= 0:
            if self._rows[row].position != note.position:
                return False
            self._rows[row] = note
            self.dataChanged.emit(self.index(row), self.index(row))
        elif belongs:
            key = (note.position, note.created_at)
            row = next(
                (r for r, n in enumerate(self._rows) if (n.position, n.created_at) > key),
                len(self._rows),
            )
            self.beginInsertRows(QModelIndex(), row, row)
            self._rows.insert(row, note)
            self.endInsertRows()
        return True

    # -- QAbstractListModel ----------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        note = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return note.text
        if role == NOTE_ID_ROLE:
            return note.id
        if role == KIND_ROLE:
            return note.kind
        if role == SPEAKER_ROLE:
            return self.speaker_name(note)
        if role == SPEAKER_ID_ROLE:
            return note.speaker_id
        if role == ORGANISATION_ROLE:
            return self.organisation_of(note.speaker_id)
        if role == Qt.ItemDataRole.ToolTipRole:
            who = self.speaker_name(note)
            kind = note_kind_label(note.kind)
            return f"{kind} — {who}" if who else kind
        return None

    def setData(self, index: AnyIndex, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        note = self._rows[index.row()]
        text = " ".join(str(value).split("\n")).strip()
        if not text or text == note.text:
            return False
        return self._document.push(edit_note_text(note, text))

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._document.editable:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags
