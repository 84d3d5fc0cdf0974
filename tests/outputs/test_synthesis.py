"""The synthesis: what its story holds for each kind of session, and the PDF it writes."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Image, KeepTogether, Paragraph, Table

from facilitator_app.core.demo import build_demo
from facilitator_app.core.errors import Cancelled
from facilitator_app.core.model import (
    CafeTable,
    Category,
    Event,
    Note,
    Participant,
    Session,
)
from facilitator_app.core.snapshot import EventSnapshot
from facilitator_app.printing.flowables import ContentsLine, Directory, Framed
from facilitator_app.printing.plain_text import PlainList, PlainText, wrap_lines
from facilitator_app.printing.styles import FONT
from facilitator_app.printing.synthesis import SynthesisLabels, build_story, build_synthesis
from facilitator_app.printing.tree_drawing import TreeDrawing

TRICKY = "<b>gras</b> & </para> <font name=x> « Cœur » — 12 €"


@pytest.fixture(scope="module")
def demo() -> EventSnapshot:
    return EventSnapshot.from_records(build_demo())


@pytest.fixture(scope="module")
def story(demo) -> list[Flowable]:
    return build_story(demo, labels=SynthesisLabels())


@pytest.fixture(scope="module")
def pdf(demo, tmp_path_factory) -> tuple[Path, int]:
    out = tmp_path_factory.mktemp("synthese") / "synthèse.pdf"
    return out, build_synthesis(demo, out, labels=SynthesisLabels())


def flat(items) -> list:  # noqa: ANN001
    """Every flowable, looking inside lists, boxes, groups and table cells."""
    found: list = []

    def visit(item) -> None:  # noqa: ANN001
        if isinstance(item, list | tuple):
            for inner in item:
                visit(inner)
            return
        found.append(item)
        if isinstance(item, PlainList):
            visit(item.items)
        elif isinstance(item, Framed):
            visit(item.content)
        elif isinstance(item, KeepTogether):
            visit(item._content)
        elif isinstance(item, Table):
            visit([list(row) for row in item._cellvalues])

    visit(items)
    return found


def texts(items) -> list[str]:  # noqa: ANN001
    """The text of every paragraph, plain text, contents line and tree box."""
    found: list[str] = []
    for item in flat(items):
        if isinstance(item, PlainText | Paragraph):
            found.append(item.getPlainText())
        elif isinstance(item, TreeDrawing):
            found += item.texts()
        elif isinstance(item, ContentsLine):
            found.append(item.paragraph.getPlainText())
        elif isinstance(item, Directory):
            found += [value for row in item.rows for value in row]
    return found


def session_part(story: list[Flowable], title: str) -> list[Flowable]:
    """The flowables from a session's title to the next session's title (or the annex)."""
    titles = [
        i for i, f in enumerate(story) if isinstance(f, PlainText) and f.style.name == "s_session"
    ]
    start = next(i for i in titles if story[i].getPlainText() == title)
    after = [i for i in titles if i > start]
    end = after[0] if after else len(story)
    return story[start:end]


def one_line(value: str) -> str:
    return " ".join(value.split())


def test_a_heading_per_session_in_programme_order(demo, story):
    headings = [
        f.getPlainText() for f in story if isinstance(f, PlainText) and f.style.name == "s_session"
    ]
    assert headings == [s.title for s in demo.sessions]
    questions = [one_line(t) for f in story if isinstance(f, Framed) for t in texts(f.content)]
    for session in demo.sessions:
        if session.question:
            assert one_line(session.question) in questions


def test_world_cafe_tables_categories_and_syntheses(demo, story):
    cafe = next(s for s in demo.sessions if s.kind == "world_cafe")
    part = session_part(story, cafe.title)
    words = texts(part)
    for table in demo.tables[cafe.id]:
        heading = f"Table {table.number} · {table.theme}"
        assert heading in words
        boxes = [f for f in flat(part) if isinstance(f, Framed)]
        assert any(table.synthesis in texts(box.content) for box in boxes)
    for category in demo.categories[cafe.id]:
        assert category.name.upper() in words
    for note in demo.session_notes(cafe.id):
        assert any(note.text in w for w in words)


def test_the_idea_tree_is_drawn_with_its_votes(demo, story):
    tree = next(s for s in demo.sessions if s.kind == "idea_tree")
    part = session_part(story, tree.title)
    drawings = [f for f in part if isinstance(f, Drawing)]
    assert drawings and all(isinstance(d, TreeDrawing) for d in drawings)
    boxes = [placed for d in drawings for placed in d.boxes]
    drawn = " ".join(one_line(line) for d in drawings for line in d.texts())
    for note in demo.session_notes(tree.id):  # every idea is in a box, whole or cut with …
        assert one_line(note.text)[:12] in drawn
    assert {p.face.votes for p in boxes} == {n.votes for n in demo.session_notes(tree.id)}
    most = [t for t in texts(part) if "●" in t]
    best = max(demo.session_notes(tree.id), key=lambda n: n.votes)
    assert most and most[0] == f"{best.text}\u00a0●\u00a0{best.votes}"  # the most voted, first
    assert any(isinstance(f, Image) for f in flat(part))  # the paperboard photo


def test_grids_are_tables_of_columns(demo, story):
    for grid in (s for s in demo.sessions if s.kind == "grid"):
        part = session_part(story, grid.title)
        tables = [f for f in part if isinstance(f, Table)]
        assert tables, grid.title
        head = [cell.getPlainText() for cell in tables[0]._cellvalues[0]]
        assert head == [c.name for c in demo.categories[grid.id]][:4]
        cards = {one_line(t) for t in texts(tables)}
        for note in demo.session_notes(grid.id):
            if note.category_id:
                votes = f"\u00a0●\u00a0{note.votes}" if note.votes else ""
                assert one_line(note.text + votes) in cards


def test_quotes_are_pull_quotes_with_who_said_them(demo, story):
    round_table = next(s for s in demo.sessions if s.kind == "round_table")
    part = session_part(story, round_table.title)
    quotes = [f for f in flat(part) if isinstance(f, Framed) and f.bar is not None]
    said = {texts(q.content)[0]: texts(q.content)[1:] for q in quotes[1:]}  # [0]: the question
    for note in demo.session_notes(round_table.id):
        if note.kind == "quote":
            person = demo.participant(note.speaker_id)
            organisation = demo.organisation(person.organisation_id)
            assert said[f"“{note.text}”"] == [f"— {person.name}, {organisation.name}"]
    words = texts(part)
    assert any(w.startswith("Speakers: ") for w in words)
    assert any(w.startswith("Moderator: ") for w in words)


def test_the_annex_lists_exactly_the_consenting_participants(demo, story):
    directories = [f for f in story if isinstance(f, Directory)]
    people, organisations = directories
    listed = [p.name for p in demo.listed_participants()]
    assert [row[0] for row in people.rows] == listed
    assert [row[0] for row in organisations.rows] == [o.name for o in demo.organisations]
    hidden = [p.name for p in demo.participants if not p.consent_listed]
    assert hidden and not set(hidden) & {row[0] for row in people.rows}
    annex = story[next(i for i, f in enumerate(story) if f is people) - 6 :]
    assert not any(name in " ".join(texts(annex)) for name in hidden)


def test_the_contents_lists_days_sessions_and_annex(demo, story):
    lines = [f for f in story if isinstance(f, ContentsLine)]
    days = {s.day for s in demo.sessions}
    assert len(lines) == len(demo.sessions) + len(days) + 3  # annex, participants, organisations
    assert [line.level for line in lines][:2] == [0, 1]


def test_some_sessions_only(demo):
    chosen = [demo.sessions[5].id, demo.sessions[1].id]
    story = build_story(demo, labels=SynthesisLabels(), session_ids=chosen)
    headings = [f for f in story if isinstance(f, PlainText) and f.style.name == "s_session"]
    assert [h.getPlainText() for h in headings] == [demo.sessions[1].title, demo.sessions[5].title]


def test_the_pdf_opens_a4_with_its_text_and_contents(demo, pdf):
    out, pages = pdf
    reader = PdfReader(out)
    assert len(reader.pages) == pages > len(demo.sessions)
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "cœur" in text and "Rencontres des coopérations territoriales" in text
    assert f"Page 2 of {pages}" in one_line(text)
    assert reader.metadata.title.startswith("Rencontres des coopérations territoriales")
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "Annex" in outline


def test_the_contents_page_numbers_are_where_the_sessions_start(demo, pdf):
    out, _pages = pdf
    reader = PdfReader(out)
    pages = [one_line(page.extract_text()) for page in reader.pages]
    contents = pages[1]
    for session in demo.sessions[:6]:
        found = re.search(re.escape(one_line(session.title)) + r"\s*(\d+)", contents)
        assert found, session.title
        assert one_line(session.title) in pages[int(found.group(1)) - 1]


def test_only_dejavu_fonts_all_embedded(pdf):
    reader = PdfReader(pdf[0])
    fonts = {}
    for page in reader.pages:
        resources = page["/Resources"]
        for font in resources.get("/Font", {}).values():
            font = font.get_object()
            fonts[str(font["/BaseFont"])] = font
        for form in resources.get("/XObject", {}).values():
            for font in form.get_object().get("/Resources", {}).get("/Font", {}).values():
                font = font.get_object()
                fonts[str(font["/BaseFont"])] = font
    assert fonts and all("DejaVuSans" in name for name in fonts), sorted(fonts)
    for font in fonts.values():
        descendant = (
            font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        )
        assert "/FontFile2" in descendant["/FontDescriptor"]
    assert b"Helvetica" not in pdf[0].read_bytes()


def small(text: str, *, title: str = "Petites rencontres", name: str = "") -> EventSnapshot:
    """One session of each kind, every note holding `text`; `name` is the speaker's."""
    event = Event(title=title, start_date="2026-06-11", end_date="2026-06-11")
    speaker = Participant(name=name or "Élise Œuvrard", consent_listed=True)
    sessions = (
        Session(title=title, kind="plenary", question=text, day=""),
        Session(title="Café", kind="world_cafe", day="2026-06-11", position=1),
        Session(title="Arbre", kind="idea_tree", question=text, day="2026-06-11", position=2),
        Session(title="Grille", kind="grid", day="2026-06-11", position=3),
        Session(
            title="Table ronde",
            kind="round_table",
            day="2026-06-11",
            position=4,
            speaker_ids=(speaker.id,),
        ),
    )
    plenary, cafe, tree, grid, round_table = sessions
    table = CafeTable(session_id=cafe.id, number=1, theme=text, synthesis=text)
    column = Category(session_id=grid.id, name="Leviers")
    root = Note(session_id=tree.id, text="Amorcer", votes=2)
    notes = (
        Note(session_id=plenary.id, text=text, kind="decision"),
        Note(session_id=plenary.id, text=text, author="Léa"),
        Note(session_id=cafe.id, text=text, table_id=table.id),
        root,
        Note(session_id=tree.id, text=text, parent_id=root.id, votes=3),
        Note(session_id=grid.id, text=text, category_id=column.id, votes=1),
        Note(session_id=round_table.id, text=text, kind="quote", speaker_id=speaker.id),
        Note(session_id=round_table.id, text=text, speaker_id=speaker.id),
    )
    by_session: dict[str, list[Note]] = {}
    for note in notes:
        by_session.setdefault(note.session_id, []).append(note)
    return EventSnapshot(
        event=event,
        sessions=sessions,
        organisations=(),
        participants=(speaker,),
        fiches=(),
        notes={k: tuple(v) for k, v in by_session.items()},
        tables={cafe.id: (table,)},
        categories={grid.id: (column,)},
    )


