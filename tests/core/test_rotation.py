"""The rotation planner (CONTRACT §3): hard rules, figures, bounds, determinism, cancel, pins.

Every plan is recounted by `recount` below, written from the contract without the planner's
code. The full quality table lives in tests/benchmarks/bench_rotation.py; the heavy instances
here run only with RECOLTE_HEAVY_TESTS=1.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator_app.core import rotation_search
from facilitator_app.core.errors import RotationImpossible
from facilitator_app.core.rotation import plan_rotation
from facilitator_app.core.rotation_problem import (
    MarkKind,
    Metrics,
    RotationProblem,
    check_plan,
    evaluate,
    lower_bounds,
    seat_marks,
)
from facilitator_app.i18n import set_language

HEAVY = pytest.mark.skipif(
    not os.environ.get("RECOLTE_HEAVY_TESTS"), reason="heavy: set RECOLTE_HEAVY_TESTS=1"
)
APART = ((6, 7), (8, 9), (10, 11), (12, 13), (14, 15))


def recount(problem: RotationProblem, plan) -> tuple[tuple[int, int, int], list[str]]:
    """(table repeats, repeated pairs, apart violations) and the hard rules broken."""
    P, T, R = problem.participants, problem.tables, problem.rounds
    broken = []
    assert len(plan) == R and all(len(row) == P for row in plan)
    hosts = {p: t for t, p in problem.hosts.items()}
    caps = problem.capacities or (None,) * T
    for r, row in enumerate(plan):
        sizes = [0] * T
        forced = [0] * T  # people whose seat is imposed, per table
        for p, t in enumerate(row):
            if (r, p) in problem.absent:
                if t != -1:
                    broken.append(f"absent {p} seated in round {r}")
                continue
            if not 0 <= t < T:
                broken.append(f"{p} unseated in round {r}")
                continue
            sizes[t] += 1
            want = problem.fixed.get((r, p), hosts.get(p))
            if want is not None:
                forced[t] += 1
                if want != t:
                    broken.append(f"{p} not at {want} in round {r}")
        for t in range(T):
            if caps[t] is not None and sizes[t] > caps[t]:
                broken.append(f"table {t} over capacity in round {r}")
        # balance: tables neither full nor holding only imposed people differ by at most one
        # from every table that could still take someone
        could_grow = [t for t in range(T) if caps[t] is None or sizes[t] < caps[t]]
        could_shrink = [t for t in range(T) if sizes[t] > forced[t]]
        if (
            could_grow
            and could_shrink
            and max(sizes[t] for t in could_shrink) - min(sizes[t] for t in could_grow) > 1
        ):
            broken.append(f"unbalanced round {r}: {sizes}")
    repeats = 0
    for p in range(P):
        if p not in hosts:
            seen = [row[p] for row in plan if row[p] >= 0]
            repeats += len(seen) - len(set(seen))
    meetings = Counter(
        (a, b) for row in plan for a, b in combinations(range(P), 2) if row[a] == row[b] >= 0
    )
    pairs = sum(m - 1 for m in meetings.values() if m > 1)
    apart = sum(meetings[min(a, b), max(a, b)] for a, b in problem.apart)  # as listed
    return (repeats, pairs, apart), broken


def solve(problem: RotationProblem, **kwargs):
    kwargs.setdefault("time_limit", 2.0)
    result = plan_rotation(problem, **kwargs)
    figures, broken = recount(problem, result.plan)
    assert broken == []
    assert check_plan(problem, result.plan) == []
    m = result.metrics
    assert figures == (m.table_repeats, m.repeated_pairs, m.apart_violations)
    assert evaluate(problem, result.plan) == m
    bound = lower_bounds(problem)
    assert bound.apart_violations <= m.apart_violations
    if bound.apart_violations == m.apart_violations and not problem.any_table:
        assert bound.table_repeats <= m.table_repeats
    return result


def problem(P, T, R, *, hosts=False, **kwargs) -> RotationProblem:
    return RotationProblem(
        participants=P,
        tables=T,
        rounds=R,
        hosts={t: t for t in range(T)} if hosts else {},
        **kwargs,
    )


# -- quality on small target instances -------------------------------------------------------


@pytest.mark.parametrize(
    ("pb", "figures"),
    [
        (problem(16, 4, 4), (0, 12, 0)),
        (problem(16, 4, 4, hosts=True), (0, 0, 0)),
        (problem(36, 6, 3), (0, 12, 0)),
        (problem(36, 6, 3, hosts=True), (0, 0, 0)),
        (problem(40, 6, 3, hosts=True, apart=APART), (0, 8, 0)),
        (problem(32, 8, 8), (0, 0, 0)),
        (problem(60, 10, 4), (0, 0, 0)),
        (problem(50, 7, 5), (0, 32, 0)),
    ],
    ids=lambda v: "x".join(map(str, v)) if isinstance(v, tuple) else None,
)
def test_small_targets_reach_their_optimum(pb, figures):
    result = solve(pb, time_limit=5.0)
    m = result.metrics
    assert (m.table_repeats, m.repeated_pairs, m.apart_violations) == figures
    assert lower_bounds(pb) == m  # the bound is met, so the search stopped early
    assert result.seconds < 4.0


@pytest.mark.parametrize(("P", "T", "R"), [(16, 4, 5), (25, 5, 6)])
def test_any_table_affine_planes_have_no_repeated_pair(P, T, R):
    result = solve(problem(P, T, R, any_table=True))
    assert result.metrics.repeated_pairs == 0


@HEAVY
@pytest.mark.parametrize(
    ("pb", "max_pairs"),
    [
        (problem(36, 6, 4), 27),
        (problem(120, 20, 5), 0),
        (problem(200, 25, 6), 0),
        (problem(60, 10, 4, hosts=True), 0),
        (problem(120, 20, 5, hosts=True), 0),
        (problem(200, 25, 6, hosts=True), 0),
        (problem(36, 6, 4, any_table=True), 4),
    ],
)
def test_heavy_targets(pb, max_pairs):
    m = solve(pb, time_limit=5.0).metrics
    assert m.repeated_pairs <= max_pairs and m.apart_violations == 0
    assert pb.any_table or m.table_repeats == 0


# -- hard rules on awkward problems ----------------------------------------------------------


def test_uneven_tables_with_absentees_late_arrivals_and_capacities():
    absent = frozenset({(0, p) for p in range(44, 50)} | {(3, 1), (4, 2), (4, 3)})
    pb = problem(50, 7, 5, hosts=True, absent=absent, capacities=(6, 6, 8, 8, 8, 8, None))
    result = solve(pb, time_limit=1.0)
    for r, p in absent:
        assert result.plan[r][p] == -1
    assert result.metrics.table_repeats == 0


def test_capacities_that_forbid_balance_are_respected_and_the_rest_balanced():
    pb = problem(20, 4, 3, capacities=(2, 3, None, None))
    result = solve(pb, time_limit=0.5)
    for row in result.plan:
        assert sorted(Counter(row).values()) == [2, 3, 7, 8]


def test_pins_are_kept_even_when_they_crowd_a_table():
    fixed = {(0, 0): 1, (0, 1): 1, (0, 2): 1, (0, 3): 1, (0, 4): 1, (1, 5): 0, (2, 5): 0}
    pb = problem(12, 3, 3, fixed=fixed, apart=((0, 1),))
    result = solve(pb, time_limit=0.5)
    for (r, p), t in fixed.items():
        assert result.plan[r][p] == t
    assert Counter(result.plan[0])[1] == 5  # imposed, the two other tables share the rest
    assert sorted(Counter(result.plan[0]).values()) == [3, 4, 5]
    assert result.metrics.apart_violations == 1 == lower_bounds(pb).apart_violations


def test_replanning_later_rounds_keeps_the_rounds_already_held():
    first = solve(problem(30, 5, 3), time_limit=1.0).plan
    # two people leave after round 0 and one arrives late; round 0 is kept as it was
    absent = frozenset({(1, 3), (2, 3), (1, 8), (2, 8), (0, 30)})
    held = {(0, p): t for p, t in enumerate(first[0])}
    pb = problem(31, 5, 3, fixed=held, absent=absent)
    result = solve(pb, time_limit=1.0)
    assert list(result.plan[0][:30]) == list(first[0]) and result.plan[0][30] == -1
    assert result.metrics.table_repeats == 0


def test_a_single_table_and_one_person_per_table():
    assert solve(problem(5, 1, 3)).plan == ((0,) * 5,) * 3
    result = solve(problem(4, 4, 3))
    assert result.metrics == Metrics(0, 0, 0)


# -- determinism, progress, cancel ------------------------------------------------------------


@pytest.mark.parametrize(
    "pb",
    [problem(40, 6, 3, hosts=True, apart=APART), problem(60, 10, 4), problem(24, 4, 3)],
)
def test_the_same_seed_gives_the_same_plan(pb):
    assert solve(pb, seed=7).plan == solve(pb, seed=7).plan


def test_progress_is_reported_and_cancel_returns_a_valid_plan_quickly():
    pb = problem(36, 6, 4, any_table=True)  # never reaches its bound
    calls: list[tuple[float, Metrics]] = []
    result = solve(pb, time_limit=1.5, progress=lambda f, m: calls.append((f, m)))
    assert 2 <= len(calls) <= 1.5 * 4 + 2
    assert all(0.0 <= f <= 1.0 for f, _ in calls) and calls[-1] == (1.0, result.metrics)
    pairs = [m.repeated_pairs for _, m in calls]
    assert pairs == sorted(pairs, reverse=True)

    asked = []

    def cancel() -> bool:
        asked.append(time.perf_counter())
        return len(asked) > 3

    start = time.perf_counter()
    for pb in (problem(36, 6, 4), problem(36, 6, 4, any_table=True), problem(45, 6, 5)):
        asked.clear()
        result = solve(pb, time_limit=30.0, cancel=cancel)
        assert asked and result.seconds < 1.0
    assert time.perf_counter() - start < 3.0


def test_the_budget_is_work_so_a_slow_machine_gets_the_same_plan(monkeypatch):
    """A search that runs to the end of its budget: the same plan when every look at the
    clock is slowed down (as on a loaded machine), and neither run is cut by the guard."""
    monkeypatch.setattr(rotation_search, "UNITS_PER_SECOND", 300_000)  # a small budget…
    pb = problem(36, 6, 4, any_table=True)  # never reaches its bound
    quick = solve(pb, time_limit=20.0)  # …and a far deadline

    looks: list[float] = []

    def slow() -> bool:
        looks.append(time.perf_counter())
        time.sleep(0.004)  # each look at the clock: 2,048 moves of a few µs, then this
        return False

    slowed = solve(pb, time_limit=20.0, cancel=slow)
    assert slowed.plan == quick.plan and slowed.metrics == quick.metrics
    assert len(looks) >= 50  # at least 0.2 s of sleeping: the search ran several times slower
    assert slowed.seconds < 20.0 * 0.9


def test_the_time_limit_cuts_a_search_whose_budget_is_larger(monkeypatch):
    monkeypatch.setattr(rotation_search, "UNITS_PER_SECOND", 10**12)
    pb = problem(36, 6, 4, any_table=True)  # never reaches its bound: only the guard stops it
    result = solve(pb, time_limit=1.0)
    assert 0.75 <= result.seconds <= 1.0  # it ran until the guard's margin, and no further


def test_a_cancel_asked_before_the_start_returns_a_valid_plan_at_once():
    result = solve(problem(300, 30, 6), time_limit=30.0, cancel=lambda: True)
    assert result.seconds < 5.0


# -- problems that cannot be planned ---------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (dict(participants=3, tables=6, rounds=3), r"more tables \(6\) than participants \(3\)"),
        (dict(participants=0, tables=1, rounds=1), "at least one participant"),
        (dict(participants=5, tables=2, rounds=0), "at least one round"),
        (dict(participants=9, tables=2, rounds=2, hosts={0: 0, 1: 1, 2: 2}), "more hosts"),
        (dict(participants=9, tables=3, rounds=2, hosts={1: 12}), "numbered 0 to 8"),
        (
            dict(participants=9, tables=3, rounds=2, hosts={5: 1}),
            "table 6, but the tables are numbered 1 to 3",
        ),
        (dict(participants=9, tables=3, rounds=2, hosts={0: 1, 1: 1}), "host two tables"),
        (dict(participants=9, tables=3, rounds=2, apart=((1, 1),)), "apart from themself"),
        (dict(participants=9, tables=3, rounds=2, apart=((1, 9),)), "only 9 participants"),
        (dict(participants=9, tables=3, rounds=2, capacities=(3, 3)), "3 tables but 2 cap"),
        (dict(participants=9, tables=3, rounds=2, capacities=(3, 3, 2)), "seat only 8"),
        (
            dict(participants=9, tables=3, rounds=2, fixed={(0, 1): 3}),
            "table 4 in round 1, but the tables are numbered 1 to 3",
        ),
        (dict(participants=9, tables=3, rounds=2, fixed={(2, 1): 0}), "round 3, which does"),
        (
            dict(participants=9, tables=3, rounds=2, fixed={(1, 4): 0}, absent={(1, 4)}),
            "absent that round",
        ),
        (
            dict(participants=9, tables=3, rounds=2, hosts={0: 4}, fixed={(1, 4): 2}),
            "hosts table 1 but is fixed at table 3 in round 2",
        ),
        (
            dict(
                participants=9,
                tables=3,
                rounds=2,
                capacities=(1, 5, 5),
                hosts={0: 0},
                fixed={(0, 3): 0},
            ),
            "round 1: 2 people must sit at table 1, which seats only 1",
        ),
    ],
)
def test_impossible_problems_are_refused_in_a_sentence(kwargs, message):
    with pytest.raises(RotationImpossible, match=f"(?i){message}") as caught:
        RotationProblem(**kwargs)
    text = str(caught.value)
    assert text.endswith(".") and "\n" not in text


def test_the_sentence_is_translated():
    set_language("fr")
    with pytest.raises(RotationImpossible) as caught:
        RotationProblem(participants=9, tables=3, rounds=2, capacities=(3, 3, 2))
    assert (
        str(caught.value)
        == "Tour 1\u00a0: 9 participants sont présents mais les tables n’ont que 8 places."
    )


def test_the_problem_is_frozen_hashable_and_keeps_plain_values():
    pb = problem(12, 3, 2, hosts=True, apart=[(4, 5)], fixed={(0, 6): 1})
    assert pb.apart == ((4, 5),) and dict(pb.fixed) == {(0, 6): 1}
    with pytest.raises(TypeError):
        pb.hosts[0] = 3  # type: ignore[index]
    assert hash(pb) == hash(problem(12, 3, 2, hosts=True, apart=[(4, 5)], fixed={(0, 6): 1}))


# -- check_plan, evaluate and lower_bounds on their own ---------------------------------------


def test_check_plan_names_each_broken_rule():
    pb = problem(9, 3, 2, hosts=True, fixed={(1, 5): 2}, absent={(1, 8)}, capacities=(3, 3, 4))
    good = [[0, 1, 2, 0, 1, 2, 0, 1, 2], [0, 1, 2, 1, 2, 2, 0, 1, -1]]
    assert check_plan(pb, good) == []
    bad = [[1, 1, 2, 0, 1, 2, 0, 1, 2], [0, 1, 2, 1, 2, 0, 0, 0, 0]]
    problems = check_plan(pb, bad)
    text = " | ".join(problems)
    assert "Round 0: participant 0 hosts table 0 but sits at table 1" in text
    assert "Round 0: table 0 has 2 people; balanced tables have 3." in text
    assert "Round 0: table 1 seats 3 but has 4 people." in text
    assert "Round 1: participant 5 is fixed at table 2 but sits at table 0" in text
    assert "Round 1: participant 8 is absent but sits at table 0" in text
    assert "Round 1: table 0 seats 3 but has 4 people" in text
    assert check_plan(pb, good[:1]) == ["The plan has 1 rounds instead of 2."]


@settings(max_examples=60, deadline=None)
@given(
    st.integers(2, 4).flatmap(
        lambda T: st.tuples(
            st.just(T),
            st.lists(
                st.lists(st.integers(-1, T - 1), min_size=9, max_size=9), min_size=1, max_size=4
            ),
            st.lists(st.tuples(st.integers(0, 8), st.integers(0, 8)), max_size=4),
            st.booleans(),
        )
    )
)
def test_evaluate_agrees_with_the_contract_on_any_plan(case):
    T, plan, pairs, hosted = case
    apart = tuple((a, b) for a, b in pairs if a != b)
    absent = frozenset((r, p) for r, row in enumerate(plan) for p, t in enumerate(row) if t < 0)
    hosts = {t: t for t in range(T) if hosted and all(row[t] >= 0 for row in plan)}
    pb = RotationProblem(
        participants=9, tables=T, rounds=len(plan), hosts=hosts, apart=apart, absent=absent
    )
    figures, _ = recount(pb, plan)
    m = evaluate(pb, plan)
    assert figures == (m.table_repeats, m.repeated_pairs, m.apart_violations)
    # the seats behind the figures, the most serious reason first, as the window marks them
    apart_pairs = {frozenset(pair) for pair in apart}
    expected = {}
    for r, row in enumerate(plan):
        for p, t in enumerate(row):
            if t < 0:
                continue
            mates = [q for q, u in enumerate(row) if u == t and q != p]
            if any(frozenset((p, q)) in apart_pairs for q in mates):
                expected[r, p] = MarkKind.APART
            elif p not in hosts.values() and any(plan[e][p] == t for e in range(r)):
                expected[r, p] = MarkKind.TABLE_AGAIN
            elif any(plan[e][p] == plan[e][q] >= 0 for q in mates for e in range(r)):
                expected[r, p] = MarkKind.MET_AGAIN
    marks = seat_marks(pb, plan)
    assert {cell: mark.kind for cell, mark in marks.items()} == expected
    assert sum(k is MarkKind.TABLE_AGAIN for k in expected.values()) <= m.table_repeats
    assert (m.apart_violations > 0) == (MarkKind.APART in expected.values())


@pytest.mark.parametrize(
    ("pb", "bound"),
    [
        (problem(16, 4, 4), Metrics(0, 12, 0)),
        (problem(36, 6, 4), Metrics(0, 18, 0)),
        (problem(40, 6, 3, hosts=True), Metrics(0, 8, 0)),
        (problem(12, 3, 5), Metrics(24, 24, 0)),  # 2 repeats each; 15 meetings among 11
        (problem(10, 2, 3, any_table=True), Metrics(10, 16, 0)),  # 5 + 5 split in 2: 8 clashes
    ],
)
def test_lower_bounds(pb, bound):
    assert lower_bounds(pb) == bound


def test_capacities_every_balanced_table_fits_do_not_slow_the_search():
    """A café's usual « 8 places » binds nothing: the optimum is known and found at once."""
    free = RotationProblem(participants=36, tables=5, rounds=3, hosts={t: t for t in range(5)})
    roomy = RotationProblem(
        participants=36, tables=5, rounds=3, hosts={t: t for t in range(5)}, capacities=(8,) * 5
    )
    assert lower_bounds(roomy) == lower_bounds(free)
    result = plan_rotation(roomy, time_limit=5)
    assert result.metrics == lower_bounds(roomy)
    assert result.seconds < 2.5


def test_the_rotation_modules_import_one_way_and_nothing_private():
    """problem ← search ← starts ← rotation (designs beside): no loop, no `_name` crossing."""
    import ast
    from pathlib import Path

    import facilitator_app.core as core

    graph: dict[str, set[str]] = {}
    for path in sorted(Path(core.__file__).parent.glob("rotation*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        graph[path.stem] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "facilitator_app.core.rotation"
            ):
                graph[path.stem].add(node.module.rsplit(".", 1)[1])
                assert not any(a.name.startswith("_") for a in node.names), path.name
    assert set(graph) == {
        "rotation",
        "rotation_designs",
        "rotation_problem",
        "rotation_search",
        "rotation_starts",
    }
    done: set[str] = set()

    def visit(module: str, path: tuple[str, ...]) -> None:
        assert module not in path, " → ".join((*path, module))
        if module not in done:
            for other in graph[module]:
                visit(other, (*path, module))
            done.add(module)

    for module in graph:
        visit(module, ())
    assert graph["rotation_problem"] == set() and graph["rotation_designs"] == set()
