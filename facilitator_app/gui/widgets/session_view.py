"""`SessionView`: one session of the programme: its heading, its notes and the capture box.

Capture is one keystroke away: type, Enter, and the note is in the file; the type and the
author are optional and stay as chosen for the next note. Alt+1…6 pick the note type without
leaving the box. Notes can be edited in place, deleted with the Delete key, all undoably.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.core.commands import ChangeSet, add_note, delete
from facilitator_app.core.model import NOTE_KINDS, Note, Session
from facilitator_app.core.vocabulary import note_kind_label, session_kind_label
from facilitator_app.gui.document import EventDocument
from facilitator_app.gui.models.notes import Column, NotesModel
from facilitator_app.gui.models.programme import KIND_COLOURS
from facilitator_app.gui.widgets.delegates import TypingDelegate
from facilitator_app.i18n import tr

__all__ = ["SessionView", "CaptureBar"]


class _KindDelegate(QStyledItemDelegate):
    """Edits a note's type with a list of the translated type names."""

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        combo = QComboBox(parent)
        for kind in NOTE_KINDS:
            combo.addItem(note_kind_label(kind), kind)
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(
        self, editor: QWidget, model: object, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)  # type: ignore[attr-defined]


class CaptureBar(QWidget):
    """Type, Enter: a note. Emits `captured(note_id)` after the note reached the file."""

    captured = Signal(str)

    def __init__(self, document: EventDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._session_id: str | None = None
        self.kind = QComboBox()
        for kind in NOTE_KINDS:
            self.kind.addItem(note_kind_label(kind), kind)
        self.kind.setToolTip(tr("Type of the note (Alt+1 to Alt+6)"))
        self.author = QComboBox()
        self.author.setEditable(True)
        self.author.setMinimumContentsLength(14)
        self.author.lineEdit().setPlaceholderText(tr("Author (optional)"))
        self.author.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.text = QLineEdit()
        self.text.setPlaceholderText(tr("Type a note and press Enter"))
        self.text.setClearButtonEnabled(True)
        self.text.returnPressed.connect(self.commit)
        self.add_button = QPushButton(tr("Add"))
        self.add_button.clicked.connect(self.commit)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.kind)
        layout.addWidget(self.author)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.add_button)
        for number, kind in enumerate(NOTE_KINDS, start=1):
            shortcut = QShortcut(QKeySequence(f"Alt+{number}"), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda k=kind: self.set_kind(k))
        self._load_people()
        document.changed.connect(self._on_changed)

    def _on_changed(self, changes: ChangeSet) -> None:
        if changes.touches("participant"):
            self._load_people()

    def _load_people(self) -> None:
        current = self.author.currentText()
        names = [p.name for p in self._document.participants()]
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
        self._session_id = session_id
        self.setEnabled(session_id is not None and not self._document.readonly)

    def set_kind(self, kind: str) -> None:
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))

    def commit(self) -> None:
        text = self.text.text().strip()
        if not text or self._session_id is None:
            return
        command = add_note(
            session_id=self._session_id,
            text=text,
            kind=self.kind.currentData(),
            author=self.author.currentText().strip(),
            position=self._document.next_position(Note, session_id=self._session_id),
            created_at=self._document.now(),
        )
        if self._document.push(command):
            self.text.clear()
            self.captured.emit(command.record.id)

    def focus(self) -> None:
        self.text.setFocus(Qt.FocusReason.ShortcutFocusReason)


