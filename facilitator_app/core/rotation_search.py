"""The search engine behind `core.rotation.plan_rotation`.

Owns how a plan is found, not what a plan is: the problem flattened for the search loop
(`_Setup`, `_State`), the starting plans (`_designed_plan` from `core.rotation_designs` with
its `_repair`, `_greedy_plan`, and `_twin_plan` for T² − c themed travellers), simulated
annealing (`_anneal`) with its tuning constants, the lexicographic key (`_key_of`) and the
time limit / cancel / progress clock (`_Clock`). See `core.rotation` for the rules and the
determinism promise.

Dependencies point one way: `core.rotation` imports this module; the few names needed back
from it (`RotationProblem`, `Metrics`, `lower_bounds`, the size helpers) are imported inside
the functions that use them, so neither module needs the other while it loads.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from facilitator_app.core.rotation_designs import (
    affine_groups,
    assign_codewords,
    max_design_rounds,
)

if TYPE_CHECKING:
    from facilitator_app.core.rotation import Metrics, RotationProblem


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
        from facilitator_app.core.rotation import _fixed_seats, _size_bounds

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
    from facilitator_app.core.rotation import Metrics

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
    from facilitator_app.core.rotation import RotationProblem, lower_bounds

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
