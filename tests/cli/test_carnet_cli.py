"""`export-carnet EVENT OUT.pdf [--booklet]` on the demo event, run for real."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from cli_run import ok, one_line_error, run
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, landscape

from facilitator_app.paths import resource

pytestmark = pytest.mark.skipif(
    not resource("demo", "rencontres.json").exists(), reason="no demo content"
)


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("carnet") / "démo.recolte"
    ok("demo", path)
    return path


def test_a4_carnet(demo, tmp_path):
    out = tmp_path / "carnet de bord.pdf"
    result = ok("export-carnet", demo, out)
    reader = PdfReader(out)
    pages = len(reader.pages)
    assert result.stdout == f"Event booklet written to {out}: {pages} pages.\n"
    assert pages > 10
    assert all(
        (float(p.mediabox.width), float(p.mediabox.height)) == pytest.approx(A4)
        for p in reader.pages
    )
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Diagnostic de ma coopération avec les Rouages" in text
    assert "alexandre.bigot-verdier@example.org" in text
    assert "cecile.offroy@example.org" not in text  # did not consent to be listed


def test_booklet(demo, tmp_path):
    out = tmp_path / "livret.pdf"
    result = ok("export-carnet", demo, out, "--booklet")
    reader = PdfReader(out)
    sides = len(reader.pages)
    match = re.fullmatch(
        r"Event booklet written to (.+): (\d+) A5 pages on (\d+) sheets to print on both "
        r"sides \(flip on the short edge\), fold in the middle\.\n",
        result.stdout,
    )
    assert match, result.stdout
    assert match.group(1) == str(out)
    assert int(match.group(2)) == 2 * sides and int(match.group(2)) % 4 == 0
    assert int(match.group(3)) * 2 == sides
    for page in reader.pages:
        size = (float(page.mediabox.width), float(page.mediabox.height))
        assert size == pytest.approx(landscape(A4), abs=0.5)


def test_errors_are_one_sentence_and_leave_the_old_file(demo, tmp_path):
    out = tmp_path / "carnet.pdf"
    out.write_bytes(b"the previous carnet")
    line = one_line_error(run("export-carnet", tmp_path / "absent.recolte", out))
    assert "absent.recolte" in line
    assert out.read_bytes() == b"the previous carnet"
    line = one_line_error(run("export-carnet", demo, tmp_path / "nowhere" / "carnet.pdf"))
    assert "nowhere" in line and ".part" not in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["carnet.pdf"]
