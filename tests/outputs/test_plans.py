"""Table plans: round pages, itinerary cards and tents, with user text printed as typed."""

from __future__ import annotations

import re

from reportlab.platypus import Paragraph

from facilitator_app.core.cafe import Cafe
from facilitator_app.core.model import CafeTable, Participant, Round, Seat, Session
from facilitator_app.printing.plans import PlanLabels, TentCard, build_plans, build_story

TRICKY = "<b>Léa</b> & « Cœur » </para> €"


def small_cafe() -> Cafe:
    session = Session(
        title="World café « fonctions »",
        kind="world_cafe",
        question="Quelles fonctions pour coopérer ?",
    )
    people = tuple(
        Participant(name=name)
        for name in (TRICKY, "Élodie Œuvrard", "Rémy Jacquot", "Grégoire Simonnet")
    )
    tables = (
        CafeTable(
            session_id=session.id, number=1, theme="Animation & <i>co</i>", host_id=people[1].id
        ),
        CafeTable(session_id=session.id, number=2, theme="Créativité"),
    )
    rounds = (
        Round(session_id=session.id, number=1, minutes=20),
        Round(session_id=session.id, number=2, minutes=20, question="Quelles actions ?"),
    )
    plan = [[0, 0, 1, 1], [1, 0, 0, 1]]
    seats = tuple(
        Seat(
            session_id=session.id,
            round_id=rounds[r].id,
            table_id=tables[plan[r][p]].id,
            participant_id=people[p].id,
        )
        for r in range(2)
        for p in range(4)
    )
    return Cafe(session, tables, rounds, people, seats)


def paragraphs_text(story) -> list[str]:
    texts = []
    for flowable in story:
        if isinstance(flowable, Paragraph):
            texts.append(flowable.getPlainText())
        for row in getattr(flowable, "_cellvalues", []):
            for cell in row:
                for item in cell if isinstance(cell, list) else [cell]:
                    if isinstance(item, Paragraph):
                        texts.append(item.getPlainText())
    return texts


def test_story_has_a_page_per_round_cards_and_a_tent_per_table():
    story = build_story([small_cafe()], labels=PlanLabels())
    texts = paragraphs_text(story)
    assert any("Round 1" in t for t in texts) and any("Round 2" in t for t in texts)
    assert "Quelles actions ?" in texts  # a round's own question
    assert sum(isinstance(f, TentCard) for f in story) == 2
    assert any(t.startswith("Round 2") and "Table 1 · Animation & <i>co</i>" in t for t in texts)


def test_user_text_prints_literally(tmp_path):
    texts = paragraphs_text(build_story([small_cafe()], labels=PlanLabels()))
    assert TRICKY in texts  # the markup-like name is text, not formatting
    out = build_plans(
        [small_cafe()], tmp_path / "plans.pdf", labels=PlanLabels(), title="Rencontres « 2026 »"
    )
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and b"DejaVuSans" in data
    assert b"Helvetica" not in data  # empty cells too write in the shipped font
    assert len(re.findall(rb"/Type\s*/Page(?!s)", data)) == 2 + 1 + 2  # rounds, cards, tents
