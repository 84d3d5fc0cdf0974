"""Damaged `.recolte` files met by every way in: `check`, `export-json`, `merge` (as the target
and as a copy), `import-csv` and the window's open path.

Each answers in one sentence that names the file, without a traceback, and leaves the file
byte-identical and its folder as it was (no lock, -wal or -shm left, no output written). The
damaged files are those of tests/store/test_open_errors.py (truncated at several offsets, a
zeroed page, random bytes in the middle, a -wal left by another database, an empty file,
another SQLite file, a newer format…) and a folder with an event's name.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cli_run import run
from recorded_app import recorded_recolte

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from test_open_errors import BAD_FILES  # noqa: E402


def make_folder(path: Path, event: Path) -> None:
    path.mkdir()


CASES = [*BAD_FILES, pytest.param(make_folder, None, id="folder")]
NAME = "réunion.recolte"


def one_sentence(result: subprocess.CompletedProcess, name: str = NAME) -> str:
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert name in lines[0], lines[0]
    assert "sqlite3." not in lines[0] and "Error:" not in lines[0]
    return lines[0]


def state(folder: Path) -> dict[str, bytes | None]:
    """Every entry of the folder: a file's bytes, None for a folder."""
    return {p.name: (None if p.is_dir() else p.read_bytes()) for p in sorted(folder.iterdir())}


@pytest.fixture
def damaged(request, tmp_path, event_file) -> Path:
    folder = tmp_path / "dossier abîmé"
    folder.mkdir()
    path = folder / NAME
    request.param(path, event_file)
    return path


@pytest.fixture
def csv_file(tmp_path) -> Path:
    path = tmp_path / "inscrits.csv"
    path.write_text("Nom;Organisation\nAnaïs Lefèvre;La Tréso\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("damaged", "expected"), CASES, indirect=["damaged"])
def test_every_command_answers_one_sentence_and_leaves_the_file_alone(
    damaged, expected, event_file, csv_file, tmp_path
):
    folder = damaged.parent
    before = state(folder)
    out = tmp_path / "sortie.json"
    good = tmp_path / "bonne copie.recolte"
    shutil.copyfile(event_file, good)
    good_before = good.read_bytes()

    one_sentence(run("check", damaged))
    one_sentence(run("export-json", damaged, out))
    assert not out.exists()
    one_sentence(run("merge", damaged, good))  # as the target
    one_sentence(run("merge", good, damaged))  # as a copy to merge
    assert good.read_bytes() == good_before
    one_sentence(run("import-csv", damaged, csv_file))

    assert state(folder) == before
    assert not list(tmp_path.glob(".*.part"))


@pytest.mark.parametrize(("damaged", "expected"), CASES, indirect=["damaged"])
def test_the_window_says_one_sentence_and_leaves_the_file_alone(
    damaged, expected, qapp, qtbot, tmp_path, monkeypatch
):
    before = state(damaged.parent)
    recolte, told = recorded_recolte(qapp, tmp_path, monkeypatch)
    try:
        with qtbot.captureExceptions() as exceptions:
            assert recolte.open_path(damaged) is None
        assert exceptions == []
        assert recolte.windows == []
        assert told.informations == []
        ((title, sentence),) = told.warnings
        assert title == "Cannot open the event"
        assert NAME in sentence and "\n" not in sentence and sentence.endswith(".")
    finally:
        recolte.quit()
    assert state(damaged.parent) == before
