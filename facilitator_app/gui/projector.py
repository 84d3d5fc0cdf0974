"""`ProjectorWindow`: the world café as the room sees it on the projector (DESIGN §5).

A second top-level window, white on near-black, in type sized from the window's height so
it reads from the back of the room: the session question, « Round 2 / 3 » and the round's
question, a huge countdown, « Change tables! » when the time is up, and where everyone sits
next (« Table 1 · Animation : Alice, Bob… »). `present()` puts it full screen on a second
screen when there is one; on a single screen it is an ordinary window the facilitator can
drag and size, F11 (or a double-click) toggles full screen and Escape leaves it.

Any other session is projected through `gui.session_projector`, which gives the window a
body (`body` markup, or a `drawing` for an idea tree) laid out under the question, with the
clock at the top right, and makes Escape close the window (`escape_closes`).

It is driven by the facilitator's `CafeClock` through `show_state(...)`, which takes plain,
already translated values, and it never writes anything. Every block of text is fitted to
its share of the window (the largest size that fits, wrapped, never clipped), so the layout
holds from a small preview window to a 4K projector.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QFontMetricsF,
    QGuiApplication,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QScreen,
    QTextDocument,
)
from PySide6.QtWidgets import QWidget

from facilitator_app.gui.projector_text import (
    SMALLEST,
    Block,
    document,
    esc,
    fit,
    font,
    sized,
    unbroken,
)
from facilitator_app.gui.theme import PROJECTOR, to_palette
from facilitator_app.i18n import tr

__all__ = ["ProjectorView", "ProjectorWindow"]

# the theme's high-contrast variant (gui.theme.PROJECTOR): each reaches 4.5:1 on the background
BACKGROUND = QColor(PROJECTOR.window)
TEXT = PROJECTOR.text
DIM = PROJECTOR.muted
ACCENT = PROJECTOR.accent  # the round, the last minute
ALERT = PROJECTOR.danger  # time is up
PAUSED = PROJECTOR.disabled


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
    body: str = ""  # what a session has (its grid, ranking…) as markup sized with @factor@
    body_texts: tuple[str, ...] = ()  # the body's texts, in reading order

    def texts(self) -> list[str]:
        """What can be read on the screen, top to bottom (for tests and accessibility)."""
        lines = [self.question, self.round_label, self.round_question]
        lines.append(self.alert or self.countdown)
        if self.seating:
            lines.append(self.seating_title)
            lines += [_seating_line(label, names) for label, names in self.seating]
        lines += self.body_texts
        return [line for line in lines if line]


def _seating_line(label: str, names: Sequence[str]) -> str:
    return tr("{table}: {names}", table=label, names=", ".join(names))


class ProjectorWindow(QWidget):
    """The projector's window; `show_state()` changes what it shows, nothing else does."""

    closed = Signal()  # the window was closed by the person (its close button, Alt+F4)

    def __init__(self, parent: QWidget | None = None, *, escape_closes: bool = False) -> None:
        super().__init__(parent)
        self.escape_closes = escape_closes  # a session's projector: Escape closes it
        self.setWindowFlag(Qt.WindowType.Window)
        self.setWindowTitle(tr("Récolte — projector"))
        self.setObjectName("projector")
        self.setPalette(to_palette(PROJECTOR))  # its tooltip and any child: high contrast
        self.setAutoFillBackground(False)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setMinimumSize(320, 180)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        if escape_closes:
            self.setToolTip(tr("F11: full screen · Escape: close the projection"))
        else:
            self.setToolTip(tr("F11: full screen · Escape: leave full screen"))
        self.view = ProjectorView()
        # paints a session's drawing (an idea tree) into the body's rectangle, or None
        self.drawing: Callable[[QPainter, QRectF], None] | None = None
        self._body_rect = QRectF()
        self._layout_key: tuple[object, ...] | None = None
        self._blocks: list[Block] = []
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
        body: str = "",
        body_texts: Sequence[str] = (),
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
            body=body,
            body_texts=tuple(body_texts),
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

    def set_drawing(self, drawing: Callable[[QPainter, QRectF], None] | None) -> None:
        """Paint the body with `drawing(painter, rect)` (a session's tree), or stop."""
        self.drawing = drawing
        self._layout_key = None
        self.update()

    def body_rect(self) -> QRectF:
        """Where the body (markup or drawing) goes, as last laid out."""
        self._relayout()
        return QRectF(self._body_rect)

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
            QTimer.singleShot(0, self, lambda: self.present(avoid=self._avoid))
        else:
            QTimer.singleShot(0, self, self.leave_full_screen)

    # -- keyboard and mouse ---------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_F11:
            self.toggle_full_screen()
        elif event.key() == Qt.Key.Key_Escape and self.escape_closes:
            self.close()
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
        if self.drawing is not None and not self._body_rect.isEmpty():
            painter.save()
            self.drawing(painter, self._body_rect)
            painter.restore()
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
        self._body_rect = QRectF()
        w, h = float(self.width()), float(self.height())
        margin = round(min(w, h) * 0.05)
        inner = QRectF(margin, margin, w - 2 * margin, h - 2 * margin)
        gap = h * 0.03
        if view.body or self.drawing is not None:
            self._session_layout(inner, gap, h)
            return
        seating = bool(view.seating)
        top = inner.top()

        head = self._head_markup()
        if head:
            share = inner.height() * (0.27 if seating else 0.36)
            rect = QRectF(inner.left(), top, inner.width(), share)
            head_doc, _ = fit(
                head,
                rect,
                largest=h * 0.085,
                smallest=SMALLEST,
                align=Qt.AlignmentFlag.AlignHCenter,
            )
            rect.setHeight(min(share, head_doc.size().height()))
            self._blocks.append(Block(head_doc, rect))
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

    def _session_layout(self, inner: QRectF, gap: float, h: float) -> None:
        """A session with a body: its question at the top left, the clock at the top right,
        what it has (grid, tree, ranking, harvest) in the rest of the window."""
        band = inner.height() * 0.2
        clock_width = inner.width() * 0.26 if self.view.countdown or self.view.alert else 0.0
        question = QRectF(inner.left(), inner.top(), inner.width() - clock_width, band)
        self._clock_rect = QRectF(question.right() + gap, inner.top(), clock_width - gap, band)
        if self.view.question:
            markup = (
                f'<p style="margin:0; color:{TEXT}; font-size:@1@">{esc(self.view.question)}</p>'
            )
            head_doc, _ = fit(
                markup,
                question,
                largest=h * 0.06,
                smallest=SMALLEST,
                align=Qt.AlignmentFlag.AlignLeft,
            )
            self._blocks.append(Block(head_doc, question))
        self._body_rect = QRectF(inner.left(), question.bottom() + gap, inner.width(), 0)
        self._body_rect.setBottom(inner.bottom())
        if self.view.body and self.drawing is None:
            body_doc, _ = fit(
                self.view.body,
                self._body_rect,
                largest=h * 0.05,
                smallest=SMALLEST,
                align=Qt.AlignmentFlag.AlignLeft,
            )
            rect = QRectF(self._body_rect)
            rect.setHeight(body_doc.size().height())
            self._blocks.append(Block(body_doc, rect))

    def _head_markup(self) -> str:
        view = self.view
        parts = []
        if view.question:
            parts.append(
                f'<p style="margin:0; color:{DIM}; font-size:@0.62@">{esc(view.question)}</p>'
            )
        if view.round_label:
            parts.append(
                f'<p style="margin:0; margin-top:@0.3@; color:{ACCENT}; font-weight:bold; '
                f'font-size:@0.7@">{esc(view.round_label)}</p>'
            )
        if view.round_question:
            parts.append(
                f'<p style="margin:0; margin-top:@0.12@; color:{TEXT}; font-weight:bold; '
                f'font-size:@1@">{esc(view.round_question)}</p>'
            )
        return "".join(parts)

    def _seating_blocks(self, rect: QRectF, h: float) -> list[Block]:
        """The title, then one paragraph per table, in one column or two, whichever reads
        larger."""
        view = self.view
        title = (
            f'<p style="margin:0; color:{ACCENT}; font-weight:bold; font-size:@1.1@">'
            f"{esc(view.seating_title)}</p>"
            if view.seating_title
            else ""
        )
        lines = []
        for label, names in view.seating:
            table = f'<span style="font-weight:bold; color:{TEXT}">{esc(label)}</span>'
            together = ", ".join(unbroken(name) for name in names)
            text = tr("{table}: {names}", table=table, names=esc(together))
            lines.append(
                f'<p style="margin:0; margin-top:@0.3@; margin-left:@1.5@; text-indent:-@1.5@; '
                f'color:{TEXT}; font-size:@1@">{text}</p>'
            )
        largest, smallest = h * 0.055, SMALLEST
        best: tuple[float, list[Block]] | None = None
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
    ) -> tuple[list[Block], float]:
        gap = rect.width() * 0.04
        width = (rect.width() - gap * (columns - 1)) / columns
        per_column = -(-len(lines) // columns)
        groups = [lines[i : i + per_column] for i in range(0, len(lines), per_column)]

        def build(base: float) -> tuple[list[QTextDocument], float]:
            docs = [document(sized(title, base), rect.width(), align=Qt.AlignmentFlag.AlignHCenter)]
            docs += [
                document(sized("".join(g), base), width, align=Qt.AlignmentFlag.AlignLeft)
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
            blocks.append(Block(docs[0], QRectF(rect.left(), top, rect.width(), title_height)))
        for i, column_doc in enumerate(docs[1:]):
            left = rect.left() + i * (width + gap)
            body = QRectF(left, top + title_height, width, body_height)
            blocks.append(Block(column_doc, body))
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
        probe = font(100)
        bounds = QFontMetricsF(probe).tightBoundingRect(shape)
        if bounds.width() <= 0 or bounds.height() <= 0:
            return
        scale = min(rect.width() * 0.96 / bounds.width(), rect.height() * 0.9 / bounds.height())
        sized_font = font(100 * scale)
        metrics = QFontMetricsF(sized_font)
        tight = metrics.tightBoundingRect(text)
        shape_tight = metrics.tightBoundingRect(shape)
        x = rect.center().x() - tight.width() / 2 - tight.left()
        y = rect.center().y() - shape_tight.height() / 2 - shape_tight.top()
        painter.setFont(sized_font)
        painter.setPen(QColor(colour))
        painter.drawText(QPointF(x, y), text)


def _shape(text: str) -> str:
    """The text with every digit as 0: the countdown's size depends on this, not on the time."""
    return re.sub(r"\d", "0", text)
