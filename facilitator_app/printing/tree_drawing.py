"""An idea tree printed as a tree: a reportlab `Drawing` of the mind map, fitted to the page.

The boxes are placed by `core.idea_layout.layout_tree` (the window's drawing uses the same
layout) and tinted like on screen (`core.ideas.branch_colour`): the question in a dark box,
the top-level branches filled with their colour, the other ideas outlined in it, their dot
votes as a badge « ● 7 » and their type (when not a plain idea) in small letters above.

A printed page is narrower than a screen, so `tree_flowables` tries, in order:

1. the whole mind map, scaled down to the frame's width, if it stays readable (at least
   `MIN_SCALE` of its natural size) and fits one page;
2. one drawing per top-level branch (the branch on the left, its ideas to the right), each
   fitted the same way;
3. for a branch still too large, the drawing of the branch and its first level (or, when
   even that is too large, of the question and its branches alone, first), then the branch
   as an indented outline.

A box shows at most `MAX_LINES` lines; when a text is cut, the branch's outline follows its
drawing so that nothing is lost. `TreeDrawing` paints straight onto the PDF canvas; the
outline alone is `tree_outline`. The carnet can reuse all of it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.attrmap import AttrMap, AttrMapValue
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.validators import isAnything
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Spacer

from facilitator_app.core.idea_layout import Box, layout_tree
from facilitator_app.core.ideas import Forest, branch_colour
from facilitator_app.core.model import Note
from facilitator_app.printing.plain_text import Pen, Text, wrap_lines
from facilitator_app.printing.styles import (
    BOLD,
    FONT,
    INK,
    MUTED,
    register_fonts,
    synthesis_styles,
    text,
)

__all__ = [
    "MIN_SCALE",
    "MAX_LINES",
    "TreeDrawing",
    "tree_flowables",
    "tree_drawing",
    "tree_outline",
]

MIN_SCALE = 0.72  # below this the 8.5 pt text of the boxes is too small to read
MAX_LINES = 6
PAD = 4.5
ROOT_COLOUR = colors.HexColor("#37474f")
WIDTHS = (118.0, 128.0, 118.0)  # the widest a box's text grows, by depth (root: 150)
ROOT_WIDTH = 150.0
SIZES = ((BOLD, 9.5), (FONT, 8.5))  # top-level branches, other ideas
CAPTION = 6.5
BADGE = 7.5

Kinds = Mapping[str, str]  # note kind → its printed name (already translated)


@dataclass(frozen=True, slots=True)
class _Face:
    """One box's content, measured: wrapped lines, sizes and colours."""

    lines: tuple[str, ...]
    font: str
    size: float
    caption: str
    votes: int
    width: float
    height: float
    cut: bool  # the text did not fit in MAX_LINES

    @property
    def leading(self) -> float:
        return self.size * 1.22


def _face(
    value: str, font: str, size: float, width: float, caption: str = "", votes: int = 0
) -> _Face:
    lines, cut = wrap_lines(value, font, size, width, MAX_LINES)
    lines = [line for line in lines if line] or ["—"]
    text_width = max(stringWidth(line, font, size) for line in lines)
    if caption:
        text_width = max(text_width, stringWidth(caption, FONT, CAPTION))
    badge = stringWidth(f"● {votes}", FONT, BADGE) + 4 if votes else 0
    height = len(lines) * size * 1.22 + (CAPTION * 1.3 if caption else 0)
    return _Face(
        tuple(lines),
        font,
        size,
        caption,
        votes,
        text_width + badge + 2 * PAD,
        height + 2 * PAD,
        cut,
    )


def _measure(forest: Forest, kinds: Kinds) -> dict[str, _Face]:
    faces = {}
    for node_id in forest.walk():
        note: Note = forest.notes[node_id]
        depth = forest.depth(node_id)
        font, size = SIZES[0 if depth == 0 else 1]
        caption = "" if note.kind == "idea" else kinds.get(note.kind, note.kind).upper()
        width = WIDTHS[min(depth, len(WIDTHS) - 1)]
        faces[node_id] = _face(note.text, font, size, width, caption, note.votes)
    return faces


def _dark(colour: colors.Color) -> bool:
    return 0.299 * colour.red + 0.587 * colour.green + 0.114 * colour.blue < 0.6


@dataclass(frozen=True, slots=True)
class _Placed:
    """One box as it is painted: where (PDF units, y up, before scaling) and how."""

    box: Box  # x, y = lower left after flipping
    face: _Face
    colour: colors.Color
    filled: bool


