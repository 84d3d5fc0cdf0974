"""`DraftKeeper`: what is typed in a box that is not an edit yet is kept in the file as a draft.

The capture boxes and a grid column's « Add a card… » box (a note is only made on Enter)
and the question of the session dialog (written on OK) hold text that no edit has saved
yet. Each keeps it in the file's `drafts` table through the document: `touch()` on every
change, written by a `SaveTimer` (under a second after the keystroke, fsync'd), at once
when the document flushes or closes, and deleted with the edit that commits it
(`EventDocument.push(command, draft=box)`). After a crash, reopening the event finds the
draft and the box shows it again.

Editors that save while typing (cell editors, the event form, a table's synthesis) need no
draft: what they hold is written as the edit itself within the same second.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QObject

from facilitator_app.core.model import Session
from facilitator_app.gui.document import Draft, EventDocument
from facilitator_app.gui.save_timer import SaveTimer

__all__ = ["DraftKeeper", "drafted_session"]

# The boxes that make a note on Enter; their drafts say which session they belong to
# (`context["session_id"]`). A name ending in "/" is a family (`card/<column id>`).
_NEW_NOTE_BOXES = ("capture", "speaker-capture", "card/")


class DraftKeeper(QObject):
    """Keeps the text of one box (`text()`) and what committing it needs (`context()`) as
    the draft `box` of the document's file."""

    def __init__(
        self,
        document: EventDocument,
        box: str,
        *,
        text: Callable[[], str],
        context: Callable[[], Mapping[str, Any]],
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self._document = document
        self.box = box
        self._text = text
        self._context = context
        self._timer = SaveTimer(self.save, self)
        document.flushing.connect(self._timer.flush)

    @property
    def pending(self) -> bool:
        """Whether typed text waits to be written."""
        return self._timer.pending

    def saved(self) -> Draft | None:
        """The draft the file holds for this box (what was typed before a crash)."""
        return self._document.draft(self.box)

    def touch(self) -> None:
        """The text or its context changed: write it in a moment."""
        if self._document.editable:
            self._timer.touch()

    def save(self) -> bool:
        """Write the text now (blank text deletes the draft); False if it could not be."""
        self._timer.stop()
        return self._document.save_draft(self.box, self._text(), self._context())

    def flush(self) -> None:
        """Write now if typed text waits (the box is about to go away)."""
        self._timer.flush()

    def committed(self) -> None:
        """The text became an edit (whose push deleted the draft): nothing waits any more."""
        self._timer.stop()

    def discard(self) -> None:
        """The person threw the text away (Cancel): forget the draft."""
        self._timer.stop()
        self._document.delete_draft(self.box)


def drafted_session(document: EventDocument) -> str | None:
    """The session whose capture box holds the most recent unfinished text, if it is still
    in the programme: the window opens on it, so the text is back where it was typed."""
    for draft in document.drafts():
        if not any(
            draft.box == box or (box.endswith("/") and draft.box.startswith(box))
            for box in _NEW_NOTE_BOXES
        ):
            continue
        session = document.read.get(Session, str(draft.context.get("session_id") or ""))
        if session is not None and not session.deleted:
            return session.id
    return None
