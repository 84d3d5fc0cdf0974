"""`CafeClock`: the facilitator's clock for running a world café's rounds.

It shows the current round (« Round 2 of 3 ») and its question, a large mm:ss countdown
centred, a bar of the rounds (the current one filled as its time goes), when the round and
the café will end on the wall clock (« Round ends at 14:25 »), and four big buttons with
icons, centred: Start/Pause (one toggle), +1 min, Next round and Projector, which opens the
`ProjectorWindow` for the room and keeps it in step. Space starts or pauses, Ctrl+Right goes
to the next round, Ctrl+Left back to the previous one, + adds a minute; these keys also work
while the projector window has the focus. When the time is up the countdown turns into a red
« Change tables! » and a line says so in the window, without stopping anything.

The clock is a `core.timer.RoundTimer` (time injected with `now=`, so tests use a fake
clock) ticked by a QTimer while it runs. It reads the café through the document and follows
its changes (a round lengthened while it runs carries on); it never writes.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.core.cafe import Cafe, NotACafe
from facilitator_app.core.commands import ChangeSet
from facilitator_app.core.model import Round, Session
from facilitator_app.core.timer import Phase, RoundTimer, TimerState, format_clock
from facilitator_app.core.vocabulary import table_label
from facilitator_app.gui.document import EventDocument
from facilitator_app.gui.projector import ProjectorWindow
from facilitator_app.gui.widgets.cafe_clock_parts import BigText, RoundsBar, end_times
from facilitator_app.i18n import tr

__all__ = ["CafeClock"]

_TICK_MS = 200
_MESSAGE_MS = 20_000
_NORMAL = "#263238"
_HURRY = "#e65100"  # the last minute
_PAUSED = "#78909c"
_ALERT = "#d32f2f"


class CafeClock(QWidget):
    """The clock of one world café at a time (`set_session`)."""

    time_up = Signal(int)  # the number of the round whose time just ran out

    def __init__(
        self,
        document: EventDocument,
        parent: QWidget | None = None,
        *,
        now: Callable[[], float] = time.monotonic,
        wall: Callable[[], datetime] = datetime.now,
    ) -> None:
        super().__init__(parent)
        self._document = document
        self._session_id: str | None = None
        self.session: Session | None = None
        self.cafe: Cafe | None = None
        self.rounds: list[Round] = []
        self._plan: list[list[int]] = []
        self._now = now
        self._wall = wall  # the time of day, for « ends at 14:25 »
        self._icons = False  # set once qtawesome is loaded (`install_icons`)
        self.timer = RoundTimer([], now=now)
        self._problem = ""  # why there is no clock to run, in one sentence
        self._announced = False  # the time-up message was given for this round
        self.projector: ProjectorWindow | None = None
        self._setup_ui()
        self._ticker = QTimer(self)
        self._ticker.setInterval(_TICK_MS)
        self._ticker.timeout.connect(self.refresh)
        self._message_timer = QTimer(self)
        self._message_timer.setSingleShot(True)
        self._message_timer.setInterval(_MESSAGE_MS)
        self._message_timer.timeout.connect(self.message.hide)
        document.changed.connect(self._on_changed)
        self.refresh()

    def _setup_ui(self) -> None:
        self.round_label = QLabel()
        self.round_label.setObjectName("clockRound")
        font = self.round_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.round_label.setFont(font)
        self.session_question = QLabel()
        self.session_question.setWordWrap(True)
        self.session_question.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.question_label = QLabel()
        self.question_label.setObjectName("clockQuestion")
        self.question_label.setWordWrap(True)
        font = self.question_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        self.question_label.setFont(font)
        self.countdown = BigText(colour=_NORMAL)
        self.countdown.setObjectName("clockCountdown")
        self.rounds_bar = RoundsBar()
        self.rounds_bar.setObjectName("clockRounds")
        self.rounds_bar.setToolTip(tr("The rounds of the café: done, under way, to come"))
        self.end_label = QLabel()
        self.end_label.setObjectName("clockEnds")
        font = self.end_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.end_label.setFont(font)
        self.status_label = QLabel()
        self.status_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        for label in (
            self.round_label,
            self.session_question,
            self.question_label,
            self.end_label,
            self.status_label,
        ):
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message = QLabel()
        self.message.setObjectName("clockMessage")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.message.setStyleSheet(
            "background: #ffebee; color: #b71c1c; border: 1px solid #ef9a9a;"
            " border-radius: 4px; padding: 6px; font-weight: 600"
        )
        self.message.hide()

        self.toggle_action = self._action(tr("Start"), "Space", self.toggle)
        self.add_action = self._action(tr("+1 min"), "+", self.add_minute)
        self.next_action = self._action(tr("Next round"), "Ctrl+Right", self.next_round)
        self.previous_action = self._action(tr("Previous round"), "Ctrl+Left", self.previous_round)
        self.start_button = self._button(tr("Start"), tr("Start or pause the round (Space)"))
        self.start_button.clicked.connect(self.toggle)
        self.add_button = self._button(tr("+1 min"), tr("One more minute for this round (+)"))
        self.add_button.clicked.connect(self.add_minute)
        self.next_button = self._button(
            tr("Next round"), tr("Go to the next round (Ctrl+Right; Ctrl+Left goes back one round)")
        )
        self.next_button.clicked.connect(self.next_round)
        self.projector_button = self._button(
            tr("Projector"),
            tr("Show the countdown for the room, full screen on the second screen if there is one"),
        )
        self.projector_button.setCheckable(True)
        self.projector_button.toggled.connect(self.show_projector)
        self.start_button.setMinimumWidth(
            self.start_button.fontMetrics().horizontalAdvance("M") * 9
        )

        buttons = QHBoxLayout()  # centred under the countdown, the eye goes from one to the other
        buttons.setSpacing(12)
        buttons.addStretch(1)
        for button in (self.start_button, self.add_button, self.next_button):
            buttons.addWidget(button)
        buttons.addSpacing(24)
        buttons.addWidget(self.projector_button)
        buttons.addStretch(1)
        face = QVBoxLayout()
        face.setSpacing(8)
        face.addWidget(self.round_label)
        face.addWidget(self.session_question)
        face.addWidget(self.question_label)
        face.addWidget(self.countdown, 1)
        face.addWidget(self.rounds_bar)
        face.addWidget(self.end_label)
        face.addWidget(self.status_label)
        face.addWidget(self.message)
        face.addSpacing(8)
        face.addLayout(buttons)
        self.face = QWidget()
        self.face.setLayout(face)
        self.face.setMaximumWidth(self.fontMetrics().averageCharWidth() * 150)
        layout = QHBoxLayout(self)  # one centred column on a wide window
        layout.setContentsMargins(24, 12, 24, 24)
        layout.addStretch(0)
        layout.addWidget(self.face, 1)
        layout.addStretch(0)

    def _button(self, text: str, tip: str) -> QPushButton:
        """A big button: the facilitator presses it standing, in a hurry."""
        button = QPushButton(text)
        button.setToolTip(tip)
        button.setAccessibleName(text)
        font = button.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        button.setFont(font)
        button.setMinimumHeight(button.fontMetrics().height() * 2 + 8)
        button.setIconSize(QSize(24, 24))
        return button

    def install_icons(self) -> None:
        """Icons for the buttons (qtawesome loads after the window's first paint)."""
        from facilitator_app.gui.icons import icon  # qtawesome: after the first paint

        self._icons = True
        self.add_button.setIcon(icon("add-minute"))
        self.next_button.setIcon(icon("next-round"))
        self.projector_button.setIcon(icon("projector"))
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._icons:
            QTimer.singleShot(0, self, self.install_icons)

    def _action(self, text: str, keys: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    # -- loading --------------------------------------------------------------------------

    def set_session(self, session_id: str | None) -> None:
        """Show the clock of `session_id`; another café starts again from its first round."""
        if session_id != self._session_id:
            self._session_id = session_id
            self.timer = RoundTimer([], now=self._now)
            self._announced = False
            self.message.hide()
        self.reload()

    def _on_changed(self, changes: ChangeSet) -> None:
        if self._session_id and changes.touches("round", "session", "table", "seat", "participant"):
            # another tab is shown: the session view's set_session reads on showing it (a
            # running round follows its new duration at once, shown or not)
            if self.parentWidget() is not None and self.isHidden() and not self.timer.running:
                return
            self.reload()

    def reload(self) -> None:
        """Read the café again; the running round carries on with its new duration."""
        sid = self._session_id
        self.session = self._document.read.get(Session, sid)
        self.cafe, self._plan, self.rounds, problem = None, [], [], ""
        if self.session is None or self.session.deleted:
            self.session = None
        elif not self.session.kind.spec.tables:
            problem = tr("“{title}” is not a world café.", title=self.session.title)
        else:
            try:
                self.cafe = self._document.cafe(self.session.id)
                self.rounds = list(self.cafe.rounds)
                self._plan = self.cafe.current_plan() if self.cafe.seats else []
            except NotACafe:  # no tables or people yet: the clock only needs rounds
                self.rounds = self._document.read.session_rounds(self.session.id)
            if not self.rounds:
                problem = tr("Add rounds to this world café to run its clock.")
        self.timer.set_durations([r.minutes * 60 for r in self.rounds])
        self._problem = problem
        self.refresh()

    # -- the commands ---------------------------------------------------------------------

    @property
    def state(self) -> TimerState:
        return self.timer.state()

    def toggle(self) -> None:
        self.timer.toggle()
        self.refresh()

    def add_minute(self) -> None:
        self.timer.add(60)
        self.refresh()

    def next_round(self) -> None:
        if self.timer.next_round():
            self._round_changed()

    def previous_round(self) -> None:
        if self.timer.previous_round():
            self._round_changed()

    def _round_changed(self) -> None:
        self._announced = False
        self.message.hide()
        self.refresh()

    # -- showing --------------------------------------------------------------------------

    def refresh(self) -> None:
        """Bring the labels, the buttons and the projector to the timer's present state."""
        state = self.timer.state()
        has_rounds = bool(self.rounds)
        current = self.rounds[state.round_index] if has_rounds else None
        if current is not None:
            self.round_label.setText(
                tr("Round {number} of {count}", number=state.round_number, count=len(self.rounds))
            )
        else:
            self.round_label.setText(self.session.title if self.session else "")
        question = self.session.question if self.session else ""
        self.session_question.setText(question if current and current.question else "")
        self.session_question.setVisible(bool(self.session_question.text()))
        self.question_label.setText((current.question or question) if current else self._problem)

        if not has_rounds:
            self.countdown.set_text("", _NORMAL)
        elif state.time_up:
            self.countdown.set_text(self._alert(state), _ALERT)
        else:
            hurry = state.running and state.remaining <= 60
            colour = _HURRY if hurry else _NORMAL if state.running or not state.elapsed else _PAUSED
            self.countdown.set_text(state.countdown, colour)
        self.status_label.setText(self._status(state) if has_rounds else "")
        durations = self.timer.durations
        self.rounds_bar.setVisible(has_rounds)
        self.rounds_bar.show_state(durations, state)
        self.end_label.setVisible(has_rounds)
        if has_rounds:
            programme_end = self.session.end if self.session else ""
            self.end_label.setText(end_times(state, durations, self._wall(), programme_end))

        self.start_button.setText(
            tr("Pause") if state.running else tr("Resume") if state.elapsed else tr("Start")
        )
        self.toggle_action.setText(self.start_button.text())
        self.start_button.setAccessibleName(self.start_button.text())
        if self._icons:
            from facilitator_app.gui.icons import icon  # loaded already: no cost

            self.start_button.setIcon(icon("pause" if state.running else "play"))
        for widget in (self.start_button, self.add_button, self.toggle_action, self.add_action):
            widget.setEnabled(has_rounds)
        can_go_on = has_rounds and not state.is_last_round
        self.next_button.setEnabled(can_go_on)
        self.next_button.setDefault(can_go_on and state.time_up)  # what to press now
        self.next_action.setEnabled(can_go_on)
        self.previous_action.setEnabled(has_rounds and state.round_index > 0)

        if state.running and not self._ticker.isActive():
            self._ticker.start()
        elif not state.running:
            self._ticker.stop()
        if state.time_up and not self._announced:
            self._announce(state)
        elif not state.time_up:
            self._announced = False
        self._update_projector(state)

    def _alert(self, state: TimerState) -> str:
        return tr("Time is up!") if state.is_last_round else tr("Change tables!")

    def _status(self, state: TimerState) -> str:
        if state.phase is Phase.READY:
            return tr("Ready: Space starts the round")
        if state.phase is Phase.PAUSED:
            return tr("Paused")
        if state.phase is Phase.OVER:
            return tr("Over by {time}", time=format_clock(state.overrun))
        return ""

    def _announce(self, state: TimerState) -> None:
        self._announced = True
        if state.is_last_round:
            text = tr("Round {number} is over: it was the last one.", number=state.round_number)
        else:
            text = tr(
                "Round {number} is over: time to change tables, then start round {next}.",
                number=state.round_number,
                next=state.round_number + 1,
            )
        self.message.setText(text)
        self.message.show()
        self._message_timer.start()
        QApplication.alert(self.window())  # the taskbar entry asks for attention; no sound
        self.time_up.emit(state.round_number)

    # -- the projector --------------------------------------------------------------------

    def show_projector(self, shown: bool = True) -> None:
        """Open the projector window (on the second screen when there is one) or close it."""
        if self.projector_button.isChecked() != shown:
            self.projector_button.setChecked(shown)  # comes back here through `toggled`
            return
        if not shown:
            if self.projector is not None:
                self.projector.hide()
            return
        if self.projector is None:
            self.projector = ProjectorWindow(self)
            self.projector.addActions([self.toggle_action, self.add_action, self.next_action])
            self.projector.addAction(self.previous_action)
            self.projector.closed.connect(lambda: self.projector_button.setChecked(False))
        self._update_projector(self.timer.state())
        self.projector.present(avoid=self.window().screen())

    def seating(self, round_index: int) -> list[tuple[str, list[str]]]:
        """Who sits at which table in a round: (« Table 1 · Animation », names, host first)."""
        cafe = self.cafe
        if cafe is None or not self._plan or not 0 <= round_index < len(self._plan):
            return []
        hosts = cafe.hosts()
        seating = []
        for t, table in enumerate(cafe.tables):
            people = [p for p, seat in enumerate(self._plan[round_index]) if seat == t]
            host = hosts.get(t)
            if host in people:
                people.remove(host)
                people.insert(0, host)
            if not people:
                continue
            label = table_label(table.number, table.theme)
            seating.append((label, [cafe.participants[p].name for p in people]))
        return seating

    def _update_projector(self, state: TimerState) -> None:
        if self.projector is None or not self.projector_button.isChecked():
            return
        current = self.rounds[state.round_index] if self.rounds else None
        session = self.session
        if state.phase is Phase.READY:
            shown_round = state.round_index  # before the round: where to sit now
        elif state.time_up and not state.is_last_round:
            shown_round = state.round_index + 1  # change tables: where to go
        else:
            shown_round = -1
        seating = self.seating(shown_round) if shown_round >= 0 else []
        self.projector.show_state(
            question=(session.question or session.title) if session else "",
            round_label=tr(
                "Round {number} / {count}", number=state.round_number, count=len(self.rounds)
            )
            if current
            else "",
            round_question=current.question if current else "",
            countdown=state.countdown if current else "",
            alert=self._alert(state) if current and state.time_up else "",
            paused=state.phase is Phase.PAUSED,
            hurry=state.running and state.remaining <= 60,
            seating_title=tr("Seating for round {number}", number=shown_round + 1)
            if seating
            else "",
            seating=seating,
        )
