"""The participants and organisations pages: a count, a filter, Add and Delete, an editable table.

Both pages are the same widget over a different model (`_PeoplePage`). The table sorts by
clicking a header (French order through `PeopleProxyModel`), edits on double-click or F2, and
Delete removes the selected rows as one undo step. Adding creates « Nouveau participant » (or
« Nouvelle organisation »), selects it and opens its name for typing. Deleting an organisation
that people belong to asks nothing: they keep its id and show no organisation until undo brings
it back. Icons come later, from `install_icons()`, once the window has been painted.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.core.commands import add, delete
from facilitator_app.core.model import Organisation, Participant, Record
from facilitator_app.gui.document import EventDocument
from facilitator_app.gui.models.people import (
    ID_ROLE,
    OrganisationsModel,
    ParticipantsModel,
    PeopleProxyModel,
    RecordTableModel,
)
from facilitator_app.gui.widgets.delegates import (
    CompleterDelegate,
    OrganisationDelegate,
    PlainTextDelegate,
    TypingDelegate,
)
from facilitator_app.i18n import N_, tr

__all__ = ["ParticipantsPage", "OrganisationsPage"]


class _PeoplePage(QWidget):
    """Heading, filter, Add / Delete and the table, over one `RecordTableModel`."""

    # Set by the subclasses: English message ids, and per column the (least, most) width in
    # average characters between which it fits its content (None: fit the header).
    NONE_TEXT = ""
    ONE_TEXT = ""
    MANY_TEXT = ""
    SOME_TEXT = ""
    ADD_TEXT = ""
    ADD_LABEL = ""
    NEW_NAME = ""
    DELETE_TIP = ""
    DELETE_LABEL = ""
    WIDTHS: tuple[tuple[int, int] | None, ...] = ()

    count_changed = Signal(int)

    def __init__(self, document: EventDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._model = self._make_model(document)
        self._proxy = PeopleProxyModel(self)
        self._proxy.setSourceModel(self._model)
        self._remembered: tuple[list[str], str | None] = ([], None)
        self._setup_ui()
        self._connect()
        self._update_heading()
        self._update_buttons()
        document.editable_changed.connect(lambda _editable: self._update_buttons())

    # -- what the subclasses provide ------------------------------------------------------

    def _make_model(self, document: EventDocument) -> RecordTableModel:
        raise NotImplementedError

    def _new_record(self) -> Record:
        raise NotImplementedError

    def _install_delegates(self, table: QTableView) -> None:
        pass

    # -- building -------------------------------------------------------------------------

    def _setup_ui(self) -> None:
        self.heading = QLabel(self)
        self.heading.setObjectName("pageHeading")
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("filter")
        self.filter_edit.setPlaceholderText(tr("Filter…"))
        self.filter_edit.setAccessibleName(tr("Filter the list"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setMinimumWidth(self.fontMetrics().averageCharWidth() * 28)
        self.filter_edit.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

        self.add_button = QPushButton(tr(self.ADD_TEXT), self)
        self.add_button.setObjectName("add")
        self.delete_button = QPushButton(tr("Delete"), self)
        self.delete_button.setObjectName("delete")
        self.delete_button.setToolTip(tr(self.DELETE_TIP))

        self.table = QTableView(self)
        self.table.setObjectName("table")
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; the arrows move in it
        self.table.setModel(self._proxy)
        self.table.setItemDelegate(TypingDelegate(self.table))  # cells are saved while typed
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)  # Qt's default is descending
        self.table.setSortingEnabled(True)
        self._size_columns(header)
        self._install_delegates(self.table)

        self.add_action = QAction(tr(self.ADD_TEXT), self.table)
        self.delete_action = QAction(tr("Delete"), self.table)
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        # Only when the table itself has focus: Delete in an open cell editor deletes a letter.
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.table.addAction(self.add_action)
        self.table.addAction(self.delete_action)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

        bar = QHBoxLayout()
        bar.addWidget(self.heading, 1)
        bar.addWidget(self.filter_edit)
        bar.addWidget(self.add_button)
        bar.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

    def _size_columns(self, header: QHeaderView) -> None:
        """Fit each column to its header and its content, within the page's bounds."""
        char = self.fontMetrics().averageCharWidth()
        for column, bounds in enumerate(self.WIDTHS):
            title = str(self._model.headerData(column, Qt.Orientation.Horizontal))
            width = self.fontMetrics().horizontalAdvance(title) + 5 * char
            if bounds is not None:
                low, high = bounds
                content = self._content_width(column) + 2 * char
                width = max(width, min(max(content, low * char), high * char))
            header.resizeSection(column, width)

    def _content_width(self, column: int) -> int:
        """The widest text of `column` in up to 200 rows spread over the table.

        `sizeHintForColumn` would measure every row of a table not shown yet, through the
        delegate (0.4 s for 3,600 participants), whatever the header's precision says.
        """
        metrics = self.table.fontMetrics()
        texts = self._model.column_texts(column)
        margins = 2 * (self.table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1)
        return max((metrics.horizontalAdvance(text) for text in texts), default=0) + margins

    def _connect(self) -> None:
        self.filter_edit.textChanged.connect(self._proxy.set_filter_text)
        self.filter_edit.textChanged.connect(self._update_heading)
        self.add_button.clicked.connect(self.add_record)
        self.add_action.triggered.connect(self.add_record)
        self.delete_button.clicked.connect(self.delete_selected)
        self.delete_action.triggered.connect(self.delete_selected)
        # Both models: the proxy drops a row before the source has, and filters on its own.
        for model in (self._model, self._proxy):
            model.rowsInserted.connect(self._update_heading)
            model.rowsRemoved.connect(self._update_heading)
            model.modelReset.connect(self._update_heading)
        self._proxy.modelAboutToBeReset.connect(self._remember_selection)
        self._proxy.modelReset.connect(self._restore_selection)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._proxy.modelReset.connect(self._update_buttons)

    def install_icons(self) -> None:
        """Give the buttons their icons (call after the window's first paint)."""
        from facilitator_app.gui.icons import icon  # qtawesome: after the first paint

        self.add_button.setIcon(icon("add"))
        self.add_action.setIcon(icon("add"))
        self.delete_button.setIcon(icon("delete"))
        self.delete_action.setIcon(icon("delete"))

    # -- reading --------------------------------------------------------------------------

    @property
    def model(self) -> RecordTableModel:
        return self._model

    @property
    def proxy(self) -> PeopleProxyModel:
        return self._proxy

    def selected_records(self) -> list[Record]:
        """The selected rows' records, in the order the table shows them."""
        rows = sorted(self.table.selectionModel().selectedRows(), key=QModelIndex.row)
        return [self._model.record(self._proxy.mapToSource(index).row()) for index in rows]

    # -- acting ---------------------------------------------------------------------------

    def add_record(self) -> Record | None:
        """Create a record named « Nouveau … », select it and open its name for typing."""
        if not self._document.editable:
            return None
        record = self._new_record()
        self.filter_edit.clear()  # the new row must be visible
        if not self._document.push(add(record, label=self.ADD_LABEL)):
            return None
        index = self.select_record(record.id)
        if index.isValid():
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
            self.table.edit(index)
        return record

    def delete_selected(self) -> int:
        """Delete the selected rows as one undo step; returns how many were deleted."""
        if (
            not self._document.editable
            or self.table.state() == QAbstractItemView.State.EditingState
        ):
            return 0
        records = self.selected_records()
        if not records:
            return 0
        rows = [index.row() for index in self.table.selectionModel().selectedRows()]
        if not self._document.push(delete(records, label=self.DELETE_LABEL)):
            return 0
        count = self._proxy.rowCount()
        if count:  # keep the keyboard going: select the row that took the first one's place
            index = self._proxy.index(min(min(rows), count - 1), 0)
            self.table.setCurrentIndex(index)
        return len(records)

    def select_record(self, record_id: str) -> QModelIndex:
        """Select and show the row of `record_id`; returns its (proxy) name index."""
        row = self._model.row_of(record_id)
        if row < 0:
            return QModelIndex()
        index = self._proxy.mapFromSource(self._model.index(row, 0))
        if index.isValid():
            self.table.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.scrollTo(index)
        return index

    def focus_filter(self) -> None:
        """Put the cursor in the filter box, its text selected."""
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    # -- keeping up -----------------------------------------------------------------------

    def _update_heading(self) -> None:
        total = self._model.rowCount()
        shown = self._proxy.rowCount()
        if total == 0:
            text = tr(self.NONE_TEXT)
        elif shown != total:
            text = tr(self.SOME_TEXT, shown=shown, count=total)
        elif total == 1:
            text = tr(self.ONE_TEXT)
        else:
            text = tr(self.MANY_TEXT, count=total)
        self.heading.setText(text)
        self.table.setAccessibleName(text)  # what a screen reader says on entering the list
        self.count_changed.emit(total)

    def _update_buttons(self) -> None:
        writable = self._document.editable
        self.add_button.setEnabled(writable)
        self.add_action.setEnabled(writable)
        has_selection = self.table.selectionModel().hasSelection()
        self.delete_button.setEnabled(writable and has_selection)
        self.delete_action.setEnabled(writable and has_selection)

    def _remember_selection(self) -> None:
        ids = [str(i.data(ID_ROLE)) for i in self.table.selectionModel().selectedRows()]
        current = self.table.currentIndex()
        self._remembered = (ids, str(current.data(ID_ROLE)) if current.isValid() else None)

    def _restore_selection(self) -> None:
        ids, current = self._remembered
        self._remembered = ([], None)
        selection = self.table.selectionModel()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for record_id in ids:
            row = self._model.row_of(record_id)
            if row >= 0:
                selection.select(self._proxy.mapFromSource(self._model.index(row, 0)), flags)
        if current is not None and (row := self._model.row_of(current)) >= 0:
            index = self._proxy.mapFromSource(self._model.index(row, 0))
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)


