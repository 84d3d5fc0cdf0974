"""Idea trees: the forest built from notes (orphans, cycles), the outline edits and their undo
on a real event file, and a drawn layout whose boxes never overlap."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator_app.core import ideas
from facilitator_app.core.commands import Batch
from facilitator_app.core.idea_layout import layout_tree
from facilitator_app.core.model import Event, Note, Session
from facilitator_app.store import create_event


@pytest.fixture
def tree_store(tmp_path):
    """An idea tree: A (A1, A2 (A2a), A3), B, C; and a plenary with one note."""
    store = create_event(tmp_path / "arbre.recolte", Event(title="Rencontres"))
    session = store.put(
        Session(title="Arbre à idées", kind="idea_tree", question="Comment coopérer ?")
    )
    other = store.put(Session(title="Plénière", kind="plenary", position=1))
    ids = {}

    def node(text, parent=None, position=0):
        note = store.put(
            Note(
                session_id=session.id,
                text=text,
                parent_id=ids.get(parent),
                position=position,
                created_at="2026-06-11T10:00:00",
            )
        )
        ids[text] = note.id

    node("A"), node("B", position=1), node("C", position=2)
    node("A1", "A", 0), node("A2", "A", 1), node("A3", "A", 2), node("A2a", "A2", 0)
    store.put(Note(session_id=other.id, text="Bienvenue"))
    store.ids = ids  # type: ignore[attr-defined]
    store.session = session  # type: ignore[attr-defined]
    yield store
    store.close()


def forest_of(store) -> ideas.Forest:
    return ideas.build_forest(store.session_notes(store.session.id), session_id=store.session.id)


def outline(store) -> list[str]:
    """The tree as indented text, read back from the file; checks that positions increase
    among siblings (deleting leaves gaps; adding and moving renumber 0, 1, 2…)."""
    forest = forest_of(store)
    for parent in [None, *forest.walk()]:
        positions = [forest.notes[k].position for k in forest.children_of(parent)]
        assert positions == sorted(set(positions))
    return ["  " * forest.depth(i) + forest.notes[i].text for i in forest.walk()]


START = ["A", "  A1", "  A2", "    A2a", "  A3", "B", "C"]


def apply_and_undo(store, command, expected):
    """Apply `command`, check the outline, undo it, check the outline is back, redo it."""
    assert isinstance(command, Batch)
    before = outline(store)
    inverse, _ = command.apply(store)
    assert outline(store) == expected
    redo, _ = inverse.apply(store)
    assert outline(store) == before
    redo.apply(store)
    assert outline(store) == expected


# -- building the forest ------------------------------------------------------------------


def test_forest_follows_parents_and_positions(tree_store):
    forest = forest_of(tree_store)
    ids = tree_store.ids
    assert outline(tree_store) == START
    assert forest.roots == (ids["A"], ids["B"], ids["C"])
    assert forest.depth(ids["A2a"]) == 2 and forest.depth(ids["B"]) == 0
    assert forest.path(ids["A2a"]) == (ids["A"], ids["A2"], ids["A2a"])
    assert forest.branch_of(ids["A2a"]) == ids["A"]
    assert forest.subtree(ids["A2"]) == [ids["A2"], ids["A2a"]]
    assert forest.row(ids["A3"]) == 2
    assert forest.is_under(ids["A2a"], ids["A"]) and not forest.is_under(ids["A"], ids["A2a"])
    assert "Bienvenue" not in [n.text for n in forest.notes.values()]  # another session


def test_orphans_become_top_level_branches():
    gone = Note(text="Effacée", deleted=True)
    notes = [
        Note(id="n1", text="Sans parent connu", parent_id="absent", position=5),
        Note(id="n2", text="Parent effacé", parent_id=gone.id, position=1),
        Note(id="n3", text="Sous n2", parent_id="n2"),
        gone,
    ]
    forest = ideas.build_forest(notes)
    assert forest.roots == ("n2", "n1")
    assert forest.children_of("n2") == ("n3",)
    assert gone.id not in forest


def test_a_cycle_is_broken_the_same_way_whatever_the_order():
    notes = [
        Note(id="a", text="a", parent_id="c", position=2),
        Note(id="b", text="b", parent_id="a", position=0),
        Note(id="c", text="c", parent_id="b", position=1),
        Note(id="d", text="d", parent_id="d"),  # its own parent
        Note(id="e", text="e", parent_id="b"),
    ]
    first = ideas.build_forest(notes)
    # b sorts first in the cycle a → c → b → a: it becomes the branch
    assert set(first.roots) == {"b", "d"}
    assert first.path("a") == ("b", "c", "a")
    assert first.children_of("b") == ("e", "c")  # by position
    for seed in range(5):
        shuffled = notes[:]
        random.Random(seed).shuffle(shuffled)
        assert ideas.build_forest(shuffled) == first


def test_ties_in_position_follow_creation_then_id():
    notes = [
        Note(id="z", text="z", created_at="2026-06-11T10:00:01"),
        Note(id="y", text="y", created_at="2026-06-11T10:00:00"),
        Note(id="x", text="x", created_at="2026-06-11T10:00:01"),
    ]
    assert ideas.build_forest(notes).roots == ("y", "x", "z")


# -- edits and their undo -----------------------------------------------------------------


def test_add_child_at_the_end_and_in_the_middle(tree_store):
    ids = tree_store.ids
    command = ideas.add_child(
        forest_of(tree_store),
        ids["A2"],
        session_id=tree_store.session.id,
        created_at="2026-06-11T11:00:00",
        text="Être présent au cœur du réseau",
    )
    assert command.label == "Add idea"
    apply_and_undo(
        tree_store,
        command,
        ["A", "  A1", "  A2", "    A2a", "    Être présent au cœur du réseau", "  A3", "B", "C"],
    )
    first = ideas.add_child(
        forest_of(tree_store),
        ids["A"],
        session_id=tree_store.session.id,
        created_at="2026-06-11T11:00:00",
        text="En tête",
        index=0,
    )
    assert len(first.commands) == 4  # the new idea, and A1, A2, A3 one place down
    expected = ["A", "  En tête", "  A1", "  A2", "    A2a", "    Être présent au cœur du réseau"]
    apply_and_undo(tree_store, first, expected + ["  A3", "B", "C"])


def test_add_branch_and_sibling(tree_store):
    branch = ideas.add_child(
        forest_of(tree_store), None, session_id=tree_store.session.id, created_at="t", text="D"
    )
    assert branch.label == "Add branch"
    apply_and_undo(tree_store, branch, [*START, "D"])
    sibling = ideas.add_sibling(
        forest_of(tree_store), tree_store.ids["A1"], created_at="t", text="A1 bis"
    )
    expected = ["A", "  A1", "  A1 bis", "  A2", "    A2a", "  A3", "B", "C", "D"]
    apply_and_undo(tree_store, sibling, expected)


def test_indent_and_outdent(tree_store):
    ids = tree_store.ids
    forest = forest_of(tree_store)
    assert ideas.indent(forest, ids["A1"]) is None  # nothing above it to go under
    assert ideas.outdent(forest, ids["B"]) is None  # already a branch
    command = ideas.indent(forest, ids["A3"])
    assert command is not None and command.label == "Indent"
    apply_and_undo(tree_store, command, ["A", "  A1", "  A2", "    A2a", "    A3", "B", "C"])
    command = ideas.outdent(forest_of(tree_store), ids["A2a"])
    assert command is not None and command.label == "Outdent"
    apply_and_undo(tree_store, command, ["A", "  A1", "  A2", "    A3", "  A2a", "B", "C"])
    command = ideas.outdent(forest_of(tree_store), ids["A1"])
    apply_and_undo(tree_store, command, ["A", "  A2", "    A3", "  A2a", "A1", "B", "C"])


def test_move_renumbers_what_it_leaves_and_joins(tree_store):
    ids = tree_store.ids
    command = ideas.move(forest_of(tree_store), ids["A2"], ids["B"], 0)
    assert command is not None and command.label == "Move idea"
    apply_and_undo(tree_store, command, ["A", "  A1", "  A3", "B", "  A2", "    A2a", "C"])
    # only what changed is written: A1 keeps its place, A3 goes from 2 to 1, A2 changes parent
    touched = {c.record_id: dict(c.changes) for c in command.commands}
    assert touched == {
        ids["A2"]: {"parent_id": ids["B"], "position": 0},
        ids["A3"]: {"position": 1},
    }


def test_move_several_and_to_the_top_level(tree_store):
    ids = tree_store.ids
    command = ideas.move(forest_of(tree_store), [ids["A3"], ids["A1"], ids["A2a"]], None, 1)
    apply_and_undo(tree_store, command, ["A", "  A2", "A1", "A2a", "A3", "B", "C"])


def test_a_node_cannot_go_under_itself_or_its_descendants(tree_store):
    ids = tree_store.ids
    forest = forest_of(tree_store)
    for target in ("A", "A2", "A2a"):
        assert not ideas.can_move(forest, ids["A"], ids[target])
        assert ideas.move(forest, ids["A"], ids[target], 0) is None
    assert not ideas.can_move(forest, [ids["B"], ids["A2"]], ids["A2a"])
    assert ideas.can_move(forest, ids["A2a"], ids["B"])
    assert ideas.move(forest, ids["A2"], ids["A"], 1) is None  # where it already is
    assert outline(tree_store) == START


def test_shift_among_siblings(tree_store):
    ids = tree_store.ids
    forest = forest_of(tree_store)
    assert ideas.shift(forest, ids["A1"], -1) is None
    assert ideas.shift(forest, ids["A3"], 1) is None
    apply_and_undo(
        tree_store,
        ideas.shift(forest, ids["A1"], 1),
        ["A", "  A2", "    A2a", "  A1", "  A3", "B", "C"],
    )
    apply_and_undo(
        tree_store,
        ideas.shift(forest_of(tree_store), ids["C"], -1),
        ["A", "  A2", "    A2a", "  A1", "  A3", "C", "B"],
    )


def test_delete_takes_the_subtree_and_undo_brings_it_all_back(tree_store):
    ids = tree_store.ids
    command = ideas.delete_subtree(forest_of(tree_store), ids["A2"])
    assert command is not None and command.label == "Delete idea"
    apply_and_undo(tree_store, command, ["A", "  A1", "  A3", "B", "C"])
    assert tree_store.get(Note, ids["A2a"]).deleted  # a tombstone, not a gap
    several = ideas.delete_subtree(forest_of(tree_store), [ids["A"], ids["A1"], ids["C"]])
    assert several is not None and several.label == "Delete ideas"
    assert len(several.commands) == 4  # A, A1, A3 and C: A1 once
    apply_and_undo(tree_store, several, ["B"])
    assert ideas.delete_subtree(forest_of(tree_store), []) is None


def test_field_edits_push_only_changes(tree_store):
    note = forest_of(tree_store).notes[tree_store.ids["A1"]]
    assert ideas.edit_text(note, "A1") is None
    assert ideas.edit_text(note, "  \n ") is None
    assert ideas.set_kind(note, "idea") is None and ideas.set_kind(note, "poème") is None
    assert ideas.set_votes(note, 0) is None and ideas.set_votes(note, -1) is None
    edit = ideas.edit_text(note, "« Coopérer »\nautrement")
    assert edit is not None and edit.merge_key is not None  # typing merges
    edit.apply(tree_store)
    ideas.set_kind(tree_store.get(Note, note.id), "question").apply(tree_store)
    ideas.set_votes(tree_store.get(Note, note.id), 7).apply(tree_store)
    stored = tree_store.get(Note, note.id)
    assert (stored.text, stored.kind, stored.votes) == ("« Coopérer » autrement", "question", 7)


# -- layout -------------------------------------------------------------------------------


def assert_tidy(forest, sizes, layout):
    boxes = list(layout.boxes.values()) + [layout.root]
    assert set(layout.boxes) == set(forest.notes)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not a.overlaps(b), (a, b)
    for node, box in layout.boxes.items():
        assert (box.width, box.height) == sizes[node]
        parent = forest.parent_of(node)
        above = layout.root if parent is None else layout.boxes[parent]
        if layout.sides[node] > 0:
            assert box.x > above.right  # children grow away from the root
        else:
            assert box.right < above.x


def test_layout_of_the_tree_has_no_overlaps(tree_store):
    forest = forest_of(tree_store)
    sizes = {
        i: (100.0 + 20 * len(forest.notes[i].text), 30.0 + 7 * k)
        for k, i in enumerate(forest.notes)
    }
    layout = layout_tree(forest, sizes, (240.0, 60.0))
    assert_tidy(forest, sizes, layout)
    assert layout.root.x == -120 and layout.root.y == -30  # the question at the centre
    ids = tree_store.ids
    assert layout.sides[ids["A"]] == 1 and layout.sides[ids["A2a"]] == 1
    a2 = layout.boxes[ids["A2"]]
    assert a2.centre_y == pytest.approx(
        layout.boxes[ids["A2a"]].centre_y
    )  # a parent beside its only child


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 40), st.floats(20, 220), st.floats(18, 120)),
        min_size=0,
        max_size=40,
    )
)
def test_random_trees_are_laid_out_without_overlaps(rows):
    notes = []
    for k, (parent, _w, _h) in enumerate(rows):
        parent_id = f"n{parent}" if parent < k and parent % 3 else None
        notes.append(Note(id=f"n{k}", text=str(k), parent_id=parent_id, position=k % 4))
    forest = ideas.build_forest(notes)
    sizes = {f"n{k}": (w, h) for k, (_p, w, h) in enumerate(rows)}
    assert_tidy(forest, sizes, layout_tree(forest, sizes, (200.0, 50.0)))


def test_branch_colours_differ_in_lightness():
    def lightness(colour: str) -> float:
        r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    first_three = sorted(lightness(ideas.branch_colour(i)) for i in range(3))
    assert first_three[1] - first_three[0] > 0.15 and first_three[2] - first_three[1] > 0.15
    assert ideas.branch_colour(len(ideas.BRANCH_COLOURS)) == ideas.branch_colour(0)


def test_forest_ignores_deleted_nodes_of_a_real_file(tree_store):
    note = tree_store.get(Note, tree_store.ids["A2"])
    tree_store.put(replace(note, deleted=True))  # its child A2a is an orphan now
    forest = forest_of(tree_store)
    ids = tree_store.ids
    assert note.id not in forest
    assert set(forest.roots) == {ids["A"], ids["A2a"], ids["B"], ids["C"]}
    assert forest.children_of(ids["A"]) == (ids["A1"], ids["A3"])
