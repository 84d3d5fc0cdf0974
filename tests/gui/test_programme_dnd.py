"""Reordering the programme by drag and drop, through the model API exactly as Qt's views call
it (`mimeData` on the dragged index, then `dropMimeData` with the drop row and parent), and
deleting a session with the Delete key. Each move is checked in the file and undone once.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QModelIndex, Qt
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QDialog, QMessageBox

from facilitator_app.core.model import Event, Session
from facilitator_app.gui.document import EventDocument
from facilitator_app.gui.main_window import MainWindow
from facilitator_app.gui.models.programme import ProgrammeModel
from facilitator_app.store import create_event, open_event

DAY_ONE, DAY_TWO = "2026-06-11", "2026-06-12"
START = {
    DAY_ONE: ["Accueil", "Brise-glace", "Café des idées", "Déjeuner"],
    DAY_TWO: ["Écoute croisée", "Fête de clôture"],
}


@pytest.fixture(autouse=True)
def no_modal(monkeypatch):
    """No modal is expected here; one would fail the test instead of waiting for a click."""

    def fail(*_args, **_kwargs):
        raise AssertionError("a modal dialog was opened during the test")

    for name in ("warning", "information", "critical", "question", "about", "exec"):
        monkeypatch.setattr(QMessageBox, name, fail)
    monkeypatch.setattr(QDialog, "exec", fail)


@pytest.fixture
def programme_path(tmp_path):
    path = tmp_path / "programme.recolte"
    store = create_event(
        path, Event(title="Rencontres", start_date=DAY_ONE, end_date=DAY_TWO, language="fr")
    )
    for day, titles in START.items():
        for position, title in enumerate(titles):
            store.put(Session(title=title, kind="plenary", day=day, position=position))
    store.close()
    return path


@pytest.fixture
def document(programme_path, qtbot):
    doc = EventDocument(open_event(programme_path))
    yield doc
    doc.close()


@pytest.fixture
def model(document, qtmodeltester):
    programme = ProgrammeModel(document)
    qtmodeltester.check(programme, force_py=True)  # re-checked on every reset the moves cause
    return programme


def order_in_file(path) -> dict[str, list[str]]:
    with open_event(path, readonly=True) as store:
        order: dict[str, list[str]] = {}
        for session in store.all_sessions():
            order.setdefault(session.day, []).append(session.title)
    return order


def order_in_model(model: ProgrammeModel) -> dict[str, list[str]]:
    order = {}
    for day_row in range(model.rowCount()):
        day = model.index(day_row, 0)
        titles = [
            model.session_at(model.index(r, 0, day)).title for r in range(model.rowCount(day))
        ]
        if titles:
            order[model.day_at(day)] = titles
    return order


def session_index(model: ProgrammeModel, title: str) -> QModelIndex:
    for day in model.days():
        day_index = model.index_of_day(day)
        for row in range(model.rowCount(day_index)):
            index = model.index(row, 0, day_index)
            if model.session_at(index).title == title:
                return index
    raise LookupError(title)


def drag(model: ProgrammeModel, title: str, *, row: int, parent: QModelIndex) -> None:
    """What QAbstractItemView does: mimeData of the selection, dropMimeData on the target."""
    mime = model.mimeData([session_index(model, title)])
    assert model.canDropMimeData(mime, Qt.DropAction.MoveAction, row, 0, parent)
    model.dropMimeData(mime, Qt.DropAction.MoveAction, row, 0, parent)


def moved(*, day_one: list[str], day_two: list[str]) -> dict[str, list[str]]:
    return {DAY_ONE: day_one, DAY_TWO: day_two}


def check_move_and_undo(document, model, path, expected) -> None:
    assert order_in_file(path) == expected
    assert order_in_model(model) == expected
    assert document.undo_stack.count() == 1
    document.undo_stack.undo()
    assert order_in_file(path) == START
    assert order_in_model(model) == START


# -- onto another day -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "day_two"),
    [
        (0, ["Brise-glace", "Écoute croisée", "Fête de clôture"]),
        (1, ["Écoute croisée", "Brise-glace", "Fête de clôture"]),
        (2, ["Écoute croisée", "Fête de clôture", "Brise-glace"]),
        (-1, ["Écoute croisée", "Fête de clôture", "Brise-glace"]),  # onto the day itself
    ],
)
def test_drop_on_another_day_at_a_row(document, model, programme_path, row, day_two):
    drag(model, "Brise-glace", row=row, parent=model.index_of_day(DAY_TWO))
    expected = moved(day_one=["Accueil", "Café des idées", "Déjeuner"], day_two=day_two)
    check_move_and_undo(document, model, programme_path, expected)


# -- onto a session: it takes that session's place --------------------------------------------


def test_drop_onto_a_session_of_another_day_takes_its_place(document, model, programme_path):
    drag(model, "Brise-glace", row=-1, parent=session_index(model, "Fête de clôture"))
    expected = moved(
        day_one=["Accueil", "Café des idées", "Déjeuner"],
        day_two=["Écoute croisée", "Brise-glace", "Fête de clôture"],
    )
    check_move_and_undo(document, model, programme_path, expected)


def test_drop_onto_a_session_above_takes_its_place(document, model, programme_path):
    drag(model, "Déjeuner", row=-1, parent=session_index(model, "Brise-glace"))
    expected = moved(
        day_one=["Accueil", "Déjeuner", "Brise-glace", "Café des idées"], day_two=START[DAY_TWO]
    )
    check_move_and_undo(document, model, programme_path, expected)


def test_drop_onto_a_session_below_takes_its_place(document, model, programme_path):
    drag(model, "Accueil", row=-1, parent=session_index(model, "Café des idées"))
    expected = moved(
        day_one=["Brise-glace", "Café des idées", "Accueil", "Déjeuner"], day_two=START[DAY_TWO]
    )
    check_move_and_undo(document, model, programme_path, expected)


# -- between rows of the same day -------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "row", "day_one"),
    [
        ("Café des idées", 0, ["Café des idées", "Accueil", "Brise-glace", "Déjeuner"]),
        ("Café des idées", 1, ["Accueil", "Café des idées", "Brise-glace", "Déjeuner"]),
        ("Brise-glace", 3, ["Accueil", "Café des idées", "Brise-glace", "Déjeuner"]),
        ("Brise-glace", 4, ["Accueil", "Café des idées", "Déjeuner", "Brise-glace"]),
        ("Accueil", 4, ["Brise-glace", "Café des idées", "Déjeuner", "Accueil"]),
    ],
    ids=["to-top", "one-up", "one-down", "to-end", "first-to-end"],
)
def test_drop_between_rows_of_the_same_day(document, model, programme_path, title, row, day_one):
    drag(model, title, row=row, parent=model.index_of_day(DAY_ONE))
    check_move_and_undo(
        document, model, programme_path, moved(day_one=day_one, day_two=START[DAY_TWO])
    )


@pytest.mark.parametrize("row", [1, 2], ids=["just-above-itself", "just-below-itself"])
def test_drop_on_its_own_place_keeps_the_order(document, model, programme_path, row):
    drag(model, "Brise-glace", row=row, parent=model.index_of_day(DAY_ONE))
    assert order_in_file(programme_path) == START
    assert order_in_model(model) == START
    document.undo_stack.undo()  # whatever was recorded, undoing it keeps the order
    assert order_in_file(programme_path) == START


def test_drop_on_its_own_place_records_no_undo_step(document, model):
    drag(model, "Brise-glace", row=2, parent=model.index_of_day(DAY_ONE))
    assert document.undo_stack.count() == 0


def test_a_series_of_moves_undoes_step_by_step(document, model, programme_path):
    drag(model, "Accueil", row=-1, parent=model.index_of_day(DAY_TWO))
    drag(model, "Fête de clôture", row=0, parent=model.index_of_day(DAY_ONE))
    drag(model, "Déjeuner", row=-1, parent=session_index(model, "Fête de clôture"))
    assert order_in_file(programme_path) == moved(
        day_one=["Déjeuner", "Fête de clôture", "Brise-glace", "Café des idées"],
        day_two=["Écoute croisée", "Accueil"],
    )
    for _ in range(3):
        document.undo_stack.undo()
    assert order_in_file(programme_path) == START
    for _ in range(3):
        document.undo_stack.redo()
    assert order_in_model(model)[DAY_ONE][0] == "Déjeuner"


# -- what is refused --------------------------------------------------------------------------


def test_drops_that_make_no_sense_are_refused(document, model, programme_path):
    foreign = QMimeData()
    foreign.setText("Brise-glace")
    day_two = model.index_of_day(DAY_TWO)
    assert not model.canDropMimeData(foreign, Qt.DropAction.MoveAction, 0, 0, day_two)
    assert not model.dropMimeData(foreign, Qt.DropAction.MoveAction, 0, 0, day_two)
    mime = model.mimeData([session_index(model, "Brise-glace")])
    assert not model.dropMimeData(
        mime, Qt.DropAction.MoveAction, 0, 0, QModelIndex()
    )  # between days
    days = [model.index(r, 0) for r in range(model.rowCount())]
    assert all(not model.flags(day) & Qt.ItemFlag.ItemIsDragEnabled for day in days)
    assert model.flags(session_index(model, "Accueil")) & Qt.ItemFlag.ItemIsDragEnabled
    assert model.mimeData(days[:1]).formats() == []  # a day cannot be dragged
    assert order_in_file(programme_path) == START
    assert document.undo_stack.count() == 0


# -- the Delete key in the programme ----------------------------------------------------------


def test_delete_key_in_the_programme_tombstones_the_session_and_undo_restores(
    qtbot, document, settings, programme_path
):
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=1000)
    sidebar = window.sidebar
    target = next(s for s in document.read.all_sessions() if s.title == "Café des idées")
    sidebar.select_session(target.id)
    sidebar.tree.setFocus()
    qtbot.waitUntil(sidebar.tree.hasFocus, timeout=1000)

    qtbot.keyClick(sidebar.tree, Qt.Key.Key_Delete)

    with open_event(programme_path, readonly=True) as store:
        assert store.get(Session, target.id).deleted
    assert order_in_model(sidebar.model)[DAY_ONE] == ["Accueil", "Brise-glace", "Déjeuner"]
    document.undo_stack.undo()
    assert order_in_file(programme_path) == START
    with open_event(programme_path, readonly=True) as store:
        restored = store.get(Session, target.id)
    assert (restored.deleted, restored.position) == (False, target.position)
    assert order_in_model(sidebar.model) == START


# -- the model stays a correct Qt model through it all -----------------------------------------


def test_model_passes_qt_model_tester_after_moves(document, model, programme_path, qtlog):
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Warning)
    drag(model, "Brise-glace", row=0, parent=model.index_of_day(DAY_TWO))
    drag(model, "Accueil", row=-1, parent=session_index(model, "Déjeuner"))
    drag(model, "Déjeuner", row=0, parent=model.index_of_day(DAY_ONE))
    document.undo_stack.undo()
    document.undo_stack.undo()
    del tester
    failures = [r.message for r in qtlog.records if "FAIL" in r.message]
    assert failures == []
    assert sum(model.rowCount(model.index(r, 0)) for r in range(model.rowCount())) == 6
