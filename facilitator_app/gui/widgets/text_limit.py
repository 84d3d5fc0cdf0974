"""`limit_length(box)`: a text box that refuses, as it happens, a text over `MAX_NOTE_CHARS`.

The core refuses such a text whichever way it comes (`core.limits.check_text`); in the
window, the paste or keystroke that would cross the limit is undone at once and one sentence
says so beside the box, so that the person keeps what they had and no save fails later.
A line box's own limit (Qt's default cuts a paste at 32,767 characters without a word) is
raised to just past ours. A text already longer, loaded from a file written before the
limit, is shown as it is; it may be shortened, not lengthened.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QToolTip, QWidget

from facilitator_app.core.limits import MAX_NOTE_CHARS, grouped
from facilitator_app.i18n import tr

__all__ = ["limit_length", "refusal"]

_SHOWN_MS = 8_000
Box = TypeVar("Box", QLineEdit, QPlainTextEdit)


def refusal() -> str:
    """The sentence shown when a text too long was not taken."""
    return tr(
        "Too long: a text holds at most {limit} characters in Récolte (about 40 printed "
        "pages); this one was not added, split it in several parts.",
        limit=grouped(MAX_NOTE_CHARS),
    )


def limit_length(box: Box) -> Box:
    """`box`, made to refuse any edit that leaves it longer than `MAX_NOTE_CHARS`."""
    if isinstance(box, QLineEdit):
        box.setMaxLength(MAX_NOTE_CHARS + 1)
        box.textEdited.connect(lambda text: _line_edited(box, text))
    else:
        accepted = [_length(box)]
        box.textChanged.connect(lambda: _box_changed(box, accepted))
    return box


def _length(box: QPlainTextEdit) -> int:
    return max(box.document().characterCount() - 1, 0)  # without the closing separator


def _line_edited(box: QLineEdit, text: str) -> None:
    if len(text) > MAX_NOTE_CHARS:
        box.undo()
        _say(box)


def _box_changed(box: QPlainTextEdit, accepted: list[int]) -> None:
    length = _length(box)
    if length > MAX_NOTE_CHARS and length > accepted[0] and box.document().isUndoAvailable():
        box.undo()  # the paste or the keystroke: what was there stays
        _say(box)
        return
    accepted[0] = length


def _say(box: QWidget) -> None:
    QToolTip.showText(
        box.mapToGlobal(QPoint(0, box.height())), refusal(), box, box.rect(), _SHOWN_MS
    )
