"""Start-up stays close to a bare Qt window: the window's modules load nothing heavy.

Timing belongs in tests/benchmarks; this test checks the cause instead: after importing
what `facilitator-app` needs to paint its first window, none of the slow or feature-only
modules is loaded (they come when the person first uses them).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import facilitator_app

ROOT = Path(facilitator_app.__file__).resolve().parent.parent  # this checkout, not another

LAZY = (
    "qtawesome",  # icons arrive after the first paint
    "reportlab",  # PDFs only
    "sqlite_utils",  # first write or schema upgrade
    "facilitator_app.core.rotation",  # the planner: a world café's seating page
    "facilitator_app.gui.models.cafe",
    "facilitator_app.gui.widgets.cafe_setup",
    "facilitator_app.gui.widgets.harvest",
    "facilitator_app.gui.projector",
    "facilitator_app.gui.widgets.event_page",
    "facilitator_app.gui.widgets.people_page",
    "facilitator_app.gui.dialogs.session_dialog",
    "facilitator_app.cli.main",  # the command line's parser and sub-commands
    "PIL",  # photos and print
    "pypdf",  # the booklet
    "openpyxl",  # spreadsheet import
    "fastjsonschema",  # JSON import, merge of JSON copies, check
    "facilitator_app.core.schema",
    "facilitator_app.gui.widgets.idea_tree",
    "facilitator_app.gui.widgets.grid",
    "facilitator_app.gui.widgets.photos",
    "facilitator_app.gui.widgets.round_table",
    "facilitator_app.gui.widgets.search",
    "facilitator_app.printing.documents",
    "facilitator_app.store.merging",
    "facilitator_app.gui.dialogs.error_dialog",  # with the first unexpected error
    "hashlib",  # digests of versions made apart: merges only
)

SCRIPT = """
import json, sys
import facilitator_app.__main__, facilitator_app.cli, facilitator_app.app
print(json.dumps(sorted(sys.modules)))
"""


def test_the_first_window_loads_nothing_heavy():
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        timeout=60,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "", "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr
    loaded = set(json.loads(result.stdout))
    early = sorted(m for m in LAZY if m in loaded or any(n.startswith(m + ".") for n in loaded))
    assert early == [], f"loaded at start-up: {early}"
