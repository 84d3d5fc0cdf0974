"""The facilitator's café clock and the projector window, on a fake time source."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication

from facilitator_app.core.cafe import load_cafe
from facilitator_app.core.commands import update
from facilitator_app.core.model import CafeTable, Event, Participant, Round, Session
from facilitator_app.core.timer import Phase
from facilitator_app.gui.document import EventDocument
from facilitator_app.gui.projector import ProjectorWindow
from facilitator_app.gui.widgets.cafe_clock import CafeClock
from facilitator_app.store import create_event, open_event

# sorted by name, as the café orders its participants
NAMES = ["Amélie Roux", "Bérénice Caron", "Cédric Noël", "Élodie Œuvrard"]
# round → participant → table: the hosts (Amélie at table 1, Bérénice at 2) stay
PLAN = [[0, 1, 0, 1], [0, 1, 1, 0], [0, 1, 0, 1]]


class FakeClock:
    def __init__(self) -> None:
        self.seconds = 5000.0

    def __call__(self) -> float:
        return self.seconds

    def advance(self, seconds: float) -> None:
        self.seconds += seconds


@pytest.fixture
def cafe_event(tmp_path, qtbot):
    """A seated world café: two tables with hosts, three rounds (20, 20 and 15 minutes)."""
    path = tmp_path / "café.recolte"
    store = create_event(path, Event(title="Café des coopérations"))
    cafe = store.put(
        Session(
            title="World café",
            kind="world_cafe",
            day="2026-06-11",
            question="Quelles fonctions pour coopérer ?",
        )
    )
    plenary = store.put(Session(title="Ouverture", kind="plenary", day="2026-06-11"))
    empty = store.put(Session(title="Café sans tours", kind="world_cafe", day="2026-06-12"))
    people = [store.put(Participant(name=name)) for name in NAMES]
    for number, theme in ((1, "Animation"), (2, "Créativité")):
        store.put(
            CafeTable(session_id=cafe.id, number=number, theme=theme, host_id=people[number - 1].id)
        )
    for number, minutes, question in (
        (1, 20, "Quelles missions ?"),
        (2, 20, "Quelles actions ?"),
        (3, 15, ""),
    ):
        store.put(Round(session_id=cafe.id, number=number, minutes=minutes, question=question))
    load_cafe(store, cafe.id).seating_command(PLAN).apply(store)
    store.close()
    document = EventDocument(open_event(path))
    yield document, {"cafe": cafe.id, "plenary": plenary.id, "empty": empty.id}
    document.close()


@pytest.fixture
def fake_time():
    return FakeClock()


@pytest.fixture
def clock(qtbot, cafe_event, fake_time):
    document, sessions = cafe_event
    widget = CafeClock(document, now=fake_time)
    qtbot.addWidget(widget)
    widget.set_session(sessions["cafe"])
    yield widget
    if widget.projector is not None:
        widget.projector.close()


def test_it_shows_the_first_round_ready(clock):
    assert clock.round_label.text() == "Round 1 of 3"
    assert clock.question_label.text() == "Quelles missions ?"
    assert clock.session_question.text() == "Quelles fonctions pour coopérer ?"
    assert clock.countdown.text() == "20:00"
    assert clock.start_button.text() == "Start"
    assert clock.state.phase is Phase.READY


def test_it_counts_down_with_the_injected_time(qtbot, clock, fake_time):
    clock.toggle()
    assert clock.start_button.text() == "Pause"
    fake_time.advance(61)
    qtbot.waitUntil(lambda: clock.countdown.text() == "18:59", timeout=2000)  # the QTimer ticks
    fake_time.advance(0.5)
    clock.refresh()
    assert clock.countdown.text() == "18:59"  # rounded up: 18:58.5 left


def test_pause_resume_and_one_more_minute(clock, fake_time):
    clock.toggle()
    fake_time.advance(120)
    clock.toggle()
    assert clock.start_button.text() == "Resume" and clock.status_label.text() == "Paused"
    fake_time.advance(600)  # paused: the time does not move
    clock.refresh()
    assert clock.countdown.text() == "18:00"
    clock.add_button.click()
    assert clock.countdown.text() == "19:00"
    clock.toggle()
    fake_time.advance(30)
    clock.refresh()
    assert clock.countdown.text() == "18:30" and clock.state.running


def test_next_and_previous_round(clock, fake_time):
    clock.toggle()
    fake_time.advance(300)
    clock.next_button.click()
    assert clock.round_label.text() == "Round 2 of 3"
    assert clock.question_label.text() == "Quelles actions ?"
    assert clock.countdown.text() == "20:00" and clock.state.phase is Phase.READY
    clock.next_round()
    assert clock.round_label.text() == "Round 3 of 3"
    assert clock.countdown.text() == "15:00"
    # the round has no question of its own: the session's is shown
    assert clock.question_label.text() == "Quelles fonctions pour coopérer ?"
    assert not clock.next_button.isEnabled()
    clock.previous_round()
    assert clock.round_label.text() == "Round 2 of 3" and clock.next_button.isEnabled()


def test_time_up_says_change_tables_once(qtbot, clock, fake_time):
    rounds_over = []
    clock.time_up.connect(rounds_over.append)
    clock.toggle()
    fake_time.advance(20 * 60 - 1)
    clock.refresh()
    assert clock.countdown.text() == "00:01" and clock.message.isHidden()
    fake_time.advance(6)
    clock.refresh()
    assert clock.countdown.text() == "Change tables!"
    assert clock.countdown.colour().name() == "#d32f2f"
    assert not clock.message.isHidden()
    assert "Round 1 is over" in clock.message.text()
    assert clock.status_label.text() == "Over by 00:05"
    clock.refresh()
    assert rounds_over == [1]  # announced once, not at every tick
    clock.add_minute()  # one more minute: the countdown comes back
    assert clock.countdown.text() == "00:55"
    clock.next_round()
    assert clock.message.isHidden() and clock.countdown.text() == "20:00"


def test_the_last_round_ends_with_time_is_up(clock, fake_time):
    clock.timer.go_to(2)
    clock.toggle()
    fake_time.advance(15 * 60)
    clock.refresh()
    assert clock.countdown.text() == "Time is up!"
    assert "the last one" in clock.message.text()


def test_space_and_ctrl_right_from_the_keyboard(qtbot, clock, fake_time):
    clock.show()
    qtbot.waitExposed(clock)
    clock.activateWindow()
    qtbot.waitUntil(clock.isActiveWindow, timeout=2000)
    clock.next_button.setFocus()
    qtbot.keyClick(clock.next_button, Qt.Key.Key_Space)  # Space starts, never presses a button
    assert clock.state.running and clock.state.round_index == 0
    fake_time.advance(5)
    qtbot.keyClick(clock.next_button, Qt.Key.Key_Space)
    assert clock.state.phase is Phase.PAUSED
    qtbot.keyClick(clock, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert clock.state.round_index == 1
    qtbot.keyClick(clock, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert clock.state.round_index == 0


def test_the_projector_shows_the_clock_and_the_next_seating(qtbot, clock, fake_time):
    clock.projector_button.click()
    projector = clock.projector
    assert projector is not None and projector.isVisible()
    view = projector.view
    assert view.question == "Quelles fonctions pour coopérer ?"
    assert view.round_label == "Round 1 / 3" and view.round_question == "Quelles missions ?"
    assert view.countdown == clock.countdown.text() == "20:00"
    # before the round: where to sit now, hosts first
    assert view.seating_title == "Seating for round 1"
    assert view.seating == (
        ("Table 1 · Animation", ("Amélie Roux", "Cédric Noël")),
        ("Table 2 · Créativité", ("Bérénice Caron", "Élodie Œuvrard")),
    )
    assert "Table 2 · Créativité: Bérénice Caron, Élodie Œuvrard" in projector.texts()

    clock.toggle()
    fake_time.advance(95)
    clock.refresh()
    assert projector.view.countdown == clock.countdown.text() == "18:25"
    assert projector.view.seating == ()  # during the round: the countdown only

    fake_time.advance(20 * 60)
    clock.refresh()
    view = projector.view
    assert view.alert == "Change tables!" and "Change tables!" in projector.texts()
    assert view.seating_title == "Seating for round 2"
    assert view.seating == (
        ("Table 1 · Animation", ("Amélie Roux", "Élodie Œuvrard")),
        ("Table 2 · Créativité", ("Bérénice Caron", "Cédric Noël")),
    )
    projector.grab()  # paints without error

    projector.close()  # closed by its own button: the toggle follows
    assert not clock.projector_button.isChecked()
    clock.projector_button.click()
    assert projector.isVisible() and clock.projector is projector


def test_the_projector_takes_the_clock_keys(qtbot, clock):
    clock.show_projector(True)
    projector = clock.projector
    qtbot.waitExposed(projector)
    projector.activateWindow()
    qtbot.waitUntil(projector.isActiveWindow, timeout=2000)
    qtbot.keyClick(projector, Qt.Key.Key_Space)
    assert clock.state.running


def test_the_clock_follows_edits_of_the_rounds(clock, cafe_event, fake_time):
    document, _ = cafe_event
    clock.toggle()
    fake_time.advance(60)
    first = clock.rounds[0]
    document.push(update(first, minutes=30))
    assert clock.state.running and clock.countdown.text() == "29:00"


def test_sessions_without_a_clock(clock, cafe_event):
    _, sessions = cafe_event
    clock.set_session(sessions["plenary"])
    assert "is not a world café" in clock.question_label.text()
    assert not clock.start_button.isEnabled() and clock.countdown.text() == ""
    clock.toggle()
    assert not clock.state.running
    clock.set_session(sessions["empty"])
    assert "Add rounds" in clock.question_label.text()
    clock.set_session(sessions["cafe"])
    assert clock.countdown.text() == "20:00" and clock.start_button.isEnabled()


def test_projector_f11_and_escape(qtbot):
    projector = ProjectorWindow()
    qtbot.addWidget(projector)
    assert projector.present() is (len(QGuiApplication.screens()) > 1)
    qtbot.waitExposed(projector)
    projector.showNormal()
    qtbot.keyClick(projector, Qt.Key.Key_F11)
    assert projector.isFullScreen()
    qtbot.keyClick(projector, Qt.Key.Key_Escape)
    assert not projector.isFullScreen() and projector.isVisible()
    qtbot.keyClick(projector, Qt.Key.Key_Escape)  # not full screen: Escape changes nothing
    assert projector.isVisible()
    qtbot.keyClick(projector, Qt.Key.Key_F11)
    qtbot.keyClick(projector, Qt.Key.Key_F11)
    assert not projector.isFullScreen()
    qtbot.mouseDClick(projector, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
    assert projector.isFullScreen()


@pytest.mark.parametrize("size", [(1280, 720), (640, 360), (480, 800)])
def test_projector_text_fits_the_window(qtbot, size):
    projector = ProjectorWindow()
    qtbot.addWidget(projector)
    projector.resize(*size)
    names = [f"Participante numéro {i} Œuvrard-Lefèvre" for i in range(8)]
    projector.show_state(
        question="Quelles fonctions pour développer les coopérations territoriales ?",
        round_label="Round 2 / 3",
        round_question="Quels besoins d’aide et d’accompagnement pour cette fonction ?",
        countdown="00:00",
        alert="Change tables!",
        seating_title="Seating for round 3",
        seating=[(f"Table {t} · Gestion de projet", names) for t in range(1, 6)],
    )
    projector.grab()
    window = projector.rect().toRectF()
    assert projector._blocks
    for block in projector._blocks:
        assert window.contains(block.rect), block.rect
        assert block.document.size().height() <= block.rect.height() + 1
        assert block.document.idealWidth() <= block.rect.width() + 1
    assert window.contains(projector._clock_rect)


def test_with_two_screens_the_projector_goes_full_screen_on_the_other(tmp_path):
    """Qt's offscreen platform can describe two screens; run in a fresh interpreter."""
    config = {
        "screens": [
            {"name": "laptop", "x": 0, "y": 0, "width": 1440, "height": 900},
            {"name": "room", "x": 1440, "y": 0, "width": 1920, "height": 1080},
        ]
    }
    (tmp_path / "screens.json").write_text(json.dumps(config), encoding="utf-8")
    code = """
        import json
        from PySide6.QtGui import QGuiApplication
        from PySide6.QtWidgets import QApplication
        from facilitator_app.gui.projector import ProjectorWindow
        app = QApplication([])
        laptop, room = QGuiApplication.screens()
        shown = []
        for facilitator in (laptop, room):
            projector = ProjectorWindow()
            full = projector.present(avoid=facilitator)
            app.processEvents()
            shown.append([full, projector.isFullScreen(), projector.screen().name()])
        print(json.dumps(shown))
    """
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={tmp_path / 'screens.json'}"}
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout.strip().splitlines()[-1])
    assert shown == [[True, True, "room"], [True, True, "laptop"]]
