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
from typing import Any

from facilitator_app.paths import resource

__all__ = [
    "LANGUAGES",
    "N_",
    "tr",
    "tr_in",
    "tr_count",
    "set_language",
    "current_language",
    "system_language",
]

LANGUAGES = ("fr", "en")


# the language chosen and its catalogue (message id → translation); tests swap the catalogue
_state: dict[str, Any] = {"language": "en", "catalog": {}}


def system_language() -> str:
    """`fr` when the system speaks French, else `en`."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    import locale

    code = locale.getlocale()[0] or ""
    return "fr" if code.lower().startswith("fr") else "en"


def _catalogue(language: str) -> dict[str, str]:
    if language == "en":
        return {}
    catalogue: dict[str, str] = json.loads(
        resource("translations", f"{language}.json").read_text(encoding="utf-8")
    )
    return catalogue


def set_language(language: str | None = None) -> str:
    """Use `language` (`fr`/`en`), or the system's when None; returns the one chosen."""
    chosen = language if language in LANGUAGES else system_language()
    _state["language"] = chosen
    _state["catalog"] = _catalogue(chosen)
    return chosen


def current_language() -> str:
    return str(_state["language"])


def tr(message: str, /, **fields: object) -> str:
    catalog: dict[str, str] = _state["catalog"]
    text = catalog.get(message) or message
    return text.format(**fields) if fields else text


def tr_count(count: int, one: str, many: str, /) -> str:
    """« 1 note » or « {n} notes »: the message for one or for `count` (filled in as `n`)."""
    return tr(one if count == 1 else many, n=count)


def tr_in(language: str, message: str, /, **fields: object) -> str:
    """`message` in `language` whatever the interface speaks (a PDF printed in English from
    a French window)."""
    if language == current_language():
        return tr(message, **fields)
    catalog = _other_catalogues.get(language)
    if catalog is None:
        catalog = _other_catalogues[language] = _catalogue(language)
    text = catalog.get(message) or message
    return text.format(**fields) if fields else text


_other_catalogues: dict[str, dict[str, str]] = {}


def N_(message: str, /) -> str:  # noqa: N802 (the gettext name for "translated later")
    """Marks a message id kept in a table and translated where it is shown."""
    return message
