"""Ctrl+F: every note found whatever its accents, grouped by session, Enter goes to it."""

from __future__ import annotations

from gui_keys import press_enter, type_text
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication
from sessions import session_titled

from facilitator_app.core.commands import add_note, edit_note_text
from facilitator_app.core.model import Note, Session
from facilitator_app.gui.actions import Act
from facilitator_app.gui.main_window import MainWindow
from facilitator_app.gui.models.search import NOTE_ID_ROLE, SearchResultsModel


def add(document, session: Session, text: str) -> Note:
    command = add_note(
        session_id=session.id,
        text=text,
        position=document.next_position(Note, session_id=session.id),
        created_at=document.now(),
    )
    assert document.push(command)
    return command.record


def test_results_are_grouped_by_session_in_programme_order(qtmodeltester, document):
    opening = session_titled(document, "Ouverture")
    round_table = session_titled(document, "Table ronde")
    add(document, round_table, "Le CŒUR du sujet")
    add(document, opening, "Un cœur d’équipe")
    model = SearchResultsModel(document)
    assert model.search("coeur") == 3
    qtmodeltester.check(model)
    groups = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert groups == ["Ouverture (1)", "World café « fonctions » (1)", "Table ronde (1)"]
    cafe_hit = model.index(0, 0, model.index(1, 0))
    assert cafe_hit.data() == "Être présent au cœur du réseau"
    assert model.search("   ") == 0 and model.rowCount() == 0


def test_a_hit_deep_in_a_long_note_shows_where_the_word_is(document):
    opening = session_titled(document, "Ouverture")
    long_text = "Un tiers-lieu rural porté par une coopérative. " * 6 + "Le CŒUR du village."
    add(document, opening, long_text)
    model = SearchResultsModel(document)
    assert model.search("coeur village") == 1
    shown = model.index(0, 0, model.index(0, 0)).data()
    assert shown.startswith("…") and "CŒUR du village." in shown and len(shown) < 100


def test_ctrl_f_type_enter_goes_to_the_note(qtbot, document, settings):
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    window.show()
    window.sidebar.select_session(session_titled(document, "Ouverture").id)
    window.actions_[Act.FIND].trigger()
    panel = window._search.widget()

    type_text(panel.box, "COEUR reseau")
    panel.run()
    assert panel.model.rowCount() == 1
    assert "1 note" in panel.summary.text()
    press_enter(panel.box)

    cafe = session_titled(document, "World café « fonctions »")
    view = window.session_view
    assert view.session.id == cafe.id
    assert view.current_page() == "notes"
    selected = view.model.note_at(view.table.currentIndex().row())
    assert selected.text == "Être présent au cœur du réseau"
    window.close_for_good()


def test_results_follow_edits(qtbot, document, settings):
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    window.show()
    window.find()
    panel = window._search.widget()
    type_text(panel.box, "oeuvre")
    panel.run()
    assert panel.model.rowCount() == 0
    assert "No note" in panel.summary.text()

    opening = session_titled(document, "Ouverture")
    note = add(document, opening, "L’Œuvre commune")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    hit = panel.model.index(0, 0, panel.model.index(0, 0))
    assert hit.data(NOTE_ID_ROLE) == note.id

    document.push(edit_note_text(note, "Un autre mot"))
    qtbot.waitUntil(lambda: panel.model.rowCount() == 0)
    document.undo_stack.undo()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)

    panel.results.setFocus()
    qtbot.keyClick(panel.results, Qt.Key.Key_Escape)
    assert not window._search.isVisible()
    window.close_for_good()


