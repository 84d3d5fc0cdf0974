"""Where the rotation search starts: a designed, a greedy or a "twin" plan, each valid.

`designed_plan` fits the algebraic design of `core.rotation_designs` to the problem and
`_repair`s it (absences, pins, capacities); `greedy_plan` seats round after round, each
person at the free table that costs least so far; `twin_plan`, for T² − c themed
travellers, plans T(T − 1) units of which c travel in pairs (annealing that smaller problem).
`core.rotation.plan_rotation` picks the best of them and anneals it (`core.rotation_search`).
"""

from __future__ import annotations

import random

from facilitator_app.core.rotation_designs import (
    affine_groups,
    assign_codewords,
    max_design_rounds,
)
from facilitator_app.core.rotation_problem import RotationProblem, lower_bounds
from facilitator_app.core.rotation_search import (
    W_APART,
    Budget,
    SearchSetup,
    anneal,
    plan_key,
)

__all__ = ["designed_plan", "greedy_plan", "twin_plan"]

_TWIN_SHARE = 0.3  # at most this share of the budget goes to `twin_plan`
_TWIN_IDLE_CYCLES = 6
_TWIN_T_HIGH = 1.2
_LOOK_EVERY = 64  # people seated by `greedy_plan` between two looks at the clock
_SETTLE = 10  # units per seat and table mate of the work after the greedy plan


def greedy_plan(setup: SearchSetup, rng: random.Random, budget: Budget) -> list[list[int]]:
    """Round after round, each free person takes the free seat that costs least so far.

    A table costs 2 per earlier meeting with someone seated there, 2·W_APART per person to
    keep apart there, and 4·(repeat weight) when the person sat there before; ties go to
    the first table from a random place in the round's random order. Past the budget's
    deadline the people left take the first free seat: the plan stays valid.
    """
    s = setup
    P, T, R = s.P, s.T, s.R
    met: list[list[int]] = [[] for _ in range(P)]  # whom p sat with, once per meeting
    visited: list[set[int]] = [set() for _ in range(P)]
    plan = [[-1] * P for _ in range(R)]
    late = False
    work = 0  # in the budget's units: people and tables looked at
    # what the search does before it first looks at the clock: count the meetings of the
    # plan, and find the seats in conflict
    then = _SETTLE * sum(len(people) for people in s.present) * (P // T + 1)
    budget.mark()
    for r in range(R):
        row = plan[r]
        size = [0] * T
        for p, t in s.seats[r].items():
            row[p] = t
            size[t] += 1
        lo, hi = s.lo[r * T : r * T + T], s.hi[r * T : r * T + T]
        target = [max(lo[t], size[t]) for t in range(T)]
        order = list(range(T))
        rng.shuffle(order)
        extra = len(s.present[r]) - sum(target)
        for t in order:  # the size bounds leave room for everyone present
            grow = min(extra, hi[t] - target[t])
            target[t] += grow
            extra -= grow
        people = s.movable[r][:]
        rng.shuffle(people)
        room = [t for t in order if size[t] < target[t]]
        for i, p in enumerate(people):
            if not late and i % _LOOK_EVERY == 0:
                budget.used += work
                work = 0
                late = budget.out_of_time(then=then)
            if late:
                choice = room[0]
            else:
                cost = [0] * T
                for x in met[p]:
                    if row[x] >= 0:
                        cost[row[x]] += 2
                for x in s.partners[p]:
                    if row[x] >= 0:
                        cost[row[x]] += 2 * W_APART
                if s.weight_repeat:
                    for t in visited[p]:
                        cost[t] += 4 * s.weight_repeat
                first = int(rng.random() * len(room))
                choice = min(room[first:] + room[:first], key=cost.__getitem__)
                work += T + len(met[p]) + len(room)
            row[p] = choice
            size[choice] += 1
            if size[choice] >= target[choice]:
                room.remove(choice)
        members: list[list[int]] = [[] for _ in range(T)]
        for p in s.present[r]:
            members[row[p]].append(p)
        for t, people_at in enumerate(members):
            for a in people_at:
                met[a] += [b for b in people_at if b != a]
                if s.traveller[a]:
                    visited[a].add(t)
    budget.used += work
    return plan


def designed_plan(setup: SearchSetup) -> list[list[int]] | None:
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


def _repair(setup: SearchSetup, plan: list[list[int]]) -> list[list[int]]:
    """Absent people out, fixed seats in, then people moved until every table's size is allowed.

    Each move takes the person and the table that add the fewest meetings and repeats.
    """
    s = setup
    P, T = s.P, s.T
    meet = [0] * (P * P)
    for row in plan:
        at: list[list[int]] = [[] for _ in range(T)]
        for a, t in enumerate(row):
            if 0 <= t < T:
                at[t].append(a)
        for people in at:
            for i, a in enumerate(people):
                for b in people[i + 1 :]:
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
                        cost += sum(W_APART for x in members[u] if x in s.partners[p])
                        if best is None or (cost, p, u) < best:
                            best = (cost, p, u)
            if best is None:  # cannot happen: the size bounds leave room for everyone
                break
            _, p, u = best
            members[t].remove(p)
            members[u].append(p)
            row[p] = u
    return plan


def twin_plan(setup: SearchSetup, rng: random.Random, budget: Budget) -> list[list[int]] | None:
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
    inner = budget.share(_TWIN_SHARE)
    sub = SearchSetup(reduced)
    sub.double = {(j, u) for j in range(clones) for u in range(clones, units)}
    start = greedy_plan(sub, rng, inner)
    bound = plan_key(sub, lower_bounds(reduced))
    found, _ = anneal(
        sub, start, rng, inner, stop_key=bound, idle_cycles=_TWIN_IDLE_CYCLES, t_high=_TWIN_T_HIGH
    )
    budget.used += inner.used  # the units it spent are the call's
    plan = [[-1] * P for _ in range(R)]
    for r in range(R):
        for p, i in index.items():
            plan[r][p] = found[r][i]
        for twin, copy in zip(twins, copies, strict=True):
            plan[r][copy] = plan[r][twin]
    return plan
