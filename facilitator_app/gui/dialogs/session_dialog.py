"""`SessionDialog`: the properties of one session (title, type, day, times, room, question)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QTimeEdit,
    QWidget,
)

from facilitator_app.core.model import SESSION_KINDS, Session
from facilitator_app.core.vocabulary import session_kind_label
from facilitator_app.gui.dialogs.base import RecolteDialog
from facilitator_app.gui.settings import Settings
from facilitator_app.i18n import tr

__all__ = ["SessionDialog"]


class SessionDialog(RecolteDialog):
    geometry_key = "session_dialog"

    def __init__(
        self, session: Session, parent: QWidget | None = None, *, settings: Settings | None = None
    ) -> None:
        self._session = session
        super().__init__(parent, settings=settings)
        self.setWindowTitle(tr("Session properties"))

    def _setup_ui(self) -> None:
        session = self._session
        self.title = QLineEdit(session.title)
        self.kind = QComboBox()
        for kind in SESSION_KINDS:
            self.kind.addItem(session_kind_label(kind), kind)
        self.kind.setCurrentIndex(max(0, self.kind.findData(session.kind)))
        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd/MM/yyyy")
        try:
            when = date.fromisoformat(session.day)
            self.day.setDate(QDate(when.year, when.month, when.day))
        except ValueError:
            self.day.setDate(QDate.currentDate())
        self.start = QTimeEdit(QTime.fromString(session.start or "09:00", "HH:mm"))
        self.end = QTimeEdit(QTime.fromString(session.end or "10:00", "HH:mm"))
        for edit in (self.start, self.end):
            edit.setDisplayFormat("HH:mm")
        times = QHBoxLayout()
        times.addWidget(self.start)
        times.addWidget(self.end)
        times.addStretch(1)
        self.room = QLineEdit(session.room)
        self.question = QPlainTextEdit(session.question)
        self.question.setTabChangesFocus(True)
        self.question.setFixedHeight(90)
        form = QFormLayout(self)
        form.addRow(tr("Title"), self.title)
        form.addRow(tr("Type"), self.kind)
        form.addRow(tr("Day"), self.day)
        form.addRow(tr("Start – end"), times)
        form.addRow(tr("Room"), self.room)
        form.addRow(tr("Question"), self.question)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(520, self.sizeHint().height())

    def changes(self) -> dict[str, object]:
        """The fields the person changed, ready for `commands.update`."""
        values = {
            "title": self.title.text().strip() or self._session.title,
            "kind": self.kind.currentData(),
            "day": self.day.date().toString("yyyy-MM-dd"),
            "start": self.start.time().toString("HH:mm"),
            "end": self.end.time().toString("HH:mm"),
            "room": self.room.text().strip(),
            "question": self.question.toPlainText().strip(),
        }
        return {k: v for k, v in values.items() if getattr(self._session, k) != v}
