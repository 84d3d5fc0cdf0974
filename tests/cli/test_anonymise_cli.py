"""`export-json EVENT OUT.json --anonymise` and `export-synthesis EVENT OUT.pdf --anonymise`,
run for real on the demo event."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from cli_run import run
from pypdf import PdfReader

from facilitator_app.paths import resource

pytestmark = pytest.mark.skipif(
    not resource("demo", "rencontres.json").exists(), reason="no demo content"
)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("anonyme") / "démo.recolte"
    assert run("demo", path).returncode == 0
    return path


@pytest.fixture(scope="module")
def names(demo, tmp_path_factory) -> list[str]:
    out = tmp_path_factory.mktemp("vrai") / "vrai.json"
    assert run("export-json", demo, out).returncode == 0
    participants = json.loads(out.read_text(encoding="utf-8"))["participants"]
    assert all(p["email"] for p in participants)
    return [p["name"] for p in participants] + [p["email"] for p in participants]


def test_export_json_anonymise(demo, names, tmp_path):
    out = tmp_path / "à partager.json"
    result = run("export-json", demo, out, "--anonymise")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Anonymised export written to {out}."
    text = out.read_text(encoding="utf-8")
    for name in names:
        assert name not in text, name
    assert EMAIL.search(text) is None
    document = json.loads(text)
    assert document["anonymised"] is True
    schema = json.loads(resource("schema", "recolte-1.schema.json").read_text(encoding="utf-8"))
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(document)) == []
    # the copy is an event of its own: it imports and checks sound
    copy = tmp_path / "copie.recolte"
    assert run("import-json", out, copy).returncode == 0
    checked = run("check", copy)
    assert checked.returncode == 0 and "status=ok" in checked.stdout


def test_export_json_anonymise_gives_the_same_file_twice(demo, tmp_path):
    one, two = tmp_path / "un.json", tmp_path / "deux.json"
    assert run("export-json", demo, one, "--anonymise", "--lang", "fr").returncode == 0
    assert run("export-json", demo, two, "--anonymise", "--lang", "fr").returncode == 0
    assert one.read_bytes() == two.read_bytes()


def test_export_synthesis_anonymise(demo, names, tmp_path):
    out = tmp_path / "synthèse anonyme.pdf"
    result = run("export-synthesis", demo, out, "--anonymise")
    assert result.returncode == 0, result.stderr
    pages = len(PdfReader(out).pages)
    assert result.stdout.strip() == f"Anonymised synthesis written to {out}: {pages} pages."
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(out).pages)
    assert "Rencontres des coopérations territoriales" in text
    for name in names:
        assert name not in text, name
    assert re.search(r"Participant·e [0-9A-Z]{4}", text)  # a French event prints in French


def test_without_the_flag_the_names_are_there(demo, names, tmp_path):
    out = tmp_path / "synthèse.pdf"
    assert run("export-synthesis", demo, out).returncode == 0
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(out).pages)
    assert any(name in text for name in names)