def test_many_hits_come_a_page_first_then_the_rest_at_the_end_of_the_list(qtmodeltester, document):
    opening = session_titled(document, "Ouverture")
    round_table = session_titled(document, "Table ronde")
    for n in range(SearchResultsModel.PAGE):
        add(document, opening, f"Idée {n} sur la mobilité")
    for n in range(10):
        add(document, round_table, f"Mobilité douce, point {n}")
    model = SearchResultsModel(document)
    assert model.search("mobilite") == SearchResultsModel.PAGE
    assert model.has_more() and model.truncated
    assert [model.index(row, 0).data() for row in range(model.rowCount())] == [
        f"Ouverture ({SearchResultsModel.PAGE})"
    ]
    grown: list[int] = []
    model.grown.connect(grown.append)
    model.load_rest()
    assert grown == [SearchResultsModel.PAGE + 10] and not model.truncated
    qtmodeltester.check(model)
    titles = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert titles == [f"Ouverture ({SearchResultsModel.PAGE})", "Table ronde (10)"]
    last = model.index(9, 0, model.index(1, 0))
    assert last.data() == "Mobilité douce, point 9"
    note = model.note_at(last)
    assert note is not None and note.text == "Mobilité douce, point 9"
    assert last.data(NOTE_ID_ROLE) == note.id
    assert model.session_id_at(last) == model.session_id_at(model.index(1, 0)) == round_table.id
    assert model.note_at(model.index(1, 0)) is None  # a session's row


def test_a_note_shows_its_whole_text_as_a_tooltip_and_is_never_edited_in_place(
    qtbot, document, settings
):
    opening = session_titled(document, "Ouverture")
    long_text = "Un tiers-lieu rural porté par une coopérative. " * 6 + "Le CŒUR du village."
    add(document, opening, long_text)
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    window.show()
    window.find()
    panel = window._search.widget()
    type_text(panel.box, "village")
    panel.run()
    hit = panel.model.first_note()
    assert panel.model.tooltip(hit) == long_text
    assert panel.model.tooltip(hit.parent()) is None
    chosen: list[tuple[str, str]] = []
    panel.note_chosen.connect(lambda session_id, note_id: chosen.append((session_id, note_id)))
    view = panel.results
    point = view.visualRect(hit).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert view.state() != view.State.EditingState
    assert chosen == [(opening.id, hit.data(NOTE_ID_ROLE))]
    window.close_for_good()


class _Paints(QObject):
    """Counts the paint events a widget receives."""

    def __init__(self, widget) -> None:
        super().__init__()
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def test_each_query_paints_the_list_once(qtbot, document, settings):
    opening = session_titled(document, "Ouverture")
    for number in range(80):  # more hits than the list shows
        add(document, opening, f"Au marché numéro {number}")
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.find()
    panel = window._search.widget()
    bar = panel.results.verticalScrollBar()
    paints = _Paints(panel.results.viewport())
    queries = (("coeur", False), ("marche", True), ("coeur", False), ("marche", True))
    for number, (query, overflows) in enumerate(queries):
        panel.box.setText(query)
        QApplication.processEvents()
        paints.count = 0
        panel.run()
        for _ in range(5):
            QApplication.processEvents()
        assert bar.isEnabled() is overflows  # its handle only when there is more to see
        if number:  # the first query also made the list's column
            # the scroll bar coming or going, or the summary taking a second line, resized
            # the list, which was painted a second time for the query
            assert paints.count == 1, query
    window.close_for_good()


def test_a_list_that_shows_every_hit_it_holds_reads_on_a_page_at_a_time(qtbot, document, settings):
    opening = session_titled(document, "Ouverture")
    hits = 6 * SearchResultsModel.PAGE  # one session: a row per hit and one for the session
    for number in range(hits):
        add(document, opening, f"Au marché numéro {number}")
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    window.resize(1280, 2000)  # a tall screen: the first page and its session fit
    window.show()
    qtbot.waitExposed(window)
    window.find()
    panel = window._search.widget()
    panel.box.setText("marche")
    panel.run()
    # with no scroll bar the list's end could never be reached: it reads on, a page at a
    # time, until it overflows (reading every hit up to the limit took 25 ms at 100×)
    bar = panel.results.verticalScrollBar()
    found = panel.model.found()
    assert bar.maximum() > 0 and panel.model.has_more()
    assert SearchResultsModel.PAGE < found < hits and found % SearchResultsModel.PAGE == 0
    window.resize(1280, 500)  # a short list first, that the window then makes tall
    panel.run()
    assert panel.model.found() == SearchResultsModel.PAGE and panel.model.has_more()
    window.resize(1280, 2000)
    qtbot.waitUntil(lambda: panel.model.found() == found)
    assert bar.maximum() > 0
    window.close_for_good()
