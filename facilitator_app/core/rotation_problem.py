"""What a world-café rotation is (CONTRACT §3): the problem, its figures, its rules, its bounds.

The bottom of the rotation modules: `core.rotation_search` (the annealing), the starting
plans of `core.rotation_starts` and the planner `core.rotation.plan_rotation` import this
module, and it imports none of them. Participants, tables and rounds are numbered from 0
(the calculator's numbering); a plan is `plan[r][p]`, participant p's table in round r, -1
when absent.

`evaluate` counts the three figures and `seat_marks` says which seats they come from (the
seating editor marks them): both walk the plan through the same `_tally`, so the window
and the planner count by one rule.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from types import MappingProxyType

from facilitator_app.core.errors import RotationImpossible
from facilitator_app.i18n import tr

__all__ = [
    "RotationProblem",
    "Metrics",
    "RotationPlan",
    "MarkKind",
    "SeatMark",
    "evaluate",
    "seat_marks",
    "check_plan",
    "lower_bounds",
    "fixed_seats",
    "size_bounds",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class RotationProblem:
    """What to plan. Participants, tables and rounds are numbered from 0.

    `hosts` maps a table to the participant who hosts it (CONTRACT `--hosts`: {t: t}).
    `capacities` gives one entry per table, None meaning no limit. `fixed` maps
    (round, participant) to a table that must be kept; `absent` lists (round, participant)
    pairs of people who are not there (late arrivals are absent in the early rounds).
    Raises `RotationImpossible`, with a translated sentence, when the problem is impossible.
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
            raise RotationImpossible(problem)


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


class MarkKind(Enum):
    """Why a seat counts in the figures, most serious first."""

    APART = "apart"  # sits with someone to keep apart
    TABLE_AGAIN = "table_again"  # a traveller at a table visited before
    MET_AGAIN = "met_again"  # meets someone met in an earlier round


@dataclass(frozen=True, slots=True)
class SeatMark:
    kind: MarkKind
    other: int = -1  # the person kept apart from or met again; -1 for a table again


# -- checking a problem ---------------------------------------------------------------------


def _first_problem(pb: RotationProblem) -> str:
    """The first rule the problem breaks, as a translated sentence; "" when it can be planned.

    Rounds and tables are numbered from 1 in the sentences, as the window and the printed
    plans show them; participants keep the calculator's numbers (`--apart`), from 0.
    """
    P, T, R = pb.participants, pb.tables, pb.rounds
    if P < 1:
        return tr("A rotation needs at least one participant (got {n}).", n=P)
    if T < 1:
        return tr("A rotation needs at least one table (got {n}).", n=T)
    if R < 1:
        return tr("A rotation needs at least one round (got {n}).", n=R)
    if T > P:
        return tr(
            "There are more tables ({tables}) than participants ({participants}).",
            tables=T,
            participants=P,
        )
    if len(pb.hosts) > T:
        return tr(
            "There are more hosts ({hosts}) than tables ({tables}).", hosts=len(pb.hosts), tables=T
        )
    seen: dict[int, int] = {}
    for t, p in sorted(pb.hosts.items()):
        if not 0 <= t < T:
            return tr(
                "A host is given for table {table}, but the tables are numbered 1 to {last}.",
                table=t + 1,
                last=T,
            )
        if not 0 <= p < P:
            return tr(
                "The host of table {table} is participant {person}, but the participants are "
                "numbered 0 to {last}.",
                table=t + 1,
                person=p,
                last=P - 1,
            )
        if p in seen:
            return tr(
                "Participant {person} cannot host two tables ({first} and {second}).",
                person=p,
                first=seen[p] + 1,
                second=t + 1,
            )
        seen[p] = t
    for a, b in pb.apart:
        for p in (a, b):
            if not 0 <= p < P:
                return tr(
                    "Participant {person} is to be kept apart, but there are only {count} "
                    "participants.",
                    person=p,
                    count=P,
                )
        if a == b:
            return tr("Participant {person} cannot be kept apart from themself.", person=a)
    if pb.capacities is not None:
        if len(pb.capacities) != T:
            return tr(
                "There are {tables} tables but {count} capacities.",
                tables=T,
                count=len(pb.capacities),
            )
        for t, c in enumerate(pb.capacities):
            if c is not None and c < 0:
                return tr(
                    "Table {table} has a negative capacity ({capacity}).", table=t + 1, capacity=c
                )
    for r, p in sorted(pb.absent):
        if not (0 <= r < R and 0 <= p < P):
            return tr(
                "Participant {person} is marked absent in round {round}, which does not exist.",
                person=p,
                round=r + 1,
            )
    for (r, p), t in sorted(pb.fixed.items()):
        if not (0 <= r < R and 0 <= p < P):
            return tr(
                "A seat is fixed for participant {person} in round {round}, which does not exist.",
                person=p,
                round=r + 1,
            )
        if not 0 <= t < T:
            return tr(
                "Participant {person} is fixed at table {table} in round {round}, but the "
                "tables are numbered 1 to {last}.",
                person=p,
                table=t + 1,
                round=r + 1,
                last=T,
            )
        if (r, p) in pb.absent:
            return tr(
                "Participant {person} is fixed at table {table} in round {round} but absent "
                "that round.",
                person=p,
                table=t + 1,
                round=r + 1,
            )
        if p in seen and seen[p] != t:
            return tr(
                "Participant {person} hosts table {host} but is fixed at table {table} in "
                "round {round}.",
                person=p,
                host=seen[p] + 1,
                table=t + 1,
                round=r + 1,
            )
    caps = pb.capacities
    for r in range(R):
        present = P - sum(1 for p in range(P) if (r, p) in pb.absent)
        counts = _fixed_counts(pb, r)
        for t in range(T):
            cap = caps[t] if caps is not None else None
            if cap is not None and counts[t] > cap:
                return tr(
                    "Round {round}: {count} people must sit at table {table}, which seats "
                    "only {capacity}.",
                    round=r + 1,
                    count=counts[t],
                    table=t + 1,
                    capacity=cap,
                )
        if caps is not None and all(c is not None for c in caps):
            seats = sum(c for c in caps if c is not None)
            if present > seats:
                return tr(
                    "Round {round}: {count} participants are present but the tables seat "
                    "only {seats}.",
                    round=r + 1,
                    count=present,
                    seats=seats,
                )
    return ""


