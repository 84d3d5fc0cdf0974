"""How the window starts (issue 14): it fits the screen on first start and when restoring a
geometry saved on another screen; it carries Récolte's icon; an event file dropped on it (or
on the start screen) opens it, and anything else dropped is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QPoint, QPointF, QRect, QSize, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QWidget

import facilitator_app.app as app_module
from facilitator_app.app import Recolte
from facilitator_app.gui.main_window import MainWindow
from facilitator_app.gui.start_screen import StartScreen
from facilitator_app.gui.window_geometry import first_rect
from facilitator_app.gui.window_icon import ICON_SIZES, window_icon
from facilitator_app.paths import resource

PREFERRED = QSize(1280, 800)


# -- the rectangle, from the screen's available area -------------------------------------------


@pytest.mark.parametrize(
    "available",
    [
        QRect(0, 0, 1366, 728),  # 1366×768 with a 40 px task bar at the bottom
        QRect(0, 0, 1280, 720),
        QRect(0, 32, 1366, 736),  # a bar at the top
        QRect(1920, 0, 1024, 600),  # a small second screen right of a large one
    ],
)
def test_first_start_on_a_small_screen_leaves_room_for_the_frame(available):
    rect = first_rect(available, PREFERRED)
    assert available.contains(rect)
    assert rect.width() <= 0.92 * available.width()
    assert rect.height() <= 0.92 * available.height()
    assert rect.top() - available.top() >= 30  # the title bar above it stays on screen
    assert abs(rect.center().x() - available.center().x()) <= 1


def test_first_start_on_a_large_screen_is_1280_by_800_centred():
    available = QRect(0, 0, 2560, 1400)
    rect = first_rect(available, PREFERRED)
    assert rect.size() == PREFERRED
    assert abs(rect.center().x() - available.center().x()) <= 1
    assert abs(rect.center().y() - available.center().y()) <= 1


# -- real windows on the test's screen ----------------------------------------------------------


def _inside_screen(window: QWidget) -> bool:
    available = QGuiApplication.primaryScreen().availableGeometry()
    return available.contains(window.geometry())


def test_the_main_window_fits_the_screen_on_first_start(document, settings, qtbot):
    available = QGuiApplication.primaryScreen().availableGeometry()
    assert available.width() < 1280 or available.height() < 800  # else the test proves nothing
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert _inside_screen(window), (window.geometry(), available)
    status = window.statusBar()
    capture = window.session_view.capture.text
    for widget in (status, capture):
        bottom = widget.mapTo(window, QPoint(0, widget.height())).y()
        assert widget.isVisible() and bottom <= window.height()


@pytest.mark.parametrize(
    "saved",
    [
        QRect(2400, 200, 1800, 1100),  # on a monitor right of this screen, now unplugged
        QRect(300, 250, 1600, 1000),  # half off this screen, and larger than it
    ],
)
def test_a_saved_geometry_from_a_larger_screen_is_fitted(saved, document, settings, qtbot):
    big = QMainWindow()
    qtbot.addWidget(big)
    big.setGeometry(saved)
    settings.set_geometry("main_window", big.saveGeometry())
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert _inside_screen(window), window.geometry()


# -- the icon --------------------------------------------------------------------------------


def test_the_icon_exists_at_every_size_and_as_ico_and_icns():
    for size in ICON_SIZES:
        with Image.open(resource("icons", "png", f"recolte-{size}.png")) as image:
            assert image.format == "PNG" and image.size == (size, size)
            assert image.mode == "RGBA"
            corner, middle = image.getpixel((0, 0)), image.getpixel((size // 2, size // 2))
            assert middle[3] == 255 and corner != middle  # drawn, not a blank square
    with Image.open(resource("icons", "recolte.ico")) as ico:
        assert ico.format == "ICO"
        assert {(s, s) for s in (16, 24, 32, 48, 64, 128, 256)} <= set(ico.info["sizes"])
    with Image.open(resource("icons", "recolte.icns")) as icns:
        assert icns.format == "ICNS"
        for size in (16, 32, 64, 128, 256, 512):
            assert (size, size, 1) in icns.info["sizes"]
            assert icns.icns.getimage((size, size, 1)).size == (size, size)
        assert icns.icns.getimage((512, 512, 2)).size == (1024, 1024)  # ic10
    assert resource("icons", "recolte.svg").read_text(encoding="utf-8").lstrip().startswith("<")


def test_the_running_window_has_recoltes_icon(qapp, document, settings, qtbot, monkeypatch):
    """run_gui gives the application its icon; every window shows it."""
    monkeypatch.setattr(QApplication, "windowIcon", QApplication.windowIcon)  # restored after
    previous = qapp.windowIcon()
    qapp.setWindowIcon(window_icon())
    try:
        window = MainWindow(document, settings)
        qtbot.addWidget(window)
        window.show()
        icon = window.windowIcon()
        assert not icon.isNull()
        assert not icon.pixmap(16, 16).isNull() and not icon.pixmap(256, 256).isNull()
        assert icon.pixmap(256, 256).toImage().pixelColor(128, 128).alpha() == 255
    finally:
        qapp.setWindowIcon(previous)


ICON_CHILD = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from facilitator_app.app import run_gui
from facilitator_app.gui.main_window import MainWindow

app = QApplication(sys.argv[:1])

def look():
    window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
    icon = window.windowIcon()
    image = icon.pixmap(256, 256).toImage()
    print("null", icon.isNull(), "sizes", len(icon.availableSizes()),
          "alpha", image.pixelColor(128, 128).alpha(), flush=True)
    app.closeAllWindows()
    app.quit()

QTimer.singleShot(0, look)
sys.exit(run_gui(sys.argv[1:], started=0.0))
"""