class TreeDrawing(Drawing):
    """The mind map, a reportlab `Drawing` (a flowable of its own size) painted straight onto
    the PDF canvas: boxes, curved edges, then every line of text in one text object. The
    generic shape-by-shape rendering of `reportlab.graphics` took four times as long for a
    tree of fifty ideas; nothing else than a PDF ever paints these."""

    def __init__(
        self,
        width: float,
        height: float,
        scale: float,
        boxes: list[_Placed],
        edges: list[tuple[float, float, float, float, colors.Color, float]],
    ) -> None:
        super().__init__(width, height)
        self.picture = (scale, boxes, edges)
        self.hAlign = "CENTER"

    _attrMap = AttrMap(BASE=Drawing, picture=AttrMapValue(isAnything, desc="scale, boxes, edges"))

    @property
    def boxes(self) -> list[_Placed]:
        return self.picture[1]

    def texts(self) -> list[str]:
        """Every line written in the boxes, top to bottom per box (for readers and tests)."""
        return [line for placed in self.boxes for line in placed.face.lines]

    def draw(self) -> None:
        canvas = self.canv
        scale, boxes, edges = self.picture
        canvas.saveState()
        canvas.scale(scale, scale)
        canvas.setLineCap(1)
        strokes: dict[tuple[colors.Color, float], Any] = {}  # one path per colour
        for x0, y0, x1, y1, colour, width in edges:
            path = strokes.get((colour, width))
            if path is None:
                path = strokes[(colour, width)] = canvas.beginPath()
            middle = (x0 + x1) / 2
            path.moveTo(x0, y0)
            path.curveTo(middle, y0, middle, y1, x1, y1)
        for (colour, width), path in strokes.items():
            canvas.setStrokeColor(colour)
            canvas.setLineWidth(width)
            canvas.drawPath(path, stroke=1, fill=0)
        canvas.setLineWidth(0.9)
        for (colour, filled), group in _grouped(boxes).items():
            path = canvas.beginPath()
            for placed in group:
                path.rect(placed.box.x, placed.box.y, placed.box.width, placed.box.height)
            canvas.setFillColor(colour if filled else colors.white)
            canvas.setStrokeColor(colour)
            canvas.drawPath(path, stroke=0 if filled else 1, fill=1)
        writing = canvas.beginText()
        pen = Pen()
        for placed in boxes:
            self._write(writing, placed, pen)
        canvas.drawText(writing)
        canvas.restoreState()

    @staticmethod
    def _write(writing, placed: _Placed, pen: Pen) -> None:  # noqa: ANN001 (a PDFTextObject)
        box, face = placed.box, placed.face
        ink = (colors.white if _dark(placed.colour) else INK) if placed.filled else INK
        y = box.y + box.height - PAD
        if face.caption:
            y -= CAPTION
            pen.font(writing, FONT, CAPTION, CAPTION)
            pen.ink(writing, ink if placed.filled else MUTED)
            writing.setTextOrigin(box.x + PAD, y)
            writing.textOut(face.caption)
            y -= CAPTION * 0.3
        pen.font(writing, face.font, face.size, face.size)
        pen.ink(writing, ink)
        for line in face.lines:
            y -= face.size
            writing.setTextOrigin(box.x + PAD, y)
            writing.textOut(line)
            y -= face.size * 0.22
        if face.votes:
            number = f" {face.votes}"
            right = box.x + box.width - PAD
            middle = box.y + box.height / 2 - BADGE * 0.35
            number_width = stringWidth(number, BOLD, BADGE)
            pen.font(writing, FONT, BADGE, BADGE)
            pen.ink(writing, ink if placed.filled else placed.colour)
            writing.setTextOrigin(right - number_width - stringWidth("●", FONT, BADGE), middle)
            writing.textOut("●")
            pen.font(writing, BOLD, BADGE, BADGE)
            pen.ink(writing, ink)
            writing.setTextOrigin(right - number_width, middle)
            writing.textOut(number)


def _grouped(boxes: list[_Placed]) -> dict[tuple[colors.Color, bool], list[_Placed]]:
    found: dict[tuple[colors.Color, bool], list[_Placed]] = {}
    for placed in boxes:
        found.setdefault((placed.colour, placed.filled), []).append(placed)
    return found


def tree_drawing(
    forest: Forest,
    faces: Mapping[str, _Face],
    colours: Mapping[str, colors.Color],
    *,
    question: _Face | None,
    max_width: float,
    max_height: float,
) -> TreeDrawing | None:
    """The mind map of `forest` (around `question`, or from its single branch when None),
    scaled to `max_width`; None when it would be smaller than MIN_SCALE or taller than
    `max_height` at the scale that fits."""
    root_size = (question.width, question.height) if question else (0.0, 0.0)
    layout = layout_tree(
        forest,
        {i: (faces[i].width, faces[i].height) for i in forest.notes},
        root_size,
        column_gap=16.0,
        row_gap=4.0,
        branch_gap=10.0,
    )
    every = [*layout.boxes.values(), *([layout.root] if question else [])]
    left, top = min(b.x for b in every), min(b.y for b in every)
    width = max(b.right for b in every) - left
    height = max(b.bottom for b in every) - top
    scale = min(1.0, max_width / width)
    if scale < MIN_SCALE or height * scale > max_height:
        return None

    def flipped(box: Box) -> Box:  # y up, from the drawing's lower left corner
        return Box(box.x - left, top + height - box.bottom, box.width, box.height)

    edges = []
    for node_id in forest.walk():
        parent = forest.parent_of(node_id)
        if parent is None and question is None:
            continue
        start = flipped(layout.root if parent is None else layout.boxes[parent])
        end = flipped(layout.boxes[node_id])
        right = layout.sides[node_id] > 0
        edges.append(
            (
                start.right if right else start.x,
                start.centre_y,
                end.x if right else end.right,
                end.centre_y,
                colours[forest.branch_of(node_id)],
                2.4 if parent is None else 1.1,
            )
        )
    boxes = []
    if question is not None:
        boxes.append(_Placed(flipped(layout.root), question, ROOT_COLOUR, True))
    for node_id in forest.walk():
        colour = colours[forest.branch_of(node_id)]
        filled = forest.parent_of(node_id) is None
        boxes.append(_Placed(flipped(layout.boxes[node_id]), faces[node_id], colour, filled))
    return TreeDrawing(width * scale, height * scale, scale, boxes, edges)


