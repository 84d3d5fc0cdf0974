"""The one icon table: semantic name → qtawesome spec, made lazily after the QApplication exists.

qtawesome costs ~0.4 s to import, so nothing here runs at start-up: the window installs its
icons just after its first paint (`MainWindow._install_icons`).
"""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

__all__ = ["ICONS", "icon"]

ICONS: dict[str, str] = {
    "new": "mdi6.file-plus-outline",
    "open": "mdi6.folder-open-outline",
    "save-as": "mdi6.content-save-edit-outline",
    "demo": "mdi6.school-outline",
    "close": "mdi6.close",
    "quit": "mdi6.exit-to-app",
    "undo": "mdi6.undo",
    "redo": "mdi6.redo",
    "add-session": "mdi6.calendar-plus",
    "add-day": "mdi6.calendar-blank-multiple",
    "rename": "mdi6.form-textbox",
    "edit": "mdi6.pencil-outline",
    "delete": "mdi6.trash-can-outline",
    "event": "mdi6.information-outline",
    "participants": "mdi6.account-group-outline",
    "organisations": "mdi6.domain",
    "programme": "mdi6.calendar-text-outline",
    "add": "mdi6.plus",
    "about": "mdi6.help-circle-outline",
    "note": "mdi6.note-text-outline",
    "search": "mdi6.magnify",
    "pdf": "mdi6.file-pdf-box",
    "copies": "mdi6.laptop",
    "collect": "mdi6.folder-download-outline",
    "conflicts": "mdi6.call-split",
    "import": "mdi6.table-arrow-left",
    "paste": "mdi6.content-paste",
    "add-child": "mdi6.subdirectory-arrow-right",
    "indent": "mdi6.format-indent-increase",
    "outdent": "mdi6.format-indent-decrease",
    "fit": "mdi6.fit-to-screen-outline",
    "save-copy": "mdi6.content-save-outline",
    "recent": "mdi6.history",
    "restore": "mdi6.backup-restore",
    "skip": "mdi6.table-row-remove",
    "compute": "mdi6.shuffle-variant",
    # the café clock
    "play": "mdi6.play",
    "pause": "mdi6.pause",
    "add-minute": "mdi6.timer-plus-outline",
    "next-round": "mdi6.skip-next",
    "projector": "mdi6.projector-screen-outline",
    "print": "mdi6.printer-outline",
    "export": "mdi6.export-variant",
    "csv": "mdi6.file-delimited-outline",
    "duplicate": "mdi6.content-duplicate",
    "template": "mdi6.calendar-star",
    "open-session": "mdi6.open-in-app",
    "reset-timer": "mdi6.restart",
}


@cache
def icon(name: str) -> QIcon:
    import qtawesome

    return qtawesome.icon(ICONS[name], color="#37474f")
