"""The carnet de bord's page furniture: geometry for A4 or A5, page templates and footers, the
cover and back cover, ruled writing space and the marks that feed the contents.

`carnet.py` decides what the carnet says; this module decides where it goes on the paper.
Everything scales from the page size, so the A5 booklet is the same design as the A4 carnet
with smaller type and margins, not a second stylesheet.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    FrameBreak,
    HRFlowable,
    KeepInFrame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Table,
)

from facilitator_app.printing.styles import (
    ACCENT,
    BOLD,
    FONT,
    INK,
    MUTED,
    RULE,
    carnet_styles,
    table_style,
    text,
)

__all__ = [
    "Geometry",
    "Cover",
    "BackCover",
    "RuledSpace",
    "Mark",
    "PageNumber",
    "NotePadding",
    "define_page_numbers",
    "body_paragraphs",
    "section_head",
    "directory",
    "carnet_document",
]


@dataclass(frozen=True, slots=True)
class Geometry:
    """Sizes derived from the page: type scale, margins, columns, ruled line spacing."""

    size: tuple[float, float]

    @property
    def width(self) -> float:
        return self.size[0]

    @property
    def height(self) -> float:
        return self.size[1]

    @property
    def scale(self) -> float:
        """1 on A4; type shrinks more slowly than the page (0.89 on A5, 9 pt body text)."""
        return round(min(1.0, (self.width / A4[0]) ** 0.35), 3)

    @property
    def margin(self) -> float:
        return max(12 * mm, self.width * 0.085)

    @property
    def bottom(self) -> float:
        return self.margin + 5 * mm  # room for the footer

    @property
    def frame_width(self) -> float:
        return self.width - 2 * self.margin

    @property
    def frame_height(self) -> float:
        return self.height - self.margin - self.bottom

    @property
    def columns(self) -> int:
        return 2 if self.width >= 180 * mm else 1

    @property
    def head_height(self) -> float:
        """The full-width band above the columns holding a directory's title."""
        return 25 * mm * self.scale

    @property
    def gutter(self) -> float:
        return 8 * mm

    @property
    def line_gap(self) -> float:
        """Distance between ruled lines: comfortable handwriting on either size."""
        return 8 * mm * self.scale

    def styles(self) -> dict[str, Any]:
        return carnet_styles(self.scale)


class Cover(Flowable):
    """The whole first page: the document's name at the top, the event in the middle, the
    organisers at the foot. Text too long for the page shrinks rather than breaking."""

    def __init__(
        self, top: Sequence[Paragraph], middle: Sequence[Paragraph], foot: Sequence[Paragraph]
    ) -> None:
        super().__init__()
        self.top, self.middle, self.foot = list(top), list(middle), list(foot)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = available_width, available_height - 1
        return self.width, self.height

    def _heights(self, paragraphs: Sequence[Paragraph], width: float) -> list[float]:
        return [p.wrap(width, 1e9)[1] + p.getSpaceBefore() + p.getSpaceAfter() for p in paragraphs]

    def draw(self) -> None:
        canvas = self.canv
        gap = 10 * mm
        scale = 1.0
        for _ in range(12):  # too much text: shrink it, rewrapped to the page's full width
            width = self.width / scale
            top, middle, foot = (
                self._heights(p, width) for p in (self.top, self.middle, self.foot)
            )
            needed = sum(top) + sum(middle) + sum(foot) + 2 * gap
            if needed * scale <= self.height:
                break
            scale *= 0.98 * math.sqrt(self.height / (needed * scale))
        height = self.height / scale
        canvas.saveState()
        canvas.scale(scale, scale)
        # the event sits a third of the way down, unless it needs more room
        start = min(height * 0.64, height - sum(top) - gap)
        start = max(start, sum(middle) + sum(foot) + gap)
        self._column(self.top, top, height)
        self._column(self.middle, middle, start, rule=True)
        self._column(self.foot, foot, sum(foot))  # at the foot of the page
        canvas.restoreState()

    def _column(
        self, paragraphs: Sequence[Paragraph], heights: Sequence[float], y: float, rule=False
    ) -> float:
        if rule and paragraphs:
            self.canv.setStrokeColor(ACCENT)
            self.canv.setLineWidth(3)
            self.canv.line(0, y + 6 * mm, 16 * mm, y + 6 * mm)
        for paragraph, height in zip(paragraphs, heights, strict=True):
            y -= height
            paragraph.drawOn(self.canv, 0, y + paragraph.getSpaceAfter())
        return y


