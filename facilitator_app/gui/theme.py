"""The one theme: Récolte's design tokens (colours, spacing, type, radii) and how they reach Qt.

Three variants share one set of roles: `LIGHT` (the default), `DARK` (when the desktop asks
for it, or the person chooses it in the preferences) and `PROJECTOR` (the second screen: light
text on near-black, read from the back of a room). Colours go to the application through a
`QPalette` (Fusion, the base style everywhere, paints from it); what a palette cannot say —
rounded inputs and buttons, focus rings, flat scroll bars, tabs, table headers — goes in one
short style sheet whose selectors name widget classes, never `*` and never `::item` (an item
rule makes every view paint each row through the style sheet: bench_scale.py would feel it).

Every foreground/background pair a variant defines reaches 4.5:1 (WCAG 2 AA for body text):
`contrast_ratio` computes it and tests/gui/test_theme.py checks every pair of `text_pairs`.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

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
    "finish_theme",
    "install_theme",
    "resolve",
    "selection_palette",
    "style_sheet",
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
_sheet_pending = False  # install_theme(sheet_later=True) until finish_theme


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


def style_sheet(t: Tokens, point_size: float) -> str:
    """What the palette cannot say. Selectors name classes and object names only."""
    r, s = RADIUS, SPACE
    title = point_size * TYPE_SCALE["title"][0]
    heading = point_size * TYPE_SCALE["heading"][0]
    hint = point_size * TYPE_SCALE["hint"][0]
    return f"""
QPushButton {{ background: {t.button}; color: {t.text}; border: 1px solid {t.border};
    border-radius: {r["m"]}px; padding: {s["xs"]}px {s["m"]}px; min-height: 18px; }}
QPushButton:hover {{ background: {t.button_hover}; border-color: {t.border_strong}; }}
QPushButton:pressed, QPushButton:checked {{ background: {t.selection}; color: {t.on_selection}; }}
QPushButton:focus {{ border: 2px solid {t.accent}; padding: {s["xs"] - 1}px {s["m"] - 1}px; }}
QPushButton:default {{ background: {t.accent}; color: {t.on_accent}; border-color: {t.accent}; }}
QPushButton:disabled {{ background: {t.window}; color: {t.disabled}; border-color: {t.border}; }}
QLineEdit, QPlainTextEdit, QTextEdit {{
    background: {t.base}; color: {t.text}; border: 1px solid {t.border};
    border-radius: {r["m"]}px; padding: 3px {s["xs"] + 2}px;
    selection-background-color: {t.selection}; selection-color: {t.on_selection}; }}
QLineEdit:hover, QPlainTextEdit:hover, QTextEdit:hover {{ border-color: {t.border_strong}; }}
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus {{
    border: 2px solid {t.accent}; padding: 2px {s["xs"] + 1}px; }}
QLineEdit:disabled {{ color: {t.disabled}; background: {t.window}; }}
QAbstractItemView QLineEdit {{
    border-radius: 0; padding: 0 2px; border: 1px solid {t.accent}; }}
QTabWidget::pane {{ border: 1px solid {t.border}; border-radius: {r["m"]}px;
    background: {t.base}; top: -1px; }}
QTabBar::tab {{ background: transparent; color: {t.muted}; border: 1px solid transparent;
    border-bottom: none; border-top-left-radius: {r["m"]}px;
    border-top-right-radius: {r["m"]}px; padding: {s["xs"] + 2}px {s["l"]}px;
    margin-right: 2px; }}
QTabBar::tab:hover {{ color: {t.text}; background: {t.button_hover}; }}
QTabBar::tab:selected {{ background: {t.base}; color: {t.text}; border-color: {t.border};
    border-bottom: 2px solid {t.accent}; }}
QTabBar::tab:focus {{ color: {t.text}; }}
QHeaderView::section {{ background: {t.alternate}; color: {t.muted}; border: none;
    border-bottom: 1px solid {t.border}; border-right: 1px solid {t.border};
    padding: {s["xs"]}px {s["s"]}px; font-weight: 600; }}
QGroupBox {{ border: 1px solid {t.border}; border-radius: {r["l"]}px;
    margin-top: {s["l"] + 2}px; padding: {s["m"]}px {s["s"]}px {s["s"]}px {s["s"]}px; }}
