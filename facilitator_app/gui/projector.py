"""`ProjectorWindow`: the world café as the room sees it on the projector (DESIGN §5).

A second top-level window, white on near-black, in type sized from the window's height so
it reads from the back of the room: the session question, « Round 2 / 3 » and the round's
question, a huge countdown, « Change tables! » when the time is up, and where everyone sits
next (« Table 1 · Animation : Alice, Bob… »). `present()` puts it full screen on a second
screen when there is one; on a single screen it is an ordinary window the facilitator can
drag and size, F11 (or a double-click) toggles full screen and Escape leaves it.

It is driven by the facilitator's `CafeClock` through `show_state(...)`, which takes plain,
already translated values, and it never writes anything. Every block of text is fitted to
its share of the window (the largest size that fits, wrapped, never clipped), so the layout
holds from a small preview window to a 4K projector.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QGuiApplication,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QScreen,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import QWidget

from facilitator_app.i18n import tr
from facilitator_app.paths import resource

__all__ = ["ProjectorView", "ProjectorWindow"]

BACKGROUND = QColor("#101418")
TEXT = "#eceff1"
DIM = "#90a4ae"
ACCENT = "#ffca28"  # the round, the last minute
ALERT = "#ff5252"  # time is up
PAUSED = "#78909c"
_SMALLEST = 6.0  # px: text is fitted down to this size rather than cut off


@dataclass(frozen=True, slots=True)
class ProjectorView:
    """Everything the projector shows, as plain translated text."""

    question: str = ""  # the session's question
    round_label: str = ""  # « Round 2 / 3 »
    round_question: str = ""
    countdown: str = ""  # « 18:42 »
    alert: str = ""  # « Change tables! »: shown instead of the countdown
    paused: bool = False
    hurry: bool = False  # the last minute
    seating_title: str = ""  # « Seating for round 3 »
    seating: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (« Table 1 · Animation », names)

    def texts(self) -> list[str]:
        """What can be read on the screen, top to bottom (for tests and accessibility)."""
        lines = [self.question, self.round_label, self.round_question]
        lines.append(self.alert or self.countdown)
        if self.seating:
            lines.append(self.seating_title)
            lines += [_seating_line(label, names) for label, names in self.seating]
        return [line for line in lines if line]


def _seating_line(label: str, names: Sequence[str]) -> str:
    return tr("{table}: {names}", table=label, names=", ".join(names))


@cache
def _family() -> str:
    """DejaVu Sans, shipped with Récolte (full French coverage), or the system's sans."""
    family = ""
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        try:
            font_id = QFontDatabase.addApplicationFont(str(resource("fonts", name)))
        except FileNotFoundError:
            font_id = -1
        if font_id >= 0 and not family:
            family = (QFontDatabase.applicationFontFamilies(font_id) or [""])[0]
    return family or QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont).family()


def _font(pixels: float, *, bold: bool = True) -> QFont:
    font = QFont(_family())
    font.setPixelSize(max(1, round(pixels)))
    font.setBold(bold)
    return font


class _Block:
    """Rich text fitted to a rectangle: the largest base size that fits, wrapped."""

    def __init__(self, document: QTextDocument, rect: QRectF) -> None:
        self.document = document
        self.rect = rect

    def draw(self, painter: QPainter) -> None:
        height = self.document.size().height()
        painter.save()
        painter.translate(self.rect.left(), self.rect.top() + (self.rect.height() - height) / 2)
        self.document.drawContents(painter, QRectF(0, 0, self.rect.width(), self.rect.height()))
        painter.restore()


def _document(markup: str, width: float, *, align: Qt.AlignmentFlag) -> QTextDocument:
    document = QTextDocument()
    document.setDocumentMargin(0)
    document.setDefaultFont(_font(10, bold=False))
    option = QTextOption(align)
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    document.setDefaultTextOption(option)
    document.setTextWidth(width)
    document.setHtml(markup)
    return document


