"""Round tables: speakers, moderator and attributed quotes, written to a real event file."""

from __future__ import annotations

import pytest

from facilitator_app.core import round_table as rt
from facilitator_app.core.commands import update
from facilitator_app.core.model import Event, Note, Participant, Session
from facilitator_app.store import create_event, open_event


@pytest.fixture
def path(tmp_path):
    path = tmp_path / "table-ronde.recolte"
    store = create_event(path, Event(title="Rencontres"))
    for name in ("Laurent Buchaillat", "Anaïs Decagny", "Benoît Messéane", "Anne-Laure Federici"):
        store.put(Participant(name=name))
    store.put(Session(title="Table ronde", kind="round_table"))
    store.close()
    return path


@pytest.fixture
def store(path):
    with open_event(path) as store:
        yield store


def people(store) -> dict[str, Participant]:
    return {p.name.split()[0]: p for p in store.all(Participant)}


def table(store) -> Session:
    return next(s for s in store.all_sessions() if s.kind == "round_table")


def apply(store, command):
    assert command is not None
    inverse, _ = command.apply(store)
    return inverse


def test_speakers_are_added_moved_and_removed_in_speaking_order(store, path):
    p = people(store)
    for first in ("Laurent", "Anaïs", "Benoît"):
        apply(store, rt.add_speaker(table(store), p[first].id))
    assert rt.add_speaker(table(store), p["Anaïs"].id) is None  # already speaks
    undo_move = apply(store, rt.move_speaker(table(store), p["Benoît"].id, 0))
    assert rt.move_speaker(table(store), p["Benoît"].id, 0) is None  # already first
    assert rt.move_speaker(table(store), p["Anne-Laure"].id, 0) is None  # not a speaker
    with open_event(path, readonly=True) as other:
        assert table(other).speaker_ids == (p["Benoît"].id, p["Laurent"].id, p["Anaïs"].id)
    apply(store, undo_move)
    assert table(store).speaker_ids == (p["Laurent"].id, p["Anaïs"].id, p["Benoît"].id)
    command = rt.remove_speaker(table(store), p["Anaïs"].id)
    assert command.label == "Remove speaker"
    apply(store, command)
    assert table(store).speaker_ids == (p["Laurent"].id, p["Benoît"].id)
    assert rt.remove_speaker(table(store), p["Anaïs"].id) is None
    apply(store, rt.move_speaker(table(store), p["Laurent"].id, 99))  # clamped to the end
    assert table(store).speaker_ids == (p["Benoît"].id, p["Laurent"].id)
    apply(store, rt.add_speaker(table(store), p["Anaïs"].id, index=1))
    assert table(store).speaker_ids == (p["Benoît"].id, p["Anaïs"].id, p["Laurent"].id)


def test_moderator_is_set_cleared_and_undone(store):
    federici = people(store)["Anne-Laure"]
    command = rt.set_moderator(table(store), federici.id)
    assert command.label == "Set moderator"
    undo = apply(store, command)
    assert table(store).moderator_id == federici.id
    assert rt.set_moderator(table(store), federici.id) is None
    apply(store, undo)
    assert table(store).moderator_id is None
    assert rt.set_moderator(table(store), None) is None
    assert rt.set_moderator(table(store), "") is None  # the combo's empty choice


def test_a_guest_speaker_becomes_a_participant_in_one_step(store):
    result = rt.add_new_speaker(table(store), "  Pascal   Andriot ")
    assert result is not None
    guest, command = result
    undo = apply(store, command)
    assert store.require(Participant, guest.id).name == "Pascal Andriot"
    assert table(store).speaker_ids == (guest.id,)
    apply(store, undo)
    assert table(store).speaker_ids == ()
    assert store.require(Participant, guest.id).deleted
    assert rt.add_new_speaker(table(store), "   ") is None


