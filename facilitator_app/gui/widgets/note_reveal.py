"""Showing a note just captured: in its place, fully in view, selected — the keyboard stays put.

The note-taker looks up after Enter to check the note went where it should (its table's
notes, in a world café); the row is measured to its wrapped text first, so scrolling to it
shows all of it rather than the top line at the bottom edge, and it is selected so the eye
finds it. Focus is left where it is: the capture box, ready for the next note.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QAbstractItemView, QTableView

from facilitator_app.gui.models.notes import NotesModel

__all__ = ["reveal_note"]


def reveal_note(view: QTableView, model: NotesModel, note_id: str) -> bool:
    """Select the row of `note_id` and scroll it wholly into view; False when not listed."""
    row = model.row_of(note_id)
    if row < 0:
        return False
    index = model.index(row, 0)
    view.resizeRowToContents(row)
    flags = (
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    )
    view.selectionModel().setCurrentIndex(index, flags)  # no focus taken from the capture box
    view.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
    return True
