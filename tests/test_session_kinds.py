"""Session kinds: one `SessionKind` in core, a row for every kind in every layer's table (so a
new kind cannot be forgotten in one of them), and identifiers that never change: the event
file, the JSON interchange and the CLI carry them (CONTRACT §2)."""

from __future__ import annotations

import json
import sqlite3

from facilitator_app.core.kinds import KIND_SPECS, SessionKind
from facilitator_app.core.model import Event, Session
from facilitator_app.core.vocabulary import SESSION_KIND_NAMES, session_kind_label
from facilitator_app.formats.interchange import export_json
from facilitator_app.gui.widgets.session_view import _PAGES, NOTES, PAGES_BY_KIND
from facilitator_app.paths import resource
from facilitator_app.printing.synthesis_sessions import SECTIONS
from facilitator_app.store import create_event, open_event

CONTRACT_KINDS = ["world_cafe", "idea_tree", "grid", "round_table", "testimony", "plenary", "other"]


def test_the_identifiers_are_the_contracts():
    assert [kind.value for kind in SessionKind] == CONTRACT_KINDS
    assert all(kind == kind.value and f"{kind}" == kind.value for kind in SessionKind)


def test_every_kind_has_a_row_in_every_table():
    tables = {
        "core/kinds.py KIND_SPECS": KIND_SPECS,
        "core/vocabulary.py SESSION_KIND_NAMES": SESSION_KIND_NAMES,
        "gui/widgets/session_view.py PAGES_BY_KIND": PAGES_BY_KIND,
        "printing/synthesis_sessions.py SECTIONS": SECTIONS,
    }
    for name, table in tables.items():
        missing = [kind.value for kind in SessionKind if kind not in table]
        assert not missing, f"{name} has no row for {missing}"
        assert len(table) == len(SessionKind), f"{name} has a row for no kind"


def test_every_page_a_kind_shows_is_built_by_a_factory():
    for kind, keys in PAGES_BY_KIND.items():
        assert NOTES in keys and len(set(keys)) == len(keys), kind
        assert set(keys) - {NOTES} <= set(_PAGES), kind


def test_the_published_schema_lists_every_kind():
    schema = json.loads(resource("schema", "recolte-1.schema.json").read_text(encoding="utf-8"))
    listed = schema["$defs"]["session"]["properties"]["kind"]["enum"]
    assert listed == [*CONTRACT_KINDS, None]


def test_a_kind_is_written_as_its_identifier_and_read_back_as_the_enum(tmp_path):
    path = tmp_path / "kinds.recolte"
    store = create_event(path, Event(title="Rencontres"))
    store.put(Session(title="Arbre", kind="idea_tree"))  # as text, as a JSON import gives it
    store.put(Session(title="Grille", kind=SessionKind.GRID))
    store.close()

    with sqlite3.connect(path) as conn:
        held = dict(conn.execute("SELECT title, kind FROM sessions"))
    assert held == {"Arbre": "idea_tree", "Grille": "grid"}
    with open_event(path, readonly=True) as store:
        kinds = {s.title: s.kind for s in store.all_sessions()}
        out = export_json(store, tmp_path / "kinds.json")
    assert kinds == {"Arbre": SessionKind.IDEA_TREE, "Grille": SessionKind.GRID}
    assert all(type(kind) is SessionKind for kind in kinds.values())
    assert kinds["Arbre"].spec.tree and kinds["Grille"].spec.grid
    written = json.loads(out.read_text(encoding="utf-8"))["sessions"]
    assert {s["title"]: s["kind"] for s in written} == {"Arbre": "idea_tree", "Grille": "grid"}


def test_an_identifier_this_version_does_not_know_reads_as_other(tmp_path):
    path = tmp_path / "kinds.recolte"
    store = create_event(path, Event(title="Rencontres"))
    session = store.put(Session(title="Apéro", kind="plenary"))
    store.close()
    with sqlite3.connect(path) as conn:  # a hand-edited file
        conn.execute("UPDATE sessions SET kind = 'apéro' WHERE id = ?", (session.id,))
    with open_event(path, readonly=True) as store:
        read = store.require(Session, session.id)
        problems = store.check()
    assert read.kind is SessionKind.OTHER
    assert session_kind_label("apéro") == "Other"
    assert any("apéro" in p and session.id in p for p in problems)  # the check still says so
