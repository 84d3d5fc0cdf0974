"""Finds the `resources/` folder from a checkout, an installed wheel or a frozen build."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

__all__ = ["resources_dir", "resource"]


@cache
def resources_dir() -> Path:
    candidates = []
    if getattr(sys, "frozen", False):  # PyInstaller unpacks next to sys._MEIPASS
        candidates.append(Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)) / "resources")
    candidates.append(Path(__file__).resolve().parent.parent / "resources")  # a checkout
    candidates.append(Path(sys.prefix) / "share" / "facilitator-app" / "resources")  # a wheel
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("Récolte's resources folder is missing from this installation")


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
