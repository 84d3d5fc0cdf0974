"""The one translation mechanism of Récolte, shared by the window, the CLI and the exporters.

Source strings are English and double as message ids; `resources/translations/<lang>.json`
maps them to the translation. `tr("Saved at {time}", time=...)` looks the id up in the
current catalogue and fills the named fields. The composition roots (`app.py`, `cli.py`)
call `set_language()` once at start; nothing happens at import time. Qt-free on purpose:
the GUI uses the same `tr`, and the exporters receive strings already translated.
"""

from __future__ import annotations

import json
import os

from facilitator_app.paths import resource

__all__ = ["LANGUAGES", "N_", "tr", "set_language", "current_language", "system_language"]

LANGUAGES = ("fr", "en")

_state: dict[str, object] = {"language": "en", "catalog": {}}


def system_language() -> str:
    """`fr` when the system speaks French, else `en`."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    import locale

    code = locale.getlocale()[0] or ""
    return "fr" if code.lower().startswith("fr") else "en"


def set_language(language: str | None = None) -> str:
    """Use `language` (`fr`/`en`), or the system's when None; returns the one chosen."""
    chosen = language if language in LANGUAGES else system_language()
    catalog: dict[str, str] = {}
    if chosen != "en":
        path = resource("translations", f"{chosen}.json")
        catalog = json.loads(path.read_text(encoding="utf-8"))
    _state["language"] = chosen
    _state["catalog"] = catalog
    return chosen


def current_language() -> str:
    return str(_state["language"])


def tr(message: str, /, **fields: object) -> str:
    catalog: dict[str, str] = _state["catalog"]  # type: ignore[assignment]
    text = catalog.get(message) or message
    return text.format(**fields) if fields else text


def N_(message: str, /) -> str:  # noqa: N802 (the gettext name for "translated later")
    """Marks a message id kept in a table and translated where it is shown."""
    return message
