"""The one theme: Récolte's design tokens (colours, spacing, type, radii) and how they reach Qt.

Three variants share one set of roles: `LIGHT` (the default), `DARK` (when the desktop asks
for it, or the person chooses it in the preferences) and `PROJECTOR` (the second screen: light
text on near-black, read from the back of a room). Colours go to the application through a
`QPalette` (Fusion, the base style everywhere, paints from it: its focus rings, checked boxes
and progress bars take the accent), with a softer palette for lists and menus, whose
selections are a tint. There is no application style sheet: any, even of one rule, makes Qt
polish and paint every widget through QStyleSheetStyle, and opening café Set-up, Harvest or
Participants took 15 to 30 ms more (README, Design). What a palette cannot say is given to
the few widgets that need it (`dress`: flat scroll bars) and fonts follow `TYPE_SCALE`
(`font_for`).

Every foreground/background pair a variant defines reaches 4.5:1 (WCAG 2 AA for body text):
`contrast_ratio` computes it and tests/gui/test_theme.py checks every pair of `text_pairs`.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QScrollBar, QWidget

__all__ = [
    "DARK",
    "LIGHT",
    "PROJECTOR",
    "RADIUS",
    "SPACE",
    "THEME_CHOICES",
    "TYPE_SCALE",
    "Tokens",
    "apply_theme",
    "contrast_ratio",
    "current",
    "dress",
    "font_for",
    "install_theme",
    "resolve",
    "selection_palette",
    "scroll_bar_sheet",
    "text_pairs",
    "to_palette",
]

# -- scales (px; pt ratios for type) -------------------------------------------------------

SPACE = {"xxs": 2, "xs": 4, "s": 8, "m": 12, "l": 16, "xl": 24, "xxl": 32}
RADIUS = {"s": 4, "m": 6, "l": 10}
# ratio to the body font, CSS weight: a page title, a section heading, body text, a hint
# (plain numbers: touching a PySide enum at import builds all its class's enums, ~40 ms)
TYPE_SCALE = {
    "title": (1.45, 600),
    "heading": (1.15, 600),
    "body": (1.0, 400),
    "hint": (0.92, 400),
}
THEME_CHOICES = ("auto", "light", "dark")  # the preference; the projector is never chosen


@dataclass(frozen=True, slots=True)
class Tokens:
    """One variant's colours, by role (hex strings: they go into the style sheet as they are)."""

    name: str
    window: str  # the frame around the work: toolbars, sidebar, dialogs
    base: str  # where the work is: lists, tables, text boxes
    alternate: str  # every other row, headers
    text: str
    muted: str  # hints, placeholders, headers' text
    disabled: str
    border: str  # lines between areas, input outlines
    border_strong: str  # hovered outlines, scroll bar handles
    button: str
    button_hover: str
    accent: str  # focus rings, the default button, progress
    on_accent: str  # text on the accent
    selection: str  # selected rows: a tint, not a shout
    on_selection: str
    link: str
    tooltip: str
    on_tooltip: str
    danger: str  # an error sentence
    icon: str  # the icons' one colour

    def qcolor(self, role: str) -> QColor:
        return QColor(getattr(self, role))


# Light: soft warm-grey frame, white work surface, Récolte's green as the one accent (the
# icon's #2e7d32), selections tinted with it.
LIGHT = Tokens(
    name="light",
    window="#f4f4f1",
    base="#ffffff",
    alternate="#f7f7f4",
    text="#1d211e",
    muted="#5c6360",
    disabled="#676d69",
    border="#d6d8d2",
    border_strong="#aeb3ab",
    button="#fcfcfa",
    button_hover="#eef1ea",
    accent="#2e7d32",
    on_accent="#ffffff",
    selection="#d5e9d4",
    on_selection="#14301a",
    link="#1b6e20",
    tooltip="#2b302c",
    on_tooltip="#f4f4f1",
    danger="#b3261e",
    icon="#3d4a43",
)

# Dark: libadwaita's greys (#242424 frame, #1e1e1e views), a lighter green to stay readable.
DARK = Tokens(
    name="dark",
    window="#262826",
    base="#1d1f1d",
    alternate="#232523",
    text="#ecefea",
    muted="#a9b0aa",
    disabled="#a8afa9",
    border="#3b3f3b",
    border_strong="#5d635d",
    button="#323532",
    button_hover="#3b3f3b",
    accent="#81c784",
    on_accent="#102312",
    selection="#2f4f33",
    on_selection="#f2f8f1",
    link="#9ad69d",
    tooltip="#ecefea",
    on_tooltip="#1d1f1d",
    danger="#ffb4ab",
    icon="#d3d9d3",
)

