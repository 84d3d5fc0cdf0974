"""The seating editor: plan, swap by drag, pin, re-plan from a round, each undoable."""

from __future__ import annotations

import pytest

from facilitator_app.core.model import CafeTable, Event, Participant, Round, Seat, Session
from facilitator_app.gui.document import EventDocument
from facilitator_app.gui.widgets.seating import SeatingEditor
from facilitator_app.store import create_event, open_event

NAMES = [
    "Amélie",
    "Bérénice",
    "Cédric",
    "Daniel",
    "Élodie",
    "Fanny",
    "Gaël",
    "Hélène",
    "Inès",
    "Jérôme",
    "Kévin",
    "Léa",
]


@pytest.fixture
def cafe_document(tmp_path, qtbot):
    path = tmp_path / "café.recolte"
    store = create_event(path, Event(title="Café des coopérations"))
    cafe = store.put(Session(title="World café", kind="world_cafe", day="2026-06-11"))
    people = [store.put(Participant(name=f"{n} Martin")) for n in NAMES]
    for number in (1, 2, 3):
        store.put(
            CafeTable(
                session_id=cafe.id,
                number=number,
                theme=f"Thème {number}",
                host_id=people[number - 1].id,
            )
        )
        store.put(Round(session_id=cafe.id, number=number, minutes=20))
    store.close()
    document = EventDocument(open_event(path))
    yield document, cafe.id, path
    document.close()


def seats_in_file(path, session_id) -> dict[tuple[str, str], tuple[str, bool]]:
    with open_event(path, readonly=True) as store:
        return {
            (s.round_id, s.participant_id): (s.table_id, s.pinned)
            for s in store.all(Seat, session_id=session_id)
        }


def planned(qtbot, editor: SeatingEditor, **kwargs) -> None:
    """Compute the plan and wait for the job to hand it back to the window."""
    editor.compute(time_limit=1.0, **kwargs)
    assert editor.job is not None
    qtbot.waitUntil(lambda: editor.job is None, timeout=10000)


def test_plan_swap_pin_replan_and_undo(qtbot, cafe_document):
    document, session_id, path = cafe_document
    editor = SeatingEditor(document)
    qtbot.addWidget(editor)
    editor.set_session(session_id)
    assert editor.cafe is not None and not editor.cafe.seats

    planned(qtbot, editor)
    seats = seats_in_file(path, session_id)
    assert len(seats) == 12 * 3  # everyone, every round
    metrics = editor.metrics()
    assert metrics.table_repeats == 0
    assert "nobody returns to a table" in editor.metrics_label.text()
    hosts = editor.cafe.hosts()
    for t, p in hosts.items():  # hosts stay at their table
        assert all(row[p] == t for row in editor.plan)

    # swap two travellers of round 1 by dropping one onto the other
    cafe, plan = editor.cafe, editor.plan
    travellers = [p for p in range(12) if p not in hosts.values()]
    a = travellers[0]
    b = next(q for q in travellers if plan[0][q] != plan[0][a])
    table_a, table_b = plan[0][a], plan[0][b]
    editor._dropped(0, table_b, cafe.participants[a].id, cafe.participants[b].id)
    round_1 = cafe.rounds[0].id
    after = seats_in_file(path, session_id)
    assert after[(round_1, cafe.participants[a].id)][0] == cafe.tables[table_b].id
    assert after[(round_1, cafe.participants[b].id)][0] == cafe.tables[table_a].id
    assert document.undo_stack.undoText() == "Swap two participants"
    document.undo_stack.undo()
    assert seats_in_file(path, session_id) == seats
    document.undo_stack.redo()

    # pin a's seat of round 2, then plan again: the pin holds
    round_2 = editor.cafe.rounds[1].id
    seat = next(
        s
        for s in editor.cafe.seats
        if s.round_id == round_2 and s.participant_id == editor.cafe.participants[a].id
    )
    editor.toggle_pin(seat)
    assert seats_in_file(path, session_id)[(round_2, seat.participant_id)] == (seat.table_id, True)
    planned(qtbot, editor)
    assert seats_in_file(path, session_id)[(round_2, seat.participant_id)] == (seat.table_id, True)

    # re-plan from round 2: round 1 stays exactly as played
    played = {k: v for k, v in seats_in_file(path, session_id).items() if k[0] == round_1}
    planned(qtbot, editor, from_round=1)
    now = seats_in_file(path, session_id)
    assert {k: v for k, v in now.items() if k[0] == round_1} == played
    assert len(now) == 36

    while document.undo_stack.undoText() != "Pin a seat":  # the plans since, one step each
        document.undo_stack.undo()
    document.undo_stack.undo()
    assert not seats_in_file(path, session_id)[(round_2, seat.participant_id)][1]


