"""Rotation planner benchmark: the quality targets of the world-café calculator (CONTRACT §3).

Run from the project root:

    .venv/bin/python tests/benchmarks/bench_rotation.py [--time-limit 5] [--seed 1] [--only 36/6]
        [--part all|table|load]

Every instance of the target table is planned with `plan_rotation(seed=1, time_limit=5)`, in
this process, one after the other. For each it prints the three figures, the seconds taken,
the bound on repeated pairs (`lower_bounds`, or a stronger bound proven by hand, see the note),
the target and OK/FAIL; then "N/M targets met". Info lines (no target) follow. Every
plan is also checked against the hard rules by an independent few lines below, and its figures
recounted; a mismatch prints FAIL too.

The machine is shared, so the run starts by timing a fixed pure-Python loop (the same kind of
work as the search's inner loop): compare the seconds of two runs relative to that reference.

The second part (`--part load`) checks that a plan does not depend on the machine's load:
500/50/8, 1000/100/10 (also with a 1 s limit) and 36/6/4 (which spends its whole budget)
are planned idle, then again while a busy-loop subprocess spins on each core. It prints the
repeated pairs of both runs, the wall-clock and CPU seconds of each against the time limit,
and the reference loop idle and under load (how much slower the load made plain Python). A
plan that differs under load, or a call past its time limit, prints a FAIL line.

Exit code is always 0; a line starting with FAIL says a target was missed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from facilitator_app.core.rotation import (  # noqa: E402
    RotationProblem,
    check_plan,
    lower_bounds,
    plan_rotation,
)

APART = ((6, 7), (8, 9), (10, 11), (12, 13), (14, 15))


@dataclass(frozen=True, slots=True, kw_only=True)
class Case:
    size: tuple[int, int, int]
    hosts: bool = False
    any_table: bool = False
    apart: tuple[tuple[int, int], ...] = ()
    max_repeats: int | None = 0  # None: not a target (any-table mode)
    max_pairs: int | None = 0  # None: an info line, no target
    known: int | None = None  # a bound on repeated pairs proven by hand (see note)
    note: str = ""
    absent: frozenset[tuple[int, int]] = field(default_factory=frozenset)
    capacities: tuple[int | None, ...] | None = None

    def problem(self) -> RotationProblem:
        P, T, R = self.size
        return RotationProblem(
            participants=P,
            tables=T,
            rounds=R,
            hosts={t: t for t in range(T)} if self.hosts else {},
            any_table=self.any_table,
            apart=self.apart,
            absent=self.absent,
            capacities=self.capacities,
        )

    def mode(self) -> str:
        words = ["any table" if self.any_table else "themed"]
        if self.hosts:
            words.append("hosts")
        if self.apart:
            words.append(f"{len(self.apart)} apart")
        if self.absent:
            words.append(f"{len(self.absent)} absent")
        if self.capacities:
            words.append("capacities")
        return ", ".join(words)


CASES = [
    Case(size=(16, 4, 4), max_pairs=12, note="12 is optimal"),
    Case(size=(36, 6, 3), max_pairs=12, note="12 is optimal"),
    Case(size=(36, 6, 3), hosts=True),
    Case(size=(16, 4, 4), hosts=True),
    Case(size=(40, 6, 3), hosts=True, apart=APART, max_pairs=8, note="8 is optimal"),
    Case(size=(32, 8, 8), note="GF(8)"),
    Case(
        size=(36, 6, 4),
        max_pairs=27,
        known=19,
        note="18 needs two orthogonal 6×6 Latin squares: ≥ 19",
    ),
    Case(size=(60, 10, 4)),
    Case(size=(120, 20, 5)),
    Case(size=(200, 25, 6), note="GF(25)"),
    Case(size=(60, 10, 4), hosts=True),
    Case(size=(120, 20, 5), hosts=True),
    Case(size=(200, 25, 6), hosts=True, note="GF(25)"),
    Case(size=(16, 4, 5), any_table=True, max_repeats=None, note="AG(2,4)"),
    Case(size=(25, 5, 6), any_table=True, max_repeats=None, note="AG(2,5)"),
    Case(
        size=(36, 6, 4),
        any_table=True,
        max_repeats=None,
        max_pairs=4,
        known=2,
        note="1 needs two 6×6 Latin squares with 35 distinct pairs: none exist",
    ),
    # info lines, no target
    Case(size=(50, 7, 5), max_pairs=None, note="uneven"),
    Case(
        size=(50, 7, 5),
        max_pairs=None,
        absent=frozenset({(0, p) for p in range(44, 50)} | {(3, 1), (4, 2), (4, 3)}),
        note="6 late arrivals, 3 leave early",
    ),
    Case(
        size=(50, 7, 5),
        max_pairs=None,
        hosts=True,
        capacities=(6, 6, 8, 8, 8, 8, 8),
        note="two small tables",
    ),
    Case(size=(36, 6, 4), max_pairs=None, hosts=True, known=2, note="≥ 2, as any-table"),
]


def independent_check(case: Case, plan) -> tuple[tuple[int, int, int], list[str]]:
    """Figures and broken rules recounted without the planner's code."""
    P, T, R = case.size
    problems = []
    hosts = set(range(T)) if case.hosts else set()
    for r, row in enumerate(plan):
        present = [p for p in range(P) if (r, p) not in case.absent]
        if any(row[p] != -1 for p in range(P) if (r, p) in case.absent):
            problems.append(f"round {r}: an absent person is seated")
        sizes = Counter(row[p] for p in present)
        counts = [sizes.get(t, 0) for t in range(T)]
        caps = case.capacities or (None,) * T
        free = [c for t, c in enumerate(counts) if caps[t] is None or c < caps[t]]
        if any(caps[t] is not None and counts[t] > caps[t] for t in range(T)):
            problems.append(f"round {r}: a table is over capacity")
        if free and max(counts) - min(free) > 1:
            problems.append(f"round {r}: table sizes {counts}")
        if any(row[t] != t for t in hosts if (r, t) not in case.absent):
            problems.append(f"round {r}: a host moved")
    visits = {p: [row[p] for row in plan if row[p] >= 0] for p in range(P) if p not in hosts}
    repeats = sum(len(v) - len(set(v)) for v in visits.values())
    meetings = Counter(
        pair
        for row in plan
        for pair in combinations(range(P), 2)
        if row[pair[0]] == row[pair[1]] >= 0
    )
    pairs = sum(m - 1 for m in meetings.values() if m > 1)
    apart = sum(meetings[pair] for pair in case.apart)
    return (repeats, pairs, apart), problems


