"""How big a thing Récolte accepts, in one place: the import, the capture box and the photo
pages all refuse (or shrink) past these, so that one clumsy paste cannot make a search, an
export or a merge crawl."""

from __future__ import annotations

__all__ = ["MAX_NOTE_CHARS", "MAX_IMAGE_PIXELS", "MAX_MESSAGE_CHARS", "shorten"]

MAX_NOTE_CHARS = 100_000  # a note, a card, a synthesis: about 40 printed pages
MAX_IMAGE_PIXELS = 40_000_000  # a photo is downscaled to this on import, never decoded whole
MAX_MESSAGE_CHARS = 200  # a value quoted in an error sentence is cut to this


def shorten(text: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """`text` cut to `limit` characters, an ellipsis marking the cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
