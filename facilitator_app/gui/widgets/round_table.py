"""`RoundTablePanel`: a round table's or testimony session's speakers, moderator and quotes.

On the left, the speakers in speaking order (add one by typing part of a name, accents
ignored; remove, move up and down, or drag) and the moderator. On the right, what was said:
quotes as pull-quotes (« text » in large italics, « — Speaker, Organisation » under it), other
notes as plain lines with their type and speaker. A note is corrected in place (F2 or a
double-click, saved while typing), deleted with the Delete key, and given another speaker
with the « Said by » list or the context menu; all undoable. Below, the capture bar:
1–9 in the empty box picks the n-th speaker, type, Enter, and the quote is in the file.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer
from PySide6.QtGui import QKeySequence, QPalette, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.core import round_table as rt
from facilitator_app.core.commands import ChangeSet, Command, batch, delete, update
from facilitator_app.core.model import NOTE_KINDS, Note, Participant, Session
from facilitator_app.core.text import fold
from facilitator_app.core.vocabulary import note_kind_label
from facilitator_app.gui.document import EventDocument
from facilitator_app.gui.models.directory import directory_of
from facilitator_app.gui.models.round_table import (
    PARTICIPANT_ID_ROLE,
    SpeakersModel,
    SpokenNotesModel,
)
from facilitator_app.gui.widgets.round_table_capture import (
    SpeakerCaptureBar,
    fill_choices,
    speaker_choices,
)
from facilitator_app.gui.widgets.round_table_delegates import SpeakerDelegate, SpokenNoteDelegate
from facilitator_app.i18n import tr, tr_count

__all__ = ["RoundTablePanel"]

_FOLD_ROLE = Qt.ItemDataRole.UserRole + 20  # « name organisation », folded: what is matched
_NAME_ROLE = Qt.ItemDataRole.UserRole + 21  # the name alone, folded


class RoundTablePanel(QWidget):
    def __init__(self, document: EventDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._session: Session | None = None
        self.speakers_model = SpeakersModel(document, self)
        self.notes_model = SpokenNotesModel(document, self)
        self._setup_ui()
        self._connect()
        self._refresh()

    # -- building -------------------------------------------------------------------------

    def _setup_ui(self) -> None:
        self.speakers_view = QListView()
        self.speakers_view.setObjectName("speakers")
        self.speakers_view.setModel(self.speakers_model)
        self.speakers_view.setItemDelegate(SpeakerDelegate(self.speakers_view))
        self.speakers_view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.speakers_view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.add_speaker_edit = QLineEdit()
        self.add_speaker_edit.setObjectName("addSpeaker")
        self.add_speaker_edit.setPlaceholderText(tr("Add a speaker: type a name…"))
        self.add_speaker_edit.setClearButtonEnabled(True)
        self._candidates = QStandardItemModel(self)
        self.completer = QCompleter(self._candidates, self)
        self.completer.setWidget(self.add_speaker_edit)
        self.completer.setCompletionRole(_FOLD_ROLE)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setMaxVisibleItems(12)
        self.remove_button = QPushButton(tr("Remove"))
        self.remove_button.setToolTip(tr("Remove the selected speaker (Del)"))
        self.up_button = QPushButton(tr("Move up"))
        self.down_button = QPushButton(tr("Move down"))
        self.moderator = QComboBox()
        self.moderator.setObjectName("moderator")
        self.no_speakers = QLabel(tr("No speakers yet: type a name above to add the first one."))
        self.no_speakers.setObjectName("noSpeakers")
        self.no_speakers.setWordWrap(True)
        self.no_speakers.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        buttons = QHBoxLayout()
        for button in (self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        moderator = QFormLayout()
        moderator.addRow(tr("Moderator"), self.moderator)
        speakers_box = QGroupBox(tr("Speakers"))
        left = QVBoxLayout(speakers_box)
        left.addWidget(self.add_speaker_edit)
        left.addWidget(self.no_speakers)
        left.addWidget(self.speakers_view, 1)
        left.addLayout(buttons)
        left.addLayout(moderator)

        self.count = QLabel()
        self.note_speaker = QComboBox()
        self.note_speaker.setObjectName("noteSpeaker")
        self.note_speaker.setToolTip(tr("Who said the selected notes"))
        self.note_speaker.setAccessibleName(tr("Said by"))
        self.note_speaker.setPlaceholderText(tr("Select a note to say who said it"))
        self.note_speaker.setMinimumContentsLength(22)
        self.notes_view = QListView()
        self.notes_view.setObjectName("spokenNotes")
        self.notes_view.setModel(self.notes_model)
        self.notes_view.setItemDelegate(SpokenNoteDelegate(self.notes_view))
        self.notes_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.notes_view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.notes_view.setResizeMode(QListView.ResizeMode.Adjust)
        self.notes_view.setUniformItemSizes(False)
        self.notes_view.setWordWrap(True)
        self.notes_view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        # rows are measured at the viewport's width: a scroll bar that comes and goes would
        # change it after the measure, and wrapped notes would overlap
        self.notes_view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.notes_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self._relayout = QTimer(self)
        self._relayout.setSingleShot(True)
        self._relayout.setInterval(0)
        self._relayout.timeout.connect(self.notes_view.doItemsLayout)
        bar = QHBoxLayout()
        bar.addWidget(self.count, 1)
        said_by = QLabel(tr("Said by"))
        said_by.setBuddy(self.note_speaker)
        bar.addWidget(said_by)
        bar.addWidget(self.note_speaker)
        notes_box = QGroupBox(tr("What was said"))
        right = QVBoxLayout(notes_box)
        right.addLayout(bar)
        right.addWidget(self.notes_view, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(speakers_box)
        self.splitter.addWidget(notes_box)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([360, 720])
        self.capture = SpeakerCaptureBar(self._document)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.capture)
        for view, slot in (
            (self.speakers_view, self.remove_selected_speakers),
            (self.notes_view, self.delete_selected_notes),
        ):
            shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), view)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)

    def _connect(self) -> None:
        self.add_speaker_edit.textEdited.connect(self._complete)
        self.add_speaker_edit.returnPressed.connect(
            lambda: self.add_speaker_named(self.add_speaker_edit.text())
        )
        self.completer.activated[QModelIndex].connect(  # type: ignore[index]
            lambda index: self.add_speaker(index.data(PARTICIPANT_ID_ROLE))
        )
        self.remove_button.clicked.connect(self.remove_selected_speakers)
        self.up_button.clicked.connect(lambda: self.move_selected_speaker(-1))
        self.down_button.clicked.connect(lambda: self.move_selected_speaker(+1))
        self.moderator.activated.connect(
            lambda _row: self.set_moderator(self.moderator.currentData())
        )
        self.note_speaker.activated.connect(self._said_by_picked)
        for signal in (
            self.speakers_model.modelReset,
            self.speakers_model.rowsInserted,
            self.speakers_model.rowsRemoved,
        ):
            signal.connect(self._show_no_speakers)
        self.speakers_view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.notes_view.selectionModel().selectionChanged.connect(self._show_note_speaker)
        self.notes_view.customContextMenuRequested.connect(self._context_menu)
        self.capture.captured.connect(self._reveal)
        for signal in (
            self.notes_model.modelReset,
            self.notes_model.rowsInserted,
            self.notes_model.rowsRemoved,
        ):
            signal.connect(self._update_count)
        self.notes_model.dataChanged.connect(lambda *_: self._relayout.start())
        self.notes_model.dataChanged.connect(lambda *_: self._show_note_speaker())
        self._document.changed.connect(self._on_changed)
        self._document.editable_changed.connect(lambda _editable: self._refresh())

    # -- what the window calls --------------------------------------------------------------

    @property
    def session(self) -> Session | None:
        return self._session

    def set_session(self, session_id: str | None) -> None:
        if self._session is not None and self._session.id == session_id:
            return
        self._session = self._document.read.get(Session, session_id)
        self.speakers_model.set_session(session_id)
        self.notes_model.set_session(session_id)
        self._refresh()

    def _on_changed(self, changes: ChangeSet) -> None:
        if self._session is None:
            return
        if self._session.id in changes.ids or changes.touches("participant", "organisation"):
            self._session = self._document.read.get(Session, self._session.id)
            if self._session is not None and self._session.deleted:
                self._session = None
            self._refresh()

    def _refresh(self) -> None:
        """Everything that shows the session's people: the completer, the moderator, the
        speaker lists."""
        session = self._session
        editable = session is not None and self._document.editable
        for widget in (self.add_speaker_edit, self.moderator, self.note_speaker):
            widget.setEnabled(editable)
        self._candidates.clear()
        speakers = set(session.speaker_ids) if session else set()
        directory = directory_of(self._document)  # shared: read once per change
        organisations = directory.organisation_names()
        people = directory.participants()
        for person in people:
            if person.id in speakers or not person.name:
                continue
            organisation = organisations.get(person.organisation_id or "", "")
            item = QStandardItem(f"{person.name} — {organisation}" if organisation else person.name)
            item.setData(fold(f"{person.name} {organisation}"), _FOLD_ROLE)
            item.setData(fold(person.name), _NAME_ROLE)
            item.setData(person.id, PARTICIPANT_ID_ROLE)
            self._candidates.appendRow(item)
        fill_choices(
            self.moderator,
            [(tr("No moderator"), None)] + [(p.name, p.id) for p in people if p.name],
            session.moderator_id if session else None,
        )
        if session is None or session.moderator_id is None:
            self.moderator.setCurrentIndex(0)
        self.capture.set_session(session)
        self._show_note_speaker()
        self._show_no_speakers()
        self._update_buttons()
        self._update_count()

    # -- speakers ------------------------------------------------------------------------------

    def _push(self, command: Command | None) -> bool:
        """Push an edit; None (an edit that would change nothing) pushes no undo step."""
        if command is None:
            return False
        return self._document.push(command)

    def _complete(self, text: str) -> None:
        self.completer.setCompletionPrefix(fold(text.strip()))
        if text.strip():
            self.completer.complete()
        else:
            self.completer.popup().hide()

    def add_speaker(self, participant_id: str | None) -> bool:
        """Add a participant to the speakers (at the end) and select them."""
        if self._session is None or not participant_id:
            return False
        done = self._push(rt.add_speaker(self._session, participant_id))
        if done:
            self.add_speaker_edit.clear()
            self.completer.popup().hide()
            self._select_speaker(participant_id)
        return done

    def add_speaker_named(self, text: str) -> bool:
        """Enter in the add box: the one participant the text names (accents ignored), or a
        new participant (a guest) when it names nobody; several matches open the list."""
        wanted = fold(" ".join(text.split()))
        if self._session is None or not wanted:
            return False
        rows = [self._candidates.item(r) for r in range(self._candidates.rowCount())]
        exact = [i for i in rows if i.data(_NAME_ROLE) == wanted]
        matches = exact or [i for i in rows if wanted in i.data(_FOLD_ROLE)]
        if len(matches) == 1:
            return self.add_speaker(matches[0].data(PARTICIPANT_ID_ROLE))
        if matches:
            self._complete(text)
            return False
        if any(wanted == fold(p.name) for p in self.speakers_model.speakers()):
            return False  # already speaks
        added = rt.add_new_speaker(self._session, text)
        if added is None or not self._push(added[1]):
            return False
        self.add_speaker_edit.clear()
        self._select_speaker(added[0].id)
        return True

    def _selected_speaker(self) -> Participant | None:
        rows = self.speakers_view.selectionModel().selectedRows()
        return self.speakers_model.participant_at(rows[0].row()) if rows else None

    def _select_speaker(self, participant_id: str) -> None:
        row = self.speakers_model.row_of(participant_id)
        if row >= 0:
            self.speakers_view.setCurrentIndex(self.speakers_model.index(row))

    def remove_selected_speakers(self) -> bool:
        person = self._selected_speaker()
        if self._session is None or person is None:
            return False
        return self._push(rt.remove_speaker(self._session, person.id))

    def move_selected_speaker(self, step: int) -> bool:
        person = self._selected_speaker()
        if person is None:
            return False
        row = self.speakers_model.row_of(person.id) + step
        if row < 0 or row >= self.speakers_model.rowCount():
            return False
        done = self.speakers_model.move(person.id, row)
        self._select_speaker(person.id)
        return done

    def set_moderator(self, participant_id: str | None) -> bool:
        if self._session is None:
            return False
        return self._push(rt.set_moderator(self._session, participant_id))

    def _update_buttons(self, *_args: object) -> None:
        editable = self._session is not None and self._document.editable
        person = self._selected_speaker()
        row = self.speakers_model.row_of(person.id) if person else -1
        self.remove_button.setEnabled(editable and person is not None)
        self.up_button.setEnabled(editable and row > 0)
        self.down_button.setEnabled(editable and 0 <= row < self.speakers_model.rowCount() - 1)

    # -- notes ---------------------------------------------------------------------------------

    def selected_notes(self) -> list[Note]:
        rows = sorted(i.row() for i in self.notes_view.selectionModel().selectedRows())
        return [self.notes_model.note_at(r) for r in rows]

    def select_note(self, note_id: str) -> bool:
        row = self.notes_model.row_of(note_id)
        if row >= 0:
            index = self.notes_model.index(row)
            self.notes_view.setCurrentIndex(index)
            self.notes_view.scrollTo(index)
        return row >= 0

    def _said_by_picked(self, _row: int) -> None:
        if not self.set_speaker_of_selected(self.note_speaker.currentData()):
            self._show_note_speaker()  # nothing selected or changed: back to what is true

    def set_speaker_of_selected(self, participant_id: str | None) -> bool:
        """Say who said the selected notes (None: nobody), as one undo step."""
        person = self._document.read.get(Participant, participant_id)
        steps = [c for c in (rt.attribute(n, person) for n in self.selected_notes()) if c]
        if not steps:
            return False
        return self._push(steps[0] if len(steps) == 1 else batch(steps, label="Change speaker"))

    def delete_selected_notes(self) -> bool:
        notes = self.selected_notes()
        if not notes:
            return False
        return self._push(delete(notes, label="Delete note" if len(notes) == 1 else "Delete notes"))

    def _show_note_speaker(self, *_args: object) -> None:
        notes = self.selected_notes()
        current = notes[0].speaker_id if len(notes) == 1 else None
        fill_choices(
            self.note_speaker, speaker_choices(self._document, self._session, also=current), current
        )
        if len(notes) != 1:
            self.note_speaker.setCurrentIndex(-1)  # the placeholder says what to do
        # enabled even with nothing selected: a box that looks greyed out looks broken
        self.note_speaker.setEnabled(self._session is not None and self._document.editable)

    def _show_no_speakers(self, *_args: object) -> None:
        self.no_speakers.setVisible(
            self._session is not None and not self.speakers_model.rowCount()
        )

    def _context_menu(self, point: QPoint) -> None:
        menu = self.note_menu()
        if menu is not None:
            menu.exec(self.notes_view.viewport().mapToGlobal(point))

    def note_menu(self) -> QMenu | None:
        """The selected notes' menu: who said them, their type, edit, delete."""
        notes = self.selected_notes()
        if not notes or not self._document.editable:
            return None
        menu = QMenu(self)
        said_by = menu.addMenu(tr("Said by"))
        current = notes[0].speaker_id if len(notes) == 1 else None
        for label, ident in speaker_choices(self._document, self._session, also=current):
            action = said_by.addAction(label)
            action.setCheckable(len(notes) == 1)
            action.setChecked(len(notes) == 1 and ident == current)
            action.triggered.connect(lambda _c=False, i=ident: self.set_speaker_of_selected(i))
        kinds = menu.addMenu(tr("Type"))
        for kind in NOTE_KINDS:
            action = kinds.addAction(note_kind_label(kind))
            action.triggered.connect(lambda _c=False, k=kind: self.set_kind_of_selected(k))
        menu.addSeparator()
        edit = menu.addAction(tr("Edit"))
        edit.triggered.connect(lambda: self.notes_view.edit(self.notes_view.currentIndex()))
        menu.addAction(tr("Delete")).triggered.connect(self.delete_selected_notes)
        return menu

    def set_kind_of_selected(self, kind: str) -> bool:
        notes = [n for n in self.selected_notes() if n.kind != kind]
        steps = [update(n, label="Change note type", kind=kind) for n in notes]
        if not steps:
            return False
        return self._push(steps[0] if len(steps) == 1 else batch(steps, label="Change note type"))

    def _reveal(self, note_id: str) -> None:
        row = self.notes_model.row_of(note_id)
        if row >= 0:
            QTimer.singleShot(
                0, self, lambda: self.notes_view.scrollTo(self.notes_model.index(row))
            )

    def _update_count(self, *_args: object) -> None:
        notes = [self.notes_model.note_at(r) for r in range(self.notes_model.rowCount())]
        quotes = sum(1 for n in notes if n.kind == "quote")
        total = tr_count(len(notes), "1 note", "{n} notes")
        said = tr_count(quotes, "1 quote", "{n} quotes")
        self.count.setText(f"{total} · {said}")
        self._relayout.start()
