"""The programme's context menu, duplicating a session and creating one from a template."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from sessions import session_titled

from facilitator_app.core.kinds import SessionKind
from facilitator_app.core.model import Session
from facilitator_app.gui.actions import Act
from facilitator_app.gui.dialogs.session_dialog import SessionDialog
from facilitator_app.gui.main_window import MainWindow
from facilitator_app.gui.session_projector import SessionProjector


@pytest.fixture
def window(qtbot, document, settings):
    main = MainWindow(document, settings)
    qtbot.addWidget(main)
    yield main
    for projector in main.findChildren(SessionProjector):
        projector.window.close()


def session_menu(window, session: Session):
    index = window.sidebar.model.index_of_session(session.id)
    return window.gestures.menu_for(index)


def entries(menu) -> list[str]:
    return [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]


def triggered(menu, text: str) -> None:
    action = next(a for a in menu.actions() if a.text().replace("&", "") == text)
    assert action.isEnabled(), text
    action.trigger()


def test_a_sessions_menu_has_the_everyday_actions(window, document):
    menu = session_menu(window, session_titled(document, "Table ronde"))
    assert entries(menu) == [
        "Open",
        "Rename session",
        "Session properties…",
        "Duplicate session",
        "Delete session",
        "Project this session",
    ]


def test_open_shows_the_session_right_clicked(window, document):
    ronde = session_titled(document, "Table ronde")
    window.sidebar.select_session(session_titled(document, "Ouverture").id)
    triggered(session_menu(window, ronde), "Open")
    assert window.session_view.session.id == ronde.id


def test_duplicate_from_the_menu_is_one_undo_step(window, document):
    cafe = session_titled(document, "World café « fonctions »")
    triggered(session_menu(window, cafe), "Duplicate session")
    copy = session_titled(document, "World café « fonctions » (copy)")
    assert window.session_view.session.id == copy.id  # the copy is shown
    assert [s.title for s in document.read.day_sessions(cafe.day)] == [
        "Ouverture",
        "World café « fonctions »",
        "World café « fonctions » (copy)",
    ]
    assert [c.name for c in document.read.session_categories(copy.id)] == ["Missions"]
    assert [t.theme for t in document.read.session_tables(copy.id)] == ["Animation"]
    assert len(document.read.session_rounds(copy.id)) == 1
    assert document.read.session_notes(copy.id) == []  # not its notes
    document.undo()
    assert [s.title for s in document.read.day_sessions(cafe.day)] == [
        "Ouverture",
        "World café « fonctions »",
    ]
    assert document.read.session_categories(copy.id) == []


def test_delete_and_project_from_the_menu(qtbot, window, document):
    ronde = session_titled(document, "Table ronde")
    triggered(session_menu(window, ronde), "Project this session")
    projector = window.findChild(SessionProjector)
    assert projector is not None and projector.session.id == ronde.id
    triggered(session_menu(window, ronde), "Delete session")
    assert document.read.get(Session, ronde.id).deleted
    qtbot.waitUntil(lambda: not projector.window.isVisible())


def test_rename_from_the_menu_opens_the_editor(window, document):
    ronde = session_titled(document, "Table ronde")
    triggered(session_menu(window, ronde), "Rename session")
    assert window.sidebar.tree.state() == window.sidebar.tree.State.EditingState


def accept_new_session(template_key: str, title: str):
    """Answer the next « New session » dialog: this template and title, then OK."""

    def answer():
        dialog = next(
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, SessionDialog) and w.isVisible()
        )
        dialog.template.setCurrentIndex(dialog.template.findData(template_key))
        dialog.title.setText(title)
        dialog.accept()

    QTimer.singleShot(0, answer)


def test_a_days_menu_adds_a_session_from_a_template(window, document):
    day = window.sidebar.model.index_of_day("2026-06-12")
    menu = window.gestures.menu_for(day)
    assert entries(menu) == ["Add a session this day…"]
    accept_new_session("world_cafe", "Café de l'après-midi")
    triggered(menu, "Add a session this day…")
    made = session_titled(document, "Café de l'après-midi")
    assert made.kind is SessionKind.WORLD_CAFE and made.day == "2026-06-12"
    assert [r.number for r in document.read.session_rounds(made.id)] == [1, 2, 3]
    assert [c.name for c in document.read.session_categories(made.id)] == [
        "Missions",
        "Actions",
        "Support needs",
    ]
    assert window.session_view.session.id == made.id
    document.undo()  # one step takes the session and its set-up away
    assert document.read.get(Session, made.id).deleted
    assert document.read.session_rounds(made.id) == []


def test_the_template_and_the_type_follow_each_other(qtbot, document):
    dialog = SessionDialog(Session(title="x"), document=document, templates=True)
    qtbot.addWidget(dialog)
    dialog.template.setCurrentIndex(dialog.template.findData("idea_tree"))
    assert dialog.kind.currentData() == "idea_tree"
    dialog.kind.setCurrentIndex(dialog.kind.findData("round_table"))
    assert dialog.chosen_template().key == "round_table"
    assert dialog.windowTitle() == "New session"
    plain = SessionDialog(Session(title="x"), document=document)
    qtbot.addWidget(plain)
    assert plain.template.count() == 0 and plain.windowTitle() == "Session properties"
    dialog.reject()
    plain.reject()


def test_the_menus_hold_the_new_actions(window):
    a = window.actions_
    menus = {action.text().replace("&", ""): action.menu() for action in window.menuBar().actions()}
    assert a[Act.DUPLICATE_SESSION] in menus["Programme"].actions()
    assert a[Act.ADD_SESSION_FROM_TEMPLATE] in menus["Programme"].actions()
    assert a[Act.PROJECT_SESSION] in menus["View"].actions()
    assert a[Act.PROJECT_SESSION].shortcut().toString() == "F5"
