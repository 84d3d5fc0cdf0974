"""The sessions of the synthesis, each in the form that suits its kind (`session_flowables`).

* world café: the notes of the whole session, then per table its number, theme and host,
  its notes grouped by harvest category, its written synthesis set off, its photos;
* idea tree: drawn as a tree (`export.tree_drawing`), then the most voted ideas;
* grid: the columns side by side (one row per card rank, so a long grid splits between
  pages), the cards not sorted into a column, the most voted cards;
* round table and testimonies: speakers and moderator, the quotes as pull-quotes
  (« — Name, Organisation »), the other notes as a list;
* plenary and other: the notes as a list, each type other than a plain idea named.

People's words are set as `PlainText` (never read as markup, so a note holding `<b>` or `&`
prints as typed); a note's type and who said it start its first line as lead-ins. Photos are
the session's attachments, made ready by `images.for_print` once per build; a photo Pillow
cannot read is named in a line instead of failing the document. A table's host is named
only if they agreed to be listed; speakers, who spoke in public, always are.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Image,
    KeepTogether,
    Spacer,
    Table,
)
from reportlab.platypus.flowables import HRFlowable

from facilitator_app.core.downscale import PhotoTooLarge, open_image
from facilitator_app.core.errors import PhotoRefused
from facilitator_app.core.grids import Grid, ranking
from facilitator_app.core.harvest import HarvestGroups
from facilitator_app.core.ideas import build_forest
from facilitator_app.core.kinds import SessionKind
from facilitator_app.core.model import Attachment, Note, Session
from facilitator_app.core.snapshot import EventSnapshot
from facilitator_app.printing.flowables import Contents, Framed
from facilitator_app.printing.images import for_print, image_size
from facilitator_app.printing.plain_text import PlainList, PlainText, Run
from facilitator_app.printing.styles import (
    ACCENT,
    BOLD,
    FONT,
    INK,
    MUTED,
    RULE,
    SYNTHESIS_TINT,
    synthesis_styles,
    table_style,
)
from facilitator_app.printing.synthesis_labels import SynthesisLabels
from facilitator_app.printing.tree_drawing import tree_flowables

__all__ = [
    "Context",
    "Section",
    "SECTIONS",
    "session_heading",
    "session_flowables",
    "loose_notes",
    "listed",
]

PLAIN_KINDS = ("idea", "observation")  # printed without their type's name
MOST_VOTED = 5
GRID_COLUMNS = 4  # a wider grid is printed as several tables of at most this many columns


@dataclass
class Context:
    """What every section needs: the event, the words, the frame's size, the photos made."""

    snapshot: EventSnapshot
    labels: SynthesisLabels
    width: float
    height: float
    photos: dict[str, tuple[bytes, int, int] | str] = field(default_factory=dict)

    @property
    def css(self):  # noqa: ANN201 (a dict of ParagraphStyle)
        return synthesis_styles()

    def who(self, participant_id: str | None, fallback: str = "", *, short: bool = False) -> str:
        """« Name, Organisation » of a participant (« Name » when `short`), the `fallback`
        name when the participant is unknown."""
        person = self.snapshot.participant(participant_id)
        if person is None:
            return fallback
        organisation = self.snapshot.organisation(person.organisation_id)
        if short or organisation is None:
            return person.name
        return f"{person.name}, {organisation.name}"


def _lead(ctx: Context, note: Note, style: ParagraphStyle, name: str = "") -> list[Run]:
    """What starts a note's first line: its type unless a plain idea, in small capitals,
    and who said it, in bold (« Name: » as the labels write it)."""
    runs = []
    if note.kind not in PLAIN_KINDS:
        runs.append(Run(ctx.labels.note_kind(note.kind).upper() + " ", FONT, 6.5, MUTED))
    if name.strip():
        head = ctx.labels.said.split("{text}")[0]
        if "{name}" not in head:
            head = "{name}:"
        runs.append(Run(head.format(name=name.strip()).rstrip(), BOLD, style.fontSize, INK))
    return runs


def _votes(note: Note) -> str:
    """« ● 7 » after a note with dot votes. Plain characters, no markup: a Paragraph with
    several fonts or colours takes twice as long to lay out, and grids have hundreds."""
    return f"\u00a0●\u00a0{note.votes}" if note.votes else ""  # kept with the last word


def listed(items: list[PlainText]) -> list[Flowable]:
    """Items of a list: the first alone, so that a heading kept with what follows holds on
    to it only, the others as one `PlainList` that flows from page to page."""
    return items if len(items) <= 2 else [items[0], PlainList(items[1:])]