def test_markup_like_text_prints_literally(tmp_path):
    out = tmp_path / "literal.pdf"
    build_synthesis(small(TRICKY), out, labels=SynthesisLabels())
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    assert one_line(TRICKY) in one_line(text)
    assert one_line(TRICKY) in texts(build_story(small(TRICKY), labels=SynthesisLabels()))


def test_long_words_and_long_notes_wrap_within_the_frame(tmp_path):
    word = "anticonstitutionnellementcoopérationsterritorialesœuvrées" * 2
    long_note = " ".join(["Être présent au cœur du réseau territorial."] * 90)  # 4,000 letters
    snapshot = small(f"{word} https://www.example.org/{word}/{word} {long_note}")
    story = build_story(snapshot, labels=SynthesisLabels())
    for item in flat(story):
        if isinstance(item, PlainText) and item._lines:
            style = item.style
            room = (item._for_width or 0) - style.leftIndent - style.rightIndent
            widths = [stringWidth(line, style.fontName, style.fontSize) for line in item._lines]
            assert max(widths) <= room + 0.01
    out = tmp_path / "long.pdf"
    pages = build_synthesis(snapshot, out, labels=SynthesisLabels())
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert word in re.sub(r"\s+", "", text)  # cut between letters, nothing lost
    assert pages >= 8


