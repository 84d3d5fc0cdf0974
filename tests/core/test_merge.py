"""Merging copies (core/merge.py): the last-writer-wins laws over random edit histories on
several laptops, and the concurrent edits a merge must list rather than lose."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator_app.core.clock import HybridClock
from facilitator_app.core.merge import (
    Divergence,
    canonical,
    changed_fields,
    conflict_between,
    estimate_base,
    merge,
    merge_copy,
    node_of,
    record_from_json,
    record_to_json,
    same_content,
    wins,
)
from facilitator_app.core.model import (
    RECORD_TYPES,
    Attachment,
    Note,
    Participant,
    Record,
    Session,
)

NODES = ("1a1a1a1a1a1a1a1a", "2b2b2b2b2b2b2b2b", "3c3c3c3c3c3c3c3c", "4d4d4d4d4d4d4d4d")
MAIN = "0f0f0f0f0f0f0f0f"
TEXTS = ("idée", "Être présent", "cœur", "à revoir")  # few: two laptops often agree
START_MS = 1_781_000_000_000


@dataclass
class World:
    """An event's main laptop and its copies, sharing one wall clock the test moves."""

    base_stamp: str = ""
    millis: int = START_MS
    serial: int = 0
    main: dict[str, Record] = field(default_factory=dict)
    copies: list[dict[str, Record]] = field(default_factory=list)
    clocks: dict[int, HybridClock] = field(default_factory=dict)  # -1: the main laptop

    def clock(self, node: str) -> HybridClock:
        return HybridClock(node, now=lambda: self.millis / 1000)

    def new_id(self) -> str:
        self.serial += 1
        return f"00000000-0000-4000-8000-{self.serial:012d}"

    def records(self, device: int) -> dict[str, Record]:
        return self.main if device < 0 else self.copies[device]

    def edit(self, device: int, kind: str, pick: int, text: str) -> None:
        records, clock = self.records(device), self.clocks[device]
        ids = sorted(records)
        if kind == "add" or not ids:
            note = Note(id=self.new_id(), session_id="s", text=text, updated_at=clock.tick())
            records[note.id] = note
        elif kind == "edit":
            note = records[ids[pick % len(ids)]]
            records[note.id] = replace(note, text=text, deleted=False, updated_at=clock.tick())
        elif kind == "delete":
            note = records[ids[pick % len(ids)]]
            records[note.id] = replace(note, deleted=True, updated_at=clock.tick())
        else:  # "sync": this laptop merges another's copy (a USB key passed around)
            merged = merge(records, self.copies[pick % len(self.copies)])
            records.clear()
            records.update(merged)
            for record in merged.values():
                clock.observe(record.updated_at)


EDITS = st.tuples(
    st.sampled_from(("add", "edit", "edit", "delete", "sync")),
    st.integers(0, 50),  # which record, or which copy to sync with
    st.sampled_from(TEXTS),
    st.integers(0, 2),  # milliseconds that pass before the edit (0: the counter moves on)
)


@st.composite
def worlds(draw, *, shared_nodes: bool = False, syncs: bool = True, main_edits: bool = False):
    """A base event, then 2–4 copies prepared from it and edited apart, each by its own
    clock. With `shared_nodes`, two copies may carry the same device id, so that one stamp
    can name two different versions and the tie-break is exercised."""
    world = World()
    world.clocks[-1] = world.clock(MAIN)
    for text in draw(st.lists(st.sampled_from(TEXTS), min_size=1, max_size=5)):
        world.edit(-1, "add", 0, text)
    world.base_stamp = max(r.updated_at for r in world.main.values())
    count = draw(st.integers(2, 4))
    if shared_nodes:
        nodes = draw(st.lists(st.sampled_from(NODES[:2]), min_size=count, max_size=count))
    else:
        nodes = list(NODES[:count])
    for index, node in enumerate(nodes):
        world.copies.append(dict(world.main))
        world.clocks[index] = world.clock(node)
        world.clocks[index].observe(world.base_stamp)
    first = -1 if main_edits else 0
    for device, (kind, pick, text, wait) in draw(
        st.lists(st.tuples(st.integers(first, count - 1), EDITS), max_size=30)
    ):
        if kind == "sync" and (not syncs or device < 0):
            kind = "edit"
        world.millis += wait
        world.edit(device, kind, pick, text)
    return world


def edited_on(copy: dict[str, Record], base: str) -> frozenset[str]:
    """The devices that edited a copy since its base (what `store.merging` works out)."""
    return frozenset(node_of(r.updated_at) for r in copy.values() if r.updated_at > base)


def stamps(records: dict[str, Record]) -> dict[str, str]:
    return {i: r.updated_at for i, r in records.items()}


def best(versions: list[Record]) -> Record:
    return max(versions, key=lambda r: (r.updated_at, canonical(r)))


