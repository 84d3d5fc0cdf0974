"""The names the interface and the documents show for the contract's identifiers.

Identifiers (`world_cafe`, `quote`…) stay in the file and the JSON; people read « World
café », « citation »… in their language through `tr`.
"""

from __future__ import annotations

from facilitator_app.i18n import tr

__all__ = ["SESSION_KIND_NAMES", "NOTE_KIND_NAMES", "session_kind_label", "note_kind_label"]

SESSION_KIND_NAMES = {
    "world_cafe": "World café",
    "idea_tree": "Idea tree",
    "grid": "Grid",
    "round_table": "Round table",
    "testimony": "Testimonies",
    "plenary": "Plenary",
    "other": "Other",
}

NOTE_KIND_NAMES = {
    "idea": "Idea",
    "quote": "Quote",
    "decision": "Decision",
    "question": "Question",
    "action": "Action",
    "observation": "Observation",
}


def session_kind_label(kind: str) -> str:
    return tr(SESSION_KIND_NAMES.get(kind, kind))


def note_kind_label(kind: str) -> str:
    return tr(NOTE_KIND_NAMES.get(kind, kind))
