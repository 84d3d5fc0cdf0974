"""Edit → Preferences…: each preference takes effect in the running program, on real files.

The application and its recorded modals come from test_app.py; the Preferences dialog is
shown for real and filled through its widgets, then OK is pressed (`answer`).
"""

# ruff: noqa: F811 (the fixtures imported from test_app are parameters of the tests below)

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog
from test_app import capture_note, data_dir, lock_owner, modals, recolte  # noqa: F401

from facilitator_app.gui.actions import Act
from facilitator_app.gui.dialogs.export_dialog import ExportDialog
from facilitator_app.gui.dialogs.preferences_dialog import PreferencesDialog
from facilitator_app.gui.main_window import MainWindow
from facilitator_app.gui.preferences import install_qt_translations
from facilitator_app.i18n import current_language, set_language
from facilitator_app.store import open_event
from facilitator_app.store.backups import backup_path, backups_of

CAFE = "World café « fonctions »"
AUTHOR = "Élise Œuvrard"


@pytest.fixture(autouse=True)
def _english_qt(qapp):
    """Qt's own words back in English after a test that switched the language."""
    yield
    set_language("en")
    install_qt_translations(qapp)


class Answer:
    """What the next Preferences dialog is filled with before OK (None: Cancel)."""

    def __init__(self) -> None:
        self.fill: Callable[[PreferencesDialog], None] | None = None
        self.shown: list[PreferencesDialog] = []


@pytest.fixture
def answer(monkeypatch) -> Answer:
    answers = Answer()

    def exec_(dialog: PreferencesDialog) -> int:
        answers.shown.append(dialog)
        if answers.fill is None:
            return 0
        dialog.show()
        answers.fill(dialog)
        dialog.accept()  # OK: refused (the dialog stays) when the data folder is unwritable
        return int(dialog.result())

    monkeypatch.setattr(PreferencesDialog, "exec", exec_)
    return answers


def choose(window: MainWindow, answers: Answer, fill: Callable[[PreferencesDialog], None]):
    """Edit → Preferences… (through its menu action), filled by `fill`, then OK."""
    answers.fill = fill
    window.actions_[Act.PREFERENCES].trigger()


def session_id(window: MainWindow, title: str) -> str:
    return next(s.id for s in window.document.read.all_sessions() if s.title == title)


# -- the menu entry ---------------------------------------------------------------------------


def test_the_entry_is_in_the_edit_menu_with_the_usual_shortcut(recolte, event_path):
    window = recolte.open_path(event_path)
    action = window.actions_[Act.PREFERENCES]
    edit_menu = window.menuBar().actions()[1].menu()
    assert action in edit_menu.actions()
    assert action.text() == "Pre&ferences…"
    assert action.shortcut().toString() == "Ctrl+,"


# -- language, without restarting ------------------------------------------------------------


def test_the_language_changes_at_once_and_nothing_of_the_event_is_lost(
    recolte, event_path, answer, qtbot
):
    window = recolte.open_path(event_path)
    document = window.document
    assert window.menuBar().actions()[0].text() == "&File"
    capture_note(window, "Ouverture", "Café d’accueil")  # an edit to undo afterwards
    qtbot.wait(100)  # the event loop runs (first paint, icons) before the menu is reached
    cafe = session_id(window, CAFE)
    window.sidebar.select_session(cafe)
    window.session_view.capture.text.setText("Une idée « en cours » de frappe")  # not Enter
    undo_steps = document.undo_stack.count()

    choose(window, answer, lambda d: d.language.setCurrentIndex(d.language.findData("fr")))

    assert current_language() == "fr"
    assert recolte.settings.language == "fr"
    (new,) = recolte.windows
    assert new is not window and new.isVisible()
    # the menus and the session page speak French
    assert [a.text() for a in new.menuBar().actions()][:2] == ["&Fichier", "É&dition"]
    assert new.actions_[Act.PREFERENCES].text() == "Pré&férences…"
    capture = new.session_view.capture
    assert capture.author.lineEdit().placeholderText() == "Auteur (facultatif)"
    assert capture.add_button.text() == "Ajouter"
    # Qt's own words too (standard buttons of every dialog)
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Annuler"
    # the same event, still open and locked, the same session, the text still in the box
    assert new.document is document and not document.closed and document.editable
    assert lock_owner(event_path)["pid"] == os.getpid()
    assert new.session_view.session.id == cafe
    assert capture.text.text() == "Une idée « en cours » de frappe"
    # the undo history is kept and still works, in the new window
    assert document.undo_stack.count() == undo_steps
    new.actions_[Act.UNDO].trigger()
    with open_event(event_path, readonly=True) as store:
        opening = next(s for s in store.all_sessions() if s.title == "Ouverture")
        assert [n.text for n in store.session_notes(opening.id)] == ["Bienvenue au Solidarium !"]
    # an edit made now reaches the file and the new window, and nothing of the old one fails
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the old window goes
    with qtbot.captureExceptions() as exceptions:
        new.sidebar.select_session(cafe)
        capture.commit()
        QApplication.processEvents()
    assert exceptions == []
    with open_event(event_path, readonly=True) as store:
        assert "Une idée « en cours » de frappe" in [n.text for n in store.session_notes(cafe)]
    # and back to English the same way
    choose(new, answer, lambda d: d.language.setCurrentIndex(d.language.findData("en")))
    assert recolte.windows[0].menuBar().actions()[0].text() == "&File"
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Cancel"


