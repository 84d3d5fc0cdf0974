"""`VotesPanel`: count the dot votes of a session (grid cards, idea-tree nodes, notes).

The paper is counted aloud and typed in: a digit typed anywhere on a row opens its Votes
cell with that digit, Enter writes the count (one undo step) and moves to the next row, so
« 7 Enter 4 Enter 3 Enter… » runs down the list; Escape leaves a count as it was. An idea
tree's branch headings are group titles across the row: no count, skipped by Enter. The
« Ranking » toggle sorts the notes by votes, top first, with their rank (equal votes share
it) and a bar in proportion to the most voted. The total of votes is always in view.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QIntValidator, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.core.commands import ChangeSet
from facilitator_app.core.model import Session
from facilitator_app.gui.document import EventDocument
from facilitator_app.gui.jobs import Job
from facilitator_app.gui.models.votes import (
    BAR_ROLE,
    HEADING_ROLE,
    NOTE_ID_ROLE,
    VotesColumn,
    VotesModel,
)
from facilitator_app.gui.page_exports import PageExport
from facilitator_app.i18n import tr, tr_count

__all__ = ["VotesPanel", "TallyTable", "VotesDelegate"]

AnyIndex = QModelIndex | QPersistentModelIndex
BAR = QColor("#ffca28")


class HeadingDelegate(QStyledItemDelegate):
    """A branch heading, drawn as a group title on the palette's button colour; other rows
    as usual."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        if not index.data(HEADING_ROLE):
            super().paint(painter, option, index)
            return
        painter.save()
        palette = option.palette
        painter.fillRect(option.rect, palette.color(QPalette.ColorRole.Button))
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        painter.drawLine(option.rect.bottomLeft(), option.rect.bottomRight())
        font = QFont(option.font)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(palette.color(QPalette.ColorRole.ButtonText))
        text = QFontMetrics(font).elidedText(
            str(index.data() or ""), Qt.TextElideMode.ElideRight, option.rect.width() - 12
        )
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(option.rect.adjusted(6, 0, -6, 0), align, text)
        painter.restore()


class VotesDelegate(QStyledItemDelegate):
    """The Votes cell: a bar behind the count in the ranking; a digits-only editor where
    Enter writes the count and calls `entered(note_id)`."""

    def __init__(self, parent: QObject, entered: Callable[[str], None]) -> None:
        super().__init__(parent)
        self._entered = entered

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        share = index.data(BAR_ROLE)
        if not isinstance(share, float):
            super().paint(painter, option, index)
            return
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        text, item.text = item.text, ""
        style = item.widget.style() if item.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, item.widget)
        number = item.fontMetrics.horizontalAdvance("00000")
        bar = QRect(option.rect.adjusted(3, 5, -number, -5))
        if share > 0 and bar.width() > 0:
            bar.setWidth(max(2, int(bar.width() * share)))
            painter.fillRect(bar, BAR)
        painter.save()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.setPen(option.palette.color(role))
        align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(option.rect.adjusted(0, 0, -4, 0), align, text)
        painter.restore()

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        editor = QLineEdit(parent)
        editor.setObjectName("votesEditor")
        editor.setValidator(QIntValidator(0, 99_999, editor))
        editor.setAlignment(Qt.AlignmentFlag.AlignRight)
        editor.setProperty("noteId", index.data(NOTE_ID_ROLE))
        editor.installEventFilter(self)
        return editor

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        assert isinstance(editor, QLineEdit)
        editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or 0))
        editor.selectAll()  # the first digit typed replaces the count

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        assert isinstance(editor, QLineEdit)
        if editor.text().strip():
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            isinstance(watched, QLineEdit)
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            note_id = str(watched.property("noteId") or "")
            self.commitData.emit(watched)
            self.closeEditor.emit(watched, QStyledItemDelegate.EndEditHint.NoHint)
            self._entered(note_id)
            return True
        return super().eventFilter(watched, event)


