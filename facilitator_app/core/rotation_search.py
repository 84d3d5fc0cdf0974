"""The search behind `core.rotation.plan_rotation`: simulated annealing within a budget.

Owns how a plan is improved, not what a plan is (`core.rotation_problem`) nor where it
starts (`core.rotation_starts`): the problem flattened for the search loop (`SearchSetup`,
`SearchState`), the lexicographic key (`plan_key`), the annealing (`anneal`) with its
tuning constants, and the `Budget` of one call.

The budget is counted in work, not in seconds: one unit is about one person looked at (a
move pays for the people of the tables it reads and writes, a copy of the best plan for
its seats), and a call may spend `time_limit × UNITS_PER_SECOND` units, a rate set at
a fifth of what the search does on the 2-core machine it was tuned on (12–17 million units
a CPU second): a call that spends its whole budget there takes a fifth of its time limit,
so it still ends by its budget on a machine four times as busy. The same problem, seed and
time limit then give the same plan however busy the machine is. The time limit stays a
hard guard: every loop looks at the clock now and then (every `_CHECK_EVERY` moves, every
64 people seated), and before work that cannot (counting a plan's meetings) it asks whether
that work, at the pace measured so far, would end past the limit. A search the guard cuts
returns the best plan met so far, which then depends on the machine
(`tests/benchmarks/bench_rotation.py` says FAIL when that happens).

Most moves start from a seat in conflict, drawn from a list kept as moves create conflicts
(a seat found quiet when drawn leaves it): near the end, when ten seats of ten thousand are
in conflict, drawing any seat and skipping the quiet ones cost a thousand draws a move.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable, MutableSequence

from facilitator_app.core.rotation_problem import (
    Metrics,
    RotationProblem,
    fixed_seats,
    size_bounds,
)

__all__ = ["Budget", "SearchSetup", "SearchState", "anneal", "plan_key", "W_APART"]

# Annealing settings, tuned on the benchmark's instances. The soft weights steer the search;
# the best plan is still chosen in the lexicographic order (apart, repeats, pairs).
W_APART = 6
_W_REPEAT = 3
_T_HIGH = 0.5  # temperature at the start of each cycle, in repeated pairs
_T_LOW = 0.04  # at its end
_FOCUS_RANDOM = 0.06  # share of moves that start from any seat, not one in conflict
_CHECK_EVERY = 2048  # moves between looks at the clock, cancel() and the temperature
_CYCLE_MIN = 20_000  # moves of one cycle, high to low temperature…
_CYCLE_PER_SEAT = 600  # …or this many per movable (round, person), when more
_IDLE_CYCLES = 20  # cycles without a better plan before the search gives up
_MOVE_UNITS = 4  # the cost of a move beyond the people it looks at, in units
_COPY_SHARE = 32  # copying the best plan: one unit per this many seats
UNITS_PER_SECOND = 3_000_000  # the budget's rate: units a second of `time_limit` buys
_REPORT_EVERY = 0.25  # seconds between two calls of progress()
_PACE_UNITS = 50_000  # units of work before their pace is trusted


class Budget:
    """The work one `plan_rotation` call may do, its time limit, cancel() and progress().

    `spend(units)` counts work and says when to stop: the units are used up (deterministic),
    the guard's deadline passed or cancel() said True (both depend on the clock). The
    deadline keeps a little of the time limit back for the work after the search.
    """

    def __init__(
        self,
        time_limit: float,
        cancel: Callable[[], bool] | None = None,
        progress: Callable[[float, Metrics], None] | None = None,
        *,
        units: int | None = None,
        deadline: float | None = None,
    ) -> None:
        self.start = time.perf_counter()
        self.limit = max(0.0, time_limit)
        self.units = int(self.limit * UNITS_PER_SECOND) if units is None else max(0, units)
        self.used = 0
        self.deadline = (
            self.start + self.limit - min(0.1 * self.limit, 0.25) if deadline is None else deadline
        )
        self.cancel = cancel
        self.cancelled = False
        self.cut = False  # stopped by the deadline or cancel(), not by the units
        self.progress = progress
        self.last_report = self.start - _REPORT_EVERY  # the first look reports at once
        self.pace_from = (self.start, 0)

    def elapsed(self) -> float:
        return time.perf_counter() - self.start

    def share(self, fraction: float) -> Budget:
        """A budget for part of the search: `fraction` of the units left, the same deadline
        and cancel(), no progress."""
        return Budget(
            self.limit,
            self.is_cancelled,
            units=int((self.units - self.used) * fraction),
            deadline=self.deadline,
        )

    def spend(self, units: int, best: Metrics | None = None) -> bool:
        """Count `units` of work done; True when the search must stop."""
        self.used += units
        if self.out_of_time():
            self.cut = True
            return True
        if self.progress is not None and best is not None:
            now = time.perf_counter()
            if now - self.last_report >= _REPORT_EVERY:
                self.last_report = now
                self.progress(min(1.0, self.used / self.units) if self.units else 1.0, best)
        return self.used >= self.units

    def mark(self) -> None:
        """Start measuring the pace of the work from here (see `out_of_time`)."""
        self.pace_from = (time.perf_counter(), self.used)

    def out_of_time(self, *, then: int = 0) -> bool:
        """The guard alone: the deadline passed, or would pass during `then` more units of
        work that cannot look at the clock (at the pace measured since `mark()`, which
        slows down with the machine), or cancel() said True."""
        now = time.perf_counter()
        since, used = self.pace_from
        if then and self.used - used >= _PACE_UNITS:
            now += then * (now - since) / (self.used - used)
        return now >= self.deadline or self.is_cancelled()

    def is_cancelled(self) -> bool:
        """Whether cancel() has said True, now or before (it is not asked again)."""
        if not self.cancelled and self.cancel is not None and self.cancel():
            self.cancelled = True
        return self.cancelled


class SearchSetup:
    """The problem flattened into lists for the search loop."""

    def __init__(self, pb: RotationProblem) -> None:
        P, T, R = pb.participants, pb.tables, pb.rounds
        self.problem = pb
        self.P, self.T, self.R = P, T, R
        self.themed = not pb.any_table
        hosts = set(pb.hosts.values())
        self.traveller = [p not in hosts for p in range(P)]
        self.seats = [fixed_seats(pb, r) for r in range(R)]
        self.present = [[p for p in range(P) if (r, p) not in pb.absent] for r in range(R)]
        self.movable = [[p for p in self.present[r] if p not in self.seats[r]] for r in range(R)]
        self.lo: list[int] = []
        self.hi: list[int] = []
        for r in range(R):
            lo, hi = size_bounds(pb, r)
            self.lo += lo
            self.hi += hi
        self.apart = {(min(a, b), max(a, b)) for a, b in pb.apart}
        self.double: set[tuple[int, int]] = set()  # pairs whose meetings count twice
        self.partners: list[set[int]] = [set() for _ in range(P)]
        for a, b in self.apart:
            self.partners[a].add(b)
            self.partners[b].add(a)
        self.weight_repeat = _W_REPEAT if self.themed else 0


class SearchState:
    """A plan with its tables' members, meeting counts and table visits, kept in step."""

    def __init__(self, setup: SearchSetup, plan: list[list[int]]) -> None:
        s = setup
        P, T, R = s.P, s.T, s.R
        self.plan = plan
        self.members: list[list[list[int]]] = [[[] for _ in range(T)] for _ in range(R)]
        # meet[a*P+b] = times a and b met + off·class, class = 1 if kept apart, + 2 if the
        # pair's repeats count twice (a person travelling with a companion, see twin_plan)
        self.off = off = R + 2
        # one byte per pair while the counts fit (R ≤ 61): the table then stays in the
        # processor's caches for a thousand people, and each look costs a third as much
        self.meet: MutableSequence[int] = bytearray(P * P) if 4 * off <= 256 else [0] * (P * P)
        meet = self.meet
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
        # pairs from the tables' members (not all P² pairs): a pair counts once
        counted: set[int] = set()
        pairs = 0
        for members in self.members:
            for people in members:
                for i, a in enumerate(people):
                    for b in people[i + 1 :]:
                        v = meet[a * P + b]
                        key = a * P + b if a < b else b * P + a
                        if v % off > 1 and key not in counted:
                            counted.add(key)
                            pairs += (1 + v // off // 2) * (v % off - 1)
        self.pairs = pairs


def plan_key(setup: SearchSetup, metrics: Metrics) -> int:
    """One number ordering plans as CONTRACT §3 does: apart, then repeats, then pairs."""
    P, R = setup.P, setup.R
    k_rep = (P * (P - 1) // 2) * R + 1 if setup.themed else 0
    k_apart = max(k_rep, 1) * (P * R + 1) * ((P * (P - 1) // 2) * R + 1)
    return (
        metrics.apart_violations * k_apart + metrics.table_repeats * k_rep + metrics.repeated_pairs
    )


def anneal(
    setup: SearchSetup,
    plan: list[list[int]],
    rng: random.Random,
    budget: Budget,
    *,
    stop_key: int,
    idle_cycles: int = _IDLE_CYCLES,
    t_high: float = _T_HIGH,
) -> tuple[list[list[int]], Metrics]:
    """Simulated annealing from `plan`: the best plan met (lexicographic order) and its
    figures as the search counts them (an apart pair once however often it is listed, the
    meetings of a pair in `setup.double` twice), so the caller need not count them again.

    Stops at `stop_key` (a lower bound), after `idle_cycles` cycles without a better plan,
    or when `budget` says so; every move is paid for in its units.
    """
    s = setup
    P, T, R = s.P, s.T, s.R
    st = SearchState(s, plan)
    rounds = [r for r in range(R) if s.movable[r]]
    if T < 2 or not rounds:
        return [row[:] for row in plan], Metrics(st.repeats, st.pairs, st.apart)
    k_rep = (P * (P - 1) // 2) * R + 1 if s.themed else 0
    k_apart = max(k_rep, 1) * (P * R + 1) * ((P * (P - 1) // 2) * R + 1)

    cur_apart, cur_rep, cur_pairs = st.apart, st.repeats, st.pairs
    best_key = cur_apart * k_apart + cur_rep * k_rep + cur_pairs
    best = [row[:] for row in plan]
    best_metrics = (cur_rep, cur_pairs, cur_apart)
    if best_key <= stop_key:
        return best, Metrics(*best_metrics)

    members, meet, visits, off = st.members, st.meet, st.visits, st.off
    movable = s.movable
    movflag = bytearray(R * P)
    for r in rounds:
        for p in movable[r]:
            movflag[r * P + p] = 1
    lo, hi = s.lo, s.hi
    wr = s.weight_repeat
    values = range(4 * off)  # see SearchState.meet
    weight = [1 + v // off // 2 for v in values]
    isap = [v // off % 2 for v in values]
    gpair = [weight[v] * (v % off >= 1) for v in values]
    lpair = [weight[v] * (v % off >= 2) for v in values]
    gain = [gpair[v] + W_APART * isap[v] for v in values]
    loss = [lpair[v] + W_APART * isap[v] for v in values]
    dmax = 48
    acc = [1.0] * dmax
    cycle = max(_CYCLE_MIN, _CYCLE_PER_SEAT * sum(len(m) for m in movable))
    ratio = _T_LOW / t_high
    focus = 1.0 - _FOCUS_RANDOM
    rnd = rng.random
    nr = len(rounds)
    # the work done, in units of about one person looked at (see the module's docstring)
    work = paid = 0
    copy_units = P * R // _COPY_SHARE + 1
    restart_units = sum(len(m) ** 2 for tables in members for m in tables) + P * R

    # seats (r·P + p) that may be in conflict, so that focused moves need not look for one
    # among thousands of quiet seats; a seat found quiet when drawn leaves the list
    hot: list[int] = []
    inhot = bytearray(R * P)

    def heat(code: int) -> None:
        if movflag[code] and not inhot[code]:
            inhot[code] = 1
            hot.append(code)

    def heat_all() -> None:
        hot.clear()
        inhot[:] = bytes(R * P)
        for r_ in rounds:
            for t_, people in enumerate(members[r_]):
                for a in people:
                    if wr and visits[a * T + t_] > 1 or any(loss[meet[a * P + b]] for b in people):
                        heat(r_ * P + a)

    heat_all()
    work += restart_units
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
                    if budget.out_of_time(then=2 * restart_units):
                        budget.cut = True
                        break
                    plan[:] = [row_[:] for row_ in best]
                    st = SearchState(s, plan)
                    members, meet, visits = st.members, st.meet, st.visits
                    cur_apart, cur_rep, cur_pairs = st.apart, st.repeats, st.pairs
                    heat_all()
                    work += 2 * restart_units
            temp = t_high * ratio ** (pos / cycle)
            acc = [math.exp(-d / temp) for d in range(dmax)]
            rep_, pairs_, apart_ = best_metrics
            if budget.spend(work - paid, Metrics(rep_, pairs_, apart_)):
                break
            paid = work
        if hot and rnd() < focus:  # a seat in conflict
            i = int(rnd() * len(hot))
            code = hot[i]
            r, p = divmod(code, P)
            row = plan[r]
            A = row[p]
            memr = members[r]
            memA = memr[A]
            work += _MOVE_UNITS + len(memA)
            bp = p * P
            vp = p * T
            for x in memA:
                if loss[meet[bp + x]]:
                    break
            else:
                if not (wr and visits[vp + A] > 1):  # quiet now: out of the list
                    hot[i] = hot[-1]
                    hot.pop()
                    inhot[code] = 0
                    continue
        else:  # any seat
            r = rounds[int(rnd() * nr)]
            mov = movable[r]
            p = mov[int(rnd() * len(mov))]
            row = plan[r]
            A = row[p]
            memr = members[r]
            memA = memr[A]
            work += _MOVE_UNITS + len(memA)
            bp = p * P
            vp = p * T
        B = int(rnd() * (T - 1))
        if B >= A:
            B += 1
        memB = memr[B]
        work += len(memA) + len(memB)
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
            work += len(memA) + len(memB)
            dp = da = 0
            for x in memA:
                if x != p:
                    v = meet[bp + x]
                    dp -= lpair[v]
                    da -= isap[v]
                    meet[bp + x] = meet[x * P + p] = v - 1
            rP = r * P
            for y in memB:
                v = meet[bp + y]
                dp += gpair[v]
                da += isap[v]
                meet[bp + y] = meet[y * P + p] = v + 1
                if gain[v]:  # a meeting again or a pair to keep apart: both in conflict
                    heat(rP + p)
                    heat(rP + y)
            memA.remove(p)
            memB.append(p)
            row[p] = B
            visits[vp + A] -= 1
            visits[vp + B] += 1
            if wr and visits[vp + B] > 1:
                heat(rP + p)
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
            work += 2 * (len(memA) + len(memB))
            rP = r * P
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
                    if gain[v]:
                        heat(rP + q)
                        heat(rP + x)
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
                    if gain[v]:
                        heat(rP + p)
                        heat(rP + y)
            memA[memA.index(p)] = q
            memB[memB.index(q)] = p
            row[p] = B
            row[q] = A
            visits[vp + A] -= 1
            visits[vp + B] += 1
            visits[vq + B] -= 1
            visits[vq + A] += 1
            if wr and visits[vp + B] > 1:
                heat(rP + p)
            if wr and visits[vq + A] > 1:
                heat(rP + q)
        cur_pairs += dp
        cur_apart += da
        cur_rep += dr
        key = cur_apart * k_apart + cur_rep * k_rep + cur_pairs
        if key < best_key:
            best_key = key
            best = [row_[:] for row_ in plan]
            work += copy_units
            best_metrics = (cur_rep, cur_pairs, cur_apart)
            improved = True
            if key <= stop_key:
                break
    return best, Metrics(*best_metrics)