def _note_line(ctx: Context, note: Note) -> PlainText:
    """One note of a list, after its type and who said it when there is one."""
    style = ctx.css["s_note"]
    name = ctx.who(note.speaker_id, note.author, short=True) if note.speaker_id else note.author
    lead = _lead(ctx, note, style, name)
    return PlainText(note.text + _votes(note), style, bullet="–", lead=lead)


def _pull_quote(ctx: Context, note: Note) -> Flowable:
    css = ctx.css
    said: list[Flowable] = [PlainText(ctx.labels.quote.format(text=note.text), css["s_quote"])]
    name = ctx.who(note.speaker_id, note.author) if note.speaker_id else note.author
    if name.strip():
        said.append(PlainText(f"— {name}", css["s_attribution"]))
    return Framed(
        said, bar=INK, bar_width=1.6, space_before=1.5 * mm, space_after=4 * mm, keep_under=60 * mm
    )


def loose_notes(ctx: Context, notes: list[Note]) -> list[Flowable]:
    """Notes outside any structure: quotes set off as pull-quotes, the rest as a list."""
    quotes = [n for n in notes if n.kind == "quote"]
    rest = [n for n in notes if n.kind != "quote"]
    return [*(_pull_quote(ctx, n) for n in quotes), *listed([_note_line(ctx, n) for n in rest])]


def _label(name: str, ctx: Context) -> Flowable:
    return PlainText(name.upper(), ctx.css["s_label"])


def _most_voted(ctx: Context, notes: list[Note]) -> list[Flowable]:
    ranked = [r for r in ranking(notes) if r.note.votes > 0][:MOST_VOTED]
    if not ranked:
        return []
    style = ctx.css["s_rank"]
    lines = [PlainText(r.note.text + _votes(r.note), style, bullet=f"{r.rank}.") for r in ranked]
    return [Spacer(1, 2 * mm), KeepTogether([_label(ctx.labels.most_voted, ctx), PlainList(lines)])]


# -- photos ----------------------------------------------------------------------------------


PHOTO_SIDE = 1600  # pixels: 170 mm at 240 dpi


def _printed(ctx: Context, attachment: Attachment) -> tuple[bytes, int, int] | str:
    """The photo as the PDF embeds it, with its size in pixels; or why it is left out."""
    found = ctx.photos.get(attachment.id)
    if found is None:
        try:
            size = _clean_jpeg(attachment.data)
            if size is not None:  # nothing to take out, nothing to shrink: as it is
                found = (attachment.data, *size)
            else:
                data = for_print(
                    attachment.data, max_side_px=PHOTO_SIDE, filename=attachment.filename
                )
                found = (data, *image_size(data))
        except PhotoTooLarge as error:  # never decoded whole: left out, and said so
            found = ctx.labels.photo_too_large.format(
                name=attachment.filename,
                megapixels=round(error.pixels / 1e6) if error.pixels else "?",
            )
        except PhotoRefused:
            found = ctx.labels.photo_refused.format(name=attachment.filename)
        ctx.photos[attachment.id] = found
    return found


def _clean_jpeg(data: bytes) -> tuple[int, int] | None:
    """The size of a JPEG that `for_print` would only decode and encode again (no EXIF, XMP
    or comment to leave out, upright, small enough), read from its header; None otherwise."""
    try:
        with open_image(data) as image:
            clean = (
                image.format == "JPEG"
                and image.mode in ("RGB", "L")
                and max(image.size) <= PHOTO_SIDE
                and not {"exif", "xmp", "comment", "photoshop"} & set(image.info)
                and not image.getexif()
            )
            return image.size if clean else None
    except Exception:  # noqa: BLE001 (for_print says what is wrong with the file)
        return None


def photos(ctx: Context, attachments: list[Attachment]) -> list[Flowable]:
    found: list[Flowable] = []
    for attachment in attachments:
        if not attachment.media_type.startswith("image/"):
            continue
        printed = _printed(ctx, attachment)
        if isinstance(printed, str):
            found.append(PlainText(printed, ctx.css["s_caption"]))
            continue
        data, width, height = printed
        scale = min(ctx.width / width, ctx.height * 0.62 / height)
        image = Image(io.BytesIO(data), width=width * scale, height=height * scale)
        caption = PlainText(attachment.caption or attachment.filename, ctx.css["s_caption"])
        found.append(KeepTogether([Spacer(1, 2 * mm), image, caption]))
    return found


