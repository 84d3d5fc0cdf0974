"""The size limits every path meets: no text over MAX_NOTE_CHARS reaches the event, whichever
command carries it; a file written before the limit still opens and its long texts can be
shortened; a batch of many adds is written in one pass, undoable as one step."""

from __future__ import annotations

from dataclasses import replace

import pytest

from facilitator_app.core import commands
from facilitator_app.core.limits import MAX_NOTE_CHARS, TextTooLong, check_text, shorten
from facilitator_app.core.model import CafeTable, Event, Fiche, Note, Participant, Session
from facilitator_app.store import create_event, open_event


@pytest.fixture
def store(tmp_path):
    store = create_event(tmp_path / "limites.recolte", Event(title="Limites"))
    session = store.put(Session(title="Plénière", kind="plenary"))
    store.put(Note(session_id=session.id, text="Une note ordinaire", position=0))
    yield store
    store.close()


def session_of(store) -> Session:
    return store.all_sessions()[0]


def snapshot(store) -> dict:
    return {name: sorted(r.id for r in records) for name, records in store.snapshot().items()}


def test_a_note_one_character_over_the_limit_is_refused_in_one_sentence(store):
    session = session_of(store)
    before = snapshot(store)
    too_long = commands.add_note(
        session_id=session.id, text="é" * (MAX_NOTE_CHARS + 1), position=1, created_at=""
    )
    with pytest.raises(TextTooLong) as refused:
        too_long.apply(store)
    message = str(refused.value)
    assert "100,001" in message and "100,000" in message and "\n" not in message
    assert len(message) <= 200
    assert snapshot(store) == before
    at_the_limit = commands.add_note(
        session_id=session.id, text="é" * MAX_NOTE_CHARS, position=1, created_at=""
    )
    at_the_limit.apply(store)
    assert len(store.require(Note, at_the_limit.record.id).text) == MAX_NOTE_CHARS


@pytest.mark.parametrize(
    "edit",
    [
        lambda store, text: commands.edit_note_text(store.all(Note)[0], text),
        lambda store, text: commands.add(
            CafeTable(session_id=session_of(store).id, number=1, synthesis=text)
        ),
        lambda store, text: commands.add(Fiche(title="Fiche", body=text)),
        lambda store, text: commands.update(session_of(store), question=text),
        lambda store, text: commands.add(Participant(name="Léa", role=text)),
    ],
    ids=["note edited", "table synthesis", "fiche", "session question", "participant"],
)
def test_every_command_meets_the_one_rule(store, edit):
    before = snapshot(store)
    command = edit(store, "Un paragraphe collé deux fois. " * 4_000)  # 124,000 characters
    with pytest.raises(TextTooLong):
        command.apply(store)
    assert snapshot(store) == before


def test_a_batch_with_one_text_too_long_writes_nothing(store):
    session = session_of(store)
    before = snapshot(store)
    batch = commands.batch(
        [
            commands.add(Note(session_id=session.id, text=f"Note {n}", position=n))
            for n in range(1, 50)
        ]
        + [commands.add(Note(session_id=session.id, text="x" * (MAX_NOTE_CHARS + 10)))],
        label="Import",
    )
    with pytest.raises(TextTooLong):
        batch.apply(store)
    assert snapshot(store) == before
    store.close()
    with open_event(store.path, readonly=True) as reopened:
        assert snapshot(reopened) == before


def test_a_long_note_from_an_older_file_can_be_shortened_not_lengthened(store):
    """A file written before the limit may hold a 5 MB note: it opens, its other fields can
    be edited, its text shortened, but an edit never makes it longer."""
    session = session_of(store)
    legacy = Note(session_id=session.id, text="Verbatim. " * 500_000, position=5)
    store.put_many([legacy], stamp=True)  # straight to the table, as an older version wrote
    legacy = store.require(Note, legacy.id)
    commands.update(legacy, votes=3, kind="quote", author="Léa").apply(store)
    commands.edit_note_text(legacy, legacy.text[:-10]).apply(store)
    assert len(store.require(Note, legacy.id).text) == len(legacy.text) - 10
    longer = commands.edit_note_text(store.require(Note, legacy.id), legacy.text + " Encore.")
    with pytest.raises(TextTooLong):
        longer.apply(store)


def test_check_text_reads_only_text_fields():
    note = Note(text="x" * 10, votes=10**9, tags=("t" * (MAX_NOTE_CHARS + 1),))
    assert check_text(note) is note  # tags are short words; this one is odd but not text
    with pytest.raises(TextTooLong):
        check_text(replace(note, author="y" * (MAX_NOTE_CHARS + 1)))


def test_shorten_cuts_with_an_ellipsis():
    assert shorten("abc", 5) == "abc"
    assert shorten("a" * 300) == "a" * 199 + "…"


def test_a_batch_of_many_adds_is_written_at_once_and_undone_as_one_step(store):
    session = session_of(store)
    notes = [Note(session_id=session.id, text=f"Idée n° {n}", position=n) for n in range(2_000)]
    batch = commands.batch([commands.add(n) for n in notes], label="Import")
    inverse, changes = batch.apply(store)
    assert changes.kinds == {"note"} and changes.ids == {n.id for n in notes}
    written = {n.id: n for n in store.session_notes(session.id)}
    assert all(written[n.id].text == n.text for n in notes)
    stamps = [written[n.id].updated_at for n in notes]
    assert len(set(stamps)) == len(stamps)  # one stamp per record, each its own
    assert all(written[n.id].clock == (written[n.id].updated_at,) for n in notes)
    assert [n.id for n in store.search("idee")][:3] == [n.id for n in notes[:3]]
    redo, undone = inverse.apply(store)
    assert undone.ids == changes.ids
    assert {n.id for n in store.session_notes(session.id)} & changes.ids == set()
    redo.apply(store)
    assert changes.ids <= {n.id for n in store.session_notes(session.id)}
    assert store.check() == []
