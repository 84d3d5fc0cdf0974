"""Hybrid logical clock stamps for `updated_at`, as CONTRACT §2 writes them.

A stamp is ``YYYY-MM-DDTHH:MM:SS.mmmZ-CCCC-NODE``: UTC wall time to the millisecond, a
four-digit hexadecimal counter and the 16-hex-digit id of the device that made the edit
(the form Actual Budget's CRDT uses). Stamps compare as plain strings, so the later stamp
wins a merge. The clock never goes backwards: it follows the largest stamp it has seen,
even when the computer's own clock is behind another laptop's, but never past a stamp more
than a day ahead of the computer's clock (`MAX_AHEAD`): one laptop set to 2099 must not
stamp every later edit of the event 2099.

A record's `clock` is a version vector written with stamps: for each device that edited the
record, the latest of its stamps known here, one per device, sorted (`join_clocks`). A stamp is
`covered` by a clock when the clock's entry for the stamp's device is at least as late: the
holder of the clock has seen that edit.
"""

from __future__ import annotations

import functools
import itertools
import os
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

__all__ = [
    "HybridClock",
    "Stamp",
    "MAX_AHEAD",
    "new_node_id",
    "parse_stamp",
    "format_stamp",
    "node_of",
    "join_clocks",
    "clock_map",
    "covers",
    "trusted_until",
    "too_far_ahead",
]

MAX_AHEAD = 24 * 3600.0  # seconds: a stamp later than this ahead of the computer's clock is refused
_MAX_COUNTER = 0xFFFF
_STAMP = re.compile(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3})Z-([0-9A-F]{4})-([0-9a-f]+)")


@dataclass(frozen=True, slots=True, order=True)
class Stamp:
    millis: int
    counter: int
    node: str

    def __str__(self) -> str:
        return format_stamp(self)


def new_node_id() -> str:
    """A random device id: 16 hexadecimal digits (os.urandom: `secrets` costs start-up time)."""
    return os.urandom(8).hex()


def format_stamp(stamp: Stamp) -> str:
    seconds, millis = divmod(stamp.millis, 1000)
    return f"{_second(seconds)}{millis:03d}Z-{stamp.counter:04X}-{stamp.node}"


@functools.lru_cache(maxsize=16)
def _second(seconds: int) -> str:
    """`YYYY-MM-DDTHH:MM:SS.` of a second: an import stamps 100,000 records in a few of them,
    and `strftime` was a tenth of its writing time."""
    return datetime.fromtimestamp(seconds, tz=UTC).strftime("%Y-%m-%dT%H:%M:%S.")


def parse_stamp(text: str) -> Stamp:
    """Read a stamp back; raises ValueError when `text` is not one."""
    match = _STAMP.fullmatch(text)
    if match is None:
        raise ValueError(f"not a clock stamp: {text!r}")
    wall, counter, node = match.groups()
    moment = datetime.fromisoformat(wall).replace(tzinfo=UTC)
    return Stamp(round(moment.timestamp() * 1000), int(counter, 16), node)


def node_of(stamp: str) -> str:
    """The device part of a stamp (`…Z-0003-5f2c9a1e7b3d4c60` → `5f2c9a1e7b3d4c60`)."""
    return stamp.rpartition("-")[2]


def clock_map(clock: Iterable[str]) -> dict[str, str]:
    """A clock by device: node → its latest stamp. Stamps of one device compare as strings
    (same node, fixed-width time)."""
    latest: dict[str, str] = {}
    for stamp in clock:
        node = node_of(stamp)
        if stamp > latest.get(node, ""):
            latest[node] = stamp
    return latest


def join_clocks(*clocks: Iterable[str]) -> tuple[str, ...]:
    """The version vector that knows what each of `clocks` knows: per device its latest
    stamp, sorted."""
    return tuple(sorted(clock_map(itertools.chain.from_iterable(clocks)).values()))


def covers(clock: Iterable[str], stamp: str) -> bool:
    """Whether the holder of `clock` has seen the edit stamped `stamp`."""
    node = node_of(stamp)
    return any(node_of(known) == node and known >= stamp for known in clock)


def trusted_until(now: float | None = None) -> str:
    """The latest wall time a trusted stamp may carry, `MAX_AHEAD` past the computer's clock
    (`now`, seconds since the epoch), in the stamps' own `YYYY-MM-DDTHH:MM:SS.mmmZ` form."""
    limit = int(((time.time() if now is None else now) + MAX_AHEAD) * 1000)
    return format_stamp(Stamp(limit, 0, "")).partition("-0000-")[0]


def too_far_ahead(stamp: str, until: str) -> bool:
    """Whether `stamp` is later than `until` (`trusted_until()`): a laptop with a wrong date
    made it, and it must not be trusted."""
    return stamp[: len(until)] > until


class HybridClock:
    """Issues strictly increasing stamps for one device.

    `now` returns seconds since the epoch; tests inject a fake one.
    """

    def __init__(self, node: str | None = None, *, now: Callable[[], float] = time.time) -> None:
        self.node = node or new_node_id()
        self._now = now
        self._last = Stamp(0, 0, self.node)

    def tick(self) -> str:
        """A new stamp, later than every stamp issued or observed so far."""
        wall = int(self._now() * 1000)
        if wall > self._last.millis:
            self._last = Stamp(wall, 0, self.node)
        elif self._last.counter < _MAX_COUNTER:
            self._last = Stamp(self._last.millis, self._last.counter + 1, self.node)
        else:  # more than 65,535 edits in one millisecond: borrow the next millisecond
            self._last = Stamp(self._last.millis + 1, 0, self.node)
        return str(self._last)

    def observe(self, stamp: str) -> None:
        """Move the clock past a stamp read from the file or from another copy, unless it is
        more than `MAX_AHEAD` ahead of the computer's clock (a laptop with a wrong date)."""
        try:
            seen = parse_stamp(stamp)
        except ValueError:
            return
        if seen.millis > (self._now() + MAX_AHEAD) * 1000:
            return
        if (seen.millis, seen.counter) > (self._last.millis, self._last.counter):
            self._last = Stamp(seen.millis, seen.counter, self.node)