def _attachments(ctx: Context, session: Session, *, table_id: str | None = None):
    every = ctx.snapshot.attachments.get(session.id, ())
    tables = {t.id for t in ctx.snapshot.tables.get(session.id, ())}
    if table_id is not None:
        return [a for a in every if a.table_id == table_id]
    return [a for a in every if a.table_id not in tables]


def session_heading(
    ctx: Context, session: Session, contents: Contents, *, level: int
) -> list[Flowable]:
    css, labels = ctx.css, ctx.labels
    hours = "–".join(t for t in (session.start.strip(), session.end.strip()) if t)
    meta = [labels.session_kind(session.kind).upper(), hours, session.room.strip()]
    title = session.title.strip() or labels.session_kind(session.kind)
    found: list[Flowable] = [
        contents.anchor(contents.add(title, level)),
        PlainText("  ·  ".join(part for part in meta if part), css["s_meta"]),
        PlainText(title, css["s_session"]),
    ]
    if session.question.strip():
        question = Framed(
            [PlainText(session.question, css["s_question"])],
            tint=SYNTHESIS_TINT,
            space_after=4 * mm,
        )
        question.keepWithNext = 1
        found.append(question)
    return found


# -- kinds ------------------------------------------------------------------------------------


def _world_cafe(ctx: Context, session: Session) -> list[Flowable]:
    css, labels = ctx.css, ctx.labels
    tables = ctx.snapshot.tables.get(session.id, ())
    categories = ctx.snapshot.categories.get(session.id, ())
    names = {c.id: c.name for c in categories}
    # the window's harvest rule: table › category, unsorted notes apart (core.harvest)
    groups = HarvestGroups(tables, categories).group(ctx.snapshot.session_notes(session.id))
    by_table = {group.key: group for group in groups}
    loose = by_table.get(None)
    found = loose_notes(ctx, loose.all_notes() if loose else [])  # no table: first, untitled
    for table in tables:
        rule = HRFlowable(width="100%", thickness=0.5, color=RULE, spaceBefore=3 * mm)
        rule.keepWithNext = 1
        heading = labels.table.format(n=table.number)
        if table.theme.strip():
            heading += f" · {table.theme}"
        found += [CondPageBreak(40 * mm), rule, PlainText(heading, css["s_section"])]
        host = ctx.snapshot.participant(table.host_id)
        if host is not None and host.consent_listed:  # a name printed only with consent
            found.append(PlainText(labels.host.format(name=host.name), css["s_section_meta"]))
        in_groups = by_table[table.id].groups
        for category in in_groups:
            if category.key is not None:
                found += [_label(names[category.key], ctx), *loose_notes(ctx, list(category.notes))]
            else:  # « No category », named when other groups come before it
                if len(in_groups) > 1:
                    found.append(_label(labels.no_category, ctx))
                found += loose_notes(ctx, list(category.notes))
        if table.synthesis.strip():
            box = [
                PlainText(labels.table_synthesis.upper(), css["s_box_title"]),
                PlainText(table.synthesis, css["s_text"]),
            ]
            found.append(Framed(box, tint=SYNTHESIS_TINT, space_before=2.5 * mm))
        found += photos(ctx, _attachments(ctx, session, table_id=table.id))
    return found


def _idea_tree(ctx: Context, session: Session) -> list[Flowable]:
    notes = list(ctx.snapshot.session_notes(session.id))
    forest = build_forest(notes)
    kinds = {kind: ctx.labels.note_kind(kind) for kind in {n.kind for n in notes}}
    question = session.question or session.title
    drawn = tree_flowables(question, forest, width=ctx.width, height=ctx.height * 0.9, kinds=kinds)
    return [Spacer(1, 2 * mm), *drawn, *_most_voted(ctx, notes)]


