"""Grids on a real event file: presets, cards moved between columns and back, a deleted column
keeps its cards, and dot-vote rankings with shared ranks."""

from __future__ import annotations

from dataclasses import replace

import pytest

from facilitator_app import i18n
from facilitator_app.core.grids import PRESETS, Grid, ranking, set_votes
from facilitator_app.core.model import Category, Note


def grid_session(store):
    return next(s for s in store.all_sessions() if s.kind == "grid")


def read(store, session_id) -> Grid:
    return Grid.build(
        session_id, store.session_categories(session_id), store.session_notes(session_id)
    )


def layout(grid: Grid) -> dict[str, list[str]]:
    """Column name (« Not sorted » as None) → card texts, top to bottom."""
    names = {c.id: c.name for c in grid.columns}
    return {names.get(key): [n.text for n in grid.cards_in(key)] for key in grid.column_ids()}


@pytest.fixture
def grid(store):
    """The small event's grid, grown: Forces holds three cards, Freins one."""
    session = grid_session(store)
    forces = read(store, session.id).columns[0]
    for position, text in enumerate(("Écoute", "Œuvrer ensemble"), start=10):
        store.put(Note(session_id=session.id, text=text, category_id=forces.id, position=position))
    return session


def test_the_small_event_grid_reads_as_columns_of_cards(store, grid):
    assert layout(read(store, grid.id)) == {
        "Forces": ["Confiance", "Écoute", "Œuvrer ensemble"],
        "Freins": ["Manque de temps"],
    }


def test_presets_add_their_columns_translated_as_one_step(store, monkeypatch):
    session = next(s for s in store.all_sessions() if s.kind == "plenary")
    french = {"Keep doing": "À maintenir", "Stop doing": "À arrêter", "Start doing": "À créer"}
    monkeypatch.setitem(i18n._state, "catalog", french)  # as fr.json will say
    keep_stop_start = PRESETS[0]
    command = read(store, session.id).apply_preset(keep_stop_start)
    inverse, changes = command.apply(store)
    assert [c.name for c in store.session_categories(session.id)] == [
        "À maintenir",
        "À arrêter",
        "À créer",
    ]
    assert [c.position for c in store.session_categories(session.id)] == [0, 1, 2]
    assert changes.touches("category")
    inverse.apply(store)
    assert store.session_categories(session.id) == []
    monkeypatch.setitem(i18n._state, "catalog", {})
    names = [p.column_names() for p in PRESETS]
    assert names == [
        ("Keep doing", "Stop doing", "Start doing"),
        ("Obstacles", "Levers"),
        ("Expectations", "Obstacles", "Good practices"),
    ]


def test_a_preset_goes_after_the_columns_already_there(store, grid):
    read(store, grid.id).apply_preset(PRESETS[1]).apply(store)
    assert [(c.name, c.position) for c in store.session_categories(grid.id)] == [
        ("Forces", 0),
        ("Freins", 1),
        ("Obstacles", 2),
        ("Levers", 3),
    ]


def test_moving_a_card_to_another_column_and_back(store, grid):
    before = layout(read(store, grid.id))
    board = read(store, grid.id)
    freins = board.columns[1].id
    ecoute = next(n for n in board.all_cards() if n.text == "Écoute")
    inverse, changes = board.move_card(ecoute.id, freins, 0).apply(store)
    after = read(store, grid.id)
    assert layout(after) == {
        "Forces": ["Confiance", "Œuvrer ensemble"],
        "Freins": ["Écoute", "Manque de temps"],
    }
    assert [n.position for n in after.cards_in(freins)] == [0, 1]
    assert [n.position for n in after.cards_in(board.columns[0].id)] == [0, 1]
    assert store.get(Note, ecoute.id).category_id == freins
    assert ecoute.id in changes.ids
    redo, _ = inverse.apply(store)
    assert layout(read(store, grid.id)) == before
    redo.apply(store)
    assert layout(read(store, grid.id))["Freins"] == ["Écoute", "Manque de temps"]


def test_moving_a_card_within_its_column(store, grid):
    board = read(store, grid.id)
    forces = board.columns[0].id
    first = board.cards_in(forces)[0]
    board.move_card(first.id, forces, 5).apply(store)  # past the end: the bottom
    assert layout(read(store, grid.id))["Forces"] == ["Écoute", "Œuvrer ensemble", "Confiance"]
    board = read(store, grid.id)
    moved = board.cards_in(forces)[2]
    board.move_card(moved.id, forces, 1).apply(store)
    assert layout(read(store, grid.id))["Forces"] == ["Écoute", "Confiance", "Œuvrer ensemble"]


