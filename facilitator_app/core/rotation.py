"""The world-café rotation planner (CONTRACT §3): who sits at which table in every round.

`plan_rotation` seats P participants at T tables for R rounds. Hard rules, always kept: in
every round the tables' sizes differ by at most one (capacities, fixed seats and hosts can
force a table's size; the others are then balanced as well as they can be), hosts stay at
their table, fixed seats (pins, rounds already held) are kept, absent people get -1. Then it
minimises, in this order, apart violations, table repeats (not with `any_table`) and repeated
pairs, as `evaluate` counts them.

How: an algebraic design (`core.rotation_designs`: person (a, b) at table a·x + b in round x
over a finite field, or a product of fields) gives everyone a route when the number of tables
allows as many rounds; past T − 1 people per table, newcomers copy an earlier person's route,
which is what the lower bound asks for. Absences, pins and capacities are then imposed and
the tables rebalanced. Without a design, a greedy round-by-round seating; with T² − c themed
travellers (T = 6), also a plan of T·(T − 1) travellers where c of them take a companion.
Simulated annealing then swaps two people of one round (or moves one person to a smaller
table), with a restart from the best plan after each cycle, until a lower bound is reached,
the search stalls, the time limit passes or the caller cancels.

Determinism: one `random.Random(seed)` drives everything and the schedule counts iterations,
never seconds, so a search that ends by itself (bound reached, or no progress for a fixed
number of annealing cycles) gives the same plan for the same problem and seed on any
machine. Only the time limit and `cancel()` depend on the clock: a search they cut returns
the best plan found so far, which can differ between a fast and a slow run.

This module holds the problem, the figures, the checks, the lower bounds and `plan_rotation`;
the search itself (designed, greedy and twin plans, annealing) is `core.rotation_search`.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from facilitator_app.core.rotation_search import (
    _anneal,
    _Clock,
    _designed_plan,
    _greedy_plan,
    _key_of,
    _Setup,
    _twin_plan,
)

__all__ = [
    "RotationProblem",
    "Metrics",
    "RotationPlan",
    "evaluate",
    "check_plan",
    "lower_bounds",
    "plan_rotation",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class RotationProblem:
    """What to plan. Participants, tables and rounds are numbered from 0.

    `hosts` maps a table to the participant who hosts it (CONTRACT `--hosts`: {t: t}).
    `capacities` gives one entry per table, None meaning no limit. `fixed` maps
    (round, participant) to a table that must be kept; `absent` lists (round, participant)
    pairs of people who are not there (late arrivals are absent in the early rounds).
    Raises ValueError, with a sentence meant for a person, when the problem is impossible.
    """

    participants: int
    tables: int
    rounds: int
    hosts: Mapping[int, int] = field(default_factory=dict, hash=False)
    any_table: bool = False
    apart: tuple[tuple[int, int], ...] = ()
    capacities: tuple[int | None, ...] | None = None
    fixed: Mapping[tuple[int, int], int] = field(default_factory=dict, hash=False)
    absent: frozenset[tuple[int, int]] = frozenset()

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "hosts", MappingProxyType({int(t): int(p) for t, p in self.hosts.items()}))
        set_(self, "apart", tuple((int(a), int(b)) for a, b in self.apart))
        if self.capacities is not None:
            set_(self, "capacities", tuple(None if c is None else int(c) for c in self.capacities))
        set_(
            self,
            "fixed",
            MappingProxyType({(int(r), int(p)): int(t) for (r, p), t in self.fixed.items()}),
        )
        set_(self, "absent", frozenset((int(r), int(p)) for r, p in self.absent))
        problem = _first_problem(self)
        if problem:
            raise ValueError(problem)


@dataclass(frozen=True, slots=True)
class Metrics:
    """The three figures of CONTRACT §3 (the plan minimises apart, repeats, then pairs)."""

    table_repeats: int
    repeated_pairs: int
    apart_violations: int


@dataclass(frozen=True, slots=True)
class RotationPlan:
    """`plan[r][p]` is participant p's table in round r, -1 when absent."""

    plan: tuple[tuple[int, ...], ...]
    metrics: Metrics
    seconds: float


# -- checking a problem ---------------------------------------------------------------------