MARKUP = st.sampled_from(
    ["<b>", "</b>", "&", "&amp;", "</para>", "<font name=x>", "<br/>", "\x00", "\x0b", "\r\n"]
)
NOTE_TEXT = st.lists(
    st.one_of(st.text(max_size=40), MARKUP, st.text(alphabet="ab", min_size=80, max_size=200)),
    max_size=6,
).map("".join)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=NOTE_TEXT, name=NOTE_TEXT)
@example(  # a grid card cut inside its table cell: reportlab wants two parts or none
    text="delete" + "ab" * 120 + "b" * 36 + "\r\x85000000\x1b" + "a" * 80, name=""
)
def test_arbitrary_text_never_breaks_the_export(tmp_path_factory, text, name):
    out = tmp_path_factory.mktemp("fuzz") / "synthèse.pdf"
    snapshot = small(text, title=text, name=name)
    pages = build_synthesis(snapshot, out, labels=SynthesisLabels())
    assert pages == len(PdfReader(out).pages) >= 3


@given(
    text=st.text(max_size=300),
    width=st.floats(min_value=20, max_value=400),
)
def test_wrapped_lines_fit_and_keep_every_letter(text, width):
    lines, cut = wrap_lines(text, FONT, 9.5, width)
    assert not cut
    assert all(stringWidth(line, FONT, 9.5) <= width + 0.01 for line in lines)

    def letters(value: str) -> str:
        return "".join(c for c in value if c.isprintable() and not c.isspace()
                       and unicodedata.category(c) != "Cf")  # fmt: skip

    assert letters("".join(lines)) == letters(text)


