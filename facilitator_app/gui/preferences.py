"""The preferences applied to the running program: the data folder, the language switch.

`app.Recolte` wires these: `data_folder` is where Récolte keeps its own files,
`edit_preferences` shows the dialog and stores what was chosen, `install_qt_translations`
gives Qt's own dialogs the interface's language, and `hand_over` lets a window go while its
event stays open, so that a window can be built again on the same document in another
language (the file stays open and locked, the undo history stays).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QWidget

from facilitator_app.gui.document import EventDocument
from facilitator_app.gui.main_window import MainWindow
from facilitator_app.gui.settings import Settings
from facilitator_app.i18n import current_language

if TYPE_CHECKING:
    from facilitator_app.gui.dialogs.preferences_dialog import Preferences

__all__ = ["ShownView", "data_folder", "edit_preferences", "hand_over", "install_qt_translations"]


def data_folder(settings: Settings, usual: Path) -> Path:
    """Where Récolte keeps its own files (backups, the demo, the error log): the folder
    chosen in the preferences, else `usual`, the system's place (also when the chosen one
    cannot be made: a USB key unplugged). Nothing is ever moved from one to the other."""
    chosen = settings.data_folder
    if chosen is not None:
        try:
            chosen.mkdir(parents=True, exist_ok=True)
            return chosen
        except OSError:
            pass
    return usual


def edit_preferences(
    parent: QWidget, windows: Sequence[MainWindow], settings: Settings, *, usual_folder: Path
) -> Preferences | None:
    """Edit → Preferences…: what the person chose, stored and applied to `windows` but for
    the language, which the application switches (it builds the windows again); None when
    the person cancelled."""
    # the dialog's module when the person asks for it, never at start-up
    from facilitator_app.gui.dialogs.preferences_dialog import Preferences, PreferencesDialog

    dialog = PreferencesDialog(
        Preferences.of(settings), parent, usual_folder=usual_folder, settings=settings
    )
    if not dialog.exec():
        return None
    chosen = dialog.values()
    settings.pdf_language = chosen.pdf_language
    settings.capture_author = chosen.capture_author
    settings.backups_kept = chosen.backups_kept
    settings.data_folder = chosen.data_folder
    if chosen.theme != settings.theme:
        settings.theme = chosen.theme
        apply_theme_choice(windows, chosen.theme)
    for window in windows:
        window.session_view.capture.set_default_author(chosen.capture_author)
    return chosen


def apply_theme_choice(windows: Sequence[MainWindow], choice: str) -> None:
    """A new theme at once: the palette and style sheet, then the icons in its colour."""
    from facilitator_app.gui.theme import install_theme

    app = QApplication.instance()
    if isinstance(app, QApplication):
        install_theme(app, choice)
    for window in windows:
        window._install_icons()  # again: each icon is drawn in the theme's icon colour


def install_qt_translations(app: QApplication) -> None:
    """Qt's own words (standard buttons, file dialogs) in the interface's language; the
    former language's translator goes when the language changes."""
    for previous in app.findChildren(QTranslator):
        app.removeTranslator(previous)
        previous.deleteLater()
    if current_language() == "en":
        return
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(current_language()), "qtbase", "_", folder):
        app.installTranslator(translator)


@dataclass(frozen=True, slots=True)
class ShownView:
    """What a window showed, for the window built again in its place."""

    session_id: str | None
    page: str | None  # "event", "participants"…, shown instead of a session

    def show_in(self, window: MainWindow) -> None:
        if self.page is not None:
            window.sidebar.select_page(self.page)
        elif self.session_id is not None:
            window.sidebar.select_session(self.session_id)


def hand_over(window: MainWindow) -> ShownView:
    """Close `window` but not its event: an open editor commits, debounced edits and the
    text of the capture boxes reach the file (as drafts: the next window's boxes show them
    again, as after a crash), and every connection of the window to the document goes."""
    session = window.session_view.session
    shown = ShownView(session.id if session else None, window.shown_page())
    window.close_for_good()  # clears the focus (an editor commits), saves the geometry
    window.document.flush()
    _forget_receivers(window.document)
    window.deleteLater()
    return shown


def _forget_receivers(document: EventDocument) -> None:
    """Disconnect everything that listens to `document` and its undo stack: a window's
    widgets connect lambdas, which Qt does not disconnect when the widgets are deleted. The
    shared directory of people goes too; the next window makes its own."""
    from facilitator_app.gui.models.directory import Directory

    stack = document.undo_stack
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # "failed to disconnect": none were
        for signal in (
            document.changed,
            document.saved,
            document.failed,
            document.editable_changed,
            document.flushing,
            document.closing,
            stack.canUndoChanged,
            stack.canRedoChanged,
            stack.undoTextChanged,
            stack.redoTextChanged,
            stack.indexChanged,
            stack.cleanChanged,
        ):
            signal.disconnect()
    for directory in document.findChildren(Directory):
        directory.setParent(None)
        directory.deleteLater()
