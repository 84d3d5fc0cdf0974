"""Every button on every page has an icon, pages built after the first paint too (issue 15,
defect 8: the Photos and café Set-up buttons had none)."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QToolButton

from facilitator_app.core.demo import build_demo
from facilitator_app.gui.document import EventDocument
from facilitator_app.gui.main_window import MainWindow
from facilitator_app.gui.widgets.programme import PAGES
from facilitator_app.gui.widgets.session_view import PAGES_BY_KIND
from facilitator_app.store import open_event, write_new_event


def _without_icon(widget) -> list[str]:
    missing = []
    for button in widget.findChildren(QPushButton) + widget.findChildren(QToolButton):
        if not button.isVisibleTo(widget) or button.objectName().startswith("qt_"):
            continue
        if isinstance(button, QToolButton) and (
            button.arrowType().value or button.defaultAction() is not None
        ):
            continue  # a tab bar's scroll arrow; a toolbar's action (it has its own icon)
        if button.icon().isNull():
            missing.append(f"{type(button.parent()).__name__}: {button.text()!r}")
    return missing


def test_every_visible_button_of_every_page_has_an_icon(qtbot, tmp_path, settings):
    path = tmp_path / "demo.recolte"
    write_new_event(path, build_demo())
    document = EventDocument(open_event(path))
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    with qtbot.waitSignal(window.first_painted, timeout=5000):
        window.show()
    qtbot.waitUntil(lambda: window.sidebar.pages.item(0).icon().isNull() is False, timeout=5000)
    missing: list[str] = []
    kinds_seen = set()
    for session in document.read.all_sessions():
        if session.kind in kinds_seen:
            continue
        kinds_seen.add(session.kind)
        window.sidebar.select_session(session.id)
        for key in PAGES_BY_KIND[session.kind]:
            window.session_view.show_page(key)
            qtbot.wait(1)
            missing += [f"{session.kind.value}/{key}: {m}" for m in _without_icon(window)]
    for key, _ in PAGES:
        window.sidebar.select_page(key)
        qtbot.wait(1)
        missing += [f"{key}: {m}" for m in _without_icon(window)]
    assert len(kinds_seen) >= 5
    assert not sorted(set(missing))
    document.close()
