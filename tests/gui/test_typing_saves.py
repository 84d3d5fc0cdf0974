"""Every cell editor saves while the person types: no Enter, no focus change needed.

A laptop shut in the middle of a correction loses at most the last keystrokes (DESIGN §2.4:
every edit reaches the file within a second), and one editing run stays one undo step.
"""

from __future__ import annotations

from gui_keys import type_text

from facilitator_app.core.model import Organisation, Participant, Session
from facilitator_app.gui.main_window import MainWindow
from facilitator_app.gui.models.people import OrganisationsModel, ParticipantsModel
from facilitator_app.gui.widgets.people_page import OrganisationsPage, ParticipantsPage
from facilitator_app.store import open_event


def in_file(path, record_type, record_id):
    with open_event(path, readonly=True) as store:
        return store.get(record_type, record_id)


def open_editor(view, index):
    view.setFocus()
    view.setCurrentIndex(index)
    view.edit(index)
    editor = view.focusWidget()
    assert editor is not view, "no editor opened"
    return editor


def test_a_participant_name_is_saved_while_typed(qtbot, document, event_path):
    page = ParticipantsPage(document)
    qtbot.addWidget(page)
    page.show()
    elise = next(p for p in document.read.all_participants() if p.name == "Élise Œuvrard")
    row = page.model.row_of(elise.id)
    index = page.proxy.mapFromSource(page.model.index(row, ParticipantsModel.NAME))
    editor = open_editor(page.table, index)
    editor.end(False)
    type_text(editor, "-Lefèvre")
    qtbot.waitUntil(
        lambda: in_file(event_path, Participant, elise.id).name == "Élise Œuvrard-Lefèvre",
        timeout=1000,
    )
    assert document.undo_stack.count() == 1
    document.undo_stack.undo()
    assert in_file(event_path, Participant, elise.id).name == "Élise Œuvrard"


def test_an_organisation_presentation_is_saved_while_typed(qtbot, document, event_path):
    page = OrganisationsPage(document)
    qtbot.addWidget(page)
    page.show()
    treso = next(o for o in document.read.all_organisations() if o.name == "La Tréso")
    row = page.model.row_of(treso.id)
    index = page.proxy.mapFromSource(page.model.index(row, OrganisationsModel.PRESENTATION))
    editor = open_editor(page.table, index)
    type_text(editor, "Lieu de vies et de fabrication coopératif, à Malakoff.")
    qtbot.waitUntil(
        lambda: (
            in_file(event_path, Organisation, treso.id).presentation
            == "Lieu de vies et de fabrication coopératif, à Malakoff."
        ),
        timeout=1000,
    )


def test_a_session_rename_is_saved_while_typed(qtbot, document, settings, event_path):
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    window.show()
    opening = next(s for s in document.read.all_sessions() if s.title == "Ouverture")
    window.sidebar.select_session(opening.id)
    editor = open_editor(window.sidebar.tree, window.sidebar.model.index_of_session(opening.id))
    editor.end(False)
    type_text(editor, " des Rencontres")
    qtbot.waitUntil(
        lambda: in_file(event_path, Session, opening.id).title == "Ouverture des Rencontres",
        timeout=1000,
    )
    assert editor.text() == "Ouverture des Rencontres"  # the editor stays as typed
