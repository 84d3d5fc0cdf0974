"""The outline of an idea tree: a tree view that takes the keys an outliner takes, and the
editors of its cells (text saved while typing, type from a list, votes from 0 up).

`IdeaOutline` only says which edit a key asks for (`command`), and the text editor says when
Tab or Shift+Tab was pressed while typing (`tabbed`); `IdeaTreeEditor` performs them. The
view accepts its keys before the window's shortcuts see them (F2 renames the session
elsewhere), and says what to do when the tree has no idea yet.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QWidget,
)

from facilitator_app.gui.widgets.delegates import TypingDelegate
from facilitator_app.i18n import tr

__all__ = ["IdeaOutline", "IdeaTextDelegate", "VotesDelegate"]

AnyIndex = QModelIndex | QPersistentModelIndex
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class IdeaTextDelegate(TypingDelegate):
    """A one-line editor saved while typing; Tab and Shift+Tab save, then indent or outdent."""

    tabbed = Signal(bool)  # True for Shift+Tab

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        editor = QLineEdit(parent)
        editor.setObjectName("ideaEditor")
        editor.setFrame(False)
        return self.watch(editor)

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        assert isinstance(editor, QLineEdit)
        if not self.shows(editor, index):
            editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
            editor.selectAll()  # a new idea's placeholder is replaced by typing

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            isinstance(watched, QLineEdit)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
        ):
            backwards = event.key() == Qt.Key.Key_Backtab or bool(
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            )
            self.commitData.emit(watched)
            self.closeEditor.emit(watched, QStyledItemDelegate.EndEditHint.NoHint)
            self.tabbed.emit(backwards)
            return True
        return super().eventFilter(watched, event)


class VotesDelegate(QStyledItemDelegate):
    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        spin = QSpinBox(parent)
        spin.setRange(0, 9999)
        return spin


def _outline_key(event: QKeyEvent) -> bool:
    """Whether the outline handles this key itself (so a window shortcut must not take it)."""
    key, ctrl = event.key(), bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
    if key in (*_ENTER, Qt.Key.Key_Insert, Qt.Key.Key_Delete, Qt.Key.Key_F2):
        return True
    if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
        return not ctrl
    return ctrl and key in (Qt.Key.Key_Up, Qt.Key.Key_Down)


class IdeaOutline(QTreeView):
    """The outline's tree view: outliner keys, and what to do when the tree is empty."""

    command = Signal(str)  # sibling, child, indent, outdent, delete, up, down

    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and self.state() != QAbstractItemView.State.EditingState
            and _outline_key(event)
        ):
            event.accept()  # F2, Delete, Enter… act on the idea, not a window shortcut
            return True
        # Tab and Shift+Tab would move the focus before keyPressEvent sees them
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
            and not event.modifiers() & Qt.KeyboardModifier.ControlModifier
            and self.state() != QAbstractItemView.State.EditingState
        ):
            shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            outdent = event.key() == Qt.Key.Key_Backtab or bool(shift)
            self.command.emit("outdent" if outdent else "indent")
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.state() == QAbstractItemView.State.EditingState:
            super().keyPressEvent(event)
            return
        key, mods = event.key(), event.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        found = None
        if key in _ENTER:
            found = "child" if ctrl else "sibling"
        elif key == Qt.Key.Key_Insert:
            found = "child"
        elif key == Qt.Key.Key_Delete:
            found = "delete"
        elif ctrl and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            found = "up" if key == Qt.Key.Key_Up else "down"
        if found is None:
            super().keyPressEvent(event)
            return
        self.command.emit(found)
        event.accept()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.model() is not None and self.model().rowCount() == 0:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().placeholderText().color())
            rect = self.viewport().rect().adjusted(24, 24, -24, -24)
            painter.drawText(
                rect,
                Qt.AlignmentFlag.AlignHCenter
                | Qt.AlignmentFlag.AlignTop
                | Qt.TextFlag.TextWordWrap,
                tr("No ideas yet. Press Enter or click “Add branch” to start the tree."),
            )