def test_progress_is_told_and_cancel_leaves_no_file(demo, tmp_path):
    told: list[tuple[int, int]] = []
    out = tmp_path / "synthèse.pdf"
    build_synthesis(demo, out, labels=SynthesisLabels(), progress=lambda d, t: told.append((d, t)))
    total = told[-1][1]
    assert told[-1] == (total, total) and len(told) > len(demo.sessions)
    assert [d for d, _ in told] == sorted(d for d, _ in told)
    for stop_at in (3, total - 2):  # while the story is built, while the pages are laid out
        cancelled = tmp_path / f"cancelled-{stop_at}.pdf"

        def progress(done: int, _total: int, stop_at: int = stop_at) -> None:
            if done >= stop_at:
                raise Cancelled("stop")

        with pytest.raises(Cancelled):
            build_synthesis(demo, cancelled, labels=SynthesisLabels(), progress=progress)
        assert not cancelled.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["synthèse.pdf"]


def test_a_tree_too_large_for_a_page_ends_as_an_outline():
    tree = Session(title="Arbre", kind="idea_tree", question="Comment ?")
    root = Note(session_id=tree.id, text="Amorcer")
    notes = [root] + [
        Note(session_id=tree.id, text=f"Idée n° {i} : être présent au cœur", parent_id=root.id)
        for i in range(90)
    ]
    notes.append(Note(session_id=tree.id, text=TRICKY, parent_id=root.id, votes=4))
    snapshot = EventSnapshot(
        event=Event(title="T"),
        sessions=(tree,),
        organisations=(),
        participants=(),
        fiches=(),
        notes={tree.id: tuple(notes)},
    )
    story = build_story(snapshot, labels=SynthesisLabels())
    words = texts(story)
    assert all(f"Idée n° {i} : être présent au cœur" in words for i in range(90))
    assert any(w.startswith(TRICKY) for w in words)  # the outline: markup escaped, printed as typed
    assert any(isinstance(f, TreeDrawing) for f in story)  # the branch alone, drawn


