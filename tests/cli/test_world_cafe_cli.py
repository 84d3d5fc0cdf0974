"""`plan-rotation` (both modes) and `export-plans`, run for real in a subprocess."""

from __future__ import annotations

import json
import re
from collections import Counter
from itertools import combinations

import pytest
from cli_run import run

from facilitator_app.core.model import CafeTable, Participant, Round, Seat
from facilitator_app.paths import resource
from facilitator_app.store import open_event

APART = [(6, 7), (8, 9), (10, 11), (12, 13), (14, 15)]


def check_contract(doc: dict, *, apart: list[tuple[int, int]]) -> None:
    """An independent check of every field of CONTRACT §3."""
    assert set(doc) == {
        "participants",
        "tables",
        "rounds",
        "hosts",
        "any_table",
        "plan",
        "table_repeats",
        "repeated_pairs",
        "apart_violations",
        "seconds",
    }
    people, tables, rounds, plan = doc["participants"], doc["tables"], doc["rounds"], doc["plan"]
    assert len(plan) == rounds and all(len(row) == people for row in plan)
    assert all(isinstance(t, int) and 0 <= t < tables for row in plan for t in row)
    for row in plan:  # table sizes differ by at most one
        sizes = Counter(row)
        counts = [sizes.get(t, 0) for t in range(tables)]
        assert max(counts) - min(counts) <= 1
    hosts = set(range(tables)) if doc["hosts"] else set()
    for t in hosts:
        assert all(row[t] == t for row in plan), f"host {t} moved"
    travellers = [p for p in range(people) if p not in hosts]
    repeats = sum(rounds - len({row[p] for row in plan}) for p in travellers)
    meetings = Counter(
        pair
        for row in plan
        for pair in combinations(range(people), 2)
        if row[pair[0]] == row[pair[1]]
    )
    pairs = sum(count - 1 for count in meetings.values() if count > 1)
    violations = sum(1 for row in plan for a, b in apart if row[a] == row[b])
    assert (doc["table_repeats"], doc["repeated_pairs"], doc["apart_violations"]) == (
        repeats,
        pairs,
        violations,
    )
    assert isinstance(doc["seconds"], int | float) and 0 <= doc["seconds"] < 10


def test_calculator_with_hosts_and_apart_pairs_meets_the_contract():
    apart = ",".join(f"{a}-{b}" for a, b in APART)
    command = (
        "plan-rotation",
        "--participants",
        40,
        "--tables",
        6,
        "--rounds",
        3,
        "--hosts",
        "--apart",
        apart,
        "--seed",
        1,
        "--json",
    )
    result = run(*command)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    check_contract(doc, apart=APART)
    assert (doc["participants"], doc["tables"], doc["rounds"]) == (40, 6, 3)
    assert doc["hosts"] is True and doc["any_table"] is False
    assert doc["apart_violations"] == 0 and doc["table_repeats"] == 0
    again = json.loads(run(*command).stdout)
    assert again["plan"] == doc["plan"]  # the same seed gives the same plan


def test_calculator_any_table():
    result = run(
        "plan-rotation", "--participants", 16, "--tables", 4, "--rounds", 5, "--any-table", "--json"
    )
    doc = json.loads(result.stdout)
    check_contract(doc, apart=[])
    assert doc["any_table"] is True and doc["repeated_pairs"] == 0


@pytest.mark.parametrize(
    "args",
    [
        ["--participants", 3, "--tables", 6, "--rounds", 3, "--json"],
        ["--tables", 6, "--rounds", 3, "--json"],
        ["--participants", 10, "--tables", 2, "--rounds", 2, "--apart", "1+2", "--json"],
    ],
)
def test_calculator_errors_are_one_line(args):
    result = run("plan-rotation", *args)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_an_impossible_calculation_is_one_french_sentence():
    result = run("--lang", "fr", "plan-rotation", "--participants", 3, "--tables", 6, "--rounds", 3)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == (
        "facilitator-app: Il y a plus de tables (6) que de participants (3).\n"
    )


@pytest.mark.skipif(not resource("demo", "rencontres.json").exists(), reason="no demo content")
def test_demo_cafe_is_seated_and_printed(tmp_path):
    event = tmp_path / "rencontres.recolte"
    assert run("demo", event).returncode == 0
    with open_event(event, readonly=True) as store:
        cafe = next(s for s in store.all_sessions() if s.kind == "world_cafe")
    result = run("plan-rotation", event, cafe.id, "--time-limit", 2)
    assert result.returncode == 0, result.stderr
    assert "table_repeats=0" in result.stdout and "apart_violations=0" in result.stdout
    with open_event(event, readonly=True) as store:
        people = store.all(Participant)
        rounds = store.all(Round, session_id=cafe.id)
        tables = {t.id: t for t in store.all(CafeTable, session_id=cafe.id)}
        seats = store.all(Seat, session_id=cafe.id)
        assert store.check() == []
    seated = {(s.round_id, s.participant_id) for s in seats}
    assert seated == {(r.id, p.id) for r in rounds for p in people}  # everyone, every round
    for table in tables.values():  # hosts stay
        assert {s.table_id for s in seats if s.participant_id == table.host_id} == {table.id}

    pdf = tmp_path / "plans de table.pdf"
    result = run("--lang", "fr", "export-plans", event, pdf)
    assert result.returncode == 0, result.stderr
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and b"DejaVuSans" in data  # the shipped font, embedded
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", data))
    assert pages >= len(rounds) + len(tables)


def test_export_plans_without_seats_says_so(tmp_path):
    event = tmp_path / "vide.recolte"
    assert run("demo", event).returncode == 0
    result = run("export-plans", event, tmp_path / "plans.pdf")
    assert result.returncode == 1
    assert "plan-rotation" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "plans.pdf").exists()
