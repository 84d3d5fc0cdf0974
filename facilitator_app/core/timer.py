"""`RoundTimer`: the clock a facilitator runs a world café's rounds with.

A pure state machine over a list of round durations (seconds) and an injected clock
(`now() -> seconds`, `time.monotonic` by default), so tests drive it with a fake clock and
the views only ever read frozen `TimerState` snapshots. Per round:

    READY --start--> RUNNING --pause--> PAUSED --resume--> RUNNING
                        \\--(the round's time runs out)--> OVER  ("change tables")

`add(60)` gives the round one more minute (an OVER round with time left again runs on);
`next_round()`, `previous_round()` and `reset()` bring a round back to READY. Once the time
is over the clock keeps counting, so `overrun` tells how long the change of tables has taken.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum

__all__ = ["Phase", "RoundTimer", "TimerState", "format_clock"]


class Phase(Enum):
    READY = "ready"  # the round has not started
    RUNNING = "running"
    PAUSED = "paused"
    OVER = "over"  # the round's time is over: change tables (or end of the café)


@dataclass(frozen=True, slots=True)
class TimerState:
    """What the views show, taken at one instant. Times are in seconds."""

    round_index: int  # 0-based
    round_count: int
    duration: float  # the round's length, minutes added included
    elapsed: float
    phase: Phase
    running: bool  # the clock moves (an OVER round keeps counting its overrun)

    @property
    def round_number(self) -> int:
        return self.round_index + 1

    @property
    def remaining(self) -> float:
        """Seconds left, never negative."""
        return max(0.0, self.duration - self.elapsed)

    @property
    def overrun(self) -> float:
        """Seconds past the end of the round, 0 while time remains."""
        return max(0.0, self.elapsed - self.duration)

    @property
    def time_up(self) -> bool:
        return self.phase is Phase.OVER

    @property
    def is_last_round(self) -> bool:
        return self.round_index >= self.round_count - 1

    @property
    def countdown(self) -> str:
        """The remaining time as mm:ss, rounded up: 00:00 shows only once time is up."""
        return format_clock(math.ceil(self.remaining - 1e-9))


def format_clock(seconds: float) -> str:
    """`mm:ss` (minutes may pass 59: `75:00`); negative values show as 00:00."""
    whole = max(0, int(seconds))
    return f"{whole // 60:02d}:{whole % 60:02d}"


class RoundTimer:
    """The rounds of one café and the time spent in the current one."""

    def __init__(
        self, durations: Sequence[float], *, now: Callable[[], float] = time.monotonic
    ) -> None:
        self._now = now
        self._durations: list[float] = []
        self._index = 0
        self._extra = 0.0  # seconds added to the current round
        self._banked = 0.0  # elapsed seconds before the clock last started
        self._since: float | None = None  # when the clock last started; None when stopped
        self.set_durations(durations)

    # -- reading --------------------------------------------------------------------------

    @property
    def durations(self) -> tuple[float, ...]:
        return tuple(self._durations)

    @property
    def round_index(self) -> int:
        return self._index

    @property
    def round_count(self) -> int:
        return len(self._durations)

    @property
    def duration(self) -> float:
        return max(0.0, self._durations[self._index] + self._extra) if self._durations else 0.0

    @property
    def elapsed(self) -> float:
        if self._since is None:
            return self._banked
        return self._banked + max(0.0, self._now() - self._since)

    @property
    def running(self) -> bool:
        return self._since is not None

    def state(self) -> TimerState:
        elapsed = self.elapsed  # read the clock once: every field describes one instant
        duration = self.duration
        if self._durations and elapsed >= duration and (self.running or elapsed > 0):
            phase = Phase.OVER
        elif self.running:
            phase = Phase.RUNNING
        elif elapsed > 0:
            phase = Phase.PAUSED
        else:
            phase = Phase.READY
        return TimerState(
            round_index=self._index,
            round_count=len(self._durations),
            duration=duration,
            elapsed=elapsed,
            phase=phase,
            running=self.running,
        )

    @property
    def phase(self) -> Phase:
        return self.state().phase

    @property
    def remaining(self) -> float:
        return self.state().remaining

    @property
    def overrun(self) -> float:
        return self.state().overrun

    # -- running the clock ----------------------------------------------------------------

    def start(self) -> None:
        """Start (or resume) the current round's clock; nothing happens if it runs already."""
        if self._since is None and self._durations:
            self._since = self._now()

    resume = start

    def pause(self) -> None:
        if self._since is not None:
            self._banked = self.elapsed
            self._since = None

    def toggle(self) -> None:
        """Space on the facilitator's clock: start, pause or resume."""
        if self.running:
            self.pause()
        else:
            self.start()

    def add(self, seconds: float = 60.0) -> None:
        """Lengthen the current round (shorten it with a negative number, down to zero)."""
        if self._durations:
            self._extra = max(self._extra + seconds, -self._durations[self._index])

    # -- moving between rounds ------------------------------------------------------------

    def next_round(self) -> bool:
        """Go to the next round, ready to start; False (nothing changes) on the last one."""
        return self.go_to(self._index + 1)

    def previous_round(self) -> bool:
        return self.go_to(self._index - 1)

    def reset(self) -> None:
        """The current round again from its start, stopped, without the minutes added."""
        self._extra = 0.0
        self._banked = 0.0
        self._since = None

    def go_to(self, index: int) -> bool:
        if not 0 <= index < len(self._durations):
            return False
        self._index = index
        self.reset()
        return True

    def set_durations(self, durations: Sequence[float]) -> None:
        """The rounds changed (edited while the café runs): the current round carries on."""
        if any(d < 0 for d in durations):
            raise ValueError("a round cannot last a negative time")
        self._durations = [float(d) for d in durations]
        if self._index >= len(self._durations):
            self._index = max(0, len(self._durations) - 1)
            self.reset()
        if not self._durations:
            self.reset()
