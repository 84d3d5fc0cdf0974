"""What every sub-command shares: exit codes, and printing that survives `| head`."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable

__all__ = ["EXIT_OK", "EXIT_FAILED", "EXIT_USAGE", "print_lines"]

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def print_lines(lines: Iterable[str]) -> None:
    """Print `lines`; a reader that stops early (`search … | head`) is not an error."""
    try:
        for line in lines:
            print(line)
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing left to say