class ParticipantsPage(_PeoplePage):
    """The event's participants: name, organisation, role, e-mail and consents."""

    NONE_TEXT = N_("No participants yet")
    ONE_TEXT = N_("1 participant")
    MANY_TEXT = N_("{count} participants")
    SOME_TEXT = N_("{shown} of {count} participants")
    ADD_TEXT = N_("Add participant")
    ADD_LABEL = N_("Add participant")
    NEW_NAME = N_("New participant")
    DELETE_TIP = N_("Delete the selected participants (Del)")
    DELETE_LABEL = N_("Delete participants")
    WIDTHS = ((18, 32), (16, 34), (16, 34), (22, 34), None, None)

    def _make_model(self, document: EventDocument) -> ParticipantsModel:
        return ParticipantsModel(document, self)

    def _new_record(self) -> Participant:
        return Participant(name=tr(self.NEW_NAME))

    def _install_delegates(self, table: QTableView) -> None:
        self._organisation_delegate = OrganisationDelegate(self._document, table)
        self._completer_delegate = CompleterDelegate(table)
        table.setItemDelegateForColumn(ParticipantsModel.ORGANISATION, self._organisation_delegate)
        table.setItemDelegateForColumn(ParticipantsModel.ROLE, self._completer_delegate)


class OrganisationsPage(_PeoplePage):
    """The event's organisations: name, type, place, website and presentation."""

    NONE_TEXT = N_("No organisations yet")
    ONE_TEXT = N_("1 organisation")
    MANY_TEXT = N_("{count} organisations")
    SOME_TEXT = N_("{shown} of {count} organisations")
    ADD_TEXT = N_("Add organisation")
    ADD_LABEL = N_("Add organisation")
    NEW_NAME = N_("New organisation")
    DELETE_TIP = N_("Delete the selected organisations (Del)")
    DELETE_LABEL = N_("Delete organisations")
    WIDTHS = ((20, 38), (10, 18), (12, 26), (16, 30), None)

    def _make_model(self, document: EventDocument) -> OrganisationsModel:
        return OrganisationsModel(document, self)

    def _new_record(self) -> Organisation:
        return Organisation(name=tr(self.NEW_NAME))

    def _install_delegates(self, table: QTableView) -> None:
        self._completer_delegate = CompleterDelegate(table)
        self._text_delegate = PlainTextDelegate(table)
        for column in (OrganisationsModel.TYPE, OrganisationsModel.PLACE):
            table.setItemDelegateForColumn(column, self._completer_delegate)
        table.setItemDelegateForColumn(OrganisationsModel.PRESENTATION, self._text_delegate)