def _grid_table(ctx: Context, grid: Grid, columns) -> Table:  # noqa: ANN001
    css = ctx.css
    head: list[object] = [PlainText(c.name, css["s_column"]) for c in columns]
    stacks = [grid.cards_in(c.id) for c in columns]
    rows: list[list[object]] = [head]
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONT", (0, 0), (-1, -1), FONT, 8.5),  # reportlab would name Helvetica otherwise
        ("LEFTPADDING", (0, 0), (-1, -1), 2.2 * mm),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2.2 * mm),
        ("TOPPADDING", (0, 0), (-1, -1), 1.8 * mm),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2 * mm),
        ("LINEBELOW", (0, 0), (-1, 0), 1.6, ACCENT),
    ]
    for r in range(max((len(s) for s in stacks), default=0)):
        row: list[object] = []
        for c, stack in enumerate(stacks):
            if r < len(stack):
                card = stack[r]
                lead = _lead(ctx, card, css["s_card"])
                cell: list[Flowable] = [
                    PlainText(card.text + _votes(card), css["s_card"], lead=lead)
                ]
                if card.author.strip():
                    cell.append(PlainText(f"— {card.author}", css["s_card_author"]))
                row.append(cell)
                style.append(("BACKGROUND", (c, r + 1), (c, r + 1), SYNTHESIS_TINT))
            else:
                row.append([])
        rows.append(row)
    # white lines between the tinted cells make each card a separate block
    style.append(("INNERGRID", (0, 1), (-1, -1), 3.5, "white"))
    width = ctx.width / len(columns)
    table = Table(rows, colWidths=[width] * len(columns), repeatRows=1, splitInRow=1)
    table.setStyle(table_style(*style))
    table.hAlign = "LEFT"
    return table


def _grid(ctx: Context, session: Session) -> list[Flowable]:
    notes = list(ctx.snapshot.session_notes(session.id))
    grid = Grid.build(session.id, ctx.snapshot.categories.get(session.id, ()), notes)
    found: list[Flowable] = [Spacer(1, 1 * mm)]
    for start in range(0, len(grid.columns), GRID_COLUMNS):
        found += [_grid_table(ctx, grid, grid.columns[start : start + GRID_COLUMNS])]
        found.append(Spacer(1, 3 * mm))
    unsorted = list(grid.unsorted())
    if unsorted:
        if grid.columns:
            found.append(_label(ctx.labels.not_sorted, ctx))
        found += loose_notes(ctx, unsorted)
    return [*found, *_most_voted(ctx, [n for n in notes if n.category_id is not None])]


def _speakers(ctx: Context, session: Session) -> list[Flowable]:
    css, labels = ctx.css, ctx.labels
    notes = list(ctx.snapshot.session_notes(session.id))
    found: list[Flowable] = []
    names = [_with_organisation(ctx, s) for s in session.speaker_ids]
    names = [n for n in names if n]
    if names:
        found.append(PlainText(labels.speakers.format(names=", ".join(names)), css["s_speakers"]))
    moderator = _with_organisation(ctx, session.moderator_id)
    if moderator:
        found.append(PlainText(labels.moderator.format(name=moderator), css["s_speakers"]))
    found.append(Spacer(1, 2 * mm))
    found += [_pull_quote(ctx, n) for n in notes if n.kind == "quote"]
    others = [n for n in notes if n.kind != "quote"]
    if others:
        found += [_label(labels.notes, ctx), *listed([_note_line(ctx, n) for n in others])]
    return found


def _with_organisation(ctx: Context, participant_id: str | None) -> str:
    """« Name (Organisation) », as the speakers of a round table are announced."""
    person = ctx.snapshot.participant(participant_id)
    if person is None:
        return ""
    organisation = ctx.snapshot.organisation(person.organisation_id)
    return f"{person.name} ({organisation.name})" if organisation else person.name


def _plain(ctx: Context, session: Session) -> list[Flowable]:
    return loose_notes(ctx, list(ctx.snapshot.session_notes(session.id)))


@dataclass(frozen=True)
class Section:
    """How the synthesis prints one kind of session: `build` makes its flowables (heading,
    question and photos aside); `new_page`: it starts a page (a drawn structure), as does a
    session of any kind with many notes."""

    build: Callable[[Context, Session], list[Flowable]]
    new_page: bool = False


# Every kind of session has its section (`core.kinds`; a test checks none is missing).
SECTIONS: dict[SessionKind, Section] = {
    SessionKind.WORLD_CAFE: Section(_world_cafe, new_page=True),
    SessionKind.IDEA_TREE: Section(_idea_tree, new_page=True),
    SessionKind.GRID: Section(_grid),
    SessionKind.ROUND_TABLE: Section(_speakers),
    SessionKind.TESTIMONY: Section(_speakers),
    SessionKind.PLENARY: Section(_plain),
    SessionKind.OTHER: Section(_plain),
}


def session_flowables(ctx: Context, session: Session) -> list[Flowable]:
    """A session's outputs (its heading and question excepted), then its photos."""
    found = SECTIONS[session.kind].build(ctx, session)
    pictures = photos(ctx, _attachments(ctx, session))
    if not ctx.snapshot.session_notes(session.id) and not pictures:
        found.append(PlainText(ctx.labels.no_notes, ctx.css["s_section_meta"]))
    return [*found, *pictures]
