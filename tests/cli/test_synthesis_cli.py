"""`export-synthesis EVENT OUT.pdf` on the demo event, run for real."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from cli_run import one_line_error, run
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4

from facilitator_app.paths import resource

pytestmark = pytest.mark.skipif(
    not resource("demo", "rencontres.json").exists(), reason="no demo content"
)


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("synthese") / "démo.recolte"
    result = run("demo", path)
    assert result.returncode == 0, result.stderr
    return path


def test_writes_the_synthesis_and_says_so_in_one_line(demo, tmp_path):
    out = tmp_path / "Synthèse « 2026 ».pdf"
    result = run("export-synthesis", demo, out)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert (
        result.stdout.strip() == f"Synthesis written to {out}: {len(PdfReader(out).pages)} pages."
    )
    reader = PdfReader(out)
    assert len(reader.pages) > 18
    first = reader.pages[0]
    assert (float(first.mediabox.width), float(first.mediabox.height)) == pytest.approx(A4)
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Rencontres des coopérations territoriales" in text and "cœur" in text
    assert re.search(r"World café", text)
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]  # no temporary file left


def test_the_event_is_only_read(demo, tmp_path):
    before = demo.read_bytes()
    assert run("export-synthesis", demo, tmp_path / "s.pdf", "--lang", "fr").returncode == 0
    assert demo.read_bytes() == before


def test_errors_are_one_sentence_and_leave_no_file(demo, tmp_path):
    missing = one_line_error(
        run("export-synthesis", tmp_path / "absent.recolte", tmp_path / "s.pdf")
    )
    assert "absent.recolte" in missing
    no_folder = one_line_error(run("export-synthesis", demo, tmp_path / "nowhere" / "s.pdf"))
    assert "nowhere" in no_folder
    not_an_event = tmp_path / "texte.recolte"
    not_an_event.write_text("pas un événement", encoding="utf-8")
    one_line_error(run("export-synthesis", not_an_event, tmp_path / "s.pdf"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["texte.recolte"]
