"""Finds the `resources/` folder however Récolte is installed: a frozen build, a checkout (or an
editable install of one), a wheel installed into a prefix, or a wheel installed anywhere else.

A wheel installs `resources/` as data files under `<scheme data>/share/facilitator-app/resources`
(pyproject.toml). Under `sys.prefix` in a virtual environment or a system install, but not with
`pip install --user` (the user base, ~/.local) or `--prefix`/`--target`: there the installed
distribution's record of its files says where they went.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

__all__ = ["resources_dir", "resource"]

_DATA = ("share", "facilitator-app", "resources")


@cache
def resources_dir() -> Path:
    candidates = []
    if getattr(sys, "frozen", False):  # PyInstaller unpacks next to sys._MEIPASS
        candidates.append(Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)) / "resources")
    candidates.append(Path(__file__).resolve().parent.parent / "resources")  # a checkout
    candidates.append(Path(sys.prefix).joinpath(*_DATA))  # a wheel in a venv or the system
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    recorded = _recorded_resources()  # any other install: --user, --prefix, --target
    if recorded is not None:
        return recorded
    raise FileNotFoundError("Récolte's resources folder is missing from this installation")


def _recorded_resources() -> Path | None:
    """The data folder as the RECORD of the distribution that installed this very module lists
    it, relative to its site-packages (`../../../share/facilitator-app/resources/…` for a --user
    install). Another facilitator-app found earlier on the path (an older install) is skipped."""
    from importlib import metadata  # only when the cheap places above failed

    here = Path(__file__).resolve()
    for distribution in metadata.distributions(name="facilitator-app"):
        files = distribution.files or []
        if not any(Path(str(f.locate())).resolve() == here for f in files if f.name == "paths.py"):
            continue
        for file in files:
            parts = file.parts
            for start in range(len(parts) - len(_DATA)):
                if parts[start : start + len(_DATA)] == _DATA:
                    depth = len(parts) - start - len(_DATA) - 1
                    folder = Path(str(file.locate())).parents[depth]
                    if folder.is_dir():
                        return folder.resolve()
    return None


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
