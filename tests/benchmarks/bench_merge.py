"""Merge benchmark: 20 note-taker copies of `demo --scale 10`, each with 1,000 new or edited
notes, merged into the event, against a plain `INSERT OR REPLACE` of the same rows.

Run from the project root:

    .venv/bin/python tests/benchmarks/bench_merge.py [--copies 20] [--notes 1000]
        [--edited 125] [--scale 10] [--runs 7]

It writes `demo --scale 10` to a temporary folder, prepares the copies as the window does
(`store.copies.prepare_copy`), and on each copy edits `--edited` existing notes (a slice of
its own that overlaps the next copy's by 5 notes, so that some notes are edited on two
laptops: conflicts) and adds the rest as new notes, each copy's edits stamped by its own
clock. Then, on a fresh copy of the event each time, interleaved:

* **baseline**: one `sqlite3` connection to the event (WAL, `synchronous=FULL`, as the
  application opens it; foreign keys off, sqlite3's default), and for each copy a read-only
  connection that selects the rows it changed (stamped after the event's latest stamp when
  the copies were prepared) and an
  `executemany` of `INSERT OR REPLACE INTO notes`, all in one transaction: what SQLite alone
  costs to write those rows, with no deciding, no conflict, no search index;
* **merge**: what `facilitator-app merge` does once started: `open_event` on the event,
  `export.copies.read_copies` (each copy opened read-only and checked), `merge_into`
  (stamps and clocks compared, histories joined, whole records read only for the notes
  edited on two copies, rows written with `put_rows`, the search index kept in step,
  references checked, versions made apart kept, one transaction), and closing the files.

After every merge it checks the result: every note of every copy is in the event with its
winning text, the conflicts are the notes edited on two copies, `check()` finds nothing
(the search index holds exactly the live notes), and a new note's word is found. Then it
merges the same copies again into the merged event (nothing to do: `added=0 updated=0
conflicts=0`) and times that too.

It prints the median and minimum of each side, every pair's ratio, and

    merge_ratio=<median of the pairs' wall-clock ratios>  (target <= 3.0)

then `FAIL: …` (exit code 1) if above 3.0, else `OK: …`. Machines are shared and noisy:
compare ratios between runs, not seconds.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from facilitator_app.core.demo import build_demo  # noqa: E402
from facilitator_app.core.model import Note  # noqa: E402
from facilitator_app.formats.copies import read_copies  # noqa: E402
from facilitator_app.store import open_event, remove_event_file, write_new_event  # noqa: E402
from facilitator_app.store.codec import codec_for  # noqa: E402
from facilitator_app.store.copies import prepare_copy  # noqa: E402
from facilitator_app.store.merging import merge_into  # noqa: E402
from facilitator_app.store.versions import latest_stamp  # noqa: E402

TARGET_RATIO = 3.0
OVERLAP = 5  # notes each copy edits that the next copy edits too


def prepare(folder: Path, *, scale: int, copies: int, notes: int, edited: int) -> tuple:
    """The event, its copies (edited), and what the merged event must hold."""
    event = folder / "rencontres.recolte"
    write_new_event(event, build_demo(scale=scale))
    with open_event(event, readonly=True) as store:
        originals = store.all(Note)
        base = latest_stamp(store.conn)
    rng = random.Random(7)
    expected: dict[str, str] = {}  # note id → its text on the copy that edited it last
    paths = []
    for index in range(copies):
        path = prepare_copy(
            event, folder / f"copie {index + 1:02d}.recolte", name=f"Table {index + 1}"
        )
        paths.append(path)
        start = (index * (edited - OVERLAP)) % max(1, len(originals) - edited)
        chosen = originals[start : start + edited]
        with open_event(path) as store:
            changes = [replace(n, text=f"{n.text} — relu à la table {index + 1}") for n in chosen]
            changes += [
                Note(
                    session_id=rng.choice(originals).session_id,
                    text=f"Table {index + 1}, note {k} : être présent au cœur n{index}x{k}",
                    position=10_000 + k,
                )
                for k in range(notes - len(chosen))
            ]
            store.put_many(changes, stamp=True)
        expected.update((note.id, note.text) for note in changes)  # later copies win
    return event, paths, expected, len(originals), base


def baseline(target: Path, copies: list[Path], base: str) -> tuple[float, float, int]:
    columns = codec_for(Note).columns
    quoted = ", ".join(f'"{c}"' for c in columns)
    sql = f"INSERT OR REPLACE INTO notes ({quoted}) VALUES ({', '.join('?' * len(columns))})"
    wall, cpu = time.perf_counter(), time.process_time()
    conn = sqlite3.connect(target)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    written = 0
    with conn:
        for path in copies:
            source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            rows = source.execute(
                f"SELECT {quoted} FROM notes WHERE updated_at > ?", (base,)
            ).fetchall()
            conn.executemany(sql, rows)
            written += len(rows)
            source.close()
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    return time.perf_counter() - wall, time.process_time() - cpu, written


def merge(target: Path, copies: list[Path]) -> tuple[float, float, str]:
    wall, cpu = time.perf_counter(), time.process_time()
    with open_event(target) as store:
        opened = read_copies(copies, event_id=store.event().id)
        try:
            report = merge_into(store, opened)
        finally:
            for copy in opened:
                copy.close()
    return time.perf_counter() - wall, time.process_time() - cpu, report.summary()


def verify(target: Path, expected: dict[str, str], conflicts: int) -> list[str]:
    problems = []
    with open_event(target, readonly=True) as store:
        notes = {n.id: n for n in store.all(Note)}
        missing = [i for i in expected if i not in notes]
        wrong = [i for i in expected if i in notes and notes[i].text != expected[i]]
        if missing or wrong:
            problems.append(f"{len(missing)} notes missing, {len(wrong)} with another text")
        found = store.conflicts()
        if len(found) != conflicts:
            problems.append(f"{len(found)} conflicts instead of {conflicts}")
        problems += store.check()
        word = next(iter(expected.values())).rsplit(" ", 1)[-1]
        if not store.search(word):
            problems.append(f"the search does not find {word!r}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--notes", type=int, default=1000, help="new or edited notes per copy")
    parser.add_argument("--edited", type=int, default=125, help="of which edited notes")
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-merge-") as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        event, copies, expected, originals, base = prepare(
            folder, scale=args.scale, copies=args.copies, notes=args.notes, edited=args.edited
        )
        conflicts = (args.copies - 1) * OVERLAP if args.edited > OVERLAP else 0
        print(
            f"demo --scale {args.scale}: {originals} notes; {args.copies} copies with "
            f"{args.notes} new or edited notes each ({args.edited} edited, {OVERLAP} of them "
            f"also edited on the next copy), prepared in {time.perf_counter() - started:.1f} s"
        )
        pairs = []
        for run in range(args.runs + 1):  # the first pair warms the disk cache, untimed
            base_target, merge_target = folder / "base.recolte", folder / "merge.recolte"
            for path in (base_target, merge_target):
                remove_event_file(path)
                shutil.copyfile(event, path)
            b_wall, b_cpu, rows = baseline(base_target, copies, base)
            m_wall, m_cpu, summary = merge(merge_target, copies)
            problems = verify(merge_target, expected, conflicts)
            if problems:
                print("FAIL: the merged event is wrong: " + "; ".join(problems[:5]))
                return 1
            if run:
                pairs.append((b_wall, b_cpu, m_wall, m_cpu))
                print(
                    f"run {run}: baseline {b_wall:.3f} s ({rows} rows), merge {m_wall:.3f} s "
                    f"({summary}), ratio {m_wall / b_wall:.2f}"
                )
        again_wall, _, again = merge(merge_target, copies)
        print(f"merging the same copies again: {again_wall:.3f} s ({again})")
        if again != "added=0 updated=0 conflicts=0":
            print(f"FAIL: a second merge changed the event: {again}")
            return 1

    def line(name: str, values: list[float]) -> str:
        return f"{name:9} median {statistics.median(values):.3f} s, min {min(values):.3f} s"

    print(line("baseline", [p[0] for p in pairs]))
    print(line("merge", [p[2] for p in pairs]))
    cpu_ratio = statistics.median(p[3] / p[1] for p in pairs)
    ratio = statistics.median(p[2] / p[0] for p in pairs)
    print(f"cpu_ratio={cpu_ratio:.2f}")
    print(f"merge_ratio={ratio:.2f}  (target <= {TARGET_RATIO})")
    if ratio > TARGET_RATIO:
        print(f"FAIL: merging takes {ratio:.2f} times the plain INSERT OR REPLACE")
        return 1
    print("OK: the merge is within the target")
    return 0


if __name__ == "__main__":
    sys.exit(main())