def reference_loop() -> float:
    """Seconds for a fixed pure-Python workload shaped like the search's inner loop."""
    start = time.perf_counter()
    table = list(range(4096))
    total = 0
    for i in range(2_000_000):
        total += table[(i * 7) & 4095] > 2000
    return time.perf_counter() - start


# (P, T, R, time limit or None for --time-limit); 36/6/4 never reaches its bound, so it spends
# its whole budget: the plan under load is the same only if the budget is not counted in seconds
LOADED = ((500, 50, 8, None), (1000, 100, 10, None), (1000, 100, 10, 1.0), (36, 6, 4, None))


class BusyLoops:
    """One pure-Python busy loop per core, in subprocesses, for the `with` block."""

    def __init__(self) -> None:
        self.processes: list[subprocess.Popen[bytes]] = []

    def __enter__(self) -> BusyLoops:
        for _ in range(os.cpu_count() or 1):
            self.processes.append(subprocess.Popen([sys.executable, "-c", "while True: pass"]))
        time.sleep(0.5)  # let them start spinning
        return self

    def __exit__(self, *_exc: object) -> None:
        for process in self.processes:  # only the processes started above
            process.kill()
            process.wait()


def timed_plan(problem: RotationProblem, *, seed: int, time_limit: float):
    wall, cpu = time.perf_counter(), time.process_time()
    result = plan_rotation(problem, seed=seed, time_limit=time_limit)
    return result, time.perf_counter() - wall, time.process_time() - cpu


