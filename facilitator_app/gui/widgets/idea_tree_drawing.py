"""`IdeaTreeDrawing`: an idea tree drawn as a mind map, the question at the centre.

Each node is a rounded box with its text wrapped (at most `NODE_WIDTHS[depth]` wide, deep
ideas a little narrower so more fits), tinted with the colour of its top-level branch; the
branches themselves are filled with it. A node that is not a plain idea says its type in small
letters, and votes show as a badge « ● 7 ». The layout is `core.idea_layout.layout_tree`
(compact gaps), so boxes never overlap. The drawing is rebuilt from the forest it is given
(about a millisecond per ten nodes); the editor debounces calls while someone types.

A tree is first shown readable (`reset_view()`): fitted, but never below `MIN_READABLE_SCALE`,
and then centred on the question. Ctrl+wheel zooms, the Fit button (`fit_and_follow()`) shows
the whole tree however small. Either view is kept as the tree grows or the window is resized,
until the person zooms or moves the view (or picks an idea out of sight); from then on a
redraw keeps the scale and the place shown.
Clicking a node emits `node_clicked(note_id)`; a double-click `node_activated(note_id)`.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPen,
    QResizeEvent,
    QShowEvent,
    QTextLayout,
    QTextOption,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsView,
    QStyleOptionGraphicsItem,
    QWidget,
)

from facilitator_app.core.idea_layout import Box, layout_tree
from facilitator_app.core.ideas import Forest, branch_colour
from facilitator_app.core.text import keep_punctuation_attached
from facilitator_app.core.vocabulary import note_kind_label

__all__ = ["IdeaTreeDrawing", "MIN_READABLE_SCALE", "NODE_WIDTHS"]

NODE_WIDTHS = (200.0, 200.0, 170.0)  # the widest a box grows before its text wraps, by depth
ROOT_WIDTH = 260.0
PADDING = 8.0
ROOT_COLOUR = "#37474f"
SELECTED = "#d81b60"
MAX_FIT_SCALE = 1.25  # a small tree is not blown up to fill the view
MIN_READABLE_SCALE = 0.8  # the first view is never smaller: 9–10 pt text stays legible
_READABLE, _WHOLE = "readable", "whole"  # the views kept while the tree changes


def _wrapped(text: str, font: QFont, width: float) -> tuple[QTextLayout, float, float]:
    """`text` laid out in lines at most `width` wide: the layout, its width and height."""
    layout = QTextLayout(keep_punctuation_attached(text), font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    height = widest = 0.0
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        line.setPosition(QPointF(0, height))
        height += line.height()
        widest = max(widest, line.naturalTextWidth())
    layout.endLayout()
    return layout, widest, max(height, QFontMetricsF(font).height())


def _text_on(colour: QColor) -> QColor:
    return QColor("#ffffff") if colour.lightnessF() < 0.6 else QColor("#212121")


class _NodeItem(QGraphicsItem):
    """One node (or the question): a rounded box, wrapped text, a type caption, a vote badge."""

    def __init__(
        self,
        note_id: str | None,
        text: str,
        *,
        colour: QColor,
        filled: bool,
        font: QFont,
        width: float,
        caption: str = "",
        votes: int = 0,
    ) -> None:
        super().__init__()
        self.note_id = note_id
        self.text = text
        self.highlighted = False  # selected in the outline (not the scene's own selection)
        self._colour = colour
        self._filled = filled
        self._font = font
        self._small = QFont(font)
        self._small.setPointSizeF(max(6.0, font.pointSizeF() * 0.8))
        self._caption = caption
        self._badge = f"● {votes}" if votes else ""
        self._layout, text_width, text_height = _wrapped(text, font, width - 2 * PADDING)
        small = QFontMetricsF(self._small)
        footer = caption or self._badge
        self._footer_height = small.height() + 2 if footer else 0.0
        footer_width = small.horizontalAdvance(f"{caption}   {self._badge}") if footer else 0.0
        inner = max(text_width, footer_width, 24.0)
        self._rect = QRectF(
            0, 0, min(width, inner + 2 * PADDING), text_height + self._footer_height + 2 * PADDING
        )
        if note_id is not None:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
            self.setToolTip(text)

    def set_highlighted(self, highlighted: bool) -> None:
        if highlighted != self.highlighted:
            self.highlighted = highlighted
            self.update()

    def size(self) -> tuple[float, float]:
        return self._rect.width(), self._rect.height()

    def boundingRect(self) -> QRectF:
        return self._rect.adjusted(-2, -2, 2, 2)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        selected = self.highlighted
        fill = self._colour if self._filled else QColor(self._colour).lighter(175)
        if not self._filled:
            fill = QColor.fromHslF(fill.hslHueF(), min(fill.hslSaturationF(), 0.5), 0.94)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(QColor(SELECTED) if selected else self._colour, 3.0 if selected else 1.6)
        painter.setPen(pen)
        painter.setBrush(QBrush(fill))
        painter.drawRoundedRect(self._rect, 8, 8)
        ink = _text_on(fill)
        painter.setPen(ink)
        painter.setFont(self._font)
        self._layout.draw(painter, QPointF(PADDING, PADDING))
        if not self._footer_height:
            return
        small = QFontMetricsF(self._small)
        top = self._rect.bottom() - PADDING - self._footer_height + 2
        painter.setFont(self._small)
        if self._caption:
            painter.setPen(QColor(ink).lighter(140) if ink.lightnessF() < 0.5 else ink)
            painter.drawText(QPointF(PADDING, top + small.ascent()), self._caption)
        if self._badge:
            width = small.horizontalAdvance(self._badge) + 8
            pill = QRectF(self._rect.right() - PADDING - width, top, width, small.height())
            badge = self._colour if not self._filled else QColor("#ffffff")
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(badge)
            painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
            painter.setPen(_text_on(badge))
            painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, self._badge)


def _edge(start: Box, end: Box, side: int, colour: QColor, width: float) -> QGraphicsPathItem:
    """A curve from the side of `start` facing `end` to the near side of `end`."""
    x0 = start.right if side > 0 else start.x
    x1 = end.x if side > 0 else end.right
    y0, y1 = start.centre_y, end.centre_y
    path = QPainterPath(QPointF(x0, y0))
    middle = (x0 + x1) / 2
    path.cubicTo(QPointF(middle, y0), QPointF(middle, y1), QPointF(x1, y1))
    item = QGraphicsPathItem(path)
    pen = QPen(colour, width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    item.setPen(pen)
    item.setZValue(-1)
    return item


class IdeaTreeDrawing(QGraphicsView):
    node_clicked = Signal(str)
    node_activated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ideaTreeDrawing")
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setBackgroundBrush(QColor("#fafafa"))
        self._items: dict[str, _NodeItem] = {}
        self._root: _NodeItem | None = None
        self._follow: str | None = _READABLE  # None once the person zooms or moves the view
        self._selected: set[str] = set()
        for bar in (self.horizontalScrollBar(), self.verticalScrollBar()):
            bar.actionTriggered.connect(self._moved_by_hand)  # user actions only

    # -- content ----------------------------------------------------------------------------

    def set_tree(self, question: str, forest: Forest) -> None:
        """Draw `forest` around `question`, keeping the highlighted nodes."""
        scene = self.scene()
        scene.clear()
        self._items = {}
        font = QFont(self.font())
        root_font = QFont(font)
        root_font.setBold(True)
        root_font.setPointSizeF(font.pointSizeF() * 1.3)
        branch_font = QFont(font)
        branch_font.setBold(True)
        branch_font.setPointSizeF(font.pointSizeF() * 1.1)
        colours = {b: QColor(branch_colour(row)) for row, b in enumerate(forest.roots)}
        for node_id in forest.walk():
            note = forest.notes[node_id]
            top = forest.parent_of(node_id) is None
            item = _NodeItem(
                node_id,
                note.text,
                colour=colours[forest.branch_of(node_id)],
                filled=top,
                font=branch_font if top else font,
                width=NODE_WIDTHS[min(forest.depth(node_id), len(NODE_WIDTHS) - 1)],
                caption="" if note.kind == "idea" else note_kind_label(note.kind),
                votes=note.votes,
            )
            self._items[node_id] = item
        self._root = _NodeItem(
            None,
            question,
            colour=QColor(ROOT_COLOUR),
            filled=True,
            font=root_font,
            width=ROOT_WIDTH,
        )
        layout = layout_tree(
            forest, {i: item.size() for i, item in self._items.items()}, self._root.size()
        )
        self._place(self._root, layout.root)
        for node_id, item in self._items.items():
            box = layout.boxes[node_id]
            self._place(item, box)
            parent = forest.parent_of(node_id)
            start = layout.root if parent is None else layout.boxes[parent]
            colour = colours[forest.branch_of(node_id)]
            scene.addItem(
                _edge(start, box, layout.sides[node_id], colour, 3.0 if parent is None else 1.8)
            )
        bounds = layout.bounds()
        scene.setSceneRect(
            QRectF(bounds.x, bounds.y, bounds.width, bounds.height).adjusted(-40, -40, 40, 40)
        )
        self._apply_view()  # unless the person moved it: the view keeps its centre
        self.select_nodes(self._selected)

    def _place(self, item: _NodeItem, box: Box) -> None:
        item.setPos(box.x, box.y)
        self.scene().addItem(item)

    def node_ids(self) -> list[str]:
        return list(self._items)

    def item_of(self, note_id: str) -> QGraphicsItem | None:
        return self._items.get(note_id)

    def root_item(self) -> QGraphicsItem | None:
        return self._root

    def select_nodes(self, note_ids: set[str] | list[str]) -> None:
        """Highlight these nodes (the outline's selection), without emitting anything."""
        self._selected = set(note_ids)
        for node_id, item in self._items.items():
            item.set_highlighted(node_id in self._selected)
        if len(self._selected) == 1 and self._follow != _WHOLE:
            shown = self._items.get(next(iter(self._selected)))
            if shown is not None:
                before = self._scroll()
                self.ensureVisible(shown, 40, 40)
                if self._scroll() != before:
                    self._follow = None  # the view went to the idea: it stays there

    # -- view -------------------------------------------------------------------------------

    def fit(self, minimum: float = 0.0) -> None:
        """Show the whole tree (never larger than a little above its natural size); if that
        needs a scale below `minimum`, show the question at `minimum` instead."""
        rect = self.scene().sceneRect()
        if rect.isEmpty():
            return
        area = self.viewport().rect().adjusted(2, 2, -2, -2)  # as fitInView leaves
        whole = min(area.width() / rect.width(), area.height() / rect.height())
        scale = max(min(whole, MAX_FIT_SCALE), minimum)
        self.resetTransform()
        self.scale(scale, scale)
        if scale > whole and self._root is not None:
            self.centerOn(self._root.sceneBoundingRect().center())
        else:
            self.centerOn(rect.center())

    def fit_and_follow(self) -> None:
        """Show the whole tree now, and keep doing so as it changes until the person zooms."""
        self._follow = _WHOLE
        self._apply_view()

    def reset_view(self) -> None:
        """The first view of a tree: fitted but readable, kept until the person moves it."""
        self._follow = _READABLE
        self._apply_view()

    def _apply_view(self) -> None:
        if self._follow is not None:
            self.fit(MIN_READABLE_SCALE if self._follow == _READABLE else 0.0)

    def _moved_by_hand(self, *_args: object) -> None:
        self._follow = None

    def _scroll(self) -> tuple[int, int]:
        return self.horizontalScrollBar().value(), self.verticalScrollBar().value()

    def zoom(self, factor: float) -> None:
        scale = self.transform().m11() * factor
        if 0.1 <= scale <= 4.0:
            self._follow = None
            self.scale(factor, factor)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.zoom(1.15**steps)
            event.accept()
            return
        super().wheelEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_view()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._apply_view()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        item = self._node_at(event)
        if item is not None and event.button() == Qt.MouseButton.LeftButton:
            self.node_clicked.emit(item.note_id)
            event.accept()
            return
        if event.button() == Qt.MouseButton.LeftButton and self._follow == _READABLE:
            self._follow = None  # the hand drags the view
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        item = self._node_at(event)
        if item is not None:
            self.node_activated.emit(item.note_id)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def _node_at(self, event: QMouseEvent) -> _NodeItem | None:
        for item in self.items(event.position().toPoint()):
            if isinstance(item, _NodeItem) and item.note_id is not None:
                return item
        return None