def _fit(
    markup: str, rect: QRectF, *, largest: float, smallest: float, align: Qt.AlignmentFlag
) -> tuple[QTextDocument, float]:
    """The document at the largest base size in [smallest, largest] whose text fits `rect`
    (`markup` gives its sizes as `@factor@`, see `_sized`)."""

    def build(base: float) -> QTextDocument:
        return _document(_sized(markup, base), rect.width(), align=align)

    low, high = smallest, largest
    best = build(high)
    if _fits(best, rect):
        return best, high
    best = build(low)
    for _ in range(9):
        middle = (low + high) / 2
        document = build(middle)
        if _fits(document, rect):
            low, best = middle, document
        else:
            high = middle
    return best, low


def _fits(document: QTextDocument, rect: QRectF) -> bool:
    return document.size().height() <= rect.height() and document.idealWidth() <= rect.width() + 1


_SIZE = re.compile(r"@([0-9.]+)@")


def _sized(markup: str, base: float) -> str:
    """Replace each `@factor@` with the pixel size factor × base."""
    return _SIZE.sub(lambda m: f"{float(m.group(1)) * base:.1f}px", markup)


def _unbroken(name: str) -> str:
    """A name that never breaks across lines (« Anne-Laure Federici » stays whole)."""
    return name.replace(" ", "\u00a0").replace("-", "\u2011")


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