QGroupBox::title {{ subcontrol-origin: margin; left: {s["m"]}px; padding: 0 {s["xs"]}px;
    color: {t.text}; font-weight: 600; }}
QToolTip {{ background: {t.tooltip}; color: {t.on_tooltip}; border: none;
    padding: {s["xs"]}px {s["s"]}px; }}
QProgressBar {{ border: 1px solid {t.border}; border-radius: {r["s"]}px; background: {t.base};
    text-align: center; color: {t.text}; }}
QProgressBar::chunk {{ background: {t.accent}; border-radius: {r["s"] - 1}px; }}
QSplitter::handle {{ background: {t.window}; }}
QListWidget#pages, QTreeView#programme {{ border: none; background: {t.window}; }}
QTableView {{ gridline-color: {t.border}; }}
QLabel#sessionTitle, QLabel#pageHeading {{ font-size: {title:.1f}pt; font-weight: 600; }}
QLabel#sidebarHeading, QLabel#columnTitle {{ font-size: {heading:.1f}pt; font-weight: 600;
    color: {t.text}; padding: {s["s"]}px {s["xs"]}px {s["xxs"]}px {s["xs"]}px; }}
QLabel#sessionDetails, QLabel[hint="true"] {{ color: {t.muted}; font-size: {hint:.1f}pt; }}
{_scroll_bars(t)}"""


def _scroll_bars(t: Tokens) -> str:
    """Flat scroll bars, shared by every view: Fusion's gradients cost 1.7 ms a repaint of the
    search results, these 0.15 ms (bench_scale.py, when they lived in gui/widgets/search.py)."""
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


def finish_theme(app: QGuiApplication) -> None:
    """The style sheet `install_theme(sheet_later=True)` left for after the first paint."""
    global _sheet_pending
    if _sheet_pending and isinstance(app, QApplication):
        _sheet_pending = False
        app.setStyleSheet(style_sheet(_current, app.font().pointSizeF()))


def apply_theme(app: QGuiApplication, tokens: Tokens, *, sheet: bool = True) -> None:
    """Fusion, the variant's palette and (unless `sheet` is False) the style sheet, on the
    whole application."""
    global _current
    _current = tokens
    if isinstance(app, QApplication):
        name = app.style().name().lower()  # "" once a style sheet wraps the style
        if name and name != "fusion":
            app.setStyle("Fusion")  # the same look on every system, and it follows the palette
        app.setPalette(to_palette(tokens))
        soft = selection_palette(tokens)
        for kind in ("QAbstractItemView", "QMenu", "QMenuBar"):
            QApplication.setPalette(soft, kind)  # type: ignore[arg-type]  # str at run time
        if sheet or app.styleSheet():
            app.setStyleSheet(style_sheet(tokens, app.font().pointSizeF()))
    else:
        app.setPalette(to_palette(tokens))


def install_theme(app: QGuiApplication, choice: str, *, sheet_later: bool = False) -> Tokens:
    """Apply the preference ("auto", "light", "dark"); "auto" follows the desktop when it
    switches between light and dark while Récolte runs.

    With `sheet_later`, only the palette now (free) and the style sheet at `finish_theme()`,
    once the first window is painted: any application style sheet makes Qt polish every
    widget through QStyleSheetStyle, ~17 ms more to build and paint the main window
    (measured with a one-rule sheet as with this one), which the first paint need not wait
    for. The colours are right from the first paint; the shapes follow a moment later, with
    the icons."""
    global _choice, _sheet_pending
    _choice = choice if choice in THEME_CHOICES else "auto"
    tokens = resolve(_choice)
    _sheet_pending = sheet_later
    apply_theme(app, tokens, sheet=not sheet_later)
    if not app.property("recolteFollowsDesktop"):  # connected once per application
        app.setProperty("recolteFollowsDesktop", True)
        app.styleHints().colorSchemeChanged.connect(lambda _scheme: _desktop_changed(app))
    return tokens


def _desktop_changed(app: QGuiApplication) -> None:
    if _choice == "auto" and resolve("auto") is not _current:
        apply_theme(app, resolve("auto"), sheet=not _sheet_pending)
