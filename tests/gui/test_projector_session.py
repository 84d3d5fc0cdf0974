"""Projecting any session: its question, its timer and its work, live, on the projector."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from sessions import session_titled

from facilitator_app.core.commands import add
from facilitator_app.core.grids import Grid
from facilitator_app.core.kinds import SessionKind
from facilitator_app.core.model import Category, Note, Session
from facilitator_app.core.session_timer import SessionTimer
from facilitator_app.gui.actions import Act
from facilitator_app.gui.main_window import MainWindow
from facilitator_app.gui.session_projector import SessionProjector


@pytest.fixture
def window(qtbot, document, settings):
    main = MainWindow(document, settings)
    qtbot.addWidget(main)
    yield main
    for projector in main.findChildren(SessionProjector):
        projector.window.close()


@pytest.fixture
def grid(document) -> Session:
    session = Session(
        title="Atelier grille",
        kind=SessionKind.GRID,
        day="2026-06-12",
        start="09:00",
        end="10:30",
        position=1,
        question="Que garder, qu’arrêter, que créer ?",
    )
    document.push(add(session))
    for position, name in enumerate(["À maintenir", "À arrêter"]):
        category = Category(session_id=session.id, name=name, position=position)
        document.push(add(category))
        document.push(
            add(Note(session_id=session.id, text=f"Carte {name}", category_id=category.id))
        )
    return session


def project(window, session: Session) -> SessionProjector:
    window.sidebar.select_session(session.id)
    window.actions_[Act.PROJECT_SESSION].trigger()
    projector = window.findChild(SessionProjector)
    assert projector is not None and projector.window.isVisible()
    return projector


def test_projecting_a_grid_shows_its_columns_and_cards_and_follows_a_new_card(
    qtbot, window, document, grid
):
    projector = project(window, grid)
    texts = projector.window.texts()
    assert texts[0] == "Que garder, qu’arrêter, que créer ?"
    for text in ["À maintenir", "Carte À maintenir", "À arrêter", "Carte À arrêter"]:
        assert text in texts
    columns = Grid.build(grid.id, document.read.session_categories(grid.id), [])
    command = columns.add_card(columns.columns[1].id, "Une carte neuve « ici »", created_at="x")
    document.push(command)
    qtbot.waitUntil(lambda: "Une carte neuve « ici »" in projector.window.texts())
    document.undo()
    qtbot.waitUntil(lambda: "Une carte neuve « ici »" not in projector.window.texts())


def test_the_projector_shows_the_timer_and_space_starts_it(qtbot, window, grid):
    projector = project(window, grid)
    assert projector.window.view.countdown  # mm:ss, bound to the programme
    timer = window.session_view.timer_bar.timers.timer(grid)
    assert not timer.running
    projector.window.setFocus()
    qtbot.keyClick(projector.window, Qt.Key.Key_Space)
    assert timer.running
    assert window.session_view.timer_bar.start_button.text() == "Pause"  # the header follows
    qtbot.keyClick(projector.window, Qt.Key.Key_R)
    assert not timer.running


def test_escape_closes_the_projection(qtbot, window, grid):
    projector = project(window, grid)
    qtbot.keyClick(projector.window, Qt.Key.Key_Escape)
    assert not projector.window.isVisible()


def test_a_grid_switches_to_its_ranking(qtbot, window, document, grid):
    note = document.read.session_notes(grid.id)[0]
    from facilitator_app.core.commands import update

    document.push(update(note, votes=4))
    projector = project(window, grid)
    qtbot.keyClick(projector.window, Qt.Key.Key_V)
    assert projector.view == "ranking"
    assert f"1. {note.text} (4 votes)" in projector.window.texts()


def test_an_idea_tree_is_drawn_on_the_projector(qtbot, window, document):
    tree = Session(title="Arbre", kind=SessionKind.IDEA_TREE, day="2026-06-12", position=2)
    document.push(add(tree))
    branch = Note(session_id=tree.id, text="Amorcer")
    document.push(add(branch))
    document.push(add(Note(session_id=tree.id, text="Se rencontrer", parent_id=branch.id)))
    projector = project(window, tree)
    assert projector.view == "tree" and projector.window.drawing is not None
    assert "Se rencontrer" in projector.window.texts()
    projector.window.resize(800, 450)
    image = QImage(projector.window.size(), QImage.Format.Format_RGB32)
    projector.window.render(image)
    rect = projector.window.body_rect()
    samples = [
        image.pixelColor(x, y).lightness()
        for x in range(int(rect.left()), int(rect.right()), 10)
        for y in range(int(rect.top()), int(rect.bottom()), 10)
    ]
    light = sum(1 for value in samples if value > 200) / len(samples)
    assert light > 0.2  # the tree on its light panel, not the black page


def test_a_plenary_shows_its_latest_notes_and_a_big_timer(window, document):
    opening = session_titled(document, "Ouverture")
    projector = project(window, opening)
    assert "Bienvenue au Solidarium !" in projector.window.texts()


def test_a_world_cafe_shows_its_harvest_without_the_simple_timer(window, document):
    cafe = session_titled(document, "World café « fonctions »")
    projector = project(window, cafe)
    texts = projector.window.texts()
    assert "Missions" in texts and "Être présent au cœur du réseau" in texts
    assert projector.window.view.countdown == ""  # the café runs its rounds on its clock


def test_deleting_the_session_closes_its_projection(qtbot, window, document, grid):
    projector = project(window, grid)
    from facilitator_app.core.commands import delete

    document.push(delete(document.read.get(Session, grid.id)))
    qtbot.waitUntil(lambda: not projector.window.isVisible())


def test_the_header_timer_counts_to_the_end_in_the_programme(qtbot, window, grid):
    window.sidebar.select_session(grid.id)
    bar = window.session_view.timer_bar
    assert bar.time.isVisible() or not window.isVisible()
    assert bar.time.text() == "90:00"  # 09:00–10:30, not today: the planned length
    bar.start_button.click()
    assert bar.timers.timer(grid).running and bar.start_button.text() == "Pause"
    bar.reset_button.click()
    assert not bar.timers.timer(grid).running and bar.time.text() == "90:00"


def test_the_timer_is_shared_while_looking_at_another_session(qtbot, window, document, grid):
    bar = window.session_view.timer_bar
    window.sidebar.select_session(grid.id)
    bar.start_button.click()
    window.sidebar.select_session(session_titled(document, "Ouverture").id)
    assert bar.start_button.text() == "Start"  # the plenary's own timer
    window.sidebar.select_session(grid.id)
    assert bar.start_button.text() == "Pause"  # still running


def test_session_timer_within_the_slot():
    timer = SessionTimer("2026-06-12", "09:00", "10:30", today=lambda: datetime(2026, 6, 12, 10, 0))
    assert timer.state().countdown == "30:00"
