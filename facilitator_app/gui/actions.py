"""Every window action declared once: text, icon, shortcut and tip, by `Act` member.

`build_actions(parent)` makes the QActions (text translated, no icons yet: they come from
`install_icons` after the first paint, see `gui.icons`). The main window only connects them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, auto

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from facilitator_app.i18n import N_, tr

__all__ = ["Act", "ActionSpec", "SPECS", "build_actions", "install_icons"]


class Act(Enum):
    NEW = auto()
    OPEN = auto()
    OPEN_DEMO = auto()
    SAVE_AS = auto()
    RESTORE_BACKUP = auto()
    EXPORT = auto()
    PREPARE_COPIES = auto()
    COLLECT_COPIES = auto()
    CONFLICTS = auto()
    IMPORT_PARTICIPANTS = auto()
    IMPORT_ORGANISATIONS = auto()
    CLOSE = auto()
    QUIT = auto()
    UNDO = auto()
    REDO = auto()
    ADD_SESSION = auto()
    ADD_DAY = auto()
    RENAME_SESSION = auto()
    EDIT_SESSION = auto()
    DELETE_SESSION = auto()
    DUPLICATE_SESSION = auto()
    ADD_SESSION_FROM_TEMPLATE = auto()
    PROJECT_SESSION = auto()
    SHOW_EVENT = auto()
    SHOW_PARTICIPANTS = auto()
    SHOW_ORGANISATIONS = auto()
    FOCUS_CAPTURE = auto()
    FIND = auto()
    LANGUAGE_FR = auto()
    LANGUAGE_EN = auto()
    PREFERENCES = auto()
    MANUAL = auto()
    CONTEXT_HELP = auto()
    TOUR = auto()
    ABOUT = auto()


Shortcut = QKeySequence.StandardKey | str | None


@dataclass(frozen=True, slots=True)
class ActionSpec:
    text: str  # English message id, translated when the action is built
    icon: str | None = None
    shortcut: Shortcut = None
    tip: str = ""
    checkable: bool = False


K = QKeySequence.StandardKey
SPECS: dict[Act, ActionSpec] = {
    Act.NEW: ActionSpec(N_("&New event…"), "new", K.New, N_("Create an empty event file")),
    Act.OPEN: ActionSpec(N_("&Open…"), "open", K.Open, N_("Open an event file")),
    Act.OPEN_DEMO: ActionSpec(
        N_("Open the &demo event"),
        "demo",
        None,
        N_("The two-day Rencontres des coopérations territoriales"),
    ),
    Act.SAVE_AS: ActionSpec(
        N_("Save &as…"),
        "save-as",
        K.SaveAs,
        N_("Save a copy of the event under another name and go on there"),
    ),
    Act.RESTORE_BACKUP: ActionSpec(
        N_("Restore a bac&kup…"),
        "restore",
        None,
        N_("Récolte keeps a copy of the event each time it opens it: restore one into a new file"),
    ),
    Act.EXPORT: ActionSpec(
        N_("&Export PDF…"),
        "pdf",
        K.Print,
        N_("The synthesis or the event booklet, ready to print or send"),
    ),
    Act.IMPORT_PARTICIPANTS: ActionSpec(
        N_("Import &participants…"),
        "import",
        None,
        N_("Add or update participants from a spreadsheet (CSV or .xlsx)"),
    ),
    Act.IMPORT_ORGANISATIONS: ActionSpec(
        N_("Import or&ganisations…"),
        "import",
        None,
        N_("Add or update organisations from a spreadsheet (CSV or .xlsx)"),
    ),
    Act.PREPARE_COPIES: ActionSpec(
        N_("Prepare note-&taker copies…"),
        "copies",
        None,
        N_("One copy of the event per laptop or per table, onto a USB key or a shared folder"),
    ),
    Act.COLLECT_COPIES: ActionSpec(
        N_("Co&llect copies…"),
        "collect",
        None,
        N_("Merge the note-takers’ copies back into this event"),
    ),
    Act.CONFLICTS: ActionSpec(
        N_("Con&flicts…"),
        "conflicts",
        None,
        N_("Records edited on two laptops: see both versions and pick one"),
    ),
    Act.CLOSE: ActionSpec(N_("&Close event"), "close", K.Close),
    Act.QUIT: ActionSpec(N_("&Quit"), "quit", K.Quit),
    Act.UNDO: ActionSpec(N_("&Undo"), "undo", K.Undo),
    Act.REDO: ActionSpec(N_("&Redo"), "redo", K.Redo),
    Act.ADD_SESSION: ActionSpec(
        N_("New &session"), "add-session", "Ctrl+Shift+N", N_("Add a session to the selected day")
    ),
    Act.ADD_DAY: ActionSpec(N_("Add a &day"), "add-day", None, N_("Extend the event by one day")),
    Act.RENAME_SESSION: ActionSpec(N_("&Rename session"), "rename", "F2"),
    Act.EDIT_SESSION: ActionSpec(N_("Session &properties…"), "edit", "Ctrl+I"),
    Act.DELETE_SESSION: ActionSpec(N_("&Delete session"), "delete", None),
    Act.DUPLICATE_SESSION: ActionSpec(
        N_("D&uplicate session"),
        "duplicate",
        "Ctrl+Shift+D",
        N_("A copy of the session with its set-up (columns, tables, rounds), without its notes"),
    ),
    Act.ADD_SESSION_FROM_TEMPLATE: ActionSpec(
        N_("New session from a &template…"),
        "template",
        None,
        N_("A world café with its rounds, an idea tree with its branches, a grid with columns…"),
    ),
    Act.PROJECT_SESSION: ActionSpec(
        N_("&Project this session"),
        "projector",
        "F5",
        N_("The question, a timer and the session's work, large, on a second screen"),
    ),
    Act.SHOW_EVENT: ActionSpec(
        N_("&Event"), "event", "Ctrl+0", N_("Title, dates, place, organisers")
    ),
    Act.SHOW_PARTICIPANTS: ActionSpec(N_("&Participants"), "participants", "Ctrl+Shift+P"),
    Act.SHOW_ORGANISATIONS: ActionSpec(N_("&Organisations"), "organisations", "Ctrl+Shift+O"),
    Act.FOCUS_CAPTURE: ActionSpec(
        N_("&Capture a note"), "note", "Ctrl+E", N_("Put the cursor in the capture box")
    ),
    Act.FIND: ActionSpec(
        N_("&Find in notes…"), "search", K.Find, N_("Search every note of the event")
    ),
    Act.LANGUAGE_FR: ActionSpec("Français", None, None, checkable=True),
    Act.LANGUAGE_EN: ActionSpec("English", None, None, checkable=True),
    Act.PREFERENCES: ActionSpec(
        N_("Pre&ferences…"),
        None,
        "Ctrl+,",
        N_("Language, PDF language, author of the notes, backups, data folder"),
    ),
    Act.MANUAL: ActionSpec(N_("&Manual"), None, None, N_("The manual, from its contents")),
    Act.CONTEXT_HELP: ActionSpec(
        N_("&Help on this page"),
        None,
        K.HelpContents,
        N_("The manual at the page about what the window shows"),
    ),
    Act.TOUR: ActionSpec(
        N_("Take the &tour"), None, None, N_("A few steps through the main areas of the window")
    ),
    Act.ABOUT: ActionSpec(N_("&About Récolte"), "about", None),
}


def build_actions(parent: QWidget) -> dict[Act, QAction]:
    actions: dict[Act, QAction] = {}
    for act, spec in SPECS.items():
        action = QAction(tr(spec.text), parent)
        if spec.shortcut is not None:
            action.setShortcut(QKeySequence(spec.shortcut))
        if spec.tip:
            action.setStatusTip(tr(spec.tip))
            action.setToolTip(tr(spec.tip))
        action.setCheckable(spec.checkable)
        actions[act] = action
    return actions


def install_icons(actions: dict[Act, QAction]) -> None:
    from facilitator_app.gui.icons import icon  # qtawesome: after the first paint

    for act, action in actions.items():
        name = SPECS[act].icon
        if name:
            action.setIcon(icon(name))
