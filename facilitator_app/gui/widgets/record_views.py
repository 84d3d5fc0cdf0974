"""Editable record tables as the café set-up shows them: a table view saved while typing,
columns sized to their headers, a titled box with its buttons, Delete on the list, and
selecting or opening a cell from code (after adding a row, or removing one)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.gui.widgets.delegates import TypingDelegate
from facilitator_app.i18n import tr

__all__ = ["table_view", "size_columns", "group_box", "delete_on_key", "select_row", "edit_cell"]


def table_view(name: str, row_height: int) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setItemDelegate(TypingDelegate(view))  # text cells are saved while typed
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    view.setEditTriggers(
        QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
    )
    view.setWordWrap(False)
    view.setTabKeyNavigation(False)  # Tab goes to the next control; the arrows move in it
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(row_height)
    view.setMinimumHeight(row_height * 4)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return view


def size_columns(view: QTableView, *, stretch: int, widths: dict[int, int]) -> None:
    """`stretch` takes the room left; the others get a width, 0 meaning « fit the header »."""
    header = view.horizontalHeader()
    metrics = view.fontMetrics()
    char = metrics.averageCharWidth()
    model = view.model()
    for column, width in widths.items():
        title = str(model.headerData(column, Qt.Orientation.Horizontal))
        fitted = metrics.horizontalAdvance(title) + 4 * char
        header.resizeSection(column, max(width, fitted))
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)


def group_box(title: str, view: QWidget, buttons: Sequence[QPushButton]) -> QGroupBox:
    box = QGroupBox(tr(title))
    box.setObjectName(f"{view.objectName()}Box")
    bar = QHBoxLayout()
    for button in buttons:
        bar.addWidget(button)
    bar.addStretch(1)
    layout = QVBoxLayout(box)
    layout.addWidget(view, 1)
    layout.addLayout(bar)
    return box


def delete_on_key(view: QAbstractItemView, slot: Callable[[], Any]) -> None:
    action = QAction(tr("Remove"), view)
    action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
    # Only when the list itself has focus: Delete in an open cell editor deletes a letter.
    action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    action.triggered.connect(slot)
    view.addAction(action)


def select_row(view: QAbstractItemView, row: int, column: int) -> QModelIndex:
    if row < 0:
        return QModelIndex()
    index = view.model().index(row, column)
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
    if isinstance(view, QTableView):
        flags |= QItemSelectionModel.SelectionFlag.Rows
    view.selectionModel().setCurrentIndex(index, flags)
    view.scrollTo(index)
    return index


def edit_cell(view: QAbstractItemView, row: int, column: int) -> None:
    index = select_row(view, row, column)
    if index.isValid():
        view.setFocus(Qt.FocusReason.OtherFocusReason)
        view.edit(index)
