"""`Recolte`, the composition root, driven end to end on real event files in a temporary folder.

Every modal the application could open is replaced by a recorder (file dialogs, message
boxes, the lock question); a modal that was not expected fails the test instead of waiting
for a click that never comes. The data folder (demo, backups) is a temporary folder too.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from gui_keys import press_enter, type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QLabel, QMessageBox

import facilitator_app.app as app_module
import facilitator_app.core.demo as demo_module
from facilitator_app.app import Recolte
from facilitator_app.core.commands import add, update
from facilitator_app.core.errors import ReadOnlyFile
from facilitator_app.core.model import Event, Session
from facilitator_app.gui.main_window import MainWindow
from facilitator_app.gui.start_screen import StartScreen
from facilitator_app.store import create_event, open_event
from facilitator_app.store.lock import lock_path
from facilitator_app.store.machine import host_name as _host

FRENCH_NOTE = "« Être présent au cœur du réseau’ »"
# A process that stays alive on this computer while a test runs: its pid owns foreign locks.
SLEEPER = (
    ["sleep", "30"]
    if shutil.which("sleep")
    else [sys.executable, "-c", "import time; time.sleep(30)"]
)


# -- modals replaced by recorders -------------------------------------------------------------


@dataclass
class Modals:
    """What the application asked, and the answers the test chose in advance."""

    save_name: str = ""  # QFileDialog.getSaveFileName answer ("" = the person cancelled)
    open_name: str = ""
    lock_answer: str | None = None  # "readonly", "anyway", "cancel"; None = must not be asked
    warnings: list[tuple[str, str]] = field(default_factory=list)
    informations: list[tuple[str, str]] = field(default_factory=list)
    lock_questions: list[str] = field(default_factory=list)
    file_dialogs: list[str] = field(default_factory=list)


@pytest.fixture(autouse=True)
def modals(monkeypatch) -> Modals:
    answers = Modals()

    def warning(_parent, title, text, *_args, **_kwargs):
        answers.warnings.append((title, text))
        return QMessageBox.StandardButton.Ok

    def information(_parent, title, text, *_args, **_kwargs):
        answers.informations.append((title, text))
        return QMessageBox.StandardButton.Ok

    def get_save(_parent, caption, *_args, **_kwargs):
        answers.file_dialogs.append(caption)
        return answers.save_name, ""

    def get_open(_parent, caption, *_args, **_kwargs):
        answers.file_dialogs.append(caption)
        return answers.open_name, ""

    def ask_locked(_self, locked, _parent):
        answers.lock_questions.append(locked.owner)
        if answers.lock_answer is None:
            raise AssertionError(f"unexpected lock question ({locked.owner})")
        return answers.lock_answer

    def no_modal(*_args, **_kwargs):
        raise AssertionError("a modal dialog was opened during the test")

    monkeypatch.setattr(QMessageBox, "warning", warning)
    monkeypatch.setattr(QMessageBox, "information", information)
    monkeypatch.setattr(QMessageBox, "critical", no_modal)
    monkeypatch.setattr(QMessageBox, "question", no_modal)
    monkeypatch.setattr(QMessageBox, "about", no_modal)
    monkeypatch.setattr(QMessageBox, "exec", no_modal)
    monkeypatch.setattr(QDialog, "exec", no_modal)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", get_save)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", get_open)
    monkeypatch.setattr(Recolte, "_ask_locked", ask_locked)
    return answers


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setattr(app_module, "_data_dir", lambda: folder)
    return folder


@pytest.fixture
def recolte(qapp, qtbot, settings, data_dir, modals):
    application = Recolte(qapp, settings)
    yield application
    application.quit()  # closes every window (releasing the locks), no start screen after
    if application.start_screen is not None:
        application.start_screen.close()
        application.start_screen.deleteLater()
        application.start_screen = None


# -- helpers ----------------------------------------------------------------------------------


def capture_note(window: MainWindow, session_title: str, text: str) -> None:
    session = next(s for s in window.document.read.all_sessions() if s.title == session_title)
    window.sidebar.select_session(session.id)
    box = window.session_view.capture.text
    type_text(box, text)
    assert box.text() == text
    press_enter(box)
    assert box.text() == ""


def all_note_texts(path: Path) -> list[str]:
    with open_event(path, readonly=True) as store:
        return [n.text for s in store.all_sessions() for n in store.session_notes(s.id)]


def lock_owner(path: Path) -> dict:
    return json.loads(lock_path(path).read_text(encoding="utf-8"))


def assert_one_sentence(text: str, path: Path) -> None:
    assert str(path) in text
    assert "\n" not in text
    assert "Traceback" not in text and "***" not in text
    assert text.endswith(".")


def side_files(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.glob(path.name + "*") if p != path)


# -- 1. open and close ------------------------------------------------------------------------


def test_open_path_shows_window_takes_lock_remembers_and_close_releases(
    recolte, settings, event_path, qtbot
):
    with qtbot.captureExceptions() as exceptions:
        window = recolte.open_path(event_path)
    assert exceptions == []
    assert isinstance(window, MainWindow)
    assert window.isVisible()
    assert recolte.windows == [window]
    assert window.windowTitle() == "Rencontres des coopérations — Récolte"
    assert lock_owner(event_path)["pid"] == os.getpid()
    assert settings.recent_files[0] == event_path.resolve()

    # opening it again raises the same window, without asking about the (own) lock
    assert recolte.open_path(event_path) is window
    assert recolte.windows == [window]

    recolte.close_window(window)
    assert recolte.windows == []
    assert not lock_path(event_path).exists()
    assert side_files(event_path) == []  # the file is closed, back in rollback-journal mode
    qtbot.waitUntil(lambda: recolte.start_screen is not None, timeout=2000)
    assert recolte.start_screen.isVisible()
    assert recolte.start_screen.recent.count() == 1


def test_closing_the_window_itself_releases_the_lock(recolte, event_path, qtbot):
    window = recolte.open_path(event_path)
    with qtbot.captureExceptions() as exceptions:
        window.close()  # the title bar's close button
    assert exceptions == []
    assert recolte.windows == []
    assert not lock_path(event_path).exists()
    qtbot.waitUntil(lambda: recolte.start_screen is not None, timeout=2000)


# -- 2. a file locked by another live process -------------------------------------------------


@pytest.fixture
def foreign_lock(event_path):
    """A lock held by a process that runs on this computer (not stale)."""
    process = subprocess.Popen(SLEEPER)
    owner = {"user": "marie", "host": _host(), "pid": process.pid, "since": "2026-06-11 09:12"}
    lock_path(event_path).write_text(json.dumps(owner), encoding="utf-8")
    yield owner
    process.kill()
    process.wait()


def test_locked_file_opened_read_only_refuses_writes(
    recolte, modals, event_path, foreign_lock, qtbot
):
    modals.lock_answer = "readonly"
    before = event_path.read_bytes()
    window = recolte.open_path(event_path)

    assert len(modals.lock_questions) == 1
    assert "marie@" in modals.lock_questions[0]
    assert window is not None and not window.document.editable
    assert "(read-only)" in window.windowTitle()
    assert window.session_view.session is not None
    assert not window.session_view.capture.isEnabled()
    assert lock_owner(event_path) == foreign_lock  # the other program keeps its lock

    sidebar = window.sidebar
    session = sidebar.current_session()
    assert session is not None
    with qtbot.captureExceptions() as exceptions:
        capture = window.session_view.capture
        capture.text.setText("Une note qui ne doit pas arriver")
        capture.commit()
        sidebar.model.setData(sidebar.model.index_of_session(session.id), "Renommée")
        sidebar.delete_current()
    assert exceptions == []
    # said once, in one sentence, not once per refused write; the status bar keeps saying it
    assert len(modals.warnings) == 1
    assert "read-only" in modals.warnings[0][1]
    assert window.saved_label.text() == "Not saved"
    assert window.document.undo_stack.count() == 0
    assert event_path.read_bytes() == before

    recolte.close_window(window)
    assert lock_owner(event_path) == foreign_lock
    assert event_path.read_bytes() == before
    assert side_files(event_path) == [lock_path(event_path).name]


def test_locked_file_cancel_opens_nothing(recolte, modals, event_path, foreign_lock):
    modals.lock_answer = "cancel"
    before = event_path.read_bytes()
    assert recolte.open_path(event_path) is None
    assert len(modals.lock_questions) == 1
    assert recolte.windows == []
    assert modals.warnings == []
    assert lock_owner(event_path) == foreign_lock
    assert event_path.read_bytes() == before


def test_locked_file_opened_anyway_is_writable(recolte, modals, event_path, foreign_lock):
    modals.lock_answer = "anyway"
    window = recolte.open_path(event_path)
    assert len(modals.lock_questions) == 1
    assert window is not None and window.document.editable
    assert "read-only" not in window.windowTitle()
    assert window.session_view.capture.isEnabled()
    assert lock_owner(event_path)["pid"] == os.getpid()

    capture_note(window, "Ouverture", "Café d’accueil à 9 h")
    assert "Café d’accueil à 9 h" in all_note_texts(event_path)
    recolte.close_window(window)
    assert not lock_path(event_path).exists()


# -- 3. files that cannot be opened -----------------------------------------------------------


def _damaged(path: Path) -> Path:
    data = bytearray(path.read_bytes())
    middle = len(data) // 2 // 4096 * 4096  # a page header in the middle of the file
    data[middle : middle + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))
    return path


def _text_file(path: Path) -> Path:
    target = path.with_name("notes.recolte")
    target.write_text("Compte rendu de l’atelier, pas un événement.\n", encoding="utf-8")
    return target


def _missing(path: Path) -> Path:
    return path.with_name("disparu.recolte")


def _newer(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    return path


def _folder(path: Path) -> Path:
    target = path.with_name("dossier.recolte")
    target.mkdir()
    return target


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (_damaged, "is damaged"),
        (_text_file, "is not a Récolte event file"),
        (_missing, "There is no file"),
        (_newer, "newer version of Récolte"),
        (_folder, "is a folder"),
    ],
    ids=["damaged", "text", "missing", "newer", "folder"],
)
def test_unopenable_file_says_one_sentence_and_changes_nothing(
    recolte, modals, settings, event_path, qtbot, make, expected
):
    path = make(event_path)
    before = path.read_bytes() if path.is_file() else None
    settings.add_recent(path)
    settings.add_recent(event_path.with_name("autre.recolte"))

    with qtbot.captureExceptions() as exceptions:
        assert recolte.open_path(path) is None
    assert exceptions == []
    assert recolte.windows == []
    assert len(modals.warnings) == 1
    title, text = modals.warnings[0]
    assert title == "Cannot open the event"
    assert expected in text
    assert_one_sentence(text, path)
    if before is not None:
        assert path.read_bytes() == before
    assert side_files(path) == []  # no lock, -wal or -shm left behind
    recent = settings.recent_files
    assert (path.resolve() in recent) is (make is not _missing)
    assert event_path.with_name("autre.recolte").resolve() in recent


def test_damaged_page_reported_by_quick_check_is_one_sentence(recolte, modals, event_path):
    data = bytearray(event_path.read_bytes())
    data[2 * 4096 : 2 * 4096 + 64] = b"\xff" * 64  # the header of page 3, a b-tree page
    event_path.write_bytes(bytes(data))
    assert recolte.open_path(event_path) is None
    assert len(modals.warnings) == 1
    assert_one_sentence(modals.warnings[0][1], event_path)


# -- 4. new event -----------------------------------------------------------------------------


def test_new_event_adds_the_suffix_creates_and_opens(recolte, modals, tmp_path, settings):
    modals.save_name = str(tmp_path / "atelier")
    recolte.new_event()
    path = tmp_path / "atelier.recolte"
    assert path.exists()
    assert modals.file_dialogs == ["New event"]
    assert len(recolte.windows) == 1
    window = recolte.windows[0]
    assert Path(window.document.path) == path
    assert window.document.read.event_record().title == "New event"
    assert window.windowTitle() == "New event — Récolte"
    assert lock_owner(path)["pid"] == os.getpid()
    assert settings.recent_files[0] == path.resolve()
    with open_event(path, readonly=True) as store:
        assert store.event().title == "New event"
        assert store.all_sessions() == []
    assert modals.warnings == []


@pytest.mark.parametrize("typed", ["rencontres", "rencontres.recolte"])
def test_new_event_refuses_an_existing_file(recolte, modals, event_path, typed):
    before = event_path.read_bytes()
    modals.save_name = str(event_path.with_name(typed))
    recolte.new_event()
    assert recolte.windows == []
    assert len(modals.warnings) == 1
    title, text = modals.warnings[0]
    assert title == "Cannot create the event"
    assert "already exists" in text and str(event_path) in text
    assert event_path.read_bytes() == before
    assert side_files(event_path) == []


def test_new_event_cancelled_does_nothing(recolte, modals, tmp_path):
    modals.save_name = ""
    recolte.new_event()
    assert recolte.windows == [] and modals.warnings == []
    assert list(tmp_path.glob("*.recolte")) == []


# -- 5. save as -------------------------------------------------------------------------------


def test_save_as_moves_the_work_to_the_copy(recolte, modals, event_path, settings, qtbot):
    first = recolte.open_path(event_path)
    capture_note(first, "World café « fonctions »", FRENCH_NOTE)
    assert FRENCH_NOTE in all_note_texts(event_path)

    copy = event_path.with_name("rencontres-bis.recolte")
    modals.save_name = str(copy.with_suffix(""))  # no suffix typed: it is added
    with qtbot.captureExceptions() as exceptions:
        recolte.save_as(first)
    assert exceptions == []
    assert modals.warnings == []

    assert len(recolte.windows) == 1
    second = recolte.windows[0]
    assert second is not first
    assert not first.isVisible()
    assert Path(second.document.path) == copy
    assert recolte.start_screen is None
    assert not lock_path(event_path).exists()  # the old lock is released
    assert lock_owner(copy)["pid"] == os.getpid()  # the copy's is taken
    assert settings.recent_files[:2] == [copy.resolve(), event_path.resolve()]
    assert FRENCH_NOTE in all_note_texts(copy)

    original = event_path.read_bytes()
    capture_note(second, "Ouverture", "Deuxième note, dans la copie")
    assert "Deuxième note, dans la copie" in all_note_texts(copy)
    assert "Deuxième note, dans la copie" not in all_note_texts(event_path)
    assert event_path.read_bytes() == original


def test_save_as_cancelled_or_onto_itself_keeps_the_window(recolte, modals, event_path):
    window = recolte.open_path(event_path)
    for answer in ("", str(event_path)):
        modals.save_name = answer
        recolte.save_as(window)
        assert recolte.windows == [window]
        assert lock_owner(event_path)["pid"] == os.getpid()
    assert modals.warnings == []


def test_save_as_onto_a_file_open_elsewhere_leaves_it_alone(recolte, modals, event_path, tmp_path):
    other = tmp_path / "autre.recolte"
    create_event(other, Event(title="Un autre événement")).close()
    process = subprocess.Popen(SLEEPER)
    try:
        owner = {"user": "marie", "host": _host(), "pid": process.pid, "since": "09:00"}
        lock_path(other).write_text(json.dumps(owner), encoding="utf-8")
        before = other.read_bytes()
        window = recolte.open_path(event_path)
        modals.save_name = str(other)  # the file dialog asked "replace?": the person said yes
        modals.lock_answer = "cancel"
        recolte.save_as(window)
        assert other.read_bytes() == before
    finally:
        process.kill()
        process.wait()


@pytest.mark.skipif(sys.platform == "win32", reason="Windows refuses to unlink an open file")
def test_save_as_onto_the_file_of_another_window_loses_no_edit(recolte, modals, event_path):
    other = event_path.with_name("autre.recolte")
    create_event(
        other, Event(title="Autre", start_date="2026-01-05", end_date="2026-01-05")
    ).close()
    first = recolte.open_path(event_path)
    recolte.open_path(other)
    modals.save_name = str(other)  # the file dialog asked "replace?": the person said yes
    recolte.save_as(first)

    (on_other,) = [w for w in recolte.windows if Path(w.document.path) == other]
    day = on_other.sidebar.model.days()[0]
    on_other.document.push(add(Session(title="Écrite après", kind="plenary", day=day)))
    recolte.close_all()
    with open_event(other, readonly=True) as store:
        assert "Écrite après" in [s.title for s in store.all_sessions()]


# -- 6. demo ----------------------------------------------------------------------------------


def test_open_demo_writes_it_once_then_reuses_it(recolte, data_dir, monkeypatch):
    window = recolte.open_demo()
    path = data_dir / "demo-en.recolte"
    assert window is not None and Path(window.document.path) == path
    assert len(window.document.read.all_sessions()) == 18
    first = window.document.read.all_sessions()[0]
    window.document.push(update(first, label="Rename session", title="Ouverture (répétée)"))
    recolte.close_window(window, show_start=False)

    def no_rebuild(*_args, **_kwargs):
        raise AssertionError("the demo was rebuilt")

    monkeypatch.setattr(demo_module, "build_demo", no_rebuild)
    again = recolte.open_demo()
    assert again is not None and Path(again.document.path) == path
    assert again.document.read.get(Session, first.id).title == "Ouverture (répétée)"
    assert len(again.document.read.all_sessions()) == 18
    assert [p.name for p in data_dir.glob("*.recolte")] == ["demo-en.recolte"]


# -- 7. backups -------------------------------------------------------------------------------


def test_backup_is_an_openable_copy_and_ten_are_kept(recolte, data_dir, event_path):
    window = recolte.open_path(event_path)
    capture_note(window, "Ouverture", "Une note à sauvegarder")
    folder = data_dir / "backups"
    folder.mkdir()
    fakes = [folder / f"rencontres-20200101-0000{n:02d}.recolte" for n in range(12)]
    for fake in fakes:
        fake.write_bytes(b"an older backup")
    unrelated = folder / "atelier-20200101-000000.recolte"
    unrelated.write_bytes(b"another event's backup")

    recolte._backup(window)

    kept = sorted(folder.glob("rencontres-*.recolte"))
    assert len(kept) == 10
    assert kept[:-1] == fakes[3:]  # the three oldest went
    newest = kept[-1]
    assert newest.name.startswith("rencontres-2") and newest not in fakes
    with open_event(newest) as store:
        assert "Une note à sauvegarder" in [
            n.text for s in store.all_sessions() for n in store.session_notes(s.id)
        ]
    assert unrelated.exists()


def test_backup_of_one_file_keeps_the_backups_of_its_copy(recolte, data_dir, event_path):
    window = recolte.open_path(event_path)
    folder = data_dir / "backups"
    folder.mkdir()
    copies = [folder / f"rencontres-copie-20200101-0000{n:02d}.recolte" for n in range(10)]
    for copy in copies:
        copy.write_bytes(b"a backup of rencontres-copie.recolte")
    recolte._backup(window)
    assert all(copy.exists() for copy in copies)
    assert len([p for p in folder.glob("rencontres-2*.recolte")]) == 1


def test_backup_opened_read_only_leaves_no_side_files(recolte, data_dir, event_path):
    window = recolte.open_path(event_path)
    recolte._backup(window)
    (backup,) = (data_dir / "backups").glob("rencontres-*.recolte")
    with open_event(backup, readonly=True) as store:
        assert len(store.all_sessions()) == 3
    assert side_files(backup) == []


# -- 8. start screen --------------------------------------------------------------------------


def test_start_screen_lists_recent_files_and_activation_asks_to_open(
    qtbot, settings, event_path, tmp_path
):
    other = tmp_path / "atelier.recolte"
    create_event(other, Event(title="Atelier")).close()
    gone = tmp_path / "disparu.recolte"
    for path in (gone, other, event_path):
        settings.add_recent(path)

    screen = StartScreen(settings)
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitExposed(screen)
    items = [screen.recent.item(row) for row in range(screen.recent.count())]
    assert [item.text() for item in items] == [
        "rencontres.recolte",
        "atelier.recolte",
        "disparu.recolte",
    ]
    assert "missing" in items[2].data(Qt.ItemDataRole.UserRole + 1)
    assert str(tmp_path) in items[0].data(Qt.ItemDataRole.UserRole + 1)
    assert items[2].flags() == Qt.ItemFlag.NoItemFlags  # a missing file cannot be chosen
    assert items[0].flags() & Qt.ItemFlag.ItemIsEnabled

    screen.recent.setFocus()
    screen.recent.setCurrentItem(items[1])
    with qtbot.waitSignal(screen.open_requested, timeout=1000) as blocker:
        qtbot.keyClick(screen.recent, Qt.Key.Key_Return)
    assert blocker.args == [other.resolve()]
    assert isinstance(blocker.args[0], Path)


def test_start_screen_without_recent_files_points_to_the_demo(qtbot, settings):
    screen = StartScreen(settings)
    qtbot.addWidget(screen)
    assert screen.recent.count() == 0
    texts = [label.text() for label in screen.findChildren(QLabel)]
    assert "No recent events yet: start with the demo." in texts


def test_start_screen_item_opens_the_event(recolte, settings, event_path, qtbot):
    settings.add_recent(event_path)
    recolte.show_start_screen()
    screen = recolte.start_screen
    assert screen is not None and screen.isVisible()
    screen.recent.itemActivated.emit(screen.recent.item(0))
    assert len(recolte.windows) == 1
    assert Path(recolte.windows[0].document.path) == event_path
    assert recolte.start_screen is None
    qtbot.waitUntil(lambda: not screen.isVisible(), timeout=1000)


def test_a_file_that_cannot_be_written_opens_read_only_with_one_notice(
    recolte, modals, event_path, monkeypatch
):
    """A locked USB key or a read-only share: the event still opens, for reading."""
    real_open = app_module.open_event
    asked: list[bool] = []

    def open_event(path, *, readonly=False):
        asked.append(readonly)
        if not readonly:  # what SQLite says on a read-only medium
            raise ReadOnlyFile(f"{path} cannot be opened for writing.")
        return real_open(path, readonly=True)

    monkeypatch.setattr(app_module, "open_event", open_event)
    window = recolte.open_path(event_path)
    assert asked == [False, True]
    assert window is not None and not window.document.editable
    assert "(read-only)" in window.windowTitle()
    assert not window.session_view.capture.isEnabled()
    assert len(modals.informations) == 1 and not modals.warnings
    assert str(event_path) in modals.informations[0][1]


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], (None, False, False, None)),
        (["x.recolte"], ("x.recolte", False, False, None)),
        (["--startup-check", "x.recolte"], ("x.recolte", True, False, None)),
        (["--demo", "--lang", "fr"], (None, False, True, "fr")),
        (["--lang=en", "é t é.recolte"], ("é t é.recolte", False, False, "en")),
        (["--lang", "de", "--unknown", "a.recolte"], ("a.recolte", False, False, None)),
    ],
)
def test_window_arguments(argv, expected):
    args = app_module._parse(argv)
    assert (args.event, args.startup_check, args.demo, args.lang) == expected
