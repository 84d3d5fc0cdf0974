"""Round tables and testimonies: who speaks, who moderates, and what each speaker said.

A round-table session (or a testimony session) keeps its speakers as participant ids in
speaking order (`Session.speaker_ids`) and its moderator (`Session.moderator_id`). A note
said by someone carries the participant's id in `speaker_id` and their name in `author`,
both set together, so a JSON reader that knows only `author` still reads who said it; a
quote is a note of kind `quote` (CONTRACT §2). When the participant is renamed later, the
display prefers the participant's current name (`speaker_name`).

The functions below build commands (`core.commands`) the window pushes; an edit that would
change nothing returns None, so no empty undo step is recorded. `group_by_speaker` gathers
a session's notes per speaker for the panel and for the synthesis.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from facilitator_app.core.commands import AddRecord, Command, add, add_note, batch, update
from facilitator_app.core.model import Note, Participant, Session

__all__ = [
    "SpeakerGroup",
    "add_speaker",
    "remove_speaker",
    "move_speaker",
    "set_moderator",
    "add_new_speaker",
    "attribute",
    "quote_note",
    "speaker_name",
    "group_by_speaker",
]


def _set_speakers(session: Session, speakers: Iterable[str], *, label: str) -> Command | None:
    speakers = tuple(speakers)
    if speakers == session.speaker_ids:
        return None
    return update(session, label=label, speaker_ids=speakers)


def add_speaker(
    session: Session, participant_id: str, *, index: int | None = None
) -> Command | None:
    """Add a speaker at `index` of the speaking order (at the end when None); None if the
    participant already speaks."""
    if participant_id in session.speaker_ids:
        return None
    speakers = list(session.speaker_ids)
    speakers.insert(len(speakers) if index is None else max(0, index), participant_id)
    return _set_speakers(session, speakers, label="Add speaker")


def add_new_speaker(session: Session, name: str) -> tuple[Participant, Command] | None:
    """A speaker who is not yet a participant (a guest): the participant and the speaker
    added as one undo step; None for an empty name."""
    name = " ".join(name.split())
    if not name:
        return None
    participant = Participant(name=name)
    speakers = (*session.speaker_ids, participant.id)
    command = batch(
        [add(participant, label="Add speaker"), update(session, speaker_ids=speakers)],
        label="Add speaker",
    )
    return participant, command


def remove_speaker(session: Session, participant_id: str) -> Command | None:
    """Take a participant out of the speakers (what they said stays attributed to them)."""
    speakers = [s for s in session.speaker_ids if s != participant_id]
    return _set_speakers(session, speakers, label="Remove speaker")


def move_speaker(session: Session, participant_id: str, index: int) -> Command | None:
    """Move a speaker to `index` of the speaking order (clamped); None if not a speaker or
    already there."""
    if participant_id not in session.speaker_ids:
        return None
    speakers = [s for s in session.speaker_ids if s != participant_id]
    speakers.insert(max(0, min(index, len(speakers))), participant_id)
    return _set_speakers(session, speakers, label="Move speaker")


def set_moderator(session: Session, participant_id: str | None) -> Command | None:
    """Make a participant the moderator (None: no moderator); None if nothing changes."""
    participant_id = participant_id or None
    if participant_id == session.moderator_id:
        return None
    return update(session, label="Set moderator", moderator_id=participant_id)


def attribute(note: Note, participant: Participant | None) -> Command | None:
    """Say who said `note` (None: nobody): `speaker_id` and `author` change together."""
    speaker_id = participant.id if participant is not None else None
    author = participant.name if participant is not None else ""
    if (note.speaker_id, note.author) == (speaker_id, author):
        return None
    return update(note, label="Change speaker", speaker_id=speaker_id, author=author)


def quote_note(
    *,
    session_id: str,
    text: str,
    participant: Participant | None,
    position: int,
    created_at: str,
    kind: str = "quote",
) -> AddRecord:
    """The command adding a note said by `participant` (a quote unless `kind` says else)."""
    return add_note(
        session_id=session_id,
        text=text,
        kind=kind,
        author=participant.name if participant is not None else "",
        speaker_id=participant.id if participant is not None else None,
        position=position,
        created_at=created_at,
    )


def speaker_name(note: Note, participants: Mapping[str, Participant]) -> str:
    """Who said `note`: the participant's current name when known, else the note's author."""
    participant = participants.get(note.speaker_id) if note.speaker_id else None
    if participant is not None and not participant.deleted and participant.name:
        return participant.name
    return note.author


@dataclass(frozen=True, slots=True)
class SpeakerGroup:
    """The notes one person said. `speaker_id` is None for an author who is not a known
    participant (then `name` is that author), and for the notes nobody said (`name` empty)."""

    speaker_id: str | None
    name: str
    notes: tuple[Note, ...]

    def quotes(self) -> tuple[Note, ...]:
        return tuple(n for n in self.notes if n.kind == "quote")


def group_by_speaker(
    session: Session,
    notes: Iterable[Note],
    participants: Mapping[str, Participant],
    *,
    include_silent: bool = False,
) -> list[SpeakerGroup]:
    """The session's notes per speaker: the speakers in speaking order, then the moderator,
    then anybody else in order of first appearance, then the notes nobody said.

    Notes keep their order within a group. Speakers (and the moderator) without notes are
    listed only with `include_silent`. Deleted notes and other sessions' notes are skipped.
    """
    by_key: dict[tuple[str, str], list[Note]] = {}
    for note in notes:
        if note.deleted or note.session_id != session.id:
            continue
        if note.speaker_id:
            key = ("id", note.speaker_id)
        elif note.author.strip():
            key = ("name", note.author.strip())
        else:
            key = ("", "")
        by_key.setdefault(key, []).append(note)
    order = [("id", s) for s in session.speaker_ids]
    if session.moderator_id and session.moderator_id not in session.speaker_ids:
        order.append(("id", session.moderator_id))
    order += [k for k in by_key if k not in order and k != ("", "")]
    groups: list[SpeakerGroup] = []
    for kind, value in order:
        said = tuple(by_key.get((kind, value), ()))
        if not said and not include_silent:
            continue
        if kind == "id":
            person = participants.get(value)
            if person is not None and not person.deleted and person.name:
                name = person.name
            else:  # a participant deleted since: the name the notes kept
                name = said[0].author if said else ""
            groups.append(SpeakerGroup(value, name, said))
        else:
            groups.append(SpeakerGroup(None, value, said))
    if ("", "") in by_key:
        groups.append(SpeakerGroup(None, "", tuple(by_key[("", "")])))
    return groups
