"""HybridClock: the `updated_at` stamps that decide which edit wins a merge (CONTRACT §2)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator_app.core.clock import HybridClock, Stamp, format_stamp, new_node_id, parse_stamp

STAMP_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z-[0-9A-F]{4}-[0-9a-f]+$")
NODE = "5f2c9a1e7b3d4c60"
T0 = datetime(2026, 6, 12, 9, 41, 7, 513000, tzinfo=UTC).timestamp()

# 2000-01-01 .. 2100-01-01 in milliseconds
MILLIS = st.integers(min_value=946_684_800_000, max_value=4_102_444_800_000)


class FakeWallClock:
    """A computer clock the test sets by hand (it may go backwards, like a badly set laptop)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def __call__(self) -> float:
        return self.seconds


def test_stamp_has_the_contract_form_and_the_wall_time():
    clock = HybridClock(NODE, now=FakeWallClock(T0))
    stamp = clock.tick()
    assert STAMP_RE.match(stamp), stamp
    assert stamp == "2026-06-12T09:41:07.513Z-0000-5f2c9a1e7b3d4c60"


def test_new_node_ids_are_16_lowercase_hex_digits_and_differ():
    ids = {new_node_id() for _ in range(50)}
    assert len(ids) == 50
    assert all(re.fullmatch(r"[0-9a-f]{16}", node) for node in ids)
    assert STAMP_RE.match(HybridClock().tick())


def test_counter_counts_edits_within_one_millisecond():
    clock = HybridClock(NODE, now=FakeWallClock(T0))
    stamps = [clock.tick() for _ in range(12)]
    counters = [s.split("Z-")[1].split("-")[0] for s in stamps]
    assert counters == [f"{n:04X}" for n in range(12)]  # ... 0009, 000A, 000B: upper-case hex
    assert len({s.split("Z-")[0] for s in stamps}) == 1  # same millisecond throughout
    assert stamps == sorted(stamps) and len(set(stamps)) == 12


def test_counter_resets_when_the_wall_clock_moves_on():
    wall = FakeWallClock(T0)
    clock = HybridClock(NODE, now=wall)
    clock.tick()
    clock.tick()
    wall.seconds += 0.001
    assert clock.tick() == "2026-06-12T09:41:07.514Z-0000-5f2c9a1e7b3d4c60"


def test_monotonic_when_the_wall_clock_goes_backwards():
    wall = FakeWallClock(T0)
    clock = HybridClock(NODE, now=wall)
    stamps = [clock.tick()]
    for jump in (-3600.0, -0.5, +0.2, -86400.0, 0.0):
        wall.seconds += jump
        stamps.append(clock.tick())
        stamps.append(clock.tick())
    wall.seconds = T0 + 10.0
    stamps.append(clock.tick())
    assert all(STAMP_RE.match(s) for s in stamps)
    assert all(a < b for a, b in zip(stamps, stamps[1:], strict=False)), stamps
    # while the clock was behind, stamps stayed at the latest time seen, not in the past
    assert all(parse_stamp(s).millis >= parse_stamp(stamps[0]).millis for s in stamps)
    # once the wall clock is ahead again, stamps follow it
    assert parse_stamp(stamps[-1]) == Stamp(int((T0 + 10.0) * 1000), 0, NODE)


def test_more_than_65535_edits_in_one_millisecond_stay_ordered():
    clock = HybridClock(NODE, now=FakeWallClock(T0))
    clock.observe("2026-06-12T09:41:07.513Z-FFFD-bbbbbbbbbbbbbbbb")  # a very busy millisecond
    stamps = [clock.tick() for _ in range(4)]
    assert stamps == [
        "2026-06-12T09:41:07.513Z-FFFE-" + NODE,
        "2026-06-12T09:41:07.513Z-FFFF-" + NODE,
        "2026-06-12T09:41:07.514Z-0000-" + NODE,  # borrows the next millisecond
        "2026-06-12T09:41:07.514Z-0001-" + NODE,
    ]


