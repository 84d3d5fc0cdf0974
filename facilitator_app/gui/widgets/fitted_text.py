"""`FittedTextEdit`: a text box as tall as its text, between a minimum and a maximum of lines.

A long subtitle in a one-line box is cut mid-word and a short description in a fixed 450 px
box leaves a grey void: this box wraps its text and grows line by line from `min_lines` to
`max_lines`, then scrolls. With `single_line=True` it stands for a line edit whose text
wraps: Enter moves on to the next field and pasted line breaks become spaces; `text()` and
`setText()` read and write it like a QLineEdit.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QSize, Qt
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QFrame, QPlainTextEdit, QSizePolicy, QWidget

__all__ = ["FittedTextEdit"]


class FittedTextEdit(QPlainTextEdit):
    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        min_lines: int = 1,
        max_lines: int = 4,
        single_line: bool = False,
    ) -> None:
        super().__init__(parent)
        self._min_lines, self._max_lines = min_lines, max_lines
        self._single_line = single_line
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        if single_line:
            self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.document().documentLayout().documentSizeChanged.connect(lambda _size: self._fit())
        self._fit()

    # -- like a QLineEdit -----------------------------------------------------------------

    def text(self) -> str:
        return self.toPlainText()

    def setText(self, text: str) -> None:
        self.setPlainText(text)

    def end(self, mark: bool = False) -> None:
        mode = QTextCursor.MoveMode.KeepAnchor if mark else QTextCursor.MoveMode.MoveAnchor
        self.moveCursor(QTextCursor.MoveOperation.End, mode)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._single_line and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.focusNextChild()  # one paragraph: Enter goes on to the next field
            return
        super().keyPressEvent(event)

    def insertFromMimeData(self, source: QMimeData) -> None:
        if self._single_line and source.hasText():
            self.insertPlainText(" ".join(source.text().split()))
            return
        super().insertFromMimeData(source)

    # -- the height -----------------------------------------------------------------------

    def lines_shown(self) -> int:
        """How many lines of text the box shows without scrolling."""
        lines = 0
        block = self.document().begin()
        while block.isValid():
            lines += max(1, block.layout().lineCount())
            block = block.next()
        return max(self._min_lines, min(self._max_lines, lines))

    def _fit(self) -> None:
        margins = self.contentsMargins()
        frame = 2 * self.frameWidth() if self.frameShape() != QFrame.Shape.NoFrame else 0
        height = (
            self.lines_shown() * self.fontMetrics().lineSpacing()
            + 2 * round(self.document().documentMargin())
            + margins.top()
            + margins.bottom()
            + frame
        )
        if height != self.height() or self.minimumHeight() != height:
            self.setFixedHeight(height)

    def resizeEvent(self, event: object) -> None:  # the wrap changes with the width
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._fit()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), self.height())