def test_the_window_run_gui_opens_carries_the_icon(tmp_path, event_path):
    """The real composition root, in a process of its own (run_gui owns the application)."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path))
    env.update(XDG_CONFIG_HOME=str(tmp_path / "c"), XDG_DATA_HOME=str(tmp_path / "d"))
    env["PYTHONPATH"] = str(Path(app_module.__file__).resolve().parent.parent)
    done = subprocess.run(
        [sys.executable, "-c", ICON_CHILD, str(event_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "null False sizes 8 alpha 255" in done.stdout, (done.stdout, done.stderr)


# -- files dropped ---------------------------------------------------------------------------


def _drag(widget: QWidget, files: list[Path]) -> tuple[bool, QDropEvent]:
    """Drag files over `widget` and drop them as a file manager does: (accepted, drop)."""
    assert widget.acceptDrops()  # else the window system never delivers a drag to it
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f)) for f in files])
    centre = QPoint(widget.width() // 2, widget.height() - 5)
    enter = QDragEnterEvent(
        centre,
        Qt.DropAction.CopyAction | Qt.DropAction.MoveAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, enter)
    drop = QDropEvent(
        QPointF(centre),
        Qt.DropAction.CopyAction | Qt.DropAction.MoveAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    if enter.isAccepted():
        QApplication.sendEvent(widget, drop)
    return enter.isAccepted(), drop


@pytest.fixture
def recolte(qapp, settings, tmp_path, monkeypatch):
    warnings: list[tuple[str, str]] = []
    monkeypatch.setattr(app_module, "_data_dir", lambda: tmp_path / "data")
    (tmp_path / "data").mkdir()
    monkeypatch.setattr(
        QMessageBox,
        "warning",
        lambda _parent, title, text, *_a, **_k: warnings.append((title, text)),
    )
    application = Recolte(qapp, settings)
    application.warnings = warnings  # type: ignore[attr-defined]
    yield application
    application.quit()
    if application.start_screen is not None:
        application.start_screen.close()
        application.start_screen = None


@pytest.fixture
def second_event(tmp_path, event_path) -> Path:
    other = tmp_path / "autre rencontre.recolte"
    other.write_bytes(event_path.read_bytes())
    return other


def test_an_event_file_dropped_on_the_window_opens_it(recolte, event_path, second_event, qtbot):
    window = recolte.open_path(event_path)
    qtbot.waitExposed(window)
    accepted, drop = _drag(window, [second_event])
    assert accepted and drop.isAccepted()
    qtbot.waitUntil(lambda: len(recolte.windows) == 2)
    assert Path(recolte.windows[1].document.path) == second_event
    assert recolte.warnings == []


def test_another_kind_of_file_dropped_is_refused(recolte, event_path, tmp_path, qtbot):
    window = recolte.open_path(event_path)
    photo = tmp_path / "paperboard.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n")
    accepted, drop = _drag(window, [photo])
    assert not accepted  # the cursor says no
    qtbot.wait(50)
    assert len(recolte.windows) == 1 and recolte.warnings == []


def test_a_foreign_file_named_like_an_event_gets_one_sentence(recolte, event_path, tmp_path, qtbot):
    window = recolte.open_path(event_path)
    fake = tmp_path / "compte rendu.recolte"
    fake.write_text("Ceci n'est pas un événement.", encoding="utf-8")
    accepted, _drop = _drag(window, [fake])
    assert accepted
    qtbot.waitUntil(lambda: recolte.warnings != [])
    ((title, text),) = recolte.warnings
    assert title == "Cannot open the event" and "\n" not in text and "Traceback" not in text
    assert len(recolte.windows) == 1


def test_an_event_file_dropped_on_the_start_screen_opens_it(recolte, event_path, qtbot):
    recolte.show_start_screen()
    screen = recolte.start_screen
    assert isinstance(screen, StartScreen)
    assert _inside_screen(screen)
    assert not _drag(screen, [event_path.with_suffix(".txt")])[0]
    accepted, _drop = _drag(screen, [event_path])
    assert accepted
    qtbot.waitUntil(lambda: len(recolte.windows) == 1)
    assert Path(recolte.windows[0].document.path) == event_path
