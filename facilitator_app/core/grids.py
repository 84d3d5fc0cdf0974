"""Grids (DESIGN §3): named columns of cards, their presets, the edits they make, and dot votes.

A `grid` session's columns are its `Category` records, ordered by position; its cards are its
notes, each in the column its `category_id` names, ordered by position. Notes with no column
(or a column that was deleted) wait in « Not sorted ». `Grid` is a read-only picture of one
session built from the document's reads; its methods return `core.commands` commands (one
undo step each) or None when the edit would change nothing. `ranking` orders notes by dot
votes for the tally, the synthesis and the screen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from facilitator_app.core.commands import AddRecord, Command, UpdateRecord, add, batch, update
from facilitator_app.core.model import Category, Note, note_order
from facilitator_app.i18n import N_, tr

__all__ = [
    "GridPreset",
    "PRESETS",
    "Grid",
    "Ranked",
    "ranking",
    "set_votes",
]


@dataclass(frozen=True, slots=True)
class GridPreset:
    """A ready-made set of columns; `name` and `columns` are message ids, shown through tr."""

    key: str
    name: str
    columns: tuple[str, ...]

    def column_names(self, translate: Callable[[str], str] = tr) -> tuple[str, ...]:
        return tuple(translate(column) for column in self.columns)


PRESETS: tuple[GridPreset, ...] = (
    GridPreset(
        "keep_stop_start",
        N_("Keep / Stop / Start"),
        (N_("Keep doing"), N_("Stop doing"), N_("Start doing")),
    ),
    GridPreset("obstacles_levers", N_("Obstacles / Levers"), (N_("Obstacles"), N_("Levers"))),
    GridPreset(
        "expectations",
        N_("Expectations / Obstacles / Good practices"),
        (N_("Expectations"), N_("Obstacles"), N_("Good practices")),
    ),
)


@dataclass(frozen=True, slots=True)
class Ranked:
    rank: int  # 1 for the most votes; equal votes share a rank (1, 2, 2, 4)
    note: Note


def ranking(notes: Iterable[Note]) -> list[Ranked]:
    """Live notes by votes, most first; equal votes keep their order and share a rank."""
    ordered = sorted((n for n in notes if not n.deleted), key=lambda n: (-n.votes, note_order(n)))
    ranked: list[Ranked] = []
    for place, note in enumerate(ordered, start=1):
        tied = ranked and ranked[-1].note.votes == note.votes
        ranked.append(Ranked(ranked[-1].rank if tied else place, note))
    return ranked


def set_votes(note: Note, votes: int) -> UpdateRecord | None:
    """The dot votes of one note (never below zero); None when it already has that count."""
    votes = max(0, int(votes))
    return None if votes == note.votes else update(note, label="Count votes", votes=votes)


@dataclass(frozen=True, slots=True)
class Grid:
    """One grid session as it is: its columns and the cards in each (None: « Not sorted »)."""

    session_id: str
    columns: tuple[Category, ...]
    cards: dict[str | None, tuple[Note, ...]]

    @classmethod
    def build(cls, session_id: str, categories: Iterable[Category], notes: Iterable[Note]) -> Grid:
        columns = tuple(
            sorted(
                (c for c in categories if not c.deleted and c.session_id == session_id),
                key=lambda c: (c.position, c.id),
            )
        )
        known = {c.id for c in columns}
        cards: dict[str | None, list[Note]] = {c.id: [] for c in columns}
        cards[None] = []
        for note in notes:
            if note.deleted or note.session_id != session_id:
                continue
            cards[note.category_id if note.category_id in known else None].append(note)
        return cls(
            session_id, columns, {key: tuple(sorted(v, key=note_order)) for key, v in cards.items()}
        )

    # -- reading --------------------------------------------------------------------------

    def column(self, column_id: str | None) -> Category | None:
        return next((c for c in self.columns if c.id == column_id), None)

    def cards_in(self, column_id: str | None) -> tuple[Note, ...]:
        return self.cards.get(column_id, ())

    def unsorted(self) -> tuple[Note, ...]:
        return self.cards[None]

    def all_cards(self) -> list[Note]:
        return [n for key in self.column_ids() for n in self.cards_in(key)]

    def column_ids(self) -> list[str | None]:
        """The columns shown, left to right: « Not sorted » last, only when it holds cards."""
        ids: list[str | None] = [c.id for c in self.columns]
        return ids + [None] if self.cards[None] else ids

    def column_of(self, note_id: str) -> str | None:
        for key, notes in self.cards.items():
            if any(n.id == note_id for n in notes):
                return key
        raise KeyError(note_id)

    def card(self, note_id: str) -> Note:
        for notes in self.cards.values():
            for note in notes:
                if note.id == note_id:
                    return note
        raise KeyError(note_id)

    def _next_card_position(self) -> int:
        return max((n.position for ns in self.cards.values() for n in ns), default=-1) + 1

    def _next_column_position(self) -> int:
        return max((c.position for c in self.columns), default=-1) + 1

    # -- columns --------------------------------------------------------------------------

    def add_column(self, name: str) -> AddRecord | None:
        """A new column at the right; None for an empty name."""
        name = name.strip()
        if not name:
            return None
        category = Category(
            session_id=self.session_id, name=name, position=self._next_column_position()
        )
        return add(category, label="Add column")

    def apply_preset(self, preset: GridPreset, names: Sequence[str] | None = None) -> Command:
        """The preset's columns (translated, or `names`) added at the right as one undo step."""
        names = list(names) if names is not None else list(preset.column_names())
        first = self._next_column_position()
        added = [
            add(Category(session_id=self.session_id, name=name, position=first + i))
            for i, name in enumerate(names)
        ]
        return batch(added, label="Add preset columns")

    def rename_column(self, column_id: str, name: str) -> UpdateRecord | None:
        column = self.column(column_id)
        name = name.strip()
        if column is None or not name or name == column.name:
            return None
        return update(column, label="Rename column", name=name)

    def delete_column(self, column_id: str) -> Command | None:
        """Delete a column; its cards go to « Not sorted » (after the ones there), one step."""
        column = self.column(column_id)
        if column is None:
            return None
        start = max((n.position for n in self.unsorted()), default=-1) + 1
        steps: list[Command] = [
            update(card, category_id=None, position=start + i)
            for i, card in enumerate(self.cards_in(column_id))
        ]
        steps.append(update(column, deleted=True))
        return batch(steps, label="Delete column")

    def move_column(self, column_id: str, index: int) -> Command | None:
        """Put a column at `index` among the columns, renumbering their positions."""
        column = self.column(column_id)
        if column is None:
            return None
        others = [c for c in self.columns if c.id != column_id]
        others.insert(max(0, min(index, len(others))), column)
        if [c.id for c in others] == [c.id for c in self.columns]:
            return None
        steps = [update(c, position=i) for i, c in enumerate(others) if c.position != i]
        return batch(steps, label="Move column") if steps else None

    # -- cards ----------------------------------------------------------------------------

    def add_card(self, column_id: str | None, text: str, *, created_at: str) -> AddRecord | None:
        """A new card at the bottom of a column; None for empty text."""
        text = text.strip()
        if not text:
            return None
        note = Note(
            session_id=self.session_id,
            text=text,
            category_id=column_id if self.column(column_id) is not None else None,
            position=self._next_card_position(),
            created_at=created_at,
        )
        return AddRecord(note, label="Add card")

    def move_card(self, note_id: str, column_id: str | None, index: int) -> Command | None:
        """Move one card to `column_id` at `index` among that column's other cards."""
        return self.move_cards([note_id], column_id, index)

    def move_cards(
        self, note_ids: Sequence[str], column_id: str | None, index: int
    ) -> Command | None:
        """Move cards, in the order given, to `column_id` at `index` among the cards that stay
        there. The columns they leave and the one they join are renumbered from 0; None when
        nothing would move."""
        moving = [self.card(i) for i in dict.fromkeys(note_ids)]
        if column_id is not None and self.column(column_id) is None:
            raise KeyError(column_id)
        ids = {n.id for n in moving}
        staying = [n for n in self.cards_in(column_id) if n.id not in ids]
        index = max(0, min(index, len(staying)))
        joined = staying[:index] + moving + staying[index:]
        if not moving or [n.id for n in joined] == [n.id for n in self.cards_in(column_id)]:
            return None
        steps: list[Command] = []
        for source in dict.fromkeys(self.column_of(n.id) for n in moving):
            if source != column_id:
                steps += _renumbered([n for n in self.cards_in(source) if n.id not in ids])
        steps += _renumbered(joined, column_id=column_id, moving=ids)
        if len(moving) == 1:
            return batch(steps, label="Move card")
        return batch(steps, label="Move cards")


def _renumbered(
    cards: Sequence[Note], *, column_id: str | None = None, moving: Iterable[str] = ()
) -> list[Command]:
    """Updates giving `cards` the positions 0, 1, 2…; the moving cards also their new column."""
    moving = set(moving)
    steps: list[Command] = []
    for position, card in enumerate(cards):
        changes: dict[str, Any] = {}
        if card.position != position:
            changes["position"] = position
        if card.id in moving and card.category_id != column_id:
            changes["category_id"] = column_id
        if changes:
            steps.append(update(card, **changes))
    return steps
