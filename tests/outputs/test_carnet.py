"""The carnet de bord: what its story holds, the A4 PDF, and the booklet's page order."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.platypus import Paragraph

from facilitator_app.core.demo import build_demo
from facilitator_app.core.errors import Cancelled
from facilitator_app.core.model import Event, Fiche, Organisation, Participant, Session
from facilitator_app.core.snapshot import EventSnapshot
from facilitator_app.printing.booklet import saddle_stitch_order
from facilitator_app.printing.carnet import CarnetLabels, build_carnet, build_story
from facilitator_app.printing.carnet_pages import Cover, RuledSpace

TRICKY = "<b>gras</b> & </para> « Cœur » €"


@pytest.fixture(scope="module")
def demo() -> EventSnapshot:
    return EventSnapshot.from_records(build_demo())


@pytest.fixture(scope="module")
def a4(demo, tmp_path_factory) -> tuple[Path, int]:
    out = tmp_path_factory.mktemp("carnet") / "carnet.pdf"
    return out, build_carnet(demo, out, labels=CarnetLabels())


@pytest.fixture(scope="module")
def booklet(demo, tmp_path_factory) -> tuple[Path, int]:
    out = tmp_path_factory.mktemp("livret") / "livret.pdf"
    return out, build_carnet(demo, out, labels=CarnetLabels(), booklet=True)


def small(**fields) -> EventSnapshot:
    event = Event(title="Petites rencontres", start_date="2026-06-11", end_date="2026-06-11")
    organisation = Organisation(
        name=fields.get("org_name", "La Tréso"),
        presentation=fields.get("presentation", "Un tiers-lieu."),
        place=fields.get("place", "Malakoff"),
        website=fields.get("website", "https://www.latreso.fr/"),
    )
    people = (
        Participant(name="Élise Œuvrard", email="elise@example.org", consent_listed=True),
        Participant(name="Discrète Personne", email="discrete@example.org"),
    )
    return EventSnapshot(
        event=event,
        sessions=(Session(title="Ouverture", day="2026-06-11", start="09:00", end="09:30"),),
        organisations=(organisation,),
        participants=people,
        fiches=(
            Fiche(title=fields.get("fiche_title", "Coopérer"), body=fields.get("body", "Faire.")),
            Fiche(title="Vos attentes", body="Notez-les.", kind="exercise", position=1),
        ),
    )


def story_texts(story) -> list[str]:
    """Every paragraph's plain text, looking inside tables, groups, bands and the cover."""
    texts: list[str] = []

    def visit(item) -> None:
        if isinstance(item, Paragraph):
            texts.append(item.getPlainText())
        elif isinstance(item, list | tuple):
            for inner in item:
                visit(inner)
        elif isinstance(item, Cover):
            visit([item.top, item.middle, item.foot])
        for row in getattr(item, "_cellvalues", []):
            visit(list(row))
        visit_content = getattr(item, "_content", None)
        if visit_content:
            visit(visit_content)

    visit(story)
    return texts


def pdf_text(path: Path) -> str:
    return plain("\n".join(page.extract_text() for page in PdfReader(path).pages))


def plain(value: str) -> str:
    """No-break spaces as plain ones: « guillemets » print with a no-break space (U+00A0)."""
    return value.replace("\u202f", " ").replace("\u00a0", " ")


def test_story_holds_every_section_and_only_consenting_contacts(demo):
    story = build_story(demo, labels=CarnetLabels())
    texts = plain("\n".join(story_texts(story)))
    for session in demo.sessions:
        assert plain(session.title) in texts and plain(session.question) in texts
    exercises = [f for f in demo.fiches if f.kind == "exercise"]
    for fiche in demo.fiches:
        assert plain(fiche.title) in texts
    assert "www.latreso.fr" in texts  # an organisation's website, as people type it
    assert sum(isinstance(f, RuledSpace) for f in story) == len(exercises) + 2  # + note pages
    listed = demo.listed_participants()
    hidden = [p for p in demo.participants if not p.consent_listed]
    assert listed and hidden
    for person in listed:
        assert person.name in texts and person.email in texts
    for person in hidden:
        assert person.name not in texts and person.email not in texts


