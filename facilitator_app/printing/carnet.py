"""The carnet de bord (`export-carnet`): the booklet participants receive on arrival.

Cover; a welcome page with the event's description and the contents; the programme by day;
the invited organisations as a directory; each exercise on its own page with ruled space to
write; the thematic fiches as designed sheets; note pages; the contacts of the people who
agreed to be listed (nobody else). A4, or A5 imposed for saddle-stitch printing on A4
(`booklet.py`), the page count padded to a multiple of 4 with note pages before the back
cover. `build_story` returns the flowables (tests read them); `build_carnet` writes the PDF.
"""

from __future__ import annotations

import io
import re
import tempfile
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import groupby
from pathlib import Path

from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    HRFlowable,
    NextPageTemplate,
    PageBreak,
    Spacer,
    Table,
)

from facilitator_app.core.kinds import SessionKind
from facilitator_app.core.model import Event, Fiche, Organisation, Participant, Session
from facilitator_app.core.snapshot import EventSnapshot
from facilitator_app.formats.writing import write_atomically
from facilitator_app.i18n import N_
from facilitator_app.labels import translated_labels
from facilitator_app.printing.booklet import impose
from facilitator_app.printing.carnet_pages import (
    BackCover,
    Cover,
    Geometry,
    Mark,
    NotePadding,
    PageNumber,
    RuledSpace,
    body_paragraphs,
    carnet_document,
    define_page_numbers,
    directory,
    section_head,
)
from facilitator_app.printing.flowables import FinishingCanvas, Together
from facilitator_app.printing.paragraphs import Para
from facilitator_app.printing.styles import ACCENT, RULE, table_style, text
from facilitator_app.printing.wording import Wording

__all__ = ["CarnetLabels", "build_story", "build_carnet"]

NOTE_PAGES = 2  # in the A4 carnet; the booklet adds more to reach a multiple of 4
Progress = Callable[[int, int], None]
Css = Mapping[str, ParagraphStyle]


@dataclass(frozen=True, slots=True)
class CarnetLabels:
    """The words printed in the carnet, already translated; `{n}` fields are filled in."""

    document: str = N_("Event booklet")
    welcome: str = N_("Welcome")
    contents: str = N_("Contents")
    programme: str = N_("Programme")
    day: str = N_("Day {n} · {date}")
    day_only: str = N_("Day {n}")
    organisations: str = N_("Invited organisations")
    exercises: str = N_("Exercises")
    exercise: str = N_("Exercise {n}")
    fiches: str = N_("Fact sheets")
    fiche: str = N_("Fact sheet {n}")
    notes: str = N_("Notes")
    contacts: str = N_("Contacts")
    contacts_consent: str = N_("People listed here agreed to share their details.")
    organisers: str = N_("Organisers")
    wording: Wording = field(default_factory=Wording)  # dates and kinds

    @classmethod
    def translated(cls, language: str | None = None) -> CarnetLabels:
        return translated_labels(cls, language)

    def kind(self, kind: str) -> str:
        return self.wording.session_kind(kind)

    def format_date(self, iso: str, *, weekday: bool = True) -> str:
        """`iso` as people write it: « jeudi 11 juin 2026 »; as given if it is no date."""
        return self.wording.day(iso, weekday=weekday)

    def dates(self, event: Event) -> str:
        """The event's dates for the cover: one day, « 11–12 juin 2026 », or a range."""
        return self.wording.dates(event.start_date, event.end_date)


# ---- the story -----------------------------------------------------------------------------


def _cover(snapshot: EventSnapshot, labels: CarnetLabels, css: Css) -> Cover:
    event = snapshot.event
    middle = [Para(text(event.title or labels.document), css["cover_title"])]
    if event.subtitle:
        middle.append(Para(text(event.subtitle), css["cover_subtitle"]))
    for value, style in ((labels.dates(event), "cover_detail"), (event.place, "cover_place")):
        if value:
            middle.append(Para(text(value), css[style]))
    foot = []
    if event.organisers:
        foot = [
            Para(text(labels.organisers.upper()), css["kicker"]),
            Para(text(event.organisers), css["body"]),
        ]
    return Cover([Para(text(labels.document.upper()), css["cover_kicker"])], middle, foot)


