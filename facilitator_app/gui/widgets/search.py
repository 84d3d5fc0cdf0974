"""`SearchPanel`: find any note of the event as you type (Ctrl+F), and jump to it.

Accents, case and ligatures are ignored (`coeur` finds `cœur`, `ecole` finds `École`) and
each word is a prefix, so the list narrows while typing. Results are grouped by session in
programme order. Enter (or a double-click) on a note emits `note_chosen(session_id, note_id)`;
Enter in the search box goes to the selected note, or the first one; Down moves into the
list; Escape emits `closed`.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics, QHelpEvent, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QLabel,
    QLineEdit,
    QMainWindow,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.core.commands import ChangeSet
from facilitator_app.gui.document import EventDocument
from facilitator_app.gui.models.search import HITS_ROLE, SearchResultsModel
from facilitator_app.gui.theme import dress
from facilitator_app.i18n import tr, tr_count

__all__ = ["SearchPanel", "place_search_dock", "PROGRAMME_MIN"]

PROGRAMME_MIN = 280  # the programme beside the search panel stays readable (issue 15)


_SELECTED, _ACTIVE = QStyle.StateFlag.State_Selected, QStyle.StateFlag.State_Active
_ELIDE = Qt.TextElideMode.ElideRight
_MARGIN = 3  # as Qt's own item text


class _LineDelegate(QStyledItemDelegate):
    """Each row as one line of plain text, cut with "…", the words found in bold (their
    places come with the row: `HITS_ROLE`): the style's item painting laid every row's text
    out for wrapping, then again to cut it, 70 µs a row, most of the time a search's first
    paint took (bench_scale.py)."""

    _bold_of: tuple[QFont, QFont, QFontMetrics] | None = None

    def _bold(self, font: QFont) -> tuple[QFont, QFontMetrics]:
        """The bold of the view's font and its metrics, made once, not for every row."""
        if self._bold_of is None or self._bold_of[0] != font:
            bold = QFont(font)
            bold.setBold(True)
            self._bold_of = (QFont(font), bold, QFontMetrics(bold))
        return self._bold_of[1], self._bold_of[2]

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        palette, state = option.palette, option.state
        group = QPalette.ColorGroup.Active if state & _ACTIVE else QPalette.ColorGroup.Inactive
        rect = option.rect
        if state & _SELECTED:
            painter.fillRect(rect, palette.brush(group, QPalette.ColorRole.Highlight))
            painter.setPen(palette.color(group, QPalette.ColorRole.HighlightedText))
        else:
            painter.setPen(palette.color(group, QPalette.ColorRole.Text))
        metrics = option.fontMetrics
        text = metrics.elidedText(index.data(), _ELIDE, rect.width() - 2 * _MARGIN)
        # at a point: drawing in a rectangle laid the line out again to wrap it
        baseline = rect.top() + (rect.height() - metrics.height()) // 2 + metrics.ascent()
        spans = index.data(HITS_ROLE)
        if not spans:
            painter.drawText(rect.left() + _MARGIN, baseline, text)
            return
        # the words found in bold, the rest as it was: a few segments at a point each
        painter.save()
        painter.setClipRect(rect)
        bold, bold_metrics = self._bold(option.font)
        x, at = rect.left() + _MARGIN, 0
        for start, length in spans:
            if start >= len(text):
                break
            for piece, font, sizes in (
                (text[at:start], option.font, metrics),
                (text[start : start + length], bold, bold_metrics),
            ):
                if piece:
                    painter.setFont(font)
                    painter.drawText(x, baseline, piece)
                    x += sizes.horizontalAdvance(piece)
            at = start + length
        if at < len(text):
            painter.setFont(option.font)
            painter.drawText(x, baseline, text[at:])
        painter.restore()