def test_a4_carnet_pdf(demo, a4):
    out, pages = a4
    reader = PdfReader(out)
    assert len(reader.pages) == pages > 10
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4)
    text = pdf_text(out)
    assert "Accueil café et remise du Carnet de Bord" in text  # programme titles
    assert "Atelier : l’accès au foncier" in text
    assert "www.latreso.fr" in text
    assert "Diagnostic de ma coopération avec les Rouages" in text  # an exercise
    assert "Alexandre Bigot-Verdier" in text and "alexandre.bigot-verdier@example.org" in text
    assert "Cécile Offroy" not in text and "cecile.offroy@example.org" not in text  # no consent
    for person in demo.participants:
        if not person.consent_listed:
            assert person.email not in text


def used_fonts(resources, fonts: dict) -> None:
    """Every font of `resources`, and of the forms it holds (a booklet's A5 pages)."""
    for font in resources.get("/Font", {}).values():
        font = font.get_object()
        fonts[str(font["/BaseFont"])] = font
    for xobject in resources.get("/XObject", {}).values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
            used_fonts(xobject["/Resources"].get_object(), fonts)


def test_only_dejavu_fonts_and_all_embedded(a4, booklet):
    for out in (a4[0], booklet[0]):
        fonts = {}
        for page in PdfReader(out).pages:
            used_fonts(page["/Resources"].get_object(), fonts)
        assert fonts
        for name, font in fonts.items():
            assert re.fullmatch(r"/[A-Z]{6}\+DejaVuSans(-Bold|-Oblique|-BoldOblique)?", name)
            assert "/FontFile2" in font["/FontDescriptor"]


def test_page_numbers_and_the_contents_agree(a4):
    pages = [positioned(page) for page in PdfReader(a4[0]).pages]
    assert not footer_numbers(pages[0])  # not on the cover
    for n, page in enumerate(pages[1:], 2):
        assert footer_numbers(page) == [n]
    assert_contents_true(pages)


def assert_contents_true(pages: list[list[tuple[float, float, str]]]) -> None:
    titles = ("Programme", "Invited organisations", "Exercises", "Notes", "Contacts")
    assert_contents_true_for(pages, titles)


def assert_contents_true_for(pages: list[list[tuple[float, float, str]]], titles) -> None:
    """Each section listed in the contents (page 2) starts on the page it gives."""
    contents = "\n".join(t for _, _, t in pages[1])
    for title in titles:
        number = int(re.search(rf"^{title}\n(\d+)$", contents, re.M).group(1))
        top = max(pages[number - 1], key=lambda item: item[1])[2]
        assert top == ("EXERCISE 1" if title == "Exercises" else title)


def positioned(page) -> list[tuple[float, float, str]]:
    """(x, y, text) of each piece of text drawn on `page`, in page coordinates, that of the
    forms it draws (the contents' page numbers) included: pypdf reports a form's text in the
    form's own coordinates, so they are carried through the matrix in force where it is drawn
    (`Do`)."""
    found: list[tuple[float, float, str]] = []
    outer: list[list[float]] = []  # the matrix of each form being drawn, innermost last

    def apply(matrix, x: float, y: float) -> tuple[float, float]:
        return (
            x * matrix[0] + y * matrix[2] + matrix[4],
            x * matrix[1] + y * matrix[3] + matrix[5],
        )

    def visit(text, cm, tm, font, size) -> None:
        if text.strip():
            x, y = apply(cm, tm[4], tm[5])
            for matrix in reversed(outer):
                x, y = apply(matrix, x, y)
            found.append((x, y, text.strip()))

    def before(operator, operands, cm, tm) -> None:
        if operator == b"Do":
            outer.append(list(cm))

    def after(operator, operands, cm, tm) -> None:
        if operator == b"Do":
            outer.pop()

    page.extract_text(visitor_text=visit, visitor_operand_before=before,
                      visitor_operand_after=after)  # fmt: skip
    return found


