"""Finding a session of the test events by its title, in a document or a store."""

from __future__ import annotations

from facilitator_app.core.model import Session

__all__ = ["session_titled"]


def session_titled(source, title: str) -> Session:
    """The live session titled `title` of an EventDocument (through its reader) or a store."""
    reader = getattr(source, "read", source)
    return next(s for s in reader.all_sessions() if s.title == title)
