"""Merging copies into an event file: the join of `core.merge`, record by record, on rows.

`merge_into(target, copies)` merges each copy (`store.copies.Copy`) into the open event
`target`: for every record, what the file holds and what the copy holds are joined
(`core.merge.join`: a version survives when both hold it or when the other side never saw
it), so any order and any grouping of merges gives the same file, and a version that lost to
one made apart is kept in the `versions` table and listed as a conflict. Every copy is read
and checked before anything is written (a copy of another event, a damaged file, a stamp
more than a day ahead of this computer's clock are refused in one sentence); then the
records that change, their versions set aside and the names of new devices go to the file
in ONE transaction; a merge that changes nothing writes nothing. `preview_merge` does the
same reading and deciding without writing, so a person sees what each copy brings first.

It compares stamps and clocks before it reads anything else: most records are the same on
both sides (same stamp, same clock), a copy's newer edit that saw ours is copied as a row,
and whole records are built only for records edited apart, or for a JSON copy, whose stamps
may have been edited by hand (tests/benchmarks/bench_merge.py measures it).
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from facilitator_app.core.clock import clock_map, join_clocks, too_far_ahead, trusted_until
from facilitator_app.core.commands import ChangeSet
from facilitator_app.core.errors import DamagedFile, InvalidImport
from facilitator_app.core.limits import shorten
from facilitator_app.core.merge import (
    Conflict,
    History,
    Versions,
    conflicts_in,
    join,
    merge_versions,
    settle,
)
from facilitator_app.core.model import Record
from facilitator_app.i18n import tr
from facilitator_app.store.codec import codec_for
from facilitator_app.store.copies import Copy, fetch_records, read_stamps
from facilitator_app.store.event_store import EventStore
from facilitator_app.store.versions import (
    VersionRows,
    add_devices,
    list_conflicts,
    read_devices,
    read_version_rows,
    replace_version_rows,
    version_row,
    versions_from,
)

__all__ = ["CopyReport", "MergeReport", "Progress", "merge_into", "preview_merge"]

Progress = Callable[[int, int], None]  # (done, total); may raise Cancelled
LEGACY_BASE = "base_stamp"  # in the meta of copies prepared before record clocks (format 5)
Row = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class CopyReport:
    """What one copy brought, counted against the event as the copies before it left it."""

    name: str
    path: Any  # Path | None
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: tuple[Conflict, ...] = ()  # new ones, not in the event before this copy
    brings: dict[str, int] = field(default_factory=dict)  # record kind → added or updated


@dataclass(frozen=True, slots=True)
class MergeReport:
    """The outcome of a merge (or of its preview, `written=False`) against the event as it
    was before: records added, records updated, and the new conflicts."""

    copies: tuple[CopyReport, ...]
    added: int
    updated: int
    unchanged: int
    conflicts: tuple[Conflict, ...]
    written: bool
    changed: ChangeSet = ChangeSet()
    changes_file: bool = False  # whether merging writes anything (a preview may say no)

    def summary(self) -> str:
        """`added=N updated=N conflicts=N`, the line `merge` prints (CONTRACT §1)."""
        return f"added={self.added} updated={self.updated} conflicts={len(self.conflicts)}"


@dataclass(slots=True)
class _Result:
    """A record as the merge leaves it: the row of the shown version (with the record's
    clock) and the versions set aside, as `versions` rows by stamp."""

    record_type: type[Record]
    row: Row
    others: dict[str, tuple[str, str]]

    @property
    def stamp(self) -> str:
        return str(self.row[1])  # every codec starts with id, updated_at

    @property
    def clock(self) -> str:
        return str(self.row[codec_for(self.record_type).columns.index("clock")])

    def versions(self) -> Versions:
        winner = codec_for(self.record_type).from_row(self.row)
        return _versions_of(winner, self.others)


class _Plan:
    """The merge worked out in memory: the records that change and the conflicts."""

    def __init__(self, target: EventStore) -> None:
        self.target = target
        self.held: dict[str, tuple[type[Record], str, str]] = {}  # id → type, stamp, clock
        for record_type, stamps in read_stamps(target.conn).items():
            for record_id, (stamp, clock) in stamps.items():
                self.held[record_id] = (record_type, stamp, clock)
        self.others: VersionRows = read_version_rows(target.conn)
        self.had_others = frozenset(self.others)
        self.settled: dict[tuple[str, str, str, str], str] = {}  # `settle` by both sides
        self.before = frozenset(self.held)
        self.results: dict[str, _Result] = {}
        self.known = {c.id for c in list_conflicts(target.conn)}
        self.conflicts: dict[str, Conflict] = {}
        self.devices = read_devices(target.conn)
        self.new_devices: dict[str, tuple[str, str, str]] = {}
        self.until = trusted_until()

    # -- one copy -----------------------------------------------------------------------------

    def add(self, copy: Copy) -> CopyReport:
        copy.check_event(self.target.event().id)
        stamps, their_others = copy.stamps(), copy.version_rows()
        take: dict[type[Record], list[str]] = defaultdict(list)
        joined: dict[type[Record], list[str]] = defaultdict(list)
        unchanged = 0
        legacy_base = copy.meta.get(LEGACY_BASE)
        held, ours = self.held.get, self.others
        same_edit = copy.trusts_stamps  # one stamp names one edit of one device
        for record_type, by_id in stamps.items():
            for record_id, (stamp, clock) in by_id.items():
                mine = held(record_id)
                if (  # most records: the same edit, the same history, nothing set aside
                    same_edit
                    and mine is not None
                    and mine[1] == stamp
                    and mine[2] == clock
                    and record_id not in ours
                    and record_id not in their_others
                ):
                    unchanged += 1
                    continue
                decision = self._decide(record_id, stamp, clock, their_others, copy, legacy_base)
                if decision == "same":
                    unchanged += 1
                    continue
                self._check_stamps(copy, record_type, record_id, stamp, clock, their_others)
                (take if decision == "take" else joined)[record_type].append(record_id)
        changed: list[_Result] = []
        for record_type, ids in take.items():
            for row in copy.fetch_rows(record_type, ids):
                changed.append(_Result(record_type, row, dict(their_others.get(row[0], {}))))
        for record_type, ids in joined.items():
            theirs = {r.id: r for r in copy.fetch(record_type, ids)}
            our_versions = self._versions(record_type, ids)
            for record_id in ids:
                versions = our_versions[record_id]
                incoming = _versions_of(theirs[record_id], their_others.get(record_id))
                if legacy_base:
                    ours_seen, theirs_seen = _seen_before(
                        versions.history, incoming.history, legacy_base
                    )
                    versions = Versions(versions.records, ours_seen.clock)
                    incoming = Versions(incoming.records, theirs_seen.clock)
                result = merge_versions(versions, incoming)
                if result == versions:
                    unchanged += 1
                    continue
                others = {r.updated_at: version_row(r)[2:] for r in result.others}
                changed.append(
                    _Result(record_type, codec_for(record_type).to_row(result.winner), others)
                )
        self._learn_devices(copy)
        return self._record(copy, changed, unchanged)

    def _decide(
        self,
        record_id: str,
        stamp: str,
        clock: str,
        their_others: VersionRows,
        copy: Copy,
        legacy_base: str | None,
    ) -> str:
        """ "same" (the event holds it all already), "take" (the copy's record replaces
        ours whole) or "join" (both sides hold something the other lacks)."""
        held = self.held.get(record_id)
        if held is None:
            return "take"
        if not copy.trusts_stamps:  # a JSON file: one stamp may name two contents
            return "join"
        _, our_stamp, our_clock = held
        ours = self.others.get(record_id)
        theirs = their_others.get(record_id)
        if not (ours or theirs or legacy_base):  # one version each side (the same one: `add`
            # skipped it); decided once for every copy still holding a version we replaced
            key = (our_stamp, our_clock, stamp, clock)
            decision = self.settled.get(key)
            if decision is None:
                decision = self.settled[key] = settle(
                    our_stamp, clock_map(_stamps_in(our_clock)), stamp, clock_map(_stamps_in(clock))
                )
            return decision
        ours, theirs = ours or {}, theirs or {}
        a = History.of([our_stamp, *ours], _stamps_in(our_clock))
        b = History.of([stamp, *theirs], _stamps_in(clock))
        if legacy_base:
            a, b = _seen_before(a, b, legacy_base)
        merged = join(a, b)
        if merged == a:
            return "same"
        return "take" if merged == b else "join"

    def _check_stamps(
        self,
        copy: Copy,
        record_type: type[Record],
        record_id: str,
        stamp: str,
        clock: str,
        their_others: VersionRows,
    ) -> None:
        """Refuse a copy made on a computer whose clock is more than a day ahead: its
        stamps would win every later merge."""
        late = max(stamp, *_stamps_in(clock), *their_others.get(record_id, ()))
        if too_far_ahead(late, self.until):
            raise InvalidImport(
                tr(
                    "{path}: {kind} {id} is dated {stamp}, more than a day ahead of this "
                    "computer's clock; set the date of the laptop that made it, then merge "
                    "again.",
                    path=shorten(copy.label),
                    kind=record_type.KIND,
                    id=record_id,
                    stamp=late[:19].replace("T", " "),
                )
            )

    def _versions(self, record_type: type[Record], ids: Sequence[str]) -> dict[str, Versions]:
        """Our versions of these records, as the copies merged so far left them."""
        found = {i: self.results[i].versions() for i in ids if i in self.results}
        rest = [i for i in ids if i not in found]
        if rest:
            rows = read_version_rows(self.target.conn, rest)
            for record in fetch_records(self.target.conn, record_type, rest):
                found[record.id] = _versions_of(record, rows.get(record.id))
        return found

    def _learn_devices(self, copy: Copy) -> None:
        for node, value in copy.devices().items():
            if node not in self.devices:
                self.devices[node] = self.new_devices[node] = value

    def _record(self, copy: Copy, changed: list[_Result], unchanged: int) -> CopyReport:
        brings: Counter[str] = Counter()
        added = 0
        conflicts: list[Conflict] = []
        names = {node: name for node, (name, _, _) in self.devices.items()}
        for result in changed:
            record_id = result.row[0]
            added += record_id not in self.held
            brings[result.record_type.KIND] += 1
            self.held[record_id] = (result.record_type, result.stamp, result.clock)
            self.others[record_id] = result.others
            self.results[record_id] = result
            if result.others:
                for found in conflicts_in(result.versions(), names):
                    if found.id not in self.known:
                        self.known.add(found.id)
                        conflicts.append(found)
        for found in conflicts:
            self.conflicts[found.id] = found
        return CopyReport(
            name=copy.name,
            path=copy.path,
            added=added,
            updated=len(changed) - added,
            unchanged=unchanged,
            conflicts=tuple(conflicts),
            brings=dict(brings),
        )

    # -- the outcome --------------------------------------------------------------------------

    def report(self, copies: list[CopyReport], *, written: bool) -> MergeReport:
        added = sum(1 for i in self.results if i not in self.before)
        kinds = {r.record_type.KIND for r in self.results.values()}
        if any(r.others or i in self.had_others for i, r in self.results.items()):
            kinds.add("conflict")
        return MergeReport(
            copies=tuple(copies),
            added=added,
            updated=len(self.results) - added,
            unchanged=sum(c.unchanged for c in copies),
            conflicts=tuple(self.conflicts.values()),
            written=written,
            changed=ChangeSet(frozenset(kinds), frozenset(self.results) | set(self.conflicts)),
            changes_file=bool(self.results or self.new_devices),
        )

    def write(self) -> bool:
        """Write what changed in one transaction; False when nothing did (nothing written)."""
        if not (self.results or self.new_devices):
            return False
        conn = self.target.conn
        rows: dict[type[Record], list[Row]] = defaultdict(list)
        for result in self.results.values():
            rows[result.record_type].append(result.row)
        versions = {  # only records that keep versions now, or kept some before
            record_id: [(record_id, stamp, *value) for stamp, value in result.others.items()]
            for record_id, result in self.results.items()
            if result.others or record_id in self.had_others
        }
        tables = sorted(t.COLLECTION for t in rows)
        try:
            with _references_checked_once(conn), self.target.transaction():
                self.target.put_rows(rows)
                for table in tables:
                    broken = conn.execute(f"PRAGMA foreign_key_check({table})").fetchone()
                    if broken is not None:
                        raise sqlite3.IntegrityError(f"{broken[0]} → {broken[2]}")
                replace_version_rows(conn, versions)
                add_devices(conn, self.new_devices)
        except sqlite3.IntegrityError as error:
            raise DamagedFile(
                tr("The copies point to records found in none of them ({detail}).", detail=error)
            ) from error
        return True


def _stamps_in(clock: str) -> list[str]:
    """The stamps of a clock as the file keeps it (a JSON list of stamps, which hold no
    quotes): read without the JSON parser, for the many records a merge compares."""
    return clock.split('"')[1::2]


def _seen_before(ours: History, theirs: History, base: str) -> tuple[History, History]:
    """A copy prepared by a Récolte older than record clocks says only when it parted from
    the event (`base_stamp`): each side's versions from before then were seen by the other
    (the copy was made from them, or made them before it was collected)."""
    ours_seen = [s for s in theirs.alive if s <= base]
    theirs_seen = [s for s in ours.alive if s <= base]
    return (
        History(ours.alive, join_clocks(ours.clock, ours_seen)),
        History(theirs.alive, join_clocks(theirs.clock, theirs_seen)),
    )


def _versions_of(winner: Record, others: dict[str, tuple[str, str]] | None) -> Versions:
    """A record's versions from the shown one (with the record's clock) and those kept."""
    return versions_from(winner, others) if others else Versions.of([winner], winner.clock)


@contextlib.contextmanager
def _references_checked_once(conn: sqlite3.Connection) -> Iterator[None]:
    """Turn SQLite's row-by-row reference checks off while the merge writes; `write` checks
    the tables it wrote once, before the commit (a merge writes rows, never removes one, so
    that is the same check, for half the cost of 20,000 notes). The pragma cannot change
    inside a transaction: a merge nested in one keeps the row-by-row checks."""
    if conn.in_transaction:
        yield
        return
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        yield
    finally:
        conn.execute("PRAGMA foreign_keys = ON")


def _plan(
    target: EventStore, copies: Sequence[Copy], progress: Progress | None, total: int
) -> tuple[_Plan, list[CopyReport]]:
    plan = _Plan(target)
    reports = []
    for done, copy in enumerate(copies):
        if progress is not None:
            progress(done, total)
        reports.append(plan.add(copy))
    return plan, reports


def preview_merge(
    target: EventStore, copies: Sequence[Copy], *, progress: Progress | None = None
) -> MergeReport:
    """What `merge_into` would do, copy by copy, without writing anything."""
    plan, reports = _plan(target, copies, progress, len(copies))
    if progress is not None:
        progress(len(copies), len(copies))
    return plan.report(reports, written=False)


def merge_into(
    target: EventStore, copies: Sequence[Copy], *, progress: Progress | None = None
) -> MergeReport:
    """Merge `copies`, in order, into the event `target`, in one transaction (none when
    nothing changes).

    Raises AnotherEvent for a copy of another event, DamagedFile for an unreadable one and
    InvalidImport for one stamped too far ahead, before anything is written;
    `progress(done, total)` is called before each copy and before the writing, and may
    raise `Cancelled` to stop with the file untouched.
    """
    total = len(copies) + 1
    plan, reports = _plan(target, copies, progress, total)
    if progress is not None:
        progress(len(copies), total)
    written = plan.write()
    if progress is not None:
        progress(total, total)
    return plan.report(reports, written=written)
