"""`CaptureBar`: type, Enter, and the note is in the file.

The type and the author are optional and stay as chosen for the next note (the author box
starts with the name chosen in the preferences, `set_default_author`); Alt+1…6 pick the
type without leaving the box. In a world café the table, round and harvest category are
picked once on their own line, and 1…9 typed in the empty box choose the category
(`picked_number`, which the round table's capture uses to choose the speaker).

What is typed is kept in the file as the draft `capture` (with the session, type, author,
table, round and category it will be committed with) under a second after each keystroke,
and comes back in the box when the event is opened again after a crash. Enter commits the
note and deletes the draft in one transaction. The text stays in the box when another
session is picked (it was maybe typed in the wrong one), and closing the event commits it
as a note: text left in the box is never dropped, and a note-taker's copy handed back
carries it as a note, where a merge sees it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.core.commands import ChangeSet, add_note
from facilitator_app.core.model import NOTE_KINDS, Note
from facilitator_app.core.vocabulary import note_kind_label, table_label
from facilitator_app.gui.document import EventDocument
from facilitator_app.gui.drafts import DraftKeeper
from facilitator_app.gui.models.directory import directory_of
from facilitator_app.gui.widgets.text_limit import limit_length
from facilitator_app.i18n import tr

__all__ = ["CaptureBar", "picked_number"]

BOX = "capture"


def picked_number(box: QLineEdit, watched: QObject, event: QEvent) -> int | None:
    """1…9 when that digit alone was pressed in the empty `box`, else None: a quick pick
    (a category, a speaker) before typing the note."""
    if (
        watched is box
        and event.type() == QEvent.Type.KeyPress
        and not box.text()
        and isinstance(event, QKeyEvent)
        and event.text().isdigit()
        and event.text() != "0"
        and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    ):
        return int(event.text())
    return None


class CaptureBar(QWidget):
    """Type, Enter: a note. Emits `captured(note_id)` after the note reached the file."""

    captured = Signal(str)

    def __init__(self, document: EventDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._session_id: str | None = None
        self._people: dict[str, str] | None = None  # participant name → id; None: not read
        self.kind = QComboBox()
        for kind in NOTE_KINDS:
            self.kind.addItem(note_kind_label(kind), kind)
        self.kind.setToolTip(tr("Type of the note (Alt+1 to Alt+6)"))
        self.author = QComboBox()
        self.author.setEditable(True)
        self.author.setMinimumContentsLength(14)
        self.author.lineEdit().setPlaceholderText(tr("Author (optional)"))
        self.author.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.author.setAccessibleName(tr("Author of the note"))
        self.text = limit_length(QLineEdit())
        self.text.setPlaceholderText(tr("Type a note and press Enter"))
        self.text.setClearButtonEnabled(True)
        self.text.setAccessibleName(tr("Text of the note"))
        self.text.returnPressed.connect(self.commit)
        self.text.installEventFilter(self)
        self.add_button = QPushButton(tr("Add"))
        self.add_button.clicked.connect(self.commit)
        # where the note comes from, in a world café: picked once, kept for the next notes
        self.table_pick = QComboBox()
        self.table_pick.setToolTip(tr("The table this note comes from"))
        self.round_pick = QComboBox()
        self.round_pick.setToolTip(tr("The round"))
        self.category_pick = QComboBox()
        self.category_pick.setToolTip(tr("Harvest category: press 1, 2, 3… in the empty box"))
        self.category_pick.currentIndexChanged.connect(lambda _i: self._update_placeholder())
        # the pickers sit on their own line: long table themes and category names must not
        # squeeze the box the note is typed in
        places = QHBoxLayout()
        for picker in (self.table_pick, self.round_pick, self.category_pick):
            picker.hide()
            places.addWidget(picker)
        places.addStretch(1)
        line = QHBoxLayout()
        line.addWidget(self.kind)
        line.addWidget(self.author)
        line.addWidget(self.text, 1)
        line.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(places)
        layout.addLayout(line)
        for number, kind in enumerate(NOTE_KINDS, start=1):
            shortcut = QShortcut(QKeySequence(f"Alt+{number}"), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda k=kind: self.set_kind(k))
        # the participants (3,600 at 100×) are read when the author box is first used, not
        # at start-up: the first paint has no use for them
        self.author.installEventFilter(self)
        self.author.lineEdit().installEventFilter(self)
        directory_of(document)  # before connecting: it must hear of changes first
        document.changed.connect(self._on_changed)
        document.editable_changed.connect(lambda _editable: self._update_enabled())
        document.closing.connect(self._commit_on_close)
        self.draft = DraftKeeper(
            document, BOX, text=self.text.text, context=self._context, parent=self
        )
        self._restored: dict[str, object] = {}  # the places of a draft, for its session
        self._default_author = ""  # the preferences' name, while the box still shows it
        self._restore()
        self.text.textChanged.connect(lambda _text: self.draft.touch())
        for picker in (self.kind, self.table_pick, self.round_pick, self.category_pick):
            picker.currentIndexChanged.connect(self._context_changed)
        self.author.editTextChanged.connect(self._context_changed)

    # -- the draft ------------------------------------------------------------------------

    def _context(self) -> dict[str, object]:
        """What committing the text needs, kept with its draft."""
        return {
            "session_id": self._session_id,
            "kind": self.kind.currentData(),
            "author": self.author.currentText().strip(),
            "table_id": self.table_pick.currentData(),
            "round_id": self.round_pick.currentData(),
            "category_id": self.category_pick.currentData(),
        }

    def _context_changed(self, *_args: object) -> None:
        if self.text.text():
            self.draft.touch()

    def _restore(self) -> None:
        """Put back the text typed before the window last went away (a crash)."""
        saved = self.draft.saved()
        if saved is None:
            return
        context = saved.context
        self.text.setText(saved.text)
        if isinstance(context.get("kind"), str):
            self.set_kind(context["kind"])
        self.author.setEditText(str(context.get("author") or ""))
        self._restored = dict(context)

    def set_default_author(self, name: str) -> None:
        """The preferences' author name: shown in the author box when it is empty or still
        shows the previous default (a name the person typed or a restored draft's stays)."""
        current = self.author.currentText().strip()
        if not current or current == self._default_author:
            self.author.setEditText(name.strip())
        self._default_author = name.strip()

    def _commit_on_close(self) -> None:
        """The event closes with text in the box: it becomes a note (the draft, written by
        the flush before, stays if that fails)."""
        if self.text.text().strip() and self._document.editable:
            self._add(reveal=False)  # the window is going away: nothing to show

    def _on_changed(self, changes: ChangeSet) -> None:
        if changes.touches("participant") and self._people is not None:
            self._load_people()
        if changes.touches("table", "round", "category"):
            self._load_places()

    def _load_people(self) -> None:
        current = self.author.currentText()
        people = directory_of(self._document).participants()
        self._people = {p.name: p.id for p in people}
        names = [p.name for p in people]
        self.author.blockSignals(True)
        self.author.clear()
        self.author.addItem("")
        self.author.addItems(names)
        self.author.setEditText(current)
        self.author.blockSignals(False)
        completer = QCompleter(names, self.author)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.author.setCompleter(completer)

    def set_session(self, session_id: str | None) -> None:
        changed = session_id != self._session_id
        self._session_id = session_id
        self._update_enabled()
        self._load_places()
        if self._restored and self._restored.get("session_id") == session_id:
            for picker, key in (
                (self.table_pick, "table_id"),
                (self.round_pick, "round_id"),
                (self.category_pick, "category_id"),
            ):
                row = picker.findData(self._restored.get(key))
                if row >= 0:
                    picker.setCurrentIndex(row)
            self._restored = {}
        elif changed:
            self._context_changed()  # the text now goes to this session

    def _update_enabled(self) -> None:
        self.setEnabled(self._session_id is not None and self._document.editable)

    def _load_places(self) -> None:
        """Fill the table, round and category pickers, keeping the current choices."""
        session_id = self._session_id
        tables = self._document.read.session_tables(session_id) if session_id else []
        rounds = self._document.read.session_rounds(session_id) if session_id else []
        categories = self._document.read.session_categories(session_id) if session_id else []
        places = (
            (
                self.table_pick,
                [(table_label(t.number, t.theme), t.id) for t in tables],
                None,
            ),
            (self.round_pick, [(tr("Round {n}", n=r.number), r.id) for r in rounds], None),
            (
                self.category_pick,
                [(f"{i} · {c.name}", c.id) for i, c in enumerate(categories, start=1)],
                tr("No category"),
            ),
        )
        for picker, items, empty in places:
            chosen = picker.currentData()
            picker.blockSignals(True)
            picker.clear()
            if empty is not None and items:
                picker.addItem(empty, None)
            for label, ident in items:
                picker.addItem(label, ident)
            picker.setCurrentIndex(max(0, picker.findData(chosen)))
            picker.blockSignals(False)
            picker.setVisible(bool(items))
        self._update_placeholder()

    def _update_placeholder(self) -> None:
        count = self.category_pick.count() - 1
        if count > 0 and self.category_pick.currentData() is None:
            self.text.setPlaceholderText(
                tr(
                    "Press 1 to {n} for a category, then type the note and press Enter",
                    n=min(count, 9),
                )
            )
        else:
            self.text.setPlaceholderText(tr("Type a note and press Enter"))

    def set_category(self, number: int) -> bool:
        """Choose the `number`-th category (1-based); False when there is none."""
        if 0 < number < self.category_pick.count():
            self.category_pick.setCurrentIndex(number)
            return True
        return False

    def people(self) -> dict[str, str]:
        """Participant name → id, read the first time it is needed."""
        if self._people is None:
            self._load_people()
        assert self._people is not None
        return self._people

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            self._people is None
            and watched in (self.author, self.author.lineEdit())
            and event.type() in (QEvent.Type.FocusIn, QEvent.Type.MouseButtonPress)
        ):
            self._load_people()  # the list and the completer, before they show
        # In the empty box, 1…9 choose the category: one keystroke, then the note.
        number = picked_number(self.text, watched, event)
        if number is not None and self.set_category(number):
            return True
        return super().eventFilter(watched, event)

    def set_kind(self, kind: str) -> None:
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))

    def commit(self) -> None:
        """Enter: the text becomes a note, shown in the list."""
        self._add(reveal=True)

    def _add(self, *, reveal: bool) -> None:
        text = self.text.text().strip()
        if not text or self._session_id is None:
            return
        author = self.author.currentText().strip()
        command = add_note(
            session_id=self._session_id,
            text=text,
            kind=self.kind.currentData(),
            author=author,
            speaker_id=self.people().get(author) if author else None,  # their own words
            position=self._document.next_position(Note, session_id=self._session_id),
            created_at=self._document.now(),
            table_id=self.table_pick.currentData() if self.table_pick.count() else None,
            round_id=self.round_pick.currentData() if self.round_pick.count() else None,
            category_id=self.category_pick.currentData() if self.category_pick.count() else None,
        )
        if self._document.push(command, draft=BOX):
            self.text.clear()
            self.draft.committed()
            if reveal:
                self.captured.emit(command.record.id)

    def focus(self) -> None:
        self.text.setFocus(Qt.FocusReason.ShortcutFocusReason)