# -- the laws ------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(worlds(shared_nodes=True))
def test_merge_is_idempotent_commutative_and_associative(world):
    copies = world.copies
    a, b, c = copies[0], copies[1], copies[-1]
    assert merge(a, b) == merge(b, a)
    assert merge(merge(a, b), c) == merge(a, merge(b, c))
    assert merge(a, a) == a
    assert merge(a, merge(a, b)) == merge(a, b)
    everything = merge(*copies)
    for order in itertools.permutations(copies):
        assert merge(*order) == everything
    for copy in copies:
        assert merge(everything, copy) == everything  # merging again changes nothing


@settings(max_examples=300, deadline=None)
@given(worlds(shared_nodes=True))
def test_nothing_is_dropped_and_the_latest_version_wins(world):
    everything = merge(*world.copies)
    ids = set().union(*world.copies)
    assert set(everything) == ids
    for record_id in ids:
        versions = [copy[record_id] for copy in world.copies if record_id in copy]
        assert everything[record_id] == best(versions)
        assert all(not wins(v, everything[record_id]) for v in versions)


@settings(max_examples=300, deadline=None)
@given(
    worlds(syncs=False, main_edits=True),
    st.randoms(use_true_random=False),
    st.booleans(),
)
def test_no_edit_made_apart_is_lost_whatever_the_order(world, random, base_known):
    """Copies prepared at one base and edited apart (the main laptop too) are merged into
    the main event in two orders: the same event results, and every version edited since
    the base that is not the final content is listed as a conflict's losing version —
    whether the copies say where they parted (prepared copies) or not (JSON exports)."""
    order = list(range(len(world.copies)))
    random.shuffle(order)
    outcomes = []
    for sequence in (order, order[::-1]):
        target, conflicts = dict(world.main), []
        for index in sequence:
            copy = world.copies[index]
            if base_known:
                divergence = Divergence(world.base_stamp, "", edited_on(copy, world.base_stamp))
            else:
                divergence = Divergence(estimate_base(stamps(target), stamps(copy)))
                assert divergence.base <= world.base_stamp
            target, found = merge_copy(target, copy, divergence, source_name=f"copie {index}")
            conflicts += found
        outcomes.append((target, conflicts))
    assert outcomes[0][0] == outcomes[1][0] == merge(world.main, *world.copies)
    final = outcomes[0][0]

    def content(record: Record) -> tuple[str, str]:
        return record.id, canonical(replace(record, updated_at=""))

    for _, conflicts in outcomes:
        set_aside = {content(c.loser) for c in conflicts}
        for side in (world.main, *world.copies):
            for record_id, version in side.items():
                edited = version.updated_at > world.base_stamp
                if edited and not same_content(version, final[record_id]):
                    assert content(version) in set_aside, version
        for conflict in conflicts:
            if base_known:
                assert conflict.loser.updated_at > world.base_stamp
                assert conflict.winner.updated_at > world.base_stamp
            assert wins(conflict.winner, conflict.loser)
            assert not same_content(conflict.winner, conflict.loser)


@settings(max_examples=200, deadline=None)
@given(worlds(syncs=False))
def test_merging_a_copy_again_lists_nothing_new(world):
    """Once a copy is merged (`seen` is its greatest stamp), merging it again — even after
    the event changed meanwhile — finds no conflict and changes nothing it already had."""
    target = dict(world.main)
    for copy in world.copies:
        divergence = Divergence(world.base_stamp, "", edited_on(copy, world.base_stamp))
        target, _ = merge_copy(target, copy, divergence)
    for copy in world.copies:
        nodes = edited_on(copy, world.base_stamp)
        seen = max(r.updated_at for r in copy.values())
        again, conflicts = merge_copy(target, copy, Divergence(world.base_stamp, seen, nodes))
        assert conflicts == []
        assert again == target


# -- focused cases ------------------------------------------------------------------------


def stamp(millis: int, node: str = NODES[0], counter: int = 0) -> str:
    clock = HybridClock(node, now=lambda: millis / 1000)
    for _ in range(counter):
        clock.tick()
    return clock.tick()


def test_a_deletion_is_a_later_version():
    note = Note(session_id="s", text="Plus de bancs", updated_at=stamp(START_MS))
    deleted = replace(note, deleted=True, updated_at=stamp(START_MS + 10, NODES[1]))
    older_edit = replace(note, text="Plus de bancs !", updated_at=stamp(START_MS + 5))
    newer_edit = replace(note, text="Des bancs", updated_at=stamp(START_MS + 20))
    assert merge({note.id: older_edit}, {note.id: deleted})[note.id].deleted
    assert merge({note.id: deleted}, {note.id: older_edit})[note.id].deleted
    assert merge({note.id: deleted}, {note.id: newer_edit})[note.id] == newer_edit