def test_quote_note_and_attribution_set_speaker_and_author_together(store, path):
    p = people(store)
    command = rt.quote_note(
        session_id=table(store).id,
        text="Une page à écrire ensemble.",
        participant=p["Anaïs"],
        position=0,
        created_at="2026-06-12T15:50:00",
    )
    apply(store, command)
    with open_event(path, readonly=True) as other:
        note = other.require(Note, command.record.id)
    assert (note.kind, note.author, note.speaker_id) == ("quote", "Anaïs Decagny", p["Anaïs"].id)

    undo = apply(store, rt.attribute(note, p["Benoît"]))
    moved = store.require(Note, note.id)
    assert (moved.author, moved.speaker_id) == ("Benoît Messéane", p["Benoît"].id)
    assert rt.attribute(moved, p["Benoît"]) is None
    apply(store, undo)
    assert store.require(Note, note.id).speaker_id == p["Anaïs"].id
    apply(store, rt.attribute(store.require(Note, note.id), None))
    cleared = store.require(Note, note.id)
    assert (cleared.author, cleared.speaker_id) == ("", None)

    plain = rt.quote_note(
        session_id=table(store).id,
        text="Tour de table",
        participant=None,
        position=1,
        created_at="2026-06-12T15:51:00",
        kind="observation",
    )
    assert (plain.record.kind, plain.record.author, plain.record.speaker_id) == (
        "observation",
        "",
        None,
    )


def test_the_current_name_of_a_renamed_speaker_is_shown(store):
    anais = people(store)["Anaïs"]
    note = Note(session_id=table(store).id, kind="quote", author=anais.name, speaker_id=anais.id)
    apply(store, update(anais, name="Anaïs Decagny-Roux"))
    participants = {p.id: p for p in store.all(Participant)}
    assert rt.speaker_name(note, participants) == "Anaïs Decagny-Roux"
    assert rt.speaker_name(Note(author="Invitée"), participants) == "Invitée"
    assert rt.speaker_name(Note(speaker_id="gone", author="Ancien nom"), {}) == "Ancien nom"


def test_notes_grouped_by_speaker_in_speaking_order(store):
    p = people(store)
    session = table(store)
    apply(store, rt.add_speaker(session, p["Benoît"].id))
    apply(store, rt.add_speaker(table(store), p["Laurent"].id))
    apply(store, rt.add_speaker(table(store), p["Anaïs"].id))
    apply(store, rt.set_moderator(table(store), p["Anne-Laure"].id))
    session = table(store)

    def said(text, who=None, kind="quote", author=""):
        return Note(
            session_id=session.id,
            text=text,
            kind=kind,
            speaker_id=who.id if who else None,
            author=who.name if who else author,
        )

    notes = [
        said("Contexte", kind="observation"),
        said("Un autre imaginaire", p["Laurent"]),
        said("Bienvenue", p["Anne-Laure"], kind="observation"),
        said("Une invitée parle", author="Invitée"),
        said("Simplifier", p["Benoît"]),
        said("Le temps long", p["Laurent"], kind="idea"),
        Note(session_id="another", text="Ailleurs", speaker_id=p["Laurent"].id),
        Note(session_id=session.id, text="Effacé", speaker_id=p["Laurent"].id, deleted=True),
    ]
    participants = {x.id: x for x in store.all(Participant)}
    groups = rt.group_by_speaker(session, notes, participants)
    assert [(g.name, [n.text for n in g.notes]) for g in groups] == [
        ("Benoît Messéane", ["Simplifier"]),
        ("Laurent Buchaillat", ["Un autre imaginaire", "Le temps long"]),
        ("Anne-Laure Federici", ["Bienvenue"]),
        ("Invitée", ["Une invitée parle"]),
        ("", ["Contexte"]),
    ]
    assert [n.text for n in groups[1].quotes()] == ["Un autre imaginaire"]
    assert groups[3].speaker_id is None and groups[-1].speaker_id is None
    everyone = rt.group_by_speaker(session, notes, participants, include_silent=True)
    assert [g.name for g in everyone][:4] == [
        "Benoît Messéane",
        "Laurent Buchaillat",
        "Anaïs Decagny",
        "Anne-Laure Federici",
    ]
    assert everyone[2].notes == ()