def test_the_view_menu_switches_at_once_too(recolte, event_path):
    window = recolte.open_path(event_path)
    window.actions_[Act.LANGUAGE_FR].trigger()
    (new,) = recolte.windows
    assert new is not window
    assert new.menuBar().actions()[0].text() == "&Fichier"
    assert new.actions_[Act.LANGUAGE_FR].isChecked()


def test_a_page_shown_stays_shown(recolte, event_path, answer):
    window = recolte.open_path(event_path)
    window.sidebar.select_page("participants")
    choose(window, answer, lambda d: d.language.setCurrentIndex(d.language.findData("fr")))
    (new,) = recolte.windows
    assert new.shown_page() == "participants"


def test_cancel_changes_nothing(recolte, event_path, answer, settings):
    window = recolte.open_path(event_path)
    answer.fill = None
    window.actions_[Act.PREFERENCES].trigger()
    assert len(answer.shown) == 1
    assert recolte.windows == [window]
    assert settings.language is None and settings.pdf_language == "event"


# -- the PDF language -------------------------------------------------------------------------


def export_from(window: MainWindow, monkeypatch, qtbot, out: Path) -> str:
    """File → Export PDF…, Export pressed with the dialog's own choices; the PDF's text."""

    def exec_(dialog: ExportDialog) -> int:
        dialog.path.setText(str(out))
        dialog.start()
        qtbot.waitUntil(lambda: dialog.job is None, timeout=120_000)
        return 1

    monkeypatch.setattr(ExportDialog, "exec", exec_)
    window.actions_[Act.EXPORT].trigger()
    return "\n".join(page.extract_text() for page in PdfReader(out).pages)


def test_the_pdf_is_in_the_event_language_by_default_whatever_the_window_speaks(
    recolte, event_path, monkeypatch, qtbot, tmp_path
):
    window = recolte.open_path(event_path)  # the window speaks English, the event French
    assert window.document.read.event_record().language == "fr"
    text = export_from(window, monkeypatch, qtbot, tmp_path / "synthese.pdf")
    assert "Sommaire" in text and "Contents" not in text


def test_english_pdfs_from_a_french_window_on_a_french_event(
    recolte, event_path, answer, monkeypatch, qtbot, tmp_path
):
    recolte.open_path(event_path)
    recolte.set_language("fr")
    window = recolte.windows[0]
    choose(window, answer, lambda d: d.pdf_language.setCurrentIndex(d.pdf_language.findData("en")))
    assert recolte.settings.pdf_language == "en"
    text = export_from(window, monkeypatch, qtbot, tmp_path / "synthesis.pdf")
    assert "Contents" in text and "Sommaire" not in text


def test_french_pdfs_for_an_english_event(
    recolte, event_path, answer, monkeypatch, qtbot, tmp_path
):
    with open_event(event_path) as store:
        store.put(replace(store.event(), language="en"))
    window = recolte.open_path(event_path)
    choose(window, answer, lambda d: d.pdf_language.setCurrentIndex(d.pdf_language.findData("fr")))
    text = export_from(window, monkeypatch, qtbot, tmp_path / "carnet.pdf")
    assert "Sommaire" in text and "Contents" not in text


# -- the author of the notes ------------------------------------------------------------------