class BackCover(Flowable):
    """The outside back page of the booklet: a few centred lines at the foot."""

    def __init__(self, lines: Sequence[tuple[str, ParagraphStyle]]) -> None:
        super().__init__()
        self.lines = [
            Paragraph(text(value), ParagraphStyle(f"{style.name}_centred", parent=style,
                                                  alignment=TA_CENTER))
            for value, style in lines
        ]  # fmt: skip

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = available_width, available_height - 1
        return self.width, self.height

    def draw(self) -> None:
        heights = [p.wrap(self.width, self.height)[1] + 1.5 * mm for p in self.lines]
        scale = min(1.0, self.height / sum(heights)) if heights else 1.0
        self.canv.saveState()
        self.canv.scale(scale, scale)
        y = sum(heights)
        for paragraph, height in zip(self.lines, heights, strict=True):
            y -= height
            paragraph.drawOn(self.canv, 0, y)
        self.canv.restoreState()


class RuledSpace(Flowable):
    """Lines to write on, filling the rest of the frame; at least `minimum` lines, else the
    space starts on the next page."""

    def __init__(self, gap: float, minimum: int = 6) -> None:
        super().__init__()
        self.gap, self.minimum = gap, minimum

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        lines = max(self.minimum, math.floor((available_height - 1) / self.gap))
        self.width, self.height = available_width, lines * self.gap
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        for line in range(round(self.height / self.gap)):
            canvas.line(0, line * self.gap, self.width, line * self.gap)
        canvas.restoreState()


class Mark(Flowable):
    """Invisible: records on which page a section starts (for the contents) and adds it to
    the PDF's outline."""

    _ZEROSIZE = True  # drawn even inside a container, which skips empty flowables

    def __init__(self, key: str, title: str, found: MutableMapping[str, int]) -> None:
        super().__init__()
        self.key, self.title, self.found = key, title, found
        self.width = self.height = 0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.found[self.key] = self.canv.getPageNumber()
        self.canv.bookmarkPage(self.key)
        self.canv.addOutlineEntry(self.title, self.key, level=0)


