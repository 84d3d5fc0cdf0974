"""`MainWindow`: one open event: the sidebar, the page in the centre, menus and status bar.

It only assembles panels and connects actions. Opening, creating and closing files is the
application's business (`app.Recolte`), reached through the signals below. Pages other than
the session view are built the first time they are shown, to keep start-up short.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from facilitator_app.core.commands import update
from facilitator_app.core.model import Session
from facilitator_app.gui.actions import Act, build_actions, install_icons
from facilitator_app.gui.document import EventDocument
from facilitator_app.gui.drafts import drafted_session
from facilitator_app.gui.file_drop import EventFileDrops
from facilitator_app.gui.icons import install_page_icons
from facilitator_app.gui.programme_menu import ProgrammeGestures
from facilitator_app.gui.settings import Settings
from facilitator_app.gui.widgets.programme import Sidebar
from facilitator_app.gui.widgets.session_view import SessionView
from facilitator_app.gui.window_geometry import place_window
from facilitator_app.i18n import current_language, tr

if TYPE_CHECKING:
    from facilitator_app.gui.help.tour import Tour
    from facilitator_app.gui.help.window import HelpWindow

__all__ = ["MainWindow"]

# the actions that write, enabled while the document accepts edits
_EDITING_ACTIONS = (
    Act.ADD_SESSION,
    Act.ADD_DAY,
    Act.RENAME_SESSION,
    Act.EDIT_SESSION,
    Act.DELETE_SESSION,
    Act.IMPORT_PARTICIPANTS,
    Act.IMPORT_ORGANISATIONS,
    Act.COLLECT_COPIES,
)


class MainWindow(QMainWindow):
    new_requested = Signal()
    open_requested = Signal(object)  # Path, or None to ask
    demo_requested = Signal()
    save_as_requested = Signal()
    restore_requested = Signal()
    close_requested = Signal()
    language_requested = Signal(str)
    preferences_requested = Signal()
    first_painted = Signal()

    def __init__(
        self, document: EventDocument, settings: Settings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.settings = settings
        self.actions_ = build_actions(self)
        self._pages: dict[str, QWidget] = {}
        self._painted = False
        self._closing_for_good = False
        self._search: QDockWidget | None = None
        self._help: HelpWindow | None = None  # the manual's window, made on first use
        self.tour: Tour | None = None
        self._failure_told: str | None = None  # said once until a write succeeds again

        self.sidebar = Sidebar(document)
        self.session_view = SessionView(document)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.session_view)
        splitter = QSplitter()
        splitter.addWidget(self.sidebar)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([400, 1000])
        self.setCentralWidget(splitter)

        self._build_menus()
        self._build_status_bar()
        self._connect()
        self.gestures = ProgrammeGestures.install(self)  # context menu, duplicate, project
        self._update_title()
        # 1280×800 or what the screen allows; a saved geometry only where it still fits
        place_window(self, settings.geometry("main_window"), QSize(1280, 800))
        EventFileDrops(self, self.open_requested.emit)
        # the session whose capture box holds text typed before a crash, else the last one
        last = drafted_session(document) or settings.last_session(document.path)
        if (
            last
            and document.read.get(Session, last)
            and not document.read.get(Session, last).deleted
        ):
            self.sidebar.select_session(last)
        else:
            self.sidebar.select_first_session()
        self.installEventFilter(self)  # the whole window paints in one pass: see eventFilter
        self.session_view.capture.set_default_author(settings.capture_author)
        self.session_view.capture.text.setFocus()  # a note-taker can type at once

    # -- assembly -------------------------------------------------------------------------

    def _build_menus(self) -> None:
        a = self.actions_
        bar = self.menuBar()
        file_menu = bar.addMenu(tr("&File"))
        file_menu.addActions([a[Act.NEW], a[Act.OPEN], a[Act.OPEN_DEMO]])
        self.recent_menu = file_menu.addMenu(tr("Open &recent"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.addSeparator()
        file_menu.addActions([a[Act.SAVE_AS], a[Act.RESTORE_BACKUP], a[Act.EXPORT], a[Act.CLOSE]])
        file_menu.addSeparator()
        file_menu.addActions([a[Act.PREPARE_COPIES], a[Act.COLLECT_COPIES], a[Act.CONFLICTS]])
        file_menu.addSeparator()
        file_menu.addActions([a[Act.IMPORT_PARTICIPANTS], a[Act.IMPORT_ORGANISATIONS]])
        file_menu.addSeparator()
        file_menu.addAction(a[Act.QUIT])

        edit_menu = bar.addMenu(tr("&Edit"))
        edit_menu.addActions([a[Act.UNDO], a[Act.REDO]])
        edit_menu.addSeparator()
        edit_menu.addActions([a[Act.FOCUS_CAPTURE], a[Act.FIND]])
        edit_menu.addSeparator()
        edit_menu.addAction(a[Act.PREFERENCES])

        programme = bar.addMenu(tr("&Programme"))
        programme.addActions(
            [
                a[Act.ADD_SESSION],
                a[Act.ADD_DAY],
                a[Act.RENAME_SESSION],
                a[Act.EDIT_SESSION],
                a[Act.DELETE_SESSION],
            ]
        )

        view = bar.addMenu(tr("&View"))
        view.addActions([a[Act.SHOW_EVENT], a[Act.SHOW_PARTICIPANTS], a[Act.SHOW_ORGANISATIONS]])
        view.addSeparator()
        language = QMenu(tr("&Language"), view)
        language.addActions([a[Act.LANGUAGE_FR], a[Act.LANGUAGE_EN]])
        view.addMenu(language)
        a[Act.LANGUAGE_FR].setChecked(current_language() == "fr")
        a[Act.LANGUAGE_EN].setChecked(current_language() == "en")

        help_menu = bar.addMenu(tr("&Help"))
        help_menu.addActions([a[Act.MANUAL], a[Act.CONTEXT_HELP], a[Act.TOUR]])
        help_menu.addSeparator()
        help_menu.addAction(a[Act.ABOUT])

        toolbar = QToolBar(tr("Main toolbar"))
        toolbar.setObjectName("mainToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.setMovable(False)
        toolbar.addActions([a[Act.UNDO], a[Act.REDO]])
        toolbar.addSeparator()
        toolbar.addActions([a[Act.ADD_SESSION], a[Act.EDIT_SESSION]])
        toolbar.addSeparator()
        toolbar.addActions([a[Act.SHOW_EVENT], a[Act.SHOW_PARTICIPANTS], a[Act.SHOW_ORGANISATIONS]])
        toolbar.addSeparator()
        toolbar.addAction(a[Act.FIND])
        self.addToolBar(toolbar)

    def _build_status_bar(self) -> None:
        self.saved_label = QLabel()
        self.path_label = QLabel(str(self.document.path))
        self.path_label.setObjectName("pathLabel")
        self.statusBar().addPermanentWidget(self.path_label)
        self.statusBar().addPermanentWidget(self.saved_label)

    def _show_editable(self) -> None:
        """What the status bar, the title and the editing actions say about writing."""
        editable = self.document.editable
        if editable:
            self.saved_label.setText(tr("All changes are saved in the file"))
        else:
            self.saved_label.setText(tr("Read-only: changes cannot be saved"))
        a, stack = self.actions_, self.document.undo_stack
        for act in _EDITING_ACTIONS:
            a[act].setEnabled(editable)
        a[Act.UNDO].setEnabled(editable and stack.canUndo())
        a[Act.REDO].setEnabled(editable and stack.canRedo())
        self._update_title()

    def _connect(self) -> None:
        a, doc = self.actions_, self.document
        stack = doc.undo_stack
        a[Act.UNDO].triggered.connect(doc.undo)
        a[Act.REDO].triggered.connect(doc.redo)
        stack.canUndoChanged.connect(lambda can: a[Act.UNDO].setEnabled(can and doc.editable))
        stack.canRedoChanged.connect(lambda can: a[Act.REDO].setEnabled(can and doc.editable))
        stack.undoTextChanged.connect(
            lambda t: a[Act.UNDO].setText(tr("&Undo {what}", what=t) if t else tr("&Undo"))
        )
        stack.redoTextChanged.connect(
            lambda t: a[Act.REDO].setText(tr("&Redo {what}", what=t) if t else tr("&Redo"))
        )

        a[Act.NEW].triggered.connect(self.new_requested)
        a[Act.OPEN].triggered.connect(lambda: self.open_requested.emit(None))
        a[Act.OPEN_DEMO].triggered.connect(self.demo_requested)
        a[Act.SAVE_AS].triggered.connect(self.save_as_requested)
        a[Act.RESTORE_BACKUP].triggered.connect(self.restore_requested)
        a[Act.CLOSE].triggered.connect(self.close_requested)
        a[Act.QUIT].triggered.connect(self._quit)
        a[Act.ADD_SESSION].triggered.connect(self.sidebar.add_session)
        a[Act.ADD_DAY].triggered.connect(self.sidebar.add_day)
        a[Act.RENAME_SESSION].triggered.connect(self.sidebar.rename_current)
        a[Act.EDIT_SESSION].triggered.connect(self.edit_session)
        a[Act.DELETE_SESSION].triggered.connect(self.sidebar.delete_current)
        a[Act.SHOW_EVENT].triggered.connect(lambda: self.sidebar.select_page("event"))
        a[Act.SHOW_PARTICIPANTS].triggered.connect(lambda: self.sidebar.select_page("participants"))
        a[Act.SHOW_ORGANISATIONS].triggered.connect(
            lambda: self.sidebar.select_page("organisations")
        )
        a[Act.FOCUS_CAPTURE].triggered.connect(self.focus_capture)
        a[Act.FIND].triggered.connect(self.find)
        a[Act.EXPORT].triggered.connect(self.export_pdf)
        a[Act.PREPARE_COPIES].triggered.connect(self.prepare_copies)
        a[Act.COLLECT_COPIES].triggered.connect(self.collect_copies)
        a[Act.CONFLICTS].triggered.connect(self.show_conflicts)
        a[Act.IMPORT_PARTICIPANTS].triggered.connect(lambda: self.import_people("participants"))
        a[Act.IMPORT_ORGANISATIONS].triggered.connect(lambda: self.import_people("organisations"))
        a[Act.LANGUAGE_FR].triggered.connect(lambda: self.language_requested.emit("fr"))
        a[Act.LANGUAGE_EN].triggered.connect(lambda: self.language_requested.emit("en"))
        a[Act.PREFERENCES].triggered.connect(self.preferences_requested)
        a[Act.ABOUT].triggered.connect(self._about)
        a[Act.MANUAL].triggered.connect(lambda: self.show_help("start"))
        a[Act.CONTEXT_HELP].triggered.connect(lambda: self.show_help(self.current_view()))
        a[Act.TOUR].triggered.connect(self.start_tour)
        self.session_view.edit_button.clicked.connect(self.edit_session)

        self.sidebar.session_selected.connect(self.show_session)
        self.sidebar.page_selected.connect(self.show_page)
        doc.saved.connect(self._on_saved)
        doc.failed.connect(self._on_failed)
        doc.changed.connect(lambda _c: self._update_title())
        doc.editable_changed.connect(lambda _editable: self._show_editable())
        self._show_editable()

    # -- pages ----------------------------------------------------------------------------

    def show_session(self, session_id: str) -> None:
        self.session_view.set_session(session_id)
        self.settings.set_last_session(self.document.path, session_id)
        self.stack.setCurrentWidget(self.session_view)

    def show_page(self, key: str) -> None:
        page = self._pages.get(key)
        if page is None:
            page = self._make_page(key)
            self._pages[key] = page
            self.stack.addWidget(page)
            if self._painted:
                install_page_icons(page)
        self.stack.setCurrentWidget(page)

    # The pages and dialogs below import their module when first opened: start-up loads only
    # what the first paint shows (tests/benchmarks/bench_scale.py measures it).

    def _make_page(self, key: str) -> QWidget:
        factories: dict[str, Callable[[], QWidget]] = {
            "event": self._event_page,
            "participants": self._participants_page,
            "organisations": self._organisations_page,
        }
        return factories[key]()

    def _event_page(self) -> QWidget:
        from facilitator_app.gui.widgets.event_page import EventPage

        return EventPage(self.document)

    def _participants_page(self) -> QWidget:
        from facilitator_app.gui.widgets.people_page import ParticipantsPage

        return ParticipantsPage(self.document)

    def _organisations_page(self) -> QWidget:
        from facilitator_app.gui.widgets.people_page import OrganisationsPage

        return OrganisationsPage(self.document)

    def shown_page(self) -> str | None:
        """The key of the page shown instead of a session ("event"…), or None."""
        return next((k for k, p in self._pages.items() if p is self.stack.currentWidget()), None)

    def edit_session(self) -> None:
        session = self.session_view.session or self.sidebar.current_session()
        if session is None or not self.document.editable:
            return
        from facilitator_app.gui.dialogs.session_dialog import SessionDialog

        dialog = SessionDialog(session, self, document=self.document, settings=self.settings)
        if not dialog.exec():
            return
        if changes := dialog.changes():
            self.document.push(
                update(session, label="Edit session", **changes), draft=dialog.draft.box
            )
            self.sidebar.select_session(session.id)
        else:
            dialog.draft.discard()

    def focus_capture(self) -> None:
        if self.stack.currentWidget() is not self.session_view:
            self.sidebar.select_first_session()
        self.session_view.capture.focus()

    def export_pdf(self) -> None:
        from facilitator_app.gui.dialogs.export_dialog import ExportDialog

        ExportDialog(self.document, self, settings=self.settings).exec()

    def import_people(self, kind: str) -> None:
        """Import participants or organisations from a spreadsheet, then show them."""
        from facilitator_app.gui.dialogs.import_dialog import ImportDialog

        dialog = ImportDialog(self.document, self, kind=kind, settings=self.settings)
        if dialog.exec():
            self.sidebar.select_page(dialog.kind)

    def prepare_copies(self) -> None:
        from facilitator_app.gui.dialogs.copies_dialog import CopiesDialog

        CopiesDialog(self.document, self, settings=self.settings).exec()

    def collect_copies(self) -> None:
        from facilitator_app.gui.dialogs.collect_dialog import CollectDialog

        CollectDialog(self.document, self, settings=self.settings).exec()

    def show_conflicts(self) -> None:
        """The conflict view (not modal: the person can look at the notes meanwhile)."""
        from facilitator_app.gui.dialogs.conflicts_dialog import ConflictsDialog

        dialog = ConflictsDialog(self.document, self, settings=self.settings)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    def find(self) -> None:
        """Open the search panel (made on first use) with the cursor in its box."""
        if self._search is None:
            from facilitator_app.gui.widgets.search import SearchPanel, place_search_dock

            panel = SearchPanel(self.document)
            panel.note_chosen.connect(self.show_note)
            self._search = QDockWidget(tr("Search"), self)
            self._search.setObjectName("search")
            self._search.setWidget(panel)
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self._search)
            place_search_dock(self, self._search, self.sidebar)
            panel.closed.connect(self._search.hide)
        self._search.show()
        self._search.raise_()
        self._search.widget().start()  # type: ignore[attr-defined]

    def show_note(self, session_id: str, note_id: str) -> None:
        """Go to a note (a search result): its session, the notes page, the note selected."""
        self.sidebar.select_session(session_id)
        if self.session_view.session is None or self.session_view.session.id != session_id:
            self.show_session(session_id)
        self.session_view.show_note(note_id)

    # -- help -----------------------------------------------------------------------------

    def current_view(self) -> str:
        """What the window shows, as the manual's topics name it (`help.manual.TOPICS`):
        `event`, `participants`…, `search` while it has the focus, or `tab/kind` for a
        session's page (`seating/world_cafe`)."""
        focus = self.focusWidget()
        if self._search is not None and focus is not None and self._search.isAncestorOf(focus):
            return "search"
        page = self.stack.currentWidget()
        if page is not self.session_view:
            return next((k for k, p in self._pages.items() if p is page), "start")
        session = self.session_view.session
        return f"{self.session_view.current_page()}/{session.kind}" if session else "start"

    def show_help(self, view: str) -> HelpWindow:
        """The manual at the page about `view` (its contents for `start`)."""
        from facilitator_app.gui.help.window import HelpWindow  # lazily: help is rare

        if self._help is None or self._help.language != current_language():
            if self._help is not None:
                self._help.deleteLater()  # in the language chosen since
            self._help = HelpWindow(self)
        self._help.show_view(view)
        return self._help

    def _about(self) -> None:
        from facilitator_app.gui.help.about import show_about  # lazily: help is rare

        show_about(self)

    def start_tour(self) -> None:
        """The tour of the window's main areas (Help → Take the tour; the first start)."""
        from facilitator_app.gui.help.tour import Tour  # lazily: shown once

        if self.tour is not None:
            self.tour.stop()
        self.tour = Tour.of_window(self)
        self.tour.finished.connect(self.settings.mark_tour_done)
        self.tour.start()

    # -- status ---------------------------------------------------------------------------

    def _update_title(self) -> None:
        title = self.document.read.event_record().title or tr("Untitled event")
        suffix = "" if self.document.editable else tr(" (read-only)")
        self.setWindowTitle(f"{title}{suffix} — Récolte")

    def _on_saved(self, when: datetime) -> None:
        self._failure_told = None
        self.saved_label.setStyleSheet("")
        self.saved_label.setText(tr("Saved at {time}", time=when.strftime("%H:%M")))

    def _on_failed(self, message: str) -> None:
        """Say why a change was not saved, once: a full disk refuses every debounced save of
        a field being typed in, and the red « Not saved » stays until a write succeeds."""
        self.saved_label.setStyleSheet("color: #b71c1c; font-weight: 600")
        self.saved_label.setText(tr("Not saved"))
        if message == self._failure_told:
            return
        self._failure_told = message
        QMessageBox.warning(self, tr("The change could not be saved"), message)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in self.settings.recent_files:
            action = QAction(path.name, self.recent_menu)
            action.setStatusTip(str(path))
            action.triggered.connect(lambda _=False, p=path: self.open_requested.emit(p))
            self.recent_menu.addAction(action)
        if not self.recent_menu.actions():
            empty = self.recent_menu.addAction(tr("No recent events"))
            empty.setEnabled(False)

    # -- first paint, icons, closing ------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The window and its children (the programme among them) paint in one pass; the
        # timer fires once that pass is over.
        if event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            # tied to the window: it may be gone by then (a language switch builds it anew)
            QTimer.singleShot(0, self, self.first_painted.emit)
            QTimer.singleShot(0, self, self._install_icons)
        return super().eventFilter(watched, event)

    def _install_icons(self) -> None:
        """qtawesome is slow to import: the icons arrive just after the window is painted."""
        if not self.isVisible():
            return  # closed meanwhile (e.g. --startup-check): no need to pay for them
        install_icons(self.actions_)
        self.sidebar.install_icons()
        for page in (*self._pages.values(), self.session_view, *self.session_view.pages()):
            install_page_icons(page)

    def _quit(self) -> None:
        from PySide6.QtWidgets import QApplication

        QApplication.closeAllWindows()

    def closeEvent(self, event: QCloseEvent) -> None:
        focus = self.focusWidget()
        if focus is not None:
            focus.clearFocus()  # lets an open editor commit its text before the file closes
        self.settings.set_geometry("main_window", self.saveGeometry())
        event.accept()
        self.close_requested.emit() if not self._closing_for_good else None

    def close_for_good(self) -> None:
        """Close without asking the application to show the start screen."""
        self._closing_for_good = True
        self.close()
