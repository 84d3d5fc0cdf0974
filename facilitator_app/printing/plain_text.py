"""Text set without reportlab's markup: `PlainText`, `wrap_lines`, and `Text` for the rest.

Most of what a synthesis prints is a person's words in one style. A `Paragraph` parses its
text as XML-like markup and lays it out frame by frame; `PlainText` takes the text as typed
(so it needs no escaping and a note holding `<b>`, `&` or `</para>` cannot change the page),
breaks it into lines itself and writes them in one PDF text object: about twice as fast,
which is what keeps a 200-page synthesis within twice the time of the bare notes.

Lines break at ordinary spaces and at the text's own line breaks, never at a no-break space
(« guillemets » keep their narrow no-break spaces), and a word longer than a line is cut
between letters. A lead-in (`Run`: a type in small capitals, a speaker's name in bold) may
start the first line in another font. `Text` is a `Paragraph` for what does need markup,
which does not break its lines again for the width it was just laid out at.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.platypus import Flowable, Paragraph

__all__ = ["Run", "Pen", "printable", "wrap_lines", "PlainText", "PlainList", "Text"]

_WIDTHS: dict[tuple[str, float], dict[str, float]] = {}  # font, size → word → width
_KNOWN = {c: " " for c in [*range(32), *range(0x7F, 0xA0)]}  # control characters
_KNOWN.update({ord(c): "\n" for c in "\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"})


def printable(value: str) -> str:
    """`value` as it can be drawn: line breaks of every kind become « \\n », tabs and other
    control characters a space, invisible format characters (soft hyphen, bidi marks)
    nothing, a lone surrogate « \ufffd »; every other character stays, the no-break spaces
    of French typography first."""
    if value.isprintable():
        return value
    value = value.replace("\r\n", "\n").replace("\r", "\n").translate(_KNOWN)
    odd = {c for c in set(value) if not c.isprintable() and c != "\n" and not c.isspace()}
    if not odd:  # the usual case: no-break spaces, which stay
        return value
    table: dict[int, str | None] = {}
    for c in odd:
        category = unicodedata.category(c)
        if category == "Cf":
            table[ord(c)] = None
        elif category == "Cs":
            table[ord(c)] = "\ufffd"
    return value.translate(table)


def _widths(font: str, size: float) -> dict[str, float]:
    found = _WIDTHS.get((font, size))
    if found is None or len(found) > 50_000:  # a cache of common words, not of every text
        found = _WIDTHS[(font, size)] = {" ": stringWidth(" ", font, size)}
    return found


def _break_word(word: str, font: str, size: float, width: float) -> list[str]:
    """A word wider than a line, cut between letters."""
    face = getFont(font)
    pieces: list[str] = []
    current: list[str] = []
    used = 0.0
    for letter in word:
        advance = face.stringWidth(letter, size)
        if current and used + advance > width:
            pieces.append("".join(current))
            current, used = [], 0.0
        current.append(letter)
        used += advance
    return [*pieces, "".join(current)] if current else pieces


def _greedy(part: str, font: str, size: float, width: float, first: float) -> list[str]:
    """One paragraph of `part` broken at spaces, the first line `first` wide."""
    widths = _widths(font, size)
    space = widths[" "]
    lines: list[str] = []
    current: list[str] = []
    used = 0.0
    for word in part.split(" "):
        if not word:
            continue
        advance = widths.get(word)
        if advance is None:
            advance = widths[word] = stringWidth(word, font, size)
        room = first if not lines else width
        if not lines and not current and first < advance <= width:
            lines.append("")  # after a lead-in, a word that fits only on a whole line
            room = width
        if current and used + space + advance <= room:
            current.append(word)
            used += space + advance
            continue
        if current:
            lines.append(" ".join(current))
            room = width
        if advance <= room:
            current, used = [word], advance
            continue
        pieces = _break_word(word, font, size, room) or [word]
        lines += pieces[:-1]
        current, used = [pieces[-1]], stringWidth(pieces[-1], font, size)
    if current:
        lines.append(" ".join(current))
    return lines


def wrap_lines(
    value: str,
    font: str,
    size: float,
    width: float,
    limit: int | None = None,
    *,
    first: float | None = None,
) -> tuple[list[str], bool]:
    """`value` in lines at most `width` wide (the first one `first` wide when given). With
    `limit`, at most that many lines, the last ending with « … » when text was left out
    (then True). Blank lines inside the text are kept as empty lines."""
    lines: list[str] = []
    first_width = width if first is None else first
    for part in printable(value).replace("\t", " ").strip().split("\n"):
        broken = _greedy(part, font, size, width, first_width if not lines else width)
        lines += broken or [""]
        if limit is not None and len(lines) > limit:
            break
    if lines == [""]:
        lines = []
    if limit is None or len(lines) <= limit:
        return lines, False
    last = lines[limit - 1]
    while last and stringWidth(last + "…", font, size) > width:
        last = last[:-1]
    return [*lines[: limit - 1], last.rstrip() + "…"], True


@dataclass(frozen=True, slots=True)
class Run:
    """A lead-in written before the text on its first line, in a font of its own."""

    text: str
    font: str
    size: float
    colour: Color


class PlainText(Flowable):
    """Text in one style (after an optional lead-in), drawn exactly as typed, split between
    lines across pages (never leaving a single line alone at either end if it can help)."""

    width = height = 0.0
    wrapped = 0
    hAlign, vAlign = "LEFT", "BOTTOM"  # noqa: N815 (reportlab's names)
    _traceInfo = _showBoundary = encoding = None  # noqa: N815

    def __init__(
        self,
        value: str,
        style: ParagraphStyle,
        *,
        bullet: str = "",
        lead: Sequence[Run] = (),
        _lines: list[str] | None = None,
        _width: float | None = None,
    ) -> None:
        # no Flowable.__init__: its attributes are the class defaults below (thousands of
        # notes: a tenth of the time it takes to make them)
        self.value, self.style, self.bullet, self.lead = value, style, bullet, tuple(lead)
        self._lines, self._for_width = _lines, _width

    def getPlainText(self) -> str:  # noqa: N802 (Paragraph's name, for the same readers)
        return "".join(run.text for run in self.lead) + self.value

    def _lead_width(self) -> float:
        return sum(stringWidth(run.text, run.font, run.size) for run in self.lead)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        style = self.style
        if self._lines is None or self._for_width != available_width:
            inner = available_width - style.leftIndent - style.rightIndent
            first = inner
            if self.lead:  # the lead-in, then a space
                first -= self._lead_width() + stringWidth(" ", style.fontName, style.fontSize)
            if self.lead and first < inner / 3:  # a long lead-in: the text starts below it
                lines = wrap_lines(self.value, style.fontName, style.fontSize, inner)[0]
                self._lines = ["", *lines]
            else:
                self._lines = wrap_lines(
                    self.value, style.fontName, style.fontSize, inner, first=first
                )[0]
            if self.lead and not self._lines:
                self._lines = [""]
            self._for_width = available_width
        self.width = available_width
        self.height = len(self._lines) * style.leading
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        self.wrap(available_width, available_height)
        lines = self._lines or []
        fit = int((available_height + 1e-6) // self.style.leading)
        if fit >= len(lines):
            # every line fits, only the space around does not: nothing to cut (a split is
            # two parts or none, as reportlab's tables expect)
            return []
        if fit < 2:
            return []  # a single line at the foot of a page: the whole text moves on
        if len(lines) - fit < 2 and fit > 2:
            fit -= 1  # nor a single line alone at the top of the next page
        head, tail = lines[:fit], lines[fit:]
        return [
            PlainText(" ".join(head), self.style, bullet=self.bullet, lead=self.lead,
                      _lines=head, _width=available_width),
            PlainText(" ".join(tail), self.style, _lines=tail, _width=available_width),
        ]  # fmt: skip

    def drawOn(self, canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: ANN001, N803
        """Written where it stands, without moving the canvas's origin first as flowables
        do: a thousand fewer transformations in a long document."""
        x = self._hAlignAdjust(x, _sW)
        canvas.saveState()
        writing = canvas.beginText(x, y)
        self.write_into(writing, x, y, Pen())
        canvas.drawText(writing)
        canvas.restoreState()

    def draw(self) -> None:
        writing = self.canv.beginText()
        self.write_into(writing, 0.0, 0.0, Pen())
        self.canv.drawText(writing)

    def write_into(self, writing, x: float, y: float, pen: Pen) -> None:  # noqa: ANN001
        """Add this text, its lower left corner at (x, y), to the text object `writing`."""
        style = self.style
        top = y + self.height - style.fontSize
        left = x + style.leftIndent
        if self.bullet:
            pen.font(writing, style.fontName, style.fontSize, style.leading)
            pen.ink(writing, style.bulletColor or style.textColor)
            writing.setTextOrigin(x + style.bulletIndent, top)
            writing.textOut(self.bullet)
        after = left
        for run in self.lead:
            pen.font(writing, run.font, run.size, style.leading)
            pen.ink(writing, run.colour)
            writing.setTextOrigin(after, top)
            writing.textOut(run.text)
            after += stringWidth(run.text, run.font, run.size)
        pen.font(writing, style.fontName, style.fontSize, style.leading)
        pen.ink(writing, style.textColor)
        lines = self._lines or []
        if style.alignment in (TA_CENTER, TA_RIGHT):
            room = self.width - style.leftIndent - style.rightIndent
            for row, line in enumerate(lines):
                spare = room - stringWidth(line, style.fontName, style.fontSize)
                shift = spare / 2 if style.alignment == TA_CENTER else spare
                writing.setTextOrigin(left + shift, top - row * style.leading)
                writing.textOut(line)
            return
        if lines and self.lead and lines[0]:
            space = stringWidth(" ", style.fontName, style.fontSize)
            writing.setTextOrigin(after + space, top)
            writing.textOut(lines[0])
            lines = lines[1:]
            top -= style.leading
        if lines:
            writing.setTextOrigin(left, top)
            for line in lines:
                writing.textLine(line)


class Pen:
    """The font and colour a text object was last given, so that they are set only when
    they change (and each colour's PDF operator is worked out once per process)."""

    _operators: dict[tuple[float, float, float], str] = {}

    def __init__(self) -> None:
        self.current_font: tuple[str, float, float] | None = None
        self.current_ink: object = None

    def font(self, writing, name: str, size: float, leading: float) -> None:  # noqa: ANN001
        if self.current_font != (name, size, leading):
            writing.setFont(name, size, leading)
            self.current_font = (name, size, leading)

    def ink(self, writing, colour: Color) -> None:  # noqa: ANN001
        if colour is self.current_ink:
            return
        self.current_ink = colour
        code = getattr(writing, "_code", None)  # reportlab's text object: its operators
        if code is None or type(colour) is not Color:
            writing.setFillColor(colour)
            return
        rgb = (colour.red, colour.green, colour.blue)
        operator = self._operators.get(rgb)
        if operator is None:
            operator = self._operators[rgb] = "{:.4g} {:.4g} {:.4g} rg".format(*rgb)
        code.append(operator)


class PlainList(Flowable):
    """`PlainText` items one under the other (a list of notes), laid out as one flowable and
    written in one text object: a long list costs little more than its words. Splits
    between items, or inside the item that straddles the foot of the page."""

    def __init__(self, items: Sequence[PlainText]) -> None:
        super().__init__()
        self.items = list(items)
        self._tops: list[float] = []  # each item's top, from the list's top

    def getSpaceBefore(self) -> float:  # noqa: N802
        return self.items[0].getSpaceBefore() if self.items else 0.0

    def getSpaceAfter(self) -> float:  # noqa: N802
        return self.items[-1].getSpaceAfter() if self.items else 0.0

    def getPlainText(self) -> str:  # noqa: N802
        return "\n".join(item.getPlainText() for item in self.items)

    def _gap(self, index: int) -> float:
        if index == 0:
            return 0.0
        return max(self.items[index - 1].getSpaceAfter(), self.items[index].getSpaceBefore())

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        used = 0.0
        self._tops = []
        for index, item in enumerate(self.items):
            used += self._gap(index)
            self._tops.append(used)
            used += item.wrap(available_width, available_height)[1]
        self.width, self.height = available_width, used
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        self.wrap(available_width, available_height)
        for index, item in enumerate(self.items):
            top = self._tops[index]
            if top + item.height <= available_height + 1e-6:
                continue
            parts = item.split(available_width, available_height - top)
            kept = self.items[:index] + parts[:1]
            rest = parts[1:] + self.items[index + 1 :]
            if not kept or not rest:
                return []
            return [PlainList(kept), PlainList(rest)]
        return []  # it fits: nothing to cut

    def drawOn(self, canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: ANN001, N803
        canvas.saveState()
        writing = canvas.beginText(x, y)
        pen = Pen()
        for item, top in zip(self.items, self._tops, strict=True):
            item.write_into(writing, x, y + self.height - top - item.height, pen)
        canvas.drawText(writing)
        canvas.restoreState()

    def draw(self) -> None:
        self.drawOn(self.canv, 0.0, 0.0)


class Text(Paragraph):
    """A `Paragraph` that does not break its lines again when asked to wrap at the width it
    was just laid out at: tables, `KeepTogether` and `Framed` measure their content before
    placing it, and reportlab would break every line each time."""

    _laid_out: tuple[float, object, float] | None = None  # width, lines, height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        done = self._laid_out
        # `split` may have dropped the lines: then they are broken again
        if done and done[0] == available_width and getattr(self, "blPara", None) is done[1]:
            self.width, self.height = available_width, done[2]
            return available_width, done[2]
        size = super().wrap(available_width, available_height)
        self._laid_out = (available_width, getattr(self, "blPara", None), self.height)
        return size
