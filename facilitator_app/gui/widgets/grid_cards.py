"""`CardDelegate`: how a grid card looks and is edited in place (gui/widgets/grid.py).

A card is a sticky note: its text wrapped over the column's width and, at the bottom right, a
votes badge; when the card is hovered or selected, − and + buttons beside the badge count dot
votes (one undoable command a click, through the model's `VOTES_ROLE`). F2, Enter or a
double-click edit the text in a box the size of the card, saved while typing; Enter closes it.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import (
    QListView,
    QPlainTextEdit,
    QStyle,
    QStyleOptionViewItem,
    QWidget,
)

from facilitator_app.gui.models.grid import VOTES_ROLE
from facilitator_app.gui.widgets.delegates import PlainTextDelegate

__all__ = ["CardDelegate"]

AnyIndex = QModelIndex | QPersistentModelIndex
CARD, CARD_BORDER, SELECTED = QColor("#fff6c7"), QColor("#e2d48f"), QColor("#2f6fb5")
BADGE, BADGE_TEXT = QColor("#37474f"), QColor("#ffffff")
_WRAP = Qt.TextFlag.TextWordWrap


class CardDelegate(PlainTextDelegate):
    """Paints a card (wrapped text, a votes badge with − and + when hovered or selected) and
    edits its text in a box the size of the card."""

    MARGIN, PAD = 5, 8
    ONE_PARAGRAPH = True

    def _card(self, rect: QRect) -> QRect:
        return rect.adjusted(self.MARGIN, self.MARGIN // 2, -self.MARGIN, -self.MARGIN // 2)

    def _badges(self, option: QStyleOptionViewItem, votes: int) -> tuple[QRect, QRect, QRect]:
        """Where the − button, the count and the + button are drawn on a card."""
        card, fm = self._card(option.rect), option.fontMetrics
        side = fm.height() + 4
        count = QRect(0, 0, max(side, fm.horizontalAdvance(f"● {votes}") + 12), side)
        count.moveBottomRight(card.bottomRight() - QPoint(self.PAD - 2, 5))
        plus = QRect(count.left() - side - 4, count.top(), side, side)
        minus = QRect(plus.left() - side - 2, count.top(), side, side)
        return minus, count, plus

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        view = option.widget
        width = view.viewport().width() if isinstance(view, QListView) else 200
        inner = max(width - 2 * (self.MARGIN + self.PAD), 40)
        text = str(index.data() or "")
        fm = option.fontMetrics
        height = fm.boundingRect(QRect(0, 0, inner, 100_000), _WRAP, text).height()
        return QSize(width, height + fm.height() + 2 * self.PAD + 6 + self.MARGIN)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        self.initStyleOption(option, index)
        card = self._card(option.rect)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(SELECTED if selected else CARD_BORDER, 2 if selected else 1))
        painter.setBrush(CARD)
        painter.drawRoundedRect(card.adjusted(1, 1, -1, -1), 6, 6)
        painter.setPen(QColor("#212121"))
        text_rect = card.adjusted(self.PAD, self.PAD - 2, -self.PAD, -self.PAD)
        painter.drawText(text_rect, _WRAP | Qt.AlignmentFlag.AlignTop, str(index.data() or ""))
        votes = int(index.data(VOTES_ROLE) or 0)
        minus, count, plus = self._badges(option, votes)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(BADGE if votes else QColor("#b0bec5"))
        painter.drawRoundedRect(count, count.height() / 2, count.height() / 2)
        painter.setPen(BADGE_TEXT)
        painter.drawText(count, Qt.AlignmentFlag.AlignCenter, f"● {votes}")
        if selected or option.state & QStyle.StateFlag.State_MouseOver:
            painter.setPen(QPen(BADGE, 1))
            painter.setBrush(QColor("#ffffff"))
            for rect, sign in ((minus, "−"), (plus, "+")):
                painter.drawEllipse(rect.adjusted(1, 1, -1, -1))
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, sign)
        painter.restore()

    def editorEvent(
        self, event: QEvent, model: object, option: QStyleOptionViewItem, index: AnyIndex
    ) -> bool:
        kinds = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick)
        if isinstance(event, QMouseEvent) and event.type() in (
            *kinds,
            QEvent.Type.MouseButtonRelease,
        ):
            votes = int(index.data(VOTES_ROLE) or 0)
            minus, _count, plus = self._badges(option, votes)
            position = event.position().toPoint()
            for rect, step in ((minus, -1), (plus, 1)):
                if rect.contains(position):
                    if event.type() == QEvent.Type.MouseButtonRelease:
                        index.model().setData(index, votes + step, VOTES_ROLE)
                    return True
        return super().editorEvent(event, model, option, index)  # type: ignore[arg-type]

    def make_editor(self, parent: QWidget) -> QPlainTextEdit:
        editor = super().make_editor(parent)
        editor.setObjectName("cardEditor")
        editor.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        return editor

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> None:
        rect = self._card(option.rect).adjusted(2, 2, -2, -2)
        rect.setHeight(max(rect.height(), option.fontMetrics.lineSpacing() * 4))
        editor.setGeometry(rect)