# Projector: near-black and near-white, big contrast for a washed-out screen at the back of
# a room; the gold of the icon's wheat for what must be seen first (the round, the last
# minute).
PROJECTOR = Tokens(
    name="projector",
    window="#0e1210",
    base="#0e1210",
    alternate="#161b18",
    text="#f3f5f2",
    muted="#b6c0bb",
    disabled="#9aa5a0",
    border="#46504a",
    border_strong="#7d8a83",
    button="#1d2420",
    button_hover="#27302b",
    accent="#ffcf4d",
    on_accent="#1a1400",
    selection="#3a4b2e",
    on_selection="#ffffff",
    link="#ffcf4d",
    tooltip="#f3f5f2",
    on_tooltip="#0e1210",
    danger="#ff8a80",
    icon="#f3f5f2",
)

_VARIANTS = {t.name: t for t in (LIGHT, DARK, PROJECTOR)}
_current = LIGHT
_choice = "auto"  # the preference install_theme was last given


# -- contrast --------------------------------------------------------------------------------


def _luminance(colour: str) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""
    c = QColor(colour)

    def channel(value: int) -> float:
        s = value / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.red()) + 0.7152 * channel(c.green()) + 0.0722 * channel(c.blue())


def contrast_ratio(foreground: str, background: str) -> float:
    """(L1 + 0.05) / (L2 + 0.05), from 1 (none) to 21 (black on white)."""
    a, b = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def text_pairs(t: Tokens) -> list[tuple[str, str, str]]:
    """Every (what, foreground, background) a variant puts text on: each must reach 4.5:1."""
    pairs = []
    for surface in ("base", "window", "alternate", "button", "button_hover"):
        for fg in ("text", "muted", "disabled", "link", "danger"):
            pairs.append((f"{fg} on {surface}", getattr(t, fg), getattr(t, surface)))
    pairs += [
        ("selected text", t.on_selection, t.selection),
        ("text on the accent", t.on_accent, t.accent),
        ("tooltip", t.on_tooltip, t.tooltip),
        ("accent on base", t.accent, t.base),
        ("icon on window", t.icon, t.window),
        ("icon on base", t.icon, t.base),
    ]
    return pairs


# -- choosing and applying -------------------------------------------------------------------


def current() -> Tokens:
    """The variant the application was last given (icons take their colour from it)."""
    return _current


def resolve(choice: str) -> Tokens:
    """The variant for a preference: "light", "dark", or "auto" (dark when the desktop says
    so: Qt 6.5's colour scheme, read from GNOME, KDE, macOS and Windows)."""
    if choice in ("light", "dark", "projector"):
        return _VARIANTS[choice]
    hints = QGuiApplication.styleHints()
    return DARK if hints.colorScheme() == Qt.ColorScheme.Dark else LIGHT


def to_palette(t: Tokens) -> QPalette:
    """The variant as a QPalette: all groups, with the disabled group's text muted."""
    R = QPalette.ColorRole
    palette = QPalette()
    roles = {
        R.Window: t.window,
        R.WindowText: t.text,
        R.Base: t.base,
        R.AlternateBase: t.alternate,
        R.Text: t.text,
        R.Button: t.button,
        R.ButtonText: t.text,
        R.BrightText: t.on_accent,
        R.Highlight: t.accent,  # focus rings, checked boxes, progress (Fusion)
        R.HighlightedText: t.on_accent,
        R.Link: t.link,
        R.LinkVisited: t.link,
        R.ToolTipBase: t.tooltip,
        R.ToolTipText: t.on_tooltip,
        R.PlaceholderText: t.muted,
        R.Light: t.base,
        R.Midlight: t.alternate,
        R.Mid: t.border_strong,
        R.Dark: t.border_strong,
        R.Shadow: t.border,
        R.Accent: t.accent,
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    disabled = QPalette.ColorGroup.Disabled
    for role in (R.WindowText, R.Text, R.ButtonText):
        palette.setColor(disabled, role, QColor(t.disabled))
    palette.setColor(disabled, R.Button, QColor(t.window))
    return palette


def selection_palette(t: Tokens) -> QPalette:
    """For lists, tables and menus: the selection is a tint of the accent with dark text, so
    a selected row reads as chosen without shouting (libadwaita's lists, Obsidian's files)."""
    palette = to_palette(t)
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, QPalette.ColorRole.Highlight, QColor(t.selection))
        palette.setColor(group, QPalette.ColorRole.HighlightedText, QColor(t.on_selection))
    return palette


