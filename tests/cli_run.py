"""Running the real command in a subprocess, as a script or a person would, in English."""

from __future__ import annotations

import os
import subprocess
import sys

__all__ = ["run", "ok", "one_line_error"]


def run(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "facilitator_app", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env={**os.environ, "LANGUAGE": "en", "PYTHONDONTWRITEBYTECODE": "1"},
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
