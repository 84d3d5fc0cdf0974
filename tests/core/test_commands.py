"""Undo/redo as data: every command's apply → inverse → apply round trip on a real event file."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sessions import session_titled

from facilitator_app.core import commands
from facilitator_app.core.commands import AddRecord, Batch, ChangeSet, MoveSession, UpdateRecord
from facilitator_app.core.errors import NotFound
from facilitator_app.core.model import (
    RECORD_TYPES,
    Note,
    Participant,
)
from facilitator_app.store import open_event


def live_state(store) -> dict[str, dict]:
    """Every live record of the event, stamps left out: what a person sees."""
    return {
        t.COLLECTION: {r.id: replace(r, updated_at="", clock=()) for r in store.all(t)}
        for t in RECORD_TYPES
    }


def full_state(store) -> dict[str, dict]:
    """Every record, tombstones included, stamps left out."""
    return {
        name: {r.id: replace(r, updated_at="", clock=()) for r in records}
        for name, records in store.snapshot().items()
    }


def programme(store) -> list[tuple[str, str, int]]:
    return [(s.day, s.title, s.position) for s in store.all_sessions()]


def round_trip(store, command, state=full_state):
    """Apply, undo, redo, undo; checks that undo and redo give back the states before/after."""
    before = state(store)
    inverse, changed = command.apply(store)
    after = state(store)
    assert after != before, "the command changed nothing"
    redo, _ = inverse.apply(store)
    assert state(store) == before, "undo did not give back the state before"
    again, _ = redo.apply(store)
    assert state(store) == after, "redo did not give back the state after"
    again.apply(store)  # and undo once more, for good measure
    assert state(store) == before
    return before, after, changed


def test_add_note_round_trip(store):
    cafe = session_titled(store, "World café « les fonctions »")
    count = len(store.session_notes(cafe.id))
    command = commands.add_note(
        session_id=cafe.id,
        text="Une idée neuve : l’œuf ou la poule ? 🥚",
        position=count,
        created_at="2026-06-11T10:42:00",
        kind="question",
    )
    before, after, changed = round_trip(store, command, state=live_state)
    assert changed == ChangeSet(frozenset({"note"}), frozenset({command.record.id}))
    added = after["notes"][command.record.id]
    assert added.text == "Une idée neuve : l’œuf ou la poule ? 🥚" and added.position == count
    assert set(after["notes"]) - set(before["notes"]) == {command.record.id}
    # the last step of round_trip was an undo: the note is a tombstone, not a gap
    assert store.get(Note, command.record.id).deleted


def test_undoing_an_add_keeps_a_tombstone_not_a_gap(store):
    cafe = session_titled(store, "Arbre à idées")
    command = AddRecord(Note(session_id=cafe.id, text="Éphémère"))
    inverse, _ = command.apply(store)
    inverse.apply(store)
    assert command.record.id not in {n.id for n in store.session_notes(cafe.id)}
    tombstone = store.get(Note, command.record.id)
    assert tombstone is not None and tombstone.deleted and tombstone.text == "Éphémère"


def test_update_record_round_trip_with_french_text(store):
    note = store.session_notes(session_titled(store, "Ouverture").id)[1]
    command = commands.edit_note_text(note, "Déjeuner déplacé à 13 h — « salle Œ »\u202f!")
    round_trip(store, command)
    inverse, _ = command.apply(store)
    assert store.require(Note, note.id).text == "Déjeuner déplacé à 13 h — « salle Œ »\u202f!"
    inverse.apply(store)
    assert store.require(Note, note.id).text == note.text


def test_update_of_several_fields_round_trip(store):
    person = store.all(Participant)[0]
    command = commands.update(
        person,
        name="Élise Œuvrard-Çelik",
        consent_listed=False,
        organisation_id=None,
        role="Présidente",
    )
    round_trip(store, command)


def test_batch_is_one_undo_step(store):
    notes = store.session_notes(session_titled(store, "World café « les fonctions »").id)
    command = commands.batch(
        [
            commands.edit_note_text(notes[0], "Réécrit"),
            commands.update(notes[1], votes=7, tags=("budget", "priorité")),
            commands.delete(notes[2]),
            commands.edit_note_text(notes[0], "Réécrit deux fois"),
        ],
        label="Regroupement",
    )
    before, after, _ = round_trip(store, command)
    assert after["notes"][notes[0].id].text == "Réécrit deux fois"
    assert after["notes"][notes[2].id].deleted
    inverse, _ = command.apply(store)
    assert isinstance(inverse, Batch) and inverse.label == "Regroupement"


def test_a_failing_batch_leaves_nothing_half_done(store):
    note = store.session_notes(session_titled(store, "Ouverture").id)[0]
    before = full_state(store)
    broken = Batch(
        (
            commands.edit_note_text(note, "Ceci ne doit pas rester"),
            UpdateRecord(Note, "00000000-0000-4000-8000-000000000000", (("text", "x"),)),
        )
    )
    with pytest.raises(NotFound):
        broken.apply(store)
    assert full_state(store) == before
    store.close()
    with open_event(store.path) as reopened:  # and nothing of it reached the file
        assert full_state(reopened) == before


def test_move_session_to_another_day_round_trip(store):
    before_programme = programme(store)
    moving = session_titled(store, "Arbre à idées")  # day 1, third
    command = MoveSession(moving.id, "2026-06-12", 1)
    round_trip(store, command)
    command.apply(store)
    day2 = [s.title for s in store.all_sessions() if s.day == "2026-06-12"]
    assert day2 == ["Grille des rouages", "Arbre à idées", "Table ronde : collectivités", "Clôture"]
    assert [s.position for s in store.all_sessions() if s.day == "2026-06-12"] == [0, 1, 2, 3]
    assert "Arbre à idées" not in [s.title for s in store.all_sessions() if s.day == "2026-06-11"]
    assert programme(store) != before_programme


def test_move_session_within_a_day_round_trip(store):
    opening = session_titled(store, "Ouverture")
    command = MoveSession(opening.id, opening.day, 99)  # past the end: goes last
    round_trip(store, command)
    command.apply(store)
    day1 = [s.title for s in store.all_sessions() if s.day == opening.day]
    assert day1 == ["World café « les fonctions »", "Arbre à idées", "Ouverture"]


def test_delete_undo_restores_same_id_and_position(store):
    cafe = session_titled(store, "World café « les fonctions »")
    notes = store.session_notes(cafe.id)
    victim = notes[1]
    inverse, changed = commands.delete(victim).apply(store)
    assert victim.id in changed.ids
    assert [n.id for n in store.session_notes(cafe.id)] == [
        n.id for n in notes if n.id != victim.id
    ]
    assert store.get(Note, victim.id).deleted  # a tombstone for merges, not a missing row
    assert store.counts()["notes"] == 12
    inverse.apply(store)
    restored = store.session_notes(cafe.id)
    assert [n.id for n in restored] == [n.id for n in notes]
    assert replace(restored[1], updated_at="", clock=()) == replace(victim, updated_at="", clock=())


def test_delete_several_round_trip(store):
    people = store.all(Participant)[:3]
    before, after, changed = round_trip(store, commands.delete(people))
    assert changed.kinds == {"participant"} and changed.ids == {p.id for p in people}
    assert all(after["participants"][p.id].deleted for p in people)


def test_undo_is_a_new_edit_that_wins_a_merge(store):
    note = store.session_notes(session_titled(store, "Clôture").id)[0]
    inverse, _ = commands.edit_note_text(note, "Au revoir").apply(store)
    edited = store.require(Note, note.id).updated_at
    inverse.apply(store)
    undone = store.require(Note, note.id)
    assert undone.text == note.text
    assert undone.updated_at > edited > note.updated_at


def test_typing_in_one_field_merges_other_edits_do_not(store):
    first, second = store.session_notes(session_titled(store, "Ouverture").id)[:2]
    a = commands.edit_note_text(first, "B")
    b = commands.edit_note_text(first, "Bo")
    assert a.merge_key is not None and a.merge_key == b.merge_key
    assert commands.edit_note_text(second, "B").merge_key != a.merge_key
    assert commands.update(first, text="x").merge_key is None
    assert commands.delete(first).merge_key is None
    assert AddRecord(Note(session_id=first.session_id)).merge_key is None


# -- property: any edits, then every undo in reverse order, give the event back --------------

TEXT = st.text(alphabet=st.sampled_from("aeiouéèàçœŒ’«» \u202f€🎉ABCxyz\n"), max_size=30)
EDIT = st.one_of(
    st.tuples(st.just("add"), st.integers(0, 5), TEXT),
    st.tuples(st.just("text"), st.integers(0, 1000), TEXT),
    st.tuples(st.just("votes"), st.integers(0, 1000), st.integers(0, 50)),
    st.tuples(st.just("tags"), st.integers(0, 1000), st.lists(TEXT, max_size=3)),
    st.tuples(
        st.just("kind"),
        st.integers(0, 1000),
        st.sampled_from(["idea", "quote", "decision", "question", "action", "observation"]),
    ),
    st.tuples(st.just("delete"), st.integers(0, 1000), st.none()),
    st.tuples(st.just("batch"), st.integers(0, 1000), TEXT),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(EDIT, min_size=1, max_size=12))
def test_any_edits_then_all_undos_give_back_the_live_records(store, edits):
    sessions = store.all_sessions()
    before = live_state(store)
    undo_stack = []
    for action, index, value in edits:
        notes = store.all(Note)
        if action == "add" or not notes:
            session = sessions[index % len(sessions)]
            command = commands.add_note(
                session_id=session.id,
                text=value or "nouvelle note",
                position=store.next_position(Note, session_id=session.id),
                created_at="2026-06-11T12:00:00",
            )
        else:
            note = notes[index % len(notes)]
            if action == "text":
                command = commands.edit_note_text(note, value)
            elif action == "votes":
                command = commands.update(note, votes=value)
            elif action == "tags":
                command = commands.update(note, tags=tuple(value))
            elif action == "kind":
                command = commands.update(note, kind=value)
            elif action == "delete":
                command = commands.delete(note)
            else:
                other = notes[(index + 1) % len(notes)]
                command = commands.batch(
                    [
                        commands.edit_note_text(note, value),
                        commands.delete(other),
                        commands.update(note, votes=note.votes + 1),
                    ],
                    label="Lot",
                )
        inverse, _ = command.apply(store)
        undo_stack.append(inverse)
    for inverse in reversed(undo_stack):
        inverse.apply(store)
    assert live_state(store) == before
