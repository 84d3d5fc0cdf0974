"""`SessionTimer`: the simple timer of any session, bound to the programme's times.

A session of the programme runs from `start` to `end` (« 13:45 – 15:00 »). Its timer counts
down to that end: started during the session's slot, on its day, it shows the time left until
the programme's end time (a session that starts ten minutes late has ten minutes less);
started on another day or outside the slot (a rehearsal, a session running late), it counts the
planned length instead. Pause freezes it, reset puts it back. A session with no times gets
`DEFAULT_SECONDS`.

The counting itself is `core.timer.RoundTimer` with a single round (the café's clock, with the
same phases, overrun and `mm:ss`), so the two clocks behave alike. The wall clock (`today`) and
the monotonic clock (`now`) are injected, so tests drive both by hand. A world café keeps its
rounds clock (`gui.widgets.cafe_clock`); this one is for the other kinds.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, datetime

from facilitator_app.core.timer import Phase, RoundTimer, TimerState

__all__ = ["DEFAULT_SECONDS", "SessionTimer", "planned_seconds", "seconds_to_end", "length_for"]

DEFAULT_SECONDS = 30 * 60.0  # a session without times in the programme


def _clock_time(day: str, hhmm: str) -> datetime | None:
    """`day` (ISO date, or any day when empty) at `hhmm`, or None when either is not valid."""
    try:
        hours, minutes = (int(part) for part in hhmm.split(":"))
        when = date.fromisoformat(day) if day else date(2000, 1, 1)
        return datetime(when.year, when.month, when.day, hours, minutes)
    except ValueError:
        return None


def planned_seconds(start: str, end: str) -> float | None:
    """The length the programme gives a session (`HH:MM` to `HH:MM`); None when a time is
    missing or the end is not after the start."""
    begin, finish = _clock_time("", start), _clock_time("", end)
    if begin is None or finish is None or finish <= begin:
        return None
    return (finish - begin).total_seconds()


def seconds_to_end(day: str, end: str, now: datetime) -> float | None:
    """Seconds from `now` to the session's end on its day (negative once it is past); None
    when the programme has no valid end."""
    finish = _clock_time(day, end)
    if finish is None:
        return None
    if not day:  # a session without a day: its end today
        finish = datetime.combine(now.date(), finish.time())
    return (finish - now.replace(tzinfo=None)).total_seconds()


def length_for(day: str, start: str, end: str, now: datetime) -> float:
    """How long the timer should count when started at `now`: the time left until the end
    when `now` is within the session's slot, else the planned length (or the default)."""
    planned = planned_seconds(start, end)
    left = seconds_to_end(day, end, now)
    if planned is not None and left is not None and 0 < left <= planned:
        return float(round(left))
    return planned if planned is not None else DEFAULT_SECONDS


class SessionTimer:
    """Start, pause, reset: the time left in one session."""

    def __init__(
        self,
        day: str = "",
        start: str = "",
        end: str = "",
        *,
        now: Callable[[], float] = time.monotonic,
        today: Callable[[], datetime] = datetime.now,
    ) -> None:
        self._today = today
        self._times = (day, start, end)
        self._timer = RoundTimer([self._length()], now=now)

    def _length(self) -> float:
        day, start, end = self._times
        return length_for(day, start, end, self._today())

    @property
    def times(self) -> tuple[str, str, str]:
        """The session's day, start and end this timer counts to."""
        return self._times

    def set_times(self, day: str, start: str, end: str) -> None:
        """The programme changed: a timer not started yet takes the new length; a running or
        paused one keeps counting what it counts (the facilitator resets it to follow)."""
        self._times = (day, start, end)
        if self.phase is Phase.READY:
            self._timer.set_durations([self._length()])

    def state(self) -> TimerState:
        return self._timer.state()

    @property
    def phase(self) -> Phase:
        return self._timer.phase

    @property
    def running(self) -> bool:
        return self._timer.running

    def end_time(self) -> str:
        """The programme's end time (`HH:MM`), or '' when it has none."""
        return self._times[2] if planned_seconds(*self._times[1:]) is not None else ""

    def start(self) -> None:
        """Start (or resume). Started from ready, it counts to the programme's end time."""
        if self.phase is Phase.READY:
            self._timer.set_durations([self._length()])
        self._timer.start()

    def pause(self) -> None:
        self._timer.pause()

    def toggle(self) -> None:
        if self.running:
            self.pause()
        else:
            self.start()

    def reset(self) -> None:
        """Back to ready, stopped, with the length the programme gives now."""
        self._timer.reset()
        self._timer.set_durations([self._length()])

    def add(self, seconds: float = 60.0) -> None:
        self._timer.add(seconds)
