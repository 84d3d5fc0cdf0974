"""The command line (CONTRACT §1), run for real in a subprocess as a script or a person would."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import facilitator_app
from facilitator_app.paths import resource

DEMO_SEEDS = resource("demo", "rencontres.json")
COUNTS_RE = re.compile(r"sessions=(\d+) .*participants=(\d+) .*notes=(\d+)")


def run(*args, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "facilitator_app", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        cwd=cwd,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )


def ok(*args, cwd: Path | None = None) -> subprocess.CompletedProcess:
    result = run(*args, cwd=cwd)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result


def counts(check_output: str) -> tuple[int, int, int]:
    match = COUNTS_RE.search(check_output)
    assert match, check_output
    return tuple(int(n) for n in match.groups())


def assert_one_line_error(result: subprocess.CompletedProcess) -> str:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].strip()
    return lines[0]


def fingerprint(folder: Path, *, sqlite_side_files: bool = True) -> dict[str, tuple[bytes, int]]:
    """Content and mtime of every file in `folder` (optionally not SQLite's -wal/-shm)."""
    return {
        p.name: (p.read_bytes(), p.stat().st_mtime_ns)
        for p in folder.iterdir()
        if p.is_file() and (sqlite_side_files or not p.name.endswith(("-wal", "-shm")))
    }


needs_demo = pytest.mark.skipif(not DEMO_SEEDS.exists(), reason=f"{DEMO_SEEDS} is not written yet")


def test_version():
    result = ok("--version")
    assert result.stdout.strip() == f"facilitator-app {facilitator_app.__version__}"
    assert re.fullmatch(r"facilitator-app \d+\.\d+\.\d+\S*", result.stdout.strip())


# -- demo -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_files(tmp_path_factory):
    if not DEMO_SEEDS.exists():
        pytest.skip(f"{DEMO_SEEDS} is not written yet")
    folder = tmp_path_factory.mktemp("démo")
    files = {}
    for name, scale in (("un", 1), ("trois", 3), ("trois-bis", 3)):
        path = folder / f"{name}.recolte"
        args = ["demo", path] + (["--scale", scale] if scale != 1 else [])
        ok(*args)
        files[name] = path
    return files


def test_demo_then_check(demo_files):
    result = ok("check", demo_files["un"])
    sessions, participants, notes = counts(result.stdout)
    assert sessions >= 10 and participants >= 30 and notes >= 100
    assert len(result.stdout.strip().splitlines()) == 1
    assert result.stderr == ""


def test_demo_scale_multiplies_about_n_fold(demo_files):
    one = counts(ok("check", demo_files["un"]).stdout)
    three = counts(ok("check", demo_files["trois"]).stdout)
    for single, triple in zip(one, three, strict=True):
        assert 2.5 * single <= triple <= 3.5 * single, (one, three)


def test_demo_is_deterministic(demo_files, tmp_path):
    ok("export-json", demo_files["trois"], tmp_path / "a.json")
    ok("export-json", demo_files["trois-bis"], tmp_path / "b.json")
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    document = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert document["event"]["language"] == "fr"
    assert any("é" in s["title"] or "’" in s["title"] for s in document["sessions"])


@needs_demo
def test_demo_never_overwrites_unless_forced(tmp_path):
    path = tmp_path / "démo.recolte"
    path.write_bytes(b"mes notes")
    assert_one_line_error(run("demo", path))
    assert path.read_bytes() == b"mes notes"
    ok("demo", path, "--force")
    assert counts(ok("check", path).stdout)[0] >= 10


# -- JSON round trip --------------------------------------------------------------------------


def test_export_import_export_identical(event_file, tmp_path):
    first = tmp_path / "premier export.json"
    ok("export-json", event_file, first)
    ok("import-json", first, tmp_path / "copie.recolte")
    ok("export-json", tmp_path / "copie.recolte", tmp_path / "second.json")
    one = json.loads(first.read_text(encoding="utf-8"))
    two = json.loads((tmp_path / "second.json").read_text(encoding="utf-8"))
    assert one == two
    assert "Petites rencontres des coopérations" in first.read_text(encoding="utf-8")
    assert counts(ok("check", tmp_path / "copie.recolte").stdout) == (6, 4, 13)


def test_check_counts_the_event(event_file):
    result = ok("check", event_file)
    assert counts(result.stdout) == (6, 4, 13)
    assert "status=ok" in result.stdout


def test_paths_with_accents_spaces_and_hash(event_file, tmp_path):
    folder = tmp_path / "Dossier été #2 (copie)"
    folder.mkdir()
    path = folder / "Rencontres d’été #1.recolte"
    shutil.copyfile(event_file, path)
    assert counts(ok("check", path).stdout) == (6, 4, 13)
    ok("export-json", path, folder / "sortie été.json")
    assert (folder / "sortie été.json").exists()


def test_check_reports_a_damaged_reference(event_file):
    conn = sqlite3.connect(event_file)
    conn.execute(
        "UPDATE notes SET session_id = '00000000-0000-4000-8000-00000000dead' WHERE rowid = 1"
    )
    conn.commit()
    conn.close()
    result = run("check", event_file)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip()  # the problem itself
    assert "notes=13" in result.stdout  # and still the summary line


# -- errors: one line, non-zero, nothing touched ------------------------------------------


def _bad_json(folder: Path, event: Path) -> list:
    (folder / "cassé.json").write_text('{"format": "recolte", "version": 1,', encoding="utf-8")
    return ["import-json", folder / "cassé.json", folder / "nouveau.recolte"]


def _import_onto_existing(folder: Path, event: Path) -> list:
    ok("export-json", event, folder / "export.json")
    return ["import-json", folder / "export.json", event]


def _dangling(folder: Path, event: Path) -> list:
    ok("export-json", event, folder / "export.json")
    document = json.loads((folder / "export.json").read_text(encoding="utf-8"))
    document["notes"][0]["category_id"] = "00000000-0000-4000-8000-00000000beef"
    (folder / "export.json").write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return ["import-json", folder / "export.json", folder / "nouveau.recolte"]


def _newer(folder: Path, event: Path) -> list:
    conn = sqlite3.connect(event)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    return ["check", event]


def _text_file(folder: Path, event: Path) -> list:
    (folder / "notes.recolte").write_text("Compte rendu\n", encoding="utf-8")
    return ["check", folder / "notes.recolte"]


def _damaged(folder: Path, event: Path) -> list:
    data = bytearray(event.read_bytes())
    data[4096:8192] = b"\xa5" * 4096
    event.write_bytes(bytes(data))
    return ["check", event]


ERRORS = [
    pytest.param(
        lambda f, e: ["check", f / "absent.recolte"], "absent.recolte", id="check-missing-file"
    ),
    pytest.param(_text_file, "notes.recolte", id="check-not-an-event"),
    pytest.param(_damaged, "rencontres", id="check-damaged"),
    pytest.param(_newer, "99", id="check-newer-format"),
    pytest.param(
        lambda f, e: ["export-json", f / "absent.recolte", f / "x.json"],
        "absent.recolte",
        id="export-missing-file",
    ),
    pytest.param(_import_onto_existing, "petites rencontres.recolte", id="import-onto-existing"),
    pytest.param(_bad_json, "cassé.json", id="import-bad-json"),
    pytest.param(
        lambda f, e: ["import-json", f / "absent.json", f / "n.recolte"],
        "absent.json",
        id="import-missing-json",
    ),
    pytest.param(_dangling, "00000000-0000-4000-8000-00000000beef", id="import-dangling-id"),
    pytest.param(lambda f, e: ["check"], "", id="usage-missing-argument"),
    pytest.param(
        lambda f, e: ["demo", f / "x.recolte", "--scale", "zéro"], "", id="usage-bad-scale"
    ),
]


@pytest.mark.parametrize(("prepare", "mentioned"), ERRORS)
def test_errors_are_one_line_and_touch_nothing(event_file, prepare, mentioned):
    folder = event_file.parent
    args = prepare(folder, event_file)
    # -wal/-shm left by read-only opens: see test_read_only_commands_leave_the_folder_unchanged
    before = fingerprint(folder, sqlite_side_files=False)
    result = run(*args)
    line = assert_one_line_error(result)
    assert mentioned in line
    after = fingerprint(folder, sqlite_side_files=False)
    assert after == before, "an error left a file created or changed"


def test_usage_errors_exit_2(tmp_path):
    assert run("check").returncode == 2
    assert run("demo", tmp_path / "x.recolte", "--scale", "0").returncode == 2


# -- language ---------------------------------------------------------------------------------


def expected_message(lang: str, message_id: str, **fields) -> str:
    """The message as the catalogue of `lang` words it (English, or not yet translated: the id)."""
    catalog = {}
    if lang != "en":
        catalog = json.loads(resource("translations", f"{lang}.json").read_text("utf-8"))
    return (catalog.get(message_id) or message_id).format(**fields)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_lang_option(event_file, tmp_path, lang):
    result = ok("--lang", lang, "check", event_file)
    assert counts(result.stdout) == (6, 4, 13)  # the key=value summary is never translated
    missing = tmp_path / "absent.recolte"
    error = run("--lang", lang, "check", missing)
    assert error.returncode == 1
    line = assert_one_line_error(error)
    assert line == "facilitator-app: " + expected_message(
        lang, "There is no file {path}.", path=missing
    )
    bad = tmp_path / f"cassé-{lang}.json"
    bad.write_text("{", encoding="utf-8")
    assert_one_line_error(run("--lang", lang, "import-json", bad, tmp_path / "n.recolte"))


def test_french_system_language_is_accepted(event_file):
    env = {**os.environ, "LANGUAGE": "fr_FR:fr", "LANG": "fr_FR.UTF-8"}
    result = subprocess.run(
        [sys.executable, "-m", "facilitator_app", "check", str(event_file)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert counts(result.stdout) == (6, 4, 13)


def test_lang_option_after_the_subcommand(event_file):
    result = run("check", event_file, "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert counts(result.stdout) == (6, 4, 13)


def test_read_only_commands_leave_the_folder_unchanged(event_file, tmp_path):
    out = tmp_path / "exports"
    out.mkdir()
    before = fingerprint(event_file.parent)
    ok("check", event_file)
    ok("export-json", event_file, out / "x.json")
    assert fingerprint(event_file.parent) == before