def test_the_author_is_proposed_and_stored_on_the_note(recolte, event_path, answer):
    window = recolte.open_path(event_path)
    capture = window.session_view.capture
    assert capture.author.currentText() == ""
    choose(window, answer, lambda d: d.author.setText(AUTHOR))
    assert capture.author.currentText() == AUTHOR  # the open window at once
    capture_note(window, "Ouverture", "Accueil café")
    with open_event(event_path, readonly=True) as store:
        (note,) = [n for n in store.session_notes(session_id(window, "Ouverture")) if n.author]
        assert (note.text, note.author) == ("Accueil café", AUTHOR)
    # a window opened later starts with it too; a name typed by the person is left alone
    recolte.close_window(window)
    window = recolte.open_path(event_path)
    capture = window.session_view.capture
    assert capture.author.currentText() == AUTHOR
    capture.author.setEditText("Rémy Jacquot")
    choose(window, answer, lambda d: d.author.setText("Quelqu’un d’autre"))
    assert capture.author.currentText() == "Rémy Jacquot"


# -- backups ----------------------------------------------------------------------------------


def test_the_backups_kept_are_the_number_chosen(recolte, data_dir, event_path, answer):
    window = recolte.open_path(event_path)
    folder = data_dir / "backups"
    folder.mkdir()
    for day in range(1, 7):
        backup_path(folder, "rencontres", datetime(2026, 6, day, 9)).write_bytes(b"older")
    choose(window, answer, lambda d: d.backups.setValue(3))
    assert recolte.settings.backups_kept == 3
    recolte._backup(window)
    kept = backups_of(folder, "rencontres")
    assert len(kept) == 3
    assert [p.name for p in kept[:2]] == [
        "rencontres-20260605-090000.recolte",
        "rencontres-20260606-090000.recolte",
    ]
    with open_event(kept[-1], readonly=True) as store:  # the new one, a real copy
        assert store.event().title == "Rencontres des coopérations"


def test_the_range_of_backups_is_bounded(recolte, event_path, answer):
    window = recolte.open_path(event_path)
    choose(window, answer, lambda d: d.backups.setValue(0))
    assert recolte.settings.backups_kept == 1
    choose(recolte.windows[0], answer, lambda d: d.backups.setValue(500))
    assert recolte.settings.backups_kept == 50


# -- the data folder --------------------------------------------------------------------------


def test_the_data_folder_chosen_receives_backups_and_the_demo_and_nothing_moves(
    recolte,
    data_dir,
    event_path,
    answer,
    tmp_path,
    monkeypatch,
):
    old_backup = backup_path(data_dir / "backups", "rencontres", datetime(2026, 6, 1, 9))
    old_backup.parent.mkdir()
    old_backup.write_bytes(b"an older backup")
    chosen = tmp_path / "Mes données Récolte"
    window = recolte.open_path(event_path)

    def fill(dialog: PreferencesDialog) -> None:
        dialog.folder.setText(str(chosen))
        assert str(data_dir) in dialog.folder_note.text()  # it says nothing moves from there

    choose(window, answer, fill)
    assert recolte.settings.data_folder == chosen
    recolte._backup(window)
    (made,) = backups_of(chosen / "backups", "rencontres")
    with open_event(made, readonly=True) as store:
        assert store.event().title == "Rencontres des coopérations"
    assert backups_of(data_dir / "backups", "rencontres") == [old_backup]  # left where it was
    assert recolte.demo_path().parent == chosen
    # a new event is proposed in the chosen folder
    proposed: list[str] = []

    def get_save(_parent, _caption, where="", *_args, **_kwargs):
        proposed.append(where)
        return "", ""  # cancelled

    monkeypatch.setattr(QFileDialog, "getSaveFileName", get_save)
    recolte.new_event(window)
    assert proposed == [str(chosen / "event.recolte")]


def test_an_unwritable_data_folder_is_refused_in_one_sentence(
    recolte, event_path, answer, tmp_path
):
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    window = recolte.open_path(event_path)
    choose(window, answer, lambda d: d.folder.setText(str(blocker / "Récolte")))
    (dialog,) = answer.shown
    assert dialog.isVisible() and dialog.status.isVisible()
    assert dialog.status.text().startswith("Récolte cannot write in ")
    assert "\n" not in dialog.status.text()
    assert recolte.settings.data_folder is None
    dialog.reject()


# -- the dialog stays out of start-up ---------------------------------------------------------


def test_the_dialog_is_not_loaded_at_start_up():
    script = (
        "import json, sys; import facilitator_app.__main__, facilitator_app.app; "
        "print(json.dumps(sorted(sys.modules)))"
    )
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "", "PYTHONPATH": str(root)},
    )
    assert result.returncode == 0, result.stderr
    assert "facilitator_app.gui.dialogs.preferences_dialog" not in json.loads(result.stdout)
