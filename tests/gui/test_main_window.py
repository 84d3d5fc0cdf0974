"""The main window driven as a person would: pick a session, type French, Enter, undo, redo."""

from __future__ import annotations

import subprocess
import sys

from gui_keys import press_enter, type_text
from sessions import session_titled

from facilitator_app.core.model import Note, Session
from facilitator_app.gui.main_window import MainWindow
from facilitator_app.gui.models.notes import NotesModel
from facilitator_app.gui.models.programme import ProgrammeModel
from facilitator_app.store import open_event

FRENCH = "Être présent au cœur du réseau : « l’œuvre commune » coûte 400 000 €"


def notes_in_file(path, session_id: str) -> list[str]:
    with open_event(path, readonly=True) as store:
        return [n.text for n in store.session_notes(session_id)]


def test_typed_french_note_is_in_the_file_and_undo_redo_follow(
    qtbot, document, settings, event_path
):
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    window.show()
    cafe = session_titled(document, "World café « fonctions »")
    window.sidebar.select_session(cafe.id)
    assert window.session_view.session.id == cafe.id

    box = window.session_view.capture.text
    type_text(box, FRENCH)
    assert box.text() == FRENCH
    press_enter(box)

    assert box.text() == ""  # ready for the next note
    assert FRENCH in notes_in_file(event_path, cafe.id)
    assert window.session_view.model.rowCount() == 2
    assert "Saved at" in window.saved_label.text()

    document.undo_stack.undo()
    assert FRENCH not in notes_in_file(event_path, cafe.id)
    assert window.session_view.model.rowCount() == 1
    document.undo_stack.redo()
    assert FRENCH in notes_in_file(event_path, cafe.id)
    window.close_for_good()


def test_note_type_and_author_are_kept(qtbot, document, settings, event_path):
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    opening = session_titled(document, "Ouverture")
    window.sidebar.select_session(opening.id)
    capture = window.session_view.capture
    capture.set_kind("quote")
    capture.author.setEditText("Rémy Jacquot")
    capture.text.setText("Être honnête fait gagner du temps")
    capture.commit()
    with open_event(event_path, readonly=True) as store:
        note = store.session_notes(opening.id)[-1]
    assert (note.text, note.kind, note.author) == (
        "Être honnête fait gagner du temps",
        "quote",
        "Rémy Jacquot",
    )
    speaker = next(p for p in document.read.all_participants() if p.name == "Rémy Jacquot")
    assert note.speaker_id == speaker.id  # the quote is his, whatever his name becomes
    capture.author.setEditText("Une voix dans la salle")
    capture.text.setText("Et nous ?")
    capture.commit()
    with open_event(event_path, readonly=True) as store:
        note = store.session_notes(opening.id)[-1]
    assert (note.author, note.speaker_id) == ("Une voix dans la salle", None)
    window.close_for_good()


def test_deleting_a_note_with_the_key_is_undoable(qtbot, document, settings, event_path):
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    window.show()
    opening = session_titled(document, "Ouverture")
    window.sidebar.select_session(opening.id)
    table = window.session_view.table
    table.selectRow(0)
    window.session_view.delete_selected()
    assert notes_in_file(event_path, opening.id) == []
    document.undo_stack.undo()
    assert notes_in_file(event_path, opening.id) == ["Bienvenue au Solidarium !"]


def test_programme_edits_reach_the_file_and_undo(qtbot, document, settings, event_path):
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    model = window.sidebar.model
    opening = session_titled(document, "Ouverture")

    model.setData(model.index_of_session(opening.id), "Ouverture des Rencontres")
    with open_event(event_path, readonly=True) as store:
        assert store.get(Session, opening.id).title == "Ouverture des Rencontres"

    # move the opening after the world café, then to the second day
    assert model.move_session(opening.id, "2026-06-11", 1)
    assert [s.title for s in document.read.all_sessions() if s.day == "2026-06-11"] == [
        "World café « fonctions »",
        "Ouverture des Rencontres",
    ]
    assert model.move_session(opening.id, "2026-06-12", 0)
    assert [s.title for s in document.read.all_sessions() if s.day == "2026-06-12"] == [
        "Ouverture des Rencontres",
        "Table ronde",
    ]

    window.sidebar.select_session(opening.id)
    window.sidebar.delete_current()
    assert opening.id not in {s.id for s in document.read.all_sessions()}

    for _ in range(4):  # delete, move, move, rename
        document.undo_stack.undo()
    with open_event(event_path, readonly=True) as store:
        restored = store.get(Session, opening.id)
        first_day = [s.title for s in store.all_sessions() if s.day == "2026-06-11"]
    assert (restored.title, restored.deleted, restored.day) == ("Ouverture", False, "2026-06-11")
    assert first_day == ["Ouverture", "World café « fonctions »"]


