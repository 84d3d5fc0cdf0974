"""Issue 15, defects 11–15, as a facilitator checks them: the votes page's hint and branch
headings, the import preview's columns and size, the event form's proportions, the café
clock's face, the round table's speaker boxes."""

from __future__ import annotations

from datetime import datetime

import pytest
from gui_keys import press_enter
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from facilitator_app.core.commands import add, add_note, update
from facilitator_app.core.model import Participant, Round, Session
from facilitator_app.gui.dialogs.import_dialog import ImportDialog
from facilitator_app.gui.models.votes import VotesColumn
from facilitator_app.gui.widgets.cafe_clock import CafeClock
from facilitator_app.gui.widgets.event_page import EventPage
from facilitator_app.gui.widgets.round_table import RoundTablePanel
from facilitator_app.gui.widgets.votes import VotesPanel


def push_note(document, session, text, position, **fields):
    command = add_note(
        session_id=session.id, text=text, position=position, created_at=document.now(), **fields
    )
    document.push(command)
    return command.record


def press(widget, key: Qt.Key, text: str = "") -> None:
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text))


# -- 11. votes ------------------------------------------------------------------------------


@pytest.fixture
def tree(document):
    """Two branches (Amorcer, Maintenir), each with ideas under it."""
    session = Session(title="Arbre à idées", kind="idea_tree", day="2026-06-11")
    document.push(add(session))
    start = push_note(document, session, "Amorcer", 0)
    push_note(document, session, "Un café d’accueil", 0, parent_id=start.id, votes=2)
    keep = push_note(document, session, "Maintenir", 1)
    push_note(document, session, "Des repas partagés", 0, parent_id=keep.id, votes=3)
    return session


def test_votes_hint_is_a_sentence_and_headings_take_no_votes(qtbot, document, tree):
    panel = VotesPanel(document)
    qtbot.addWidget(panel)
    panel.show()
    panel.set_session(tree.id)
    hint = panel.hint.text()
    assert "press Enter" in hint and "7 Enter" not in hint
    model = panel.model
    texts = [model.index(r, VotesColumn.TEXT).data() for r in range(model.rowCount())]
    assert texts == ["Amorcer", "Un café d’accueil", "Maintenir", "Des repas partagés"]
    heading = model.index(0, VotesColumn.VOTES)
    assert heading.data() is None  # no « 0 » beside a heading
    assert not model.flags(heading) & Qt.ItemFlag.ItemIsEditable
    assert panel.table.columnSpan(0, VotesColumn.TEXT) > 1  # a group title across the row
    assert panel.total.text() == "Total: 5 votes on 2 notes"
    # the cursor starts on the first idea; Enter after it skips the « Maintenir » heading
    assert panel.table.currentIndex().row() == 1
    press(panel.table, Qt.Key.Key_7, "7")
    press_enter(panel.table.indexWidget(panel.table.currentIndex()) or panel.table)
    assert panel.table.currentIndex().row() == 3
    assert model.index(1, VotesColumn.VOTES).data() == "7"


def test_votes_with_nothing_to_vote_on_say_what_to_do(qtbot, document):
    session = Session(title="Arbre vide", kind="idea_tree", day="2026-06-11")
    document.push(add(session))
    panel = VotesPanel(document)
    qtbot.addWidget(panel)
    panel.show()
    panel.set_session(session.id)
    assert panel.empty.isVisible() and "Tree tab" in panel.empty.text()
    assert not panel.table.isVisible()


# -- 12. import preview -----------------------------------------------------------------------


def test_import_preview_shows_whole_names_and_takes_the_room(qtbot, document, tmp_path):
    names = ["Hélène Lefèvre-Beaumarchais", "Jean-Baptiste Ôtsuka de la Tour"]
    rows = "".join(f"{n};Coopérative d'activités et d'emploi;Chargée de mission\n" for n in names)
    path = tmp_path / "inscrits.csv"
    path.write_text("Nom;Organisation;Rôle\n" + rows, encoding="utf-8")
    dialog = ImportDialog(document)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.load(path)
    qtbot.waitUntil(lambda: dialog.plan is not None)
    view = dialog.view
    metrics = view.fontMetrics()
    name_column = next(
        c
        for c in range(view.model().columnCount())
        if view.model().headerData(c, Qt.Orientation.Horizontal) == "Name"
    )
    widest = max(metrics.horizontalAdvance(n) for n in names)
    assert view.columnWidth(name_column) >= widest + 6  # the name is not cut
    # sized from the screen (never past it), the preview gets the most of it
    screen = dialog.screen().availableGeometry()
    assert dialog.width() <= screen.width() and dialog.height() <= screen.height()
    preview, mapping = view.parentWidget(), dialog.combos[0].parentWidget()
    assert preview.width() > mapping.width()


# -- 13. event page ---------------------------------------------------------------------------


