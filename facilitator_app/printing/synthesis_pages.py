"""The synthesis's own pages: the cover, the band of key figures, the annex; and what every
page wears: the cover's band, the running header and « Page n of N » (forms drawn once and
defined when the document ends, by the `FinishingCanvas`).

The annex lists the participants who agreed to be listed (`consent_listed`), with their
organisation and role, and the organisations (name, type, place, website); nobody else is
printed there by name. Its tables are `Directory` flowables: hundreds of rows of plain text.
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    NextPageTemplate,
    PageBreak,
    Spacer,
    Table,
)
from reportlab.platypus.flowables import HRFlowable, TopPadder

from facilitator_app.core.model import Session
from facilitator_app.core.snapshot import EventSnapshot
from facilitator_app.printing.flowables import Contents, Directory
from facilitator_app.printing.plain_text import PlainList, PlainText, printable
from facilitator_app.printing.styles import (
    ACCENT,
    FONT,
    MUTED,
    PAGE,
    RULE,
    synthesis_styles,
    table_style,
)
from facilitator_app.printing.synthesis_labels import SynthesisLabels

__all__ = [
    "SIDE",
    "TOP",
    "BOTTOM",
    "FRAME_WIDTH",
    "FRAME_HEIGHT",
    "cover",
    "figures",
    "annex",
    "cover_page",
    "body_page",
    "define_page_forms",
]

SIDE, TOP, BOTTOM = 20 * mm, 22 * mm, 20 * mm  # the margins of every page
FRAME_WIDTH = PAGE[0] - 2 * SIDE
FRAME_HEIGHT = PAGE[1] - TOP - BOTTOM


def cover(snapshot: EventSnapshot, labels: SynthesisLabels) -> list[Flowable]:
    css, event = synthesis_styles(), snapshot.event
    found: list[Flowable] = [
        Spacer(1, 38 * mm),
        PlainText(labels.document.upper(), css["s_kicker"]),
        Spacer(1, 4 * mm),
        PlainText(event.title or labels.document, css["s_cover_title"]),
    ]
    if event.subtitle.strip():
        found += [Spacer(1, 4 * mm), PlainText(event.subtitle, css["s_cover_subtitle"])]
    found.append(
        HRFlowable(
            width=28 * mm,
            thickness=2,
            color=ACCENT,
            hAlign="LEFT",
            spaceBefore=9 * mm,
            spaceAfter=6 * mm,
        )
    )
    dates = labels.dates(event.start_date, event.end_date)
    if dates:
        found.append(PlainText(dates[:1].upper() + dates[1:], css["s_cover_dates"]))
    if event.place.strip():
        found += [Spacer(1, 1.5 * mm), PlainText(event.place, css["s_cover_detail"])]
    if event.organisers.strip():  # at the foot of the cover
        organisers = [
            PlainText(labels.organisers.upper(), css["s_cover_label"]),
            PlainText(event.organisers, css["s_cover_detail"]),
        ]
        found += [Spacer(1, 12 * mm), TopPadder(PlainList(organisers))]
    return [*found, NextPageTemplate("body"), PageBreak()]


def figures(snapshot: EventSnapshot, sessions: list[Session], labels: SynthesisLabels) -> Table:
    css = synthesis_styles()
    notes = [n for s in sessions for n in snapshot.session_notes(s.id)]
    figures = (
        (len(snapshot.participants), labels.participants),
        (len(snapshot.organisations), labels.organisations),
        (len(sessions), labels.sessions),
        (len(notes), labels.notes),
        (sum(n.votes for n in notes), labels.votes),
    )
    room = FRAME_WIDTH / len(figures) - 4 * mm  # the cell's padding
    big = css["s_figure"]
    cells = []
    for value, name in figures:
        number = labels.number(value)
        size = min(big.fontSize, room / stringWidth(number, big.fontName, 1))  # 12,345 fits
        style = big if size == big.fontSize else ParagraphStyle(
            "s_figure_small", parent=big, fontSize=size, leading=big.leading
        )  # fmt: skip
        cells.append([PlainText(number, style), PlainText(name.upper(), css["s_figure_label"])])
    band = Table([cells], colWidths=[FRAME_WIDTH / len(cells)] * len(cells))
    band.setStyle(
        table_style(
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("FONT", (0, 0), (-1, -1), FONT, 8.5),
            ("LINEABOVE", (0, 0), (-1, 0), 2, ACCENT),
            ("LINEBELOW", (0, 0), (-1, 0), 0.5, RULE),
            ("LINEBEFORE", (1, 0), (-1, 0), 0.5, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 5 * mm),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5 * mm),
        )
    )
    return band


def annex(snapshot: EventSnapshot, labels: SynthesisLabels, contents: Contents) -> list[Flowable]:
    """Who agreed to be listed, and the organisations: never anybody else by name."""
    css = synthesis_styles()
    found: list[Flowable] = [
        PageBreak(),
        contents.anchor(contents.add(labels.annex, 0)),
        PlainText(labels.annex, css["s_part"]),
    ]

    def organisation(organisation_id: str | None) -> str:
        named = snapshot.organisation(organisation_id)
        return named.name if named else ""

    people = [
        [p.name, organisation(p.organisation_id), p.role] for p in snapshot.listed_participants()
    ]
    found += [
        contents.anchor(contents.add(labels.participants, 1)),
        PlainText(labels.participants, css["s_section"]),
        PlainText(labels.listed_only, css["s_section_meta"]),
        Spacer(1, 0),  # ends the chain of headings kept with what follows: the table splits
        _directory([labels.name, labels.organisation, labels.role], people, (0.34, 0.36, 0.30)),
    ]
    if snapshot.organisations:
        rows = [[o.name, o.type, o.place, o.website] for o in snapshot.organisations]
        head = [labels.name, labels.type, labels.place, labels.website]
        found += [
            CondPageBreak(45 * mm),
            Spacer(1, 6 * mm),
            contents.anchor(contents.add(labels.organisations, 1)),
            PlainText(labels.organisations, css["s_section"]),
            Spacer(1, 0),
            _directory(head, rows, (0.32, 0.16, 0.24, 0.28)),
        ]
    return found


def _directory(head: list[str], rows: list[list[str]], widths: tuple[float, ...]) -> Directory:
    css = synthesis_styles()
    columns = [w * FRAME_WIDTH for w in widths]
    return Directory(head, rows, columns, style=css["s_cell"], head_style=css["s_cell_head"])


# -- the pages' decoration -----------------------------------------------------------------


def cover_page(canvas: Canvas, _document: BaseDocTemplate) -> None:
    canvas.saveState()
    canvas.setFillColor(ACCENT)
    canvas.rect(0, 0, 7 * mm, PAGE[1], stroke=0, fill=1)
    canvas.restoreState()


def body_page(labels: SynthesisLabels):  # noqa: ANN202
    """Every page but the cover: the running header (a form drawn once, see `_define`) and
    « Page 12 of 230 », whose total is a form too, filled in when the document ends."""
    prefix, has_total, suffix = labels.page_of.partition("{total}")
    digit = stringWidth("0", FONT, 7.5)  # DejaVu's digits all have the same width

    def on_page(canvas: Canvas, document: BaseDocTemplate) -> None:
        n = document.page
        canvas.saveState()
        canvas.doForm("header")
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(MUTED)
        y = BOTTOM - 10 * mm
        if not has_total:  # a translation without the total: the page number alone
            canvas.drawString(SIDE, y, labels.page_of.format(n=n))
        else:  # from the left margin, so that the total's width never matters
            start = prefix.format(n=n)
            x = SIDE + stringWidth(start, FONT, 7.5)
            canvas.drawString(SIDE, y, start)
            if suffix:  # after a slot three digits wide
                canvas.drawString(x + 3 * digit, y, suffix.format(n=n))
            canvas.translate(x, y)
            canvas.doForm("total")
        canvas.restoreState()

    return on_page


def define_page_forms(canvas: Canvas, title: str, labels: SynthesisLabels, pages: int) -> None:
    """The forms every page shows: the running header, the number of pages."""
    canvas.beginForm("header")
    canvas.setFont(FONT, 7.5)
    canvas.setFillColor(MUTED)
    y = PAGE[1] - TOP + 8 * mm
    right = labels.document
    room = FRAME_WIDTH - stringWidth(right, FONT, 7.5) - 10 * mm
    title = " ".join(printable(title).split())
    while title and stringWidth(title, FONT, 7.5) > room:
        title = title[:-2] + "…" if len(title) > 2 else ""
    canvas.drawString(SIDE, y, title)
    canvas.drawRightString(PAGE[0] - SIDE, y, right)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.4)
    canvas.line(SIDE, y - 2.5 * mm, PAGE[0] - SIDE, y - 2.5 * mm)
    canvas.endForm()
    canvas.beginForm("total", lowerx=-1, lowery=-3, upperx=30 * mm, uppery=10)
    canvas.setFont(FONT, 7.5)
    canvas.setFillColor(MUTED)
    canvas.drawString(0, 0, str(pages))
    canvas.endForm()
