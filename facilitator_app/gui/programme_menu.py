"""Everyday gestures on the programme: its context menu, duplicating, templates, projecting.

`ProgrammeGestures.install(window)` adds to the main window what a facilitator reaches for
while the event runs: a right-click on a session (Open, Rename, Properties, Duplicate,
Delete, Project), on a day (Add a session this day, from a template), and the actions
Duplicate session (Ctrl+Shift+D), New session from a template and Project this session
(F5), put in the Programme and View menus. Kept out of `main_window` (near its size limit),
which only calls `install`. The dialogs and the projector load when first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QModelIndex, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from facilitator_app.core.commands import duplicate_session
from facilitator_app.core.model import Session, new_id
from facilitator_app.gui.actions import Act
from facilitator_app.i18n import tr

if TYPE_CHECKING:
    from facilitator_app.gui.document import EventDocument
    from facilitator_app.gui.session_projector import SessionProjector
    from facilitator_app.gui.settings import Settings
    from facilitator_app.gui.widgets.programme import Sidebar
    from facilitator_app.gui.widgets.session_view import SessionView


class MainWindow(Protocol):
    """What the gestures need of `gui.main_window.MainWindow` (which imports this module)."""

    document: EventDocument
    settings: Settings
    actions_: dict[Act, QAction]
    sidebar: Sidebar
    session_view: SessionView
    first_painted: Any  # Signal

    def show_session(self, session_id: str) -> None: ...
    def isVisible(self) -> bool: ...  # noqa: N802 (Qt's name)


__all__ = ["ProgrammeGestures"]

_WRITING = (Act.DUPLICATE_SESSION, Act.ADD_SESSION_FROM_TEMPLATE)


def _insert_after(anchor: QAction, actions: list[QAction]) -> None:
    """Put `actions` just after `anchor` in the menus that hold it."""
    for holder in anchor.associatedObjects():
        if not isinstance(holder, QMenu):
            continue  # the toolbar keeps its few buttons
        present = holder.actions()
        at = present.index(anchor) + 1
        if at < len(present):
            holder.insertActions(present[at], actions)
        else:
            holder.addActions(actions)


class ProgrammeGestures(QObject):
    """The programme's context menu and the actions that go with it, for one window."""

    def __init__(self, window: MainWindow) -> None:
        assert isinstance(window, QWidget)
        super().__init__(window)
        self.window = window
        self._widget: QWidget = window  # the same, as the parent of dialogs
        self.document = window.document
        self.tree = window.sidebar.tree
        a = window.actions_
        _insert_after(a[Act.EDIT_SESSION], [a[Act.DUPLICATE_SESSION]])
        _insert_after(a[Act.ADD_SESSION], [a[Act.ADD_SESSION_FROM_TEMPLATE]])
        _insert_after(a[Act.SHOW_ORGANISATIONS], [a[Act.PROJECT_SESSION]])
        a[Act.DUPLICATE_SESSION].triggered.connect(lambda: self.duplicate(self._current()))
        a[Act.ADD_SESSION_FROM_TEMPLATE].triggered.connect(
            lambda: self.add_from_template(window.sidebar.current_day())
        )
        a[Act.PROJECT_SESSION].triggered.connect(lambda: self.project(self._current()))
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.document.editable_changed.connect(self._editable)
        self._editable(self.document.editable)
        timer_bar = window.session_view.timer_bar
        timer_bar.project_requested.connect(lambda: self.project(window.session_view.session))
        # a turn after the window's own icons: by then `--startup-check` has closed it
        window.first_painted.connect(lambda: QTimer.singleShot(0, self, self._install_icons))

    @classmethod
    def install(cls, window: MainWindow) -> ProgrammeGestures:
        return cls(window)

    def _install_icons(self) -> None:
        if self.window.isVisible():
            self.window.session_view.timer_bar.install_icons()

    def _editable(self, editable: bool) -> None:
        for act in _WRITING:
            self.window.actions_[act].setEnabled(editable)

    def _current(self) -> Session | None:
        return self.window.session_view.session or self.window.sidebar.current_session()

    # -- the context menu -----------------------------------------------------------------

    def menu_for(self, index: QModelIndex) -> QMenu | None:
        """The menu of the row at `index`: a session's or a day's; None elsewhere."""
        from facilitator_app.gui.icons import icon  # qtawesome: loaded once painted

        model = self.window.sidebar.model
        session = model.session_at(index)
        menu = QMenu(self.tree)
        a = self.window.actions_
        editable = self.document.editable
        if session is not None:
            self.window.sidebar.select_session(session.id)  # the actions act on it
            opened = menu.addAction(icon("open-session"), tr("Open"), lambda: self.open(session))
            opened.setObjectName("open")
            menu.addSeparator()
            for act in (Act.RENAME_SESSION, Act.EDIT_SESSION, Act.DUPLICATE_SESSION):
                menu.addAction(a[act])
            menu.addAction(a[Act.DELETE_SESSION])
            menu.addSeparator()
            menu.addAction(a[Act.PROJECT_SESSION])
            return menu
        day = model.day_at(index)
        if day is None:
            return None
        added = menu.addAction(
            icon("add-session"), tr("Add a session this day…"), lambda: self.add_from_template(day)
        )
        added.setObjectName("addOnDay")
        added.setEnabled(editable)
        return menu

    def _context_menu(self, point: QPoint) -> None:
        menu = self.menu_for(self.tree.indexAt(point))
        if menu is not None:
            menu.exec(self.tree.viewport().mapToGlobal(point))
            menu.deleteLater()

    # -- the gestures ---------------------------------------------------------------------

    def open(self, session: Session) -> None:
        self.window.sidebar.select_session(session.id)
        self.window.show_session(session.id)
        self.window.session_view.capture.focus()

    def duplicate(self, session: Session | None) -> Session | None:
        """A copy of `session`, just after it, shown; one undo step."""
        if session is None or not self.document.editable:
            return None
        title = tr("{title} (copy)", title=session.title)
        copy_id = new_id()
        command = duplicate_session(self.document.read, session, title=title, copy_id=copy_id)
        if not self.document.push(command):
            return None
        self.window.sidebar.select_session(copy_id)
        return self.document.read.get(Session, copy_id)

    def add_from_template(self, day: str) -> Session | None:
        """Ask for a new session on `day` (its template, title, times…) and add it."""
        if not self.document.editable:
            return None
        from dataclasses import replace

        from facilitator_app.core.templates import create_session
        from facilitator_app.gui.dialogs.session_dialog import SessionDialog  # when first used

        draft = Session(
            title=tr("New session"),
            day=day,
            position=self.document.next_position(Session, day=day),
        )
        dialog = SessionDialog(
            draft,
            self.window,
            document=self.document,
            settings=self.window.settings,
            templates=True,
        )
        dialog.setObjectName("newSessionDialog")
        if not dialog.exec():
            return None
        session = replace(draft, **dialog.changes())
        if session.day != day:
            session = replace(
                session, position=self.document.next_position(Session, day=session.day)
            )
        command = create_session(session, dialog.chosen_template())
        if self.document.push(command, draft=dialog.draft.box):
            self.window.sidebar.select_session(session.id)
            return self.document.read.get(Session, session.id)
        return None

    def project(self, session: Session | None) -> SessionProjector | None:
        from facilitator_app.gui.session_projector import project  # the projector: when used

        return project(
            self._widget,
            session,
            document=self.document,
            timers=self.window.session_view.timer_bar.timers,
        )