def _welcome(
    snapshot: EventSnapshot,
    labels: CarnetLabels,
    css: Css,
    present: Sequence[tuple[str, str]],
) -> list[Flowable]:
    story: list[Flowable] = []
    if snapshot.event.description:
        story += [Para(text(labels.welcome), css["section"]), Spacer(1, 3 * mm)]
        story += body_paragraphs(snapshot.event.description, css, lead=True)
        story.append(Spacer(1, 8 * mm))
    if present:
        rows = [
            [Para(text(title), css["contents"]),
             PageNumber(key, css["contents_page"])]
            for key, title in present
        ]  # fmt: skip
        table = Table(rows, colWidths=["85%", "15%"], hAlign="LEFT")
        table.setStyle(table_style(
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 2.2 * mm),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.2 * mm),
        ))  # fmt: skip
        story += [
            Together([Para(text(labels.contents), css["heading"]), Spacer(1, 2 * mm)]),
            table,
        ]
    return story


def _programme(
    sessions: Sequence[Session], labels: CarnetLabels, css: Css, geometry: Geometry
) -> list[Flowable]:
    """Per day, one row per session; a row moves whole to the next page unless it is taller
    than a page (then, and only then, it splits)."""
    story: list[Flowable] = []
    widths = [20 * mm * geometry.scale, geometry.frame_width - 20 * mm * geometry.scale]
    style = table_style(
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEABOVE", (0, 0), (-1, 0), 0.4, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 2 * mm),
        ("TOPPADDING", (0, 0), (-1, -1), 2 * mm), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5 * mm),
    )  # fmt: skip
    for n, (day, group) in enumerate(groupby(sessions, key=lambda s: s.day), 1):
        when = labels.format_date(day) if day else ""
        heading = labels.day.format(n=n, date=when) if when else labels.day_only.format(n=n)
        story += [CondPageBreak(40 * mm * geometry.scale), Para(text(heading), css["day"])]
        for session in group:
            row = Table([_programme_row(session, labels, css)], colWidths=widths, splitInRow=1)
            row.setStyle(style)
            story.append(Together([row]))
    return story


def _programme_row(session: Session, labels: CarnetLabels, css: Css) -> list[list[Flowable]]:
    times = [Para(text(session.start), css["time"])]
    if session.end:
        times.append(Para(text(session.end), css["time_end"]))
    body = [Para(text(session.title), css["entry_title"])]
    kind = labels.kind(session.kind) if session.kind is not SessionKind.OTHER else ""
    meta = " · ".join(x for x in (kind, session.room) if x)
    body.append(Para(text(meta), css["entry_meta"]))
    if session.question:
        body.append(Para(text(session.question), css["entry_text"]))
    return [times, body]


def _website(url: str) -> str:
    """« www.latreso.fr » for « https://www.latreso.fr/ »: what people type."""
    return re.sub(r"^https?://", "", url.strip()).rstrip("/")


def _organisation(organisation: Organisation, css: Css) -> Flowable:
    parts: list[Flowable] = [Para(text(organisation.name), css["cell_title"])]
    meta = " · ".join(x for x in (organisation.type, organisation.place) if x)
    if meta:
        parts.append(Para(text(meta), css["entry_meta"]))
    if organisation.presentation:
        parts.append(Para(text(organisation.presentation), css["card_text"]))
    if organisation.website:
        parts.append(Para(text(_website(organisation.website)), css["link"]))
    parts.append(HRFlowable(width="100%", thickness=0.4, color=RULE, spaceBefore=3 * mm,
                            spaceAfter=3 * mm))  # fmt: skip
    return Together(parts)


def _contact(person: Participant, snapshot: EventSnapshot, css: Css) -> Flowable:
    parts: list[Flowable] = [Para(text(person.name), css["cell_title"])]
    organisation = snapshot.organisation(person.organisation_id)
    meta = " · ".join(x for x in (person.role, organisation.name if organisation else "") if x)
    if meta:
        parts.append(Para(text(meta), css["entry_meta"]))
    if person.email:
        parts.append(Para(text(person.email), css["link"]))
    parts.append(Spacer(1, 3.5 * mm))
    return Together(parts)