def scroll_bar_sheet(t: Tokens) -> str:
    """Flat scroll bars: Fusion's gradients cost 1.7 ms a repaint of the search results,
    these 0.15 ms (bench_scale.py, when they lived in gui/widgets/search.py)."""
    return f"""
QScrollBar:vertical {{ background: {t.base}; width: 12px; margin: 0; border: none; }}
QScrollBar:horizontal {{ background: {t.base}; height: 12px; margin: 0; border: none; }}
QScrollBar::handle {{ background: {t.border_strong}; border-radius: 4px; margin: 2px; }}
QScrollBar::handle:vertical {{ min-height: 24px; }}
QScrollBar::handle:horizontal {{ min-width: 24px; }}
QScrollBar::handle:hover {{ background: {t.muted}; }}
QScrollBar::handle:disabled {{ background: none; }}
QScrollBar::add-line, QScrollBar::sub-line {{ width: 0; height: 0; border: none; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: none; }}
"""


def dress(widget: QWidget) -> None:
    """The theme's touches a palette cannot give, on `widget` and what it holds: flat scroll
    bars. Each bar gets its own small style sheet, never the application: any application
    sheet makes Qt polish and paint every widget through QStyleSheetStyle, which cost 15 to
    30 ms more to open a page (café Set-up, Harvest, Participants; one rule as much as forty)
    and ~17 ms of start-up. Called again after a theme change, it repaints them."""
    sheet = _scroll_bar_sheets.get(_current.name)
    if sheet is None:
        sheet = _scroll_bar_sheets[_current.name] = scroll_bar_sheet(_current)
    for bar in widget.findChildren(QScrollBar):
        if bar.styleSheet() != sheet and (not bar.styleSheet() or bar.property(_DRESSED)):
            bar.setStyleSheet(sheet)
            bar.setProperty(_DRESSED, True)


_scroll_bar_sheets: dict[str, str] = {}
_DRESSED = "recolteDressed"


def font_for(role: str, base: QFont) -> QFont:
    """`base` at the type scale's size and weight for `role` ("title", "heading", "hint")."""
    ratio, weight = TYPE_SCALE[role]
    font = QFont(base)
    if base.pointSizeF() > 0:
        font.setPointSizeF(base.pointSizeF() * ratio)
    font.setBold(weight >= 600)  # (QFont.Weight would build every QtGui enum: ~40 ms, once)
    return font


def apply_theme(app: QGuiApplication, tokens: Tokens) -> None:
    """Fusion and the variant's palettes (selections softer in lists and menus)."""
    global _current
    _current = tokens
    if isinstance(app, QApplication):
        name = app.style().name().lower()
        if name and name != "fusion":
            app.setStyle("Fusion")  # the same look on every system, and it follows the palette
        app.setPalette(to_palette(tokens))
        soft = selection_palette(tokens)
        for kind in ("QAbstractItemView", "QMenu", "QMenuBar"):
            QApplication.setPalette(soft, kind)  # type: ignore[arg-type]  # str at run time
    else:
        app.setPalette(to_palette(tokens))


def install_theme(app: QGuiApplication, choice: str) -> Tokens:
    """Apply the preference ("auto", "light", "dark"); "auto" follows the desktop when it
    switches between light and dark while Récolte runs."""
    global _choice
    _choice = choice if choice in THEME_CHOICES else "auto"
    tokens = resolve(_choice)
    apply_theme(app, tokens)
    if not app.property("recolteFollowsDesktop"):  # connected once per application
        app.setProperty("recolteFollowsDesktop", True)
        app.styleHints().colorSchemeChanged.connect(lambda _scheme: _desktop_changed(app))
    return tokens


def _desktop_changed(app: QGuiApplication) -> None:
    if _choice == "auto" and resolve("auto") is not _current:
        apply_theme(app, resolve("auto"))
        for window in QApplication.topLevelWidgets():
            dress(window)
