"""Merging copies of one event: per record the last edit wins, and concurrent edits are listed.

A copy of an event is a set of records keyed by id (the same UUID on every copy). `merge`
keeps, for every id, the version with the greatest `updated_at` stamp (hybrid logical clock,
`core.clock`; stamps compare as strings); two different versions with the same stamp, which
only a damaged or hand-made file can hold, are ordered by their canonical JSON, so the winner
never depends on the order of the copies. A deletion is a tombstone, simply a later version:
it wins over older edits and loses to newer ones. No record is ever dropped. This is a
last-writer-wins map, so `merge` is idempotent, commutative and associative
(tests/core/test_merge.py proves it over random edit histories).

Last writer wins decides; it does not tell the facilitator that a note was edited on two
laptops. `Divergence` says, from the stamps alone, whether two versions may have been made
apart: when the copy was prepared (`base`, the greatest stamp of the event then, or for a
copy that does not say so the latest version both sides share, `estimate_base`), which of
its stamps the target has already merged (`seen`) and which devices edited it
(`source_nodes`, the node part of its stamps). Two such versions that differ are a
`Conflict`: the winner stays the last writer, and the losing version is kept so a person
can pick it instead (`pick_version`, an undoable command that puts it back with a new
stamp).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from facilitator_app.core.commands import ChangeSet, Command, RecordStore
from facilitator_app.core.model import BY_KIND, Attachment, Record, record_fields

__all__ = [
    "RecordSet",
    "merge",
    "wins",
    "same_content",
    "changed_fields",
    "canonical",
    "node_of",
    "record_to_json",
    "record_from_json",
    "Divergence",
    "estimate_base",
    "Conflict",
    "conflict_between",
    "conflict_id",
    "merge_copy",
    "ConflictStore",
    "PickVersion",
    "pick_version",
    "keep_version",
]

RecordSet = Mapping[str, Record]  # record id → record


def node_of(stamp: str) -> str:
    """The device part of a stamp (`…Z-0003-5f2c9a1e7b3d4c60` → `5f2c9a1e7b3d4c60`)."""
    return stamp.rpartition("-")[2]


# -- versions as JSON: the canonical order, and the versions kept in the conflicts table ----


def record_to_json(record: Record) -> dict[str, Any]:
    """Every field of `record` as JSON values (bytes in base64, `extra` as an object)."""
    item: dict[str, Any] = {}
    for name in record_fields(type(record)):
        value = getattr(record, name)
        if isinstance(value, tuple):
            value = list(value)
        elif isinstance(value, bytes):
            value = base64.b64encode(value).decode("ascii")
        item[name] = value
    return item


def record_from_json(kind: str, item: Mapping[str, Any]) -> Record:
    """The record `record_to_json` wrote (fields this version does not know are ignored)."""
    record_type = BY_KIND[kind]
    known = set(record_fields(record_type))
    values = {k: v for k, v in item.items() if k in known}
    for name, value in values.items():
        if isinstance(value, list):
            values[name] = tuple(value)
    if record_type is Attachment and isinstance(values.get("data"), str):
        values["data"] = base64.b64decode(values["data"])
    return record_type(**values)


def canonical(record: Record) -> str:
    """One text per version: the same for equal records, different for different ones."""
    return json.dumps(
        [record.KIND, record_to_json(record)],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )


# -- last writer wins ---------------------------------------------------------------------


def wins(challenger: Record, holder: Record) -> bool:
    """Whether `challenger` replaces `holder`: a later stamp, or at an equal stamp (a damaged
    or hand-made file) the greater canonical JSON, so that every copy picks the same one."""
    if challenger.updated_at != holder.updated_at:
        return challenger.updated_at > holder.updated_at
    return canonical(challenger) > canonical(holder)


def merge(*record_sets: RecordSet) -> dict[str, Record]:
    """Every id of every set, each with its winning version."""
    merged: dict[str, Record] = {}
    for records in record_sets:
        for record_id, record in records.items():
            held = merged.get(record_id)
            if held is None or wins(record, held):
                merged[record_id] = record
    return merged


def same_content(a: Record, b: Record) -> bool:
    """Equal but for the stamp (two laptops that typed the same correction agree)."""
    if type(a) is not type(b):
        return False
    names = record_fields(type(a))
    return all(getattr(a, n) == getattr(b, n) for n in names if n != "updated_at")


def changed_fields(a: Record, b: Record) -> tuple[str, ...]:
    """The fields (stamp aside) in which two versions of one record differ, in order."""
    names = record_fields(type(a))
    return tuple(n for n in names if n != "updated_at" and getattr(a, n) != getattr(b, n, None))


# -- concurrent edits ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Divergence:
    """Where a copy parted from the event it is merged into, as far as the stamps tell.

    `base`: the greatest stamp of the event when the copy was prepared (for a JSON export
    or a file copied by hand, `estimate_base` guesses it). `seen`: the greatest stamp of
    this copy already merged into the target ("" at the first merge). `source_nodes`: the
    devices that edited the copy since `base`.
    """

    base: str = ""
    seen: str = ""
    source_nodes: frozenset[str] = frozenset()

    def concurrent(self, target_stamp: str, source_stamp: str) -> bool:
        """Whether the target's and the copy's versions may have been made apart: the
        copy's version is an edit the target has not merged yet, and the target's is an
        edit made since the base on a device the copy never saw."""
        if target_stamp == source_stamp or source_stamp <= self.seen:
            return False
        return (
            source_stamp > self.base
            and target_stamp > self.base
            and node_of(target_stamp) not in self.source_nodes
        )


def estimate_base(target: Mapping[str, str], source: Mapping[str, str]) -> str:
    """Where a copy that does not say so (a JSON export, a file copied by hand) parted from
    the target, from the stamps by record id on each side: the latest version both hold.
    Edits made since on both sides are then found. A record whose common version is older
    may be listed although one side only edited it; and when the two were merged before,
    an edit of the target older than that merge is taken as known to the copy. Prepared
    copies carry their true base and the merges they went through (`seen`). With a guessed
    base, give no `source_nodes`: versions between the guess and the true base may carry
    the target's own device."""
    common = (stamp for record_id, stamp in source.items() if target.get(record_id) == stamp)
    return max(common, default="")


