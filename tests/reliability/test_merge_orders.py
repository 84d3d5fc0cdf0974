"""Copies of one event edited apart on several laptops, handed back as files or JSON exports,
merged in every order and any grouping: one event, one list of conflicts, no text lost.

Each example builds a small event, gives it to 2–5 laptops (a prepared note-taker copy, a
file copied by hand, a copy of another laptop's copy taken midway), lets them edit, delete,
re-parent idea-tree nodes, choose between versions and pass copies to each other, then hands
each copy back as its `.recolte` file or as a JSON export. The copies are merged into the
event in every order and in a random grouping (copies merged into each other first), and the
test checks, as a person comparing the results would, that:

- `export-json` of every outcome is byte for byte the same;
- the conflicts listed are the same (record, shown version, version set aside);
- every text typed on any laptop is shown or set aside as a conflict, unless an edit made
  after it on a laptop that showed it replaced it;
- merging the same copies again changes nothing and leaves the file's bytes as they were.
"""

from __future__ import annotations

import itertools
import shutil
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from random import Random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator_app.core.demo import build_demo
from facilitator_app.core.merge import keep_version, pick_version
from facilitator_app.core.model import Note
from facilitator_app.formats.copies import read_copies
from facilitator_app.formats.interchange import export_json
from facilitator_app.store import open_event, write_new_event
from facilitator_app.store.copies import prepare_copy
from facilitator_app.store.merging import merge_into, preview_merge

ACTIONS = ("edit", "edit", "add", "delete", "reparent", "choose", "sync", "sync")
FEW = 4  # the notes the laptops edit


def merge_like_the_cli(target: Path, sources: list[Path]):
    """`facilitator-app merge`: decided on the event opened read-only, written only when
    something changes."""
    with open_event(target, readonly=True) as reading:
        copies = read_copies(sources, event_id=reading.event().id)
        try:
            report = preview_merge(reading, copies)
            if report.changes_file:
                with open_event(target) as store:
                    report = merge_into(store, copies)
        finally:
            for copy in copies:
                copy.close()
    return report


@dataclass
class Laptop:
    path: Path
    json: bool  # handed back as a JSON export rather than its file


