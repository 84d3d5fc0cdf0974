"""`export-mindmap EVENT SESSION_ID OUT.mm|OUT.opml` on the demo event, run for real."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from cli_run import ok, one_line_error, run

from facilitator_app.core.model import Note
from facilitator_app.paths import resource
from facilitator_app.store import open_event

pytestmark = pytest.mark.skipif(
    not resource("demo", "rencontres.json").exists(), reason="no demo content"
)

TREE_TITLE = "Arbres à idées : les coopérations territoriales en mouvement"


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("arbres") / "démo.recolte"
    ok("demo", path)
    return path


@pytest.fixture(scope="module")
def tree(demo):
    """The demo's idea tree: its session and, independently of the exporter, its outline."""
    with open_event(demo, readonly=True) as store:
        session = next(s for s in store.all_sessions() if s.title == TREE_TITLE)
        notes = store.all(Note, session_id=session.id)
        other = next(s for s in store.all_sessions() if s.kind != "idea_tree")
    children: dict[str | None, list[Note]] = {}
    for note in notes:
        children.setdefault(note.parent_id, []).append(note)
    outline: list[tuple[int, str]] = []

    def visit(parent: str | None, depth: int) -> None:
        for note in sorted(children.get(parent, []), key=lambda n: (n.position, n.created_at)):
            outline.append((depth, note.text))
            visit(note.id, depth + 1)

    visit(None, 1)
    assert len(outline) == len(notes)  # the demo tree has no orphans
    votes = {note.text: note.votes for note in notes}
    return session, outline, votes, other


def read(element: ET.Element, tag: str, attribute: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []

    def visit(parent: ET.Element, depth: int) -> None:
        for child in parent.findall(tag):
            out.append((depth, child.get(attribute)))
            visit(child, depth + 1)

    visit(element, 1)
    return out


def test_freeplane_map_of_the_demo_tree(demo, tree, tmp_path):
    session, outline, votes, _ = tree
    out = tmp_path / "arbre à idées.mm"
    result = ok("export-mindmap", demo, session.id, out)
    assert str(out) in result.stdout and f"{len(outline)} notes" in result.stdout
    document = ET.parse(out).getroot()
    assert document.tag == "map" and document.get("version").startswith("freeplane")
    (root,) = document.findall("node")
    assert root.get("TEXT") == session.question
    found = read(root, "node", "TEXT")
    assert found == outline
    assert max(depth for depth, _ in found) >= 3
    for node in root.iter("node"):
        attributes = {a.get("NAME"): a.get("VALUE") for a in node.findall("attribute")}
        if node is not root and votes[node.get("TEXT")] > 0:
            assert attributes["votes"] == str(votes[node.get("TEXT")])
        else:
            assert "votes" not in attributes


def test_opml_outline_of_the_demo_tree(demo, tree, tmp_path):
    session, outline, votes, _ = tree
    out = tmp_path / "arbre.OPML"
    ok("export-mindmap", demo, session.id, out)
    document = ET.parse(out).getroot()
    assert document.tag == "opml" and document.get("version") == "2.0"
    assert document.findtext("head/title") == TREE_TITLE
    (root,) = document.findall("body/outline")
    assert root.get("text") == session.question
    assert read(root, "outline", "text") == outline
    voted = {o.get("text"): int(o.get("votes")) for o in root.iter("outline") if o.get("votes")}
    assert voted == {text: n for text, n in votes.items() if n > 0}


@pytest.mark.parametrize("name", ["arbre.pdf", "arbre", "arbre.mm.txt"])
def test_another_suffix_is_refused_in_one_line(demo, tree, tmp_path, name):
    session = tree[0]
    line = one_line_error(run("export-mindmap", demo, session.id, tmp_path / name))
    assert ".mm" in line and ".opml" in line
    assert list(tmp_path.iterdir()) == []


def test_a_session_that_is_not_a_tree_is_refused(demo, tree, tmp_path):
    other = tree[3]
    line = one_line_error(run("export-mindmap", demo, other.id, tmp_path / "arbre.mm"))
    assert other.title in line and "not an idea tree" in line
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_session_is_refused(demo, tmp_path):
    line = one_line_error(run("export-mindmap", demo, "pas-une-session", tmp_path / "a.opml"))
    assert "pas-une-session" in line
    assert list(tmp_path.iterdir()) == []
