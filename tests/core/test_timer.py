"""RoundTimer: the world-café round clock, driven by a fake time source."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator_app.core.timer import Phase, RoundTimer, TimerState, format_clock


class FakeClock:
    """Monotonic seconds the test moves by hand."""

    def __init__(self, seconds: float = 1000.0) -> None:
        self.seconds = seconds

    def __call__(self) -> float:
        return self.seconds

    def advance(self, seconds: float) -> None:
        self.seconds += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def timer(clock) -> RoundTimer:
    return RoundTimer([20 * 60, 20 * 60, 15 * 60], now=clock)


def test_a_new_timer_is_ready_on_the_first_round(timer, clock):
    state = timer.state()
    assert (state.round_index, state.round_number, state.round_count) == (0, 1, 3)
    assert state.phase is Phase.READY and not state.running
    assert state.remaining == 1200 and state.elapsed == 0 and state.overrun == 0
    assert state.countdown == "20:00"
    clock.advance(300)  # time passes, the clock has not started
    assert timer.remaining == 1200 and timer.phase is Phase.READY


def test_it_counts_down_while_running(timer, clock):
    timer.start()
    assert timer.phase is Phase.RUNNING and timer.running
    clock.advance(61.5)
    state = timer.state()
    assert state.elapsed == pytest.approx(61.5)
    assert state.remaining == pytest.approx(1138.5)
    assert state.countdown == "18:59"  # rounded up: 18:58.5 left
    timer.start()  # starting again changes nothing
    clock.advance(0.5)
    assert timer.state().countdown == "18:58"


def test_pause_freezes_the_time_and_resume_carries_on(timer, clock):
    timer.start()
    clock.advance(100)
    timer.pause()
    assert timer.phase is Phase.PAUSED and not timer.running
    clock.advance(500)
    assert timer.elapsed == 100
    timer.pause()  # pausing twice is harmless
    timer.resume()
    clock.advance(50)
    assert timer.elapsed == 150 and timer.phase is Phase.RUNNING


def test_toggle_starts_pauses_and_resumes(timer, clock):
    timer.toggle()
    assert timer.running
    clock.advance(10)
    timer.toggle()
    assert timer.phase is Phase.PAUSED
    clock.advance(10)
    timer.toggle()
    clock.advance(10)
    assert timer.elapsed == 20


def test_time_up_is_the_change_tables_phase_and_counts_the_overrun(timer, clock):
    timer.start()
    clock.advance(1199)
    assert timer.phase is Phase.RUNNING and timer.state().countdown == "00:01"
    clock.advance(1)
    state = timer.state()
    assert state.phase is Phase.OVER and state.time_up
    assert state.remaining == 0 and state.countdown == "00:00" and state.overrun == 0
    clock.advance(95)
    state = timer.state()
    assert state.remaining == 0  # never negative
    assert state.overrun == 95 and state.running
    timer.pause()  # paused while over: still over, the overrun stops
    clock.advance(30)
    assert timer.phase is Phase.OVER and timer.overrun == 95


def test_one_more_minute(timer, clock):
    timer.add(60)  # before the start: a longer round
    assert timer.state().countdown == "21:00"
    timer.start()
    clock.advance(1260 + 10)  # over by 10 s
    assert timer.phase is Phase.OVER
    timer.add(60)  # one more minute brings the round back to life
    state = timer.state()
    assert state.phase is Phase.RUNNING and state.remaining == pytest.approx(50)
    assert state.duration == 1320


def test_shortening_stops_at_zero(timer, clock):
    timer.add(-5000)
    assert timer.duration == 0
    assert timer.phase is Phase.READY  # nothing to count until started
    timer.start()
    assert timer.phase is Phase.OVER
    timer.add(60)
    assert timer.state().remaining == 60  # back from zero, not from -3800


def test_next_round_is_ready_and_forgets_the_added_minutes(timer, clock):
    timer.start()
    timer.add(120)
    clock.advance(1400)
    assert timer.next_round()
    state = timer.state()
    assert state.round_number == 2 and state.phase is Phase.READY
    assert state.remaining == 1200 and state.elapsed == 0
    assert timer.next_round()
    assert timer.state().countdown == "15:00" and timer.state().is_last_round
    assert not timer.next_round()  # past the last round: nothing changes
    assert timer.round_index == 2


def test_previous_round_and_reset(timer, clock):
    timer.next_round()
    timer.start()
    clock.advance(30)
    timer.add(60)
    timer.reset()
    assert timer.round_index == 1 and timer.phase is Phase.READY
    assert timer.remaining == 1200
    assert timer.previous_round() and timer.round_index == 0
    assert not timer.previous_round() and timer.round_index == 0
    assert timer.go_to(2) and timer.round_index == 2
    assert not timer.go_to(3) and not timer.go_to(-1)


def test_the_rounds_can_change_while_the_clock_runs(timer, clock):
    timer.next_round()
    timer.start()
    clock.advance(60)
    timer.set_durations([600, 900, 900])  # round 2 now lasts 15 minutes
    assert timer.round_index == 1 and timer.running
    assert timer.remaining == 840
    timer.set_durations([600])  # the current round was removed: back to the last one
    assert timer.round_index == 0 and timer.phase is Phase.READY
    with pytest.raises(ValueError):
        timer.set_durations([60, -1])


def test_a_cafe_without_rounds_never_starts(clock):
    timer = RoundTimer([], now=clock)
    timer.start()
    timer.add(60)
    state = timer.state()
    assert not state.running and state.phase is Phase.READY
    assert state.round_count == 0 and state.remaining == 0
    assert not timer.next_round()


def test_a_clock_going_backwards_never_adds_time_back(timer, clock):
    timer.start()
    clock.advance(100)
    clock.advance(-500)
    assert timer.elapsed == 0 and timer.remaining == 1200


def test_snapshots_are_frozen_values(timer, clock):
    timer.start()
    before = timer.state()
    clock.advance(10)
    assert before.elapsed == 0 and timer.state().elapsed == 10
    assert isinstance(before, TimerState)
    with pytest.raises(dataclasses.FrozenInstanceError):
        before.elapsed = 3  # type: ignore[misc]


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "00:00"), (59.9, "00:59"), (60, "01:00"), (25 * 60, "25:00"), (75 * 60 + 7, "75:07")],
)
def test_format_clock(seconds, text):
    assert format_clock(seconds) == text
    assert format_clock(-5) == "00:00"


METHODS = {"next": "next_round", "previous": "previous_round"}


@given(
    steps=st.lists(
        st.tuples(
            st.sampled_from(["start", "pause", "add", "next", "previous", "reset", "wait"]),
            st.floats(min_value=0, max_value=2000),
        ),
        max_size=40,
    )
)
def test_whatever_is_pressed_the_state_stays_coherent(steps):
    clock = FakeClock()
    timer = RoundTimer([300, 600], now=clock)
    for action, amount in steps:
        if action == "wait":
            clock.advance(amount)
        elif action == "add":
            timer.add(60)
        else:
            getattr(timer, METHODS.get(action, action))()
        state = timer.state()
        assert state.remaining >= 0 and state.overrun >= 0
        assert state.remaining == 0 or state.overrun == 0
        assert 0 <= state.round_index < 2
        over = state.elapsed >= state.duration and state.elapsed > 0
        assert (state.phase is Phase.OVER) == over
        if state.phase is Phase.RUNNING:
            assert state.running
        elif state.phase in (Phase.READY, Phase.PAUSED):
            assert not state.running