def test_event_form_uses_its_width_and_shows_long_fields_whole(qtbot, document):
    long = (
        "Deux journées de travail et de festivités : ingénierie des coopérations "
        "territoriales, puis collectivités et coopérations, avec les réseaux régionaux"
    )
    document.push(update(document.read.event_record(), subtitle=long, description="Deux jours."))
    page = EventPage(document)
    qtbot.addWidget(page)
    page.resize(966, 690)  # the page's room in a 1366×768 window
    page.show()
    qtbot.waitExposed(page)
    # the form fills the page but a margin: no 150 px dead band on either side
    left = page.form_column.mapTo(page, page.form_column.rect().topLeft()).x()
    assert left < 60 and page.form_column.width() > 966 - 120
    # the long subtitle wraps instead of being cut mid-word
    edit = page.subtitle_edit
    assert edit.text() == long and edit.lines_shown() >= 2
    qtbot.waitUntil(lambda: edit.verticalScrollBar().maximum() == 0)  # all of it in view
    # a two-word description does not get a 450 px box
    assert page.description_edit.height() < 200
    # every label is shown whole
    for label in page.findChildren(type(page.date_warning)):
        if label.buddy() is not None:
            assert label.width() >= label.fontMetrics().horizontalAdvance(label.text())


# -- 14. café clock ---------------------------------------------------------------------------


def test_clock_says_when_the_round_ends_and_how_far_the_rounds_are(qtbot, document, event_path):
    cafe = next(s for s in document.read.all_sessions() if s.kind.value == "world_cafe")
    document.push(add(Round(session_id=cafe.id, number=2, minutes=20)))
    seconds = [1000.0]
    clock = CafeClock(document, now=lambda: seconds[0], wall=lambda: datetime(2026, 6, 11, 14, 0))
    qtbot.addWidget(clock)
    clock.resize(966, 600)
    clock.show()
    clock.set_session(cafe.id)
    clock.toggle()
    seconds[0] += 5 * 60
    clock.refresh()
    # 25 min round, 5 gone: ends at 14:20; the café's next round of 20 min: 14:40
    assert "Round ends at 14:20" in clock.end_label.text()
    assert "café at 14:40" in clock.end_label.text()
    assert "11:30" in clock.end_label.text()  # the programme's end, for comparison
    assert clock.rounds_bar.isVisible() and clock.rounds_bar.done_share() == pytest.approx(0.2)
    assert "Round 1 of 2" in clock.rounds_bar.accessibleName()
    # the buttons are big, centred under the countdown, and named
    centre = clock.countdown.geometry().center().x()
    row = clock.start_button.geometry().united(clock.projector_button.geometry())
    assert abs(row.center().x() - centre) < 40
    assert clock.start_button.height() >= 2 * clock.fontMetrics().height()
    assert clock.start_button.accessibleName() == "Pause"


# -- 15. round table --------------------------------------------------------------------------


def test_round_table_hints_count_the_real_speakers_and_zero_clears(qtbot, document):
    people = [Participant(name=n) for n in ("Ana", "Basile", "Chloé")]
    for person in people:
        document.push(add(person))
    moderator = Participant(name="Dominique")
    document.push(add(moderator))
    session = Session(
        title="Table ronde",
        kind="round_table",
        day="2026-06-12",
        speaker_ids=tuple(p.id for p in people),
        moderator_id=moderator.id,
    )
    document.push(add(session))
    panel = RoundTablePanel(document)
    qtbot.addWidget(panel)
    panel.show()
    panel.set_session(session.id)
    capture = panel.capture
    # three speakers and a moderator: « 1 to 3 », the moderator 4, never « 1 to 4 » speakers
    assert "1 to 3 for a speaker or 4 for the moderator" in capture.text.placeholderText()
    assert capture.speaker.currentText() == "Nobody: press 1 to 3 to pick a speaker"
    # « Said by » with nothing selected looks like a box to fill, not a greyed one
    assert panel.note_speaker.isEnabled()
    assert panel.note_speaker.currentIndex() == -1 and panel.note_speaker.placeholderText()
    press(capture.text, Qt.Key.Key_2, "2")
    assert capture.speaker_id() == people[1].id
    press(capture.text, Qt.Key.Key_0, "0")
    assert capture.speaker_id() is None
    press(capture.text, Qt.Key.Key_1, "1")
    press(capture.text, Qt.Key.Key_Escape)
    assert capture.speaker_id() is None


def test_round_table_without_speakers_says_how_to_add_one(qtbot, document):
    session = Session(title="Table ronde vide", kind="round_table", day="2026-06-12")
    document.push(add(session))
    panel = RoundTablePanel(document)
    qtbot.addWidget(panel)
    panel.show()
    panel.set_session(session.id)
    assert panel.no_speakers.isVisible()
    assert capture_nobody(panel) == "Nobody: add speakers on the left"


def capture_nobody(panel) -> str:
    return panel.capture.speaker.itemText(panel.capture.speaker.count() - 1)
