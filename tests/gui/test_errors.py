"""gui.errors: an error nobody handled shows one sentence with « Copy details », and is logged.

pytest-qt's own exception capture is turned off here: these tests install the reporter as
`run_gui` does and raise for real inside slots, threads and thread-pool workers.
"""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QRunnable, Qt, QThreadPool
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPushButton

from facilitator_app.gui.dialogs.error_dialog import ErrorDialog
from facilitator_app.gui.errors import LOG_LIMIT, LOG_NAME, ErrorReporter

pytestmark = pytest.mark.qt_no_exception_capture


@pytest.fixture
def reporter(tmp_path, qtbot):
    reporting = ErrorReporter(tmp_path / "données" / LOG_NAME)
    reporting.install()
    yield reporting
    reporting.uninstall()
    if reporting.dialog is not None:
        reporting.dialog.close()


def failing_button(qtbot, error: Exception) -> QPushButton:
    button = QPushButton("Exporter")
    qtbot.addWidget(button)

    def slot() -> None:
        raise error

    button.clicked.connect(slot)
    return button


def dialog_of(reporter: ErrorReporter, qtbot) -> ErrorDialog:
    qtbot.waitUntil(
        lambda: reporter.dialog is not None and reporter.dialog.isVisible(), timeout=3000
    )
    assert reporter.dialog is not None
    return reporter.dialog


def test_an_error_in_a_slot_shows_one_sentence_copies_details_and_is_logged(reporter, qtbot):
    failing_button(qtbot, ValueError("la note « cœur » est introuvable")).click()

    dialog = dialog_of(reporter, qtbot)
    assert dialog.windowTitle() == "Something went wrong"
    assert dialog.message.text() == (
        "Something went wrong (ValueError: la note « cœur » est introuvable); "
        "your work saved so far is safe in the file."
    )
    assert dialog.copy_button.text() == "Copy details"

    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith("Traceback (most recent call last):")
    assert "in slot" in copied and "ValueError: la note « cœur » est introuvable" in copied
    assert dialog.copy_button.text() == "Copied"
    assert dialog.isVisible()  # copying does not close it

    log = reporter.log_path.read_text(encoding="utf-8")
    assert log.startswith("== ") and "Récolte" in log.splitlines()[0]
    assert "ValueError: la note « cœur » est introuvable" in log

    dialog.close_button.click()
    qtbot.waitUntil(lambda: reporter.dialog is None, timeout=2000)


def test_the_same_error_repeated_shows_one_dialog(reporter, qtbot):
    button = failing_button(qtbot, KeyError("table-3"))
    for _ in range(5):
        button.click()
    dialog = dialog_of(reporter, qtbot)
    assert dialog.more.isHidden()  # the repeats did not count as more errors
    dialog.close()
    qtbot.waitUntil(lambda: reporter.dialog is None, timeout=2000)
    button.click()  # once more after it was closed: still not shown again
    qtbot.wait(50)
    assert reporter.dialog is None
    log = reporter.log_path.read_text(encoding="utf-8")
    assert log.count("KeyError: 'table-3'") == 6  # but every one is logged


def test_other_errors_while_a_dialog_is_open_join_it(reporter, qtbot):
    failing_button(qtbot, ValueError("première")).click()
    dialog = dialog_of(reporter, qtbot)
    failing_button(qtbot, RuntimeError("deuxième")).click()
    failing_button(qtbot, ZeroDivisionError("troisième")).click()
    assert reporter.dialog is dialog
    assert dialog.more.text() == "2 more errors happened since."
    assert "RuntimeError: deuxième" in dialog.details
    assert "ZeroDivisionError: troisième" in dialog.details


def test_an_error_in_a_thread_reaches_the_window(reporter, qtbot):
    def work() -> None:
        raise OSError("le disque a disparu")

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    dialog = dialog_of(reporter, qtbot)
    assert "OSError: le disque a disparu" in dialog.message.text()


def test_an_error_in_a_thread_pool_worker_reaches_the_window(reporter, qtbot):
    class Worker(QRunnable):
        def run(self) -> None:
            raise LookupError("session effacée pendant l’export")

    QThreadPool.globalInstance().start(Worker())
    dialog = dialog_of(reporter, qtbot)
    assert "LookupError: session effacée pendant l’export" in dialog.message.text()


def test_a_long_message_is_cut_in_the_sentence_not_in_the_details(reporter, qtbot):
    failing_button(qtbot, ValueError("x" * 5000)).click()
    dialog = dialog_of(reporter, qtbot)
    assert len(dialog.message.text()) < 250
    assert "x" * 5000 in dialog.details


def test_the_log_stays_small(reporter, qtbot):
    reporter.log_path.parent.mkdir(parents=True, exist_ok=True)
    reporter.log_path.write_text("== old\n" + "ligne\n" * 60_000, encoding="utf-8")
    button = failing_button(qtbot, ValueError("encore"))
    button.click()
    size = reporter.log_path.stat().st_size
    assert size <= LOG_LIMIT
    assert reporter.log_path.read_text(encoding="utf-8").rstrip().endswith("ValueError: encore")


def test_uninstall_gives_the_hooks_back(tmp_path):
    import sys

    before = (sys.excepthook, threading.excepthook)
    reporting = ErrorReporter(tmp_path / LOG_NAME)
    reporting.install()
    assert sys.excepthook != before[0]
    reporting.uninstall()
    assert (sys.excepthook, threading.excepthook) == before


def test_the_dialog_in_french(reporter, qtbot):
    from facilitator_app.i18n import set_language

    set_language("fr")
    failing_button(qtbot, ValueError("boum")).click()
    dialog = dialog_of(reporter, qtbot)
    assert dialog.message.text().startswith("Un problème est survenu")
    assert dialog.copy_button.text() == "Copier les détails"
