"""SessionTimer: the simple timer of any session, counting to the programme's end time."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from facilitator_app.core.session_timer import (
    DEFAULT_SECONDS,
    SessionTimer,
    length_for,
    planned_seconds,
    seconds_to_end,
)
from facilitator_app.core.timer import Phase


class Clocks:
    """A monotonic clock and a wall clock the test moves together."""

    def __init__(self, wall: datetime) -> None:
        self.seconds = 1000.0
        self.wall = wall

    def now(self) -> float:
        return self.seconds

    def today(self) -> datetime:
        return self.wall

    def advance(self, seconds: float) -> None:
        self.seconds += seconds
        self.wall += timedelta(seconds=seconds)


DAY = "2026-06-12"


def at(hhmm: str, day: str = DAY) -> datetime:
    return datetime.fromisoformat(f"{day}T{hhmm}")


def test_the_planned_length_comes_from_the_programme():
    assert planned_seconds("13:45", "15:00") == 75 * 60
    assert planned_seconds("", "15:00") is None
    assert planned_seconds("15:00", "13:45") is None  # an end before the start
    assert planned_seconds("9h", "10:00") is None


def test_seconds_to_the_end_on_the_sessions_day():
    assert seconds_to_end(DAY, "15:00", at("14:30")) == 30 * 60
    assert seconds_to_end(DAY, "15:00", at("15:10")) == -10 * 60
    assert seconds_to_end("", "15:00", at("14:00", "2030-01-01")) == 3600  # no day: today
    assert seconds_to_end(DAY, "", at("14:00")) is None


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (at("13:55"), 65 * 60),  # ten minutes late: ten minutes less
        (at("13:00"), 75 * 60),  # before the slot: the planned length
        (at("15:30"), 75 * 60),  # after it (running late): the planned length
        (at("14:00", "2026-06-11"), 75 * 60),  # the day before (a rehearsal)
    ],
)
def test_the_length_counts_to_the_end_only_within_the_slot(now, expected):
    assert length_for(DAY, "13:45", "15:00", now) == expected


def test_a_session_without_times_gets_the_default():
    assert length_for(DAY, "", "", at("10:00")) == DEFAULT_SECONDS


def test_start_counts_down_to_the_programmes_end():
    clocks = Clocks(at("14:40"))
    timer = SessionTimer(DAY, "13:45", "15:00", now=clocks.now, today=clocks.today)
    assert timer.phase is Phase.READY and timer.end_time() == "15:00"
    clocks.advance(5 * 60)  # nothing counts before Start; the length follows the wall clock
    timer.start()
    assert timer.state().countdown == "15:00"  # 14:45 → 15:00
    clocks.advance(61)
    assert timer.state().countdown == "13:59" and timer.running


def test_pause_freezes_and_resume_carries_on():
    clocks = Clocks(at("09:00"))
    timer = SessionTimer(DAY, "09:00", "09:30", now=clocks.now, today=clocks.today)
    timer.start()
    clocks.advance(60)
    timer.pause()
    clocks.advance(600)
    state = timer.state()
    assert state.phase is Phase.PAUSED and state.countdown == "29:00"
    timer.toggle()  # resume: the time paused is not counted
    assert timer.running
    clocks.advance(60)
    assert timer.state().countdown == "28:00"


def test_reset_takes_the_length_the_programme_gives_now():
    clocks = Clocks(at("09:10"))
    timer = SessionTimer(DAY, "09:00", "09:30", now=clocks.now, today=clocks.today)
    timer.start()
    clocks.advance(120)
    timer.reset()
    assert timer.phase is Phase.READY and not timer.running
    assert timer.state().countdown == "18:00"  # 09:12 → 09:30


def test_time_up_then_overrun():
    clocks = Clocks(at("08:00"))
    timer = SessionTimer(DAY, "09:00", "09:05", now=clocks.now, today=clocks.today)
    timer.start()  # before the slot: the planned five minutes
    clocks.advance(5 * 60 + 30)
    state = timer.state()
    assert state.phase is Phase.OVER and state.countdown == "00:00" and state.overrun == 30


def test_new_times_apply_to_a_timer_not_started_only():
    clocks = Clocks(at("08:00"))
    timer = SessionTimer(DAY, "09:00", "09:30", now=clocks.now, today=clocks.today)
    timer.set_times(DAY, "09:00", "10:00")
    assert timer.state().countdown == "60:00"
    timer.start()
    clocks.advance(60)
    timer.set_times(DAY, "09:00", "09:10")  # a running timer keeps counting
    assert timer.state().countdown == "59:00"
    timer.reset()
    assert timer.state().countdown == "10:00"
