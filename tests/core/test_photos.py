"""Paperboard photos in the core: which files are photos, and the undoable edits on them."""

from __future__ import annotations

import pytest

from facilitator_app.core import photos
from facilitator_app.core.errors import PhotoRefused, RecolteError
from facilitator_app.core.model import Attachment, CafeTable, Event, Note, Round, Session
from facilitator_app.core.photos import (
    MAX_PHOTO_BYTES,
    Place,
    add_photos,
    check_photo,
    media_type_of,
    new_photo,
    place_of,
)
from facilitator_app.store import create_event, open_event

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 40
GIF = b"GIF89a" + b"\x00" * 40


@pytest.fixture
def store(tmp_path):
    path = tmp_path / "photos.recolte"
    created = create_event(path, Event(title="Rencontres"))
    session = created.put(Session(title="World café", kind="world_cafe"))
    created.put(CafeTable(session_id=session.id, number=2, theme="Animation"))
    created.put(Round(session_id=session.id, number=1))
    created.put(Note(session_id=session.id, text="Être présent au cœur du réseau"))
    created.close()
    opened = open_event(path)
    yield opened
    opened.close()


def the_session(store) -> Session:
    return store.all_sessions()[0]


def live_photos(store) -> list[Attachment]:
    return list(store.session_attachments(the_session(store).id))


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (JPEG, "image/jpeg"),
        (PNG, "image/png"),
        (WEBP, "image/webp"),
        (GIF, "image/gif"),
        (b"GIF87a" + b"\x00" * 10, "image/gif"),
        (b"%PDF-1.7\n", None),
        (b"RIFF\x24\x00\x00\x00WAVEfmt ", None),  # a sound, not a WebP
        (b"Compte rendu de la table 2", None),
        (b"", None),
        (b"\xff\xd8", None),  # too short to be a JPEG
    ],
)
def test_the_first_bytes_say_what_the_file_is(data, expected):
    assert media_type_of(data) == expected


def test_a_text_file_named_like_a_photo_is_refused_with_one_sentence():
    with pytest.raises(PhotoRefused) as refused:
        check_photo(b"Bonjour", "paperboard.jpg")
    message = str(refused.value)
    assert "paperboard.jpg" in message and "\n" not in message
    assert isinstance(refused.value, RecolteError)


def test_a_file_over_the_limit_is_refused():
    big = JPEG + b"\x00" * (MAX_PHOTO_BYTES + 1 - len(JPEG))
    with pytest.raises(PhotoRefused, match="too large"):
        check_photo(big, "énorme.jpg")
    assert check_photo(big[:MAX_PHOTO_BYTES], "juste.jpg") == "image/jpeg"


def test_new_photo_keeps_the_bytes_and_reads_the_type_from_them():
    photo = new_photo(PNG, filename="tableau.jpg", session_id="s", position=3)
    assert photo.data is PNG
    assert photo.media_type == "image/png"  # the bytes win over the extension
    assert (photo.filename, photo.position, photo.session_id) == ("tableau.jpg", 3, "s")
    assert place_of(photo).is_session


def test_adding_several_photos_is_one_undo_step(store):
    sid = the_session(store).id
    batch = add_photos(
        [
            new_photo(JPEG, filename="a.jpg", session_id=sid, position=0),
            new_photo(PNG, filename="b.png", session_id=sid, position=1),
        ]
    )
    assert batch.label == "Add photos"
    inverse, changes = batch.apply(store)
    assert changes.touches("attachment")
    kept = live_photos(store)
    assert [(p.filename, p.data) for p in kept] == [("a.jpg", JPEG), ("b.png", PNG)]
    inverse.apply(store)
    assert live_photos(store) == []


def test_one_photo_is_labelled_in_the_singular():
    photo = new_photo(GIF, filename="a.gif", session_id="s", position=0)
    assert add_photos([photo]).label == "Add photo"


def add_one(store, data=JPEG, **fields) -> Attachment:
    sid = the_session(store).id
    photo = new_photo(data, filename="p.jpg", session_id=sid, position=0, **fields)
    add_photos([photo]).apply(store)
    return store.require(Attachment, photo.id)


def test_caption_edits_merge_while_typing_and_do_nothing_when_unchanged(store):
    photo = add_one(store)
    first = photos.set_caption(photo, "Tableau")
    second = photos.set_caption(photo, "Tableau d’idées — cœur du réseau")
    assert first is not None and second is not None
    assert first.merge_key == second.merge_key is not None
    second.apply(store)
    assert store.require(Attachment, photo.id).caption == "Tableau d’idées — cœur du réseau"
    assert (
        photos.set_caption(store.require(Attachment, photo.id), "Tableau d’idées — cœur du réseau")
        is None
    )


def test_placing_sets_the_three_fields_together_and_undo_puts_them_back(store):
    sid = the_session(store).id
    table = store.all(CafeTable, session_id=sid)[0]
    round_ = store.all(Round, session_id=sid)[0]
    note = store.session_notes(sid)[0]
    photo = add_one(store, place=Place(note_id=note.id))

    command = photos.place_photo(photo, Place(table_id=table.id, round_id=round_.id))
    assert command is not None
    inverse, _ = command.apply(store)
    placed = store.require(Attachment, photo.id)
    assert (placed.table_id, placed.round_id, placed.note_id) == (table.id, round_.id, None)

    inverse.apply(store)
    back = store.require(Attachment, photo.id)
    assert (back.table_id, back.round_id, back.note_id) == (None, None, note.id)
    assert photos.place_photo(back, Place(note_id=note.id)) is None  # already there

    photos.place_photo(back, Place()).apply(store)
    assert place_of(store.require(Attachment, photo.id)).is_session


def test_a_place_cannot_mix_a_note_and_a_table(store):
    photo = add_one(store)
    with pytest.raises(ValueError):
        photos.place_photo(photo, Place(table_id="t", note_id="n"))
    with pytest.raises(ValueError):
        photos.place_photo(photo, Place(round_id="r"))


def test_deleting_photos_is_undoable_with_the_same_bytes(store):
    photo = add_one(store, data=PNG)
    command = photos.delete_photos([photo])
    assert command is not None and command.label == "Delete photo"
    inverse, _ = command.apply(store)
    assert live_photos(store) == []
    inverse.apply(store)
    assert [p.data for p in live_photos(store)] == [PNG]
    assert photos.delete_photos([]) is None


def test_moving_a_photo_renumbers_the_order_and_undo_restores_it(store):
    sid = the_session(store).id
    added = [new_photo(JPEG, filename=f"{n}.jpg", session_id=sid, position=n) for n in range(4)]
    add_photos(added).apply(store)
    command = photos.move_photo(live_photos(store), added[3].id, 0)
    assert command is not None
    inverse, _ = command.apply(store)
    assert [p.filename for p in live_photos(store)] == ["3.jpg", "0.jpg", "1.jpg", "2.jpg"]
    inverse.apply(store)
    assert [p.filename for p in live_photos(store)] == ["0.jpg", "1.jpg", "2.jpg", "3.jpg"]
    assert photos.move_photo(live_photos(store), added[1].id, 1) is None  # already there
    assert photos.move_photo(live_photos(store), "missing", 0) is None


def test_a_pasted_image_gets_a_dated_name():
    assert photos.pasted_filename("2026-06-11T10:42:05") == "photo-20260611-104205.png"
    assert photos.pasted_filename("") == "photo.png"