def test_dates_in_english_and_in_french():
    english, french = SynthesisLabels(), SynthesisLabels.translated("fr")
    assert english.dates("2026-06-11", "2026-06-12") == "June 11–12, 2026"
    assert french.dates("2026-06-11", "2026-06-12") == "11–12 juin 2026"
    assert french.dates("2026-06-30", "2026-07-01") == "du 30 juin 2026 au 1er juillet 2026"
    assert english.dates("2026-06-11", "") == "June 11, 2026"
    assert french.day("2026-06-11") == "Jeudi 11 juin 2026"
    assert english.dates("bientôt", "") == "bientôt"
    assert english.number(2550) == "2,550"


def test_plain_text_lines_use_the_whole_width_and_keep_no_break_spaces():
    from facilitator_app.printing.styles import synthesis_styles

    style = synthesis_styles()["s_figure"]
    number = PlainText("2,550", style)
    number.wrap(stringWidth("2,550", style.fontName, style.fontSize) + 0.5, 100)
    assert number._lines == ["2,550"]  # a word that just fits stays on the first line
    quote = PlainText("du porteur de projet «\u202ftiers de confiance\u202f», sur", style)
    quote.wrap(stringWidth("du porteur de projet «\u202ftiers de confiance", FONT, 26), 500)
    assert all(not line.startswith("»") for line in quote._lines)  # « » stay with their words


def _jpeg(**save) -> bytes:  # noqa: ANN003
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (320, 240), (200, 120, 40)).save(out, format="JPEG", **save)
    return out.getvalue()


def test_photos_print_without_their_metadata_and_a_damaged_one_is_named(tmp_path):
    from PIL import Image as Picture

    from facilitator_app.core.model import Attachment

    exif = Picture.Exif()
    exif[0x013B] = "Lieu secret, 48.85 N"  # Artist: what a phone may write
    clean, tagged = _jpeg(), _jpeg(exif=exif.tobytes())
    snapshot = small("Une note")
    session = snapshot.sessions[0].id
    photos = tuple(
        Attachment(session_id=session, filename=name, media_type="image/jpeg", data=data,
                   caption=caption, position=i)
        for i, (name, data, caption) in enumerate([
            ("propre.jpg", clean, "Le paperboard"),
            ("exif.jpg", tagged, "Le mur"),
            ("abîmée.jpg", clean[:200], "Coupée"),
        ])
    )  # fmt: skip
    snapshot = EventSnapshot(**{**snapshot.__dict__, "attachments": {session: photos}})
    story = build_story(snapshot, labels=SynthesisLabels())
    assert sum(isinstance(f, Image) for f in flat(story)) == 2
    assert "The photo “abîmée.jpg” could not be printed." in texts(story)
    out = tmp_path / "photos.pdf"
    build_synthesis(snapshot, out, labels=SynthesisLabels())
    data = out.read_bytes()
    assert b"Lieu secret" not in data and b"Exif" not in data  # re-encoded without it
    assert clean[20:200] in data  # a photo with nothing to take out is embedded as it is
    text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Le paperboard" in text and "Le mur" in text


def test_a_tables_unsorted_notes_are_named_as_in_the_harvest(demo):
    """Notes of a table in no category come last under « No category », the window's name
    for them (core.harvest), once some of the table's notes have a category."""
    from dataclasses import replace

    cafe = next(s for s in demo.sessions if s.kind == "world_cafe")
    table = demo.tables[cafe.id][0]
    loose = Note(session_id=cafe.id, text="Une idée sans catégorie", table_id=table.id, position=99)
    notes = dict(demo.notes)
    notes[cafe.id] = (*demo.session_notes(cafe.id), loose)
    words = texts(
        session_part(build_story(replace(demo, notes=notes), labels=SynthesisLabels()), cafe.title)
    )
    assert "NO CATEGORY" in words
    assert words.index("NO CATEGORY") < words.index("Une idée sans catégorie")
    assert "NOT SORTED" not in words