class SessionView(QWidget):
    def __init__(self, document: EventDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._session: Session | None = None
        self.title = QLabel()
        self.title.setObjectName("sessionTitle")
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title.setFont(font)
        self.details = QLabel()
        self.details.setObjectName("sessionDetails")
        self.question = QLabel()
        self.question.setWordWrap(True)
        self.question.setObjectName("sessionQuestion")
        qfont = self.question.font()
        qfont.setItalic(True)
        qfont.setPointSizeF(qfont.pointSizeF() * 1.1)
        self.question.setFont(qfont)
        self.edit_button = QPushButton(tr("Properties…"))
        self.count = QLabel()

        self.model = NotesModel(document, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(Column.TEXT, TypingDelegate(self.table))
        self.table.setItemDelegateForColumn(Column.KIND, _KindDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        # Rows fit their wrapped text, but are measured only when they change: resizing every
        # row to its contents on each Enter made typing wait for the view in long sessions.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self._fit_rows = QTimer(self)
        self._fit_rows.setSingleShot(True)
        self._fit_rows.setInterval(150)
        self._fit_rows.timeout.connect(self.table.resizeRowsToContents)
        header = self.table.horizontalHeader()
        header.setResizeContentsPrecision(50)
        header.sectionResized.connect(
            lambda column, _old, _new: column == Column.TEXT and self._fit_rows.start()
        )
        header.setSectionResizeMode(Column.TEXT, QHeaderView.ResizeMode.Stretch)
        for column in (Column.KIND, Column.AUTHOR, Column.TABLE, Column.CATEGORY, Column.VOTES):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        delete_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        delete_shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_shortcut.activated.connect(self.delete_selected)

        self.capture = CaptureBar(document)
        self.capture.captured.connect(self._reveal)

        heading = QHBoxLayout()
        heading.addWidget(self.title, 1)
        heading.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addWidget(self.details)
        layout.addWidget(self.question)
        layout.addWidget(self.count)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.capture)
        document.changed.connect(self._on_changed)
        self.model.modelReset.connect(self._update_columns)
        self.model.modelReset.connect(self.table.resizeRowsToContents)
        self.model.rowsInserted.connect(self._rows_inserted)
        self.model.rowsRemoved.connect(self._update_columns)
        self.model.dataChanged.connect(
            lambda top, _bottom, _roles=(): self.table.resizeRowToContents(top.row())
        )

    @property
    def session(self) -> Session | None:
        return self._session

    def set_session(self, session_id: str | None) -> None:
        self._session = self._document.get(Session, session_id)
        self._show_heading()
        self.model.set_session(self._session.id if self._session else None)
        self.capture.set_session(self._session.id if self._session else None)

    def _on_changed(self, changes: ChangeSet) -> None:
        if self._session and self._session.id in changes.ids:
            self._session = self._document.get(Session, self._session.id)
            if self._session and self._session.deleted:
                self._session = None
            self._show_heading()

    def _show_heading(self) -> None:
        session = self._session
        self.edit_button.setEnabled(session is not None)
        if session is None:
            self.title.setText(tr("No session selected"))
            self.details.clear()
            self.question.clear()
            return
        self.title.setText(session.title or tr("(untitled)"))
        colour = KIND_COLOURS.get(session.kind, KIND_COLOURS["other"])
        when = "–".join(t for t in (session.start, session.end) if t)
        parts = [
            f'<span style="color:{colour}; font-weight:600">'
            f"{session_kind_label(session.kind)}</span>"
        ]
        parts += [t for t in (when, session.room) if t]
        self.details.setText(" · ".join(parts))
        self.question.setText(f"« {session.question} »" if session.question else "")
        self.question.setVisible(bool(session.question))

    def _update_columns(self) -> None:
        self.table.setColumnHidden(Column.TABLE, not self.model.has_tables())
        self.table.setColumnHidden(Column.CATEGORY, not self.model.has_categories())
        self.table.setColumnHidden(Column.VOTES, not self.model.has_votes())
        self.table.setColumnHidden(
            Column.AUTHOR,
            self.model.rowCount() > 0
            and not any(self.model.note_at(r).author for r in range(self.model.rowCount())),
        )
        n = self.model.rowCount()
        self.count.setText(tr("{n} notes", n=n) if n != 1 else tr("1 note"))

    def _rows_inserted(self, _parent: object, first: int, last: int) -> None:
        for row in range(first, last + 1):
            self.table.resizeRowToContents(row)
        self._update_columns()

    def _reveal(self, note_id: str) -> None:
        row = self.model.row_of(note_id)
        if row >= 0:
            QTimer.singleShot(0, lambda: self.table.scrollTo(self.model.index(row, 0)))

    def delete_selected(self) -> None:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        notes = [self.model.note_at(row) for row in rows]
        if notes:
            label = "Delete note" if len(notes) == 1 else "Delete notes"
            self._document.push(delete(notes, label=label))
