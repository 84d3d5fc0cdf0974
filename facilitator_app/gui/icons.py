"""The one icon table: semantic name → qtawesome spec, made lazily after the QApplication exists.

qtawesome costs ~0.4 s to import, so nothing here runs at start-up: the window installs its
icons just after its first paint (`MainWindow._install_icons`), and a page built later gets
its icons when it is built (`install_page_icons`). Icons take the theme's icon colour
(`gui.theme`); installing again after a theme change repaints them in the new one.
"""

from __future__ import annotations

import sys
from functools import cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QPushButton, QToolButton, QWidget

from facilitator_app.gui import theme

__all__ = ["BUTTON_ICONS", "ICONS", "icon", "icons_ready", "install_page_icons"]

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
    "up": "mdi6.arrow-up",
    "down": "mdi6.arrow-down",
    "timer": "mdi6.timer-outline",
    "timer-plus": "mdi6.timer-plus-outline",
    "next": "mdi6.skip-next",
    "plan": "mdi6.account-switch-outline",
    "replan": "mdi6.refresh",
    "table": "mdi6.table-furniture",
    "category": "mdi6.shape-outline",
    "ranking": "mdi6.sort-descending",
    "presets": "mdi6.view-column-outline",
    "more": "mdi6.dots-horizontal",
    "back": "mdi6.arrow-left",
    "forward": "mdi6.arrow-right",
}

# Buttons found on a page by the attribute that holds them ("Class.attribute" first, then
# "attribute"): the pages need not know about icons, and a button added without an entry
# here fails tests/gui/test_theme_icons.py.
BUTTON_ICONS: dict[str, str] = {
    "add_button": "add",
    "add_table_button": "add",
    "add_round_button": "add",
    "add_category_button": "add",
    "add_column_button": "add",
    "CafeClock.add_button": "timer-plus",
    "remove_button": "delete",
    "remove_table_button": "delete",
    "remove_round_button": "delete",
    "remove_category_button": "delete",
    "delete_button": "delete",
    "up_button": "up",
    "move_up_button": "up",
    "down_button": "down",
    "move_down_button": "down",
    "default_categories_button": "restore",
    "paste_button": "paste",
    "save_button": "save-copy",
    "plan_button": "plan",
    "replan_button": "replan",
    "start_button": "timer",
    "next_button": "next",
    "projector_button": "projector",
    "by_table_button": "table",
    "by_category_button": "category",
    "ranking_button": "ranking",
    "presets_button": "presets",
    "preset_buttons": "presets",
    "menu_button": "more",
    "edit_button": "edit",
    "back_button": "back",
    "forward_button": "forward",
    "skip_button": "skip",
}
_THEMED = "recolteIcon"  # the property naming the icon this module gave a button


def icon(name: str) -> QIcon:
    """The icon `name` in the current theme's icon colour."""
    return _icon(name, theme.current().icon)


@cache
def _icon(name: str, colour: str) -> QIcon:
    import qtawesome

    return qtawesome.icon(ICONS[name], color=colour)


def icons_ready() -> bool:
    """qtawesome is loaded (the window has been painted): icons cost nothing more now."""
    return "qtawesome" in sys.modules


def install_page_icons(page: QWidget) -> None:
    """Every button of `page` gets its icon: the page's own `install_icons()` if it has one,
    then any button left without an icon, found by the attribute holding it (`BUTTON_ICONS`).
    The page's scroll bars are made flat too (`theme.dress`), in the same pass. Called again
    after a theme change, it repaints what it gave."""
    theme.dress(page)
    own = getattr(page, "install_icons", None)
    if callable(own):
        own()
    for owner in (page, *page.findChildren(QWidget)):
        attributes = getattr(owner, "__dict__", None)
        if not attributes:
            continue
        kind = type(owner).__name__
        for attribute, value in list(attributes.items()):
            name = BUTTON_ICONS.get(f"{kind}.{attribute}") or BUTTON_ICONS.get(attribute)
            if name is None:
                continue
            for button in value if isinstance(value, list) else (value,):
                if isinstance(button, QPushButton | QToolButton):
                    _give(button, name)


def _give(button: QPushButton | QToolButton, name: str) -> None:
    if not button.icon().isNull() and not button.property(_THEMED):
        return  # the page chose this one
    button.setIcon(icon(name))
    button.setProperty(_THEMED, name)
    if (
        isinstance(button, QToolButton)
        and button.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextOnly
    ):
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
