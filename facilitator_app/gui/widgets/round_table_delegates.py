"""How the round-table panel draws its rows: a speaker (number, name, organisation in grey,
how many notes) and a note (a quote as a pull-quote, another note as one plain line), with
the note editor that corrects a note in place, saved while typing.

User text is escaped before it reaches the rich-text layout, so a `<b>` typed in a note is
shown as typed.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QFrame,
    QListView,
    QPlainTextEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from facilitator_app.core.model import NOTE_KINDS
from facilitator_app.core.vocabulary import note_kind_label
from facilitator_app.gui.models.round_table import (
    COUNT_ROLE,
    KIND_ROLE,
    ORGANISATION_ROLE,
    SPEAKER_ROLE,
)
from facilitator_app.gui.widgets.delegates import PlainTextDelegate
from facilitator_app.i18n import tr, tr_count

__all__ = ["SpeakerDelegate", "SpokenNoteDelegate", "QUOTE_COLOUR"]

AnyIndex = QModelIndex | QPersistentModelIndex
QUOTE_COLOUR = "#c62828"  # the round-table colour of the programme
_GREY = QColor("#6b7280")
_RULE = QColor("#e5e7eb")


def _colours(option: QStyleOptionViewItem) -> tuple[QColor, QColor]:
    """(text, secondary text) colours for a row, readable on the selection too."""
    if option.state & QStyle.StateFlag.State_Selected:
        colour = option.palette.color(QPalette.ColorRole.HighlightedText)
        return colour, colour
    return option.palette.color(QPalette.ColorRole.Text), _GREY


def _background(
    option: QStyleOptionViewItem, painter: QPainter, index: AnyIndex, d: QStyledItemDelegate
) -> QStyleOptionViewItem:
    opt = QStyleOptionViewItem(option)
    d.initStyleOption(opt, index)
    opt.text = ""
    widget = opt.widget
    style = widget.style() if widget is not None else None
    if style is not None:
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
    painter.save()
    painter.setPen(_RULE)
    painter.drawLine(opt.rect.bottomLeft(), opt.rect.bottomRight())
    painter.restore()
    return opt


class SpeakerDelegate(QStyledItemDelegate):
    """« 2  Anaïs Decagny          3 notes » over « Ville de Grenoble » in grey."""

    PAD = 6

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        metrics = option.fontMetrics
        return QSize(200, metrics.lineSpacing() * 2 + 2 * self.PAD + 2)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        opt = _background(option, painter, index, self)
        text, grey = _colours(opt)
        rect = opt.rect.adjusted(self.PAD, self.PAD, -self.PAD, -self.PAD)
        metrics = opt.fontMetrics
        line = metrics.lineSpacing()
        painter.save()
        bold = QFont(opt.font)
        bold.setBold(True)
        number = str(index.row() + 1)
        number_width = metrics.horizontalAdvance("99") + self.PAD
        painter.setPen(grey)
        painter.setFont(bold)
        painter.drawText(
            QRect(rect.left(), rect.top(), number_width, line),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            number,
        )
        count = int(index.data(COUNT_ROLE) or 0)
        count_text = "" if not count else tr_count(count, "1 note", "{n} notes")
        count_width = metrics.horizontalAdvance(count_text) + self.PAD if count_text else 0
        painter.setFont(opt.font)
        painter.drawText(
            QRect(rect.right() - count_width, rect.top(), count_width, line),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            count_text,
        )
        left = rect.left() + number_width
        width = max(10, rect.right() - left - count_width)
        painter.setFont(bold)
        painter.setPen(text)
        name = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        painter.drawText(
            QRect(left, rect.top(), width, line),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            painter.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight, width),
        )
        painter.setFont(opt.font)
        painter.setPen(grey)
        organisation = str(index.data(ORGANISATION_ROLE) or "")
        width = max(10, rect.right() - left)
        painter.drawText(
            QRect(left, rect.top() + line, width, line),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            metrics.elidedText(organisation, Qt.TextElideMode.ElideRight, width),
        )
        painter.restore()


class SpokenNoteDelegate(PlainTextDelegate):
    """Draws a quote as a pull-quote and other notes as plain lines; edits the text in a box
    that wraps like the row (Enter ends the correction, Escape leaves it)."""

    PAD, BAR = 8, 4  # padding around the text; the quote's bar on the left
    ONE_PARAGRAPH = True

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self._view = view

    def _html(self, index: AnyIndex, grey: QColor, font: QFont) -> str:
        words = escape(str(index.data(Qt.ItemDataRole.EditRole) or ""))
        who = str(index.data(SPEAKER_ROLE) or "")
        if not self._is_quote(index):
            if who:
                words += f'<span style="color:{grey.name()}"> — {escape(who)}</span>'
            return words
        base = font.pointSizeF() if font.pointSizeF() > 0 else 10.0
        said = tr("“{text}”", text=words)
        html = f'<p style="margin:0; font-style:italic; font-size:{base * 1.25:.1f}pt">{said}</p>'
        parts = [p for p in (who, str(index.data(ORGANISATION_ROLE) or "")) if p]
        if parts:
            html += (
                f'<p style="margin:4px 0 0 0; color:{grey.name()}">— {escape(", ".join(parts))}</p>'
            )
        return html

    def _layout(self, option: QStyleOptionViewItem, index: AnyIndex, width: int) -> QTextDocument:
        _text, grey = _colours(option)
        document = QTextDocument()
        document.setDocumentMargin(0)
        document.setDefaultFont(option.font)
        document.setHtml(self._html(index, grey, option.font))
        document.setTextWidth(max(40, width))
        return document

    @staticmethod
    def _is_quote(index: AnyIndex) -> bool:
        return index.data(KIND_ROLE) == "quote"

    @staticmethod
    def _kind_font(font: QFont) -> QFont:
        small = QFont(font)
        small.setBold(True)
        if font.pointSizeF() > 0:
            small.setPointSizeF(font.pointSizeF() * 0.85)
        return small

    def _indent(self, option: QStyleOptionViewItem, index: AnyIndex) -> int:
        """Where the text starts: after the quote's bar, or after the column of note types
        (as wide as the widest type name, so the texts of plain notes line up)."""
        if self._is_quote(index):
            return self.BAR + self.PAD
        metrics = QFontMetrics(self._kind_font(option.font))
        return max(metrics.horizontalAdvance(note_kind_label(k)) for k in NOTE_KINDS) + self.PAD

    def _text_width(self, option: QStyleOptionViewItem, index: AnyIndex) -> int:
        # the viewport's width, in the measure and in the painting alike: a row measured at
        # one width and painted at another would cut its last line
        return self._view.viewport().width() - 2 * self.PAD - self._indent(option, index)

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        width = self._view.viewport().width()
        document = self._layout(option, index, self._text_width(option, index))
        pad = self.PAD * (2 if self._is_quote(index) else 1)
        return QSize(width, int(document.size().height()) + 2 * pad)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        opt = _background(option, painter, index, self)
        text, grey = _colours(opt)
        quote = self._is_quote(index)
        pad = self.PAD * (2 if quote else 1)
        left = opt.rect.left() + self.PAD
        indent = self._indent(opt, index)
        painter.save()
        if quote:
            painter.fillRect(
                QRect(left, opt.rect.top() + pad, self.BAR, opt.rect.height() - 2 * pad),
                QColor(QUOTE_COLOUR),
            )
        else:
            painter.setFont(self._kind_font(opt.font))
            painter.setPen(grey)
            line = opt.fontMetrics.lineSpacing()
            painter.drawText(
                QRect(left, opt.rect.top() + pad, indent, line),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                note_kind_label(str(index.data(KIND_ROLE) or "")),
            )
        document = self._layout(opt, index, self._text_width(opt, index))
        painter.translate(left + indent, opt.rect.top() + pad)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.ColorRole.Text, text)
        document.documentLayout().draw(painter, context)
        painter.restore()

    # -- editing ----------------------------------------------------------------------------

    def make_editor(self, parent: QWidget) -> QPlainTextEdit:
        editor = super().make_editor(parent)
        editor.setObjectName("spokenNoteEditor")
        editor.setFrameShape(QFrame.Shape.Box)
        editor.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        return editor

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> None:
        rect = QRect(option.rect)
        lines = editor.fontMetrics().lineSpacing() * 3 + 12
        rect.setHeight(max(rect.height(), lines))
        editor.setGeometry(rect)
