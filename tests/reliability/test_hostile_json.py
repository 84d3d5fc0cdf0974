"""Hostile JSON, generated: a valid export mutated in every way another tool, a clumsy edit or
a malicious file could (wrong types, nulls, huge texts, bad dates, times and stamps, dangling
references, idea-tree loops, duplicate ids, unknown keys, deep nesting, stamps in 2099…).

Whatever comes in: import-json never ends in a traceback, only in a named refusal whose
every problem is one line of at most 200 characters, and leaves no file behind; whatever it
imports passes `check` and exports again to the same document, again and again. The schema
is judged the same by the app's validator (fastjsonschema) and by the reference one
(jsonschema). And the real command, run on a few such files, says one line and fails.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from facilitator_app.core.demo import build_demo
from facilitator_app.core.errors import InvalidImport, NewerFormat
from facilitator_app.core.limits import MAX_MESSAGE_CHARS
from facilitator_app.core.model import Attachment, CafeTable, Participant, Round, Seat
from facilitator_app.core.schema import schema, schema_problems
from facilitator_app.formats.interchange import export_json, import_json
from facilitator_app.store import open_event, write_new_event

ROOT = Path(__file__).resolve().parents[2]
SMALL_EVENT = ROOT / "tests" / "data" / "petites_rencontres.json"
PHOTO = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
FUTURE = "2099-01-01T00:00:00.000Z-0000-5f2c9a1e7b3d4c60"
DEEP = "\x00deep:{}\x00"  # replaced by that many nested lists once the document is text
DEPTHS = (50, 99, 101, 900, 5_000)
HOSTILE = settings(
    deadline=None,
    derandomize=True,  # the same cases on every run: CI stays stable
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> dict[str, Any]:
    """A valid export: the small event with seats, a photo, an empty file and a tombstone."""
    folder = tmp_path_factory.mktemp("hostile")
    path = folder / "base.recolte"
    content = json.loads(SMALL_EVENT.read_text(encoding="utf-8"))
    write_new_event(path, build_demo(content=content))
    with open_event(path) as store:
        cafe = next(s for s in store.all_sessions() if s.kind == "world_cafe")
        table = store.all(CafeTable, session_id=cafe.id)[0]
        round_ = store.all(Round, session_id=cafe.id)[0]
        for person in store.all(Participant)[:3]:
            store.put(
                Seat(
                    session_id=cafe.id,
                    round_id=round_.id,
                    table_id=table.id,
                    participant_id=person.id,
                )
            )
        note = store.session_notes(cafe.id)[0]
        store.put(
            Attachment(note_id=note.id, filename="été.png", media_type="image/png", data=PHOTO)
        )
        store.put(Attachment(session_id=cafe.id, filename="vide.txt", media_type="text/plain"))
        store.put(replace(store.session_notes(cafe.id)[1], deleted=True))
        export_json(store, folder / "base.json")
    return json.loads((folder / "base.json").read_text(encoding="utf-8"))


# -- mutations ---------------------------------------------------------------------------------

COLLECTIONS = ("sessions", "organisations", "participants", "tables", "rounds", "seats")
COLLECTIONS += ("categories", "notes", "attachments", "fiches")
REFERENCES = ("session_id", "parent_id", "table_id", "round_id", "category_id", "note_id")
REFERENCES += ("organisation_id", "host_id", "participant_id", "speaker_id", "moderator_id")
HOSTILE_TEXTS = [
    "",
    "2026-13-45",
    "2026-02-30",
    "2026-06-12\n",
    "0000-01-01",
    "25:00",
    "09:60",
    "9h30",
    "brainstorm",
    "../../x",
    "/etc/passwd",
    "..",
    "\x00\x01\x1f",
    "\u202egpj.exe",
    "\ud800",
    "a\nb\rc\u2028d",
    "«\u202fcœur\u202f»",
    FUTURE,
    "2026-02-30T09:41:07.513Z-0003-5f2c9a1e7b3d4c60",
    "2026-06-12T09:41:07.513Z-000a-5f2c9a1e7b3d4c60",
    "00000000-0000-4000-8000-00000000dead",
    "x" * 100_001,
    "é" * 5_000,
]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, -1, 1, 3.0, 3.5, 1e308, 2**53, 2**63, float("nan"), float("inf")]),
    st.sampled_from(HOSTILE_TEXTS),
    st.text(max_size=30),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def _records(document: dict) -> list[dict]:
    found = [document["event"]] if isinstance(document.get("event"), dict) else []
    for name in COLLECTIONS:
        items = document.get(name)
        if isinstance(items, list):
            found += [item for item in items if isinstance(item, dict)]
    return found


@st.composite
def mutation(draw, document: dict) -> None:
    """One hostile change made to `document` in place."""
    records = _records(document)
    kind = draw(
        st.sampled_from(
            [
                "value",
                "value",
                "value",
                "delete",
                "reference",
                "loop",
                "duplicate",
                "unknown",
                "deep",
                "future",
                "collection",
                "top",
            ]
        )
    )
    if not records or kind == "top":
        key = draw(st.sampled_from(["format", "version", "event", *COLLECTIONS, "versions", "x"]))
        document[key] = draw(values)
        return
    record = draw(st.sampled_from(records))
    fields = sorted(record)
    if kind == "value":
        record[draw(st.sampled_from(fields))] = draw(values)
    elif kind == "delete":
        record.pop(draw(st.sampled_from(fields)), None)
    elif kind == "reference":
        target = draw(st.sampled_from(records))
        pointer = draw(
            st.sampled_from(
                [target.get("id"), str(uuid.UUID(int=draw(st.integers(0, 2**128 - 1))))]
            )
        )
        record[draw(st.sampled_from(REFERENCES))] = pointer
    elif kind == "loop":
        notes = [n for n in document.get("notes", []) if isinstance(n, dict)]
        if len(notes) >= 2:
            chain = draw(st.lists(st.sampled_from(notes), min_size=1, max_size=4, unique_by=id))
            for child, parent in zip(chain, chain[1:] + chain[:1], strict=True):
                child["parent_id"] = parent.get("id")
    elif kind == "duplicate":
        record["id"] = draw(st.sampled_from(records)).get("id")
    elif kind == "unknown":
        record[draw(st.text(min_size=1, max_size=10))] = draw(values)
    elif kind == "deep":
        record[draw(st.sampled_from([*fields, "profond"]))] = DEEP.format(
            draw(st.sampled_from(DEPTHS))
        )
    elif kind == "future":
        if draw(st.booleans()):
            record["updated_at"] = FUTURE
        else:
            record["clock"] = [FUTURE]
    elif kind == "collection":
        name = draw(st.sampled_from(COLLECTIONS))
        choice = draw(st.sampled_from(["drop", "null", "object", "item", "empty"]))
        if choice == "drop":
            document.pop(name, None)
        elif choice == "null":
            document[name] = None
        elif choice == "object":
            document[name] = {"0": records[0]}
        elif choice == "item" and isinstance(document.get(name), list):
            document[name].append(draw(values))
        else:
            document[name] = []


@st.composite
def hostile_documents(draw, base: dict) -> tuple[dict, bool]:
    document = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, 4))):
        draw(mutation(document))
    return document, draw(st.booleans())


def as_text(document: dict, *, ascii_only: bool, depth_cap: int | None = None) -> str:
    text = json.dumps(document, ensure_ascii=ascii_only)
    for depth in DEPTHS:
        marker = json.dumps(DEEP.format(depth), ensure_ascii=ascii_only)
        depth = min(depth, depth_cap or depth)
        text = text.replace(marker, "[" * depth + "]" * depth)
    return text


def one_line(message: str) -> bool:
    return len(message.splitlines()) == 1 and len(message) <= MAX_MESSAGE_CHARS


def exported(path: Path, out: Path) -> str:
    with open_event(path, readonly=True) as store:
        export_json(store, out)
    return out.read_text(encoding="utf-8")


# -- the properties ----------------------------------------------------------------------------


@settings(HOSTILE, max_examples=350)
@given(data=st.data())
def test_a_hostile_document_is_refused_in_one_line_or_imported_soundly(
    base, tmp_path_factory, data
):
    document, ascii_only = data.draw(hostile_documents(base))
    folder = tmp_path_factory.mktemp("import")
    source = folder / "hostile.json"
    source.write_text(as_text(document, ascii_only=ascii_only), encoding="utf-8")
    target = folder / "copie.recolte"
    try:
        import_json(source, target)
    except (InvalidImport, NewerFormat) as error:
        event("refused")
        assert one_line(str(error)), str(error)
        assert all(one_line(p) for p in getattr(error, "problems", [])), error.problems
        assert sorted(p.name for p in folder.iterdir()) == ["hostile.json"], "a file was left"
        return
    event("imported")
    with open_event(target, readonly=True) as store:
        assert store.check() == []
    first = exported(target, folder / "un.json")
    again = import_json(folder / "un.json", folder / "encore.recolte")
    assert exported(again, folder / "deux.json") == first
    assert not [p.name for p in folder.iterdir() if p.name.endswith(".part")]


def _has_a_line_end(value: Any) -> bool:
    """Python's `re` lets `$` match before a final newline (ECMA-262, the schema's regex
    dialect, does not): the reference validator reads such strings differently."""
    if isinstance(value, str):
        return value.endswith("\n")
    if isinstance(value, list):
        return any(_has_a_line_end(v) for v in value)
    if isinstance(value, dict):
        return any(_has_a_line_end(v) for v in value.values())
    return False


@pytest.fixture(scope="module")
def reference_validator():
    jsonschema = pytest.importorskip("jsonschema")
    return jsonschema.Draft202012Validator(
        schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


@settings(HOSTILE, max_examples=200)
@given(data=st.data())
def test_the_app_and_the_reference_validator_read_the_schema_alike(base, reference_validator, data):
    document, _ = data.draw(hostile_documents(base))
    document = json.loads(as_text(document, ascii_only=False, depth_cap=120))
    if _has_a_line_end(document):
        return
    ours = [p.sentence for p in schema_problems(document)]
    theirs = [e.message for e in reference_validator.iter_errors(document)]
    assert bool(ours) == bool(theirs), (ours[:3], theirs[:3])


# -- the real command --------------------------------------------------------------------------


def run_import(source: Path, target: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "facilitator_app", "import-json", str(source), str(target)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        cwd=ROOT,
        env={**os.environ, "LANGUAGE": "en", "PYTHONDONTWRITEBYTECODE": "1"},
    )


def _huge_kind(d):
    d["notes"][0]["kind"] = "k" * 100_000 + "\n" + "k"


def _future(d):
    d["notes"][1]["updated_at"] = FUTURE


def _loop(d):
    d["notes"][0]["parent_id"], d["notes"][1]["parent_id"] = (
        d["notes"][1]["id"],
        d["notes"][0]["id"],
    )


def _surrogate(d):
    d["notes"][0]["text"] = "\ud800"


def _deep(d):
    d["notes"][0]["profond"] = DEEP.format(5_000)


def _everything_wrong(d):
    for note in d["notes"]:
        note.update(kind="brainstorm", votes=-1, text=None, session_id=None)


@pytest.mark.parametrize(
    "breaking", [_huge_kind, _future, _loop, _surrogate, _deep, _everything_wrong]
)
def test_the_command_refuses_a_hostile_file_in_one_line(base, tmp_path, breaking):
    document = copy.deepcopy(base)
    breaking(document)
    source = tmp_path / "hostile.json"
    source.write_text(as_text(document, ascii_only=True), encoding="utf-8")
    result = run_import(source, tmp_path / "copie.recolte")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert len(lines[0].removeprefix("facilitator-app: ")) <= MAX_MESSAGE_CHARS, lines[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hostile.json"]
