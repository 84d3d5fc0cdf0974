"""Layering: core, store, formats, printing and the CLI work without Qt; only the store knows
SQL; the import-linter contracts of pyproject.toml (which layer imports which, Qt only in the
GUI, reportlab only in printing) hold."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import facilitator_app

PACKAGE = Path(facilitator_app.__file__).resolve().parent
QT_FREE_PACKAGES = ("core", "store", "formats", "printing")
QT_FREE_MODULES = ("__init__", "__main__", "cli", "i18n", "paths")
QT = ("PySide6", "shiboken6", "qtawesome")
SQL = ("SELECT ", "INSERT INTO", "CREATE TABLE", "DELETE FROM")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def qt_free_modules() -> list[str]:
    names = [module_name(PACKAGE / f"{name}.py") for name in QT_FREE_MODULES]
    for package in QT_FREE_PACKAGES:
        names += [module_name(p) for p in sorted((PACKAGE / package).rglob("*.py"))]
    return sorted(set(names))


def sources(*, outside: tuple[str, ...]) -> list[Path]:
    """Every .py file of the package except those under the given relative paths."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if not any(relative == o or relative.startswith(o + "/") for o in outside):
            found.append(path)
    return found


def run_fresh(code: str, tmp_path: Path) -> dict:
    """Run `code` in a new interpreter; it prints one JSON object as its last line."""
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(PACKAGE.parent)},  # this checkout's package
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_walk_finds_the_modules():
    modules = qt_free_modules()
    for expected in (
        "facilitator_app.core.clock",
        "facilitator_app.core.commands",
        "facilitator_app.store.event_store",
        "facilitator_app.store.lock",
        "facilitator_app.formats.interchange",
        "facilitator_app.cli",
        "facilitator_app.i18n",
        "facilitator_app.paths",
    ):
        assert expected in modules
    assert not any(m.startswith("facilitator_app.gui") for m in modules)


def test_qt_free_layers_import_no_qt(tmp_path):
    modules = qt_free_modules()
    report = run_fresh(
        f"""
        import importlib, json, sys
        for name in {modules!r}:
            importlib.import_module(name)
        loaded = sorted(m for m in sys.modules if m.split(".")[0] in {QT!r})
        print(json.dumps({{"qt": loaded, "count": len(sys.modules)}}))
    """,
        tmp_path,
    )
    assert report["qt"] == [], f"Qt-free modules pulled in {report['qt'][:5]}"


def test_cli_commands_run_without_qt_or_reportlab(tmp_path):
    small = PACKAGE.parent / "tests" / "data" / "petites_rencontres.json"
    modules = [
        m for m in qt_free_modules() if not m.startswith("facilitator_app.printing")
    ]  # core, store, cli
    report = run_fresh(
        f"""
        import importlib, json, sys
        for name in {modules!r}:
            importlib.import_module(name)
        after_import = sorted(m for m in sys.modules if m.split(".")[0] == "reportlab")
        from facilitator_app.cli.main import run
        from facilitator_app.core.demo import build_demo
        from facilitator_app.store import write_new_event
        content = json.loads(open({str(small)!r}, encoding="utf-8").read())
        write_new_event("e.recolte", build_demo(content=content))
        codes = [run(["check", "e.recolte"]), run(["export-json", "e.recolte", "e.json"]),
                 run(["import-json", "e.json", "f.recolte"])]
        top = {{m.split(".")[0] for m in sys.modules}}
        print(json.dumps({{"codes": codes, "reportlab_on_import": after_import,
                          "loaded": sorted(top & {{"reportlab", *{QT!r}}})}}))
    """,
        tmp_path,
    )
    assert report["codes"] == [0, 0, 0]
    assert report["reportlab_on_import"] == []
    assert report["loaded"] == []


def test_sql_lives_only_in_the_store():
    offenders = []
    for path in sources(outside=("store",)):
        text = path.read_text(encoding="utf-8")
        offenders += [f"{path.relative_to(PACKAGE)}: {k!r}" for k in SQL if k in text]
    assert offenders == []


def test_the_import_contracts_hold(tmp_path):
    """`lint-imports` (installed with the test extras) finds every contract kept."""
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint), "--no-cache", "--config", str(PACKAGE.parent / "pyproject.toml")],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(PACKAGE.parent)},  # this checkout's package
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 broken" in result.stdout


def test_the_checks_can_fail():
    """The SQL patterns above do catch what they look for."""
    assert any(k in 'conn.execute("SELECT id FROM notes")' for k in SQL)
    assert not any(k in "select the notes of a session" for k in SQL)


def test_no_module_is_over_500_lines():
    """STYLE.md: a module says one thing; past 500 lines it says several (issue 13)."""
    long = {
        path.relative_to(PACKAGE.parent).as_posix(): lines
        for path in sorted(PACKAGE.rglob("*.py"))
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > 500
    }
    assert long == {}
