"""French-aware text helpers: folding for sorting and matching (`École` ~ `ecole`, `œ` ~ `oe`)."""

from __future__ import annotations

import unicodedata

__all__ = ["fold", "sort_key"]

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})


def fold(text: str) -> str:
    """Lower case, no accents, ligatures spelled out, typographic apostrophe made plain."""
    text = text.translate(_LIGATURES).replace("’", "'")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def sort_key(text: str) -> tuple[str, str]:
    """Sort as a French reader expects: accents and case ignored first, then used to break ties."""
    return fold(text), text
