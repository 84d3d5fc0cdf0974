"""Flowables the printed documents share, beyond reportlab's own.

* `Framed`: flowables set off by a bar on the left and, optionally, a light tint behind them
  (a session's question, a table's synthesis, a pull-quote). Unlike a one-cell `Table` it
  splits across pages, so a 4,000-character synthesis never breaks the layout.
* `Directory`: rows of plain text under a header repeated on every page (the annex's
  hundreds of names): lines broken by `wrap_lines`, written in one text object per page,
  faster than a `Table` of as many cells.
* `Together`: reportlab's `KeepTogether` (a heading kept with what follows) without copying
  the frame each time it is measured.
* `Contents`, with its `Anchor` and `ContentsLine` flowables: a table of contents laid out
  in a single pass. Its entries are known before the document is laid out (the sessions, the
  annex), so their lines take their final height at once; only the page numbers are
  unknown, and each is a PDF form drawn where it belongs and defined when the document ends
  (`define_forms`). Re-laying the whole document, as reportlab's `TableOfContents` does with
  `multiBuild`, would double the time a document takes. The anchors also set the PDF
  bookmarks and outline, and tell `on_mark` (progress) when a section is placed.
* `FinishingCanvas`: a canvas that calls back just before the file is saved, when every page
  number is known, so that such forms can be defined (the synthesis, the carnet).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether

from facilitator_app.printing.plain_text import Pen, PlainText, wrap_lines
from facilitator_app.printing.styles import ACCENT, BOLD, INK, MUTED, RULE

__all__ = [
    "Framed",
    "Together",
    "Directory",
    "Contents",
    "Anchor",
    "ContentsLine",
    "FinishingCanvas",
]


class Framed(Flowable):
    """`content` inset, with a bar on its left and an optional `tint` behind it; splits."""

    def __init__(
        self,
        content: Sequence[Flowable],
        *,
        bar: colors.Color | None = ACCENT,
        tint: colors.Color | None = None,
        bar_width: float = 2.2,
        padding: tuple[float, float, float, float] = (2.2 * mm, 3 * mm, 2.4 * mm, 4.5 * mm),
        space_before: float = 0.0,
        space_after: float = 3 * mm,
        keep_under: float = 0.0,
    ) -> None:
        super().__init__()
        self.content = list(content)
        self.keep_under = keep_under  # not cut across pages when shorter than this
        self.bar, self.tint, self.bar_width, self.padding = bar, tint, bar_width, padding
        self.spaceBefore, self.spaceAfter = space_before, space_after
        self._placed: list[tuple[Flowable, float]] = []  # (flowable, y of its bottom)

    def _copy(self, content: Sequence[Flowable], *, first: bool, last: bool) -> Framed:
        return Framed(
            content,
            bar=self.bar,
            tint=self.tint,
            bar_width=self.bar_width,
            padding=self.padding,
            space_before=self.spaceBefore if first else 0.0,
            space_after=self.spaceAfter if last else 0.0,
            keep_under=self.keep_under,
        )

    def _inner_width(self, available_width: float) -> float:
        return available_width - self.padding[1] - self.padding[3]

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        inner = self._inner_width(available_width)
        heights: list[float] = []
        used = 0.0
        for index, flowable in enumerate(self.content):
            if index:
                used += max(self.content[index - 1].getSpaceAfter(), flowable.getSpaceBefore())
            heights.append(flowable.wrap(inner, max(available_height, 1.0))[1])
            used += heights[-1]
        self.width = available_width
        self.height = used + self.padding[0] + self.padding[2]
        y = self.height - self.padding[0]
        self._placed = []
        for index, (flowable, height) in enumerate(zip(self.content, heights, strict=True)):
            if index:
                y -= max(self.content[index - 1].getSpaceAfter(), flowable.getSpaceBefore())
            y -= height
            self._placed.append((flowable, y))
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        if self.wrap(available_width, available_height)[1] <= self.keep_under:
            return []  # short enough to go whole to the next page
        inner = self._inner_width(available_width)
        room = available_height - self.padding[0] - self.padding[2]
        kept: list[Flowable] = []
        rest: list[Flowable] = []
        used = 0.0
        for index, flowable in enumerate(self.content):
            space = max(kept[-1].getSpaceAfter(), flowable.getSpaceBefore()) if kept else 0.0
            height = flowable.wrap(inner, max(room - used - space, 1.0))[1]
            if used + space + height <= room:
                kept.append(flowable)
                used += space + height
                continue
            parts = flowable.split(inner, room - used - space) if room - used - space > 0 else []
            if parts:
                kept.append(parts[0])
                rest = [*parts[1:], *self.content[index + 1 :]]
            else:
                rest = self.content[index:]
            break
        if not kept:
            return []
        if not rest:
            return [self]
        return [self._copy(kept, first=True, last=False), self._copy(rest, first=False, last=True)]

    def drawOn(self, canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: ANN001, N803
        """Painted where it stands, its plain texts in one text object."""
        x = self._hAlignAdjust(x, _sW)
        canvas.saveState()
        if self.tint is not None:
            canvas.setFillColor(self.tint)
            canvas.rect(x, y, self.width, self.height, stroke=0, fill=1)
        if self.bar is not None:
            canvas.setFillColor(self.bar)
            canvas.rect(x, y, self.bar_width, self.height, stroke=0, fill=1)
        writing, pen = canvas.beginText(), Pen()
        for flowable, bottom in self._placed:
            if isinstance(flowable, PlainText):
                flowable.write_into(writing, x + self.padding[3], y + bottom, pen)
            else:
                flowable.drawOn(canvas, x + self.padding[3], y + bottom)
        canvas.drawText(writing)
        canvas.restoreState()

    def draw(self) -> None:
        self.drawOn(self.canv, 0.0, 0.0)


class Together(KeepTogether):
    """reportlab's `KeepTogether` (what a heading kept with the next flowable becomes),
    measured without copying the whole frame each time as reportlab does in case the content
    generates flowables of its own, which these never do. Set as the document's
    `keepTogetherClass`."""

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        width = height = after = 0.0
        first: float | None = None
        for flowable in self._content:
            if hasattr(flowable, "frameAction"):
                continue
            w, h = flowable.wrapOn(self.canv, available_width, 0xFFFFFFF)
            if first is None:
                first = h
            if h <= 1e-8:
                continue
            width = max(width, min(w, available_width))
            if height:
                height += max(flowable.getSpaceBefore() - after, 0)
            height += h
            after = flowable.getSpaceAfter()
            height += after
        self._H, self._H0 = height - after, first or 0.0
        self._wrapInfo = available_width, available_height
        return width, 0xFFFFFF  # as KeepTogether: always asked to split


class Directory(Flowable):
    """A table of plain text: `head` (printed in capitals on every page), then `rows`, in
    columns `widths` wide; a row too tall for a whole page is cut between its lines."""

    PAD = 1.5 * mm

    def __init__(
        self,
        head: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        *,
        style: ParagraphStyle,
        head_style: ParagraphStyle,
        _lines: list[list[list[str]]] | None = None,
    ) -> None:
        super().__init__()
        self.head, self.rows, self.widths = list(head), list(rows), list(widths)
        self.style, self.head_style = style, head_style
        self._lines = _lines  # per row, per column: its lines
        self._heights: list[float] | None = None  # per row, measured once

    def _cut(self, values: Sequence[str], style: ParagraphStyle) -> list[list[str]]:
        room = [w - 2 * self.PAD for w in self.widths]
        return [
            wrap_lines(str(v), style.fontName, style.fontSize, r)[0]
            for v, r in zip(values, room, strict=True)
        ]

    def _height(self, cells: list[list[str]], style: ParagraphStyle) -> float:
        return max((len(c) for c in cells), default=0) * style.leading + 2.9 * mm

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if self._lines is None:
            self._lines = [self._cut(row, self.style) for row in self.rows]
            self._head = self._cut([h.upper() for h in self.head], self.head_style)
        if self._heights is None:  # once: a long directory is measured on every page
            self._heights = [self._height(cells, self.style) for cells in self._lines]
        self.width = sum(self.widths)
        self.height = self._height(self._head, self.head_style) + sum(self._heights or ())
        return self.width, self.height

    def _part(self, lines: list[list[list[str]]], heights: list[float] | None = None) -> Directory:
        part = Directory(
            self.head, [], self.widths, style=self.style, head_style=self.head_style, _lines=lines
        )
        part._head, part._heights = self._head, heights
        return part

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        self.wrap(available_width, available_height)
        heights = self._heights
        assert self._lines is not None and heights is not None  # both set by wrap
        used = self._height(self._head, self.head_style)
        index = 0
        while index < len(heights) and used + heights[index] <= available_height:
            used += heights[index]
            index += 1
        if index == len(heights):
            return [self]
        if index > 0:
            return [
                self._part(self._lines[:index], heights[:index]),
                self._part(self._lines[index:], heights[index:]),
            ]
        fit = int((available_height - used - 2.9 * mm) // self.style.leading)
        if fit < 1:
            return []
        row = self._lines[0]  # taller than what is left of the page: cut between its lines
        head, tail = [c[:fit] for c in row], [c[fit:] for c in row]
        return [self._part([head]), self._part([tail, *self._lines[1:]])]

    def draw(self) -> None:
        canvas = self.canv
        style, head_style = self.style, self.head_style
        rows = [(self._head, head_style), *((cells, style) for cells in self._lines or [])]
        writing = canvas.beginText()
        top = self.height
        rules = []
        for index, (cells, cell_style) in enumerate(rows):
            height = self._height(cells, cell_style)
            writing.setFont(cell_style.fontName, cell_style.fontSize, cell_style.leading)
            writing.setFillColor(cell_style.textColor)
            x = 0.0
            for lines, width in zip(cells, self.widths, strict=True):
                if lines:
                    writing.setTextOrigin(x + self.PAD, top - 1.3 * mm - cell_style.fontSize)
                    for line in lines:
                        writing.textLine(line)
                x += width
            top -= height
            rules.append((top, index == 0))
        canvas.drawText(writing)
        for y, under_head in rules:
            canvas.setStrokeColor(INK if under_head else RULE)
            canvas.setLineWidth(0.8 if under_head else 0.3)
            canvas.line(0, y, self.width, y)


@dataclass
class Contents:
    """The entries of a table of contents and, as the document is laid out, their pages."""

    entries: list[tuple[str, str, int]] = field(default_factory=list)  # key, title, level
    pages: dict[str, int] = field(default_factory=dict)
    on_mark: Callable[[str], None] | None = None

    def add(self, title: str, level: int) -> str:
        """A new entry; returns its key (for its `Anchor`)."""
        key = f"s{len(self.entries)}"
        self.entries.append((key, title, level))
        return key

    def anchor(self, key: str) -> Anchor:
        title, level = next((t, lv) for k, t, lv in self.entries if k == key)
        return Anchor(self, key, title, level)

    def lines(self, styles: Sequence[ParagraphStyle]) -> list[ContentsLine]:
        return [ContentsLine(self, key, title, level, styles) for key, title, level in self.entries]

    def define_forms(self, canvas: Canvas, *, font: str = BOLD, size: float = 9.5) -> None:
        """Draw every entry's page number, now known, into the form its line shows."""
        for key, _title, _level in self.entries:
            canvas.beginForm(f"toc{key}", lowerx=-40 * mm, lowery=-5, upperx=1, uppery=size + 2)
            canvas.setFont(font, size)
            canvas.setFillColor(INK)
            page = self.pages.get(key)
            canvas.drawRightString(0, 0, str(page) if page is not None else "")
            canvas.endForm()


