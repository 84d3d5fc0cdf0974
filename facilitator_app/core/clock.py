"""Hybrid logical clock stamps for `updated_at`, as CONTRACT §2 writes them.

A stamp is ``YYYY-MM-DDTHH:MM:SS.mmmZ-CCCC-NODE``: UTC wall time to the millisecond, a
four-digit hexadecimal counter and the 16-hex-digit id of the device that made the edit
(the form Actual Budget's CRDT uses). Stamps compare as plain strings, so the later stamp
wins a merge. The clock never goes backwards: it follows the largest stamp it has seen,
even when the computer's own clock is behind another laptop's.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

__all__ = ["HybridClock", "Stamp", "new_node_id", "parse_stamp", "format_stamp"]

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
    moment = datetime.fromtimestamp(stamp.millis / 1000, tz=UTC)
    wall = moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{stamp.millis % 1000:03d}Z"
    return f"{wall}-{stamp.counter:04X}-{stamp.node}"


def parse_stamp(text: str) -> Stamp:
    """Read a stamp back; raises ValueError when `text` is not one."""
    match = _STAMP.fullmatch(text)
    if match is None:
        raise ValueError(f"not a clock stamp: {text!r}")
    wall, counter, node = match.groups()
    moment = datetime.fromisoformat(wall).replace(tzinfo=UTC)
    return Stamp(round(moment.timestamp() * 1000), int(counter, 16), node)


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
        """Move the clock past a stamp read from the file or from another copy."""
        try:
            seen = parse_stamp(stamp)
        except ValueError:
            return
        if (seen.millis, seen.counter) > (self._last.millis, self._last.counter):
            self._last = Stamp(seen.millis, seen.counter, self.node)
