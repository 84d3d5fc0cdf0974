"""Duplicating a session and creating one from a template, on a real event file."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sessions import session_titled

from facilitator_app.core import commands
from facilitator_app.core.kinds import SessionKind
from facilitator_app.core.model import Session
from facilitator_app.core.templates import TEMPLATES, create_session, template
from facilitator_app.i18n import set_language


def set_up(store, session_id: str) -> dict:
    """What a session was set up with, ids and sessions left out: what a person compares."""
    return {
        "categories": [(c.name, c.position) for c in store.session_categories(session_id)],
        "tables": [
            (t.number, t.theme, t.host_id, t.capacity) for t in store.session_tables(session_id)
        ],
        "rounds": [(r.number, r.minutes, r.question) for r in store.session_rounds(session_id)],
    }


@pytest.mark.parametrize("title", ["World café « les fonctions »", "Grille des rouages"])
def test_a_duplicate_has_the_same_set_up_and_no_notes(store, title):
    original = session_titled(store, title)
    assert store.session_notes(original.id), "the demo session has notes to leave behind"
    command = commands.duplicate_session(store, original, title="Copie")
    command.apply(store)
    copy = session_titled(store, "Copie")
    assert copy.id != original.id
    assert (copy.kind, copy.day, copy.start, copy.end, copy.room, copy.question) == (
        original.kind,
        original.day,
        original.start,
        original.end,
        original.room,
        original.question,
    )
    assert set_up(store, copy.id) == set_up(store, original.id)
    assert set_up(store, copy.id)["categories"]  # there was something to copy
    assert store.session_notes(copy.id) == [] and store.session_seats(copy.id) == []
    assert all(t.synthesis == "" for t in store.session_tables(copy.id))
    assert set_up(store, original.id) == set_up(store, original.id)  # the original untouched


def test_the_duplicate_comes_just_after_and_undo_takes_it_away(store):
    original = session_titled(store, "Ouverture")
    day = [s.title for s in store.day_sessions(original.day)]
    inverse, changed = commands.duplicate_session(store, original, title="Ouverture (2)").apply(
        store
    )
    after = [s.title for s in store.day_sessions(original.day)]
    at = day.index("Ouverture")
    assert after == day[: at + 1] + ["Ouverture (2)"] + day[at + 1 :]
    assert "session" in changed.kinds
    redo, _ = inverse.apply(store)  # one undo step takes everything back
    assert [s.title for s in store.day_sessions(original.day)] == day
    redo.apply(store)
    assert [s.title for s in store.day_sessions(original.day)] == after


def test_an_idea_trees_duplicate_keeps_its_branches_only(store):
    tree = session_titled(store, "Arbre à idées")
    notes = store.session_notes(tree.id)
    branches = [n.text for n in notes if n.parent_id is None]
    assert len(branches) < len(notes)
    commands.duplicate_session(store, tree, title="Arbre 2").apply(store)
    copied = store.session_notes(session_titled(store, "Arbre 2").id)
    assert [n.text for n in copied] == branches
    assert all(n.votes == 0 and n.parent_id is None for n in copied)


def test_the_cafe_template_has_three_rounds_and_the_harvest_categories(store):
    set_language("fr")
    day = store.all_sessions()[0].day
    new = Session(title="Café de l’après-midi", day=day, position=9)
    inverse, _ = create_session(new, template("world_cafe")).apply(store)
    made = store.get(Session, new.id)
    assert made.kind is SessionKind.WORLD_CAFE
    assert [r.number for r in store.session_rounds(new.id)] == [1, 2, 3]
    assert [c.name for c in store.session_categories(new.id)] == [
        "Missions",
        "Actions",
        "Besoins d’accompagnement",
    ]
    inverse.apply(store)  # one undo step
    assert store.get(Session, new.id).deleted and not store.session_rounds(new.id)


def test_the_tree_and_grid_templates(store):
    set_language("fr")
    tree = Session(title="Arbre", kind=SessionKind.PLENARY)
    create_session(tree, template("idea_tree")).apply(store)
    assert store.get(Session, tree.id).kind is SessionKind.IDEA_TREE
    texts = [n.text for n in store.session_notes(tree.id)]
    assert texts == ["Amorcer", "Maintenir", "Renforcer"]
    for key, columns in [
        ("grid/keep_stop_start", ["À maintenir", "À arrêter", "À créer"]),
        ("grid/obstacles_levers", ["Freins", "Leviers"]),
    ]:
        grid = replace(Session(title=key), kind=SessionKind.PLENARY)
        create_session(grid, template(key)).apply(store)
        assert [c.name for c in store.session_categories(grid.id)] == columns


def test_every_template_has_a_unique_key_and_every_kind_a_plain_one():
    keys = [t.key for t in TEMPLATES]
    assert len(keys) == len(set(keys))
    plain = {t.kind for t in TEMPLATES if not (t.columns or t.branches or t.rounds)}
    assert plain == set(SessionKind) - {SessionKind.WORLD_CAFE, SessionKind.IDEA_TREE}
    with pytest.raises(KeyError):
        template("nope")
