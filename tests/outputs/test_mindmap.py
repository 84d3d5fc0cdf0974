"""Idea trees as Freeplane/FreeMind maps and OPML outlines, read back with ElementTree."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace
from email.utils import parsedate_to_datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator_app.core.errors import NotFound, RecolteError
from facilitator_app.core.ideas import build_forest
from facilitator_app.core.model import Event, Note, Session
from facilitator_app.formats.mindmap import (
    IdeaTree,
    NotAnIdeaTree,
    load_idea_tree,
    write_mindmap,
)
from facilitator_app.store import create_event

TRICKY = "« Cœur & <âme> » — l’œuvre \"citée\" 'ici' & c’est tout ; 12\u202f€ 🌱"

SESSION = Session(
    title="Arbre à idées « coopérer »",
    kind="idea_tree",
    question="Comment coopérer & durer ?",
)


def note(text: str, *, parent: Note | None = None, position: int = 0, **fields) -> Note:
    return Note(
        session_id=SESSION.id,
        text=text,
        parent_id=parent.id if parent else None,
        position=position,
        **fields,
    )


def sample_notes() -> list[Note]:
    """Three levels, positions given out of writing order, votes, kinds and a tricky text."""
    amorcer = note("Amorcer", position=0)
    maintenir = note("Maintenir", position=1)
    renforcer = note("Renforcer", position=2, kind="question")
    return [
        renforcer,
        note("Ouvrir à d’autres", parent=renforcer, position=0, votes=2),
        note("Animer", parent=amorcer, position=1, votes=6),
        note("Rendre visible", parent=amorcer, position=0, votes=5),
        maintenir,
        amorcer,
        note("Mettre en récit", position=3),
        note(TRICKY, parent=maintenir, position=0, kind="quote", author="Léa « L » Marchand"),
    ]


def expected_outline(notes: list[Note]) -> list[tuple[int, str]]:
    """(depth, text) in reading order, computed independently of the exporter."""
    by_parent: dict[str | None, list[Note]] = {}
    for item in notes:
        by_parent.setdefault(item.parent_id, []).append(item)
    out: list[tuple[int, str]] = []

    def visit(parent: str | None, depth: int) -> None:
        for child in sorted(by_parent.get(parent, []), key=lambda n: n.position):
            out.append((depth, child.text))
            visit(child.id, depth + 1)

    visit(None, 1)
    return out


def read_outline(element: ET.Element, tag: str, text_attribute: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []

    def visit(parent: ET.Element, depth: int) -> None:
        for child in parent.findall(tag):
            out.append((depth, child.get(text_attribute)))
            visit(child, depth + 1)

    visit(element, 1)
    return out


def tree_of(notes: list[Note], session: Session = SESSION) -> IdeaTree:
    return IdeaTree(session, build_forest(notes))


def test_freeplane_map_keeps_depth_order_and_text(tmp_path):
    notes = sample_notes()
    out = write_mindmap(tree_of(notes), tmp_path / "arbre.mm")
    raw = out.read_bytes()
    assert raw.startswith(b'<map version="freeplane 1.9.13">')  # FreeMind looks for this
    assert raw.isascii()  # every accent as a character reference: any reader's encoding
    document = ET.parse(out).getroot()
    assert document.tag == "map"
    (root,) = document.findall("node")
    assert root.get("TEXT") == "Comment coopérer & durer ?"
    assert read_outline(root, "node", "TEXT") == expected_outline(notes)
    assert read_outline(root, "node", "TEXT")[:4] == [
        (1, "Amorcer"),
        (2, "Rendre visible"),
        (2, "Animer"),
        (1, "Maintenir"),
    ]


def test_freeplane_branches_sides_colours_and_attributes(tmp_path):
    notes = sample_notes()
    root = ET.parse(write_mindmap(tree_of(notes), tmp_path / "arbre.mm")).getroot()[0]
    branches = root.findall("node")
    assert [b.get("POSITION") for b in branches] == ["right", "left", "right", "left"]
    colours = [b.get("COLOR") for b in branches]
    assert all(c and c.startswith("#") for c in colours) and len(set(colours)) == 4
    assert all(b.find("edge").get("COLOR") == b.get("COLOR") for b in branches)
    nodes = {n.get("TEXT"): n for n in root.iter("node")}
    attributes = {
        text: {a.get("NAME"): a.get("VALUE") for a in element.findall("attribute")}
        for text, element in nodes.items()
    }
    assert attributes["Animer"] == {"votes": "6"}
    assert attributes["Amorcer"] == {}  # no votes, an idea: nothing to add
    assert attributes["Renforcer"] == {"kind": "question"}
    assert attributes[TRICKY] == {"kind": "quote", "author": "Léa « L » Marchand"}
    assert all(n.get("POSITION") is None for n in nodes[TRICKY].iter("node"))
    ids = [n.get("ID") for n in root.iter("node")]
    assert len(set(ids)) == len(ids) and all(i.startswith("ID_") for i in ids)


def test_opml_outline_is_valid_and_nested(tmp_path):
    notes = sample_notes()
    out = write_mindmap(tree_of(notes), tmp_path / "arbre.opml")
    assert out.read_bytes().startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    document = ET.parse(out).getroot()
    assert document.tag == "opml" and document.get("version") == "2.0"
    assert [child.tag for child in document] == ["head", "body"]
    assert document.findtext("head/title") == "Arbre à idées « coopérer »"
    assert parsedate_to_datetime(document.findtext("head/dateCreated")).tzinfo is not None
    (root,) = document.findall("body/outline")
    assert root.get("text") == "Comment coopérer & durer ?"
    assert read_outline(root, "outline", "text") == expected_outline(notes)
    outlines = {o.get("text"): o for o in root.iter("outline")}
    assert outlines["Animer"].get("votes") == "6"
    assert outlines["Amorcer"].get("votes") is None and outlines["Amorcer"].get("kind") is None
    assert outlines["Renforcer"].get("kind") == "question"
    assert outlines[TRICKY].get("author") == "Léa « L » Marchand"


def test_orphans_are_branches_and_deleted_notes_are_left_out():
    parent = note("Supprimée", position=0, deleted=True)
    orphan = note("Enfant de la supprimée", parent=parent, position=5)
    lost = Note(session_id=SESSION.id, text="Parent inconnu", parent_id="nowhere", position=1)
    kept = note("Gardée", position=2)
    gone_child = note("Supprimée aussi", parent=kept, deleted=True)
    tree = tree_of([parent, orphan, lost, kept, gone_child])
    assert [(d, n.text) for d, n in tree.walk()] == [
        (1, "Parent inconnu"),
        (1, "Gardée"),
        (1, "Enfant de la supprimée"),
    ]


def test_ties_are_broken_by_creation_then_id():
    a = Note(id="b", session_id=SESSION.id, text="créée après", created_at="2026-06-11T10:00")
    b = Note(id="a", session_id=SESSION.id, text="créée avant", created_at="2026-06-11T09:00")
    c = Note(id="c", session_id=SESSION.id, text="même instant", created_at="2026-06-11T09:00")
    assert [n.text for _, n in tree_of([a, c, b]).walk()] == [
        "créée avant",
        "même instant",
        "créée après",
    ]


def test_a_parent_loop_still_shows_every_note_once():
    a = note("A")
    b = note("B", parent=a, position=1)
    a = replace(a, parent_id=b.id)
    itself = Note(session_id=SESSION.id, text="Moi", position=3)
    itself = replace(itself, parent_id=itself.id)
    walked = [(d, n.text) for d, n in tree_of([a, b, itself]).walk()]
    assert walked == [(1, "A"), (2, "B"), (1, "Moi")]  # by position, as on screen


def test_the_title_is_the_root_when_there_is_no_question(tmp_path):
    session = replace(SESSION, question="  ")
    out = write_mindmap(tree_of([], session), tmp_path / "vide.opml")
    assert ET.parse(out).getroot().find("body/outline").get("text") == session.title
    out = write_mindmap(tree_of([], session), tmp_path / "vide.mm")
    assert ET.parse(out).getroot().find("node").get("TEXT") == session.title


def test_newlines_survive_and_control_characters_are_dropped(tmp_path):
    text = "Première ligne\nseconde ligne\tfin\x0b\x00"
    for name, tag, attribute in (("l.mm", "node", "TEXT"), ("l.opml", "outline", "text")):
        out = write_mindmap(tree_of([note(text)]), tmp_path / name)
        texts = [e.get(attribute) for e in ET.parse(out).getroot().iter(tag)]
        assert texts[-1] == "Première ligne\nseconde ligne\tfin"


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=("Cs", "Cc", "Cn")), max_size=200))
def test_any_printable_text_round_trips(tmp_path_factory, text):
    folder = tmp_path_factory.mktemp("mm")
    for name, tag, attribute in (("t.mm", "node", "TEXT"), ("t.opml", "outline", "text")):
        out = write_mindmap(tree_of([note(text)]), folder / name)
        texts = [e.get(attribute) for e in ET.parse(out).getroot().iter(tag)]
        assert texts[-1] == text


def test_an_unknown_suffix_writes_nothing(tmp_path):
    with pytest.raises(RecolteError, match=r"\.mm.*\.opml"):
        write_mindmap(tree_of(sample_notes()), tmp_path / "arbre.txt")
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def records(tmp_path):
    with create_event(tmp_path / "arbres.recolte", Event(title="Arbres")) as store:
        store.put(SESSION)
        for item in sorted(sample_notes(), key=lambda n: n.parent_id is not None):
            store.put(item)  # parents first: the file checks that a parent exists
        cafe = store.put(Session(title="Café « du matin »", kind="world_cafe"))
        gone = store.put(Session(title="Arbre supprimé", kind="idea_tree", deleted=True))
        yield store, cafe, gone


def test_load_from_the_store(records):
    store, _, _ = records
    tree = load_idea_tree(store, SESSION.id)
    assert [(d, n.text) for d, n in tree.walk()] == expected_outline(sample_notes())
    deleted = store.put(replace(store.all(Note, text="Animer")[0], deleted=True))
    assert deleted.text not in [n.text for _, n in load_idea_tree(store, SESSION.id).walk()]


def test_load_refuses_other_sessions_in_one_sentence(records):
    store, cafe, gone = records
    with pytest.raises(NotAnIdeaTree, match="“Café « du matin »” is not an idea tree."):
        load_idea_tree(store, cafe.id)
    for missing in (gone.id, "00000000-0000-4000-8000-000000000000"):
        with pytest.raises(NotFound, match="There is no session with id"):
            load_idea_tree(store, missing)