class ProjectorWindow(QWidget):
    """The projector's window; `show_state()` changes what it shows, nothing else does."""

    closed = Signal()  # the window was closed by the person (its close button, Alt+F4)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window)
        self.setWindowTitle(tr("Récolte — projector"))
        self.setObjectName("projector")
        self.setAutoFillBackground(False)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setMinimumSize(320, 180)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setToolTip(tr("F11: full screen · Escape: leave full screen"))
        self.view = ProjectorView()
        self._layout_key: tuple[object, ...] | None = None
        self._blocks: list[_Block] = []
        self._clock_rect = QRectF()
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.screenAdded.connect(self._screens_changed)
            app.screenRemoved.connect(self._screens_changed)
        self._avoid: QScreen | None = None
        self._placed = False  # sized and centred once; then where the facilitator left it

    # -- what is shown --------------------------------------------------------------------

    def show_state(
        self,
        *,
        question: str = "",
        round_label: str = "",
        round_question: str = "",
        countdown: str = "",
        alert: str = "",
        paused: bool = False,
        hurry: bool = False,
        seating_title: str = "",
        seating: Sequence[tuple[str, Sequence[str]]] = (),
    ) -> None:
        view = ProjectorView(
            question=question,
            round_label=round_label,
            round_question=round_question,
            countdown=countdown,
            alert=alert,
            paused=paused,
            hurry=hurry,
            seating_title=seating_title,
            seating=tuple((label, tuple(names)) for label, names in seating),
        )
        if view == self.view:
            return
        only_the_time = replace(view, countdown=self.view.countdown) == self.view
        self.view = view
        self.setAccessibleDescription("\n".join(view.texts()))
        if only_the_time and self._layout_key is not None:
            self.update(self._clock_rect.toAlignedRect())  # once a second: the digits only
        else:
            self.update()

    def texts(self) -> list[str]:
        return self.view.texts()

    # -- where it is shown ----------------------------------------------------------------

    def present(self, *, avoid: QScreen | None = None) -> bool:
        """Show the window: full screen on a screen other than `avoid` (the facilitator's)
        when there is one, else as a normal window on this screen. True when full screen."""
        self._avoid = avoid
        screens = QGuiApplication.screens()
        others = [s for s in screens if s is not avoid]
        if len(screens) > 1 and others:
            target = others[0]
            self.winId()  # creates the native window, so it can be given a screen
            handle = self.windowHandle()
            if handle is not None:
                handle.setScreen(target)
            self.setGeometry(target.geometry())
            self.showFullScreen()
            return True
        if not self._placed:
            self._placed = True
            screen = avoid or QGuiApplication.primaryScreen()
            if screen is not None:
                area = screen.availableGeometry()
                width = min(area.width() * 2 // 3, area.height() * 2 // 3 * 16 // 9)
                self.resize(QSize(width, width * 9 // 16))
                self.move(area.center() - self.rect().center())
        self.show()
        self.raise_()
        return False

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.leave_full_screen()
        else:
            self.showFullScreen()
            self.setCursor(Qt.CursorShape.BlankCursor)

    def leave_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        self.unsetCursor()

    def _screens_changed(self, _screen: QScreen) -> None:
        """A projector plugged in while the window is open: go there. Unplugged: never stay
        full screen over the facilitator's only screen."""
        if not self.isVisible():
            return
        if len(QGuiApplication.screens()) > 1:
            QTimer.singleShot(0, lambda: self.present(avoid=self._avoid))
        else:
            QTimer.singleShot(0, self.leave_full_screen)

    # -- keyboard and mouse ---------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_F11:
            self.toggle_full_screen()
        elif event.key() == Qt.Key.Key_Escape and self.isFullScreen():
            self.leave_full_screen()
        else:
            super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.toggle_full_screen()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.leave_full_screen()
        super().closeEvent(event)
        self.closed.emit()

    # -- painting -------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.fillRect(self.rect(), BACKGROUND)
        self._relayout()
        for block in self._blocks:
            block.draw(painter)
        self._draw_clock(painter)
        painter.end()

    def _relayout(self) -> None:
        """Fit the text blocks to the window; done again only when the size or text change."""
        view = self.view
        key = (self.width(), self.height(), replace(view, countdown=""))  # the clock has its rect
        if key == self._layout_key:
            return
        self._layout_key = key
        self._blocks = []
        w, h = float(self.width()), float(self.height())
        margin = round(min(w, h) * 0.05)
        inner = QRectF(margin, margin, w - 2 * margin, h - 2 * margin)
        gap = h * 0.03
        seating = bool(view.seating)
        top = inner.top()

        head = self._head_markup()
        if head:
            share = inner.height() * (0.27 if seating else 0.36)
            rect = QRectF(inner.left(), top, inner.width(), share)
            document, _ = _fit(
                head,
                rect,
                largest=h * 0.085,
                smallest=_SMALLEST,
                align=Qt.AlignmentFlag.AlignHCenter,
            )
            rect.setHeight(min(share, document.size().height()))
            self._blocks.append(_Block(document, rect))
            top = rect.bottom() + gap

        bottom = inner.bottom()
        if seating:
            clock_height = min(inner.height() * 0.2, bottom - top)
            self._clock_rect = QRectF(inner.left(), top, inner.width(), clock_height)
            rect = QRectF(inner.left(), top + clock_height + gap, inner.width(), 0)
            rect.setBottom(bottom)
            self._blocks += self._seating_blocks(rect, h)
        else:
            self._clock_rect = QRectF(inner.left(), top, inner.width(), bottom - top)

    def _head_markup(self) -> str:
        view = self.view
        parts = []
        if view.question:
            parts.append(
                f'<p style="margin:0; color:{DIM}; font-size:@0.62@">{_esc(view.question)}</p>'
            )
        if view.round_label:
            parts.append(
                f'<p style="margin:0; margin-top:@0.3@; color:{ACCENT}; font-weight:bold; '
                f'font-size:@0.7@">{_esc(view.round_label)}</p>'
            )
        if view.round_question:
            parts.append(
                f'<p style="margin:0; margin-top:@0.12@; color:{TEXT}; font-weight:bold; '
                f'font-size:@1@">{_esc(view.round_question)}</p>'
            )
        return "".join(parts)

    def _seating_blocks(self, rect: QRectF, h: float) -> list[_Block]:
        """The title, then one paragraph per table, in one column or two, whichever reads
        larger."""
        view = self.view
        title = (
            f'<p style="margin:0; color:{ACCENT}; font-weight:bold; font-size:@1.1@">'
            f"{_esc(view.seating_title)}</p>"
            if view.seating_title
            else ""
        )
        lines = []
        for label, names in view.seating:
            table = f'<span style="font-weight:bold; color:{TEXT}">{_esc(label)}</span>'
            together = ", ".join(_unbroken(name) for name in names)
            text = tr("{table}: {names}", table=table, names=_esc(together))
            lines.append(
                f'<p style="margin:0; margin-top:@0.3@; margin-left:@1.5@; text-indent:-@1.5@; '
                f'color:#cfd8dc; font-size:@1@">{text}</p>'
            )
        largest, smallest = h * 0.055, _SMALLEST
        best: tuple[float, list[_Block]] | None = None
        for columns in (1, 2) if len(lines) > 1 else (1,):
            blocks, size = self._columns(title, lines, rect, columns, largest, smallest)
            if best is None or size > best[0] * 1.15:  # two columns only when clearly larger
                best = (size, blocks)
        return best[1] if best else []

    def _columns(
        self,
        title: str,
        lines: list[str],
        rect: QRectF,
        columns: int,
        largest: float,
        smallest: float,
    ) -> tuple[list[_Block], float]:
        gap = rect.width() * 0.04
        width = (rect.width() - gap * (columns - 1)) / columns
        per_column = -(-len(lines) // columns)
        groups = [lines[i : i + per_column] for i in range(0, len(lines), per_column)]

        def build(base: float) -> tuple[list[QTextDocument], float]:
            docs = [
                _document(_sized(title, base), rect.width(), align=Qt.AlignmentFlag.AlignHCenter)
            ]
            docs += [
                _document(_sized("".join(g), base), width, align=Qt.AlignmentFlag.AlignLeft)
                for g in groups
            ]
            fits = all(d.idealWidth() <= width + 1 for d in docs[1:])
            height = docs[0].size().height() * bool(title) + max(
                d.size().height() for d in docs[1:]
            )
            return docs, height if fits else float("inf")

        low, high = smallest, largest
        docs, height = build(high)
        size = high
        if height > rect.height():
            docs, _ = build(low)
            size = low
            for _ in range(9):
                middle = (low + high) / 2
                candidate, height = build(middle)
                if height <= rect.height():
                    low, docs, size = middle, candidate, middle
                else:
                    high = middle
        title_height = docs[0].size().height() if title else 0.0
        body_height = max(d.size().height() for d in docs[1:])
        top = rect.top() + max(0.0, (rect.height() - title_height - body_height) / 2)
        blocks = []
        if title:
            blocks.append(_Block(docs[0], QRectF(rect.left(), top, rect.width(), title_height)))
        for i, document in enumerate(docs[1:]):
            left = rect.left() + i * (width + gap)
            body = QRectF(left, top + title_height, width, body_height)
            blocks.append(_Block(document, body))
        for block in blocks:  # top-aligned inside the shared height, never past the bottom
            block.rect.setHeight(block.document.size().height())
            block.rect.setBottom(min(block.rect.bottom(), rect.bottom()))
        return blocks, size

    def _draw_clock(self, painter: QPainter) -> None:
        view = self.view
        text = view.alert or view.countdown
        rect = self._clock_rect
        if not text or rect.height() <= 0:
            return
        if view.alert:
            colour, shape = ALERT, text
        else:
            colour = PAUSED if view.paused else ACCENT if view.hurry else TEXT
            shape = _shape(text)  # sized for 00:00, so the digits never change size
        probe = _font(100)
        bounds = QFontMetricsF(probe).tightBoundingRect(shape)
        if bounds.width() <= 0 or bounds.height() <= 0:
            return
        scale = min(rect.width() * 0.96 / bounds.width(), rect.height() * 0.9 / bounds.height())
        font = _font(100 * scale)
        metrics = QFontMetricsF(font)
        tight = metrics.tightBoundingRect(text)
        shape_tight = metrics.tightBoundingRect(shape)
        x = rect.center().x() - tight.width() / 2 - tight.left()
        y = rect.center().y() - shape_tight.height() / 2 - shape_tight.top()
        painter.setFont(font)
        painter.setPen(QColor(colour))
        painter.drawText(QPointF(x, y), text)


def _shape(text: str) -> str:
    """The text with every digit as 0: the countdown's size depends on this, not on the time."""
    return re.sub(r"\d", "0", text)
