"""Cell editors of the world café set-up: minutes and capacities, and a table's host."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import (
    QComboBox,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from facilitator_app.gui.document import EventDocument
from facilitator_app.gui.models.cafe import SpinColumn, TablesModel
from facilitator_app.gui.widgets.delegates import SAVE_DELAY_MS, open_as_list
from facilitator_app.i18n import tr

__all__ = ["SpinDelegate", "HostDelegate"]

AnyIndex = QModelIndex | QPersistentModelIndex


class SpinDelegate(QStyledItemDelegate):
    """A spin box over a `SpinColumn`, saved 400 ms after the last change (one undo step).

    With `none_text`, the lowest value reads as that text and stores « nothing » (no limit).
    """

    def __init__(
        self, column: SpinColumn, *, none_text: str = "", parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._column = column
        self._none_text = none_text

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        spin = QSpinBox(parent)
        spin.setObjectName("spinEditor")
        spin.setFrame(False)
        spin.setRange(self._column.low, self._column.high)
        spin.setAlignment(Qt.AlignmentFlag.AlignCenter)
        if self._none_text:
            spin.setSpecialValueText(self._none_text)
        timer = QTimer(spin)
        timer.setSingleShot(True)
        timer.setInterval(SAVE_DELAY_MS)
        timer.timeout.connect(lambda: self.commitData.emit(spin))
        spin.valueChanged.connect(timer.start)
        return spin

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> None:
        # « No limit » and the arrows may need more than a narrow number column: widen the
        # editor over its left neighbour rather than clip it.
        rect = QRect(option.rect)
        width = editor.sizeHint().width()
        if width > rect.width():
            rect.setLeft(max(0, rect.right() - width))
        editor.setGeometry(rect)

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        assert isinstance(editor, QSpinBox)
        value = int(index.data(Qt.ItemDataRole.EditRole) or 0)
        if editor.value() != value:  # its own save coming back: leave the typing alone
            editor.blockSignals(True)
            editor.setValue(value)
            editor.blockSignals(False)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        assert isinstance(editor, QSpinBox)
        editor.interpretText()
        model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)


class HostDelegate(QStyledItemDelegate):
    """A list of the event's participants to pick a table's host; the first choice is none.

    Someone who hosts another table says so in the list; choosing them moves them here.
    """

    def __init__(
        self, model: TablesModel, document: EventDocument, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._model = model
        self._document = document

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        combo = QComboBox(parent)
        combo.setObjectName("hostEditor")
        combo.addItem(tr("(no host)"), "")
        table = self._model.record(index.row())
        hosts = self._model.hosts()
        for person in self._document.read.all_participants():
            elsewhere = hosts.get(person.id)
            if elsewhere is not None and elsewhere.id != table.id:
                text = tr(
                    "{name} — hosts table {number}", name=person.name, number=elsewhere.number
                )
            else:
                text = person.name
            combo.addItem(text, person.id)
        return open_as_list(self, combo)

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(editor.findData(index.data(Qt.ItemDataRole.EditRole)), 0))
        editor.setProperty("initialRow", editor.currentIndex())

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        if editor.currentIndex() != editor.property("initialRow"):
            model.setData(index, editor.currentData() or "", Qt.ItemDataRole.EditRole)
