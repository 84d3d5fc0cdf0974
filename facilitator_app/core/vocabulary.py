"""The names the interface and the documents show for the contract's identifiers.

Identifiers (`world_cafe`, `quote`…) stay in the file and the JSON; people read « World
café », « citation »… in their language through `tr`. A session kind's name is declared with
the kind, in `core.kinds`.
"""

from __future__ import annotations

from facilitator_app.core.kinds import SessionKind
from facilitator_app.i18n import N_, tr

__all__ = [
    "SESSION_KIND_NAMES",
    "NOTE_KIND_NAMES",
    "session_kind_label",
    "note_kind_label",
    "table_label",
]

SESSION_KIND_NAMES: dict[str, str] = {kind: kind.spec.label for kind in SessionKind}

NOTE_KIND_NAMES = {
    "idea": N_("Idea"),
    "quote": N_("Quote"),
    "decision": N_("Decision"),
    "question": N_("Question"),
    "action": N_("Action"),
    "observation": N_("Observation"),
}


def session_kind_label(kind: str) -> str:
    return tr(SessionKind.parse(kind).spec.label)


def note_kind_label(kind: str) -> str:
    return tr(NOTE_KIND_NAMES.get(kind, kind))


def table_label(number: int, theme: str = "") -> str:
    """« Table 2 · Créativité », or « Table 2 » when the table has no theme."""
    if theme:
        return tr("Table {n} · {theme}", n=number, theme=theme)
    return tr("Table {n}", n=number)