def test_new_session_is_added_to_the_selected_day(qtbot, document, settings, event_path):
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    table_ronde = session_titled(document, "Table ronde")
    window.sidebar.select_session(table_ronde.id)
    window.actions_[next(a for a in window.actions_ if a.name == "ADD_SESSION")].trigger()
    day_two = [s for s in document.read.all_sessions() if s.day == "2026-06-12"]
    assert [s.title for s in day_two] == ["Table ronde", "New session"]
    assert window.session_view.session.id == day_two[-1].id
    document.undo_stack.undo()
    assert [s.title for s in document.read.all_sessions() if s.day == "2026-06-12"] == [
        "Table ronde"
    ]


def test_item_models_pass_the_model_tester(qtmodeltester, document):
    programme = ProgrammeModel(document)
    qtmodeltester.check(programme)
    notes = NotesModel(document)
    cafe = session_titled(document, "World café « fonctions »")
    notes.set_session(cafe.id)
    qtmodeltester.check(notes)
    assert notes.data(notes.index(0, 3)) == "Table 1 · Animation"
    assert notes.data(notes.index(0, 4)) == "Missions"


def test_editing_a_note_in_place_is_saved(qtbot, document, event_path):
    notes = NotesModel(document)
    opening = session_titled(document, "Ouverture")
    notes.set_session(opening.id)
    assert notes.setData(notes.index(0, 0), "Bienvenue à toutes et à tous !")
    with open_event(event_path, readonly=True) as store:
        assert store.session_notes(opening.id)[0].text == "Bienvenue à toutes et à tous !"
    document.undo_stack.undo()
    with open_event(event_path, readonly=True) as store:
        assert isinstance(store.session_notes(opening.id)[0], Note)
        assert store.session_notes(opening.id)[0].text == "Bienvenue au Solidarium !"


def test_startup_check_opens_the_window_and_reports(tmp_path, event_path):
    env = {
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "-m", "facilitator_app", "--startup-check", str(event_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("startup_ms=")
    assert int(result.stdout.strip().split("=")[1]) > 0
    assert "Traceback" not in result.stderr
    assert not (event_path.parent / (event_path.name + ".lock")).exists()


def test_notes_view_follows_edits_in_place_like_a_fresh_read(qtbot, document, settings):
    """The incremental updates of the notes model end where a full re-read would."""
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    cafe = session_titled(document, "World café « fonctions »")
    window.sidebar.select_session(cafe.id)
    view, capture = window.session_view, window.session_view.capture
    for text in ("Première idée", "Deuxième idée", "Troisième idée"):
        capture.text.setText(text)
        capture.commit()
    view.model.setData(view.model.index(2, 0), "Deuxième idée, reformulée")
    view.table.selectRow(1)
    view.delete_selected()
    document.undo_stack.undo()  # the delete
    document.undo_stack.undo()  # the edit
    document.undo_stack.redo()  # the edit again

    shown = [view.model.note_at(r).text for r in range(view.model.rowCount())]
    fresh = NotesModel(document)
    fresh.set_session(cafe.id)
    assert shown == [fresh.note_at(r).text for r in range(fresh.rowCount())]
    assert shown == [
        "Être présent au cœur du réseau",
        "Première idée",
        "Deuxième idée, reformulée",
        "Troisième idée",
    ]
    assert view.count.text() == "4 notes"


def edit_opening_note(qtbot, document, settings):
    """The main window with the opening's first note open in its in-place editor."""
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    window.show()
    opening = session_titled(document, "Ouverture")
    window.sidebar.select_session(opening.id)
    table = window.session_view.table
    table.edit(window.session_view.model.index(0, 0))
    return opening, table.focusWidget()


def test_correcting_a_note_in_place_is_saved_while_typing(qtbot, document, settings, event_path):
    """No Enter, no focus change: the correction is in the file within a second."""
    opening, editor = edit_opening_note(qtbot, document, settings)
    editor.selectAll()
    type_text(editor, "Bienvenue à l’Hermitage, « tiers-lieu » !")
    qtbot.waitUntil(
        lambda: (
            notes_in_file(event_path, opening.id) == ["Bienvenue à l’Hermitage, « tiers-lieu » !"]
        ),
        timeout=1000,
    )
    assert document.undo_stack.count() == 1  # the saves while typing are one undo step
    document.undo_stack.undo()
    assert notes_in_file(event_path, opening.id) == ["Bienvenue au Solidarium !"]


def test_saving_while_typing_keeps_the_cursor_where_it_is(qtbot, document, settings):
    _opening, editor = edit_opening_note(qtbot, document, settings)
    editor.setCursorPosition(len("Bienvenue"))
    type_text(editor, " à tous")
    qtbot.waitUntil(lambda: document.undo_stack.count() == 1, timeout=1000)
    assert editor.text() == "Bienvenue à tous au Solidarium !"
    assert editor.cursorPosition() == len("Bienvenue à tous")
