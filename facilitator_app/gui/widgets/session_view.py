"""`SessionView`: one session of the programme: its heading, its notes and the capture box
(`capture.CaptureBar`), and the pages its kind has beside the notes (an idea tree's tree, a
grid's columns, a world café's seating plan…), each built the first time it is shown.

Notes are edited in place and deleted with the Delete key, all undoably.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.core.commands import ChangeSet, delete
from facilitator_app.core.kinds import SessionKind
from facilitator_app.core.model import Session
from facilitator_app.core.vocabulary import session_kind_label
from facilitator_app.gui.document import EventDocument
from facilitator_app.gui.icons import icons_ready, install_page_icons
from facilitator_app.gui.models.notes import Column, NotesModel
from facilitator_app.gui.widgets.capture import CaptureBar
from facilitator_app.gui.widgets.delegates import NoteKindDelegate, TypingDelegate
from facilitator_app.gui.widgets.note_reveal import reveal_note
from facilitator_app.gui.widgets.session_timer import SessionTimerBar, SessionTimers
from facilitator_app.i18n import N_, tr, tr_count

__all__ = ["SessionView", "PAGES_BY_KIND"]

_FITTED = (Column.KIND, Column.AUTHOR, Column.TABLE, Column.CATEGORY, Column.VOTES)


# The pages beside the notes: (tab title, factory). A factory builds the page for the
# document; the page offers `set_session(session_id)`, called each time its tab is shown (so a
# page may skip reading the event while another tab covers it), and is built the first time.
# Each factory imports its page inside itself: start-up, and a session without that page,
# never load it.


def _cafe_setup(document: EventDocument) -> QWidget:
    from facilitator_app.gui.widgets.cafe_setup import CafeSetupPanel  # lazily: see above

    return CafeSetupPanel(document)


def _seating(document: EventDocument) -> QWidget:
    from facilitator_app.gui.widgets.seating import SeatingEditor  # lazily: see above

    return SeatingEditor(document)


def _clock(document: EventDocument) -> QWidget:
    from facilitator_app.gui.widgets.cafe_clock import CafeClock  # lazily: see above

    return CafeClock(document)


def _harvest(document: EventDocument) -> QWidget:
    from facilitator_app.gui.widgets.harvest import HarvestView  # lazily: see above

    return HarvestView(document)


def _tree(document: EventDocument) -> QWidget:
    from facilitator_app.gui.widgets.idea_tree import IdeaTreeEditor  # lazily: see above

    return IdeaTreeEditor(document)


def _grid(document: EventDocument) -> QWidget:
    from facilitator_app.gui.widgets.grid import GridEditor  # lazily: see above

    return GridEditor(document)


def _votes(document: EventDocument) -> QWidget:
    from facilitator_app.gui.widgets.votes import VotesPanel  # lazily: see above

    return VotesPanel(document)


def _speakers(document: EventDocument) -> QWidget:
    from facilitator_app.gui.widgets.round_table import RoundTablePanel  # lazily: see above

    return RoundTablePanel(document)


def _photos(document: EventDocument) -> QWidget:
    from facilitator_app.gui.widgets.photos import PhotosPanel  # lazily: see above

    return PhotosPanel(document)


_PAGES: dict[str, tuple[str, Callable[[EventDocument], QWidget]]] = {
    "setup": (N_("Set-up"), _cafe_setup),
    "seating": (N_("Seating plan"), _seating),
    "clock": (N_("Clock"), _clock),
    "harvest": (N_("Harvest"), _harvest),
    "tree": (N_("Tree"), _tree),
    "grid": (N_("Grid"), _grid),
    "votes": (N_("Votes"), _votes),
    "speakers": (N_("Speakers and quotes"), _speakers),
    "photos": (N_("Photos"), _photos),
}
NOTES = "notes"
# The tabs of each kind of session, its main page first (`core.kinds`: every kind has a row).
PAGES_BY_KIND: dict[SessionKind, tuple[str, ...]] = {
    SessionKind.WORLD_CAFE: (NOTES, "setup", "seating", "clock", "harvest", "photos"),
    SessionKind.IDEA_TREE: ("tree", NOTES, "votes", "photos"),
    SessionKind.GRID: ("grid", NOTES, "votes", "photos"),
    SessionKind.ROUND_TABLE: ("speakers", NOTES, "photos"),
    SessionKind.TESTIMONY: ("speakers", NOTES, "photos"),
    SessionKind.PLENARY: (NOTES, "photos"),
    SessionKind.OTHER: (NOTES, "photos"),
}


class SessionView(QWidget):
    def __init__(self, document: EventDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._session: Session | None = None
        self.title = QLabel()
        self.title.setObjectName("sessionTitle")
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title.setFont(font)
        self.details = QLabel()
        self.details.setObjectName("sessionDetails")
        self.question = QLabel()
        self.question.setWordWrap(True)
        self.question.setObjectName("sessionQuestion")
        qfont = self.question.font()
        qfont.setItalic(True)
        qfont.setPointSizeF(qfont.pointSizeF() * 1.1)
        self.question.setFont(qfont)
        self.edit_button = QPushButton(tr("Properties…"))
        self.timer_bar = SessionTimerBar(timers=SessionTimers(self))  # and Project
        self.count = QLabel()

        self.model = NotesModel(document, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(tr("Notes of the session"))
        self.table.setTabKeyNavigation(False)  # Tab leaves the list; the arrows move in it
        self.table.setItemDelegateForColumn(Column.TEXT, TypingDelegate(self.table))
        self.table.setItemDelegateForColumn(Column.KIND, NoteKindDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        # Rows fit their wrapped text, but are measured only when they change or first come
        # into view: resizing every row to its contents on each Enter made typing wait for
        # the view in long sessions, and on each session chosen took 50 ms.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self._measured: set[int] = set()  # rows fitted since the notes or the width changed
        self._fit_rows = QTimer(self)
        self._fit_rows.setSingleShot(True)
        self._fit_rows.setInterval(150)
        self._fit_rows.timeout.connect(self._fit_again)
        self.table.verticalScrollBar().valueChanged.connect(lambda _value: self._fit_shown())
        self.table.viewport().installEventFilter(self)
        header = self.table.horizontalHeader()
        header.setResizeContentsPrecision(50)
        header.sectionResized.connect(
            lambda column, _old, _new: column == Column.TEXT and self._fit_rows.start()
        )
        header.setSectionResizeMode(Column.TEXT, QHeaderView.ResizeMode.Stretch)
        # the other columns fit their texts (`_fit_columns`), measured here from the notes: a
        # ResizeToContents column had the view measure every row of the session on each
        # layout of a table not shown yet
        delete_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        delete_shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_shortcut.activated.connect(self.delete_selected)

        self.capture = CaptureBar(document)
        self.capture.captured.connect(self._reveal)

        heading = QHBoxLayout()
        heading.addWidget(self.title, 1)
        heading.addWidget(self.timer_bar, 0, Qt.AlignmentFlag.AlignTop)
        heading.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        notes = QWidget()
        notes_layout = QVBoxLayout(notes)
        notes_layout.setContentsMargins(0, 0, 0, 0)
        notes_layout.addWidget(self.count)
        notes_layout.addWidget(self.table, 1)
        notes_layout.addWidget(self.capture)
        # Each kind of session gets its own pages beside the notes (a world café its set-up
        # and seating plan, an idea tree its tree…), built on first use.
        notes.setProperty("page", NOTES)
        self._pages: dict[str, QWidget] = {NOTES: notes}
        self._page_keys: tuple[str, ...] = ()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.currentChanged.connect(self._tab_shown)
        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addWidget(self.details)
        layout.addWidget(self.question)
        layout.addWidget(self.tabs, 1)
        # Tab reads the page from top to bottom, the capture box last: type → author → text → Add
        c = self.capture
        order = (self.table, c.table_pick, c.round_pick, c.category_pick, c.kind, c.author)
        for first, second in zip(order, (*order[1:], c.text), strict=True):
            QWidget.setTabOrder(first, second)
        document.changed.connect(self._on_changed)
        self.model.modelReset.connect(self._update_columns)
        self.model.modelReset.connect(self._fit_again)
        self.model.modelReset.connect(lambda: self._fit_columns())
        self.model.rowsInserted.connect(self._rows_inserted)
        self.model.rowsRemoved.connect(self._update_columns)
        self.model.rowsRemoved.connect(self._fit_again)  # rows below moved up
        self.model.dataChanged.connect(
            lambda top, _bottom, _roles=(): self.table.resizeRowToContents(top.row())
        )

    @property
    def session(self) -> Session | None:
        return self._session

    def set_session(self, session_id: str | None) -> None:
        self._session = self._document.read.get(Session, session_id)
        self._show_heading()
        self.model.set_session(self._session.id if self._session else None)
        self.capture.set_session(self._session.id if self._session else None)
        self._show_pages()

    def _show_pages(self) -> None:
        """The tabs this kind of session has: its main page first (the tree of an idea tree…);
        moving between sessions of one kind keeps the page that was shown."""
        keys = PAGES_BY_KIND[self._session.kind] if self._session else (NOTES,)
        if keys != self._page_keys:
            self.tabs.blockSignals(True)
            while self.tabs.count():
                self.tabs.removeTab(0)
            for key in keys:
                page = self._pages.get(key)
                if page is None:  # a placeholder until the page is first shown
                    page = QWidget()
                    page.setProperty("page", key)
                title = tr("Notes") if key == NOTES else tr(_PAGES[key][0])
                self.tabs.addTab(page, title)
            self.tabs.setCurrentIndex(0)
            self.tabs.blockSignals(False)
            self._page_keys = keys
        self.tabs.tabBar().setVisible(len(keys) > 1)
        self._tab_shown(self.tabs.currentIndex())

    def current_page(self) -> str | None:
        """The key of the page shown (`"notes"`, `"tree"`, `"photos"`…)."""
        widget = self.tabs.currentWidget()
        return widget.property("page") if widget is not None else None

    def show_page(self, key: str) -> QWidget | None:
        """Show the page `key` of this session, built if needed; None if it has no such page."""
        if key not in self._page_keys:
            return None
        self.tabs.setCurrentIndex(self._page_keys.index(key))
        return self._pages.get(key)

    def _tab_shown(self, index: int) -> None:
        """Build a page the first time it is shown, then point it at this session."""
        key = self.tabs.widget(index).property("page") if index >= 0 else None
        if key is None or key == NOTES or self._session is None:
            return
        page = self._pages.get(key)
        if page is None:
            page = self._make_page(key)
            self._pages[key] = page
        if self.tabs.widget(index) is not page:
            old, title = self.tabs.widget(index), self.tabs.tabText(index)
            self.tabs.blockSignals(True)
            self.tabs.removeTab(index)
            self.tabs.insertTab(index, page, title)
            self.tabs.setCurrentIndex(index)
            self.tabs.blockSignals(False)
            old.deleteLater()
        page.set_session(self._session.id)  # type: ignore[attr-defined]
        if icons_ready():  # its buttons, those made for this session too; else after 1st paint
            install_page_icons(page)

    def _make_page(self, key: str) -> QWidget:
        page = _PAGES[key][1](self._document)
        page.setProperty("page", key)
        return page

    def pages(self) -> list[QWidget]:
        """The pages built so far (beside the notes)."""
        return list(self._pages.values())

    def show_note(self, note_id: str) -> bool:
        """Show the notes page with `note_id` selected (a search result); False if not here."""
        row = self.model.row_of(note_id)
        if row < 0:
            return False
        self.show_page(NOTES)
        index = self.model.index(row, Column.TEXT)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def _on_changed(self, changes: ChangeSet) -> None:
        if self._session and self._session.id in changes.ids:
            kind = self._session.kind
            self._session = self._document.read.get(Session, self._session.id)
            if self._session and self._session.deleted:
                self._session = None
            self._show_heading()
            if self._session is None or self._session.kind != kind:
                self._show_pages()  # the pages follow the document on their own otherwise

    def _show_heading(self) -> None:
        session = self._session
        self.edit_button.setEnabled(session is not None)
        self.timer_bar.set_session(session)
        if session is None:
            self.title.setText(tr("No session selected"))
            self.details.clear()
            self.question.clear()
            return
        self.title.setText(session.title or tr("(untitled)"))
        colour = session.kind.spec.colour
        when = "–".join(t for t in (session.start, session.end) if t)
        parts = [
            f'<span style="color:{colour}; font-weight:600">'
            f"{session_kind_label(session.kind)}</span>"
        ]
        parts += [t for t in (when, session.room) if t]
        self.details.setText(" · ".join(parts))
        self.question.setText(f"« {session.question} »" if session.question else "")
        self.question.setVisible(bool(session.question))

    def _update_columns(self) -> None:
        self.table.setColumnHidden(Column.TABLE, not self.model.has_tables())
        self.table.setColumnHidden(Column.CATEGORY, not self.model.has_categories())
        self.table.setColumnHidden(Column.VOTES, not self.model.has_votes())
        self.table.setColumnHidden(
            Column.AUTHOR,
            self.model.rowCount() > 0
            and not any(self.model.note_at(r).author for r in range(self.model.rowCount())),
        )
        n = self.model.rowCount()
        self.count.setText(tr_count(n, "1 note", "{n} notes"))

    def _rows_inserted(self, _parent: object, first: int, last: int) -> None:
        self._measured = {r if r < first else r + last - first + 1 for r in self._measured}
        for row in range(first, last + 1):
            self.table.resizeRowToContents(row)
            self._measured.add(row)
        self._fit_columns(range(first, last + 1))
        self._update_columns()

    def _fit_columns(self, rows: range | None = None) -> None:
        """Widen the short columns to their texts (in `rows`; all after a reset), up to 22
        characters: the note's text keeps the room left."""
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        margin = 2 * (self.table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 4)
        for column in _FITTED:
            texts = self.model.column_texts(column, rows)
            width = max((metrics.horizontalAdvance(text) for text in texts), default=0) + margin
            width = max(min(width, 22 * metrics.averageCharWidth()), header.sectionSizeHint(column))
            if rows is None or width > header.sectionSize(column):
                header.resizeSection(column, width)

    def _fit_again(self) -> None:
        self._measured.clear()
        self._fit_shown()

    def _fit_shown(self) -> None:
        """Fit the rows in view to their text, those not fitted yet."""
        table, count = self.table, self.model.rowCount()
        row, height = max(table.rowAt(0), 0), table.viewport().height()
        while row < count and table.rowViewportPosition(row) < height:
            if row not in self._measured:
                table.resizeRowToContents(row)
                self._measured.add(row)
            row += 1

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_shown()  # taller: more rows in view
        return super().eventFilter(watched, event)

    def _reveal(self, note_id: str) -> None:
        """After Enter: the new note in its place, in view and selected (`note_reveal`)."""
        QTimer.singleShot(0, self, lambda: reveal_note(self.table, self.model, note_id))

    def delete_selected(self) -> None:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        notes = [self.model.note_at(row) for row in rows]
        if notes:
            label = "Delete note" if len(notes) == 1 else "Delete notes"
            self._document.push(delete(notes, label=label))
