"""`TableSynthesisEditor`: the written synthesis of one table of a world café.

A table picker over a text box, shown on the right of the harvest (`gui/widgets/harvest.py`).
The text is saved while typing (within a second of the keystroke, `SaveTimer`; at once when
focus leaves and when the document flushes or closes; one undo step per typing run) as one
`update` command pushed on the document; its own saves coming back through
`document.changed` are recognised, and an undo or another edit replaces the text.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QFont, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.core.commands import ChangeSet, update
from facilitator_app.core.model import CafeTable
from facilitator_app.core.vocabulary import table_label
from facilitator_app.gui.document import EventDocument
from facilitator_app.gui.save_timer import SaveTimer
from facilitator_app.gui.widgets.text_limit import limit_length
from facilitator_app.i18n import tr

__all__ = ["TableSynthesisEditor"]


class TableSynthesisEditor(QWidget):
    """The written synthesis of one table of a world café, saved while typing.

    Its own saves come back through `document.changed` and are recognised (the file then says
    what the box says), so the text and the cursor stay as they are; an undo or another edit of
    the synthesis replaces the text, the cursor kept where it was.
    """

    def __init__(self, document: EventDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._session_id: str | None = None
        self._table_id: str | None = None
        self._saved = ""  # what the file holds for the table shown
        self._loading = False

        self.heading = QLabel(tr("Table synthesis"))
        font = QFont(self.heading.font())
        font.setBold(True)
        self.heading.setFont(font)
        self.picker = QComboBox()
        self.picker.setObjectName("synthesisTable")
        self.picker.setToolTip(tr("The table whose synthesis is shown"))
        self.picker.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.picker.setMinimumContentsLength(16)
        self.picker.currentIndexChanged.connect(lambda _row: self._show(self.picker.currentData()))
        self.editor = limit_length(QPlainTextEdit())
        self.editor.setObjectName("synthesis")
        self.editor.setAccessibleName(tr("Synthesis of the table"))
        self.editor.setTabChangesFocus(True)
        self.editor.setReadOnly(not document.editable)
        self.editor.installEventFilter(self)
        self.editor.textChanged.connect(self._typed)
        self._timer = SaveTimer(self.save, self)

        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addWidget(self.picker, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.editor, 1)
        document.changed.connect(self._on_changed)
        document.flushing.connect(self._timer.flush)
        document.editable_changed.connect(lambda editable: self.editor.setReadOnly(not editable))
        self._update_placeholder()

    @property
    def table_id(self) -> str | None:
        return self._table_id

    def set_session(self, session_id: str | None) -> None:
        self.save()
        self._session_id = session_id
        self._load_tables(force=True)

    def set_table(self, table_id: str | None) -> bool:
        """Show the synthesis of `table_id`; False when the session has no such table."""
        row = self.picker.findData(table_id) if table_id else -1
        if row < 0:
            return False
        self.picker.setCurrentIndex(row)
        return True

    def save(self) -> bool:
        """Write the text now if it differs from the file; True when an edit was pushed."""
        self._timer.stop()
        text = self.editor.toPlainText()
        if self._table_id is None or text == self._saved:
            return False
        table = self._document.read.get(CafeTable, self._table_id)
        if table is None or table.deleted:
            return False
        previous, self._saved = self._saved, text  # set first: the echo of this save is ours
        command = update(table, label="Edit table synthesis", typing=True, synthesis=text)
        if not self._document.push(command):
            self._saved = previous
            return False
        return True

    # -- inside -----------------------------------------------------------------------------

    def _load_tables(self, *, force: bool = False) -> None:
        sid = self._session_id
        items = (
            [
                (table_label(t.number, t.theme), t.id)
                for t in self._document.read.session_tables(sid)
            ]
            if sid
            else []
        )
        shown = [
            (self.picker.itemText(r), self.picker.itemData(r)) for r in range(self.picker.count())
        ]
        if items == shown and not force:
            return
        self.picker.blockSignals(True)
        self.picker.clear()
        for label, table_id in items:
            self.picker.addItem(label, table_id)
        self.picker.setCurrentIndex(max(0, self.picker.findData(self._table_id)))
        self.picker.blockSignals(False)
        self.picker.setEnabled(bool(items))
        self._show(self.picker.currentData(), force=force)

    def _show(self, table_id: str | None, *, force: bool = False) -> None:
        if table_id == self._table_id and not force:
            return
        if table_id != self._table_id:
            self.save()  # what was typed for the previous table
        self._table_id = table_id
        table = self._document.read.get(CafeTable, table_id)
        self._saved = table.synthesis if table is not None else ""
        self._set_text(self._saved, keep_cursor=False)
        self.editor.setEnabled(table is not None)
        self._update_placeholder()

    def _update_placeholder(self) -> None:
        if self._table_id is None:
            self.editor.setPlaceholderText(
                tr("Add tables to this world café to write what each one produced.")
            )
        else:
            self.editor.setPlaceholderText(tr("What this table produced, in a few sentences…"))

    def _set_text(self, text: str, *, keep_cursor: bool) -> None:
        position = self.editor.textCursor().position()
        self._loading = True
        self.editor.setPlainText(text)
        self._loading = False
        if keep_cursor:
            cursor = self.editor.textCursor()
            cursor.setPosition(min(position, self.editor.document().characterCount() - 1))
            self.editor.setTextCursor(cursor)
        else:
            self.editor.moveCursor(QTextCursor.MoveOperation.End)

    def _typed(self) -> None:
        if not self._loading and self._table_id is not None:
            self._timer.touch()

    def _on_changed(self, changes: ChangeSet) -> None:
        if self._session_id is None:
            return
        if changes.touches("table", "session"):
            self._load_tables()  # a table added, removed or renamed
        if self._table_id in changes.ids:
            table = self._document.read.get(CafeTable, self._table_id)
            if table is not None and not table.deleted and table.synthesis != self._saved:
                self._timer.stop()  # an undo (or another edit): the file wins
                self._saved = table.synthesis
                self._set_text(table.synthesis, keep_cursor=True)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.editor and event.type() == QEvent.Type.FocusOut:
            self.save()
        return super().eventFilter(watched, event)
