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
the search stalls or its budget is spent.

Determinism: one `random.Random(seed)` drives everything, and the budget that
`time_limit` buys is counted in work (moves of the search, `core.rotation_search.Budget`),
never in seconds: the same problem, seed and time limit give the same plan on a quiet or a
busy machine. The time limit is also a hard guard, looked at inside every loop: no call
runs past it. Only that guard and `cancel()` depend on the clock; a search they cut returns
the best plan found so far.

The modules, bottom up: `core.rotation_problem` (the problem, figures, checks, bounds),
`core.rotation_designs` (the algebra), `core.rotation_search` (budget and annealing),
`core.rotation_starts` (designed, greedy and twin plans), and this one, `plan_rotation`,
which also re-exports the problem's public names for its callers.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from facilitator_app.core.rotation_problem import (
    MarkKind,
    Metrics,
    RotationPlan,
    RotationProblem,
    SeatMark,
    check_plan,
    evaluate,
    lower_bounds,
    seat_marks,
)
from facilitator_app.core.rotation_search import Budget, SearchSetup, anneal, plan_key
from facilitator_app.core.rotation_starts import designed_plan, greedy_plan, twin_plan

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
    "plan_rotation",
]


def plan_rotation(
    problem: RotationProblem,
    *,
    seed: int = 1,
    time_limit: float = 5.0,
    progress: Callable[[float, Metrics], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> RotationPlan:
    """The best plan found within the budget `time_limit` buys; always valid (`check_plan`).

    The call returns within `time_limit` seconds, on a busy machine too. `progress(fraction
    of the budget used, best metrics so far)` is called at most four times a second, and
    once with 1.0 at the end; it may raise to abandon the search (the exception comes out of
    this call). `cancel()` returning True stops the search, which then returns the best plan
    found so far.
    """
    budget = Budget(time_limit, cancel, progress)
    setup = SearchSetup(problem)
    rng = random.Random(seed)

    def key(plan: list[list[int]]) -> int:
        return plan_key(setup, evaluate(problem, plan))

    stop_key = plan_key(setup, lower_bounds(problem))
    starts = []
    fallback = None
    designed = designed_plan(setup)
    if designed is not None:
        starts.append(designed)
    else:
        fallback = twin_plan(setup, rng, budget)
        if fallback is not None and key(fallback) <= stop_key:
            starts.append(fallback)
            fallback = None
    if not starts or key(starts[0]) > stop_key:
        starts.append(greedy_plan(setup, rng, budget))
    start = starts[0] if len(starts) == 1 else min(starts, key=key)
    best, metrics = anneal(setup, start, rng, budget, stop_key=stop_key)
    if len(setup.apart) != len(problem.apart):  # a pair listed twice counts twice
        metrics = evaluate(problem, best)
    if fallback is not None:
        other = evaluate(problem, fallback)
        if plan_key(setup, other) < plan_key(setup, metrics):
            best, metrics = fallback, other
    if progress is not None:
        progress(1.0, metrics)
    return RotationPlan(tuple(tuple(row) for row in best), metrics, budget.elapsed())
