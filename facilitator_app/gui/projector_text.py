"""Text fitted to a rectangle, for the projector (`gui.projector`, `gui.session_projector`).

Markup gives its sizes as `@factor@` (`sized` turns them into pixels for a base size), and
`fit` finds the largest base size whose wrapped text fits the rectangle, so a block reads as
large as the window allows and is never clipped. The font is DejaVu Sans, shipped with
Récolte (full French coverage), or the system's sans.
"""

from __future__ import annotations

import html
import re
from functools import cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QFontDatabase, QPainter, QTextDocument, QTextOption

from facilitator_app.paths import resource

__all__ = ["Block", "SMALLEST", "document", "esc", "fit", "font", "sized", "unbroken"]

SMALLEST = 6.0  # px: text is fitted down to this size rather than cut off


@cache
def _family() -> str:
    """DejaVu Sans, shipped with Récolte (full French coverage), or the system's sans."""
    family = ""
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        try:
            font_id = QFontDatabase.addApplicationFont(str(resource("fonts", name)))
        except FileNotFoundError:
            font_id = -1
        if font_id >= 0 and not family:
            family = (QFontDatabase.applicationFontFamilies(font_id) or [""])[0]
    return family or QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont).family()


def font(pixels: float, *, bold: bool = True) -> QFont:
    made = QFont(_family())
    made.setPixelSize(max(1, round(pixels)))
    made.setBold(bold)
    return made


class Block:
    """Rich text fitted to a rectangle: the largest base size that fits, wrapped."""

    def __init__(self, document: QTextDocument, rect: QRectF) -> None:
        self.document = document
        self.rect = rect

    def draw(self, painter: QPainter) -> None:
        height = self.document.size().height()
        painter.save()
        painter.translate(self.rect.left(), self.rect.top() + (self.rect.height() - height) / 2)
        self.document.drawContents(painter, QRectF(0, 0, self.rect.width(), self.rect.height()))
        painter.restore()


def document(markup: str, width: float, *, align: Qt.AlignmentFlag) -> QTextDocument:
    made = QTextDocument()
    made.setDocumentMargin(0)
    made.setDefaultFont(font(10, bold=False))
    option = QTextOption(align)
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    made.setDefaultTextOption(option)
    made.setTextWidth(width)
    made.setHtml(markup)
    return made


def fit(
    markup: str, rect: QRectF, *, largest: float, smallest: float, align: Qt.AlignmentFlag
) -> tuple[QTextDocument, float]:
    """The document at the largest base size in [smallest, largest] whose text fits `rect`
    (`markup` gives its sizes as `@factor@`, see `sized`)."""

    def build(base: float) -> QTextDocument:
        return document(sized(markup, base), rect.width(), align=align)

    low, high = smallest, largest
    best = build(high)
    if _fits(best, rect):
        return best, high
    best = build(low)
    for _ in range(9):
        middle = (low + high) / 2
        candidate = build(middle)
        if _fits(candidate, rect):
            low, best = middle, candidate
        else:
            high = middle
    return best, low


def _fits(made: QTextDocument, rect: QRectF) -> bool:
    return made.size().height() <= rect.height() and made.idealWidth() <= rect.width() + 1


_SIZE = re.compile(r"@([0-9.]+)@")


def sized(markup: str, base: float) -> str:
    """Replace each `@factor@` with the pixel size factor × base."""
    return _SIZE.sub(lambda m: f"{float(m.group(1)) * base:.1f}px", markup)


def unbroken(name: str) -> str:
    """A name that never breaks across lines (« Anne-Laure Federici » stays whole)."""
    return name.replace(" ", "\u00a0").replace("-", "\u2011")


def esc(text: str) -> str:
    return html.escape(text, quote=False)