class SearchPanel(QWidget):
    note_chosen = Signal(str, str)  # session id, note id
    closed = Signal()

    def __init__(self, document: EventDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = SearchResultsModel(document, self)
        self.box = QLineEdit()
        self.box.setPlaceholderText(tr("Search every note (accents ignored)"))
        self.box.setClearButtonEnabled(True)
        self.box.setAccessibleName(tr("Search"))
        self.box.installEventFilter(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        # two lines whatever it says: a summary growing to a second line would shrink the
        # list, which is then painted twice for the query
        self.summary.setFixedHeight(2 * self.summary.fontMetrics().lineSpacing())
        self.results = QTreeView()
        self.results.setModel(self.model)
        self.results.setAccessibleName(tr("Notes found"))
        self.results.setHeaderHidden(True)
        self.results.setUniformRowHeights(True)
        self.results.setExpandsOnDoubleClick(False)
        self.results.setItemDelegate(_LineDelegate(self.results))
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # The scroll bar is always there: coming or going, it resized the list's column,
        # which then painted the list a second time for the query (2.2 ms at 10×,
        # bench_scale.py). It is flat, as every scroll bar of the theme (gui.theme): Fusion's
        # gradients took 1.7 ms a repaint, at every query whose hits overflow the list.
        self.results.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        bar = self.results.verticalScrollBar()
        dress(self.results)  # the theme's flat bar
        bar.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # it fills its background
        bar.setEnabled(False)  # no handle while there is nothing more to see
        bar.rangeChanged.connect(self._range_changed)
        self.results.viewport().installEventFilter(self)  # tooltips (SearchResultsModel)
        self.results.activated.connect(self._choose)
        self.results.installEventFilter(self)
        self._delay = QTimer(self)
        self._delay.setSingleShot(True)
        self._delay.setInterval(120)
        self._delay.timeout.connect(self.run)
        self.box.textChanged.connect(lambda _text: self._delay.start())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.box)
        layout.addWidget(self.summary)
        layout.addWidget(self.results, 1)
        self.model.grown.connect(self._grown)
        bar.valueChanged.connect(self._scrolled)
        document.changed.connect(self._on_changed)
        self._show_summary(0)

    def start(self, text: str | None = None) -> None:
        """Put the cursor in the box, its text selected (Ctrl+F pressed again)."""
        if text is not None:
            self.box.setText(text)
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.box.selectAll()

    def run(self) -> None:
        self._delay.stop()
        found = self.model.search(self.box.text())
        self.results.expandAll()
        first = self.model.first_note()
        if first.isValid():
            self.results.setCurrentIndex(first)
        self._show_summary(found)
        self._fill()

    def _range_changed(self, low: int, high: int) -> None:
        self.results.verticalScrollBar().setEnabled(high > low)
        if high == low and self.model.has_more():  # made taller: read on, once laid out
            QTimer.singleShot(0, self, self._fill)

    def _fill(self) -> None:
        """Read a page more of the hits while the list shows all it holds (a tall list, or
        the hits of a few sessions): with no scroll bar, its end could never be reached.
        (Each page opens its sessions, which sets the scroll bar's range at once.)"""
        bar = self.results.verticalScrollBar()
        while self.model.has_more() and not bar.maximum():
            self.model.load_rest(upto=self.model.found() + self.model.PAGE)

    def _scrolled(self, value: int) -> None:
        if value == self.results.verticalScrollBar().maximum():
            self.model.load_rest()  # at the end of the list: the rest of the hits

    def _grown(self, found: int) -> None:
        """More hits came in (the list was scrolled to its end): open their sessions too."""
        self.results.expandAll()
        self._show_summary(found)

    def _show_summary(self, found: int) -> None:
        if not self.box.text().strip():
            self.summary.setText(tr("Type a word: “coeur” also finds “cœur”."))
        elif not found:
            self.summary.setText(tr("No note matches."))
        elif self.model.truncated:
            self.summary.setText(tr("The first {n} notes; type more to narrow.", n=found))
        else:
            notes = tr_count(found, "1 note", "{n} notes")
            sessions = self.model.rowCount()
            if sessions > 1:
                notes = tr("{notes} in {n} sessions", notes=notes, n=sessions)
            self.summary.setText(notes)

    def _on_changed(self, changes: ChangeSet) -> None:
        if changes.touches("note", "session") and self.box.text().strip() and self.isVisible():
            self._delay.start()

    def _choose(self, index: QModelIndex) -> None:
        note = self.model.note_at(index)
        if note is not None:
            self.note_chosen.emit(note.session_id, note.id)
        elif index.isValid():  # a session row: open or close it
            self.results.setExpanded(index, not self.results.isExpanded(index))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and watched is self.results.viewport():
            assert isinstance(event, QHelpEvent)
            text = self.model.tooltip(self.results.indexAt(event.pos()))
            if text:
                QToolTip.showText(event.globalPos(), text, self.results.viewport())
            else:
                QToolTip.hideText()
            return True
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key == Qt.Key.Key_Escape:
                self.closed.emit()
                return True
            if watched is self.box and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self._delay.isActive():
                    self.run()
                current = self.results.currentIndex()
                self._choose(current if current.isValid() else self.model.first_note())
                return True
            if watched is self.box and key == Qt.Key.Key_Down:
                self.results.setFocus(Qt.FocusReason.OtherFocusReason)
                if not self.results.currentIndex().isValid():
                    self.results.setCurrentIndex(self.model.first_note())
                return True
        return super().eventFilter(watched, event)


def place_search_dock(window: QMainWindow, dock: QDockWidget, programme: QWidget) -> None:
    """Open the search dock a third of the window wide, without squeezing the programme
    below `PROGRAMME_MIN` (it fell to 200 px at 1280 px)."""
    if window.width() >= PROGRAMME_MIN + 300 + 480:  # else the panel itself would not fit
        programme.setMinimumWidth(max(programme.minimumWidth(), PROGRAMME_MIN))
    width = max(300, min(window.width() // 3, window.width() - PROGRAMME_MIN - 480))
    window.resizeDocks([dock], [width], Qt.Orientation.Horizontal)
