"""`SeatingEditor`: a world café's seating plan as a grid, tables down, rounds across.

Each cell lists who sits at that table in that round. Drag a name to another table of the
same round to move the person, or onto a name to swap the two; right-click pins a seat so
that computing the plan again keeps it. The figures (table repeats, repeated pairs, apart
violations) follow every change, and the names behind them are marked (`core.rotation.
seat_marks`, the rule that counts the figures). *Plan* computes the whole plan off the GUI
thread (a `gui.jobs.Job`: progress, Cancel leaves the seats as they were, an error is one
sentence); *Re-plan from round…* keeps the rounds already played (late arrivals,
absentees). Every change is one undoable command. Before any plan the page is an empty state
with the one action; the figures are said in words with a legend (`seating_help`).
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QByteArray, QMimeData, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QDropEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.core.cafe import Cafe, NotACafe
from facilitator_app.core.commands import ChangeSet, update
from facilitator_app.core.errors import RecolteError
from facilitator_app.core.model import Seat
from facilitator_app.core.rotation import (
    MarkKind,
    Metrics,
    RotationPlan,
    RotationProblem,
    SeatMark,
    evaluate,
    plan_rotation,
    seat_marks,
)
from facilitator_app.gui.document import EventDocument
from facilitator_app.gui.jobs import Job
from facilitator_app.gui.page_exports import PageExport
from facilitator_app.gui.widgets.seating_help import (
    EmptyPlan,
    figures,
    figures_tooltip,
    legend_html,
)
from facilitator_app.i18n import N_, tr

__all__ = ["SeatingEditor", "plan_job"]

_MIME = "application/x-recolte-seat"
_PERSON = Qt.ItemDataRole.UserRole + 1
_COLOURS = {
    MarkKind.TABLE_AGAIN: QColor("#ffe0b2"),
    MarkKind.APART: QColor("#ffcdd2"),
    MarkKind.MET_AGAIN: QColor("#fff9c4"),
}
_STEPS = 1000  # the job's progress is a fraction of the planner's budget, in thousandths


def plan_job(problem: RotationProblem, *, time_limit: float) -> Job:
    """The planner on the thread pool as a `gui.jobs.Job`; `finished` carries the
    `RotationPlan`. Cancel stops the search and nothing is seated (`cancelled`)."""

    def work(job: Job) -> RotationPlan:
        return plan_rotation(
            problem,
            seed=1,
            time_limit=time_limit,
            progress=lambda fraction, _best: job.progress(int(fraction * _STEPS), _STEPS),
            cancel=lambda: job.stopping,
        )

    return Job(work)


class _SeatList(QListWidget):
    """One table in one round: the people seated there, draggable within the round."""

    dropped = Signal(int, int, str, str)  # round, table, person moved, person swapped with

    def __init__(self, r: int, t: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.round, self.table = r, t
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setMinimumWidth(170)

    def mimeData(self, items: list[QListWidgetItem]) -> QMimeData:
        mime = QMimeData()
        if items:
            payload = {"round": self.round, "person": items[0].data(_PERSON)}
            mime.setData(_MIME, QByteArray(json.dumps(payload).encode()))
        return mime

    def mimeTypes(self) -> list[str]:
        return [_MIME]

    def _payload(self, event: QDropEvent) -> dict[str, object] | None:
        mime = event.mimeData()
        if not mime.hasFormat(_MIME):
            return None
        payload = json.loads(bytes(mime.data(_MIME).data()).decode())
        return payload if payload.get("round") == self.round else None

    def dragEnterEvent(self, event):
        event.acceptProposedAction() if self._payload(event) else event.ignore()

    def dragMoveEvent(self, event):
        event.acceptProposedAction() if self._payload(event) else event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        payload = self._payload(event)
        if payload is None:
            event.ignore()
            return
        target = self.itemAt(event.position().toPoint())
        other = target.data(_PERSON) if target is not None else ""
        event.setDropAction(Qt.DropAction.IgnoreAction)  # the command redraws the grid
        event.accept()
        self.dropped.emit(self.round, self.table, str(payload["person"]), other or "")


class SeatingEditor(QWidget):
    def __init__(self, document: EventDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._session_id: str | None = None
        self.cafe: Cafe | None = None
        self.plan: list[list[int]] = []
        self.job: Job | None = None
        self._job_cafe: Cafe | None = None  # what the running job plans
        self._job_keep: range = range(0)
        self._dialog: QProgressDialog | None = None
        self.metrics_label = QLabel()
        self.metrics_label.setObjectName("seatingMetrics")
        self.metrics_label.setToolTip(figures_tooltip())
        self.plan_button = QPushButton(tr("Plan the rotation"))
        self.plan_button.setToolTip(tr("Seat everyone for every round, keeping pinned seats"))
        self.plan_button.clicked.connect(lambda: self.compute())
        self.replan_button = QPushButton(tr("Re-plan from round…"))
        self.replan_button.setToolTip(
            tr(
                "Keep the rounds already played; seat late arrivals "
                "and leave absentees out from then on"
            )
        )
        self.replan_button.clicked.connect(self._ask_replan)
        self.print_button = QPushButton(tr("Print…"))  # issue 15: print from the page
        self.print_button.setObjectName("printPlans")
        self.print_button.setToolTip(
            tr("Table plans, itinerary cards and table tents of this café, as a PDF")
        )
        self.print_button.clicked.connect(lambda: self.print_plans())
        self.exports = PageExport(self, document)
        buttons = QHBoxLayout()
        buttons.addWidget(self.plan_button)
        buttons.addWidget(self.replan_button)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        buttons.addWidget(self.metrics_label)
        self._grid_host = QWidget()
        self._grid = QGridLayout(self._grid_host)
        self._grid.setSpacing(6)
        self.grid_scroll = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._grid_host)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.empty = EmptyPlan(lambda: self.compute())
        self.legend = QLabel(legend_html(_COLOURS))
        self.legend.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.empty, 1)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.legend)
        self.cells: dict[tuple[int, int], _SeatList] = {}
        document.changed.connect(self._on_changed)
        document.editable_changed.connect(lambda _editable: self._rebuild())

    # -- loading --------------------------------------------------------------------------

    def set_session(self, session_id: str | None) -> None:
        self._session_id = session_id
        self.reload()

    def _on_changed(self, changes: ChangeSet) -> None:
        if self._session_id and changes.touches("seat", "table", "round", "session", "participant"):
            if self.parentWidget() is not None and self.isHidden():
                return  # another tab is shown; the session view's set_session reads on showing it
            self.reload()

    def reload(self) -> None:
        try:
            self.cafe = self._document.cafe(self._session_id) if self._session_id else None
        except NotACafe as problem:
            self.cafe = None
            self.message.setText(str(problem))
        if self.cafe is None:
            self.plan = []
            self._rebuild()
            return
        self.message.clear()  # no plan yet: the empty state says what to do
        self.plan = self.cafe.current_plan()
        self._rebuild()

    def _problem(self) -> RotationProblem | None:
        """The café's problem as it stands, None when there is no plan to count or the
        café cannot be planned (the message then says why)."""
        if self.cafe is None or not self.cafe.seats:
            return None
        try:
            return self.cafe.problem()
        except RecolteError as error:
            self.message.setText(str(error))
            return None

    def metrics(self) -> Metrics | None:
        problem = self._problem()
        return None if problem is None else evaluate(problem, self.plan)

    # -- the grid -------------------------------------------------------------------------

    def _rebuild(self) -> None:
        while self._grid.count():
            widget = self._grid.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.cells = {}
        cafe = self.cafe
        enabled = cafe is not None and self._document.editable
        self.plan_button.setEnabled(enabled)
        self.replan_button.setEnabled(enabled and bool(cafe and cafe.seats))
        planned = cafe is not None and bool(cafe.seats)
        self.empty.setVisible(cafe is not None and not planned)
        self.empty.button.setEnabled(enabled)
        buttons = (self.plan_button, self.replan_button, self.print_button)
        for widget in (self.grid_scroll, self.legend, *buttons):
            widget.setVisible(planned)
        self.print_button.setEnabled(any(t >= 0 for row in self.plan for t in row))
        if cafe is None or not planned:  # the empty state, not a grid of empty boxes
            self.metrics_label.clear()
            return
        for r, round_ in enumerate(cafe.rounds):
            label = QLabel(
                f"<b>{tr('Round {n}', n=round_.number)}</b> · {tr('{n} min', n=round_.minutes)}"
            )
            self._grid.addWidget(label, 0, r + 1, Qt.AlignmentFlag.AlignHCenter)
        problem = self._problem()
        marks = {} if problem is None else seat_marks(problem, self.plan)
        hosts = {p: t for t, p in cafe.hosts().items()}
        pinned = {(s.round_id, s.participant_id) for s in cafe.seats if s.pinned}
        line = self.fontMetrics().height()
        for t, table in enumerate(cafe.tables):
            # every cell of a table's row as tall as its fullest round, plus room to drop
            fullest = max((sum(1 for x in row if x == t) for row in self.plan), default=0)
            row_height = (fullest + 1) * line + 8
            title = tr("Table {n}", n=table.number) + (f"\n{table.theme}" if table.theme else "")
            header = QLabel(title)
            header.setWordWrap(True)
            header.setMaximumWidth(160)
            self._grid.addWidget(header, t + 1, 0, Qt.AlignmentFlag.AlignTop)
            for r, round_ in enumerate(cafe.rounds):
                cell = _SeatList(r, t)
                cell.setAccessibleName(tr("Table {n}, round {r}", n=table.number, r=r + 1))
                for p, person in enumerate(cafe.participants):
                    if self.plan[r][p] != t:
                        continue
                    name = person.name
                    if hosts.get(p) == t:
                        name = "★ " + name
                    if (round_.id, person.id) in pinned:
                        name = "📌 " + name
                    item = QListWidgetItem(name)
                    item.setData(_PERSON, person.id)
                    mark = marks.get((r, p))
                    if mark is not None:
                        item.setBackground(QBrush(_COLOURS[mark.kind]))
                        item.setToolTip(self._why(mark))
                    cell.addItem(item)
                cell.setFixedHeight(row_height)
                cell.dropped.connect(self._dropped)
                cell.customContextMenuRequested.connect(
                    lambda point, c=cell: self._context_menu(c, point)
                )
                cell.setEnabled(enabled)
                self.cells[(r, t)] = cell
                self._grid.addWidget(cell, t + 1, r + 1, Qt.AlignmentFlag.AlignTop)
        metrics = None if problem is None else evaluate(problem, self.plan)
        self.metrics_label.setText("" if metrics is None else figures(metrics))

    def install_icons(self) -> None:
        from facilitator_app.gui.icons import icon  # qtawesome: after the first paint

        self.print_button.setIcon(icon("print"))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.install_icons()  # cached: costs nothing after the first time

    def print_plans(self, out: Path | None = None, *, wait: bool = False) -> Job | None:
        """This café's plans, itineraries and tents as a PDF (asks where when `out` is None)."""
        from facilitator_app.gui.page_documents import print_cafe_plans

        return (
            None
            if self.cafe is None
            else print_cafe_plans(self.exports, self.cafe, out=out, wait=wait)
        )

    def _why(self, mark: SeatMark) -> str:
        """The tooltip of a marked name."""
        cafe = self.cafe
        if mark.kind is MarkKind.TABLE_AGAIN or cafe is None:
            return tr("at this table again")
        name = cafe.participants[mark.other].name
        if mark.kind is MarkKind.APART:
            return tr("to keep apart from {name}", name=name)
        return tr("meets {name} again", name=name)

    # -- edits ----------------------------------------------------------------------------

    def _dropped(self, r: int, t: int, person_id: str, other_id: str) -> None:
        cafe = self.cafe
        if cafe is None:
            return
        people = cafe.index_of()
        p = people.get(person_id)
        if p is None:
            return
        plan = [list(row) for row in self.plan]
        if other_id and other_id != person_id and other_id in people:
            q = people[other_id]
            plan[r][p], plan[r][q] = plan[r][q], plan[r][p]
            label = N_("Swap two participants")
        elif plan[r][p] != t:
            plan[r][p] = t
            label = N_("Move a participant")
        else:
            return
        self._document.push(cafe.seating_command(plan, label=label))

    def _context_menu(self, cell: _SeatList, point: QPoint) -> None:
        item = cell.itemAt(point)
        cafe = self.cafe
        if item is None or cafe is None:
            return
        round_ = cafe.rounds[cell.round]
        seat = next(
            (
                s
                for s in cafe.seats
                if s.round_id == round_.id and s.participant_id == item.data(_PERSON)
            ),
            None,
        )
        if seat is None:
            return
        menu = QMenu(self)
        pin = QAction(tr("Unpin this seat") if seat.pinned else tr("Pin this seat"), menu)
        pin.triggered.connect(lambda: self.toggle_pin(seat))
        menu.addAction(pin)
        menu.exec(cell.viewport().mapToGlobal(point))

    def toggle_pin(self, seat: Seat) -> None:
        label = N_("Unpin a seat") if seat.pinned else N_("Pin a seat")
        self._document.push(update(seat, label=label, pinned=not seat.pinned))

    def _ask_replan(self) -> None:
        cafe = self.cafe
        if cafe is None:
            return
        numbers = [str(r.number) for r in cafe.rounds]
        choice, ok = QInputDialog.getItem(
            self,
            tr("Re-plan from round…"),
            tr("Rounds before this one are kept as they were played:"),
            numbers,
            0,
            False,
        )
        if ok:
            self.compute(from_round=numbers.index(choice))

    def compute(self, *, from_round: int = 0, time_limit: float = 5.0, wait: bool = False) -> None:
        """Plan the rotation (rounds before `from_round` kept) off the GUI thread; with
        `wait`, here and now."""
        cafe = self.cafe
        if cafe is None or self.job is not None:
            return
        plan = self.plan
        keep = range(from_round)
        absent = frozenset(
            (r, p) for r in keep for p in range(len(cafe.participants)) if plan[r][p] < 0
        )
        try:
            problem = cafe.problem(absent=absent, keep=keep)
        except RecolteError as error:
            self.message.setText(str(error))
            return
        job = plan_job(problem, time_limit=time_limit)
        dialog = QProgressDialog(tr("Planning the rotation…"), tr("Cancel"), 0, _STEPS, self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)
        dialog.canceled.connect(job.cancel)
        # bound methods of this widget: the job's signals come queued to the GUI thread
        job.progressed.connect(self._progressed)
        job.finished.connect(self._planned)
        job.failed.connect(self._failed)
        job.cancelled.connect(self._cancelled)
        self.job, self._job_cafe, self._job_keep, self._dialog = job, cafe, keep, dialog
        self.plan_button.setEnabled(False)
        self.empty.button.setEnabled(False)
        job.start(wait=wait)

    def _progressed(self, done: int, _total: int) -> None:
        if self._dialog is not None:
            self._dialog.setValue(done)

    def _ended(self, message: str = "") -> None:
        self.job = None
        if self._dialog is not None:
            self._dialog.reset()
            self._dialog.deleteLater()
            self._dialog = None
        self.plan_button.setEnabled(self.cafe is not None and self._document.editable)
        self.empty.button.setEnabled(self.cafe is not None and self._document.editable)
        if message:
            self.message.setText(message)

    def _failed(self, sentence: str) -> None:
        self._ended(sentence)

    def _cancelled(self) -> None:
        self._ended(tr("Planning cancelled: the seats are as they were."))

    def _planned(self, result: RotationPlan) -> None:
        cafe, keep = self._job_cafe, self._job_keep
        self._ended()
        if cafe is None or self.cafe is None or self.cafe.session.id != cafe.session.id:
            return  # the facilitator went elsewhere meanwhile
        self._document.push(cafe.seating_command(result, keep=keep))
