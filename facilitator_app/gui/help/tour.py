"""`Tour`: a few steps pointing at the main areas of the window, on the first start and from
Help → Take the tour.

Each step outlines its target (a frame drawn over the window, which lets clicks through)
and shows a small panel beside it: a title, two sentences, Back, Next and Skip. Escape
skips. Both are children of the main window, not windows of their own, so they follow it
when it moves and are closed with it; they are placed again when it is resized. The window
is not blocked meanwhile. `finished` is emitted once, whether the tour was completed or
skipped, so that the application remembers it was shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.gui.actions import Act
from facilitator_app.i18n import tr

__all__ = ["Step", "Tour", "TourPanel", "window_steps"]

_ACCENT = QColor("#2e7d32")
_GAP = 12


@dataclass(frozen=True, slots=True)
class Step:
    title: str  # already translated
    text: str
    target: Callable[[], QWidget | None]  # asked each time: a target may be made late


class _Outline(QWidget):
    """A rounded frame around the target, drawn over the window; mouse clicks go through."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(_ACCENT, 3))
        painter.drawRoundedRect(self.rect().adjusted(2, 2, -2, -2), 6, 6)


class TourPanel(QFrame):
    """The panel of one step: where it is in the tour, what the area is for, the buttons."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("tourPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setStyleSheet(
            # the background said here: with a style sheet, autoFillBackground fills nothing
            # and the page behind showed through the text (seen under Xvfb)
            "#tourPanel { background: palette(window); border: 2px solid #2e7d32;"
            " border-radius: 8px; }"
            "#tourTitle { font-weight: 600; }"
        )
        self.setFixedWidth(340)
        self.progress = QLabel()
        self.title = QLabel()
        self.title.setObjectName("tourTitle")
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.skip_button = QPushButton(tr("Skip"))
        self.back_button = QPushButton(tr("Back"))
        self.next_button = QPushButton(tr("Next"))
        self.next_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.skip_button)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.progress)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addSpacing(6)
        layout.addLayout(buttons)


class Tour(QObject):
    """Runs the steps over `window`; `start()` shows the first, `finished` says it is over."""

    finished = Signal()

    def __init__(self, window: QWidget, steps: list[Step]) -> None:
        super().__init__(window)
        self.window = window
        self.steps = steps
        self.index = -1
        self.outline = _Outline(window)
        self.panel = TourPanel(window)
        self.panel.skip_button.clicked.connect(self.stop)
        self.panel.back_button.clicked.connect(lambda: self.go(self.index - 1))
        self.panel.next_button.clicked.connect(self._next)
        self.panel.installEventFilter(self)
        window.installEventFilter(self)
        self.outline.hide()
        self.panel.hide()

    @classmethod
    def of_window(cls, main: QMainWindow) -> Tour:
        return cls(main, window_steps(main))

    @property
    def running(self) -> bool:
        return self.index >= 0

    def start(self) -> None:
        self.go(0)

    def go(self, index: int) -> None:
        if not 0 <= index < len(self.steps):
            return
        self.index = index
        step = self.steps[index]
        panel = self.panel
        panel.progress.setText(tr("Step {n} of {count}", n=index + 1, count=len(self.steps)))
        panel.title.setText(step.title)
        panel.text.setText(step.text)
        panel.back_button.setEnabled(index > 0)
        last = index == len(self.steps) - 1
        panel.next_button.setText(tr("Finish") if last else tr("Next"))
        panel.skip_button.setVisible(not last)
        self._place()
        self.outline.show()
        panel.show()
        self.outline.raise_()
        panel.raise_()
        panel.next_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _next(self) -> None:
        if self.index == len(self.steps) - 1:
            self.stop()
        else:
            self.go(self.index + 1)

    def stop(self) -> None:
        """End the tour (Skip, Escape, Finish): hide everything, say so once."""
        if self.index < 0:
            return
        self.index = -1
        self.window.removeEventFilter(self)
        self.outline.hide()
        self.panel.hide()
        self.outline.deleteLater()
        self.panel.deleteLater()
        self.finished.emit()

    def target_rect(self) -> QRect:
        """Where the step's target is, in the window's coordinates (the whole window if it is
        not shown)."""
        target = self.steps[self.index].target()
        if target is None or not target.isVisible():
            return QRect(QPoint(0, 0), self.window.size())
        top_left = target.mapTo(self.window, QPoint(0, 0))
        return QRect(top_left, target.size())

    def _place(self) -> None:
        """The outline around the target; the panel beside it where there is room (right,
        left, below, above, else inside), always inside the window."""
        area = self.window.rect()
        target = self.target_rect().intersected(area)
        self.outline.setGeometry(target.adjusted(-4, -4, 4, 4).intersected(area))
        panel = self.panel
        panel.adjustSize()
        size = panel.sizeHint().expandedTo(panel.minimumSizeHint())
        size.setWidth(panel.width())
        middle_y = target.center().y() - size.height() // 2
        middle_x = target.center().x() - size.width() // 2
        candidates = [
            QPoint(target.right() + _GAP, middle_y),
            QPoint(target.left() - _GAP - size.width(), middle_y),
            QPoint(middle_x, target.bottom() + _GAP),
            QPoint(middle_x, target.top() - _GAP - size.height()),
        ]
        spot = next(
            (p for p in candidates if area.contains(QRect(p, size).adjusted(0, 0, -1, -1))),
            target.center() - QPoint(size.width() // 2, size.height() // 2),
        )
        spot.setX(max(0, min(spot.x(), area.width() - size.width())))
        spot.setY(max(0, min(spot.y(), area.height() - size.height())))
        panel.setGeometry(QRect(spot, size))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.running:
            if watched is self.window and event.type() == QEvent.Type.Resize:
                self._place()
            elif (
                watched is self.panel
                and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() == Qt.Key.Key_Escape
            ):
                self.stop()
                return True
        return super().eventFilter(watched, event)


def window_steps(window: QMainWindow) -> list[Step]:
    """The tour of the main window: programme, session pages, capture box, search, print.

    `window` is a `MainWindow`, read through its public parts (importing it here would make
    an import loop)."""
    main: Any = window
    find = main.actions_[Act.FIND]

    def find_button() -> QWidget | None:
        for bar in main.findChildren(QToolBar):
            button = bar.widgetForAction(find)
            if button is not None:
                return button
        return None

    return [
        Step(
            tr("The programme"),
            tr(
                "The days and sessions of the event. Choose a session to open it; above, the "
                "event, its participants and its organisations."
            ),
            lambda: main.sidebar,
        ),
        Step(
            tr("The session’s pages"),
            tr(
                "Each kind of session has its own pages: the notes, and for a world café the "
                "set-up, the seating plan, the clock and the harvest."
            ),
            lambda: main.session_view.tabs,
        ),
        Step(
            tr("The capture box"),
            tr(
                "Type a note and press Enter: it is in the file at once. Ctrl+E brings the "
                "cursor back here from anywhere."
            ),
            lambda: main.session_view.capture,
        ),
        Step(
            tr("Search"),
            tr("Ctrl+F searches every note of the event; accents and case do not matter."),
            find_button,
        ),
        Step(
            tr("Print and share"),
            tr(
                "File › Export PDF… (Ctrl+P) prints the synthesis or the event booklet. "
                "F1 opens the manual at the page you are on; Help › Take the tour shows "
                "this again."
            ),
            lambda: main.menuBar(),
        ),
    ]