def test_moving_someone_marks_the_cells_and_updates_the_figures(qtbot, cafe_document):
    document, session_id, path = cafe_document
    editor = SeatingEditor(document)
    qtbot.addWidget(editor)
    editor.set_session(session_id)
    planned(qtbot, editor)
    hosts = set(editor.cafe.hosts().values())
    p = next(q for q in range(12) if q not in hosts)
    first_table = editor.plan[0][p]
    editor._dropped(1, first_table, editor.cafe.participants[p].id, "")  # back to that table
    assert editor.metrics().table_repeats >= 1
    cell = editor.cells[(1, first_table)]
    item = next(
        cell.item(i)
        for i in range(cell.count())
        if cell.item(i).text().endswith(editor.cafe.participants[p].name)
    )
    assert item.toolTip() == "at this table again"
    document.undo_stack.undo()
    assert editor.metrics().table_repeats == 0


def test_late_arrival_and_absentee_replanned_from_round_two(qtbot, cafe_document):
    """Round 1 stays as played, the absentee's seat included; the newcomer sits from round 2."""
    from facilitator_app.core.commands import add, update

    document, session_id, path = cafe_document
    editor = SeatingEditor(document)
    qtbot.addWidget(editor)
    editor.set_session(session_id)
    planned(qtbot, editor)
    cafe = editor.cafe
    round_1 = cafe.rounds[0].id
    played = {k: v for k, v in seats_in_file(path, session_id).items() if k[0] == round_1}
    hosts = set(cafe.hosts().values())
    gone = next(p for i, p in enumerate(cafe.participants) if i not in hosts)
    late = Participant(name="Zoé Retardataire")
    document.push(add(late))
    stay = [p.id for p in cafe.participants if p.id != gone.id] + [late.id]
    document.push(update(cafe.session, participant_ids=tuple(stay)))

    planned(qtbot, editor, from_round=1)
    seats = seats_in_file(path, session_id)
    assert {k: v for k, v in seats.items() if k[0] == round_1} == played
    later = [r.id for r in cafe.rounds[1:]]
    assert all((r, gone.id) not in seats for r in later)  # the absentee is left out from now
    assert all((r, late.id) in seats for r in later)  # the newcomer is seated from round 2
    assert (round_1, late.id) not in seats
    assert editor.metrics().table_repeats == 0


def test_colleagues_seated_together_are_marked_from_the_core_rule(qtbot, cafe_document):
    """Two travellers of one organisation at one table: both names say so, and the figure."""
    from facilitator_app.core.commands import add, update
    from facilitator_app.core.model import Organisation

    document, session_id, path = cafe_document
    editor = SeatingEditor(document)
    qtbot.addWidget(editor)
    editor.set_session(session_id)
    planned(qtbot, editor)
    cafe = editor.cafe
    hosts = set(cafe.hosts().values())
    a, b = [p for p in range(12) if p not in hosts][:2]
    coop = Organisation(name="Coopérative du Val")
    document.push(add(coop))
    for p in (a, b):
        document.push(update(editor.cafe.participants[p], organisation_id=coop.id))
    document.push(update(editor.cafe.session, keep_colleagues_apart=True))
    plan = editor.plan
    if plan[0][a] != plan[0][b]:  # put b at a's table in round 1, by a swap
        c = next(q for q in range(12) if plan[0][q] == plan[0][a] and q not in hosts | {a})
        editor._dropped(
            0, plan[0][a], editor.cafe.participants[b].id, editor.cafe.participants[c].id
        )
    assert editor.metrics().apart_violations >= 1
    assert "to keep apart shar" in editor.metrics_label.text()
    cell = editor.cells[(0, editor.plan[0][a])]
    tips = {cell.item(i).text(): cell.item(i).toolTip() for i in range(cell.count())}
    names = editor.cafe.participants
    assert tips[names[a].name] == f"to keep apart from {names[b].name}"
    assert tips[names[b].name] == f"to keep apart from {names[a].name}"


