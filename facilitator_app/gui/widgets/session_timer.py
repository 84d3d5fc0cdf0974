"""The simple timer of a session, in the session's header (and on the projector).

`SessionTimers` keeps one `core.session_timer.SessionTimer` per session, so a timer started
for one session keeps running while the facilitator looks at another, and the header and the
projector show the same time; it ticks four times a second while one runs and says when a
timer is started, paused or reset (`changed`). `SessionTimerBar` is the compact header
widget: the time left (« 42:10 », « until 15:00 » in its tooltip), Start/Pause, Reset, and
Project, which asks the window to project the session (`project_requested`).

A world café has its own clock with rounds (`cafe_clock`): there the bar shows only Project.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from facilitator_app.core.model import Session
from facilitator_app.core.session_timer import SessionTimer
from facilitator_app.core.timer import Phase, TimerState
from facilitator_app.i18n import tr

__all__ = ["SessionTimers", "SessionTimerBar", "HURRY_SECONDS", "OVER_COLOUR", "clock_text"]

_TICK_MS = 250
HURRY_SECONDS = 5 * 60  # the last minutes show in the accent colour
OVER_COLOUR = "#c62828"  # the time is over (the café clock's alert red)


def _blank_icon() -> QIcon:
    """A transparent 16×16 icon: its room is kept until the real one comes after the first
    paint (`install_icons`), so the header never changes size then."""
    blank = QPixmap(16, 16)
    blank.fill(Qt.GlobalColor.transparent)
    return QIcon(blank)


class SessionTimers(QObject):
    """One timer per session, and a tick while any of them runs."""

    changed = Signal(str)  # session id: started, paused or reset
    ticked = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timers: dict[str, SessionTimer] = {}
        self._tick = QTimer(self)
        self._tick.setInterval(_TICK_MS)
        self._tick.timeout.connect(self.ticked)

    def timer(self, session: Session) -> SessionTimer:
        """The timer of `session`, following its times in the programme."""
        timer = self._timers.get(session.id)
        if timer is None:
            timer = self._timers[session.id] = SessionTimer(session.day, session.start, session.end)
        elif timer.times != (session.day, session.start, session.end):
            timer.set_times(session.day, session.start, session.end)
        return timer

    def toggle(self, session: Session) -> None:
        self.timer(session).toggle()
        self._after(session.id)

    def reset(self, session: Session) -> None:
        self.timer(session).reset()
        self._after(session.id)

    def _after(self, session_id: str) -> None:
        if any(t.running for t in self._timers.values()):
            self._tick.start()
        else:
            self._tick.stop()
        self.changed.emit(session_id)


def clock_text(state: TimerState) -> str:
    """« 42:10 », or « +02:30 » once the time is over (how long the session overran)."""
    if state.phase is Phase.OVER:
        return f"+{_mmss(state.overrun)}"
    return state.countdown


def _mmss(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 60:02d}:{whole % 60:02d}"


class SessionTimerBar(QWidget):
    """Time left, Start/Pause, Reset, Project: a few buttons' width in the header."""

    project_requested = Signal()

    def __init__(self, parent: QWidget | None = None, *, timers: SessionTimers) -> None:
        super().__init__(parent)
        self.timers = timers
        self._session: Session | None = None
        self._icons = False
        self.time = QLabel()
        self.time.setObjectName("sessionTimerTime")
        font = self.time.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        font.setStyleHint(font.StyleHint.Monospace)
        self.time.setFont(font)
        self.start_button = self._button("sessionTimerStart", self._toggle)
        self.reset_button = self._button("sessionTimerReset", self._reset)
        self.reset_button.setText(tr("Reset"))
        self.reset_button.setAccessibleName(tr("Reset the timer"))
        self.reset_button.setToolTip(tr("Back to the time the programme gives"))
        self.project_button = self._button("projectSession", self.project_requested.emit)
        self.project_button.setText(tr("Project"))
        self.project_button.setAccessibleName(tr("Project this session"))
        self.project_button.setToolTip(
            tr("The question, the timer and the session's work on a second screen (F5)")
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.time)
        for button in (self.start_button, self.reset_button, self.project_button):
            layout.addWidget(button)
        timers.ticked.connect(self._show)
        timers.changed.connect(lambda _id: self._show())

    def _button(self, name: str, slot: Callable[[], object]) -> QToolButton:
        button = QToolButton()
        button.setObjectName(name)
        button.setAutoRaise(True)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setIcon(_blank_icon())  # the icon's room from the start: no relayout later
        button.clicked.connect(slot)
        return button

    def install_icons(self) -> None:
        from facilitator_app.gui.icons import icon  # qtawesome: after the first paint

        self.reset_button.setIcon(icon("reset-timer"))
        self.project_button.setIcon(icon("projector"))
        self._icons = True
        self._show()

    def set_session(self, session: Session | None) -> None:
        """Show the timer of `session` (its times may have changed since)."""
        self._session = session
        timed = session is not None and not session.kind.spec.tables  # a café has its clock
        for widget in (self.time, self.start_button, self.reset_button):
            widget.setVisible(timed)
        self.project_button.setEnabled(session is not None)
        self._show()

    def _toggle(self) -> None:
        if self._session is not None:
            self.timers.toggle(self._session)

    def _reset(self) -> None:
        if self._session is not None:
            self.timers.reset(self._session)

    def _show(self) -> None:
        session = self._session
        if session is None or session.kind.spec.tables:
            return
        timer = self.timers.timer(session)
        state = timer.state()
        self.time.setText(clock_text(state))
        end = timer.end_time()
        self.time.setToolTip(
            tr("Time left until {end}, the end in the programme", end=end)
            if end
            else tr("Time left (the programme gives this session no times)")
        )
        self.time.setAccessibleName(tr("Time left: {time}", time=state.countdown))
        over = state.phase is Phase.OVER
        self.time.setStyleSheet(f"color: {OVER_COLOUR};" if over else "")
        running = timer.running
        self.start_button.setText(tr("Pause") if running else tr("Start"))
        self.start_button.setAccessibleName(
            tr("Pause the timer") if running else tr("Start the timer")
        )
        self.start_button.setToolTip(
            tr("Pause the timer") if running else tr("Count down to the end of the session")
        )
        if self._icons:
            from facilitator_app.gui.icons import icon  # loaded by install_icons already

            self.start_button.setIcon(icon("pause" if running else "play"))