def _first_problem(pb: RotationProblem) -> str:
    P, T, R = pb.participants, pb.tables, pb.rounds
    for count, what in ((P, "participant"), (T, "table"), (R, "round")):
        if count < 1:
            return f"A rotation needs at least one {what} (got {count})."
    if T > P:
        return f"There are more tables ({T}) than participants ({P})."
    if len(pb.hosts) > T:
        return f"There are more hosts ({len(pb.hosts)}) than tables ({T})."
    seen: dict[int, int] = {}
    for t, p in sorted(pb.hosts.items()):
        if not 0 <= t < T:
            return f"A host is given for table {t}, but the tables are numbered 0 to {T - 1}."
        if not 0 <= p < P:
            return (
                f"The host of table {t} is participant {p}, but the participants are "
                f"numbered 0 to {P - 1}."
            )
        if p in seen:
            return f"Participant {p} cannot host two tables ({seen[p]} and {t})."
        seen[p] = t
    for a, b in pb.apart:
        for p in (a, b):
            if not 0 <= p < P:
                return f"Participant {p} is to be kept apart, but there are only {P} participants."
        if a == b:
            return f"Participant {a} cannot be kept apart from themself."
    if pb.capacities is not None:
        if len(pb.capacities) != T:
            return f"There are {T} tables but {len(pb.capacities)} capacities."
        for t, c in enumerate(pb.capacities):
            if c is not None and c < 0:
                return f"Table {t} has a negative capacity ({c})."
    for r, p in sorted(pb.absent):
        if not (0 <= r < R and 0 <= p < P):
            return f"Participant {p} is marked absent in round {r}, which does not exist."
    for (r, p), t in sorted(pb.fixed.items()):
        if not (0 <= r < R and 0 <= p < P):
            return f"A seat is fixed for participant {p} in round {r}, which does not exist."
        if not 0 <= t < T:
            return (
                f"Participant {p} is fixed at table {t} in round {r}, but the tables are "
                f"numbered 0 to {T - 1}."
            )
        if (r, p) in pb.absent:
            return f"Participant {p} is fixed at table {t} in round {r} but absent that round."
        if p in seen and seen[p] != t:
            return f"Participant {p} hosts table {seen[p]} but is fixed at table {t} in round {r}."
    caps = pb.capacities
    for r in range(R):
        present = P - sum(1 for p in range(P) if (r, p) in pb.absent)
        counts = _fixed_counts(pb, r)
        for t in range(T):
            if caps is not None and caps[t] is not None and counts[t] > caps[t]:
                return (
                    f"Round {r}: {counts[t]} people must sit at table {t}, "
                    f"which seats only {caps[t]}."
                )
        if caps is not None and all(c is not None for c in caps):
            seats = sum(c for c in caps if c is not None)
            if present > seats:
                return (
                    f"Round {r}: {present} participants are present but the tables "
                    f"seat only {seats}."
                )
    return ""


def _fixed_seats(pb: RotationProblem, r: int) -> dict[int, int]:
    """Participant → table for everyone whose seat in round r is given (hosts included)."""
    seats = {p: t for t, p in pb.hosts.items() if (r, p) not in pb.absent}
    for (rr, p), t in pb.fixed.items():
        if rr == r:
            seats[p] = t
    return seats


def _fixed_counts(pb: RotationProblem, r: int) -> list[int]:
    counts = [0] * pb.tables
    for t in _fixed_seats(pb, r).values():
        counts[t] += 1
    return counts


def _size_bounds(pb: RotationProblem, r: int) -> tuple[list[int], list[int]]:
    """The smallest and largest size each table may have in round r.

    Water-filling: table t holds min(capacity, max(fixed there, L)) or one more, for the
    largest level L that leaves nobody standing. Without capacities and fixed seats this is
    the rule "sizes differ by at most one".
    """
    T = pb.tables
    n = pb.participants - sum(1 for p in range(pb.participants) if (r, p) in pb.absent)
    floor_ = _fixed_counts(pb, r)
    caps = pb.capacities or (None,) * T
    big = n + 1
    cap = [big if c is None else c for c in caps]

    def sizes(level: int) -> list[int]:
        return [min(cap[t], max(floor_[t], level)) for t in range(T)]

    level = 0
    while sum(sizes(level + 1)) <= n and level <= n:
        level += 1
    return sizes(level), sizes(level + 1)


