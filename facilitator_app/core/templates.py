"""Session templates: a new session that comes set up (DESIGN §3, issue 15).

A template names a kind of session and what the new session starts with: a world café its
three rounds and the default harvest categories, an idea tree its three branches « Amorcer »,
« Maintenir », « Renforcer », a grid the columns of one of `core.grids.PRESETS`. The plain
templates (one per kind) start empty. Names are message ids, translated when the records are
made, so a French event gets French categories. `create_session` returns the one command that
adds the session and its set-up: one undo step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from facilitator_app.core.commands import AddRecord, Batch, Command
from facilitator_app.core.grids import PRESETS, GridPreset
from facilitator_app.core.kinds import SessionKind
from facilitator_app.core.model import Category, Note, Record, Round, Session
from facilitator_app.i18n import N_, tr

__all__ = [
    "HARVEST_CATEGORIES",
    "TREE_BRANCHES",
    "CAFE_ROUNDS",
    "SessionTemplate",
    "TEMPLATES",
    "template",
    "create_session",
]

# The harvest categories DESIGN §3 proposes (« Besoins d’accompagnement »…)
HARVEST_CATEGORIES = (N_("Missions"), N_("Actions"), N_("Support needs"))
# The three moments of a cooperation the demo's idea trees grow from
TREE_BRANCHES = (N_("Get started"), N_("Keep going"), N_("Strengthen"))
CAFE_ROUNDS = 3
CAFE_ROUND_MINUTES = 20


@dataclass(frozen=True, slots=True)
class SessionTemplate:
    """`label` is a message id; `columns` the categories, `branches` the tree's first nodes
    and `rounds` the café's rounds the new session starts with."""

    key: str
    label: str
    kind: SessionKind
    columns: tuple[str, ...] = ()
    branches: tuple[str, ...] = ()
    rounds: int = 0

    def records(self, session: Session, translate: Callable[[str], str] = tr) -> list[Record]:
        """What a new `session` of this template starts with (not the session itself)."""
        records: list[Record] = [
            Category(session_id=session.id, name=translate(name), position=position)
            for position, name in enumerate(self.columns)
        ]
        records += [
            Round(session_id=session.id, number=number, minutes=CAFE_ROUND_MINUTES)
            for number in range(1, self.rounds + 1)
        ]
        records += [
            Note(session_id=session.id, text=translate(text), position=position)
            for position, text in enumerate(self.branches)
        ]
        return records


def _grid(preset: GridPreset) -> SessionTemplate:
    return SessionTemplate(f"grid/{preset.key}", preset.name, SessionKind.GRID, preset.columns)


TEMPLATES: tuple[SessionTemplate, ...] = (
    SessionTemplate("plenary", N_("Plenary"), SessionKind.PLENARY),
    SessionTemplate(
        "world_cafe",
        N_("World café: 3 rounds, default harvest categories"),
        SessionKind.WORLD_CAFE,
        columns=HARVEST_CATEGORIES,
        rounds=CAFE_ROUNDS,
    ),
    SessionTemplate(
        "idea_tree",
        N_("Idea tree: get started, keep going, strengthen"),
        SessionKind.IDEA_TREE,
        branches=TREE_BRANCHES,
    ),
    *(_grid(preset) for preset in PRESETS),
    SessionTemplate("grid", N_("Grid with no columns"), SessionKind.GRID),
    SessionTemplate("round_table", N_("Round table"), SessionKind.ROUND_TABLE),
    SessionTemplate("testimony", N_("Testimonies"), SessionKind.TESTIMONY),
    SessionTemplate("other", N_("Other"), SessionKind.OTHER),
)


def template(key: str) -> SessionTemplate:
    """The template `key` (KeyError for a key no template has)."""
    for candidate in TEMPLATES:
        if candidate.key == key:
            return candidate
    raise KeyError(key)


def create_session(
    session: Session, chosen: SessionTemplate, translate: Callable[[str], str] = tr
) -> Command:
    """Add `session` (its kind made the template's) with the template's set-up, one step."""
    session = replace(session, kind=chosen.kind)
    steps = [AddRecord(session, label="Add session")]
    steps += [AddRecord(record) for record in chosen.records(session, translate)]
    return steps[0] if len(steps) == 1 else Batch(tuple(steps), label="Add session")
