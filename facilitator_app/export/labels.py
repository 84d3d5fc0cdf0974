"""The words a printed document uses, translated on the caller's side.

Exporters are Qt-free and never look up the interface language themselves: each has a frozen
dataclass of labels whose defaults are English message ids (marked with `N_`), and the CLI or
the window passes `Labels.translated(language)`, built by `translated_labels`.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any, TypeVar

from facilitator_app.i18n import current_language, tr_in

__all__ = ["translated_labels"]

L = TypeVar("L")


def translated_labels(labels_type: type[L], language: str | None = None) -> L:
    """An instance of the labels dataclass with every default translated into `language`
    (the interface's language when None)."""
    defaults: Any = labels_type()
    language = language or current_language()
    return labels_type(  # type: ignore[call-arg]
        **{f.name: tr_in(language, getattr(defaults, f.name)) for f in fields(defaults)}
    )