def test_a_card_dropped_where_it_is_changes_nothing(store, grid):
    board = read(store, grid.id)
    forces = board.columns[0].id
    second = board.cards_in(forces)[1]
    assert board.move_card(second.id, forces, 1) is None
    with pytest.raises(KeyError):
        board.move_card(second.id, "no such column", 0)


def test_deleting_a_column_keeps_its_cards_unsorted(store, grid):
    board = read(store, grid.id)
    store.put(Note(session_id=grid.id, text="Déjà là, sans colonne", position=3))
    board = read(store, grid.id)
    forces = board.columns[0]
    inverse, _ = board.delete_column(forces.id).apply(store)
    after = read(store, grid.id)
    assert [c.name for c in after.columns] == ["Freins"]
    assert layout(after) == {
        "Freins": ["Manque de temps"],
        None: ["Déjà là, sans colonne", "Confiance", "Écoute", "Œuvrer ensemble"],
    }
    assert store.get(Category, forces.id).deleted
    inverse.apply(store)
    assert layout(read(store, grid.id))["Forces"] == ["Confiance", "Écoute", "Œuvrer ensemble"]


def test_not_sorted_shows_only_when_it_holds_cards(store, grid):
    board = read(store, grid.id)
    assert None not in board.column_ids()
    card = board.cards_in(board.columns[1].id)[0]
    board.move_card(card.id, None, 0).apply(store)
    assert read(store, grid.id).column_ids()[-1] is None


def test_add_rename_and_move_columns(store, grid):
    board = read(store, grid.id)
    assert board.add_column("   ") is None
    board.add_column("Idées d’avenir").apply(store)
    board = read(store, grid.id)
    assert [c.name for c in board.columns] == ["Forces", "Freins", "Idées d’avenir"]
    future = board.columns[2]
    assert board.rename_column(future.id, "Idées d’avenir") is None
    board.rename_column(future.id, "Pistes").apply(store)
    board = read(store, grid.id)
    assert board.move_column(future.id, 2) is None
    inverse, _ = board.move_column(future.id, 0).apply(store)
    assert [c.name for c in read(store, grid.id).columns] == ["Pistes", "Forces", "Freins"]
    inverse.apply(store)
    assert [c.name for c in read(store, grid.id).columns] == ["Forces", "Freins", "Pistes"]


def test_a_card_added_to_a_column_goes_at_the_bottom(store, grid):
    board = read(store, grid.id)
    freins = board.columns[1].id
    assert board.add_card(freins, "  ", created_at="2026-06-12T10:00:00") is None
    board.add_card(freins, "Œuvrer ensemble à l’école", created_at="2026-06-12T10:00:00").apply(
        store
    )
    assert layout(read(store, grid.id))["Freins"] == [
        "Manque de temps",
        "Œuvrer ensemble à l’école",
    ]


def test_ranking_shares_ranks_on_ties_and_keeps_position_order():
    notes = [
        Note(text="b", votes=5, position=1),
        Note(text="a", votes=7, position=2),
        Note(text="d", votes=5, position=0),
        Note(text="c", votes=2, position=3),
        Note(text="gone", votes=99, position=4, deleted=True),
    ]
    ranked = ranking(notes)
    assert [(r.rank, r.note.text) for r in ranked] == [(1, "a"), (2, "d"), (2, "b"), (4, "c")]
    assert ranking([]) == []
    zero = [Note(text="x"), Note(text="y", position=1)]
    assert [r.rank for r in ranking(zero)] == [1, 1]


def test_set_votes_skips_a_count_that_is_already_there(store, grid):
    card = read(store, grid.id).all_cards()[0]
    assert card.votes == 2
    assert set_votes(card, 2) is None
    set_votes(card, 7).apply(store)
    assert store.get(Note, card.id).votes == 7
    assert set_votes(replace(card, votes=7), -3).changes == (("votes", 0),)


def test_several_cards_move_together_in_the_order_given(store, grid):
    board = read(store, grid.id)
    forces, freins = (c.id for c in board.columns)
    confiance, ecoute, oeuvrer = board.cards_in(forces)
    inverse, _ = board.move_cards([oeuvrer.id, confiance.id], freins, 1).apply(store)
    assert layout(read(store, grid.id)) == {
        "Forces": ["Écoute"],
        "Freins": ["Manque de temps", "Œuvrer ensemble", "Confiance"],
    }
    inverse.apply(store)
    assert layout(read(store, grid.id))["Forces"] == ["Confiance", "Écoute", "Œuvrer ensemble"]
