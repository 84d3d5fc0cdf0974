"""The conflict report of a merge, for a person: what each copy brought and, for each record
edited apart on two sides, both versions side by side (where each came from, the device,
when it was made, the fields that differ) and which one won.

It is Markdown, so it reads as plain text and renders as tables. `describe` and
`version_rows` say what a record is and how two versions differ in words; the window's
conflict view can show the same.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from facilitator_app.core.clock import parse_stamp
from facilitator_app.core.merge import Conflict, changed_fields, node_of
from facilitator_app.core.model import (
    Attachment,
    CafeTable,
    Category,
    Note,
    Organisation,
    Participant,
    Record,
    Round,
    Seat,
    Session,
)
from facilitator_app.core.vocabulary import note_kind_label, session_kind_label, table_label
from facilitator_app.formats.writing import write_atomically
from facilitator_app.i18n import N_, tr

if TYPE_CHECKING:
    from facilitator_app.store.merging import MergeReport

__all__ = ["Lookup", "describe", "version_rows", "conflict_report", "write_conflict_report"]

Lookup = Callable[[type[Record], str], Record | None]  # EventStore.get, EventDocument.get

KIND_NAMES = {
    "event": N_("Event"),
    "session": N_("Session"),
    "organisation": N_("Organisation"),
    "participant": N_("Participant"),
    "table": N_("Table"),
    "round": N_("Round"),
    "seat": N_("Seat"),
    "category": N_("Category"),
    "note": N_("Note"),
    "attachment": N_("Attachment"),
    "fiche": N_("Fiche"),
}
FIELD_NAMES = {
    "deleted": N_("Deleted"),
    "text": N_("Text"),
    "title": N_("Title"),
    "name": N_("Name"),
    "kind": N_("Type"),
    "author": N_("Author"),
    "votes": N_("Votes"),
    "position": N_("Position"),
    "tags": N_("Tags"),
    "session_id": N_("Session"),
    "category_id": N_("Category"),
    "table_id": N_("Table"),
    "round_id": N_("Round"),
    "parent_id": N_("Parent"),
    "speaker_id": N_("Speaker"),
    "question": N_("Question"),
    "theme": N_("Theme"),
    "synthesis": N_("Synthesis"),
    "body": N_("Text"),
    "caption": N_("Caption"),
}
_POINTS_TO: dict[str, type[Record]] = {
    "session_id": Session,
    "category_id": Category,
    "table_id": CafeTable,
    "round_id": Round,
    "parent_id": Note,
    "note_id": Note,
    "speaker_id": Participant,
    "host_id": Participant,
    "moderator_id": Participant,
    "participant_id": Participant,
    "organisation_id": Organisation,
}
_EXCERPT = 60


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _EXCERPT else text[: _EXCERPT - 1].rstrip() + "…"


def _name(record: Record) -> str:
    """What a person calls a record, without its context."""
    if isinstance(record, Note):
        return f"« {_excerpt(record.text)} »"
    if isinstance(record, CafeTable):
        return table_label(record.number, record.theme)
    if isinstance(record, Round):
        return tr("Round {n}", n=record.number)
    if isinstance(record, Attachment):
        return record.caption or record.filename
    for attribute in ("title", "name"):
        value = getattr(record, attribute, "")
        if value:
            return f"« {_excerpt(value)} »"
    return record.id[:8]


def describe(record: Record, lookup: Lookup) -> str:
    """« Note « Plus de bancs » — session « Café du matin » »: the record and its place."""
    what = f"{tr(KIND_NAMES.get(record.KIND, record.KIND))} {_name(record)}"
    if isinstance(record, Seat):
        person = lookup(Participant, record.participant_id)
        round_ = lookup(Round, record.round_id)
        what = (
            tr(KIND_NAMES["seat"])
            + " "
            + " · ".join(_name(r) for r in (person, round_) if r is not None)
        )
    session_id = getattr(record, "session_id", None)
    session = lookup(Session, session_id) if session_id and record.KIND != "session" else None
    if session is not None:
        return tr("{what} — session {session}", what=what, session=_name(session))
    return what


def _value(record: Record, name: str, lookup: Lookup) -> str:
    value: Any = getattr(record, name)
    if isinstance(value, bool):
        return tr("yes") if value else tr("no")
    if value is None or value == () or value == "":
        return "—"
    if isinstance(value, bytes):
        return tr("{n} bytes", n=len(value))
    if isinstance(value, tuple):
        return ", ".join(map(str, value))
    if name == "kind" and isinstance(record, Note):
        return note_kind_label(value)
    if name == "kind" and isinstance(record, Session):
        return session_kind_label(value)
    if name in _POINTS_TO:
        target = lookup(_POINTS_TO[name], value)
        return _name(target) if target is not None else str(value)
    return str(value)


def _when(stamp: str) -> str:
    try:
        moment = datetime.fromtimestamp(parse_stamp(stamp).millis / 1000)
    except ValueError:
        return stamp
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def _made_on(device: str) -> str:
    return tr("copy “{name}”", name=device) if device else "—"


def version_rows(conflict: Conflict, lookup: Lookup) -> list[tuple[str, str, str]]:
    """(label, kept version, version set aside) for each line of the side-by-side view."""
    winner, loser = conflict.winner, conflict.loser
    rows = [
        (tr("From"), _made_on(conflict.winner_device), _made_on(conflict.loser_device)),
        (tr("Device"), node_of(winner.updated_at)[:8], node_of(loser.updated_at)[:8]),
        (tr("Edited at"), _when(winner.updated_at), _when(loser.updated_at)),
    ]
    for name in changed_fields(winner, loser) or ("deleted",):
        label = tr(FIELD_NAMES[name]) if name in FIELD_NAMES else name
        rows.append((label, _value(winner, name, lookup), _value(loser, name, lookup)))
    return rows


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", "").replace("\n", "<br>")


def _conflict_section(index: int, conflict: Conflict, lookup: Lookup) -> list[str]:
    title = describe(conflict.winner, lookup)
    lines = [f"### {index}. {title}", ""]
    lines.append(f"| | {tr('Kept (won)')} | {tr('Set aside')} |")
    lines.append("|---|---|---|")
    for label, kept, aside in version_rows(conflict, lookup):
        lines.append(f"| {_cell(label)} | {_cell(kept)} | {_cell(aside)} |")
    lines.append("")
    return lines


def conflict_report(
    *,
    event_title: str,
    report: MergeReport | None,
    earlier: Sequence[Conflict] = (),
    lookup: Lookup,
) -> str:
    """The report as Markdown text: the merge's counts, its new conflicts, then the
    conflicts earlier merges found that nobody has resolved yet."""
    lines = [tr("# Merge into “{title}”", title=event_title), ""]
    if report is not None:
        lines += [datetime.now().strftime("%Y-%m-%d %H:%M") + " — `" + report.summary() + "`", ""]
        lines.append(
            f"| {tr('Copy')} | {tr('Added')} | {tr('Updated')} | {tr('Unchanged')} "
            f"| {tr('Conflicts')} |"
        )
        lines.append("|---|---:|---:|---:|---:|")
        for copy in report.copies:
            lines.append(
                f"| {_cell(copy.name)} | {copy.added} | {copy.updated} | {copy.unchanged} "
                f"| {len(copy.conflicts)} |"
            )
        lines.append("")
    lines += [
        tr(
            "Each conflict is one record edited apart on two sides. The event keeps the "
            "later edit; the other version is set aside in the event file, and Récolte "
            "can put it back instead."
        ),
        "",
    ]
    sections: list[tuple[str, Sequence[Conflict]]] = []
    if report is not None:
        sections.append((tr("New conflicts ({n})", n=len(report.conflicts)), report.conflicts))
    sections.append((tr("Earlier conflicts not yet resolved ({n})", n=len(earlier)), earlier))
    index = 0
    for heading, conflicts in sections:
        lines += [f"## {heading}", ""]
        if not conflicts:
            lines += [tr("None."), ""]
        for conflict in conflicts:
            index += 1
            lines += _conflict_section(index, conflict, lookup)
    return "\n".join(lines).rstrip() + "\n"


def write_conflict_report(out: str | Path, text: str) -> Path:
    """Write the report as UTF-8, all or nothing."""
    return write_atomically(Path(out), lambda path: path.write_text(text, encoding="utf-8"))