def test_a_record_on_one_side_only_is_kept():
    one = Note(session_id="s", text="à la table 1", updated_at=stamp(START_MS))
    two = Participant(name="Élise", updated_at=stamp(START_MS - 1000))
    merged = merge({one.id: one}, {two.id: two}, {})
    assert merged == {one.id: one, two.id: two}


def test_one_stamp_on_two_versions_picks_the_same_winner_either_way():
    moment = stamp(START_MS)
    a = Note(id="n", session_id="s", text="cœur", updated_at=moment)
    b = replace(a, text="coeur")
    assert merge({"n": a}, {"n": b}) == merge({"n": b}, {"n": a})
    assert wins(a, b) != wins(b, a)
    assert not wins(a, a)


def test_node_of_a_stamp():
    assert node_of("2026-06-12T09:41:07.513Z-0003-5f2c9a1e7b3d4c60") == "5f2c9a1e7b3d4c60"


@pytest.mark.parametrize("record_type", RECORD_TYPES)
def test_versions_survive_json(record_type):
    record = record_type(updated_at=stamp(START_MS), extra={"couleur": "vert", "n": [1, 2]})
    if record_type is Attachment:
        record = replace(record, data=b"\x89PNG\r\n\x00\xff", filename="tableau.png")
    if record_type is Note:
        record = replace(record, tags=("cœur", "école"), text="« Être là »")
    if record_type is Session:
        record = replace(record, speaker_ids=("a", "b"), moderator_id=None)
    assert record_from_json(record.KIND, record_to_json(record)) == record
    assert canonical(record) == canonical(record_from_json(record.KIND, record_to_json(record)))


def test_changed_fields_name_what_differs_besides_the_stamp():
    a = Note(session_id="s", text="un", votes=1, updated_at=stamp(START_MS))
    b = replace(a, text="deux", deleted=True, updated_at=stamp(START_MS + 1))
    assert changed_fields(a, b) == ("deleted", "text")
    assert same_content(a, replace(a, updated_at=stamp(START_MS + 9)))


BASE = stamp(START_MS)


@pytest.mark.parametrize(
    ("divergence", "target", "source", "expected"),
    [
        # both edited since the base, on a device the copy never saw: made apart
        (Divergence(BASE, "", frozenset({NODES[1]})), (5, NODES[0]), (9, NODES[1]), True),
        # the event still holds the base version: the copy's edit simply follows it
        (Divergence(BASE, "", frozenset({NODES[1]})), (-5, MAIN), (9, NODES[1]), False),
        # the copy did not touch it since the base: the event's edit follows
        (Divergence(BASE, "", frozenset({NODES[1]})), (5, NODES[0]), (-5, MAIN), False),
        # the event's version was made on the copy's own device: the copy had seen it
        (Divergence(BASE, "", frozenset({NODES[1]})), (5, NODES[1]), (9, NODES[1]), False),
        # the copy's version was merged before: the event has seen it
        (
            Divergence(BASE, stamp(START_MS + 9, NODES[1]), frozenset()),
            (12, MAIN),
            (9, NODES[1]),
            False,
        ),
    ],
)
def test_which_versions_are_made_apart(divergence, target, source, expected):
    held = stamp(START_MS + target[0], target[1])
    incoming = stamp(START_MS + source[0], source[1])
    assert divergence.concurrent(held, incoming) is expected


def test_without_a_base_the_latest_shared_version_stands_for_it():
    target = {"a": stamp(START_MS), "b": stamp(START_MS + 7), "c": stamp(START_MS + 3)}
    source = {"a": stamp(START_MS), "b": stamp(START_MS + 8), "c": target["c"], "d": "x"}
    assert estimate_base(target, source) == target["c"]
    assert estimate_base(target, {"b": stamp(START_MS + 8)}) == ""


def test_a_conflict_keeps_the_winner_by_stamp_and_the_loser_aside():
    base = Note(session_id="s", text="Des bancs", updated_at=BASE)
    ours = replace(base, text="Plus de bancs", updated_at=stamp(START_MS + 5, NODES[0]))
    theirs = replace(base, text="Des bancs au soleil", updated_at=stamp(START_MS + 9, NODES[1]))
    divergence = Divergence(BASE, "", frozenset({NODES[1]}))
    conflict = conflict_between(ours, theirs, divergence, source_name="Table 2")
    assert conflict is not None
    assert (conflict.winner, conflict.loser) == (theirs, ours)
    assert conflict.source_won and conflict.source_name == "Table 2"
    assert conflict.id == f"{ours.id}@{ours.updated_at}"
    agreeing = replace(theirs, text="Plus de bancs")
    assert conflict_between(ours, agreeing, divergence) is None  # the same correction twice
