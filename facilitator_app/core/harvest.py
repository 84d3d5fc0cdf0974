"""The harvest of a world café: its notes grouped by table, then category (or the reverse).

One rule for the window's harvest tree (`gui/models/harvest.py`) and the printed synthesis
(`printing/synthesis_sessions.py`): a note goes to its table and its category when they are
tables and categories of the session, else to « No table » / « No category »; groups come in
the order of the tables (by number) and categories (by position) given, the unsorted group
last; notes in `note_order`. Every table (or category) of the session may have a top group
even before its first note, so the harvest shows which tables have not produced yet;
sub-groups exist only with notes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from facilitator_app.core.model import CafeTable, Category, Note, note_order
from facilitator_app.core.vocabulary import table_label
from facilitator_app.i18n import N_, tr

__all__ = ["Grouping", "Group", "GroupKeys", "HarvestGroups", "NO_TABLE", "NO_CATEGORY"]

NO_TABLE = N_("No table")
NO_CATEGORY = N_("No category")

GroupKeys = tuple[str | None, str | None]  # (top key, sub key); None: the unsorted group


class Grouping(StrEnum):
    BY_TABLE = "table"  # table › category › note
    BY_CATEGORY = "category"  # category › table › note


@dataclass(frozen=True, slots=True)
class Group:
    """One group: `key` a table or category id (None: unsorted); a top group holds
    `groups`, a sub-group its `notes`."""

    key: str | None
    groups: tuple[Group, ...] = ()
    notes: tuple[Note, ...] = ()

    def all_notes(self) -> list[Note]:
        """Every note of the group, in `note_order`."""
        if not self.groups:
            return list(self.notes)
        return sorted((n for g in self.groups for n in g.notes), key=note_order)


class HarvestGroups:
    """The groups of one café: its tables and categories, in order, and their labels."""

    def __init__(
        self,
        tables: Sequence[CafeTable],
        categories: Sequence[Category],
        grouping: Grouping = Grouping.BY_TABLE,
    ) -> None:
        self.grouping = Grouping(grouping)
        self.tables = {t.id: (i, table_label(t.number, t.theme)) for i, t in enumerate(tables)}
        self.categories = {c.id: (i, c.name) for i, c in enumerate(categories)}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, HarvestGroups) and (
            self.grouping,
            self.tables,
            self.categories,
        ) == (other.grouping, other.tables, other.categories)

    def same_keys(self, other: HarvestGroups) -> bool:
        """The same groups in the same order (only labels may differ)."""
        return (self.grouping, list(self.tables), list(self.categories)) == (
            other.grouping,
            list(other.tables),
            list(other.categories),
        )

    def _levels(self) -> tuple[dict[str, tuple[int, str]], dict[str, tuple[int, str]]]:
        if self.grouping == Grouping.BY_TABLE:
            return self.tables, self.categories
        return self.categories, self.tables

    def keys(self, note: Note) -> GroupKeys:
        """Where `note` goes: (top key, sub key)."""
        table = note.table_id if note.table_id in self.tables else None
        category = note.category_id if note.category_id in self.categories else None
        return (table, category) if self.grouping == Grouping.BY_TABLE else (category, table)

    def top_keys(self) -> list[str]:
        """The tables (or categories) in order: the top groups shown even without notes."""
        return list(self._levels()[0])

    def order(self, level: int, key: str | None) -> int:
        """Where the group `key` of `level` (0 top, 1 sub) comes; the unsorted one last."""
        groups = self._levels()[level]
        return groups[key][0] if key in groups else len(groups)

    def label(self, level: int, key: str | None) -> str:
        """« Table 2 · Créativité », a category's name, « No table » or « No category »."""
        groups = self._levels()[level]
        if key in groups:
            return groups[key][1]
        by_table = (self.grouping == Grouping.BY_TABLE) == (level == 0)
        return tr(NO_TABLE) if by_table else tr(NO_CATEGORY)

    def group(self, notes: Iterable[Note], *, every_top: bool = True) -> list[Group]:
        """`notes` in their groups, two levels deep, each level in order; with `every_top`,
        every table (or category) has a top group, notes or not."""
        placed: dict[str | None, dict[str | None, list[Note]]] = {}
        if every_top:
            for key in self.top_keys():
                placed[key] = {}
        for note in sorted(notes, key=note_order):
            top, sub = self.keys(note)
            placed.setdefault(top, {}).setdefault(sub, []).append(note)
        return [
            Group(
                top,
                tuple(
                    Group(sub, notes=tuple(placed[top][sub]))
                    for sub in sorted(placed[top], key=lambda k: self.order(1, k))
                ),
            )
            for top in sorted(placed, key=lambda k: self.order(0, k))
        ]