def conflict_id(loser: Record) -> str:
    """One id per losing version, so that merging a copy twice lists it once."""
    return f"{loser.id}@{loser.updated_at}"


@dataclass(frozen=True, slots=True)
class Conflict:
    """Two versions of one record edited apart: `winner` is in the event, `loser` kept aside.

    `source_name` names the copy whose merge found it; `source_won` says whether the
    winner came from that copy (else it was the event's version); `held_from` names the
    copy that brought the event's version earlier in the same merge ("" when it was the
    event's own).
    """

    winner: Record
    loser: Record
    source_name: str = ""
    source_won: bool = False
    held_from: str = ""
    merged_at: str = ""
    resolved: bool = False

    @property
    def id(self) -> str:
        return conflict_id(self.loser)

    @property
    def record_id(self) -> str:
        return self.winner.id

    @property
    def record_kind(self) -> str:
        return self.winner.KIND


def conflict_between(
    held: Record,
    incoming: Record,
    divergence: Divergence,
    *,
    source_name: str = "",
    held_from: str = "",
) -> Conflict | None:
    """The conflict between the target's version `held` and a copy's `incoming`, if any."""
    if not divergence.concurrent(held.updated_at, incoming.updated_at):
        return None
    if same_content(held, incoming):
        return None
    source_won = wins(incoming, held)
    winner, loser = (incoming, held) if source_won else (held, incoming)
    return Conflict(
        winner=winner,
        loser=loser,
        source_name=source_name,
        source_won=source_won,
        held_from=held_from,
    )


def merge_copy(
    target: RecordSet, source: RecordSet, divergence: Divergence, *, source_name: str = ""
) -> tuple[dict[str, Record], list[Conflict]]:
    """`merge(target, source)` and the conflicts it found: the whole-set form of what
    `store.merging.merge_into` does record by record against a file."""
    conflicts = []
    for record_id, incoming in source.items():
        held = target.get(record_id)
        if held is not None:
            found = conflict_between(held, incoming, divergence, source_name=source_name)
            if found is not None:
                conflicts.append(found)
    return merge(target, source), conflicts


# -- picking the other version: an undoable command ------------------------------------------


class ConflictStore(RecordStore, Protocol):
    """What `PickVersion` needs besides records (implemented by `store.EventStore`)."""

    def mark_conflict(self, conflict_id: str, *, resolved: bool) -> bool: ...


@dataclass(frozen=True, slots=True)
class PickVersion:
    """Put `record` back into the event with a new stamp (so it wins on every copy merged
    later) and mark the conflict `resolved`; with no record, only mark it. Its inverse puts
    the version it replaced back and restores the mark."""

    conflict_id: str
    record: Record | None
    resolved: bool = True
    label: str = "Use the other version"

    def apply(self, store: ConflictStore) -> tuple[Command, ChangeSet]:  # type: ignore[override]
        changes = ChangeSet(frozenset({"conflict"}), frozenset({self.conflict_id}))
        previous: Record | None = None
        with store.transaction():
            was_resolved = store.mark_conflict(self.conflict_id, resolved=self.resolved)
            if self.record is not None:
                previous = store.require(type(self.record), self.record.id)
                written = store.put(self.record)  # a new stamp: later than both versions
                changes |= ChangeSet.of(written)
        inverse = PickVersion(self.conflict_id, previous, was_resolved, label=self.label)
        return inverse, changes

    @property
    def merge_key(self) -> Hashable | None:
        return None


def pick_version(conflict: Conflict) -> PickVersion:
    """Use the version that lost instead of the one in the event, undoably."""
    return PickVersion(conflict.id, conflict.loser)


def keep_version(conflict: Conflict) -> PickVersion:
    """Keep the version in the event and mark the conflict resolved, undoably."""
    return PickVersion(conflict.id, None, label="Keep this version")