class TallyTable(QTableView):
    """A table where a digit typed on any row starts editing that row's votes."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        editing = self.state() == QAbstractItemView.State.EditingState
        text = event.text()
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if not editing and plain and text and self.currentIndex().isValid():
            if text.isdigit() and self.currentIndex().data(HEADING_ROLE):
                return  # a heading takes no votes
            if text.isdigit():
                votes = self.model().index(self.currentIndex().row(), VotesColumn.VOTES)
                self.setCurrentIndex(votes)
                self.edit(votes, QAbstractItemView.EditTrigger.AnyKeyPressed, event)
                return
            if text.isprintable():
                return  # letters do not open the count editor
        super().keyPressEvent(event)


class VotesPanel(QWidget):
    def __init__(self, document: EventDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self.model = VotesModel(document, self)
        self.ranking_button = QToolButton()
        self.ranking_button.setObjectName("ranking")
        self.ranking_button.setText(tr("Ranking"))
        self.ranking_button.setCheckable(True)
        self.ranking_button.setToolTip(tr("Sort by votes, most voted first"))
        self.ranking_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.ranking_button.toggled.connect(self.set_ranking)
        self.hint = QLabel(
            tr("Type each count from the paper and press Enter: the next line is selected")
        )
        self.hint.setObjectName("votesHint")
        self.hint.setWordWrap(True)
        self.hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.empty = QLabel()
        self.empty.setObjectName("votesEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.empty.hide()
        self.total = QLabel()
        self.total.setObjectName("votesTotal")
        font = self.total.font()
        font.setBold(True)
        self.total.setFont(font)

        self.table = TallyTable()
        self.table.setObjectName("votesTable")
        self.table.setAccessibleName(tr("Votes for each idea"))
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows and Enter move
        self.table.setModel(self.model)
        self.table.setAccessibleName(tr("Votes"))
        self.table.setItemDelegate(HeadingDelegate(self.table))
        self.table.setItemDelegateForColumn(
            VotesColumn.VOTES, VotesDelegate(self.table, self.advance)
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setWordWrap(False)  # one line a note: the eye runs down the paper's list
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(VotesColumn.TEXT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(VotesColumn.PLACE, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(VotesColumn.RANK, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(VotesColumn.VOTES, QHeaderView.ResizeMode.Fixed)
        char = self.fontMetrics().averageCharWidth()
        header.setMinimumSectionSize(char * 6)
        header.resizeSection(VotesColumn.PLACE, char * 40)
        header.resizeSection(VotesColumn.VOTES, char * 16)  # room for the ranking's bars

        bar = QHBoxLayout()
        bar.addWidget(self.ranking_button)
        bar.addSpacing(12)
        bar.addWidget(self.hint, 1)
        bar.addWidget(self.total)
        self.csv_button = QToolButton()  # issue 15: the ranking for a spreadsheet
        self.csv_button.setText(tr("Export CSV…"))
        self.csv_button.setToolTip(tr("The ranking, most voted first, for a spreadsheet"))
        self.csv_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.csv_button.clicked.connect(lambda: self.export_csv())
        bar.addWidget(self.csv_button)
        self.exports = PageExport(self, document)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        self.model.modelReset.connect(self._refresh)
        document.changed.connect(self._on_changed)
        self._refresh()

    def install_icons(self) -> None:
        from facilitator_app.gui.icons import icon  # qtawesome: after the first paint

        self.csv_button.setIcon(icon("csv"))

    def export_csv(self, out: Path | None = None) -> Job | None:
        """The vote ranking as CSV (asks where when `out` is None)."""
        from facilitator_app.gui.page_documents import export_ranking_csv

        if self.model.session_id is None:
            return None
        return export_ranking_csv(self.exports, self.model.session_id, out=out)

    def set_session(self, session_id: str | None) -> None:
        if session_id != self.model.session_id:
            self.model.set_session(session_id)
            first = self._votable(0, 1)
            if first >= 0:
                self.table.setCurrentIndex(self.model.index(first, VotesColumn.VOTES))

    def set_ranking(self, on: bool) -> None:
        if self.ranking_button.isChecked() != on:
            self.ranking_button.setChecked(on)  # comes back here through `toggled`
            return
        current = self.table.currentIndex().data(NOTE_ID_ROLE)
        self.model.set_ranking(on)
        self._select(current, 0)

    def advance(self, note_id: str) -> None:
        """After a count was written: the next row's Votes cell becomes current."""
        self._select(note_id, 1)

    def _select(self, note_id: str | None, step: int) -> None:
        row = self.model.row_of(note_id) if note_id else -1
        if row < 0:
            return
        found = self._votable(row + step, 1)  # headings are skipped: they take no votes
        row = found if found >= 0 else self._votable(min(row, self.model.rowCount() - 1), -1)
        if row < 0:
            return
        index = self.model.index(row, VotesColumn.VOTES)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)

    def _votable(self, row: int, step: int) -> int:
        """The first row from `row` on (`step` 1: down, -1: up) that takes votes, or -1."""
        while 0 <= row < self.model.rowCount():
            if not self.model.is_heading(row):
                return row
            row += step
        return -1

    def _on_changed(self, changes: ChangeSet) -> None:
        if changes.touches("note", "category", "session"):
            self._refresh()

    def _refresh(self) -> None:
        self.table.setColumnHidden(VotesColumn.RANK, not self.model.is_ranking())
        self.table.setColumnHidden(VotesColumn.PLACE, not self.model.has_places())
        self.table.clearSpans()
        for row in range(self.model.rowCount()):
            if self.model.is_heading(row):  # a group title across the row
                self.table.setSpan(
                    row, VotesColumn.TEXT, 1, VotesColumn.VOTES - VotesColumn.TEXT + 1
                )
        self._show_empty()
        total, count = self.model.total_votes(), self.model.votable_count()
        self.csv_button.setEnabled(count > 0)
        votes = tr_count(total, "1 vote", "{n} votes")
        notes = tr_count(count, "1 note", "{n} notes")
        self.total.setText(tr("Total: {votes} on {notes}", votes=votes, notes=notes))

    def _show_empty(self) -> None:
        """Nothing to vote on: one sentence says where the ideas or cards come from."""
        session = self._document.read.get(Session, self.model.session_id)
        empty = session is not None and not self.model.votable_count()
        if empty and session is not None:
            if session.kind.spec.grid:
                text = tr("No cards to vote on yet: add them in the Grid tab, then count here.")
            else:
                text = tr("No ideas to vote on yet: add them in the Tree tab, then count here.")
            self.empty.setText(text)
        self.empty.setVisible(empty)
        self.table.setVisible(not empty)
        self.hint.setVisible(not empty)
        self.ranking_button.setEnabled(not empty)
