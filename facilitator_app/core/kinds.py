"""The kinds of session (CONTRACT §2) and what each one has, declared once.

`SessionKind` is a `StrEnum`: its values are the identifiers the event file, the JSON
interchange and the CLI carry (`world_cafe`, `idea_tree`…), unchanged, and a member equals
its identifier. Code asks a kind's `KindSpec` what the session has (`kind.spec.tables`)
instead of comparing identifiers, so that a new kind is one member and one spec here, then
one entry in each layer's table: its pages in `gui.widgets.session_view`, its section in
`printing.synthesis_sessions` (README, "Adding a session kind"; a test checks that every
kind has its entries).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from facilitator_app.i18n import N_

__all__ = ["SessionKind", "KindSpec", "KIND_SPECS"]


class SessionKind(StrEnum):
    WORLD_CAFE = "world_cafe"
    IDEA_TREE = "idea_tree"
    GRID = "grid"
    ROUND_TABLE = "round_table"
    TESTIMONY = "testimony"
    PLENARY = "plenary"
    OTHER = "other"

    @classmethod
    def parse(cls, value: str) -> SessionKind:
        """The kind an identifier read from a file names. An identifier this version does
        not know (only a hand-edited file can hold one: JSON imports are checked against
        the schema, newer files are refused) reads as OTHER, shown with notes and photos."""
        try:
            return cls(value)
        except ValueError:
            return cls.OTHER

    @property
    def spec(self) -> KindSpec:
        return KIND_SPECS[self]


@dataclass(frozen=True, slots=True, kw_only=True)
class KindSpec:
    """What a kind of session has, beside its notes and photos, which every session has."""

    label: str  # message id of its name (`vocabulary.session_kind_label` translates it)
    colour: str  # its dot in the programme and the colour of its name above a session
    tables: bool = False  # tables, rounds, a seating plan, a clock: a world café
    tree: bool = False  # notes that grow into a tree (exported as a mind map)
    grid: bool = False  # notes sorted into the columns of a grid
    speakers: bool = False  # speakers in order and a moderator, quotes said by them


KIND_SPECS: dict[SessionKind, KindSpec] = {
    SessionKind.WORLD_CAFE: KindSpec(label=N_("World café"), colour="#2e7d32", tables=True),
    SessionKind.IDEA_TREE: KindSpec(label=N_("Idea tree"), colour="#f9a825", tree=True),
    SessionKind.GRID: KindSpec(label=N_("Grid"), colour="#6a1b9a", grid=True),
    SessionKind.ROUND_TABLE: KindSpec(label=N_("Round table"), colour="#c62828", speakers=True),
    SessionKind.TESTIMONY: KindSpec(label=N_("Testimonies"), colour="#ef6c00", speakers=True),
    SessionKind.PLENARY: KindSpec(label=N_("Plenary"), colour="#1565c0"),
    SessionKind.OTHER: KindSpec(label=N_("Other"), colour="#78909c"),
}