def test_observe_moves_past_a_later_stamp_from_another_device():
    laptop_ahead = HybridClock("aaaaaaaaaaaaaaaa", now=FakeWallClock(T0 + 7200))
    theirs = laptop_ahead.tick()
    mine = HybridClock(NODE, now=FakeWallClock(T0))
    assert mine.tick() < theirs  # my own clock is two hours behind theirs
    mine.observe(theirs)
    after = mine.tick()
    assert after > theirs, "an edit made after merging must win over the merged edit"
    assert after.endswith("-" + NODE)  # still stamped with my device id
    assert STAMP_RE.match(after)


def test_observe_an_earlier_or_malformed_stamp_changes_nothing():
    wall = FakeWallClock(T0)
    clock = HybridClock(NODE, now=wall)
    first = clock.tick()
    clock.observe("2020-01-01T00:00:00.000Z-0000-bbbbbbbbbbbbbbbb")
    clock.observe("hier à midi")
    clock.observe("")
    assert clock.tick() == first.replace("-0000-", "-0001-")


def test_observe_same_millisecond_bigger_counter():
    clock = HybridClock(NODE, now=FakeWallClock(T0))
    clock.tick()
    other = "2026-06-12T09:41:07.513Z-00A0-bbbbbbbbbbbbbbbb"
    clock.observe(other)
    assert clock.tick() == "2026-06-12T09:41:07.513Z-00A1-" + NODE


@given(MILLIS, st.integers(0, 0xFFFF), st.from_regex(r"[0-9a-f]{16}", fullmatch=True))
def test_format_matches_contract_and_parses_back(millis, counter, node):
    stamp = Stamp(millis, counter, node)
    text = format_stamp(stamp)
    assert STAMP_RE.match(text), text
    assert parse_stamp(text) == stamp
    assert str(stamp) == text


@given(MILLIS, st.integers(0, 0xFFFF), MILLIS, st.integers(0, 0xFFFF))
def test_string_order_is_time_order(millis_a, counter_a, millis_b, counter_b):
    a = format_stamp(Stamp(millis_a, counter_a, NODE))
    b = format_stamp(Stamp(millis_b, counter_b, NODE))
    assert (a < b) == ((millis_a, counter_a) < (millis_b, counter_b))
    assert (a == b) == ((millis_a, counter_a) == (millis_b, counter_b))


@given(st.lists(st.floats(min_value=-5.0, max_value=5.0), min_size=1, max_size=40))
def test_any_walk_of_the_wall_clock_gives_increasing_stamps(jumps):
    wall = FakeWallClock(T0)
    clock = HybridClock(NODE, now=wall)
    previous = clock.tick()
    for jump in jumps:
        wall.seconds += jump
        stamp = clock.tick()
        assert STAMP_RE.match(stamp)
        assert stamp > previous
        assert parse_stamp(stamp) > parse_stamp(previous)
        previous = stamp


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2026-06-12",
        "hier",
        "2026-06-12T09:41:07.513Z-03-abc",
        "2026-06-12T09:41:07.513Z-0003-",
        "2026-13-12T09:41:07.513Z-0003-abc",
        "2026-06-12T09:41:07.513Z-00G3-abc",
        "2026-6-12T09:41:07.513Z-0003-abc",  # one-digit month would sort after 2026-10-…
        "2026-06-12T09:41:07.5Z-0003-abc",  # one-digit milliseconds
    ],
)
def test_parse_stamp_refuses_what_is_not_a_stamp(text):
    with pytest.raises(ValueError):
        parse_stamp(text)


@pytest.mark.parametrize(
    "text",
    [
        "2026-06-12T09:41:07.513Z-000a-abc",  # lower-case counter: sorts after 000B
        "2026-06-12 09:41:07.513Z-0003-abc",  # space instead of T
        "2026-06-12x09:41:07.513Z-0003-abc",  # any letter instead of T
        "2026-06-12T09:41:07.513Z-0003-ABC",  # upper-case device id
    ],
)
def test_parse_stamp_refuses_stamps_not_in_contract_form(text):
    assert not STAMP_RE.match(text)
    with pytest.raises(ValueError):
        parse_stamp(text)
