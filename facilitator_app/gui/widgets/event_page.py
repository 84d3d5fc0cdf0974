"""The event page: a form for the event's title, dates, place, organisers, language and description.

Every field saves itself: when typing pauses or within a second (`SaveTimer`), at once when
it loses focus and when the document flushes or closes, it pushes
`update(event, typing=True, label="Edit event", field=value)`; consecutive pushes of one
field merge into one undo step on the document's stack. When the document changes the event
(undo, redo, an import), the form reloads: a field is only written when its value differs, the
field still waiting to save keeps what is being typed, and nothing is pushed back while loading.
Under the form, the event's key figures (`document.counts()`) in a row of tiles.

The form is one readable column (at most ~110 average characters of field), centred with a
margin on a wide window and scrolled on a small one; long fields (subtitle, organisers)
wrap instead of being cut mid-word, and the description box is as tall as its text, from
4 to 14 lines (`FittedTextEdit`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, QEvent, QLocale, QObject, Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.core.commands import ChangeSet, update
from facilitator_app.core.model import Event
from facilitator_app.gui.document import EventDocument
from facilitator_app.gui.save_timer import SaveTimer
from facilitator_app.gui.widgets.fitted_text import FittedTextEdit
from facilitator_app.gui.widgets.text_limit import limit_length
from facilitator_app.i18n import LANGUAGES, N_, current_language, tr

__all__ = ["EventPage"]

_NO_DATE = QDate(2000, 1, 1)  # the minimum of the date boxes, shown as « not set »
_LANGUAGE_NAMES = {"fr": "Français", "en": "English"}
_COUNTED = (
    ("sessions", N_("Sessions")),
    ("participants", N_("Participants")),
    ("organisations", N_("Organisations")),
    ("notes", N_("Notes")),
)


class _Field(QObject):
    """One form field bound to one event field: reads and writes the widget, debounces saving."""

    edited = Signal(str)  # the field name, when the person changed the value

    def __init__(
        self,
        name: str,
        widget: QWidget,
        *,
        get: Callable[[], Any],
        put: Callable[[Any], None],
        signal: Any,
        parent: QObject,
        debounce: bool = True,
    ) -> None:
        super().__init__(parent)
        self.name = name
        self.widget = widget
        self.get = get
        self.put = put
        self.loading = False
        self.timer = SaveTimer(lambda: self.edited.emit(self.name), self)
        self.debounce = debounce
        signal.connect(self._on_widget_changed)
        widget.installEventFilter(self)

    @property
    def pending(self) -> bool:
        return self.timer.pending

    def _on_widget_changed(self, *_args: object) -> None:
        if self.loading:
            return
        if self.debounce:
            self.timer.touch()
        else:
            self.edited.emit(self.name)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self.timer.flush()
        return False

    def load(self, value: Any) -> None:
        """Show `value` unless it is already shown; never counts as an edit."""
        if self.get() == value:
            return
        self.loading = True
        try:
            self.put(value)
        finally:
            self.loading = False


class EventPage(QWidget):
    """The form for the event record, and its key figures."""

    def __init__(self, document: EventDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._fields: dict[str, _Field] = {}
        self._setup_ui()
        self._load()
        self._update_counts()
        document.changed.connect(self._on_changed)
        document.flushing.connect(self.flush)
        document.editable_changed.connect(self._show_editable)

    # -- building -------------------------------------------------------------------------

    def _setup_ui(self) -> None:
        heading = QLabel(tr("Event"), self)
        heading.setObjectName("pageHeading")
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        heading.setFont(font)

        self.title_edit = self._line_edit("title", tr("Name of the event"))
        self.subtitle_edit = self._wrapping_edit("subtitle", tr("A line under the title"))
        self.place_edit = self._line_edit("place", tr("Venue and town"))
        self.organisers_edit = self._wrapping_edit("organisers", tr("Who invites"))
        self.start_date_edit = self._date_edit("start_date")
        self.end_date_edit = self._date_edit("end_date")
        self.language_combo = QComboBox(self)
        self.language_combo.setObjectName("language")
        for code in LANGUAGES:
            self.language_combo.addItem(tr(_LANGUAGE_NAMES.get(code, code)), code)
        self._bind(
            "language",
            self.language_combo,
            get=lambda: self.language_combo.currentData() or "",
            put=self._put_language,
            signal=self.language_combo.activated,
            debounce=False,
        )
        self.description_edit = FittedTextEdit(self, min_lines=4, max_lines=14)
        limit_length(self.description_edit)
        self.description_edit.setObjectName("description")
        self.description_edit.setPlaceholderText(
            tr("What the event is about, for the event booklet and the synthesis")
        )
        self._bind(
            "description",
            self.description_edit,
            get=self.description_edit.toPlainText,
            put=lambda text: _set_plain_text(self.description_edit, text),
            signal=self.description_edit.textChanged,
        )
        self.date_warning = QLabel(tr("The end date is before the start date."), self)
        self.date_warning.setObjectName("dateWarning")
        self.date_warning.setStyleSheet("color: #b71c1c;")
        self.date_warning.hide()

        compact = self.fontMetrics().averageCharWidth() * 32
        for widget in (self.start_date_edit, self.end_date_edit, self.language_combo):
            widget.setMinimumWidth(compact)
            widget.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setVerticalSpacing(10)
        rows: tuple[tuple[str, QWidget], ...] = (
            (tr("Title"), self.title_edit),
            (tr("Subtitle"), self.subtitle_edit),
            (tr("Place"), self.place_edit),
            (tr("Organisers"), self.organisers_edit),
            (tr("Start date"), self.start_date_edit),
            (tr("End date"), self.end_date_edit),
            ("", self.date_warning),
            (tr("Language"), self.language_combo),
            (tr("Description"), self.description_edit),
        )
        for caption, field in rows:
            if not caption:
                form.addRow("", field)
                continue
            label = QLabel(caption)  # its own width: a label is never cut
            label.setBuddy(field)
            label.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Preferred)
            field.setAccessibleName(caption)
            form.addRow(label, field)

        self.counts_frame = QWidget(self)
        self.counts_frame.setObjectName("keyFigures")
        row = QHBoxLayout(self.counts_frame)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(12)
        self._count_labels: dict[str, QLabel] = {}
        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * 1.8)
        big.setBold(True)
        for key, caption in _COUNTED:
            tile = QFrame(self.counts_frame)  # one figure a tile, as on a dashboard
            tile.setObjectName(f"figure_{key}")
            tile.setFrameShape(QFrame.Shape.StyledPanel)
            tile.setBackgroundRole(QPalette.ColorRole.Base)
            tile.setAutoFillBackground(True)
            number = QLabel("0", tile)
            number.setObjectName(f"count_{key}")
            number.setFont(big)
            number.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            label = QLabel(tr(caption), tile)
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            inside = QVBoxLayout(tile)
            inside.setSpacing(2)
            inside.addWidget(number)
            inside.addWidget(label)
            row.addWidget(tile, 1)
            self._count_labels[key] = number

        column_box = QVBoxLayout()
        column_box.setContentsMargins(24, 16, 24, 24)
        column_box.addWidget(heading)
        column_box.addSpacing(4)
        column_box.addLayout(form)
        column_box.addSpacing(16)
        column_box.addWidget(self.counts_frame)
        column_box.addStretch(1)
        self.form_column = QWidget()
        self.form_column.setObjectName("eventForm")
        self.form_column.setLayout(column_box)
        # a readable measure: about 110 average characters of field beside the labels
        self.form_column.setMaximumWidth(self.fontMetrics().averageCharWidth() * 150 + 48)
        body = QWidget()
        centred = QHBoxLayout(body)  # the column, centred on a wide window
        centred.setContentsMargins(0, 0, 0, 0)
        centred.addStretch(0)
        centred.addWidget(self.form_column, 1)
        centred.addStretch(0)
        scroll = QScrollArea(self)  # a small screen scrolls the form, nothing is squeezed
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def _line_edit(self, name: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        if placeholder:
            edit.setPlaceholderText(placeholder)
        self._bind(
            name,
            edit,
            get=edit.text,
            put=lambda text: _set_line_text(edit, text),
            signal=edit.textChanged,
        )
        return edit

    def _wrapping_edit(self, name: str, placeholder: str) -> FittedTextEdit:
        """A one-paragraph field that wraps (1 to 3 lines) rather than cut a long text."""
        edit = FittedTextEdit(self, min_lines=1, max_lines=3, single_line=True)
        limit_length(edit)
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        self._bind(
            name,
            edit,
            get=edit.text,
            put=lambda text: _set_plain_text(edit, text),
            signal=edit.textChanged,
        )
        return edit

    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        locale = QLocale(
            QLocale.Language.French if current_language() == "fr" else QLocale.Language.English
        )
        edit.setLocale(locale)
        edit.calendarWidget().setLocale(locale)
        edit.setDisplayFormat("ddd d MMMM yyyy")
        edit.setMinimumDate(_NO_DATE)
        edit.setSpecialValueText(tr("Not set"))
        edit.setDate(_NO_DATE)
        self._bind(
            name,
            edit,
            get=lambda: _iso(edit.date()),
            put=lambda iso: edit.setDate(_qdate(iso)),
            signal=edit.dateChanged,
        )
        edit.dateChanged.connect(self._check_dates)
        edit.calendarWidget().installEventFilter(self)
        return edit

    def _bind(self, name: str, widget: QWidget, **kwargs: Any) -> None:
        field = _Field(name, widget, parent=self, **kwargs)
        field.edited.connect(self._save)
        self._fields[name] = field

    def _put_language(self, code: str) -> None:
        row = self.language_combo.findData(code)
        if row < 0 and code:
            self.language_combo.addItem(code, code)
            row = self.language_combo.count() - 1
        self.language_combo.setCurrentIndex(max(row, 0))

    # -- saving and loading ---------------------------------------------------------------

    def flush(self) -> None:
        """Save every field still waiting for its debounce (the document flushes or closes)."""
        for field in self._fields.values():
            field.timer.flush()

    def _save(self, name: str) -> None:
        if not self._document.editable:
            return
        value = self._fields[name].get()
        event = self._document.read.event_record()
        if getattr(event, name) == value:
            return
        self._document.push(update(event, typing=True, label="Edit event", **{name: value}))

    def _on_changed(self, changes: ChangeSet) -> None:
        if changes.touches(Event.KIND):
            self._load()
        if changes.touches("session", "participant", "organisation", "note"):
            self._update_counts()

    def _load(self) -> None:
        event = self._document.read.event_record()
        for name, field in self._fields.items():
            if field.pending:
                continue  # keystrokes waiting to be saved win; they are pushed in a moment
            field.load(getattr(event, name))
        self._show_editable(self._document.editable)
        self._check_dates()

    def _show_editable(self, editable: bool) -> None:
        for field in self._fields.values():
            _set_read_only(field.widget, not editable)

    def _check_dates(self) -> None:
        start, end = self.start_date_edit.date(), self.end_date_edit.date()
        self.date_warning.setVisible(min(start, end) > _NO_DATE and end < start)

    def _update_counts(self) -> None:
        counts = self._document.counts()
        for key, label in self._count_labels.items():
            label.setText(QLocale().toString(int(counts.get(key, 0))))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # A date not set would open the calendar in January 2000: open it near the event.
        if event.type() == QEvent.Type.Show:
            for edit in (self.start_date_edit, self.end_date_edit):
                calendar = edit.calendarWidget()
                if watched is calendar and edit.date() == _NO_DATE:
                    start = self.start_date_edit.date()
                    near = start if start > _NO_DATE else QDate.currentDate()
                    calendar.setCurrentPage(near.year(), near.month())
        return super().eventFilter(watched, event)

    # -- for the window -------------------------------------------------------------------

    def focus_title(self) -> None:
        """Put the cursor in the title, its text selected."""
        self.title_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.title_edit.selectAll()


def _iso(date: QDate) -> str:
    return "" if date <= _NO_DATE else date.toString(Qt.DateFormat.ISODate)


def _qdate(iso: str) -> QDate:
    date = QDate.fromString(iso or "", Qt.DateFormat.ISODate)
    return date if date.isValid() and date > _NO_DATE else _NO_DATE


def _set_line_text(edit: QLineEdit, text: str) -> None:
    position = edit.cursorPosition()
    edit.setText(text)
    # In the field being typed in the cursor stays put; elsewhere the text shows from its start.
    edit.setCursorPosition(min(position, len(text)) if edit.hasFocus() else 0)


def _set_plain_text(edit: QPlainTextEdit, text: str) -> None:
    position = edit.textCursor().position()
    edit.setPlainText(text)
    if edit.hasFocus():
        cursor = edit.textCursor()
        cursor.setPosition(min(position, edit.document().characterCount() - 1))
        edit.setTextCursor(cursor)


def _set_read_only(widget: QWidget, read_only: bool) -> None:
    if isinstance(widget, QLineEdit | QPlainTextEdit | QDateEdit):
        widget.setReadOnly(read_only)
    else:
        widget.setEnabled(not read_only)