@dataclass
class Story:
    """The laptops' files, and the texts typed and knowingly replaced."""

    folder: Path
    event: Path
    laptops: list[Laptop] = field(default_factory=list)
    typed: set[str] = field(default_factory=set)
    replaced: set[str] = field(default_factory=set)
    serial: int = 0
    opened: list = field(default_factory=list)  # the copies handed back, opened to merge

    def text(self) -> str:
        self.serial += 1
        return f"idée n°{self.serial} : « cœur » d’été à 12 €"

    def handed_back(self, laptop: Laptop) -> Path:
        if not laptop.json:
            return laptop.path
        out = laptop.path.with_suffix(".json")
        out.unlink(missing_ok=True)
        with open_event(laptop.path, readonly=True) as store:
            export_json(store, out)
        return out

    def act(self, index: int, action: str, pick: int) -> None:
        laptop = self.laptops[index]
        if action == "sync":  # a copy of another laptop comes by USB key
            other = self.laptops[pick % len(self.laptops)]
            if other is not laptop:
                merge_like_the_cli(laptop.path, [self.handed_back(other)])
            return
        with open_event(laptop.path) as store:
            notes = sorted(store.all(Note, include_deleted=True), key=lambda n: n.id)
            note = notes[pick % min(len(notes), FEW)]  # a few notes: laptops often collide
            if action == "add":
                text = self.text()
                store.put(Note(session_id=note.session_id, text=text, parent_id=note.parent_id))
                self.typed.add(text)
            elif action == "choose":
                conflicts = store.conflicts()
                if conflicts:
                    conflict = conflicts[pick % len(conflicts)]
                    choose = pick_version if pick % 2 else keep_version
                    choose(conflict).apply(store)
                    self.replaced |= {conflict.winner.text, conflict.loser.text}
            else:
                self.replaced.add(note.text)
                if action == "edit":
                    text = self.text()
                    store.put(replace(note, text=text, deleted=False))
                    self.typed.add(text)
                elif action == "delete":
                    store.put(replace(note, deleted=True))
                else:  # re-parent under another note of the session (cycles allowed)
                    siblings = [n for n in notes if n.session_id == note.session_id]
                    parent = siblings[(pick // 3) % len(siblings)]
                    store.put(replace(note, parent_id=None if parent is note else parent.id))


def orders(sources: list[Path]) -> list[tuple[int, ...]]:
    """Every order of the copies."""
    return list(itertools.permutations(range(len(sources))))


def merged_in_order(story: Story, event: Path, order: tuple[int, ...]):
    """The copies (opened once) merged into a fresh copy of the event in `order`."""
    target = story.folder / "ordre en cours.recolte"
    target.unlink(missing_ok=True)
    shutil.copyfile(event, target)
    with open_event(target) as store:
        merge_into(store, [story.opened[i] for i in order])
    return outcome(story, target)


def outcome(
    story: Story, target: Path, *, check: bool = False
) -> tuple[bytes, list[tuple[str, str, str]], set[str]]:
    out = target.with_suffix(".json")
    with open_event(target, readonly=True) as store:
        export_json(store, out)
        conflicts = store.conflicts()
        shown = {n.text for n in store.all(Note, include_deleted=True)}
        if check:
            assert store.check() == []
    listed = sorted((c.record_id, c.winner.updated_at, c.loser.updated_at) for c in conflicts)
    kept = shown | {c.loser.text for c in conflicts}
    return out.read_bytes(), listed, kept


@st.composite
def stories(draw):
    laptops = draw(st.integers(2, 5))
    kinds = draw(
        st.lists(
            st.sampled_from(("prepared", "hand", "copy-of")), min_size=laptops, max_size=laptops
        )
    )
    json_back = draw(st.lists(st.booleans(), min_size=laptops, max_size=laptops))
    steps = draw(
        st.lists(
            st.tuples(st.integers(0, laptops - 1), st.sampled_from(ACTIONS), st.integers(0, 99)),
            min_size=2,
            max_size=16,
        )
    )
    return kinds, json_back, steps, draw(st.randoms(use_true_random=False))


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,  # demo_content is read-only
    ],
)
@given(stories())
def test_copies_merged_in_any_order_and_grouping_give_one_event(demo_content, story_args):
    kinds, json_back, steps, random = story_args
    with tempfile.TemporaryDirectory(prefix="ordres-") as tmp:
        folder = Path(tmp)
        event = folder / "rencontres.recolte"
        write_new_event(event, build_demo(content=demo_content))
        story = Story(folder, event)
        half = len(steps) // 2
        late = [i for i, kind in enumerate(kinds) if kind == "copy-of" and i > 0]
        for index, kind in enumerate(kinds):
            path = folder / f"portable {index}.recolte"
            if kind == "prepared":
                prepare_copy(event, path, name=f"Portable {index}")
            else:  # by hand; a copy of a copy is replaced midway, below
                shutil.copyfile(event, path)
            story.laptops.append(Laptop(path, json_back[index]))
        for number, (index, action, pick) in enumerate(steps):
            if number == half:
                for index_late in late:  # a copy of another laptop's copy, taken now
                    source = story.laptops[random.randrange(index_late)].path
                    shutil.copyfile(source, story.laptops[index_late].path)
            if number >= half or index not in late:  # no laptop yet before its copy
                story.act(index, action, pick)
        sources = [story.handed_back(laptop) for laptop in story.laptops]
        with open_event(event, readonly=True) as store:
            story.opened = read_copies(sources, event_id=store.event().id)
        try:
            results = [merged_in_order(story, event, order) for order in orders(sources)]
        finally:
            for copy in story.opened:
                copy.close()
        twice = folder / "deux fois.recolte"  # merging twice: byte for byte the same file
        shutil.copyfile(event, twice)
        merge_like_the_cli(twice, sources)
        written = twice.read_bytes()
        assert not merge_like_the_cli(twice, sources).changes_file
        assert twice.read_bytes() == written
        results.append(outcome(story, twice, check=True))
        results.append(
            outcome(story, grouped(folder, event, sources, Random(random.random())), check=True)
        )

        first = results[0]
        for other in results[1:]:
            assert other[0] == first[0]  # export-json, byte for byte
            assert other[1] == first[1]  # the same conflicts
        lost = story.typed - story.replaced - first[2]
        assert not lost, f"texts lost: {sorted(lost)}"


def grouped(folder: Path, event: Path, sources: list[Path], random: Random) -> Path:
    """Copies merged into each other two by two, in a random tree, then into the event."""
    pool = []
    for number, source in enumerate(sources):
        if source.suffix == ".recolte":
            held = folder / f"groupe {number}.recolte"
            shutil.copyfile(source, held)
            pool.append(held)
        else:
            pool.append(source)
    while len(pool) > 1:
        random.shuffle(pool)
        a, b = pool.pop(), pool.pop()
        if a.suffix != ".recolte":
            a, b = b, a
        if a.suffix != ".recolte":  # two JSON exports: merge both into a copy of the event
            held = folder / f"groupe {len(pool)}-{random.random():.6f}.recolte"
            shutil.copyfile(event, held)
            merge_like_the_cli(held, [a, b])
            a = held
        else:
            merge_like_the_cli(a, [b])
        pool.append(a)
    target = folder / "groupé.recolte"
    shutil.copyfile(event, target)
    merge_like_the_cli(target, pool)
    return target
