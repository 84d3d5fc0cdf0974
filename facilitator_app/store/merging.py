"""Merging copies into an event file, and the conflicts it keeps.

`merge_into(target, copies)` merges each copy (`store.copies.Copy`) into the open event
`target` by the rules of `core.merge`: per record the latest stamp wins, nothing is dropped,
and a record edited apart on two sides is a `Conflict` whose losing version is kept in the
`conflicts` table (one row per losing version, so merging a copy again adds nothing).
Every copy is read and checked before anything is written, then the winners, the conflicts
and what was merged of each copy go to the file in ONE transaction (`EventStore.put_rows`,
the row form of `put_many`, keeps their stamps and the search index in step); any failure
leaves the file as it was.
`preview_merge` does the same reading and deciding without writing, so a person sees what
each copy brings first.

It compares stamps before it reads anything else: the stamps of all the target's records
are read once, each copy hands out its stamps, and only the rows whose stamps differ are
read, then copied to the target as rows; records are built only for the few versions that
may conflict (tests/benchmarks/bench_merge.py measures it).
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from facilitator_app.core.commands import ChangeSet
from facilitator_app.core.errors import DamagedFile, NotFound
from facilitator_app.core.merge import (
    Conflict,
    Divergence,
    conflict_between,
    estimate_base,
    node_of,
    record_from_json,
    record_to_json,
    wins,
)
from facilitator_app.core.model import BY_KIND, Record
from facilitator_app.i18n import tr
from facilitator_app.store.codec import codec_for
from facilitator_app.store.copies import BASE_STAMP, Copy, Stamps, fetch_records, read_stamps
from facilitator_app.store.event_store import EventStore

__all__ = [
    "CopyReport",
    "MergeReport",
    "Progress",
    "merge_into",
    "preview_merge",
    "list_conflicts",
    "mark_conflict",
]

Progress = Callable[[int, int], None]  # (done, total); may raise Cancelled


@dataclass(frozen=True, slots=True)
class CopyReport:
    """What one copy brought, counted against the event as the copies before it left it."""

    name: str
    path: Path | None
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: tuple[Conflict, ...] = ()  # new ones, not listed by an earlier merge
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

    def summary(self) -> str:
        """`added=N updated=N conflicts=N`, the line `merge` prints (CONTRACT §1)."""
        return f"added={self.added} updated={self.updated} conflicts={len(self.conflicts)}"


Row = tuple[Any, ...]


class _Plan:
    """The merge worked out in memory: the winning versions to write and the conflicts.

    Winners are kept as rows, copied from file to file without building records; records
    are built only for the versions whose stamps say they may conflict."""

    def __init__(self, target: EventStore) -> None:
        self.target = target
        self.held: dict[str, str] = {}  # id → stamp of the event's version, as the merge goes
        self.held_type: dict[str, type[Record]] = {}
        for record_type, stamps in read_stamps(target.conn).items():
            self.held.update(stamps)
            self.held_type.update(dict.fromkeys(stamps, record_type))
        self.before = frozenset(self.held)
        self.winners: dict[str, tuple[type[Record], Row]] = {}
        self.origin: dict[str, str] = {}  # id → name of the copy its winner came from
        self.conflicts: dict[str, Conflict] = {}
        self.merged_copies: set[str] = set()  # ids of the prepared copies merged now
        self.known = {row[0] for row in target.conn.execute("SELECT id FROM conflicts")}
        self.target_base = target.meta().get(BASE_STAMP) or None
        self.seen: dict[str, tuple[str, str, str, frozenset[str]]] = {
            copy_id: (name, base, seen, frozenset(json.loads(nodes)))
            for copy_id, name, base, seen, nodes in target.conn.execute(
                "SELECT copy_id, name, base_stamp, seen_stamp, nodes FROM merged_copies"
            )
        }

    def _divergence(self, copy: Copy, stamps: Stamps) -> Divergence:
        bases = [b for b in (copy.base_stamp, self.target_base) if b]
        if not bases:  # a JSON export, a file copied by hand: guessed, and no device trusted
            base = max(estimate_base(self.held, by_id) for by_id in stamps.values())
            return Divergence(base)
        base = min(bases)
        _, _, seen, nodes = self.seen.get(copy.copy_id or "", ("", "", "", frozenset()))
        edited = {node_of(s) for by_id in stamps.values() for s in by_id.values() if s > base}
        return Divergence(base, seen, nodes | edited)

    def _held_record(self, record_id: str, record_type: type[Record]) -> Record:
        if record_id in self.winners:
            winner_type, row = self.winners[record_id]
            return codec_for(winner_type).from_row(row)
        return fetch_records(self.target.conn, record_type, [record_id])[0]

    def add(self, copy: Copy) -> CopyReport:
        copy.check_event(self.target.event().id)
        stamps = copy.stamps()
        divergence = self._divergence(copy, stamps)
        take: dict[type[Record], list[str]] = defaultdict(list)
        compare: dict[type[Record], list[str]] = defaultdict(list)
        unchanged = 0
        held_stamp = self.held.get
        for record_type, by_id in stamps.items():
            for record_id, stamp in by_id.items():
                held = held_stamp(record_id)
                if held == stamp:  # one stamp names one edit on one device
                    unchanged += 1
                elif held is None:
                    take[record_type].append(record_id)
                elif divergence.concurrent(held, stamp):
                    compare[record_type].append(record_id)
                elif stamp > held:
                    take[record_type].append(record_id)
                else:
                    unchanged += 1
        incoming: list[tuple[type[Record], Row]] = [
            (t, row) for t, ids in take.items() for row in copy.fetch_rows(t, ids)
        ]
        conflicts: list[Conflict] = []
        for record in (r for t, ids in compare.items() for r in copy.fetch(t, ids)):
            held_record = self._held_record(record.id, self.held_type[record.id])
            found = conflict_between(
                held_record,
                record,
                divergence,
                source_name=copy.name,
                held_from=self.origin.get(record.id, ""),
            )
            if found is not None and found.id not in self.known:
                self.known.add(found.id)
                conflicts.append(found)
            if wins(record, held_record):
                incoming.append((type(record), codec_for(type(record)).to_row(record)))
            else:
                unchanged += 1
        brings: Counter[str] = Counter()
        added = 0
        for record_type, row in incoming:
            record_id, stamp = row[0], row[1]  # every codec starts with id, updated_at
            added += record_id not in self.held
            brings[record_type.KIND] += 1
            self.held[record_id] = stamp
            self.held_type[record_id] = record_type
            self.winners[record_id] = (record_type, row)
            self.origin[record_id] = copy.name
        for found in conflicts:
            self.conflicts[found.id] = found
        self._remember(copy, stamps, divergence)
        return CopyReport(
            name=copy.name,
            path=copy.path,
            added=added,
            updated=len(incoming) - added,
            unchanged=unchanged,
            conflicts=tuple(conflicts),
            brings=dict(brings),
        )

    def _remember(self, copy: Copy, stamps: Stamps, divergence: Divergence) -> None:
        if copy.copy_id is None:
            return
        latest = max((max(by_id.values(), default="") for by_id in stamps.values()), default="")
        seen = max(latest, divergence.seen)
        self.seen[copy.copy_id] = (copy.name, copy.base_stamp or "", seen, divergence.source_nodes)
        self.merged_copies.add(copy.copy_id)

    def report(self, copies: list[CopyReport], *, written: bool) -> MergeReport:
        added = sum(1 for i in self.winners if i not in self.before)
        kinds = {t.KIND for t, _ in self.winners.values()}
        if self.conflicts:
            kinds.add("conflict")
        return MergeReport(
            copies=tuple(copies),
            added=added,
            updated=len(self.winners) - added,
            unchanged=sum(c.unchanged for c in copies),
            conflicts=tuple(self.conflicts.values()),
            written=written,
            changed=ChangeSet(frozenset(kinds), frozenset(self.winners) | set(self.conflicts)),
        )

    def write(self) -> None:
        merged_at = datetime.now().isoformat(timespec="seconds")
        conflict_rows = [
            (
                c.id,
                c.record_kind,
                c.record_id,
                json.dumps(record_to_json(c.winner), ensure_ascii=False),
                json.dumps(record_to_json(c.loser), ensure_ascii=False),
                c.source_name,
                int(c.source_won),
                c.held_from,
                merged_at,
            )
            for c in self.conflicts.values()
        ]
        copy_rows = [
            (copy_id, name, base, seen, json.dumps(sorted(nodes)), merged_at)
            for copy_id, (name, base, seen, nodes) in self.seen.items()
            if copy_id in self.merged_copies
        ]
        conn = self.target.conn
        rows: dict[type[Record], list[Row]] = defaultdict(list)
        for record_type, row in self.winners.values():
            rows[record_type].append(row)
        tables = sorted(t.COLLECTION for t in rows)
        try:
            with _references_checked_once(conn), self.target.transaction():
                self.target.put_rows(rows)
                for table in tables:
                    broken = conn.execute(f"PRAGMA foreign_key_check({table})").fetchone()
                    if broken is not None:
                        raise sqlite3.IntegrityError(f"{broken[0]} → {broken[2]}")
                conn.executemany(
                    "INSERT OR IGNORE INTO conflicts (id, record_kind, record_id, winner_json, "
                    "loser_json, source_name, source_won, held_from, merged_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    conflict_rows,
                )
                conn.executemany(
                    "INSERT INTO merged_copies (copy_id, name, base_stamp, seen_stamp, nodes, "
                    "merged_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(copy_id) DO UPDATE SET "
                    "name = excluded.name, base_stamp = excluded.base_stamp, "
                    "seen_stamp = excluded.seen_stamp, nodes = excluded.nodes, "
                    "merged_at = excluded.merged_at",
                    copy_rows,
                )
        except sqlite3.IntegrityError as error:
            raise DamagedFile(
                tr("The copies point to records found in none of them ({detail}).", detail=error)
            ) from error


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
    """Merge `copies`, in order, into the event `target`, in one transaction.

    Raises AnotherEvent for a copy of another event and DamagedFile for an unreadable one
    before anything is written; `progress(done, total)` is called before each copy and
    before the writing, and may raise `Cancelled` to stop with the file untouched.
    """
    total = len(copies) + 1
    plan, reports = _plan(target, copies, progress, total)
    if progress is not None:
        progress(len(copies), total)
    plan.write()
    if progress is not None:
        progress(total, total)
    return plan.report(reports, written=True)


# -- the conflicts kept ---------------------------------------------------------------------


def list_conflicts(store: EventStore, *, include_resolved: bool = False) -> list[Conflict]:
    """The conflicts merges have found, oldest first (those not yet resolved, unless asked)."""
    sql = (
        "SELECT record_kind, winner_json, loser_json, source_name, source_won, held_from, "
        "merged_at, resolved FROM conflicts"
    )
    if not include_resolved:
        sql += " WHERE resolved = 0"
    conflicts = []
    rows = store.conn.execute(sql + " ORDER BY merged_at, rowid")
    for kind, winner, loser, source, source_won, held_from, merged_at, resolved in rows:
        if kind not in BY_KIND:  # written by a newer Récolte: nothing this one can show
            continue
        conflicts.append(
            Conflict(
                winner=record_from_json(kind, json.loads(winner)),
                loser=record_from_json(kind, json.loads(loser)),
                source_name=source,
                source_won=bool(source_won),
                held_from=held_from,
                merged_at=merged_at,
                resolved=bool(resolved),
            )
        )
    return conflicts


def mark_conflict(store: EventStore, conflict_id: str, *, resolved: bool) -> bool:
    """Mark a conflict resolved (or not); returns what it was, for undo."""
    row = store.conn.execute("SELECT resolved FROM conflicts WHERE id = ?", (conflict_id,))
    previous = row.fetchone()
    if previous is None:
        raise NotFound(tr("No {kind} with id {id}.", kind="conflict", id=conflict_id))
    with store.transaction():
        store.conn.execute(
            "UPDATE conflicts SET resolved = ? WHERE id = ?", (int(resolved), conflict_id)
        )
    return bool(previous[0])
