"""`ProgrammeModel`: the programme as a two-level tree, days → sessions, for the sidebar.

Days are those between the event's first and last day plus any day a session uses. A session
row can be renamed in place and dragged to another place or day: both become commands pushed
on the document (`update`, `MoveSession`), never direct writes.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QLocale,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRectF,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPen, QPixmap

from facilitator_app.core.commands import ChangeSet, MoveSession, update
from facilitator_app.core.model import Session
from facilitator_app.core.vocabulary import session_kind_label
from facilitator_app.gui.document import EventDocument
from facilitator_app.i18n import current_language, tr

__all__ = ["ProgrammeModel", "SESSION_ID_ROLE", "DAY_ROLE"]

SESSION_ID_ROLE = Qt.ItemDataRole.UserRole + 1
DAY_ROLE = Qt.ItemDataRole.UserRole + 2
_MIME = "application/x-recolte-session"
_DAY = 0  # internalId of day rows; a session row's internalId is its day's row + 1

Index = QModelIndex | QPersistentModelIndex
# The flags of each kind of row, made once: the tree asks for every row when it expands
# the programme (1,800 sessions at 100×), and `|` on Qt's enums costs microseconds.
_SESSION_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled
    | Qt.ItemFlag.ItemIsSelectable
    | Qt.ItemFlag.ItemIsEditable
    | Qt.ItemFlag.ItemIsDragEnabled
)
_DAY_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDropEnabled
)


def _dot(colour: str) -> QIcon:
    """The kind's colour dot, ringed in white so it stands out on a selection too. The same
    pixmap serves the selected state: the style's generated one was tinted with the
    selection colour, and the dot of the selected session vanished into it."""
    pixmap = QPixmap(14, 14)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(colour))
    painter.setPen(QPen(QColor(255, 255, 255, 200), 1.2))
    painter.drawEllipse(QRectF(1.5, 1.5, 11, 11))
    painter.end()
    dot = QIcon(pixmap)
    dot.addPixmap(pixmap, QIcon.Mode.Selected)
    return dot


def day_label(day: str, number: int) -> str:
    try:
        when = date.fromisoformat(day)
    except ValueError:
        return tr("Day {n}", n=number)
    locale = QLocale(
        QLocale.Language.French if current_language() == "fr" else QLocale.Language.English
    )
    text = locale.toString(when, "dddd d MMMM yyyy")
    return tr("Day {n} · {date}", n=number, date=text)


class ProgrammeModel(QAbstractItemModel):
    def __init__(self, document: EventDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._days: list[str] = []
        # day → its sessions, read when the tree first asks for them (None: not yet): the
        # first paint shows one day open, and reading 1,800 sessions cost 30 ms at 100×
        self._sessions: dict[str, list[Session] | None] = {}
        self._with_sessions: set[str] = set()  # the days that have sessions
        self._icons: dict[str, QIcon] = {}
        self._bold = QFont()
        self._bold.setBold(True)
        self._load()
        document.changed.connect(self._on_changed)

    # -- data ---------------------------------------------------------------------------

    def _read_days(self) -> list[str]:
        event = self._document.read.event_record()
        self._with_sessions = set(self._document.read.days())
        days = {d for d in self._with_sessions if d}
        try:
            first = date.fromisoformat(event.start_date)
            last = date.fromisoformat(event.end_date or event.start_date)
            for offset in range(min((last - first).days, 60) + 1):
                days.add((first + timedelta(days=offset)).isoformat())
        except ValueError:
            pass
        if not days:
            days.add("")
        return sorted(days)

    def _day(self, day: str) -> list[Session]:
        """The sessions of `day`, read the first time they are asked for."""
        sessions = self._sessions.get(day)
        if sessions is None:
            read = day in self._with_sessions
            sessions = self._document.read.day_sessions(day) if read else []
            self._sessions[day] = sessions
        return sessions

    def _load(self) -> None:
        self._days = self._read_days()
        self._sessions = dict.fromkeys(self._days)

    def _on_changed(self, changes: ChangeSet) -> None:
        if not changes.touches("session", "event"):
            return
        if not changes.touches("event") and self._update_in_place(changes.ids):
            return
        read = [day for day in self._days if self._sessions.get(day) is not None]
        days = self._read_days()
        sessions: dict[str, list[Session] | None] = dict.fromkeys(days)
        for day in read:
            if day in sessions:
                sessions[day] = (
                    self._document.read.day_sessions(day) if day in self._with_sessions else []
                )
        if days == self._days and all(
            [s.id for s in sessions[d] or ()] == [s.id for s in self._sessions[d] or ()]
            for d in read
        ):  # same rows in the same places (a rename, new times): update them in place, so an
            # open editor, the selection and the scroll position stay
            self._sessions = sessions
            for day_row, day in enumerate(days):
                if sessions[day]:
                    last = len(sessions[day] or ()) - 1
                    self.dataChanged.emit(
                        self.createIndex(0, 0, day_row + 1), self.createIndex(last, 0, day_row + 1)
                    )
            return
        self.beginResetModel()
        self._days, self._sessions = days, sessions
        self.endResetModel()

    def _update_in_place(self, ids: frozenset[str]) -> bool:
        """Sessions edited where they stand (a title, the people of a café…) are read one by
        one instead of the whole programme; False when a session came, went or moved."""
        if len(ids) > 64:
            return False
        where = {
            s.id: (d, r)
            for d, day in enumerate(self._days)
            for r, s in enumerate(self._sessions.get(day) or ())
        }
        changed = []
        for record_id in ids:
            session = self._document.read.get(Session, record_id)
            if session is None:
                continue  # another kind of record
            if record_id not in where:
                if self._sessions.get(session.day, ()) is None and not session.deleted:
                    self._with_sessions.add(session.day)
                    continue  # its day is not read yet: it will be read as it is now
                return False
            day_row, row = where[record_id]
            old = self._day(self._days[day_row])[row]
            if session.deleted or (session.day, session.position, session.start) != (
                old.day,
                old.position,
                old.start,
            ):
                return False
            changed.append((day_row, row, session))
        for day_row, row, session in changed:
            self._day(self._days[day_row])[row] = session
            index = self.createIndex(row, 0, day_row + 1)
            self.dataChanged.emit(index, index)
        return True

    def days(self) -> list[str]:
        return list(self._days)

    def session_count(self) -> int:
        return self._document.counts(Session.COLLECTION).get(Session.COLLECTION, 0)  # not read

    def first_session(self) -> Session | None:
        return next((group[0] for group in map(self._day, self._days) if group), None)

    def session_at(self, index: Index) -> Session | None:
        if not index.isValid() or index.internalId() == _DAY:
            return None
        return self._day(self._days[index.internalId() - 1])[index.row()]

    def day_at(self, index: Index) -> str | None:
        if not index.isValid():
            return None
        if index.internalId() == _DAY:
            return self._days[index.row()]
        return self._days[index.internalId() - 1]

    def index_of_session(self, session_id: str) -> QModelIndex:
        session = self._document.read.get(Session, session_id)
        if session is None or session.day not in self._days:
            return QModelIndex()  # only its day is read, not the whole programme
        day_row = self._days.index(session.day)
        for row, found in enumerate(self._day(session.day)):
            if found.id == session_id:
                return self.createIndex(row, 0, day_row + 1)
        return QModelIndex()

    def index_of_day(self, day: str) -> QModelIndex:
        if day in self._days:
            return self.createIndex(self._days.index(day), 0, _DAY)
        return QModelIndex()

    # -- QAbstractItemModel ---------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, _DAY) if row < len(self._days) else QModelIndex()
        if parent.internalId() == _DAY and row < len(self._day(self._days[parent.row()])):
            return self.createIndex(row, 0, parent.row() + 1)
        return QModelIndex()

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:
        if not index.isValid() or index.internalId() == _DAY:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _DAY)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if not parent.isValid():
            return len(self._days)
        if parent.internalId() == _DAY and parent.column() == 0:
            return len(self._day(self._days[parent.row()]))
        return 0

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:
        """Whether a day has sessions, known without reading them (the tree asks of every
        day row, to draw its arrow)."""
        if not parent.isValid():
            return bool(self._days)
        if parent.internalId() != _DAY:
            return False
        day = self._days[parent.row()]
        sessions = self._sessions.get(day)
        return bool(sessions) if sessions is not None else day in self._with_sessions

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        session = self.session_at(index)
        if session is None:
            day = self._days[index.row()]
            if role == Qt.ItemDataRole.DisplayRole:
                return day_label(day, index.row() + 1)
            if role == Qt.ItemDataRole.FontRole:
                return self._bold
            if role == DAY_ROLE:
                return day
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            title = session.title or tr("(untitled)")
            return f"{session.start}  {title}" if session.start else title
        if role == Qt.ItemDataRole.EditRole:
            return session.title
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [session.title, session_kind_label(session.kind)]
            when = "–".join(t for t in (session.start, session.end) if t)
            place = " · ".join(t for t in (when, session.room) if t)
            if place:
                lines.append(place)
            if session.question:
                lines.append(session.question)
            return "\n".join(lines)
        if role == Qt.ItemDataRole.DecorationRole:
            colour = session.kind.spec.colour
            if colour not in self._icons:
                self._icons[colour] = _dot(colour)
            return self._icons[colour]
        if role == SESSION_ID_ROLE:
            return session.id
        if role == DAY_ROLE:
            return session.day
        return None

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        session = self.session_at(index)
        if session is None or role != Qt.ItemDataRole.EditRole:
            return False
        title = str(value).strip()
        if not title or title == session.title:
            return False
        return self._document.push(
            update(session, label="Rename session", typing=True, title=title)
        )

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return _DAY_FLAGS if index.internalId() == _DAY else _SESSION_FLAGS

    # -- drag and drop --------------------------------------------------------------------

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        mime = QMimeData()
        sessions = [s for s in (self.session_at(i) for i in indexes) if s]
        if sessions:
            mime.setData(_MIME, QByteArray(sessions[0].id.encode()))
        return mime

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        if not data.hasFormat(_MIME):
            return False
        dragged = bytes(data.data(_MIME).data()).decode()
        if not self.index_of_session(dragged).isValid():
            return False  # a session of another event's window
        return (
            not parent.isValid()
            or parent.internalId() == _DAY
            or self.session_at(parent) is not None
        )

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        session_id = bytes(data.data(_MIME).data()).decode()
        day = self.day_at(parent)
        if day is None:
            return False
        target = self.session_at(parent)
        siblings = [s for s in self._day(day) if s.id != session_id]
        if target is not None:  # dropped onto a session: take its place, above or below
            index = parent.row()
        elif row < 0:
            index = len(siblings)
        else:  # between rows: rows above the dragged one shift by one once it is lifted
            above = self._day(day)[:row]
            index = len([s for s in above if s.id != session_id])
        self.move_session(session_id, day, index)
        return False  # the move is done by the command; Qt must not remove the source row

    def move_session(self, session_id: str, day: str, index: int) -> bool:
        return self._document.push(MoveSession(session_id, day, index))
