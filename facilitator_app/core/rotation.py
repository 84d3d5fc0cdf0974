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
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from facilitator_app.core.rotation_designs import (
    affine_groups,
    assign_codewords,
    max_design_rounds,
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


# -- the search -----------------------------------------------------------------------------

# Annealing settings, tuned on the benchmark's instances. The soft weights steer the search;
# the best plan is still chosen in the lexicographic order (apart, repeats, pairs).
_W_APART = 6
_W_REPEAT = 3
_T_HIGH = 0.5  # temperature at the start of each cycle, in repeated pairs
_T_LOW = 0.04  # at its end
_FOCUS_RANDOM = 0.06  # share of moves that start from a person without any conflict
_CHECK_EVERY = 2048  # iterations between looks at the clock, cancel() and the temperature
_CYCLE_MIN = 20_000  # iterations of one cycle, high to low temperature…
_CYCLE_PER_SEAT = 600  # …or this many per movable (round, person), when more
_IDLE_CYCLES = 20  # cycles without a better plan before the search gives up
_TWIN_SHARE = 0.3  # at most this share of the time limit goes to `_twin_plan`
_TWIN_IDLE_CYCLES = 6
_TWIN_T_HIGH = 1.2


class _Setup:
    """The problem flattened into lists for the search loop."""

    def __init__(self, pb: RotationProblem) -> None:
        P, T, R = pb.participants, pb.tables, pb.rounds
        self.problem = pb
        self.P, self.T, self.R = P, T, R
        self.themed = not pb.any_table
        hosts = set(pb.hosts.values())
        self.traveller = [p not in hosts for p in range(P)]
        self.seats = [_fixed_seats(pb, r) for r in range(R)]
        self.present = [[p for p in range(P) if (r, p) not in pb.absent] for r in range(R)]
        self.movable = [[p for p in self.present[r] if p not in self.seats[r]] for r in range(R)]
        self.lo: list[int] = []
        self.hi: list[int] = []
        for r in range(R):
            lo, hi = _size_bounds(pb, r)
            self.lo += lo
            self.hi += hi
        self.apart = {(min(a, b), max(a, b)) for a, b in pb.apart}
        self.double: set[tuple[int, int]] = set()  # pairs whose meetings count twice
        self.partners: list[set[int]] = [set() for _ in range(P)]
        for a, b in self.apart:
            self.partners[a].add(b)
            self.partners[b].add(a)
        self.weight_repeat = _W_REPEAT if self.themed else 0


class _State:
    """A plan with its tables' members, meeting counts and table visits, kept in step."""

    def __init__(self, setup: _Setup, plan: list[list[int]]) -> None:
        s = setup
        P, T, R = s.P, s.T, s.R
        self.plan = plan
        self.members = [[[] for _ in range(T)] for _ in range(R)]
        # meet[a*P+b] = times a and b met + off·class, class = 1 if kept apart, + 2 if the
        # pair's repeats count twice (a person travelling with a companion, see _twin_plan)
        self.off = off = R + 2
        self.meet = meet = [0] * (P * P)
        for a, b in s.apart:
            meet[a * P + b] = meet[b * P + a] = off
        for a, b in s.double:
            meet[a * P + b] += 2 * off
            meet[b * P + a] += 2 * off
        self.visits = visits = [0] * (P * T)
        for r, row in enumerate(plan):
            members = self.members[r]
            for p, t in enumerate(row):
                if t >= 0:
                    members[t].append(p)
                    if s.traveller[p]:
                        visits[p * T + t] += 1
            for people in members:
                for i, a in enumerate(people):
                    for b in people[i + 1 :]:
                        meet[a * P + b] += 1
                        meet[b * P + a] += 1
        self.apart = sum(meet[a * P + b] % off for a, b in s.apart)
        self.repeats = sum(c - 1 for c in visits if c > 1)
        self.pairs = sum(
            (1 + meet[a * P + b] // off // 2) * (meet[a * P + b] % off - 1)
            for a in range(P)
            for b in range(a + 1, P)
            if meet[a * P + b] % off > 1
        )


def _greedy_plan(setup: _Setup, rng: random.Random) -> list[list[int]]:
    """Round after round, each free person takes the free seat that costs least so far."""
    s = setup
    P, T, R = s.P, s.T, s.R
    meet = [0] * (P * P)
    visits = [0] * (P * T)
    plan = [[-1] * P for _ in range(R)]
    for r in range(R):
        row = plan[r]
        members: list[list[int]] = [[] for _ in range(T)]
        for p, t in s.seats[r].items():
            row[p] = t
            members[t].append(p)
        lo, hi = s.lo[r * T : r * T + T], s.hi[r * T : r * T + T]
        target = [max(lo[t], len(members[t])) for t in range(T)]
        order = list(range(T))
        rng.shuffle(order)
        extra = len(s.present[r]) - sum(target)
        for t in order:  # the size bounds leave room for everyone present
            grow = min(extra, hi[t] - target[t])
            target[t] += grow
            extra -= grow
        people = s.movable[r][:]
        rng.shuffle(people)
        for p in people:
            best, choice = None, -1
            for t in order:
                if len(members[t]) >= target[t]:
                    continue
                cost = s.weight_repeat * (visits[p * T + t] > 0) * 4
                for x in members[t]:
                    cost += meet[p * P + x] * 2 + (x in s.partners[p]) * _W_APART * 2
                key = (cost, rng.random())
                if best is None or key < best:
                    best, choice = key, t
            row[p] = choice
            members[choice].append(p)
        for t, people_at in enumerate(members):
            for i, a in enumerate(people_at):
                for b in people_at[i + 1 :]:
                    meet[a * P + b] += 1
                    meet[b * P + a] += 1
            for p in people_at:
                if s.traveller[p]:
                    visits[p * T + t] += 1
    return plan


class _Clock:
    """Time limit, cancel() and progress() of one plan_rotation call."""

    def __init__(
        self,
        time_limit: float,
        cancel: Callable[[], bool] | None,
        progress: Callable[[float, Metrics], None] | None,
    ) -> None:
        self.start = time.perf_counter()
        self.limit = max(0.0, time_limit)
        self.cancel = cancel
        self.cancelled = False
        self.progress = progress
        self.last_report = self.start

    def elapsed(self) -> float:
        return time.perf_counter() - self.start

    def should_stop(self, best: Metrics | None = None) -> bool:
        now = time.perf_counter()
        if self.progress is not None and best is not None and now - self.last_report >= 0.25:
            self.last_report = now
            self.progress(min(1.0, (now - self.start) / self.limit if self.limit else 1.0), best)
        return now - self.start >= self.limit or self.is_cancelled()

    def is_cancelled(self) -> bool:
        """Whether cancel() has said True, now or before (it is not asked again)."""
        if not self.cancelled and self.cancel is not None and self.cancel():
            self.cancelled = True
        return self.cancelled


def _anneal(
    setup: _Setup,
    plan: list[list[int]],
    rng: random.Random,
    clock: _Clock,
    *,
    stop_key: int,
    idle_cycles: int = _IDLE_CYCLES,
    t_high: float = _T_HIGH,
) -> list[list[int]]:
    """Simulated annealing from `plan`; returns the best plan met (lexicographic order)."""
    s = setup
    P, T, R = s.P, s.T, s.R
    st = _State(s, plan)
    rounds = [r for r in range(R) if s.movable[r]]
    if T < 2 or not rounds:
        return [row[:] for row in plan]
    k_rep = (P * (P - 1) // 2) * R + 1 if s.themed else 0
    k_apart = max(k_rep, 1) * (P * R + 1) * ((P * (P - 1) // 2) * R + 1)

    cur_apart, cur_rep, cur_pairs = st.apart, st.repeats, st.pairs
    best_key = cur_apart * k_apart + cur_rep * k_rep + cur_pairs
    best = [row[:] for row in plan]
    best_metrics = (cur_rep, cur_pairs, cur_apart)
    if best_key <= stop_key:
        return best

    members, meet, visits, off = st.members, st.meet, st.visits, st.off
    movable = s.movable
    movflag = bytearray(R * P)
    for r in rounds:
        for p in movable[r]:
            movflag[r * P + p] = 1
    lo, hi = s.lo, s.hi
    wr = s.weight_repeat
    values = range(4 * off)  # see _State.meet
    weight = [1 + v // off // 2 for v in values]
    isap = [v // off % 2 for v in values]
    gpair = [weight[v] * (v % off >= 1) for v in values]
    lpair = [weight[v] * (v % off >= 2) for v in values]
    gain = [gpair[v] + _W_APART * isap[v] for v in values]
    loss = [lpair[v] + _W_APART * isap[v] for v in values]
    dmax = 48
    acc = [1.0] * dmax
    cycle = max(_CYCLE_MIN, _CYCLE_PER_SEAT * sum(len(m) for m in movable))
    ratio = _T_LOW / t_high
    focus = 1.0 - _FOCUS_RANDOM
    rnd = rng.random
    nr = len(rounds)
    it = 0
    next_check = 0
    improved, idle = False, 0
    while True:
        it += 1
        if it >= next_check:
            next_check = it + _CHECK_EVERY
            pos = it % cycle
            if pos < _CHECK_EVERY and it > _CHECK_EVERY:  # a cycle ended
                idle = 0 if improved else idle + 1
                improved = False
                if idle >= idle_cycles:
                    break
                if cur_apart * k_apart + cur_rep * k_rep + cur_pairs > best_key:  # restart
                    plan[:] = [row_[:] for row_ in best]
                    st = _State(s, plan)
                    members, meet, visits = st.members, st.meet, st.visits
                    cur_apart, cur_rep, cur_pairs = st.apart, st.repeats, st.pairs
            temp = t_high * ratio ** (pos / cycle)
            acc = [math.exp(-d / temp) for d in range(dmax)]
            rep_, pairs_, apart_ = best_metrics
            if clock.should_stop(Metrics(rep_, pairs_, apart_)):
                break
        r = rounds[int(rnd() * nr)]
        mov = movable[r]
        p = mov[int(rnd() * len(mov))]
        row = plan[r]
        A = row[p]
        memr = members[r]
        memA = memr[A]
        bp = p * P
        vp = p * T
        if rnd() < focus:
            for x in memA:
                if loss[meet[bp + x]]:
                    break
            else:
                if not (wr and visits[vp + A] > 1):
                    continue
        B = int(rnd() * (T - 1))
        if B >= A:
            B += 1
        memB = memr[B]
        rt = r * T
        if len(memA) > lo[rt + A] and len(memB) < hi[rt + B] and (not memB or rnd() < 0.5):
            d = 0  # move p alone to the smaller table B
            for x in memA:
                if x != p:
                    d -= loss[meet[bp + x]]
            for y in memB:
                d += gain[meet[bp + y]]
            dr = (visits[vp + B] > 0) - (visits[vp + A] > 1)
            d += wr * dr
            if d > 0 and (d >= dmax or rnd() >= acc[d]):
                continue
            dp = da = 0
            for x in memA:
                if x != p:
                    v = meet[bp + x]
                    dp -= lpair[v]
                    da -= isap[v]
                    meet[bp + x] = meet[x * P + p] = v - 1
            for y in memB:
                v = meet[bp + y]
                dp += gpair[v]
                da += isap[v]
                meet[bp + y] = meet[y * P + p] = v + 1
            memA.remove(p)
            memB.append(p)
            row[p] = B
            visits[vp + A] -= 1
            visits[vp + B] += 1
        else:
            if not memB:
                continue
            q = memB[int(rnd() * len(memB))]
            if not movflag[r * P + q]:
                continue
            bq = q * P
            vq = q * T
            d = 0
            for x in memA:
                if x != p:
                    d += gain[meet[bq + x]] - loss[meet[bp + x]]
            for y in memB:
                if y != q:
                    d += gain[meet[bp + y]] - loss[meet[bq + y]]
            dr = (
                (visits[vp + B] > 0)
                - (visits[vp + A] > 1)
                + (visits[vq + A] > 0)
                - (visits[vq + B] > 1)
            )
            d += wr * dr
            if d > 0 and (d >= dmax or rnd() >= acc[d]):
                continue
            dp = da = 0
            for x in memA:
                if x != p:
                    v = meet[bp + x]
                    dp -= lpair[v]
                    da -= isap[v]
                    meet[bp + x] = meet[x * P + p] = v - 1
                    v = meet[bq + x]
                    dp += gpair[v]
                    da += isap[v]
                    meet[bq + x] = meet[x * P + q] = v + 1
            for y in memB:
                if y != q:
                    v = meet[bq + y]
                    dp -= lpair[v]
                    da -= isap[v]
                    meet[bq + y] = meet[y * P + q] = v - 1
                    v = meet[bp + y]
                    dp += gpair[v]
                    da += isap[v]
                    meet[bp + y] = meet[y * P + p] = v + 1
            memA[memA.index(p)] = q
            memB[memB.index(q)] = p
            row[p] = B
            row[q] = A
            visits[vp + A] -= 1
            visits[vp + B] += 1
            visits[vq + B] -= 1
            visits[vq + A] += 1
        cur_pairs += dp
        cur_apart += da
        cur_rep += dr
        key = cur_apart * k_apart + cur_rep * k_rep + cur_pairs
        if key < best_key:
            best_key = key
            best = [row_[:] for row_ in plan]
            best_metrics = (cur_rep, cur_pairs, cur_apart)
            improved = True
            if key <= stop_key:
                break
    return best


def _key_of(setup: _Setup, metrics: Metrics) -> int:
    P, R = setup.P, setup.R
    k_rep = (P * (P - 1) // 2) * R + 1 if setup.themed else 0
    k_apart = max(k_rep, 1) * (P * R + 1) * ((P * (P - 1) // 2) * R + 1)
    return (
        metrics.apart_violations * k_apart + metrics.table_repeats * k_rep + metrics.repeated_pairs
    )


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


def _designed_plan(setup: _Setup) -> list[list[int]] | None:
    """The affine design of `core.rotation_designs` fitted to the problem, when one exists.

    Hosts take the design's standing group; travellers take routes (`assign_codewords`);
    absences, pins and capacities are then imposed and the tables rebalanced (`_repair`).
    """
    s = setup
    pb = s.problem
    P, T, R = s.P, s.T, s.R
    hosted = bool(pb.hosts)
    infinity = (
        not s.themed and not hosted and P == T * T and max_design_rounds(T, infinity=True) == R
    )
    groups = affine_groups(T, R, infinity=infinity)
    if not groups:
        return None
    base = groups[1:] if s.themed or hosted else [*groups[1:], groups[0]]
    travellers = [p for p in range(P) if s.traveller[p]]
    layers = base * -(-len(travellers) // (T * len(base)))
    pins = {p: {r: s.seats[r][p] for r in range(R) if p in s.seats[r]} for p in travellers}
    routes = assign_codewords(layers, travellers, pins=pins, partners=s.partners)
    plan = [[-1] * P for _ in range(R)]
    for r in range(R):
        for t, p in pb.hosts.items():
            plan[r][p] = t
        for p, word in routes.items():
            plan[r][p] = word[r]
    return _repair(s, plan)


def _repair(setup: _Setup, plan: list[list[int]]) -> list[list[int]]:
    """Absent people out, fixed seats in, then people moved until every table's size is allowed.

    Each move takes the person and the table that add the fewest meetings and repeats.
    """
    s = setup
    P, T = s.P, s.T
    meet = [0] * (P * P)
    for row in plan:
        for a in range(P):
            if row[a] >= 0:
                for b in range(a + 1, P):
                    if row[a] == row[b]:
                        meet[a * P + b] += 1
                        meet[b * P + a] += 1
    for r, row in enumerate(plan):
        present = set(s.present[r])
        for p in range(P):
            row[p] = s.seats[r].get(p, row[p]) if p in present else -1
        movable = set(s.movable[r])
        members: list[list[int]] = [[] for _ in range(T)]
        for p in s.present[r]:
            if not 0 <= row[p] < T:
                row[p] = min(range(T), key=lambda t: len(members[t]))
            members[row[p]].append(p)
        lo, hi = s.lo[r * T : r * T + T], s.hi[r * T : r * T + T]
        while True:
            size = [len(m) for m in members]
            under = [t for t in range(T) if size[t] < lo[t]]
            over = [t for t in range(T) if size[t] > hi[t]]
            if over:
                t = max(over, key=lambda t: size[t] - hi[t])
                targets = under or [u for u in range(T) if size[u] < hi[u]]
            elif under:
                t = max((t for t in range(T) if size[t] > lo[t]), key=lambda t: size[t] - lo[t])
                targets = under
            else:
                break
            best = None
            for p in members[t]:
                if p in movable:
                    for u in targets:
                        cost = sum(meet[p * P + x] for x in members[u])
                        cost += s.weight_repeat * sum(other[p] == u for other in plan)
                        cost += sum(_W_APART for x in members[u] if x in s.partners[p])
                        if best is None or (cost, p, u) < best:
                            best = (cost, p, u)
            if best is None:  # cannot happen: the size bounds leave room for everyone
                break
            _, p, u = best
            members[t].remove(p)
            members[u].append(p)
            row[p] = u
    return plan


def _twin_plan(setup: _Setup, rng: random.Random, clock: _Clock) -> list[list[int]] | None:
    """For P = T(T − 1) + c themed travellers: plan T(T − 1) units, c of them doubled.

    Every table then holds T − 1 units, one of them possibly a pair travelling together,
    which is the shape of the lower bound. Used when no algebraic design applies (T = 6).
    """
    s = setup
    pb = s.problem
    P, T, R = s.P, s.T, s.R
    units = T * (T - 1)
    clones = P - units
    if (
        not s.themed
        or pb.hosts
        or pb.fixed
        or pb.absent
        or pb.capacities is not None
        or not 0 < clones <= T
        or R > T
        or T < 3
    ):
        return None
    free = [p for p in range(P) if not s.partners[p]]
    if len(free) < 2 * clones:
        return None
    twins, copies = free[:clones], free[clones : 2 * clones]
    copied = set(copies)
    order = twins + [p for p in range(P) if p not in copied and p not in twins]
    index = {p: i for i, p in enumerate(order)}
    reduced = RotationProblem(
        participants=units,
        tables=T,
        rounds=R,
        apart=tuple((index[a], index[b]) for a, b in s.apart),
        fixed={(r, j): (j + r) % T for j in range(clones) for r in range(R)},
    )
    inner = _Clock(clock.limit * _TWIN_SHARE - clock.elapsed(), clock.is_cancelled, None)
    sub = _Setup(reduced)
    sub.double = {(j, u) for j in range(clones) for u in range(clones, units)}
    start = _greedy_plan(sub, rng)
    bound = _key_of(sub, lower_bounds(reduced))
    found = _anneal(
        sub, start, rng, inner, stop_key=bound, idle_cycles=_TWIN_IDLE_CYCLES, t_high=_TWIN_T_HIGH
    )
    plan = [[-1] * P for _ in range(R)]
    for r in range(R):
        for p, i in index.items():
            plan[r][p] = found[r][i]
        for twin, copy in zip(twins, copies, strict=True):
            plan[r][copy] = plan[r][twin]
    return plan
