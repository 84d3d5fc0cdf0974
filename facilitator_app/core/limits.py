"""How big a thing Récolte accepts, in one place: the import, the capture box and the photo
pages all refuse (or shrink) past these, so that one clumsy paste cannot make a search, an
export or a merge crawl.

`check_text(record)` is the one rule for text: every command that writes a record
(`core.commands`) passes it, so a note, a card, a quote, a table's synthesis or any other
text field longer than `MAX_NOTE_CHARS` is refused with `TextTooLong` and one sentence,
whichever way it came (the window, the CLI, a spreadsheet import). A record that already
held a longer text (a file written before the limit) may still be edited as long as the
edit does not make that text longer.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from facilitator_app.core.errors import RecolteError
from facilitator_app.i18n import current_language, tr

if TYPE_CHECKING:
    from facilitator_app.core.model import Record

__all__ = [
    "MAX_NOTE_CHARS",
    "MAX_IMAGE_PIXELS",
    "MAX_MESSAGE_CHARS",
    "TextTooLong",
    "shorten",
    "grouped",
    "too_long",
    "check_text",
]

MAX_NOTE_CHARS = 100_000  # a note, a card, a synthesis: about 40 printed pages
MAX_IMAGE_PIXELS = 40_000_000  # a photo is downscaled to this on import, never decoded whole
MAX_MESSAGE_CHARS = 200  # a value quoted in an error sentence is cut to this

R = TypeVar("R", bound="Record")


class TextTooLong(RecolteError):
    """A text longer than `MAX_NOTE_CHARS` was refused; nothing was written."""


def shorten(text: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """`text` cut to `limit` characters, an ellipsis marking the cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def grouped(n: int) -> str:
    """100,000 in English, 100 000 (narrow no-break space) in French."""
    return f"{n:,}".replace(",", "\u202f") if current_language() == "fr" else f"{n:,}"


def too_long(length: int) -> str:
    """The sentence refusing a text of `length` characters."""
    return tr(
        "This text is too long: {n} characters, at most {limit} (about 40 printed pages); "
        "split it in several parts.",
        n=grouped(length),
        limit=grouped(MAX_NOTE_CHARS),
    )


def check_text(record: R, *, before: Record | None = None) -> R:
    """`record` itself when none of its text fields is longer than `MAX_NOTE_CHARS` (or, for
    an edit of `before`, longer than it already was); TextTooLong otherwise."""
    names, read = _text_fields(type(record))
    values = read(record)
    try:
        if max(map(len, filter(None, values)), default=0) <= MAX_NOTE_CHARS:
            return record  # the usual case, checked at C speed (an import writes 100,000)
    except TypeError:  # a value that is not text: looked at one by one below
        pass
    for name, value in zip(names, values, strict=True):
        if isinstance(value, str) and len(value) > MAX_NOTE_CHARS:
            old = getattr(before, name, None) if before is not None else None
            if isinstance(old, str) and len(value) <= len(old):
                continue  # a text from before the limit, edited shorter or kept
            raise TextTooLong(too_long(len(value)))
    return record


_Fields = tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]]
_TEXT_FIELDS: dict[type[Record], _Fields] = {}


def _text_fields(record_type: type[Record]) -> _Fields:
    """The names of the text fields of a record type, and a getter of their values, worked
    out once per type (a dict: mypy cannot see through `functools.cache` that a record
    class is hashable)."""
    fields = _TEXT_FIELDS.get(record_type)
    if fields is None:
        fields = _TEXT_FIELDS[record_type] = _find_text_fields(record_type)
    return fields


def _find_text_fields(record_type: type[Record]) -> _Fields:
    names = tuple(
        field.name
        for field in dataclasses.fields(record_type)
        if field.type in ("str", "str | None")
    )
    getter = operator.attrgetter(*names)
    return names, (getter if len(names) > 1 else lambda record: (getter(record),))
