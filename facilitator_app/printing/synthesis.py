"""The « Synthèse » (`export-synthesis`): what an event produced, ready to print or send.

A cover (title, subtitle, dates, place, organisers); the key figures as a band of big numbers
and the table of contents; then every session in programme order (a new page for each day):
its kind, time and room, its title, its question set off, and its outputs in the form that
suits its kind (`export.synthesis_sessions`); finally an annex of the participants who agreed
to be listed and of the organisations. A running header and « page n of total » on every page
but the cover.

`build_story` returns the flowables (tests inspect them); `build_synthesis` lays them out in a
single pass (the table of contents gets its page numbers as forms, see `export.flowables`)
and writes the A4 PDF all or nothing. Labels come translated from the caller.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from functools import partial
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Spacer,
)
from reportlab.platypus.flowables import HRFlowable

from facilitator_app.core.model import Session
from facilitator_app.core.snapshot import EventSnapshot
from facilitator_app.formats.writing import write_atomically
from facilitator_app.printing.flowables import Contents, FinishingCanvas, Together
from facilitator_app.printing.plain_text import PlainText
from facilitator_app.printing.styles import (
    FONT,
    INK,
    PAGE,
    synthesis_styles,
)
from facilitator_app.printing.synthesis_labels import SynthesisLabels
from facilitator_app.printing.synthesis_pages import (
    BOTTOM,
    FRAME_HEIGHT,
    FRAME_WIDTH,
    SIDE,
    TOP,
    annex,
    body_page,
    cover,
    cover_page,
    define_page_forms,
    figures,
)
from facilitator_app.printing.synthesis_sessions import (
    SECTIONS,
    Context,
    session_flowables,
    session_heading,
)

__all__ = ["SynthesisLabels", "build_story", "build_synthesis"]

Progress = Callable[[int, int], None]


def _chosen(snapshot: EventSnapshot, session_ids: Collection[str] | None) -> list[Session]:
    if session_ids is None:
        return list(snapshot.sessions)
    wanted = set(session_ids)
    return [s for s in snapshot.sessions if s.id in wanted]


def _story(
    snapshot: EventSnapshot,
    labels: SynthesisLabels,
    session_ids: Collection[str] | None,
    progress: Progress | None,
) -> tuple[list[Flowable], Contents]:
    css = synthesis_styles()
    sessions = _chosen(snapshot, session_ids)
    contents = Contents()
    days = list(dict.fromkeys(s.day for s in sessions))
    by_day = len(days) > 1
    ctx = Context(snapshot, labels, FRAME_WIDTH, FRAME_HEIGHT)
    body: list[Flowable] = []
    day = None
    for done, session in enumerate(sessions):
        if progress is not None:
            progress(done, len(sessions))
        if by_day and session.day != day:
            day = session.day
            heading = labels.day(day) if day.strip() else labels.no_day
            body += [
                PageBreak(),
                contents.anchor(contents.add(heading, 0)),
                PlainText(heading.upper(), css["s_day"]),
            ]
        elif not body or _large(snapshot, session):
            body.append(PageBreak())
        else:
            rule = HRFlowable(
                width="100%", thickness=0.8, color=INK, spaceBefore=8 * mm, spaceAfter=4 * mm
            )
            rule.keepWithNext = 1  # with the heading under it
            body.append(rule)
        body += session_heading(ctx, session, contents, level=1 if by_day else 0)
        body += session_flowables(ctx, session)
    if progress is not None:
        progress(len(sessions), len(sessions))
    body += annex(snapshot, labels, contents)
    intro: list[Flowable] = [
        PlainText(labels.key_figures, css["s_part"]),
        figures(snapshot, sessions, labels),
        Spacer(1, 8 * mm),
    ]
    if snapshot.event.description.strip():
        intro += [PlainText(snapshot.event.description, css["s_intro"]), Spacer(1, 4 * mm)]
    intro += [
        PlainText(labels.contents, css["s_part"]),
        *contents.lines([css["s_toc_0"], css["s_toc_1"]]),
    ]
    return [*cover(snapshot, labels), *intro, *body], contents


def _large(snapshot: EventSnapshot, session: Session) -> bool:
    """Sessions that start a page: the structured ones, or any with many notes."""
    return SECTIONS[session.kind].new_page or len(snapshot.session_notes(session.id)) > 12


def build_story(
    snapshot: EventSnapshot,
    *,
    labels: SynthesisLabels,
    session_ids: Collection[str] | None = None,
    progress: Progress | None = None,
) -> list[Flowable]:
    """The synthesis's flowables: cover, figures and contents, sessions, annex."""
    return _story(snapshot, labels, session_ids, progress)[0]


# -- the document -----------------------------------------------------------------------------


def build_synthesis(
    snapshot: EventSnapshot,
    out: Path,
    *,
    labels: SynthesisLabels,
    session_ids: Collection[str] | None = None,
    progress: Progress | None = None,
) -> int:
    """Write the synthesis as an A4 PDF at `out` (all or nothing); returns its page count.
    `progress(done, total)` is called along the way and may raise `Cancelled`."""
    sessions = _chosen(snapshot, session_ids)
    total = 2 * len(sessions) + 1

    def told(done: int, _total: int) -> None:
        if progress is not None:
            progress(done, total)

    story, contents = _story(snapshot, labels, session_ids, told)
    placed = [0]

    def on_mark(_key: str) -> None:  # days and the annex count too: near enough
        placed[0] += 1
        told(len(sessions) + min(placed[0], len(sessions)), total)

    contents.on_mark = on_mark
    pages = [0]

    def finish(canvas: Canvas) -> None:
        pages[0] = canvas.getPageNumber() - 1  # the page after the last one is open
        contents.define_forms(canvas)
        define_page_forms(canvas, event.title, labels, pages[0])

    event = snapshot.event

    def write(path: Path) -> None:
        document = BaseDocTemplate(
            str(path),
            pagesize=PAGE,
            leftMargin=SIDE,
            rightMargin=SIDE,
            topMargin=TOP,
            bottomMargin=BOTTOM,
            title=f"{event.title} — {labels.document}".strip(" —"),
            author=event.organisers,
            subject=labels.document,
            creator="Récolte",
            initialFontName=FONT,
        )
        frame = Frame(
            SIDE,
            BOTTOM,
            FRAME_WIDTH,
            FRAME_HEIGHT,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        cover_frame = Frame(
            SIDE + 12 * mm,
            BOTTOM,
            FRAME_WIDTH - 12 * mm,
            FRAME_HEIGHT,
            id="cover",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        document.addPageTemplates(
            [
                PageTemplate(
                    "cover", [cover_frame], onPage=cover_page, autoNextPageTemplate="body"
                ),
                PageTemplate("body", [frame], onPage=body_page(labels)),
            ]
        )
        document.keepTogetherClass = Together
        document.build(story, canvasmaker=partial(FinishingCanvas, finish=finish))

    write_atomically(Path(out), write)
    told(total, total)
    return pages[0]
