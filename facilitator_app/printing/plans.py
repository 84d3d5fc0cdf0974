"""Plans de table: what a world café needs on paper (`export-plans`).

For every world café with a seating plan: one page per round with each table's people (the
host first, marked ★), itinerary cards to cut out (round → table → theme, one per person),
and a tent card per table, folded along the middle so the theme reads from both sides.
`build_story` returns the flowables (tests inspect them); `build_plans` writes the A4 PDF;
`write_cafe_plans` is the one café's PDF the Seating plan page prints, written all or nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
)

from facilitator_app.core.cafe import Cafe
from facilitator_app.core.errors import RecolteError
from facilitator_app.formats.writing import write_atomically
from facilitator_app.i18n import N_, tr
from facilitator_app.labels import translated_labels
from facilitator_app.printing.styles import (
    FONT,
    MARGIN,
    MUTED,
    PAGE,
    RULE,
    styles,
    table_style,
    text,
)

__all__ = ["PlanLabels", "build_story", "build_plans", "write_cafe_plans"]

_WIDTH = PAGE[0] - 2 * MARGIN


@dataclass(frozen=True, slots=True)
class PlanLabels:
    """The words printed on the plans, already translated; `{n}` fields are filled in."""

    document: str = N_("Table plans")
    round: str = N_("Round {n}")
    minutes: str = N_("{n} min")
    table: str = N_("Table {n}")
    host: str = N_("host")
    itineraries: str = N_("Itineraries: cut along the dotted lines")
    tents: str = N_("Table tent: fold along the dotted line")
    absent: str = N_("absent")
    page: str = N_("Page {n}")

    @classmethod
    def translated(cls, language: str | None = None) -> PlanLabels:
        return translated_labels(cls, language)


def _table_name(cafe: Cafe, t: int, labels: PlanLabels) -> str:
    table = cafe.tables[t]
    name = labels.table.format(n=table.number)
    return f"{name} · {table.theme}" if table.theme else name


def _round_page(cafe: Cafe, r: int, plan: list[list[int]], labels: PlanLabels) -> list[Flowable]:
    css = styles()
    round_ = cafe.rounds[r]
    heading = f"{cafe.session.title} — {labels.round.format(n=round_.number)}"
    if round_.minutes:
        heading += f" ({labels.minutes.format(n=round_.minutes)})"
    story: list[Flowable] = [Paragraph(text(heading), css["heading"])]
    question = round_.question or cafe.session.question
    if question:
        story.append(Paragraph(text(question), css["question"]))
    hosts = {p: t for t, p in cafe.hosts().items()}
    boxes = []
    for t in range(len(cafe.tables)):
        people = [p for p in range(len(cafe.participants)) if plan[r][p] == t]
        people.sort(key=lambda p: (hosts.get(p) != t, p))  # the host first
        lines = [Paragraph(text(_table_name(cafe, t, labels)), css["cell_title"])]
        for p in people:
            name = text(cafe.participants[p].name)
            if hosts.get(p) == t:
                name = f"★ {name} <font color='#5f6b73' size='8'>({text(labels.host)})</font>"
            lines.append(Paragraph(name, css["cell"]))
        boxes.append(lines)
    columns = 3 if len(boxes) > 4 else 2
    rows = [boxes[i : i + columns] for i in range(0, len(boxes), columns)]
    rows[-1] += [[]] * (columns - len(rows[-1]))
    grid = Table(rows, colWidths=[_WIDTH / columns] * columns)
    grid.setStyle(
        table_style(
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BOX", (0, 0), (-1, -1), 0.6, RULE),
            ("INNERGRID", (0, 0), (-1, -1), 0.6, RULE),
            ("LEFTPADDING", (0, 0), (-1, -1), 3 * mm),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3 * mm),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5 * mm),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * mm),
        )
    )
    story += [grid, PageBreak()]
    return story


def _itinerary_cards(cafe: Cafe, plan: list[list[int]], labels: PlanLabels) -> list[Flowable]:
    css = styles()
    cards = []
    for p, person in enumerate(cafe.participants):
        lines: list[Flowable] = [
            Paragraph(text(person.name), css["card_name"]),
            Paragraph(text(cafe.session.title), css["small"]),
            Spacer(1, 1.5 * mm),
        ]
        for r, round_ in enumerate(cafe.rounds):
            t = plan[r][p]
            where = _table_name(cafe, t, labels) if t >= 0 else labels.absent
            lines.append(
                Paragraph(
                    f"<b>{text(labels.round.format(n=round_.number))}</b> → {text(where)}",
                    css["cell"],
                )
            )
        cards.append(lines)
    rows = [cards[i : i + 2] for i in range(0, len(cards), 2)]
    if rows and len(rows[-1]) == 1:
        rows[-1].append([])
    table = Table(rows, colWidths=[_WIDTH / 2] * 2, rowHeights=52 * mm, repeatRows=0)
    table.setStyle(
        table_style(
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("GRID", (0, 0), (-1, -1), 0.5, MUTED, None, (2, 3)),
            ("LEFTPADDING", (0, 0), (-1, -1), 5 * mm),
            ("TOPPADDING", (0, 0), (-1, -1), 4 * mm),
        )
    )
    title = Paragraph(text(f"{cafe.session.title} — {labels.itineraries}"), css["heading"])
    return [title, table, PageBreak()]


class TentCard(Flowable):
    """A whole page folded in two: the theme upright below the fold, upside down above it."""

    def __init__(self, lines: Sequence[tuple[str, str]], footer: str) -> None:
        super().__init__()
        self.lines = lines  # (style name, already escaped text)
        self.footer = footer

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = available_width, available_height - 1  # the whole frame
        return self.width, self.height

    def _half(self) -> None:
        css = styles()
        paragraphs = [Paragraph(line, css[style]) for style, line in self.lines]
        heights = [p.wrap(self.width - 20 * mm, self.height / 2)[1] for p in paragraphs]
        y = self.height / 4 + sum(heights) / 2  # centred in the half
        for paragraph, height in zip(paragraphs, heights, strict=True):
            y -= height
            paragraph.drawOn(self.canv, 10 * mm, y)
            y -= 3 * mm

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        self._half()
        canvas.translate(self.width, self.height)  # the upper half, turned round
        canvas.rotate(180)
        self._half()
        canvas.restoreState()
        canvas.saveState()
        canvas.setStrokeColor(MUTED)
        canvas.setDash(2, 3)
        canvas.line(0, self.height / 2, self.width, self.height / 2)
        canvas.setFont(FONT, 7)
        canvas.setFillColor(MUTED)
        canvas.drawString(0, self.height / 2 + 1.5 * mm, self.footer)
        canvas.restoreState()


def _tents(cafe: Cafe, labels: PlanLabels) -> list[Flowable]:
    story: list[Flowable] = []
    for table in cafe.tables:
        lines = [("tent", text(labels.table.format(n=table.number)))]
        if table.theme:
            lines.append(("tent", text(table.theme)))
        if cafe.session.question:
            lines.append(("tent_small", text(cafe.session.question)))
        story += [TentCard(lines, labels.tents), PageBreak()]
    return story


def build_story(cafes: Sequence[Cafe], *, labels: PlanLabels) -> list[Flowable]:
    """Round pages, itinerary cards and table tents for each café with a seating plan."""
    story: list[Flowable] = []
    for cafe in cafes:
        plan = cafe.current_plan()
        if not any(t >= 0 for row in plan for t in row):
            continue  # no seats yet: nothing to print for this café
        for r in range(len(cafe.rounds)):
            story += _round_page(cafe, r, plan, labels)
        story += _itinerary_cards(cafe, plan, labels)
        story += _tents(cafe, labels)
    if story and isinstance(story[-1], PageBreak):
        story.pop()
    return story


def build_plans(
    cafes: Sequence[Cafe], out: str | Path, *, labels: PlanLabels, title: str = ""
) -> Path:
    """Write the table plans of `cafes` as an A4 PDF; returns its path."""
    _build(cafes, Path(out), labels=labels, title=title)
    return Path(out)


def write_cafe_plans(
    cafe: Cafe,
    out: str | Path,
    *,
    labels: PlanLabels,
    title: str = "",
    laid_out: Callable[[], object] | None = None,
) -> int:
    """The plans, itineraries and tents of one café at `out`, all or nothing; returns the
    number of pages. `laid_out` is called once the PDF is made, before it takes its name
    (an exception there, such as Cancelled, leaves no file). A café nobody is seated in
    yet is one sentence (RecolteError)."""
    if not any(t >= 0 for row in cafe.current_plan() for t in row):
        raise RecolteError(
            tr(
                "“{title}” has no seating plan yet: plan the rotation first.",
                title=cafe.session.title,
            )
        )
    pages = [0]

    def write(path: Path) -> None:
        pages[0] = _build([cafe], path, labels=labels, title=title)
        if laid_out is not None:
            laid_out()

    write_atomically(Path(out), write)
    return pages[0]


def _build(cafes: Sequence[Cafe], out: Path, *, labels: PlanLabels, title: str) -> int:
    """Lay the plans out into `out`; returns the number of pages."""
    story = build_story(cafes, labels=labels)
    if not story:
        raise ValueError("no seating plan to print")
    footer = f"{title} · {labels.document}" if title else labels.document

    def on_page(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN, MARGIN / 2, footer)
        canvas.drawRightString(PAGE[0] - MARGIN, MARGIN / 2, labels.page.format(n=document.page))
        canvas.restoreState()

    document = SimpleDocTemplate(
        str(out),
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=footer,
        author="Récolte",
        initialFontName=FONT,  # no Helvetica reference: every font in the file is embedded
    )
    document.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return int(document.page)
