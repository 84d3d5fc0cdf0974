"""The frozen bundle (`bash packaging/build.sh`) run as a facilitator would: the window and the
PDF commands, from dist/recolte alone.

Building takes about a minute and a half, so the default run does not build: `.ci/run` builds
the bundle after the test suite and runs this module with RECOLTE_BUNDLE=dist/recolte. Without
that variable every test here is skipped, saying so.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

BUNDLE = os.environ.get("RECOLTE_BUNDLE")
pytestmark = pytest.mark.skipif(
    not BUNDLE,
    reason="RECOLTE_BUNDLE is not set (bash packaging/build.sh, then point it at dist/recolte)",
)


@pytest.fixture(scope="module")
def executable() -> Path:
    name = "facilitator-app.exe" if sys.platform == "win32" else "recolte"  # the console one
    path = Path(BUNDLE or "").resolve() / name
    assert path.is_file(), f"{path} was not built"
    return path


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    """A home of its own, and nothing of the source tree on the way: the bundle must carry
    everything it uses (no PYTHONPATH, a working folder outside the checkout)."""
    return tmp_path_factory.mktemp("bundle home")


def bundle_run(executable: Path, home: Path, *args) -> subprocess.CompletedProcess:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "QT_QPA_PLATFORM": "offscreen",
        "LANGUAGE": "en",
    }
    if sys.platform == "win32":  # Windows needs these to start any process
        env.update({k: os.environ[k] for k in ("SYSTEMROOT", "TEMP", "TMP") if k in os.environ})
    return subprocess.run(
        [str(executable), *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=180,
        cwd=home,
        env=env,
    )


@pytest.fixture(scope="module")
def demo(executable, home) -> Path:
    path = home / "démo.recolte"
    result = bundle_run(executable, home, "demo", path)
    assert result.returncode == 0, result.stderr
    return path


def test_the_window_opens_the_demo_and_reports(executable, home, demo):
    result = bundle_run(executable, home, "--startup-check", demo)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("startup_ms="), result.stdout
    assert "Traceback" not in result.stderr


def test_export_synthesis(executable, home, demo):
    out = home / "synthèse.pdf"
    result = bundle_run(executable, home, "export-synthesis", demo, out)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    reader = PdfReader(out)
    assert len(reader.pages) > 3
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Rencontres" in text  # the demo's title, in the embedded DejaVu font


def test_export_carnet_booklet(executable, home, demo):
    out = home / "livret.pdf"
    result = bundle_run(executable, home, "export-carnet", demo, out, "--booklet")
    assert result.returncode == 0, result.stderr
    assert "A5 pages on" in result.stdout
    reader = PdfReader(out)
    assert len(reader.pages) >= 2
    assert "Rencontres des coopérations territoriales" in "\n".join(
        page.extract_text() for page in reader.pages
    )


def test_check_validates_with_the_shipped_schema(executable, home, demo):
    """fastjsonschema, imported only then, against the schema shipped in resources/."""
    result = bundle_run(executable, home, "check", demo)
    assert result.returncode == 0, result.stderr + result.stdout
