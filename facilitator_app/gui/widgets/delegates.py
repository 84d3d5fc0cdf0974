"""Item delegates shared by the tables: save while typing, pick a note type or an
organisation, complete a value, edit long text; and `open_as_list`, the list-style choice editor.

Delegates only build editors and hand the chosen value to the model's `setData`, which pushes
the command; they never write the event themselves. `OrganisationDelegate` reads the choices
from the document each time an editor opens, so a new organisation is offered at once. The
café set-up's own editors are in `cafe_delegates` (this module is loaded at start-up).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    Qt,
    QTimer,
)
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QLineEdit,
    QPlainTextEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from facilitator_app.core.model import NOTE_KINDS
from facilitator_app.core.vocabulary import note_kind_label
from facilitator_app.gui.document import EventDocument
from facilitator_app.gui.save_timer import SaveTimer
from facilitator_app.gui.widgets.text_limit import limit_length
from facilitator_app.i18n import tr

__all__ = [
    "TypingDelegate",
    "NoteKindDelegate",
    "OrganisationDelegate",
    "CompleterDelegate",
    "PlainTextDelegate",
    "open_as_list",
    "SAVE_DELAY_MS",
]

AnyIndex = QModelIndex | QPersistentModelIndex
SAVE_DELAY_MS = 400


def _editor_text(editor: QWidget) -> str | None:
    if isinstance(editor, QLineEdit):
        return editor.text()
    if isinstance(editor, QPlainTextEdit):
        return editor.toPlainText()
    return None


def open_as_list(
    delegate: QStyledItemDelegate, combo: QComboBox, *, elide: bool = False
) -> QComboBox:
    """A choice editor shown as a scrolled list that opens at once (one double-click) and
    saves the choice as soon as it is made."""
    combo.setMaxVisibleItems(16)
    combo.setStyleSheet("QComboBox { combobox-popup: 0; }")  # a scrolled list, not a wall
    view = combo.view()
    if elide:
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
    widest = view.sizeHintForColumn(0) + view.verticalScrollBar().sizeHint().width() + 8
    view.setMinimumWidth(min(widest, combo.fontMetrics().averageCharWidth() * 64))

    def commit(_row: int) -> None:
        delegate.commitData.emit(combo)
        delegate.closeEditor.emit(combo, QStyledItemDelegate.EndEditHint.SubmitModelCache)

    combo.activated.connect(commit)
    QTimer.singleShot(0, combo, combo.showPopup)
    return combo


class TypingDelegate(QStyledItemDelegate):
    """Saves what is typed in an open cell editor when typing pauses, and within a second
    while it goes on (`SaveTimer`).

    A laptop shut in the middle of a correction then loses at most the last keystrokes; the
    models push these saves as `typing` edits, so one editing run is one undo step. The
    editor needs no draft: what it holds is the edit itself, written as it is typed (and
    committed when focus leaves it, which closing the window does first). Each save
    comes back as `dataChanged`: the editor is left alone (text and cursor) when it already
    says the same, and only follows the model when the value really changed (an undo).
    """

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        return self.watch(super().createEditor(parent, option, index))

    def watch(self, editor: QWidget) -> QWidget:
        if isinstance(editor, QLineEdit):
            limit_length(editor)  # a paste past MAX_NOTE_CHARS is undone, with a sentence
        elif isinstance(editor, QPlainTextEdit):
            limit_length(editor)
        timer = SaveTimer(lambda: self.commitData.emit(editor), editor)
        if isinstance(editor, QLineEdit):
            editor.textEdited.connect(timer.touch)
        elif isinstance(editor, QPlainTextEdit):  # loading the value counts too: saving an
            editor.textChanged.connect(timer.touch)  # unchanged value pushes nothing
        return editor

    def shows(self, editor: QWidget, index: AnyIndex) -> bool:
        """Whether the editor already shows the model's value (spaces at the ends aside)."""
        text = _editor_text(editor)
        value = index.data(Qt.ItemDataRole.EditRole)
        return text is not None and text.strip() == str(value if value is not None else "").strip()

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        if not self.shows(editor, index):
            super().setEditorData(editor, index)