def footer_numbers(items, lo: float = 0, hi: float = 1e9) -> list[int]:
    """The page numbers printed in the footer band (bottom 15 mm) between x = lo and hi."""
    return [int(t) for x, y, t in items if y < 42 and lo <= x < hi and t.isdigit()]


def a5_pages(out: Path) -> list[list[tuple[float, float, str]]]:
    """Undo the imposition: the text of each A5 page, found on its half of its sheet side,
    with x measured from that half's left edge. Checks the sheets on the way."""
    reader = PdfReader(out)
    sides = len(reader.pages)
    assert sides % 2 == 0 and (2 * sides) % 4 == 0
    pages: dict[int, list[tuple[float, float, str]]] = {}
    for page, halves in zip(reader.pages, saddle_stitch_order(2 * sides), strict=True):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (width, height) == pytest.approx(landscape(A4), abs=0.5)
        items = positioned(page)
        for index, lo in zip(halves, (0, width / 2), strict=True):
            assert index is not None  # padded with note pages, never a blank half
            pages[index] = [(x - lo, y, t) for x, y, t in items if lo <= x < lo + width / 2]
    return [pages[i] for i in range(2 * sides)]


def test_booklet_pages_land_on_the_right_half_of_the_right_side(booklet):
    """THE imposition test: each printed A5 page number sits on the half of the sheet side
    that saddle-stitch order gives it, so the folded stack reads 1, 2, 3…"""
    out, sides = booklet
    assert len(PdfReader(out).pages) == sides
    pages = a5_pages(out)
    count = len(pages)
    assert count % 4 == 0 and count == 2 * sides
    assert "Rencontres des" in " ".join(t for _, _, t in pages[0])  # the cover, unnumbered
    assert footer_numbers(pages[0]) == [] and footer_numbers(pages[-1]) == []  # back cover
    for index in range(1, count - 1):
        assert footer_numbers(pages[index]) == [index + 1], f"A5 page {index + 1}"
        # the number sits on the outer corner: left on even pages, right on odd ones
        x = next(x for x, y, t in pages[index] if y < 42 and t.isdigit())
        assert (x > A5[0] / 2) == ((index + 1) % 2 == 1)
    # and literally: side 0 is (last, first), side 1 is (2, second last)
    reader = PdfReader(out)
    middle = float(reader.pages[1].mediabox.width) / 2
    assert footer_numbers(positioned(reader.pages[1]), 0, middle) == [2]
    assert footer_numbers(positioned(reader.pages[1]), middle) == [count - 1]
    assert footer_numbers(positioned(reader.pages[2]), middle) == [3]
    assert_contents_true(pages)


def test_a_short_booklet_is_padded_with_note_pages(tmp_path):
    out = tmp_path / "court.pdf"
    sides = build_carnet(small(), out, labels=CarnetLabels(), booklet=True)
    pages = a5_pages(out)
    assert len(pages) == 2 * sides and len(pages) % 4 == 0
    notes = [p for p in pages if max(p, key=lambda item: item[1])[2] == "Notes"]
    assert len(notes) >= 2
    assert_contents_true_for(pages, ("Programme", "Exercises", "Notes", "Contacts"))


def test_a5_story_is_the_same_design_smaller(demo):
    a4_story, a5_story = (build_story(demo, labels=CarnetLabels(), page_size=s) for s in (A4, A5))
    assert story_texts(a4_story) == story_texts(a5_story)

    def size(story) -> float:
        return next(p.style.fontSize for p in story if isinstance(p, Paragraph))

    assert 7.5 < size(a5_story) < size(a4_story)