def test_a_cafe_that_cannot_be_planned_says_why_in_french(qtbot, cafe_document):
    from facilitator_app.core.commands import update
    from facilitator_app.i18n import set_language

    document, session_id, path = cafe_document
    editor = SeatingEditor(document)
    qtbot.addWidget(editor)
    editor.set_session(session_id)
    for table in editor.cafe.tables:  # 9 seats for 12 people
        document.push(update(table, capacity=3))
    set_language("fr")
    editor.compute(time_limit=1.0, wait=True)
    assert editor.job is None
    assert editor.message.text() == (
        "Tour 1\u00a0: 12 participants sont présents mais les tables n’ont que 9 places."
    )
    assert seats_in_file(path, session_id) == {}


def test_cancel_stops_the_planning_job_and_seats_nothing(qtbot):
    """The planner as a `gui.jobs.Job`: progress comes, then Cancel ends it as cancelled."""
    from facilitator_app.core.rotation import RotationProblem
    from facilitator_app.gui.widgets.seating import plan_job

    problem = RotationProblem(participants=36, tables=6, rounds=4, any_table=True)
    job = plan_job(problem, time_limit=60.0)  # never reaches its bound: it would run on
    job.progressed.connect(lambda done, total: job.cancel())
    outcomes: list[str] = []
    job.finished.connect(lambda _plan: outcomes.append("finished"))
    job.cancelled.connect(lambda: outcomes.append("cancelled"))
    with qtbot.waitSignal(job.cancelled, timeout=20000):
        job.start()
    assert outcomes == ["cancelled"]


def test_an_empty_plan_is_one_sentence_and_the_action(qtbot, cafe_document):
    """Issue 15, defect 6: not a grid of empty boxes; then the figures in words, a legend."""
    document, session_id, path = cafe_document
    editor = SeatingEditor(document)
    qtbot.addWidget(editor)
    editor.resize(1366, 700)
    editor.show()
    editor.set_session(session_id)
    assert editor.empty.isVisible()
    assert "Nobody is seated yet" in editor.empty.sentence.text()
    sentence = editor.empty.sentence  # all its lines shown, none cut
    assert sentence.height() >= sentence.heightForWidth(sentence.width())
    assert editor.empty.button.isVisible() and editor.empty.button.isEnabled()
    assert editor.empty.button.text() == "Compute the rotation"
    assert not editor.grid_scroll.isVisible()  # no empty boxes
    assert not editor.legend.isVisible()

    editor.empty.button.click()
    qtbot.waitUntil(
        lambda: editor.job is None and bool(seats_in_file(path, session_id)), timeout=15000
    )
    assert not editor.empty.isVisible()
    assert editor.grid_scroll.isVisible() and editor.legend.isVisible()
    figures = editor.metrics_label.text()
    assert "nobody returns to a table" in figures
    assert "meet" in figures  # «N pairs meet again» or «everyone meets new people…»
    assert ":" not in figures  # no «repeated pairs: 22» jargon
    assert "yellow" in editor.metrics_label.toolTip()
    legend = editor.legend.text()
    assert "★" in legend and "📌" in legend and "meets someone again" in legend
    document.undo_stack.undo()  # back to no plan: the empty state again
    assert editor.empty.isVisible() and not editor.grid_scroll.isVisible()
