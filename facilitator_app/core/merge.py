"""Merging copies of one event: a join of what each copy knows of each record.

Every copy of an event holds, for each record, its *history* as far as that copy knows it
(`History`): the versions it keeps alive — normally one, the version in the record's table;
more when versions were made apart and nobody has chosen between them yet — and the record's
`clock`, the latest edit of the record it has seen from each device (`core.clock`). An edit
made on a laptop replaces the version that laptop showed, and its clock says so.

`join(a, b)` keeps a version when both copies hold it, or when the other copy has never seen
it; a version the other copy has seen and replaced is gone. The clocks are joined too. This
is the multi-value register of the CRDT literature (a set of versions under a causal
context): `join` is idempotent, commutative and associative, so copies merged in any order
and any grouping — prepared copies, files copied by hand, JSON exports, copies of copies —
give the same event, and no base has to be guessed (tests/core/test_merge.py and
tests/reliability/test_merge_orders.py prove it).

Of the versions alive, the event shows the latest (`order_key`: the stamp, which ends with the
device id, then a digest of the content). The others are the `Conflict`s: each a version
that lost to one made apart, kept in the file and listed until a person chooses. Choosing is
an edit like any other (`Supersede`, undoable): a new version whose clock covers the
versions it replaces, so the choice reaches every copy merged later. Two versions with one
stamp but different content (a hand-edited JSON file) are both kept: the one with the
greater digest moves to a stamp of its own (`derived_stamp`), so the choice does not depend
on which copy came first.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol, cast

from facilitator_app.core.clock import covers, join_clocks, node_of
from facilitator_app.core.commands import ChangeSet, Command, RecordStore
from facilitator_app.core.model import BY_KIND, Attachment, Record, record_fields

__all__ = [
    "History",
    "join",
    "settle",
    "Versions",
    "merge_versions",
    "order_key",
    "digest",
    "derived_stamp",
    "same_content",
    "changed_fields",
    "canonical",
    "node_of",
    "record_to_json",
    "record_from_json",
    "Conflict",
    "conflicts_in",
    "conflict_id",
    "VersionStore",
    "Supersede",
    "pick_version",
    "keep_version",
]

_UNVERSIONED = ("updated_at", "clock")  # what two versions of equal content may differ in


# -- histories: which versions survive a merge, from the stamps alone ------------------------


@dataclass(frozen=True, slots=True)
class History:
    """What one copy knows of one record: the stamps of the versions it keeps alive, and
    its clock (which covers them all)."""

    alive: frozenset[str]
    clock: tuple[str, ...]

    @classmethod
    def of(cls, stamps: Iterable[str], clock: Iterable[str] = ()) -> History:
        alive = frozenset(stamps)
        return cls(alive, join_clocks(clock, alive))

    @property
    def latest(self) -> str:
        return max(self.alive)


def join(a: History, b: History) -> History:
    """What a copy knows after merging `a` and `b`: each version alive on a side that the
    other side holds too or has never seen; both clocks."""
    if a == b:
        return a
    kept = {s for s in a.alive if s in b.alive or not covers(b.clock, s)}
    kept.update(s for s in b.alive if s in a.alive or not covers(a.clock, s))
    if not kept:  # each side replaced the other's version: only forged files can say so
        kept = {max(a.alive | b.alive)}
    return History(frozenset(kept), join_clocks(a.clock, b.clock))


def settle(
    our_stamp: str, ours: Mapping[str, str], their_stamp: str, theirs: Mapping[str, str]
) -> str:
    """`join` of two histories of one version each, told from their stamps and clocks (by
    device, `core.clock.clock_map`) without building them, for merges of many records:
    "same" when ours already knows all theirs knows, "take" when theirs knows all of ours,
    "join" otherwise (tests/core/test_merge.py checks it agrees with `join`)."""

    def within(small: Mapping[str, str], large: Mapping[str, str]) -> bool:
        return all(large.get(node, "") >= stamp for node, stamp in small.items())

    if our_stamp == their_stamp:
        if within(theirs, ours):
            return "same"
        return "take" if within(ours, theirs) else "join"
    seen_theirs = ours.get(node_of(their_stamp), "") >= their_stamp
    seen_ours = theirs.get(node_of(our_stamp), "") >= our_stamp
    if seen_theirs and not seen_ours and within(theirs, ours):
        return "same"
    if seen_ours and not seen_theirs and within(ours, theirs):
        return "take"
    return "join"


# -- versions as JSON: the canonical form, the digest, the versions kept in the file --------


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
    """One text per content: the same for versions that differ only by stamp and clock."""
    item = record_to_json(record)
    for name in _UNVERSIONED:
        item.pop(name, None)
    return json.dumps(
        [record.KIND, item], ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )


def digest(record: Record) -> str:
    """A short fingerprint of the content (`canonical`), for the total order of versions."""
    import hashlib  # only merges of versions made apart need it: not start-up

    return hashlib.sha256(canonical(record).encode("utf-8")).hexdigest()[:16]


def order_key(record: Record) -> tuple[str, str]:
    """Versions alive are shown latest first: by stamp (its device id breaks equal times),
    then by content."""
    return (record.updated_at, digest(record))


def derived_stamp(stamp: str, record: Record) -> str:
    """A stamp of its own for a version that shares `stamp` with another of different
    content: the same time, on a device id extended by the content's digest (so no clock has
    seen it, and it is the later of the two)."""
    return f"{stamp}{digest(record)[:8]}"


def same_content(a: Record, b: Record) -> bool:
    """Equal but for stamp and clock (two laptops that typed the same correction agree)."""
    if type(a) is not type(b):
        return False
    names = record_fields(type(a))
    return all(getattr(a, n) == getattr(b, n) for n in names if n not in _UNVERSIONED)


def changed_fields(a: Record, b: Record) -> tuple[str, ...]:
    """The fields (stamp and clock aside) in which two versions of one record differ."""
    names = record_fields(type(a))
    return tuple(n for n in names if n not in _UNVERSIONED and getattr(a, n) != getattr(b, n, None))


# -- versions: a record as one copy holds it --------------------------------------------------


@dataclass(frozen=True, slots=True)
class Versions:
    """Every version of one record a copy keeps alive, the shown one first, and its clock.
    The versions carry no clock of their own: `clock` is the record's."""

    records: tuple[Record, ...]
    clock: tuple[str, ...]

    @classmethod
    def of(cls, records: Iterable[Record], clock: Iterable[str] = ()) -> Versions:
        ordered = sorted((replace(r, clock=()) for r in records), key=order_key, reverse=True)
        return cls(tuple(ordered), join_clocks(clock, (r.updated_at for r in ordered)))

    @property
    def winner(self) -> Record:
        """The version the event shows, with the record's clock."""
        return replace(self.records[0], clock=self.clock)

    @property
    def others(self) -> tuple[Record, ...]:
        return self.records[1:]

    @property
    def history(self) -> History:
        return History(frozenset(r.updated_at for r in self.records), self.clock)