def test_markup_like_text_prints_literally(tmp_path):
    snapshot = small(body=f"Avant {TRICKY} après", org_name=TRICKY, fiche_title=TRICKY)
    texts = [plain(t) for t in story_texts(build_story(snapshot, labels=CarnetLabels()))]
    assert TRICKY in texts and f"Avant {TRICKY} après" in texts
    out = tmp_path / "carnet.pdf"
    build_carnet(snapshot, out, labels=CarnetLabels())
    text = pdf_text(out)
    assert "<b>gras</b> & </para> « Cœur » €" in text
    assert "elise@example.org" in text and "discrete@example.org" not in text


def test_long_words_and_long_texts_wrap(tmp_path):
    word = "Anticonstitutionnellement" * 30
    snapshot = small(body=("Coopérer " * 600).strip(), presentation=word, website=word)
    out = tmp_path / "long.pdf"
    pages = build_carnet(snapshot, out, labels=CarnetLabels(), booklet=True)
    assert pages % 2 == 0 and word[:20] in pdf_text(out)


def test_fiche_structure_bullets_and_terms():
    body = "Introduction.\n\n- premier point\n- second point\n\nAnimation : rencontrer."
    texts = story_texts(build_story(small(body=body), labels=CarnetLabels()))
    assert "premier point" in texts and "second point" in texts
    assert "Animation : rencontrer." in texts  # the term is bold, the text unchanged


def test_empty_event_still_makes_a_booklet(tmp_path):
    snapshot = EventSnapshot(
        event=Event(title=""), sessions=(), organisations=(), participants=(), fiches=()
    )
    sides = build_carnet(snapshot, tmp_path / "vide.pdf", labels=CarnetLabels(), booklet=True)
    assert sides % 2 == 0 and len(PdfReader(tmp_path / "vide.pdf").pages) == sides


def test_progress_and_cancel(tmp_path):
    for booklet in (False, True):
        calls: list[tuple[int, int]] = []
        build_carnet(
            small(), tmp_path / "ok.pdf", labels=CarnetLabels(), booklet=booklet,
            progress=lambda done, total, calls=calls: calls.append((done, total)),
        )  # fmt: skip
        assert len(calls) > 5 and len({total for _, total in calls}) == 1
        done = [d for d, _ in calls]
        assert done == sorted(done) and done[0] >= 0 and done[-1] == calls[-1][1]

    def cancel(done: int, total: int) -> None:
        raise Cancelled()

    with pytest.raises(Cancelled):
        build_carnet(small(), tmp_path / "no.pdf", labels=CarnetLabels(), progress=cancel)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ok.pdf"]


def test_dates_in_english_and_in_french():
    labels = CarnetLabels()
    assert labels.format_date("2026-06-11") == "Thursday, June 11, 2026"
    event = Event(start_date="2026-06-11", end_date="2026-06-12")
    assert labels.dates(event) == "June 11–12, 2026"
    assert labels.dates(Event(start_date="2026-06-30", end_date="2026-07-01")) == (
        "June 30, 2026 to July 1, 2026"
    )
    assert labels.dates(Event(start_date="bientôt")) == "bientôt"
    french = CarnetLabels.translated("fr")  # the shipped catalogue, whatever the system speaks
    assert french.format_date("2026-06-11") == "jeudi 11 juin 2026"
    assert french.dates(event) == "11–12 juin 2026"
    assert french.dates(Event(start_date="2026-06-30", end_date="2026-07-01")) == (
        "du 30 juin 2026 au 1er juillet 2026"
    )


any_text = st.text(max_size=300)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=any_text, body=any_text, name=any_text, presentation=any_text, place=any_text)
def test_arbitrary_unicode_never_breaks_the_export(tmp_path_factory, title, body, name,
                                                    presentation, place):  # fmt: skip
    snapshot = small(
        fiche_title=title, body=body, org_name=name, presentation=presentation, place=place,
        website=presentation[:40],
    )  # fmt: skip
    out = tmp_path_factory.mktemp("h") / "carnet.pdf"
    pages = build_carnet(snapshot, out, labels=CarnetLabels())
    assert len(PdfReader(out).pages) == pages >= 5