def _part(forest: Forest, top: str, depth: int | None = None) -> Forest:
    """The branch `top` alone as a forest (down to `depth` levels below it when given)."""
    keep = [
        i
        for i in forest.subtree(top)
        if depth is None or forest.depth(i) - forest.depth(top) <= depth
    ]
    kept = set(keep)
    parents = {i: (forest.parent_of(i) if i != top else None) for i in keep}
    children: dict[str | None, tuple[str, ...]] = {None: (top,)}
    for i in keep:
        children[i] = tuple(c for c in forest.children_of(i) if c in kept)
    return Forest(notes={i: forest.notes[i] for i in keep}, parents=parents, children=children)


def tree_outline(
    forest: Forest, kinds: Kinds, top: str | None = None, *, skip_top: bool = False
) -> list[Flowable]:
    """The tree (or only the branch `top`, without its own line when `skip_top`) as indented
    paragraphs: a coloured square before each top-level branch, votes as « ● 7 »."""
    css = synthesis_styles()
    squares = {b: branch_colour(row) for row, b in enumerate(forest.roots)}
    base = forest.depth(top) + (1 if skip_top else 0) if top is not None else 0
    found: list[Flowable] = []
    for node_id in forest.subtree(top):
        if skip_top and node_id == top:
            continue
        note = forest.notes[node_id]
        words = text(note.text)
        if note.kind != "idea":
            kind = text(kinds.get(note.kind, note.kind).upper())
            words = f"<font size='6.5' color='{_MUTED}'>{kind}</font> {words}"
        if note.votes:
            words += f"  <font color='{_MUTED}'>●</font>&nbsp;<b>{note.votes}</b>"
        if node_id in squares:
            square = f"<font color='{squares[node_id]}'>■</font>"
            found.append(Text(f"{square} {words}", css["s_outline_0"]))
        else:
            found.append(Text(words, _indented(forest.depth(node_id) - base), bulletText="–"))
    return found


_MUTED = "#" + MUTED.hexval()[2:]


@cache
def _indented(depth: int) -> ParagraphStyle:
    indent = max(0, depth) * 5 * mm
    return ParagraphStyle(
        f"s_outline_{depth}",
        parent=synthesis_styles()["s_outline"],
        leftIndent=indent + 3.5 * mm,
        bulletIndent=indent,
    )


def tree_flowables(
    question: str, forest: Forest, *, width: float, height: float, kinds: Kinds
) -> list[Flowable]:
    """The tree drawn as well as the page allows (see the module's docstring)."""
    if not forest.roots:
        return []
    register_fonts()
    faces = _measure(forest, kinds)
    colours = {b: colors.HexColor(branch_colour(row)) for row, b in enumerate(forest.roots)}
    cut = any(face.cut for face in faces.values())
    root = _face(question or "?", BOLD, 10.5, ROOT_WIDTH)
    whole = tree_drawing(forest, faces, colours, question=root, max_width=width, max_height=height)
    if whole is not None:
        return [whole, *(tree_outline(forest, kinds) if cut else [])]
    found: list[Flowable] = []
    undrawn = False  # a branch too large to be drawn even down to its first level
    for branch in forest.roots:
        drawing = tree_drawing(
            _part(forest, branch), faces, colours, question=None, max_width=width,
            max_height=height,
        )  # fmt: skip
        if drawing is not None:
            found.append(drawing)
            if any(faces[i].cut for i in forest.subtree(branch)):
                found += tree_outline(forest, kinds, branch, skip_top=True)
        else:
            first = tree_drawing(
                _part(forest, branch, 1), faces, colours, question=None, max_width=width,
                max_height=height,
            )  # fmt: skip
            if first is not None:
                found += [first, Spacer(1, 2 * mm)]
            undrawn = undrawn or first is None
            found += tree_outline(forest, kinds, branch, skip_top=first is not None)
        found.append(Spacer(1, 5 * mm))
    if undrawn:  # at least the top of the tree is drawn: the question and its branches
        top = tree_drawing(
            _top(forest), faces, colours, question=root, max_width=width, max_height=height
        )
        found[:0] = [top, Spacer(1, 5 * mm)] if top is not None else []
    return found[:-1]


def _top(forest: Forest) -> Forest:
    """Only the top-level branches."""
    roots = forest.roots
    return Forest(
        notes={i: forest.notes[i] for i in roots},
        parents=dict.fromkeys(roots),
        children={None: roots, **{i: () for i in roots}},
    )