def _sheet(kicker: str, fiche: Fiche, css: Css, *, lead: bool) -> list[Flowable]:
    return [
        Para(text(kicker.upper()), css["kicker"]),
        Para(text(fiche.title), css["sheet_title"]),
        HRFlowable(width=16 * mm, thickness=2.5, color=ACCENT, hAlign="LEFT",
                   spaceBefore=2.5 * mm, spaceAfter=5 * mm),
        *body_paragraphs(fiche.body, css, lead=lead),
    ]  # fmt: skip


def _story(
    snapshot: EventSnapshot,
    labels: CarnetLabels,
    geometry: Geometry,
    *,
    found: MutableMapping[str, int],
    padding: int | None = None,
) -> list[Flowable]:
    """The carnet's flowables; `padding` (a booklet's) is the number of pages after the note
    pages, which are then as many as make the booklet a multiple of 4 pages, with a back
    cover."""
    css = geometry.styles()
    exercises = [f for f in snapshot.fiches if f.kind == "exercise"]
    fiches = [f for f in snapshot.fiches if f.kind != "exercise"]
    contacts = snapshot.listed_participants()
    present = [
        (key, title)
        for key, title, shown in (
            ("programme", labels.programme, snapshot.sessions),
            ("organisations", labels.organisations, snapshot.organisations),
            ("exercises", labels.exercises, exercises),
            ("fiches", labels.fiches, fiches),
            ("notes", labels.notes, NOTE_PAGES),
            ("contacts", labels.contacts, contacts),
        )
        if shown
    ]
    story: list[Flowable] = [NextPageTemplate("page"), _cover(snapshot, labels, css)]
    welcome = _welcome(snapshot, labels, css, present)
    if welcome:
        story += [PageBreak(), *welcome]
    if snapshot.sessions:
        story += [PageBreak(), *section_head(labels.programme, "programme", found, css)]
        story += _programme(snapshot.sessions, labels, css, geometry)
    if snapshot.organisations:
        head = section_head(labels.organisations, "organisations", found, css)
        entries = [_organisation(o, css) for o in snapshot.organisations]
        story += [*directory(head, entries, geometry), NextPageTemplate("page")]
    for key, kicker, sheets in (
        ("exercises", labels.exercise, exercises), ("fiches", labels.fiche, fiches)
    ):  # fmt: skip
        for n, fiche in enumerate(sheets, 1):
            story.append(PageBreak())
            if n == 1:
                story.append(Mark(key, dict(present)[key], found))
            story += _sheet(kicker.format(n=n), fiche, css, lead=key == "fiches")
            if key == "exercises":
                story.append(RuledSpace(geometry.line_gap))

    def note_page() -> list[Flowable]:
        return [PageBreak(), Para(text(labels.notes), css["sheet_title"]),
                Spacer(1, 5 * mm), RuledSpace(geometry.line_gap)]  # fmt: skip

    for n in range(NOTE_PAGES):
        page = note_page()
        story += page[:1] + [Mark("notes", labels.notes, found)] * (n == 0) + page[1:]
    if padding is not None:
        story.append(NotePadding(padding, note_page))
    story += _tail(snapshot, labels, geometry, contacts, found, back_cover=padding is not None)
    return story


def _tail(
    snapshot: EventSnapshot,
    labels: CarnetLabels,
    geometry: Geometry,
    contacts: Sequence[Participant],
    found: MutableMapping[str, int],
    *,
    back_cover: bool,
) -> list[Flowable]:
    """What follows the note pages: the contacts and the booklet's back cover, each starting
    a page of its own (so their page count does not depend on where they start)."""
    css = geometry.styles()
    story: list[Flowable] = []
    if contacts:
        head = section_head(labels.contacts, "contacts", found, css)
        head[-1].spaceAfter = 4 * mm
        head.append(Para(text(labels.contacts_consent), css["small"]))
        story += directory(head, [_contact(p, snapshot, css) for p in contacts], geometry)
    if back_cover:
        event = snapshot.event
        lines = [(labels.document.upper(), "cover_kicker"), (event.title, "heading"),
                 (labels.dates(event), "back"), (event.place, "back")]  # fmt: skip
        back = BackCover([(value, css[style]) for value, style in lines if value])
        story += [NextPageTemplate("back"), PageBreak(), back]
    return story