class NoteKindDelegate(QStyledItemDelegate):
    """Edits a note's type with the list of the translated type names."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        combo = QComboBox(parent)
        for kind in NOTE_KINDS:
            combo.addItem(note_kind_label(kind), kind)
        return open_as_list(self, combo)

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class OrganisationDelegate(QStyledItemDelegate):
    """A combo box of the event's organisations, by name; the first, empty choice means none.

    The model's EditRole value is the organisation id. A participant whose organisation was
    deleted shows the empty choice, and keeps its id unless another choice is made.
    """

    def __init__(self, document: EventDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._document = document

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        combo = QComboBox(parent)
        combo.setObjectName("organisationEditor")
        combo.addItem(tr("(none)"), "")
        for organisation in self._document.read.all_organisations():
            combo.addItem(organisation.name, organisation.id)
        return open_as_list(self, combo, elide=True)

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        current = index.data(Qt.ItemDataRole.EditRole) or ""
        row = editor.findData(current)
        editor.setCurrentIndex(max(row, 0))
        editor.setProperty("initialRow", editor.currentIndex())

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        if editor.currentIndex() == editor.property("initialRow"):
            return  # unchanged: keep a deleted organisation's id, push nothing
        model.setData(index, editor.currentData() or "", Qt.ItemDataRole.EditRole)


class CompleterDelegate(TypingDelegate):
    """A line edit that suggests the values already in the same column (types, roles, places)."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        editor = QLineEdit(parent)
        editor.setFrame(False)
        values = _column_values(index)
        if values:
            completer = QCompleter(values, editor)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            editor.setCompleter(completer)
        return self.watch(editor)


def _column_values(index: AnyIndex) -> list[str]:
    model: Any = index.model()
    while model is not None and not hasattr(model, "column_values"):
        model = model.sourceModel() if hasattr(model, "sourceModel") else None
    return model.column_values(index.column()) if model is not None else []


class PlainTextDelegate(TypingDelegate):
    """Edits text in a box of several lines, saved while typing; Tab or a click elsewhere
    saves, Escape cancels.

    For long text (a presentation) Enter adds a line and Ctrl+Enter saves and closes. With
    `ONE_PARAGRAPH` (a note, a card) Enter saves and closes too, and line breaks pasted in
    become spaces. Subclasses shape the box (`make_editor`, `updateEditorGeometry`).
    """

    LINES = 6
    ONE_PARAGRAPH = False

    def make_editor(self, parent: QWidget) -> QPlainTextEdit:
        editor = QPlainTextEdit(parent)
        editor.setTabChangesFocus(True)
        editor.installEventFilter(self)
        self.watch(editor)
        return editor

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        return self.make_editor(parent)

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        assert isinstance(editor, QPlainTextEdit)
        if self.shows(editor, index):
            return
        editor.setPlainText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
        editor.moveCursor(QTextCursor.MoveOperation.End)  # a correction, not a rewrite

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        assert isinstance(editor, QPlainTextEdit)
        text = editor.toPlainText()
        if self.ONE_PARAGRAPH:
            text = " ".join(text.split("\n"))
        model.setData(index, text, Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> None:
        rect = QRect(option.rect)
        height = editor.fontMetrics().lineSpacing() * self.LINES + 12
        rect.setHeight(max(rect.height(), height))
        rect.setWidth(max(rect.width(), 360))
        viewport = editor.parentWidget()
        if viewport is not None:
            bounds = viewport.rect()
            if rect.bottom() > bounds.bottom():
                rect.moveBottom(max(bounds.bottom(), rect.height()))
            if rect.right() > bounds.right():
                rect.moveRight(max(bounds.right(), rect.width()))
        editor.setGeometry(rect)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            isinstance(watched, QPlainTextEdit)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and (self.ONE_PARAGRAPH or event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        ):
            self.commitData.emit(watched)
            self.closeEditor.emit(watched, QStyledItemDelegate.EndEditHint.NoHint)
            return True
        return super().eventFilter(watched, event)
