"""`PhotoGrid` and `PhotoDelegate`: the thumbnail grid of the photos panel.

The grid is a `QListView` in icon mode that takes drops over its whole area: image files
from a file manager (`files_dropped`), an image dragged from another program
(`image_dropped`), or one of its own thumbnails dragged to a new place (`move_requested`,
with the insertion slot, a line showing where it will go). When it is empty it says how to
add photos. The delegate draws each photo as a thumbnail in a square, its caption (two lines
at most; the file name, greyed, while there is none) and where it is attached.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QBuffer,
    QIODevice,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QFontMetrics,
    QImage,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from facilitator_app.gui.models.photos import ID_ROLE, PHOTO_MIME, PLACE_ROLE, THUMB_PX
from facilitator_app.i18n import tr

__all__ = ["PhotoGrid", "PhotoDelegate", "png_bytes"]

AnyIndex = QModelIndex | QPersistentModelIndex


def png_bytes(image: QImage) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data().data())


class PhotoGrid(QListView):
    files_dropped = Signal(list)  # local paths
    image_dropped = Signal(QImage)
    move_requested = Signal(str, int)  # photo id, insertion slot (0 … row count)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.empty_text = ""
        self.accepts_files = True
        self._drop: str | None = None  # "files" or "move" while something is dragged over
        self._slot = -1
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setMovement(QListView.Movement.Static)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setWrapping(True)
        self.setUniformItemSizes(True)
        self.setSpacing(6)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(False)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)

    # -- dropping -------------------------------------------------------------------------

    def drop_kind(self, event: QDropEvent) -> str | None:
        """ "files" (image files or an image from elsewhere), "move" (a thumbnail of this
        grid) or None (refused)."""
        mime = event.mimeData()
        if mime.hasFormat(PHOTO_MIME):
            return "move" if event.source() is self else None
        if not self.accepts_files:
            return None
        if any(u.isLocalFile() for u in mime.urls()) or mime.hasImage():
            return "files"
        return None

    def _slot_at(self, pos: QPoint) -> int:
        index = self.indexAt(pos)
        if not index.isValid():
            return self.model().rowCount()
        after = pos.x() > self.visualRect(index).center().x()
        return index.row() + (1 if after else 0)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self._drop = self.drop_kind(event)
        if self._drop is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.viewport().update()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self.drop_kind(event) is None:
            event.ignore()
            return
        if self._drop == "move":
            self._slot = self._slot_at(event.position().toPoint())
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()
        else:
            event.acceptProposedAction()
        self.viewport().update()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._drop, self._slot = None, -1
        self.viewport().update()
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        kind, slot = self.drop_kind(event), self._slot_at(event.position().toPoint())
        self._drop, self._slot = None, -1
        self.viewport().update()
        mime = event.mimeData()
        if kind == "move":
            ids = bytes(mime.data(PHOTO_MIME).data()).decode("utf-8").split()
            event.setDropAction(Qt.DropAction.CopyAction)  # the view must not remove the rows
            event.accept()
            if ids:
                self.move_requested.emit(ids[0], slot)
        elif kind == "files":
            self.take_files(event)
        else:
            event.ignore()

    def take_files(self, event: QDropEvent) -> None:
        """Accept a drop of files (or of an image) and say what was dropped."""
        event.acceptProposedAction()
        mime = event.mimeData()
        paths = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
        if paths:
            self.files_dropped.emit(paths)
        else:
            self.image_dropped.emit(QImage(mime.imageData()))

    # -- painting -------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        painter = QPainter(self.viewport())
        area = self.viewport().rect()
        if self.model() is not None and self.model().rowCount() == 0 and self.empty_text:
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
            painter.drawText(area.adjusted(24, 24, -24, -24), flags, self.empty_text)
        highlight = self.palette().color(QPalette.ColorRole.Highlight)
        if self._drop == "files":
            painter.setPen(QPen(highlight, 2, Qt.PenStyle.DashLine))
            painter.drawRoundedRect(area.adjusted(2, 2, -3, -3), 6, 6)
        elif self._drop == "move" and self._slot >= 0 and self.model().rowCount():
            last = self._slot >= self.model().rowCount()
            rect = self.visualRect(self.model().index(self._slot - 1 if last else self._slot, 0))
            x = rect.right() + 3 if last else rect.left() - 3
            painter.setPen(QPen(highlight, 3))
            painter.drawLine(x, rect.top() + 4, x, rect.bottom() - 4)
        painter.end()


def _two_lines(metrics: QFontMetrics, text: str, width: int) -> list[str]:
    """`text` wrapped on words into two lines at most, the second elided."""
    words = text.split()
    first = ""
    while words and metrics.horizontalAdvance(f"{first} {words[0]}".strip()) <= width:
        first = f"{first} {words.pop(0)}".strip()
    if not first:  # one long word
        return [metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)]
    rest = " ".join(words)
    lines = [first]
    if rest:
        lines.append(metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width))
    return lines


class PhotoDelegate(QStyledItemDelegate):
    """A thumbnail in a square, its caption (two lines at most) and where it is attached."""

    PAD = 8

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        lines = 3 * option.fontMetrics.lineSpacing()
        return QSize(THUMB_PX + 2 * self.PAD, THUMB_PX + lines + 2 * self.PAD + 6)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.showDecorationSelected = True  # the whole cell, thumbnail included
        widget = opt.widget
        style = widget.style() if widget else QApplication.style()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, widget)
        painter.save()
        rect, palette = QRect(opt.rect), opt.palette
        box = QRect(rect.x() + self.PAD, rect.y() + self.PAD, THUMB_PX, THUMB_PX)
        pixmap = index.data(Qt.ItemDataRole.DecorationRole)
        if pixmap is not None and not pixmap.isNull():
            size = pixmap.deviceIndependentSize().toSize()
            target = QRect(QPoint(0, 0), size)  # centred, standing on the caption
            target.moveCenter(box.center())
            target.moveBottom(box.bottom())
            painter.drawPixmap(target, pixmap)
            painter.setPen(QColor(0, 0, 0, 40))
            painter.drawRect(target.adjusted(0, 0, -1, -1))
        else:
            painter.fillRect(box, palette.color(QPalette.ColorRole.AlternateBase))
            model = index.model()
            unreadable = getattr(model, "unreadable", None)
            if unreadable is not None and unreadable(index.data(ID_ROLE)):
                painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
                flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
                painter.drawText(box.adjusted(8, 8, -8, -8), flags, tr("Unreadable image"))

        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        font = QFont(opt.font)
        metrics = QFontMetrics(font)
        line = metrics.lineSpacing()
        width = rect.width() - 2 * self.PAD + 4
        y = box.bottom() + 6
        caption = str(index.data(Qt.ItemDataRole.EditRole) or "")
        if caption:
            painter.setPen(palette.color(text_role))
            lines = _two_lines(metrics, caption, width)
        else:
            italic = QFont(font)
            italic.setItalic(True)
            painter.setFont(italic)
            if not selected:
                painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            filename = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
            lines = [metrics.elidedText(filename, Qt.TextElideMode.ElideMiddle, width)]
        for number, text in enumerate(lines):
            row = QRect(rect.x() + self.PAD - 2, y + number * line, width, line)
            painter.drawText(row, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, text)
        place = str(index.data(PLACE_ROLE) or "")
        if place:
            small = QFont(font)
            small.setPointSizeF(max(font.pointSizeF() * 0.9, 7.0))
            painter.setFont(small)
            dim = palette.color(text_role if selected else QPalette.ColorRole.PlaceholderText)
            painter.setPen(dim)
            row = QRect(rect.x() + self.PAD - 2, y + 2 * line, width, line)
            elided = QFontMetrics(small).elidedText(place, Qt.TextElideMode.ElideRight, width)
            painter.drawText(row, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, elided)
        painter.restore()