def merge_versions(a: Versions, b: Versions) -> Versions:
    """`join` on whole versions: the record as a copy holds it after merging `a` and `b`.

    Two versions with one stamp and different content (a hand-edited JSON file) both stay:
    the one with the least digest keeps the stamp, the others move to their
    `derived_stamp`, whatever side they came from."""
    history = join(a.history, b.history)
    by_stamp: dict[str, list[Record]] = {}
    for record in (*a.records, *b.records):
        if record.updated_at in history.alive:
            found = by_stamp.setdefault(record.updated_at, [])
            if not any(same_content(record, f) for f in found):
                found.append(record)
    records: dict[str, Record] = {}
    for stamp, found in by_stamp.items():
        keeper, *moved = sorted(found, key=digest)
        records.setdefault(stamp, keeper)
        for record in moved:
            derived = derived_stamp(stamp, record)
            records[derived] = replace(record, updated_at=derived)
    return Versions.of(records.values(), history.clock)


# -- conflicts: versions alive beside the one shown --------------------------------------------


def conflict_id(loser: Record) -> str:
    """One id per version set aside: its record and its stamp."""
    return f"{loser.id}@{loser.updated_at}"


@dataclass(frozen=True, slots=True)
class Conflict:
    """A version (`loser`) made apart from the one the event shows (`winner`), with
    different content; `*_device` name the copies that made each, when known."""

    winner: Record
    loser: Record
    winner_device: str = ""
    loser_device: str = ""

    @property
    def id(self) -> str:
        return conflict_id(self.loser)

    @property
    def record_id(self) -> str:
        return self.winner.id

    @property
    def record_kind(self) -> str:
        return self.winner.KIND


def conflicts_in(versions: Versions, devices: Mapping[str, str] | None = None) -> list[Conflict]:
    """The conflicts of one record: each version alive beside the winner whose content
    differs from it (two laptops that typed the same thing do not conflict)."""
    names = devices or {}
    winner = versions.winner
    return [
        Conflict(
            winner,
            loser,
            names.get(node_of(winner.updated_at), ""),
            names.get(node_of(loser.updated_at), ""),
        )
        for loser in versions.others
        if not same_content(winner, loser)
    ]


# -- choosing between versions: an undoable edit --------------------------------------------


class VersionStore(RecordStore, Protocol):
    """What `Supersede` needs besides records (implemented by `store.EventStore`)."""

    def versions(self, record_type: type[Record], record_id: str) -> Versions: ...

    def supersede(
        self, record: Record, replaces: Iterable[str], alongside: Sequence[Record] = ()
    ) -> tuple[Record, ...]: ...


@dataclass(frozen=True, slots=True)
class Supersede:
    """Put `record` in the event as a new edit that replaces the versions stamped
    `replaces` (a choice between versions); `alongside` are contents kept beside it as
    versions of their own (what undoing a choice brings back). Its inverse replaces what
    it wrote with the versions it replaced, contents and conflicts as they were."""

    record: Record
    replaces: frozenset[str]
    alongside: tuple[Record, ...] = ()
    label: str = "Use the other version"

    def apply(self, store: RecordStore) -> tuple[Command, ChangeSet]:
        # every store that runs commands (`store.EventStore`) keeps versions: a VersionStore
        versioned = cast(VersionStore, store)
        with versioned.transaction():
            before = versioned.versions(type(self.record), self.record.id)
            replaced = [r for r in before.records if r.updated_at in self.replaces]
            written = versioned.supersede(self.record, self.replaces, self.alongside)
        restored = replaced or [before.winner]
        inverse = Supersede(
            restored[0],
            frozenset(r.updated_at for r in written),
            tuple(restored[1:]),
            label=self.label,
        )
        changes = ChangeSet.of(*written) | ChangeSet(frozenset({"conflict"}), frozenset())
        return inverse, changes

    @property
    def merge_key(self) -> Hashable | None:
        return None


def pick_version(conflict: Conflict) -> Supersede:
    """Use the version set aside instead of the one the event shows, undoably."""
    replaces = frozenset({conflict.winner.updated_at, conflict.loser.updated_at})
    return Supersede(conflict.loser, replaces)


def keep_version(conflict: Conflict) -> Supersede:
    """Keep the version the event shows and let the other go, undoably."""
    replaces = frozenset({conflict.winner.updated_at, conflict.loser.updated_at})
    return Supersede(conflict.winner, replaces, label="Keep this version")
