"""A reader that stops early is no error (`search … | head -1`), and `--lang` chooses the
language a PDF is printed in (by default the event's), run for real."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from cli_run import ok
from pypdf import PdfReader

from facilitator_app.paths import resource

pytestmark = pytest.mark.skipif(
    not resource("demo", "rencontres.json").exists(), reason="no demo content"
)

COMMAND = [sys.executable, "-m", "facilitator_app"]
ENV = {**os.environ, "LANGUAGE": "en", "PYTHONDONTWRITEBYTECODE": "1"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("tuyau") / "démo été.recolte"
    ok("demo", path)
    return path


# -- a closed pipe ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["search", "{demo}", "coeur"],
        ["search", "{demo}", "coeur", "--json"],
        ["search", "{demo}", "introuvable"],  # "No note matches…"
        ["sessions", "{demo}"],
        ["sessions", "{demo}", "--json"],
        ["check", "{demo}"],
        ["--help"],
        ["export-json", "--help"],
    ],
)
def test_a_reader_gone_before_the_output_is_silent(demo, args, tmp_path):
    # the reading end is closed before the command writes its first byte: every write fails
    # (no display: a command taken for a file to open fails fast instead of showing a window)
    env = {k: v for k, v in ENV.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    with (tmp_path / "stderr").open("w+b") as errors:
        process = subprocess.Popen(
            [*COMMAND, *(a.format(demo=demo) for a in args)],
            stdout=subprocess.PIPE,
            stderr=errors,
            env=env,
        )
        assert process.stdout is not None
        process.stdout.close()
        code = process.wait(timeout=120)
        errors.seek(0)
        said = errors.read().decode("utf-8")
    assert said == ""  # no "Broken pipe", no "Exception ignored", no traceback
    assert code == 0


def test_search_piped_into_head_prints_one_line_and_no_error(demo):
    script = f"{shlex.join([*COMMAND, 'search', str(demo), 'e'])} | head -1"
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", script],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env=ENV,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert len(result.stdout.splitlines()) == 1


# -- the language of a PDF ----------------------------------------------------------------------


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


def test_a_french_event_prints_in_french_on_an_english_system(demo, tmp_path):
    out = tmp_path / "synthèse.pdf"
    result = ok("export-synthesis", demo, out)
    assert result.stdout.startswith("Synthesis written to")  # the messages: the system's
    text = pdf_text(out)
    assert "Sommaire" in text and "Chiffres clés" in text
    assert "Contents" not in text and "Key figures" not in text


def test_lang_en_prints_a_french_event_in_english(demo, tmp_path):
    synthesis = tmp_path / "synthesis.pdf"
    ok("export-synthesis", demo, synthesis, "--lang", "en")
    text = pdf_text(synthesis)
    assert "Contents" in text and "Key figures" in text and "Page 2 of" in text
    assert "Sommaire" not in text and "Chiffres clés" not in text
    assert "Rencontres des coopérations territoriales" in text  # the event's words stay

    carnet = tmp_path / "carnet.pdf"
    ok("export-carnet", demo, carnet, "--lang", "en")
    text = pdf_text(carnet)
    assert "Welcome" in text and "Bienvenue" not in text


def test_lang_fr_on_the_window_language_en_and_table_plans(demo, tmp_path):
    event = tmp_path / "café.recolte"
    ok("demo", event)
    cafe = next(
        line.split()[0]
        for line in ok("sessions", event).stdout.splitlines()
        if "World café" in line
    )
    ok("plan-rotation", event, cafe, "--time-limit", 1)
    english, french = tmp_path / "plans-en.pdf", tmp_path / "plans-fr.pdf"
    ok("export-plans", event, english, "--lang", "en")
    ok("export-plans", event, french)
    assert "Round 1" in pdf_text(english) and "Tour 1" not in pdf_text(english)
    assert "Tour 1" in pdf_text(french) and "Round 1" not in pdf_text(french)


def test_lang_is_in_the_help_of_each_pdf_command():
    for name in ("export-synthesis", "export-carnet", "export-plans"):
        text = " ".join(ok(name, "--help").stdout.split())
        assert "--lang {fr,en} language of the document" in text, name
