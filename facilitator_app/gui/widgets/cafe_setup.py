"""The set-up of a world café session: tables, rounds, harvest categories and who takes part.

`CafeSetupPanel(document)` shows one session at a time (`set_session`). Four group boxes sit
in a two-column grid inside a scroll area, over a summary line that stays in view:

- Tables (number, theme or question, host, capacity) and Rounds (number, minutes, question),
  edited in place; text cells are saved while typed (`TypingDelegate`), the host is picked in
  a list of participants and the numbers with spin boxes, both saved as they change.
- Harvest categories, in order, with a « Default categories » offer while there are none.
- Who takes part: every participant, or the ones checked in a filterable list (hosts always
  take part), and whether people of one organisation are kept at different tables.

Every change is one command pushed on the document, so it is in the file at once and undone
with Ctrl+Z; the item models (`gui/models/cafe.py`) follow `document.changed`. Icons come
later, from `install_icons()`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.core.commands import ChangeSet, update
from facilitator_app.core.model import CafeTable, Category, Participant, Record, Round, Session
from facilitator_app.core.templates import HARVEST_CATEGORIES
from facilitator_app.gui.document import EventDocument
from facilitator_app.gui.models.cafe import (
    CafeParticipantsModel,
    CategoriesModel,
    RoundsModel,
    SpinColumn,
    TablesModel,
)
from facilitator_app.gui.models.people import PeopleProxyModel, RecordTableModel
from facilitator_app.gui.widgets.cafe_delegates import HostDelegate, SpinDelegate
from facilitator_app.gui.widgets.record_views import (
    delete_on_key,
    edit_cell,
    group_box,
    select_row,
    size_columns,
    table_view,
)
from facilitator_app.i18n import N_, tr, tr_count

__all__ = ["CafeSetupPanel", "HostDelegate", "SpinDelegate"]

_WATCHED = (CafeTable.KIND, Round.KIND, Category.KIND, Session.KIND, Participant.KIND)


class CafeSetupPanel(QWidget):
    """Tables, rounds, harvest categories and participants of one world café session."""

    # the scroll area, by a name that hides QWidget.scroll(dx, dy), which nothing here calls
    scroll: QScrollArea  # type: ignore[assignment]

    def __init__(self, document: EventDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._session: Session | None = None
        self.tables_model = TablesModel(document, self)
        self.rounds_model = RoundsModel(document, self)
        self.categories_model = CategoriesModel(document, self)
        self.participants_model = CafeParticipantsModel(document, self)
        self.participants_proxy = PeopleProxyModel(self)
        self.participants_proxy.setSourceModel(self.participants_model)
        self._setup_ui()
        self._connect()
        self._refresh()

    # -- building -------------------------------------------------------------------------

    def _setup_ui(self) -> None:
        char = self.fontMetrics().averageCharWidth()
        row_height = self.fontMetrics().height() + 12

        # Tables
        self.tables_view = table_view("tables", row_height)
        self.tables_view.setModel(self.tables_model)
        self._host_delegate = HostDelegate(self.tables_model, self._document, self.tables_view)
        capacity = TablesModel.COLUMNS[TablesModel.CAPACITY]
        assert isinstance(capacity, SpinColumn)
        self._capacity_delegate = SpinDelegate(
            capacity, none_text=tr("No limit"), parent=self.tables_view
        )
        self.tables_view.setItemDelegateForColumn(TablesModel.HOST, self._host_delegate)
        self.tables_view.setItemDelegateForColumn(TablesModel.CAPACITY, self._capacity_delegate)
        size_columns(
            self.tables_view,
            stretch=TablesModel.THEME,
            widths={
                TablesModel.NUMBER: 0,
                TablesModel.HOST: 24 * char,
                TablesModel.CAPACITY: 9 * char,
            },
        )
        self.add_table_button = QPushButton(tr("Add table"))
        self.add_table_button.setObjectName("addTable")
        self.remove_table_button = QPushButton(tr("Remove"))
        self.remove_table_button.setObjectName("removeTable")
        self.remove_table_button.setToolTip(tr("Remove the selected tables (Del)"))
        tables_box = group_box(
            N_("Tables"),
            self.tables_view,
            [self.add_table_button, self.remove_table_button],
        )

        # Rounds
        self.rounds_view = table_view("rounds", row_height)
        self.rounds_view.setModel(self.rounds_model)
        minutes = RoundsModel.COLUMNS[RoundsModel.MINUTES]
        assert isinstance(minutes, SpinColumn)
        self._minutes_delegate = SpinDelegate(minutes, parent=self.rounds_view)
        self.rounds_view.setItemDelegateForColumn(RoundsModel.MINUTES, self._minutes_delegate)
        size_columns(
            self.rounds_view,
            stretch=RoundsModel.QUESTION,
            widths={RoundsModel.NUMBER: 0, RoundsModel.MINUTES: 9 * char},
        )
        self.add_round_button = QPushButton(tr("Add round"))
        self.add_round_button.setObjectName("addRound")
        self.remove_round_button = QPushButton(tr("Remove"))
        self.remove_round_button.setObjectName("removeRound")
        self.remove_round_button.setToolTip(tr("Remove the selected rounds (Del)"))
        rounds_box = group_box(
            N_("Rounds"),
            self.rounds_view,
            [self.add_round_button, self.remove_round_button],
        )

        # Harvest categories
        self.categories_view = table_view("categories", row_height)
        self.categories_view.setModel(self.categories_model)
        self.categories_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.categories_view.horizontalHeader().hide()  # one column, named by the group
        self.categories_view.horizontalHeader().setStretchLastSection(True)
        self.categories_view.setShowGrid(False)
        # Room for the three default categories and two more; the list scrolls beyond.
        self.categories_view.setMinimumHeight(row_height * 3 + 4)
        self.categories_view.setMaximumHeight(row_height * 5 + 4)
        self.add_category_button = QPushButton(tr("Add"))
        self.add_category_button.setObjectName("addCategory")
        self.add_category_button.setToolTip(tr("Add a harvest category"))
        self.remove_category_button = QPushButton(tr("Remove"))
        self.remove_category_button.setObjectName("removeCategory")
        self.remove_category_button.setToolTip(tr("Remove the selected category (Del)"))
        self.move_up_button = QPushButton(tr("Move up"))
        self.move_up_button.setObjectName("moveUp")
        self.move_down_button = QPushButton(tr("Move down"))
        self.move_down_button.setObjectName("moveDown")
        self.default_categories_button = QPushButton(tr("Default categories"))
        self.default_categories_button.setObjectName("defaultCategories")
        self.default_categories_button.setToolTip(
            " / ".join(tr(name) for name in HARVEST_CATEGORIES)
        )
        buttons = QVBoxLayout()
        column = (
            self.add_category_button,
            self.remove_category_button,
            self.move_up_button,
            self.move_down_button,
            self.default_categories_button,
        )
        widest = max(button.sizeHint().width() for button in column)
        for button in column:  # one width, shown or not: the list keeps its size
            button.setMinimumWidth(widest)
            buttons.addWidget(button)
        buttons.addStretch(1)
        categories_box = QGroupBox(tr("Harvest categories"))
        categories_box.setObjectName("categoriesBox")
        row = QHBoxLayout(categories_box)
        row.addWidget(self.categories_view, 1)
        row.addLayout(buttons)

        # Who takes part
        self.every_radio = QRadioButton(tr("Every participant"))
        self.every_radio.setObjectName("everyParticipant")
        self.chosen_radio = QRadioButton(tr("Chosen participants"))
        self.chosen_radio.setObjectName("chosenParticipants")
        self._who = QButtonGroup(self)
        self._who.addButton(self.every_radio, 0)
        self._who.addButton(self.chosen_radio, 1)
        self.participants_filter = QLineEdit()
        self.participants_filter.setObjectName("participantsFilter")
        self.participants_filter.setPlaceholderText(tr("Filter…"))
        self.participants_filter.setClearButtonEnabled(True)
        self.participants_view = QTableView()
        self.participants_view.setObjectName("participants")
        self.participants_view.setModel(self.participants_proxy)
        self.participants_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.participants_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.participants_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.participants_view.setShowGrid(False)
        self.participants_view.setWordWrap(False)
        self.participants_view.verticalHeader().hide()
        self.participants_view.verticalHeader().setDefaultSectionSize(row_height - 4)
        self.participants_view.setMinimumHeight(row_height * 5)
        header = self.participants_view.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(CafeParticipantsModel.NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(
            CafeParticipantsModel.ORGANISATION, QHeaderView.ResizeMode.Stretch
        )
        self.participants_proxy.sort(CafeParticipantsModel.NAME)
        self.keep_apart_check = QCheckBox(tr("Keep colleagues apart"))
        self.keep_apart_check.setObjectName("keepApart")
        self.keep_apart_check.setToolTip(
            tr("People of one organisation are seated at different tables")
        )
        radios = QHBoxLayout()
        radios.addWidget(self.every_radio)
        radios.addWidget(self.chosen_radio)
        radios.addStretch(1)
        people_box = QGroupBox(tr("Who takes part"))
        people_box.setObjectName("peopleBox")
        people = QVBoxLayout(people_box)
        people.addLayout(radios)
        people.addWidget(self.participants_filter)
        people.addWidget(self.participants_view, 1)
        people.addWidget(self.keep_apart_check)

        # Two columns: what happens at the tables on the left, what is harvested and who takes
        # part on the right; the summary stays in view under the scroll area.
        left = QVBoxLayout()
        left.addWidget(tables_box, 3)
        left.addWidget(rounds_box, 2)
        right = QVBoxLayout()
        right.addWidget(categories_box)
        right.addWidget(people_box, 1)
        content = QWidget()
        content.setObjectName("cafeSetupContent")
        columns = QHBoxLayout(content)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("scroll")
        self.scroll.setWidget(content)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)

        self.summary_label = QLabel()
        self.summary_label.setObjectName("summary")
        font = QFont(self.summary_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.summary_label.setFont(font)
        self.warning_label = QLabel()
        self.warning_label.setObjectName("warning")
        self.warning_label.setStyleSheet("color: #b45309;")
        self.warning_label.setWordWrap(True)
        summary = QHBoxLayout()
        summary.addWidget(self.summary_label)
        summary.addWidget(self.warning_label, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(summary)

        delete_on_key(self.tables_view, self.remove_selected_tables)
        delete_on_key(self.rounds_view, self.remove_selected_rounds)
        delete_on_key(self.categories_view, self.remove_selected_categories)

    def _connect(self) -> None:
        self.add_table_button.clicked.connect(self.add_table)
        self.remove_table_button.clicked.connect(self.remove_selected_tables)
        self.add_round_button.clicked.connect(self.add_round)
        self.remove_round_button.clicked.connect(self.remove_selected_rounds)
        self.add_category_button.clicked.connect(self.add_category)
        self.remove_category_button.clicked.connect(self.remove_selected_categories)
        self.move_up_button.clicked.connect(lambda: self.move_category(-1))
        self.move_down_button.clicked.connect(lambda: self.move_category(+1))
        self.default_categories_button.clicked.connect(self.add_default_categories)
        self._who.idClicked.connect(self._who_clicked)
        self.keep_apart_check.clicked.connect(self.set_keep_colleagues_apart)
        self.participants_filter.textChanged.connect(self.participants_proxy.set_filter_text)
        for view in (self.tables_view, self.rounds_view, self.categories_view):
            view.selectionModel().selectionChanged.connect(self._update_buttons)
            view.selectionModel().currentChanged.connect(self._update_buttons)
        for model in (self.tables_model, self.rounds_model, self.categories_model):
            model.layoutChanged.connect(self._update_buttons)
        self._document.changed.connect(self._on_changed)
        self._document.editable_changed.connect(lambda _editable: self._update_buttons())

    def install_icons(self) -> None:
        """Give the add and remove buttons their icons (call after the window's first paint)."""
        from facilitator_app.gui.icons import icon  # qtawesome: after the first paint

        for button in (self.add_table_button, self.add_round_button, self.add_category_button):
            button.setIcon(icon("add"))
        for button in (
            self.remove_table_button,
            self.remove_round_button,
            self.remove_category_button,
        ):
            button.setIcon(icon("delete"))

    # -- reading --------------------------------------------------------------------------

    @property
    def session(self) -> Session | None:
        return self._session

    def set_session(self, session_id: str | None) -> None:
        """Show the set-up of `session_id` (a world café), or nothing for None."""
        session = self._document.read.get(Session, session_id)
        self._session = session if session is not None and not session.deleted else None
        sid = self._session.id if self._session else None
        self.participants_filter.clear()
        for model in (self.tables_model, self.rounds_model, self.categories_model):
            model.set_session(sid)
        self.participants_model.set_session(sid)
        self._refresh()

    def selected(self, view: QAbstractItemView) -> list[Record]:
        """The records of the rows selected in `view` (or of its current row), in order."""
        model = view.model()
        assert isinstance(model, RecordTableModel)
        rows = sorted({index.row() for index in view.selectionModel().selectedRows()})
        if not rows and view.currentIndex().isValid():
            rows = [view.currentIndex().row()]
        return [model.record(row) for row in rows]

    def summary_text(self) -> str:
        """« 5 tables · 3 rounds · 36 participants (≈ 7 per table) »."""
        tables = self.tables_model.rowCount()
        rounds = self.rounds_model.rowCount()
        people = len(self.participants_model.taking_part())
        parts = [
            tr_count(tables, "1 table", "{n} tables"),
            tr_count(rounds, "1 round", "{n} rounds"),
            tr_count(people, "1 participant", "{n} participants"),
        ]
        text = " · ".join(parts)
        if tables and people:
            text += " " + tr("(≈ {count} per table)", count=int(people / tables + 0.5))
        return text

    def warning_text(self) -> str:
        """What would keep the seats from being planned, in one short sentence (or nothing)."""
        tables = self.tables_model.records()
        people = len(self.participants_model.taking_part())
        if not tables or not self.rounds_model.rowCount():
            return tr("A world café needs at least one table and one round.")
        if people < len(tables):
            return tr("Fewer participants than tables.")
        if all(t.capacity for t in tables):
            seats = sum(t.capacity or 0 for t in tables)
            if seats < people:
                return tr("The tables seat {seats} people at most.", seats=seats)
        return ""

    # -- acting ---------------------------------------------------------------------------

    def add_table(self) -> CafeTable | None:
        """Add a table numbered after the last, select it and open its theme for typing."""
        table = self.tables_model.append()
        if table is not None:
            edit_cell(self.tables_view, self.tables_model.row_of(table.id), TablesModel.THEME)
        return table

    def remove_selected_tables(self) -> bool:
        return self._remove(self.tables_view, self.tables_model)

    def add_round(self) -> Round | None:
        """Add a round numbered after the last, as long as the last one."""
        round_ = self.rounds_model.append()
        if round_ is not None:
            select_row(self.rounds_view, self.rounds_model.row_of(round_.id), 0)
        return round_

    def remove_selected_rounds(self) -> bool:
        return self._remove(self.rounds_view, self.rounds_model)

    def add_category(self) -> Category | None:
        """Add « New category » at the end and open its name for typing."""
        category = self.categories_model.append()
        if category is not None:
            edit_cell(self.categories_view, self.categories_model.row_of(category.id), 0)
        return category

    def remove_selected_categories(self) -> bool:
        return self._remove(self.categories_view, self.categories_model)

    def move_category(self, step: int) -> bool:
        """Move the current category up (-1) or down (+1)."""
        current = self.categories_view.currentIndex()
        if not current.isValid():
            return False
        return self.categories_model.move(current.row(), step)

    def add_default_categories(self) -> bool:
        return self.categories_model.add_defaults()

    def set_everyone(self, everyone: bool) -> bool:
        """Every participant takes part (True), or the checked ones (False, all at first)."""
        model = self.participants_model
        if everyone == model.everyone():
            return True
        done = model.choose_everyone() if everyone else model.choose_each()
        self._refresh()
        return done

    def set_keep_colleagues_apart(self, keep: bool) -> bool:
        if self._session is None or self._session.keep_colleagues_apart == keep:
            return True
        done = self._document.push(
            update(self._session, label=N_("Keep colleagues apart"), keep_colleagues_apart=keep)
        )
        self._refresh()
        return done

    def _who_clicked(self, button_id: int) -> None:
        self.set_everyone(button_id == 0)

    def _remove(self, view: QAbstractItemView, model: Any) -> bool:
        if view.state() == QAbstractItemView.State.EditingState:
            return False
        records = self.selected(view)
        if not records:
            return False
        first = model.row_of(records[0].id)
        if not model.remove(records):
            return False
        count = model.rowCount()
        if count:  # keep the keyboard going: the row that took the first one's place
            select_row(view, min(first, count - 1), 0)
        return True

    # -- keeping up -----------------------------------------------------------------------

    def _on_changed(self, changes: ChangeSet) -> None:
        if self._session is not None and changes.touches(*_WATCHED):
            if self._session.id in changes.ids:
                session = self._document.read.get(Session, self._session.id)
                self._session = session if session is not None and not session.deleted else None
            self._refresh()

    def _refresh(self) -> None:
        has_session = self._session is not None
        self.scroll.widget().setEnabled(has_session)
        everyone = self.participants_model.everyone()
        self.every_radio.setChecked(everyone)
        self.chosen_radio.setChecked(not everyone)
        self.participants_view.setEnabled(has_session and not everyone)
        self.keep_apart_check.setChecked(
            bool(self._session and self._session.keep_colleagues_apart)
        )
        self.default_categories_button.setVisible(self.categories_model.rowCount() == 0)
        self.summary_label.setText(self.summary_text() if has_session else "")
        self.warning_label.setText(self.warning_text() if has_session else "")
        self._update_buttons()

    def _update_buttons(self) -> None:
        writable = self._session is not None and self._document.editable
        for widget in (
            self.add_table_button,
            self.add_round_button,
            self.add_category_button,
            self.default_categories_button,
            self.every_radio,
            self.keep_apart_check,
        ):
            widget.setEnabled(writable)
        self.chosen_radio.setEnabled(writable and self.participants_model.rowCount() > 0)
        self.remove_table_button.setEnabled(writable and bool(self.selected(self.tables_view)))
        self.remove_round_button.setEnabled(writable and bool(self.selected(self.rounds_view)))
        categories = self.selected(self.categories_view)
        self.remove_category_button.setEnabled(writable and bool(categories))
        row = self.categories_view.currentIndex().row() if categories else -1
        last = self.categories_model.rowCount() - 1
        self.move_up_button.setEnabled(writable and row > 0)
        self.move_down_button.setEnabled(writable and 0 <= row < last)
