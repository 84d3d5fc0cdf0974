"""`tools/screenshots.py` run as a person would: every screen saved, and its report."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_tool_saves_every_screen_and_reports_names_and_fit(tmp_path):
    out = tmp_path / "shots"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "screenshots.py"), str(out)]
        + ["--lang", "en", "--size", "1366x768"],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert set(report) >= {"screens", "unnamed_controls", "window", "fits_screen"}
    assert "errors" not in report, report["errors"]
    assert report["screens"] >= 30
    pngs = sorted(p.stem for p in out.glob("*.png"))
    assert len(pngs) == report["screens"]
    for screen in ("programme", "event", "world_cafe_seating_computed", "projector"):
        assert screen in pngs
    assert {"dialog_export_pdf", "dialog_import_participants", "tour_1"} <= set(pngs)
    assert report["unnamed_controls"] == []
    width, height = report["window"]
    assert 0 < width <= 1366 and 0 < height <= 768
    assert report["fits_screen"] is True
