"""`Sidebar`: where the facilitator finds their way: the event's pages, then the programme.

The top list opens the event's properties, participants and organisations; the tree below
lists days and sessions (rename with F2, drag to reorder or move to another day, Delete).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QPainter, QPalette, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.core.commands import add, delete, update
from facilitator_app.core.kinds import SessionKind
from facilitator_app.core.model import Session
from facilitator_app.gui.document import EventDocument
from facilitator_app.gui.models.programme import ProgrammeModel
from facilitator_app.gui.theme import SPACE, dress, font_for
from facilitator_app.gui.widgets.delegates import TypingDelegate
from facilitator_app.i18n import N_, tr

__all__ = ["Sidebar", "PAGES"]

_OPEN_ALL_UP_TO = 400  # sessions

PAGES = (
    ("event", N_("Event")),
    ("participants", N_("Participants")),
    ("organisations", N_("Organisations")),
)


class _NoFocusFrame(QStyledItemDelegate):
    """No focus frame on a page that is not selected: with a session chosen below, the frame
    Qt draws on the list's current row read as a second selection."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        if not option.state & QStyle.StateFlag.State_Selected:
            option = QStyleOptionViewItem(option)
            option.state &= ~QStyle.StateFlag.State_HasFocus
        super().paint(painter, option, index)


class Sidebar(QWidget):
    session_selected = Signal(str)
    page_selected = Signal(str)  # one of the PAGES keys

    def __init__(self, document: EventDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self.pages = QListWidget()
        self.pages.setObjectName("pages")
        self.pages.setAccessibleName(tr("Pages of the event"))
        for key, text in PAGES:
            item = QListWidgetItem(tr(text))
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.pages.addItem(item)
        self.pages.setIconSize(QSize(16, 16))
        self.pages.setItemDelegate(_NoFocusFrame(self.pages))
        # rows fit the text or the icon; sizeHintForRow() would cost 10 ms at start-up
        row = max(self.pages.fontMetrics().height(), 16) + 6
        self.pages.setFixedHeight(row * len(PAGES) + 2 * self.pages.frameWidth() + 4)
        self.pages.itemClicked.connect(self._page_clicked)
        self.pages.itemActivated.connect(self._page_clicked)

        self.model = ProgrammeModel(document, self)
        self.tree = QTreeView()
        self.tree.setObjectName("programme")
        self.tree.setAccessibleName(tr("Programme"))
        self.tree.setModel(self.model)
        self.tree.setItemDelegate(TypingDelegate(self.tree))  # a rename is saved while typed
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.tree.setDragEnabled(True)
        self.tree.setAcceptDrops(True)
        self.tree.setDropIndicatorShown(True)
        self.tree.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self._expand()
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        delete_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.tree)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.activated.connect(self.delete_current)
        self.model.modelReset.connect(self._after_reset)

        heading = QLabel(tr("Programme"))
        heading.setObjectName("sidebarHeading")
        heading.setFont(font_for("heading", heading.font()))
        heading.setContentsMargins(SPACE["xs"], SPACE["m"], 0, SPACE["xxs"])
        for view in (self.pages, self.tree):  # a sidebar on the window's colour, no frame
            view.setFrameShape(QFrame.Shape.NoFrame)
            view.viewport().setBackgroundRole(QPalette.ColorRole.Window)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        layout.addWidget(heading)
        layout.addWidget(self.tree, 1)
        self._selected_id: str | None = None

    def install_icons(self) -> None:
        """Icons for the page list, once qtawesome may be loaded (after the first paint), and
        the theme's scroll bars (again after a theme change)."""
        from facilitator_app.gui.icons import icon  # qtawesome: after the first paint

        for row, (key, _) in enumerate(PAGES):
            self.pages.item(row).setIcon(icon(key))
        dress(self)  # flat scroll bars, in the theme's colours

    # -- selection ------------------------------------------------------------------------

    def _page_clicked(self, item: QListWidgetItem) -> None:
        """One selection at a time: the programme lets go of its session, current index too
        (else clicking that session again changed nothing and the page stayed)."""
        self.tree.selectionModel().clear()
        self._selected_id = None
        self.page_selected.emit(item.data(Qt.ItemDataRole.UserRole))

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        session = self.model.session_at(current)
        if session is not None:
            self.pages.blockSignals(True)
            self.pages.setCurrentRow(-1)
            self.pages.clearSelection()
            self.pages.blockSignals(False)
            self._selected_id = session.id
            self.session_selected.emit(session.id)

    def _expand(self) -> None:
        """Every day open, unless the programme is long: laying out 1,800 sessions took
        40 ms of each opening at 100×. Then the day of the session chosen opens (scrollTo),
        and the others when clicked."""
        if self.model.session_count() <= _OPEN_ALL_UP_TO:
            self.tree.expandAll()

    def _after_reset(self) -> None:
        self._expand()
        if self._selected_id:
            self.select_session(self._selected_id)

    def select_session(self, session_id: str) -> None:
        index = self.model.index_of_session(session_id)
        if index.isValid():
            self.tree.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
            self.tree.scrollTo(index)

    def select_page(self, key: str) -> None:
        for row, (page, _) in enumerate(PAGES):
            if page == key:
                self.pages.setCurrentRow(row)
                self._page_clicked(self.pages.item(row))

    def select_first_session(self) -> None:
        first = self.model.first_session()  # the rows the tree holds: no second read
        if first is not None:
            self.select_session(first.id)

    def current_session(self) -> Session | None:
        return self.model.session_at(self.tree.currentIndex())

    def current_day(self) -> str:
        day = self.model.day_at(self.tree.currentIndex())
        return day if day is not None else self.model.days()[0]

    # -- edits ----------------------------------------------------------------------------

    def add_session(self) -> None:
        day = self.current_day()
        session = Session(
            title=tr("New session"),
            kind=SessionKind.PLENARY,
            day=day,
            position=self._document.next_position(Session, day=day),
        )
        if self._document.push(add(session, label="Add session")):
            self._selected_id = session.id
            self.select_session(session.id)
            self.tree.edit(self.tree.currentIndex())

    def add_day(self) -> None:
        event = self._document.read.event_record()
        days = [d for d in self.model.days() if d]
        try:
            last = date.fromisoformat(event.end_date or days[-1])
        except (ValueError, IndexError):
            last = date.today()
        following = (last + timedelta(days=1)).isoformat()
        changes: dict[str, Any] = {"end_date": following}
        if not event.start_date:
            changes["start_date"] = following
        self._document.push(update(event, label="Add a day", **changes))

    def rename_current(self) -> None:
        if self.current_session() is not None:
            self.tree.edit(self.tree.currentIndex())

    def delete_current(self) -> None:
        session = self.current_session()
        if session is not None:
            self._selected_id = None
            self._document.push(delete(session, label="Delete session"))