class PageNumber(Flowable):
    """In the contents, the page a section starts on: one line of `style`, its number a PDF
    form defined when the document ends (`define_page_numbers`), so that the carnet is laid
    out once. Drawn where a right-aligned `Paragraph` of the number would be."""

    def __init__(self, key: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.key, self.style = key, style

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = available_width, self.style.leading
        return self.width, self.height

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.translate(self.width - self.style.rightIndent, self.height - self.style.fontSize)
        self.canv.doForm(f"page_{self.key}")
        self.canv.restoreState()


def define_page_numbers(
    canvas: Any, keys: Sequence[str], found: Mapping[str, int], style: ParagraphStyle
) -> None:
    """Define the form of every `PageNumber`: the page its section was found on."""
    for key in keys:
        canvas.beginForm(f"page_{key}", lowerx=-40 * mm, lowery=-5, upperx=1,
                         uppery=style.fontSize + 2)  # fmt: skip
        canvas.setFont(style.fontName, style.fontSize)
        canvas.setFillColor(style.textColor)
        canvas.drawRightString(0, 0, str(found.get(key, "")))
        canvas.endForm()


class NotePadding(Flowable):
    """Invisible: where it is laid out, adds as many note pages (`note_page()` makes one) as
    a booklet needs to reach a multiple of 4 pages, `after` being the number of pages that
    follow it (known beforehand: they start on a page of their own)."""

    _ZEROSIZE = True

    def __init__(self, after: int, note_page: Callable[[], list[Flowable]]) -> None:
        super().__init__()
        self.after, self.note_page = after, note_page
        self.width = self.height = 0
        self.page = self.added = 0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if not self.page:  # once: a flowable may be measured more than once
            document = self.canv._doctemplate
            self.page = document.page
            self.added = (-(self.page + self.after)) % 4
            pages = [f for _ in range(self.added) for f in self.note_page()]
            if pages:
                document.frame.add_generated_content(*pages)
        return 0, 0

    def draw(self) -> None:
        pass


# ---- flowing text ----------------------------------------------------------------------


def _quote(paragraph: Paragraph) -> Table:
    """A quotation set off by an accent bar in the margin."""
    table = Table([[paragraph]], colWidths=["100%"], splitInRow=1, hAlign="LEFT")
    table.setStyle(table_style(
        ("LINEBEFORE", (0, 0), (0, -1), 2, ACCENT),
        ("LEFTPADDING", (0, 0), (-1, -1), 4 * mm), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0.5 * mm), ("BOTTOMPADDING", (0, 0), (-1, -1), 1 * mm),
    ))  # fmt: skip
    table.spaceBefore, table.spaceAfter = 1 * mm, 3.5 * mm
    return table


def body_paragraphs(body: str, css: Mapping[str, Any], *, lead: bool = False) -> list[Flowable]:
    """A fiche's or prompt's text: blank lines separate paragraphs, « - » lines are bullets,
    a short « Terme : définition » paragraph gets its term in bold, a paragraph opening
    with a quotation mark is set as a quotation."""
    story: list[Flowable] = []
    blocks = [b.strip() for b in re.split(r"\n\s*\n", body.replace("\r\n", "\n")) if b.strip()]
    for i, block in enumerate(blocks):
        lines = block.split("\n")
        if all(re.match(r"[-•–]\s", line.strip()) for line in lines):
            for line in lines:
                item = text(line.strip()[1:].strip())
                story.append(Paragraph(item, css["bullet"], bulletText="•"))
            continue
        if block[0] in '«“"':
            story.append(_quote(Paragraph(text(block), css["fiche_quote"])))
            continue
        term = re.match(r"([^.:!?\n]{1,40}?)[ \u00a0\u202f]?:[ \u00a0\u202f]", block)
        if term and len(lines) == 1:
            markup = f"<b>{text(term.group(1))}</b>{text(block[term.end(1) :])}"
        else:
            markup = text(block)
        style = "lead" if lead and i == 0 else "para"
        story.append(Paragraph(markup, css[style]))
    return story


def section_head(
    title: str, key: str, found: MutableMapping[str, int], css: Mapping[str, Any]
) -> list[Flowable]:
    """A section's title with its accent rule, marked for the contents."""
    return [
        Mark(key, title, found),
        Paragraph(text(title), css["section"]),
        HRFlowable(width=16 * mm, thickness=2.5, color=ACCENT, hAlign="LEFT", spaceBefore=2 * mm,
                   spaceAfter=6 * mm),
    ]  # fmt: skip


def directory(head: list[Flowable], entries: list[Flowable], geometry: Geometry) -> list[Flowable]:
    """A section in columns under a full-width heading band (shrunk if it is too long)."""
    band = KeepInFrame(geometry.frame_width, geometry.head_height, head, mode="shrink")
    return [NextPageTemplate("columns_head"), PageBreak(), band, FrameBreak(),
            NextPageTemplate("columns"), *entries]  # fmt: skip


# ---- page templates ----------------------------------------------------------------------