def build_story(
    snapshot: EventSnapshot, *, labels: CarnetLabels, page_size: tuple[float, float] = A4
) -> list[Flowable]:
    """The carnet's flowables for `page_size` (A4 or A5), contents without page numbers."""
    size = (float(page_size[0]), float(page_size[1]))
    return _story(snapshot, labels, Geometry(size), found={})


# ---- writing -------------------------------------------------------------------------------


def _steps(booklet: bool) -> int:
    """Progress is counted in hundredths of these steps: the layout, the writing (and the
    imposition)."""
    return 3 if booklet else 2


def _pages_after_notes(snapshot: EventSnapshot, labels: CarnetLabels, geometry: Geometry) -> int:
    """How many pages a booklet has after its note pages: the contacts, laid out alone in a
    scratch document (they start a page of their own), and the back cover."""
    contacts = snapshot.listed_participants()
    if not contacts:
        return 1
    found: dict[str, int] = {}
    document = carnet_document(io.BytesIO(), geometry, name=labels.document, title="")
    document.build(_tail(snapshot, labels, geometry, contacts, found, back_cover=True))
    return document.page - found["contacts"] + 1


def _render(
    snapshot: EventSnapshot, labels: CarnetLabels, *, booklet: bool, progress: Progress | None
) -> tuple[bytes, int]:
    """Lay the carnet out once: the contents' page numbers are forms, defined when the last
    page is known (`define_page_numbers`), and a booklet's note pages are as many as bring it
    to a multiple of 4 pages (`NotePadding`). Returns the PDF and its page count."""
    geometry = Geometry(A5 if booklet else A4)
    steps = _steps(booklet)
    padding = _pages_after_notes(snapshot, labels, geometry) if booklet else None
    found: dict[str, int] = {}
    story = _story(snapshot, labels, geometry, found=found, padding=padding)
    size, done = len(story), [0]

    def told(kind: str, value: int) -> None:
        # the story's flowables laid out so far, a count that steps back when one is split
        if progress and kind == "PROGRESS" and value > done[0]:
            done[0] = value
            progress(min(99, value * 100 // size), steps * 100)

    buffer = io.BytesIO()
    title = f"{snapshot.event.title} · {labels.document}" if snapshot.event.title else ""
    document = carnet_document(buffer, geometry, name=labels.document,
                               title=title or labels.document)  # fmt: skip
    document.setProgressCallBack(told)

    def finish(canvas: Canvas) -> None:
        # every section in the contents has its Mark, so `found` holds every key it shows
        define_page_numbers(canvas, list(found), found, geometry.styles()["contents_page"])

    document.build(story, canvasmaker=partial(FinishingCanvas, finish=finish))
    count = document.page
    if booklet and count % 4:  # never expected: the pages after the notes were miscounted
        raise RuntimeError(f"the booklet has {count} pages, not a multiple of 4")
    if progress:
        progress(100, steps * 100)
    return buffer.getvalue(), count


def build_carnet(
    snapshot: EventSnapshot,
    out: Path,
    *,
    labels: CarnetLabels,
    booklet: bool = False,
    progress: Progress | None = None,
) -> int:
    """Write the carnet to `out`, all or nothing: A4 pages, or with `booklet` A5 pages
    imposed two-up on A4 landscape sheets. Returns the number of PDF pages written (A4
    pages, or sheet sides for a booklet: twice the sheets to print)."""
    data, count = _render(snapshot, labels, booklet=booklet, progress=progress)

    def write(path: Path) -> None:
        nonlocal count
        if not booklet:
            path.write_bytes(data)
            return
        with tempfile.TemporaryDirectory(prefix="recolte-carnet-") as folder:
            a5 = Path(folder) / "a5.pdf"
            a5.write_bytes(data)
            count = impose(a5, path)

    write_atomically(Path(out), write)
    if progress:
        progress(_steps(booklet) * 100, _steps(booklet) * 100)
    return count
