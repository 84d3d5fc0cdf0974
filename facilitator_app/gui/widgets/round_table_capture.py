"""The round-table capture bar, and the speaker choices the panel's lists share.

`SpeakerCaptureBar`: pick who speaks (1–9 in the empty box picks the n-th speaker, 0 or
Escape nobody; the hints count the speakers shown, the moderator apart), the note
type follows (« Quote » once a speaker is picked, changeable), type, Enter: the note is in
the file with `speaker_id`, `author` and `kind`, and the box is empty for the next one.
What is typed is kept as the draft `speaker-capture` until then, like the capture box's
(`capture.CaptureBar`): back in the box after a crash, committed when the event closes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QPushButton, QWidget

from facilitator_app.core import round_table as rt
from facilitator_app.core.model import NOTE_KINDS, Note, Participant, Session
from facilitator_app.core.vocabulary import note_kind_label
from facilitator_app.gui.document import EventDocument
from facilitator_app.gui.drafts import DraftKeeper
from facilitator_app.gui.widgets.capture import picked_number
from facilitator_app.gui.widgets.text_limit import limit_length
from facilitator_app.i18n import tr

__all__ = ["SpeakerCaptureBar", "speaker_choices", "fill_choices"]

BOX = "speaker-capture"


def speaker_choices(
    document: EventDocument, session: Session | None, *, also: str | None = None
) -> list[tuple[str, str | None]]:
    """(label, participant id) for the speaker lists: the speakers in order, numbered, the
    moderator, `also` (a note's current speaker) if none of those, then « No speaker »."""
    choices: list[tuple[str, str | None]] = []
    ids = list(session.speaker_ids) if session else []
    if session and session.moderator_id and session.moderator_id not in ids:
        ids.append(session.moderator_id)
    if also and also not in ids:
        ids.append(also)
    for ident in ids:
        person = document.read.get(Participant, ident)
        if person is None or person.deleted:
            continue
        label = person.name
        if session and ident == session.moderator_id:
            label = tr("{name} (moderator)", name=person.name)
        number = len(choices) + 1
        choices.append((f"{number} · {label}" if number <= 9 else label, ident))
    choices.append((tr("No speaker"), None))
    return choices


def fill_choices(
    combo: QComboBox, choices: list[tuple[str, str | None]], current: str | None
) -> None:
    combo.blockSignals(True)
    combo.clear()
    for label, ident in choices:
        combo.addItem(label, ident)
    combo.setCurrentIndex(max(0, combo.findData(current)) if current else combo.count() - 1)
    combo.blockSignals(False)


class SpeakerCaptureBar(QWidget):
    """Pick a speaker (1–9 in the empty box), type, Enter: a quote said by them."""

    captured = Signal(str)

    def __init__(self, document: EventDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._session: Session | None = None
        self._kind_without_speaker = "idea"
        self.speaker = QComboBox()
        self.speaker.setObjectName("captureSpeaker")
        self.speaker.setToolTip(
            tr("Who is speaking: press 1, 2, 3… in the empty box, 0 or Escape for nobody")
        )
        self.speaker.setAccessibleName(tr("Speaker"))
        self.speaker.setMinimumContentsLength(24)
        self.kind = QComboBox()
        self.kind.setObjectName("captureKind")
        for kind in NOTE_KINDS:
            self.kind.addItem(note_kind_label(kind), kind)
        self.kind.setToolTip(tr("Type of the note (Alt+1 to Alt+6)"))
        self.kind.setAccessibleName(tr("Type of the note"))
        self.text = limit_length(QLineEdit())
        self.text.setObjectName("captureText")
        self.text.setAccessibleName(tr("Text of the note"))
        self.text.setClearButtonEnabled(True)
        self.text.setAccessibleName(tr("What is said"))
        self.text.installEventFilter(self)
        self.text.returnPressed.connect(self.commit)
        self.add_button = QPushButton(tr("Add"))
        self.add_button.clicked.connect(self.commit)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.speaker)
        layout.addWidget(self.kind)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.add_button)
        self.speaker.currentIndexChanged.connect(self._speaker_picked)
        for number, kind in enumerate(NOTE_KINDS, start=1):
            shortcut = QShortcut(QKeySequence(f"Alt+{number}"), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda k=kind: self.set_kind(k))
        self._update_placeholder()
        document.editable_changed.connect(lambda _editable: self._update_enabled())
        document.closing.connect(self._commit_on_close)
        self.draft = DraftKeeper(
            document, BOX, text=self.text.text, context=self._context, parent=self
        )
        self._restored: dict[str, object] = {}
        if (saved := self.draft.saved()) is not None:  # typed before a crash
            self.text.setText(saved.text)
            self._restored = dict(saved.context)
        self.text.textChanged.connect(lambda _text: self.draft.touch())
        self.speaker.currentIndexChanged.connect(self._context_changed)
        self.kind.currentIndexChanged.connect(self._context_changed)

    def _context(self) -> dict[str, object]:
        return {
            "session_id": self._session.id if self._session else None,
            "speaker_id": self.speaker_id(),
            "kind": self.kind.currentData(),
        }

    def _context_changed(self, *_args: object) -> None:
        if self.text.text():
            self.draft.touch()

    def _commit_on_close(self) -> None:
        if self.text.text().strip() and self._document.editable:
            self._add(reveal=False)  # the window is going away: nothing to show

    def set_session(self, session: Session | None) -> None:
        """Show this session's speakers, keeping the one picked if they still speak."""
        before = self._session.id if self._session else None
        self._session = session
        self._update_enabled()
        restored = (
            self._restored if session and self._restored.get("session_id") == session.id else {}
        )
        current = str(restored.get("speaker_id") or "") or None if restored else self.speaker_id()
        choices = speaker_choices(self._document, session)
        choices[-1] = (self._nobody_label(self._speaker_count(len(choices) - 1)), None)
        fill_choices(self.speaker, choices, current)
        if restored:
            self.set_kind(str(restored.get("kind") or self.kind.currentData()))
            self._restored = {}
        elif (session.id if session else None) != before:
            self._context_changed()
        self._update_placeholder()

    def _update_enabled(self) -> None:
        self.setEnabled(self._session is not None and self._document.editable)

    def speaker_id(self) -> str | None:
        return self.speaker.currentData()

    def pick_speaker(self, number: int) -> bool:
        """Choose the `number`-th speaker (1-based); False when there is none."""
        if 0 < number < self.speaker.count():  # the last choice is « No speaker »
            self.speaker.setCurrentIndex(number - 1)
            return True
        return False

    def set_kind(self, kind: str) -> None:
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))

    def _speaker_picked(self, _row: int) -> None:
        # A speaker's words are a quote unless said otherwise; back to the plain note type
        # (the one used before) when nobody is picked.
        if self.speaker_id() is not None:
            if self.kind.currentData() != "quote":
                self._kind_without_speaker = self.kind.currentData()
            self.set_kind("quote")
        elif self.kind.currentData() == "quote":
            self.set_kind(self._kind_without_speaker)
        self._update_placeholder()

    def _speaker_count(self, numbered: int) -> int:
        """How many of the `numbered` choices are speakers (the moderator, apart, is last)."""
        session = self._session
        count = numbered
        if session and session.moderator_id and session.moderator_id not in session.speaker_ids:
            count -= 1  # the moderator is numbered last
        return max(0, min(count, 9))

    def _nobody_label(self, numbered: int) -> str:
        """The « nobody » choice, which says how to pick someone."""
        if numbered <= 0:
            return tr("Nobody: add speakers on the left")
        if numbered == 1:
            return tr("Nobody: press 1 to pick the speaker")
        return tr("Nobody: press 1 to {n} to pick a speaker", n=min(numbered, 9))

    def _update_placeholder(self) -> None:
        numbered = min(self.speaker.count() - 1, 9)
        speakers = self._speaker_count(numbered)
        if numbered > 0 and self.speaker_id() is None:
            if numbered > speakers and speakers:  # the moderator is the next number
                text = tr(
                    "Press 1 to {n} for a speaker or {m} for the moderator, then type",
                    n=speakers,
                    m=numbered,
                )
            elif numbered > speakers:
                text = tr("Press 1 for the moderator, then type and press Enter")
            elif speakers == 1:
                text = tr("Press 1 for the speaker, then type and press Enter")
            else:
                text = tr("Press 1 to {n} for a speaker, then type and press Enter", n=speakers)
        elif numbered > 0:
            text = tr("Type what is said and press Enter (0 or Escape: nobody)")
        else:
            text = tr("Type what is said and press Enter")
        self.text.setPlaceholderText(text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # in the empty box, 1…9 choose the speaker: one keystroke, then the words
        number = picked_number(self.text, watched, event)
        if number is not None and self.pick_speaker(number):
            return True
        if (
            watched is self.text
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and not self.text.text()
            and (event.key() == Qt.Key.Key_Escape or event.text() == "0")
            and self.speaker_id() is not None
        ):
            self.speaker.setCurrentIndex(self.speaker.count() - 1)  # 0 or Escape: nobody
            return True
        return super().eventFilter(watched, event)

    def commit(self) -> None:
        """Enter: the text becomes a note, shown in the list."""
        self._add(reveal=True)

    def _add(self, *, reveal: bool) -> None:
        text = self.text.text().strip()
        if not text or self._session is None:
            return
        command = rt.quote_note(
            session_id=self._session.id,
            text=text,
            participant=self._document.read.get(Participant, self.speaker_id()),
            kind=self.kind.currentData(),
            position=self._document.next_position(Note, session_id=self._session.id),
            created_at=self._document.now(),
        )
        if self._document.push(command, draft=BOX):
            self.text.clear()
            self.draft.committed()
            if reveal:
                self.captured.emit(command.record.id)

    def focus(self) -> None:
        self.text.setFocus(Qt.FocusReason.OtherFocusReason)