class Anchor(Flowable):
    """Where a contents entry points: records its page, the PDF bookmark and outline entry.
    Zero-sized and kept with what follows (the heading it announces)."""

    def __init__(self, contents: Contents, key: str, title: str, level: int) -> None:
        super().__init__()
        self.contents, self.key, self.title, self.level = contents, key, title, level
        self.keepWithNext = 1
        self.width = self.height = 0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        canvas = self.canv
        self.contents.pages[self.key] = canvas.getPageNumber()
        canvas.bookmarkHorizontal(self.key, 0, 6 * mm)
        canvas.addOutlineEntry(_one_line(self.title), self.key, level=self.level)
        if self.contents.on_mark is not None:
            self.contents.on_mark(self.key)


def _one_line(title: str) -> str:
    """A title fit for the PDF outline: one line, no control characters, not too long."""
    words = " ".join("".join(c if c.isprintable() else " " for c in title).split())
    return words if len(words) <= 120 else words[:119] + "…"


class ContentsLine(Flowable):
    """One line of the table of contents: the title (escaped), dot leaders, the page number
    (a form defined at the end), and a link to the entry's anchor."""

    NUMBER_WIDTH = 14 * mm
    INDENT = 6 * mm
    MAX_LINES = 3

    def __init__(
        self,
        contents: Contents,
        key: str,
        title: str,
        level: int,
        styles: Sequence[ParagraphStyle],
    ) -> None:
        super().__init__()
        self.contents, self.key, self.level = contents, key, level
        style = styles[min(level, len(styles) - 1)]
        self.paragraph = PlainText(title, style)
        self.spaceBefore = 2.2 * mm if level == 0 else 0.6 * mm
        self.spaceAfter = 0.6 * mm

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        inner = available_width - self.level * self.INDENT - self.NUMBER_WIDTH
        style = self.paragraph.style
        self.paragraph.wrap(inner, available_height)
        if len(self.paragraph._lines or ()) > self.MAX_LINES:  # a title as long as a note
            lines = wrap_lines(self.paragraph.value, style.fontName, style.fontSize, inner,
                               self.MAX_LINES)[0]  # fmt: skip
            self.paragraph = PlainText(self.paragraph.value, style, _lines=lines, _width=inner)
            self.paragraph.wrap(inner, available_height)
        self.height = self.paragraph.height
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        return []  # a line of the contents is never cut: it moves to the next page

    def _last_line_width(self) -> float:
        style = self.paragraph.style
        lines = self.paragraph._lines or [""]
        return stringWidth(lines[-1], style.fontName, style.fontSize)

    def draw(self) -> None:
        canvas = self.canv
        indent = self.level * self.INDENT
        self.paragraph.drawOn(canvas, indent, 0)
        style = self.paragraph.style
        baseline = style.leading - style.fontSize  # the last line's baseline, roughly
        start = indent + self._last_line_width() + 2 * mm
        end = self.width - 11 * mm
        canvas.saveState()
        if end > start:
            canvas.setStrokeColor(RULE)
            canvas.setLineWidth(0.7)
            canvas.setLineCap(1)
            canvas.setDash(0.1, 2.6)
            canvas.line(start, baseline + 1, end, baseline + 1)
        canvas.translate(self.width, baseline)
        canvas.setFillColor(MUTED)
        canvas.doForm(f"toc{self.key}")
        canvas.restoreState()
        canvas.linkRect("", self.key, (0, 0, self.width, self.height), relative=1, thickness=0)


class FinishingCanvas(Canvas):
    """A canvas that lets the document draw what only the end knows, just before saving."""

    def __init__(self, *args, finish: Callable[[Canvas], None], **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self._finish = finish

    def save(self) -> None:
        self._finish(self)
        super().save()
