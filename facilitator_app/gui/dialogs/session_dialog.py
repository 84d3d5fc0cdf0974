"""`SessionDialog`: the properties of one session (title, type, day, times, room, question).

Made with `templates=True` for a session not created yet, it starts with a choice of template
(`core.templates`: a world café with its rounds, an idea tree with its branches, a grid
preset…); the template and the type follow each other.

The question, a few lines the dialog writes only on OK, is kept as the draft
`session/<id>/question` while it is typed: if Récolte stops before OK, the dialog opens the
next time with that text back in the box and says so. Cancel forgets it; OK commits it with
the other changes (`MainWindow.edit_session` pushes the edit with the draft).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTimeEdit,
    QWidget,
)

from facilitator_app.core.kinds import SessionKind
from facilitator_app.core.model import Session
from facilitator_app.core.vocabulary import session_kind_label
from facilitator_app.gui.dialogs.base import RecolteDialog
from facilitator_app.gui.document import EventDocument
from facilitator_app.gui.drafts import DraftKeeper
from facilitator_app.gui.settings import Settings
from facilitator_app.gui.widgets.text_limit import limit_length
from facilitator_app.i18n import tr

if TYPE_CHECKING:
    from facilitator_app.core.templates import SessionTemplate

__all__ = ["SessionDialog"]


class SessionDialog(RecolteDialog):
    geometry_key = "session_dialog"

    def __init__(
        self,
        session: Session,
        parent: QWidget | None = None,
        *,
        document: EventDocument,
        settings: Settings | None = None,
        templates: bool = False,
    ) -> None:
        self._session = session
        self._document = document
        self._templates = templates
        super().__init__(parent, settings=settings)
        self.setWindowTitle(tr("New session") if templates else tr("Session properties"))
        self.draft = DraftKeeper(
            document,
            f"session/{session.id}/question",
            text=self.question.toPlainText,
            context=lambda: {"session_id": session.id, "field": "question"},
            parent=self,
        )
        saved = self.draft.saved()
        if saved is not None and saved.text.strip() != session.question.strip():
            self.question.setPlainText(saved.text)
            self.restored.show()
            self.resize(self.width(), max(self.height(), self.sizeHint().height()))
        self.question.textChanged.connect(self.draft.touch)

    def _setup_ui(self) -> None:
        session = self._session
        self.title = QLineEdit(session.title)
        self.kind = QComboBox()
        for kind in SessionKind:
            self.kind.addItem(session_kind_label(kind), kind.value)
        self.kind.setCurrentIndex(max(0, self.kind.findData(session.kind.value)))
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
        self.start.setAccessibleName(tr("Start time"))
        self.end.setAccessibleName(tr("End time"))
        times = QHBoxLayout()
        times.addWidget(self.start)
        times.addWidget(self.end)
        times.addStretch(1)
        self.room = QLineEdit(session.room)
        self.question = limit_length(QPlainTextEdit(session.question))
        self.question.setTabChangesFocus(True)
        self.question.setFixedHeight(90)
        self.restored = QLabel(
            tr("The question as it was being typed when Récolte stopped is back in the box.")
        )
        self.restored.setObjectName("restoredDraft")
        self.restored.setWordWrap(True)
        self.restored.setStyleSheet("color: #8a5a00;")
        self.restored.hide()
        form = QFormLayout(self)
        self.template = QComboBox()
        self.template.setObjectName("sessionTemplate")
        if self._templates:
            self._add_templates(form)
        form.addRow(tr("Title"), self.title)
        form.addRow(tr("Type"), self.kind)
        form.addRow(tr("Day"), self.day)
        form.addRow(tr("Start – end"), times)
        form.addRow(tr("Room"), self.room)
        form.addRow(tr("Question"), self.question)
        form.addRow("", self.restored)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(520, self.sizeHint().height())

    def _add_templates(self, form: QFormLayout) -> None:
        from facilitator_app.core.templates import TEMPLATES  # only when creating a session

        for choice in TEMPLATES:
            self.template.addItem(tr(choice.label), choice.key)
        self.template.setToolTip(tr("What the new session starts with"))
        form.addRow(tr("Template"), self.template)
        self.template.currentIndexChanged.connect(self._template_chosen)
        self.kind.currentIndexChanged.connect(self._kind_chosen)
        self._template_chosen()

    def _template_chosen(self) -> None:
        kind = self.chosen_template().kind
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind.value)))

    def _kind_chosen(self) -> None:
        """Another type: the first template of that type, unless the chosen one has it."""
        from facilitator_app.core.templates import TEMPLATES

        kind = SessionKind.parse(self.kind.currentData())
        if self.chosen_template().kind != kind:
            plain = next(t for t in TEMPLATES if t.kind == kind)
            self.template.setCurrentIndex(self.template.findData(plain.key))

    def chosen_template(self) -> SessionTemplate:
        from facilitator_app.core.templates import template

        return template(self.template.currentData() or "plenary")

    def accept(self) -> None:
        self.draft.save()  # the latest text, until the edit that commits it deletes it
        super().accept()

    def reject(self) -> None:
        self.draft.discard()  # Cancel: the person threw the text away
        super().reject()

    def changes(self) -> dict[str, Any]:
        """The fields the person changed, ready for `commands.update`."""
        values = {
            "title": self.title.text().strip() or self._session.title,
            "kind": SessionKind.parse(self.kind.currentData()),
            "day": self.day.date().toString("yyyy-MM-dd"),
            "start": self.start.time().toString("HH:mm"),
            "end": self.end.time().toString("HH:mm"),
            "room": self.room.text().strip(),
            "question": self.question.toPlainText().strip(),
        }
        return {k: v for k, v in values.items() if getattr(self._session, k) != v}