# -- evaluating a plan ----------------------------------------------------------------------


def evaluate(problem: RotationProblem, plan: Sequence[Sequence[int]]) -> Metrics:
    """CONTRACT §3 figures of `plan` (each apart pair counts as often as it is listed)."""
    P = problem.participants
    hosts = set(problem.hosts.values())
    meetings: dict[tuple[int, int], int] = {}
    visits: list[list[int]] = [[] for _ in range(P)]
    for row in plan:
        at: dict[int, list[int]] = {}
        for p, t in enumerate(row):
            if t >= 0:
                at.setdefault(t, []).append(p)
                visits[p].append(t)
        for people in at.values():
            for i, a in enumerate(people):
                for b in people[i + 1 :]:
                    meetings[a, b] = meetings.get((a, b), 0) + 1
    repeats = sum(len(v) - len(set(v)) for p, v in enumerate(visits) if p not in hosts)
    pairs = sum(m - 1 for m in meetings.values() if m > 1)
    violations = sum(meetings.get((min(a, b), max(a, b)), 0) for a, b in problem.apart)
    return Metrics(repeats, pairs, violations)


def check_plan(problem: RotationProblem, plan: Sequence[Sequence[int]]) -> list[str]:
    """Every hard rule `plan` breaks, one sentence each; [] when the plan is valid."""
    P, T, R = problem.participants, problem.tables, problem.rounds
    if len(plan) != R:
        return [f"The plan has {len(plan)} rounds instead of {R}."]
    out = []
    for r, row in enumerate(plan):
        if len(row) != P:
            out.append(f"Round {r} seats {len(row)} participants instead of {P}.")
            continue
        fixed = _fixed_seats(problem, r)
        sizes = [0] * T
        for p, t in enumerate(row):
            if (r, p) in problem.absent:
                if t != -1:
                    out.append(f"Round {r}: participant {p} is absent but sits at table {t}.")
                continue
            if not (isinstance(t, int) and 0 <= t < T):
                out.append(f"Round {r}: participant {p} has no valid table ({t!r}).")
                continue
            sizes[t] += 1
            want = fixed.get(p)
            if want is not None and want != t:
                role = "hosts" if problem.hosts.get(want) == p else "is fixed at"
                out.append(f"Round {r}: participant {p} {role} table {want} but sits at table {t}.")
        lo, hi = _size_bounds(problem, r)
        caps = problem.capacities or (None,) * T
        for t in range(T):
            if caps[t] is not None and sizes[t] > caps[t]:
                out.append(f"Round {r}: table {t} seats {caps[t]} but has {sizes[t]} people.")
            elif not lo[t] <= sizes[t] <= hi[t]:
                allowed = f"{lo[t]}" if lo[t] == hi[t] else f"{lo[t]} or {hi[t]}"
                out.append(
                    f"Round {r}: table {t} has {sizes[t]} people; balanced tables have {allowed}."
                )
    return out


def _min_sum_pairs(lo: list[int], hi: list[int], n: int) -> list[int]:
    """Table sizes within [lo, hi] summing to n with the fewest pairs seated together."""
    sizes = lo[:]
    for _ in range(n - sum(lo)):
        t = min((s, t) for t, s in enumerate(sizes) if s < hi[t])[1]
        sizes[t] += 1
    return sizes


def _spread(count: int, bins: int) -> int:
    """Fewest pairs sharing a bin when `count` people go into `bins` bins."""
    q, e = divmod(count, bins)
    return e * (q + 1) * q // 2 + (bins - e) * q * (q - 1) // 2


