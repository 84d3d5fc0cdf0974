"""Print and export from the page where the work is (issue 15, point 3 and defect 1): the
Seating plan page prints the café's plans; the idea tree saves .mm, .opml, .png and .svg;
a grid and a vote ranking save CSV that French spreadsheets open as they are."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog

from facilitator_app.core.commands import add, add_note
from facilitator_app.core.model import CafeTable, Category, Event, Participant, Round, Session
from facilitator_app.gui.document import EventDocument
from facilitator_app.gui.widgets.grid import GridEditor
from facilitator_app.gui.widgets.idea_tree import IdeaTreeEditor
from facilitator_app.gui.widgets.seating import SeatingEditor
from facilitator_app.gui.widgets.votes import VotesPanel
from facilitator_app.store import create_event, open_event

NAMES = ["Amélie", "Bérénice", "Cédric", "Daniel", "Élodie", "Fanny", "Gaël", "Hélène"]


@pytest.fixture
def chosen(monkeypatch):
    """The save dialog answers with the path the test puts in `chosen[0]`; what it was
    asked (its suggested path) is kept in `chosen[1]`."""
    answer: list = [None, None]

    def save_name(_parent, _title, suggested, _filters):
        answer[1] = suggested
        return (str(answer[0]), "")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_name))
    return answer


@pytest.fixture
def cafe_document(tmp_path, qtbot):
    path = tmp_path / "café.recolte"
    store = create_event(path, Event(title="Café des coopérations"))
    other = store.put(Session(title="Autre café", kind="world_cafe", day="2026-06-12"))
    cafe = store.put(Session(title="World café « fonctions »", kind="world_cafe", day="2026-06-11"))
    people = [store.put(Participant(name=f"{n} Martin")) for n in NAMES]
    for number in (1, 2):
        store.put(CafeTable(session_id=cafe.id, number=number, theme=f"Thème n°{number}"))
        store.put(Round(session_id=cafe.id, number=number, minutes=20))
    store.put(CafeTable(session_id=other.id, number=1, theme="Ailleurs"))
    store.put(Round(session_id=other.id, number=1, minutes=20))
    store.close()
    document = EventDocument(open_event(path))
    yield document, cafe.id, people
    document.close()


def test_the_seating_page_prints_its_cafe(qtbot, cafe_document, tmp_path, chosen):
    document, session_id, _people = cafe_document
    editor = SeatingEditor(document)
    qtbot.addWidget(editor)
    editor.set_session(session_id)
    assert not editor.print_button.isEnabled()  # nobody seated yet: nothing to print
    editor.compute(time_limit=0.5, wait=True)
    assert editor.print_button.isEnabled() and editor.print_button.toolTip()

    chosen[0] = tmp_path / "plans à imprimer.pdf"
    editor.print_button.click()
    assert chosen[1].endswith("World café « fonctions » – Table plans.pdf")
    qtbot.waitUntil(lambda: editor.exports.job is None, timeout=60_000)
    out = chosen[0]
    assert out.exists(), editor.exports.outcome
    pages = PdfReader(out).pages
    text = " ".join(" ".join(page.extract_text().split()) for page in pages)
    # a page per round, the itinerary cards, a tent per table
    assert len(pages) == 2 + 1 + 2
    assert "Table 1 · Thème n°1" in text and "Table 2 · Thème n°2" in text
    for name in NAMES:
        assert f"{name} Martin" in text
    assert "Ailleurs" not in text  # the other café is not in this café's plans
    assert f"{len(pages)} pages" in editor.exports.outcome
    assert editor.exports.box is not None and editor.exports.box.isVisible()


def test_a_cancelled_print_leaves_no_file(qtbot, cafe_document, tmp_path):
    document, session_id, _people = cafe_document
    editor = SeatingEditor(document)
    qtbot.addWidget(editor)
    editor.set_session(session_id)
    editor.compute(time_limit=0.5, wait=True)
    out = tmp_path / "plans.pdf"
    job = editor.print_plans(out)
    assert job is not None
    job.cancel()
    qtbot.waitUntil(lambda: editor.exports.job is None, timeout=60_000)
    assert not out.exists() and "cancelled" in editor.exports.outcome


@pytest.fixture
def tree_session(document):
    session = Session(title="Arbre « amorcer »", kind="idea_tree", question="Comment amorcer ?")
    document.push(add(session))
    branch = add_note(session_id=session.id, text="Animer", position=0, created_at=document.now())
    document.push(branch)
    for position, text in enumerate(("Créer des temps de convivialité", "Cœur & « lien »")):
        document.push(
            add_note(
                session_id=session.id,
                text=text,
                position=position,
                parent_id=branch.record.id,
                votes=position + 1,
                created_at=document.now(),
            )
        )
    return session


@pytest.mark.parametrize("kind", ["mm", "opml", "png", "svg"])
def test_the_idea_tree_exports(qtbot, document, tree_session, tmp_path, chosen, kind):
    editor = IdeaTreeEditor(document)
    qtbot.addWidget(editor)
    editor.resize(1000, 600)
    editor.show()
    editor.set_session(tree_session.id)
    assert editor.export_action.isEnabled()
    chosen[0] = tmp_path / f"arbre.{kind}"
    editor.export_actions[kind].trigger()
    out = chosen[0]
    assert out.exists(), editor.exports.outcome
    assert chosen[1].endswith(f".{kind}") and "Arbre « amorcer »" in chosen[1]
    if kind == "png":
        image = QImage(str(out))
        assert not image.isNull() and image.width() > 200
        colours = {
            image.pixel(x, y)
            for x in range(0, image.width(), 7)
            for y in range(0, image.height(), 7)
        }
        assert len(colours) > 5  # the boxes and their text, not a blank picture
        return
    root = ET.parse(out).getroot()
    texts = " ".join(
        value for element in root.iter() for value in (element.text or "", *element.attrib.values())
    )
    if kind == "svg":
        assert root.tag.endswith("svg")
        assert "Animer" in texts  # text stays text in the drawing
        return
    assert "Comment amorcer ?" in texts and "Cœur & « lien »" in texts


@pytest.fixture
def grid_session(document):
    session = Session(title="Freins; leviers", kind="grid", day="2026-06-12")
    document.push(add(session))
    obstacles = Category(session_id=session.id, name="Freins", position=0)
    levers = Category(session_id=session.id, name="Leviers; atouts", position=1)
    document.push(add(obstacles))
    document.push(add(levers))
    cards = [
        ("Le manque de temps ; l’été", obstacles, 2),
        ("=SOMME(A1)", obstacles, 0),
        ("Prendre le temps « ensemble »", levers, 5),
    ]
    for position, (text, column, votes) in enumerate(cards):
        document.push(
            add_note(
                session_id=session.id,
                text=text,
                position=position,
                category_id=column.id,
                votes=votes,
                created_at=document.now(),
            )
        )
    return session


def read_csv(path):
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with its mark: Excel reads the accents
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.reader(stream, delimiter=";"))


def test_a_grid_exports_csv(qtbot, document, grid_session, tmp_path, chosen):
    editor = GridEditor(document)
    qtbot.addWidget(editor)
    editor.set_session(grid_session.id)
    chosen[0] = tmp_path / "grille.csv"
    editor.csv_button.click()
    rows = read_csv(chosen[0])
    assert rows[0] == ["Column", "Card", "Votes", "Author"]
    assert rows[1:] == [
        ["Freins", "Le manque de temps ; l’été", "2", ""],
        ["Freins", "'=SOMME(A1)", "0", ""],  # never run as a formula
        ["Leviers; atouts", "Prendre le temps « ensemble »", "5", ""],
    ]


def test_a_grid_prints(qtbot, document, grid_session, tmp_path, chosen):
    editor = GridEditor(document)
    qtbot.addWidget(editor)
    editor.set_session(grid_session.id)
    chosen[0] = tmp_path / "grille.pdf"
    editor.print_button.click()
    qtbot.waitUntil(lambda: editor.exports.job is None, timeout=60_000)
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(chosen[0]).pages)
    assert "Leviers; atouts" in text and "Prendre le temps « ensemble »" in text


def test_the_vote_ranking_exports_csv(qtbot, document, grid_session, tmp_path, chosen):
    panel = VotesPanel(document)
    qtbot.addWidget(panel)
    panel.set_session(grid_session.id)
    assert not panel.model.is_ranking()  # the CSV is the ranking whatever the page shows
    chosen[0] = tmp_path / "votes.csv"
    panel.csv_button.click()
    rows = read_csv(chosen[0])
    assert rows[0] == ["Rank", "Note", "Where it sits", "Votes"]
    assert rows[1] == ["1", "Prendre le temps « ensemble »", "Leviers; atouts", "5"]
    assert rows[2] == ["2", "Le manque de temps ; l’été", "Freins", "2"]
    assert [row[3] for row in rows[1:]] == ["5", "2", "0"]