def fixed_seats(pb: RotationProblem, r: int) -> dict[int, int]:
    """Participant → table for everyone whose seat in round r is given (hosts included)."""
    seats = {p: t for t, p in pb.hosts.items() if (r, p) not in pb.absent}
    for (rr, p), t in pb.fixed.items():
        if rr == r:
            seats[p] = t
    return seats


def _fixed_counts(pb: RotationProblem, r: int) -> list[int]:
    counts = [0] * pb.tables
    for t in fixed_seats(pb, r).values():
        counts[t] += 1
    return counts


def size_bounds(pb: RotationProblem, r: int) -> tuple[list[int], list[int]]:
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


def _tally(
    problem: RotationProblem,
    plan: Sequence[Sequence[int]],
    marks: dict[tuple[int, int], SeatMark] | None,
) -> Metrics:
    """The figures of `plan`, round after round; fills `marks` with the seats behind them.

    A seat gets the most serious reason that applies: apart, then a table again, then a
    pair met again.
    """
    hosts = set(problem.hosts.values())
    apart = {(min(a, b), max(a, b)) for a, b in problem.apart}
    meetings: dict[tuple[int, int], int] = {}
    visited: list[set[int]] = [set() for _ in range(problem.participants)]
    repeats = 0
    for r, row in enumerate(plan):
        at: dict[int, list[int]] = {}
        for p, t in enumerate(row):
            if t < 0:
                continue
            at.setdefault(t, []).append(p)
            if p not in hosts:
                if t in visited[p]:
                    repeats += 1
                    if marks is not None:
                        marks[r, p] = SeatMark(MarkKind.TABLE_AGAIN)
                else:
                    visited[p].add(t)
        for people in at.values():
            for i, a in enumerate(people):
                for b in people[i + 1 :]:
                    met = meetings[a, b] = meetings.get((a, b), 0) + 1
                    if marks is None:
                        continue
                    if (a, b) in apart:
                        marks[r, a] = SeatMark(MarkKind.APART, b)
                        marks[r, b] = SeatMark(MarkKind.APART, a)
                    elif met > 1:
                        marks.setdefault((r, a), SeatMark(MarkKind.MET_AGAIN, b))
                        marks.setdefault((r, b), SeatMark(MarkKind.MET_AGAIN, a))
    pairs = sum(m - 1 for m in meetings.values() if m > 1)
    violations = sum(meetings.get((min(a, b), max(a, b)), 0) for a, b in problem.apart)
    return Metrics(repeats, pairs, violations)


def evaluate(problem: RotationProblem, plan: Sequence[Sequence[int]]) -> Metrics:
    """CONTRACT §3 figures of `plan` (each apart pair counts as often as it is listed)."""
    return _tally(problem, plan, None)


def seat_marks(
    problem: RotationProblem, plan: Sequence[Sequence[int]]
) -> dict[tuple[int, int], SeatMark]:
    """(round, participant) → why that seat counts in `evaluate`'s figures, for the seats
    that do (the seating editor colours them)."""
    marks: dict[tuple[int, int], SeatMark] = {}
    _tally(problem, plan, marks)
    return marks


def check_plan(problem: RotationProblem, plan: Sequence[Sequence[int]]) -> list[str]:
    """Every hard rule `plan` breaks, one sentence each; [] when the plan is valid.

    For tests and the benchmark (a plan the planner returns never breaks one), so in English.
    """
    P, T, R = problem.participants, problem.tables, problem.rounds
    if len(plan) != R:
        return [f"The plan has {len(plan)} rounds instead of {R}."]
    out = []
    for r, row in enumerate(plan):
        if len(row) != P:
            out.append(f"Round {r} seats {len(row)} participants instead of {P}.")
            continue
        fixed = fixed_seats(problem, r)
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
        lo, hi = size_bounds(problem, r)
        caps = problem.capacities or (None,) * T
        for t in range(T):
            cap = caps[t]
            if cap is not None and sizes[t] > cap:
                out.append(f"Round {r}: table {t} seats {cap} but has {sizes[t]} people.")
            elif not lo[t] <= sizes[t] <= hi[t]:
                allowed = f"{lo[t]}" if lo[t] == hi[t] else f"{lo[t]} or {hi[t]}"
                out.append(
                    f"Round {r}: table {t} has {sizes[t]} people; balanced tables have {allowed}."
                )
    return out


# -- lower bounds ---------------------------------------------------------------------------


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
    seats = [fixed_seats(pb, r) for r in range(R)]
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
        rounds_here = sum(1 for r in range(R) if (r, p) not in pb.absent)
        pinned = [seats[r][p] for r in range(R) if p in seats[r]]
        free = rounds_here - len(pinned)
        repeats += max(0, rounds_here - min(T, len(set(pinned)) + free))
    # pairs: every meeting beyond the P − 1 other people a person can meet is a repeat
    met = [0] * P
    total = 0
    shapes = []
    for r in range(R):
        lo, hi = size_bounds(pb, r)
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