def _motif(canvas: Any, geometry: Geometry) -> None:
    """Five overlapping circles in a ring, top right: people around a table, or gears."""
    radius = geometry.width * 0.095
    ring = radius * 0.95
    reach = ring + radius  # from the ring's centre to the motif's edge
    cx, cy = geometry.width - geometry.margin - reach, geometry.height - geometry.margin - reach
    canvas.saveState()
    canvas.setLineWidth(0.9)
    for i in range(5):
        angle = math.pi / 2 + i * 2 * math.pi / 5
        canvas.setStrokeColor(ACCENT if i == 0 else RULE)
        canvas.circle(cx + ring * math.cos(angle), cy + ring * math.sin(angle), radius)
    canvas.restoreState()


def carnet_document(
    target: Any,
    geometry: Geometry,
    *,
    name: str,
    title: str,
    on_page: Callable[[int], None] | None = None,
) -> BaseDocTemplate:
    """A document with the carnet's page templates: `cover`, `page` (one column), `columns`
    (two on A4, one on A5), `columns_head` (the same below a full-width band) and `back`.
    Footers carry the page number on the outer corner (odd pages are right-hand pages) and
    `name` on the inner one; `on_page(number)` is called as each page is finished."""
    m = geometry.margin

    def footer(canvas: Any, document: Any) -> None:
        number = canvas.getPageNumber()
        if on_page:
            on_page(number)
        canvas.saveState()
        y = geometry.bottom / 2 - 1 * mm
        right_hand = number % 2 == 1
        canvas.setFont(BOLD, 8.5 * geometry.scale)
        canvas.setFillColor(INK)
        if right_hand:
            canvas.drawRightString(geometry.width - m, y, str(number))
        else:
            canvas.drawString(m, y, str(number))
        canvas.setFont(FONT, 7.5 * geometry.scale)
        canvas.setFillColor(MUTED)
        if right_hand:
            canvas.drawString(m, y, name)
        else:
            canvas.drawRightString(geometry.width - m, y, name)
        canvas.restoreState()

    def decorated(canvas: Any, document: Any) -> None:
        if on_page:
            on_page(canvas.getPageNumber())
        _motif(canvas, geometry)

    def plain(canvas: Any, document: Any) -> None:
        if on_page:
            on_page(canvas.getPageNumber())

    def frame(
        x: float, width: float, name: str, *, full: bool = False, top: float = 0, height=None
    ) -> Frame:
        bottom = m if full else geometry.bottom
        if height is None:
            height = geometry.height - m - bottom - top
        else:
            bottom = geometry.height - m - height
        return Frame(
            x, bottom, width, height, id=name, leftPadding=0, rightPadding=0, topPadding=0,
            bottomPadding=0,
        )  # fmt: skip

    def columns(top: float = 0) -> list[Frame]:
        if geometry.columns == 1:
            return [frame(m, geometry.frame_width, "column", top=top)]
        column = (geometry.frame_width - geometry.gutter) / 2
        return [
            frame(m, column, "left", top=top),
            frame(m + column + geometry.gutter, column, "right", top=top),
        ]

    head = frame(m, geometry.frame_width, "head", height=geometry.head_height)
    document = BaseDocTemplate(
        target,
        pagesize=geometry.size,
        leftMargin=m,
        rightMargin=m,
        topMargin=m,
        bottomMargin=geometry.bottom,
        title=title,
        author="Récolte",
        creator="Récolte",
        initialFontName=FONT,  # no Helvetica reference: every font in the file is embedded
        invariant=1,
    )
    width = geometry.frame_width
    document.addPageTemplates(
        [
            PageTemplate("cover", [frame(m, width, "cover", full=True)], onPage=decorated),
            PageTemplate("page", [frame(m, width, "page")], onPage=footer),
            PageTemplate("columns", columns(), onPage=footer),
            PageTemplate("columns_head", [head, *columns(geometry.head_height)], onPage=footer),
            PageTemplate("back", [frame(m, width, "back", full=True)], onPage=plain),
        ]
    )
    return document
