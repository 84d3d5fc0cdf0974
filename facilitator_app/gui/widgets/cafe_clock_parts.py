"""The pieces of the café clock's face: the big countdown, the rounds bar and the end times.

`BigText` draws one line as large as its room allows. `RoundsBar` shows the whole café at a
glance: one segment a round, as wide as its minutes, the rounds done filled, the current one
filled as far as its time went. `end_times` says when the round and the café will end, on the
wall clock, from what remains: the facilitator reads « ends at 14:25 » without counting.
Colours come from the palette (the theme applies), the countdown's from the clock.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from facilitator_app.core.timer import TimerState
from facilitator_app.i18n import tr

__all__ = ["BigText", "RoundsBar", "end_times"]


class BigText(QWidget):
    """One line of text as large as the widget allows; digits never change its size."""

    def __init__(self, parent: QWidget | None = None, colour: str = "#263238") -> None:
        super().__init__(parent)
        self._text = ""
        self._colour = QColor(colour)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def text(self) -> str:
        return self._text

    def colour(self) -> QColor:
        return self._colour

    def set_text(self, text: str, colour: str) -> None:
        if text != self._text or QColor(colour) != self._colour:
            self._text, self._colour = text, QColor(colour)
            self.setAccessibleName(text)
            self.update()

    def sizeHint(self) -> QSize:
        return QSize(420, 160)

    def minimumSizeHint(self) -> QSize:
        return QSize(160, 64)

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._text:
            return
        shape = re.sub(r"\d", "0", self._text)
        font = self.font()
        font.setBold(True)
        font.setPixelSize(100)
        bounds = QFontMetricsF(font).tightBoundingRect(shape)
        if bounds.width() <= 0 or bounds.height() <= 0:
            return
        scale = min(self.width() * 0.94 / bounds.width(), self.height() * 0.8 / bounds.height())
        font.setPixelSize(max(8, min(260, round(100 * scale))))
        metrics = QFontMetricsF(font)
        tight, shape_tight = metrics.tightBoundingRect(self._text), metrics.tightBoundingRect(shape)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.setFont(font)
        painter.setPen(self._colour)
        x = self.width() / 2 - tight.width() / 2 - tight.left()
        y = self.height() / 2 - shape_tight.height() / 2 - shape_tight.top()
        painter.drawText(QPointF(x, y), self._text)
        painter.end()


class RoundsBar(QWidget):
    """One segment a round (as wide as its minutes): done, under way, to come."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._durations: tuple[float, ...] = ()
        self._index = 0
        self._share = 0.0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(max(12, self.fontMetrics().height() // 2 + 4))

    def show_state(self, durations: Sequence[float], state: TimerState) -> None:
        share = min(1.0, state.elapsed / state.duration) if state.duration > 0 else 0.0
        shown = (tuple(durations), state.round_index, round(share, 3))
        if shown != (self._durations, self._index, self._share):
            self._durations, self._index, self._share = shown
            self.setAccessibleName(
                tr(
                    "Round {number} of {count}, {percent} % of its time gone",
                    number=state.round_number,
                    count=len(self._durations),
                    percent=round(share * 100),
                )
            )
            self.update()

    def done_share(self) -> float:
        """How much of the current round's time is gone (0 to 1)."""
        return self._share

    def paintEvent(self, event: QPaintEvent) -> None:
        total = sum(self._durations)
        if total <= 0:
            return
        gap = 6.0
        width = self.width() - gap * (len(self._durations) - 1)
        palette = self.palette()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        x, radius = 0.0, self.height() / 2
        for index, duration in enumerate(self._durations):
            segment = QRectF(x, 0, width * duration / total, self.height())
            painter.setBrush(palette.color(QPalette.ColorRole.Mid))
            painter.drawRoundedRect(segment, radius, radius)
            share = 1.0 if index < self._index else self._share if index == self._index else 0
            if share > 0:
                filled = QRectF(segment.left(), 0, max(segment.width() * share, 2 * radius), 0)
                filled.setHeight(self.height())
                painter.setBrush(palette.color(QPalette.ColorRole.Highlight))
                painter.drawRoundedRect(filled, radius, radius)
            x += segment.width() + gap
        painter.end()


def end_times(
    state: TimerState, durations: Sequence[float], now: datetime, programme_end: str
) -> str:
    """« Round ends at 14:25 · café at 15:10 (programme: 15:00) », from what remains."""
    remaining = max(0.0, state.remaining)
    round_end = now + timedelta(seconds=remaining)
    later = sum(durations[state.round_index + 1 :])
    cafe_end = round_end + timedelta(seconds=later)
    if state.time_up:
        text = tr("Café ends at {time}", time=f"{cafe_end:%H:%M}")
    elif state.running:
        text = tr(
            "Round ends at {round} · café at {cafe}",
            round=f"{round_end:%H:%M}",
            cafe=f"{cafe_end:%H:%M}",
        )
    elif state.elapsed:
        text = tr(
            "Resumed now: round ends at {round} · café at {cafe}",
            round=f"{round_end:%H:%M}",
            cafe=f"{cafe_end:%H:%M}",
        )
    else:
        text = tr(
            "Started now: round ends at {round} · café at {cafe}",
            round=f"{round_end:%H:%M}",
            cafe=f"{cafe_end:%H:%M}",
        )
    if programme_end:
        text += " " + tr("(programme: {time})", time=programme_end)
    return text
