"""Running the real command in a subprocess, as a script or a person would, in English."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

__all__ = ["run", "ok", "one_line_error"]


def run(
    *args, language: str = "en", cwd: Path | None = None, display: bool = True
) -> subprocess.CompletedProcess:
    """The real command, in `language`. Without `display` (no X11 or Wayland display), the
    window, if it were started, would say so in one line and exit 1 instead of waiting for
    a person."""
    env = {**os.environ, "LANGUAGE": language, "PYTHONDONTWRITEBYTECODE": "1"}
    if not display:
        for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
            env.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "facilitator_app", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        cwd=cwd,
        env=env,
    )


def ok(*args) -> subprocess.CompletedProcess:
    """The command succeeded and said nothing on standard error."""
    result = run(*args)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result


def one_line_error(result: subprocess.CompletedProcess) -> str:
    """The command failed with one sentence and no traceback; that sentence."""
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]