def load_part(args: argparse.Namespace) -> int:
    """Idle, then under load: the same plans, and no call past its time limit."""
    print()
    print(f"plans idle and under load ({os.cpu_count()} busy loops), seed {args.seed}")
    header = (
        f"{'instance':<12} {'limit':>5} {'pairs idle':>10} {'pairs load':>10} "
        f"{'wall idle':>9} {'wall load':>9} {'cpu idle':>8} {'cpu load':>8}  result"
    )
    print(header)
    print("-" * len(header))
    idle_ref = reference_loop()
    runs = []
    for P, T, R, limit in LOADED:
        problem = RotationProblem(participants=P, tables=T, rounds=R)
        runs.append((problem, limit or args.time_limit))
    idle = [timed_plan(pb, seed=args.seed, time_limit=limit) for pb, limit in runs]
    with BusyLoops():
        load_ref = reference_loop()
        loaded = [timed_plan(pb, seed=args.seed, time_limit=limit) for pb, limit in runs]
    failures = 0
    for (problem, limit), (a, wall_a, cpu_a), (b, wall_b, cpu_b) in zip(
        runs, idle, loaded, strict=True
    ):
        name = f"{problem.participants}/{problem.tables}/{problem.rounds}"
        problems = []
        if a.plan != b.plan:
            problems.append("the plan differs under load")
        for when, wall in (("idle", wall_a), ("under load", wall_b)):
            if wall > limit:
                problems.append(f"{wall:.2f} s {when}, past its {limit:g} s limit")
        for result in (a, b):
            if check_plan(problem, result.plan):
                problems.append("a plan breaks a hard rule")
        failures += bool(problems)
        print(
            f"{name:<12} {limit:>5g} {a.metrics.repeated_pairs:>10} "
            f"{b.metrics.repeated_pairs:>10} {wall_a:>9.2f} {wall_b:>9.2f} "
            f"{cpu_a:>8.2f} {cpu_b:>8.2f}  {'OK' if not problems else 'FAIL'}",
            flush=True,
        )
        for problem_text in problems:
            print(f"FAIL: {name} with a {limit:g} s limit: {problem_text}")
    print(
        f"reference loop idle {idle_ref * 1000:.0f} ms, under load {load_ref * 1000:.0f} ms "
        f"(load slows plain Python {load_ref / idle_ref:.2f}×)"
    )
    return failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=5.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", default="", help="run the instances whose name contains this")
    parser.add_argument("--part", choices=("all", "table", "load"), default="all")
    args = parser.parse_args()

    print(f"reference pure-Python loop: {reference_loop() * 1000:.0f} ms")
    if args.part in ("all", "table"):
        table_part(args)
    if args.part in ("all", "load"):
        load_part(args)


def table_part(args: argparse.Namespace) -> None:
    """The quality targets, one instance after the other."""
    header = (
        f"{'instance':<10} {'mode':<26} {'repeats':>7} {'pairs':>5} {'apart':>5} "
        f"{'seconds':>7} {'bound':>5} {'target':>7}  result"
    )
    print(header)
    print("-" * len(header))
    met = targets = 0
    total = 0.0
    for case in CASES:
        name = "/".join(map(str, case.size))
        if args.only and args.only not in name:
            continue
        problem = case.problem()
        result = plan_rotation(problem, seed=args.seed, time_limit=args.time_limit)
        m = result.metrics
        total += result.seconds
        recount, problems = independent_check(case, result.plan)
        bound = lower_bounds(problem).repeated_pairs
        shown = f"{max(bound, case.known or 0)}"
        if case.max_pairs is None:
            target, verdict = "info", ""
        else:
            reps = "-" if case.max_repeats is None else str(case.max_repeats)
            target = f"{reps}/≤{case.max_pairs}"
            ok = m.repeated_pairs <= case.max_pairs and m.apart_violations == 0
            if case.max_repeats is not None:
                ok = ok and m.table_repeats <= case.max_repeats
            targets += 1
            met += ok
            verdict = "OK" if ok else "FAIL"
        if recount != (m.table_repeats, m.repeated_pairs, m.apart_violations) or problems:
            verdict = f"FAIL (check: {recount}, {problems[:2]})"
        repeats = f"({m.table_repeats})" if case.any_table else str(m.table_repeats)
        print(
            f"{name:<10} {case.mode():<26} {repeats:>7} {m.repeated_pairs:>5} "
            f"{m.apart_violations:>5} {result.seconds:>7.2f} {shown:>5} {target:>7}  {verdict}"
            + (f"  {case.note}" if case.note else ""),
            flush=True,
        )
    print(f"{met}/{targets} targets met, {total:.1f} s in all")
    print("(repeats in brackets: any-table mode does not minimise them)")


if __name__ == "__main__":
    main()
