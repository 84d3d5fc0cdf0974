"""The words a printed document uses, translated on the caller's side.

Exporters are Qt-free and never look up the interface language themselves: each has a frozen
dataclass of labels whose defaults are English message ids (marked with `N_`), and the CLI or
the window passes `Labels.translated(language)`, built by `translated_labels`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from typing import Any, TypeVar

from facilitator_app.i18n import current_language, tr_in

__all__ = ["translated_labels"]

L = TypeVar("L")


def translated_labels(labels_type: type[L], language: str | None = None) -> L:
    """An instance of the labels dataclass with every default translated into `language`
    (the interface's language when None): text fields, the values of mapping fields, and the
    fields of nested labels dataclasses (`Wording`)."""
    translated: L = _translated(labels_type(), language or current_language())
    return translated


def _translated(value: Any, language: str) -> Any:
    if isinstance(value, str):
        return tr_in(language, value)
    if isinstance(value, Mapping):
        return {key: tr_in(language, text) for key, text in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        changed = {f.name: _translated(getattr(value, f.name), language) for f in fields(value)}
        return type(value)(**changed)
    return value