def lower_bounds(problem: RotationProblem) -> Metrics:
    """Simple valid lower bounds on each figure, for the benchmark and to stop searching.

    In themed mode, when no seat is fixed but the hosts', nobody is absent, there are no
    capacities, every table or none has a host and R ≤ T, plans without table repeats exist,
    and `repeated_pairs` is then bounded among those (the lexicographic optimum): the
    travellers of one table must spread over the T − 1 other tables in every later round.
    """
    pb = problem
    P, T, R = pb.participants, pb.tables, pb.rounds
    hosts = set(pb.hosts.values())
    seats = [_fixed_seats(pb, r) for r in range(R)]
    forced_apart = sum(
        1
        for r in range(R)
        for a, b in {(min(a, b), max(a, b)) for a, b in pb.apart}
        if a in seats[r] and b in seats[r] and seats[r][a] == seats[r][b]
    )
    repeats = 0
    for p in range(P):
        if p in hosts:
            continue
        present = sum(1 for r in range(R) if (r, p) not in pb.absent)
        pinned = [seats[r][p] for r in range(R) if p in seats[r]]
        free = present - len(pinned)
        repeats += max(0, present - min(T, len(set(pinned)) + free))
    # pairs: every meeting beyond the P − 1 other people a person can meet is a repeat
    met = [0] * P
    total = 0
    shapes = []
    for r in range(R):
        lo, hi = _size_bounds(pb, r)
        present = [p for p in range(P) if (r, p) not in pb.absent]
        sizes = _min_sum_pairs(lo, hi, len(present))
        shapes.append(sizes)
        total += sum(s * (s - 1) // 2 for s in sizes)
        least = min((s for s in sizes if s > 0), default=1)
        for p in present:
            met[p] += (sizes[seats[r][p]] if p in seats[r] else least) - 1
    pairs = max(total - P * (P - 1) // 2, (sum(max(0, m - (P - 1)) for m in met) + 1) // 2)
    pinned_pairs: dict[tuple[int, int], int] = {}
    for r in range(R):
        by_table: dict[int, list[int]] = {}
        for p, t in seats[r].items():
            by_table.setdefault(t, []).append(p)
        for people in by_table.values():
            for i, a in enumerate(people):
                for b in people[i + 1 :]:
                    key = (min(a, b), max(a, b))
                    pinned_pairs[key] = pinned_pairs.get(key, 0) + 1
    pairs = max(pairs, sum(m - 1 for m in pinned_pairs.values() if m > 1))
    # capacities that every balanced table fits in change nothing (a café's usual « 8 places »)
    binding = pb.capacities is not None and any(
        c is not None and c < -(-P // T) for c in pb.capacities
    )
    if not pb.fixed and not pb.absent and not binding and T > 1:
        # the people of one table spread over the T tables of any later round; a pair that
        # meets m times shares m(m − 1)/2 of these clashes for a cost of m − 1 ≥ 2/R of them
        clashes = sum(_spread(size, T) for size in shapes[0])
        if not pb.any_table and R <= T and len(hosts) in (0, T):
            travellers = [size - (1 if hosts else 0) for size in shapes[0]]
            clashes = max(clashes, sum(_spread(c, T - 1) for c in travellers))
        clashes *= R * (R - 1) // 2
        pairs = max(pairs, (2 * clashes + R - 1) // R)
    return Metrics(repeats, pairs, forced_apart)


# -- planning -------------------------------------------------------------------------------


def plan_rotation(
    problem: RotationProblem,
    *,
    seed: int = 1,
    time_limit: float = 5.0,
    progress: Callable[[float, Metrics], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> RotationPlan:
    """The best plan found within `time_limit` seconds; always valid (see `check_plan`).

    `progress(fraction of the time limit used, best metrics so far)` is called at most four
    times a second, and once with 1.0 at the end. `cancel()` returning True stops the search,
    which then returns the best plan found so far.
    """
    clock = _Clock(time_limit, cancel, progress)
    setup = _Setup(problem)
    rng = random.Random(seed)
    stop_key = _key_of(setup, lower_bounds(problem))
    starts = []
    fallback = None
    designed = _designed_plan(setup)
    if designed is not None:
        starts.append(designed)
    else:
        fallback = _twin_plan(setup, rng, clock)
        if fallback is not None and _key_of(setup, evaluate(problem, fallback)) <= stop_key:
            starts.append(fallback)
            fallback = None
    if not starts or _key_of(setup, evaluate(problem, starts[0])) > stop_key:
        starts.append(_greedy_plan(setup, rng))
    start = min(starts, key=lambda plan: _key_of(setup, evaluate(problem, plan)))
    best = _anneal(setup, start, rng, clock, stop_key=stop_key)
    metrics = evaluate(problem, best)
    if fallback is not None:
        other = evaluate(problem, fallback)
        if _key_of(setup, other) < _key_of(setup, metrics):
            best, metrics = fallback, other
    if progress is not None:
        progress(1.0, metrics)
    return RotationPlan(tuple(tuple(row) for row in best), metrics, clock.elapsed())
