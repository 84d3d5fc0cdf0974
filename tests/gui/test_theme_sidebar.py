"""The programme sidebar shows one selection at a time, and a session keeps its colour dot
when selected (issue 15, defect 10)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor

from facilitator_app.core.model import Session
from facilitator_app.gui.main_window import MainWindow


def _window(qtbot, document, settings) -> MainWindow:
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    qtbot.waitExposed(window)
    return window


def _session(document, title: str) -> Session:
    return next(s for s in document.read.all_sessions() if s.title == title)


def _click(qtbot, view, rect) -> None:
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _selected_rows(sidebar) -> tuple[int, int]:
    """(page rows selected, programme rows selected)."""
    return (
        len(sidebar.pages.selectedItems()),
        len(sidebar.tree.selectionModel().selectedRows()),
    )


def test_a_page_then_the_same_session_again_leaves_one_selection(qtbot, document, settings):
    window = _window(qtbot, document, settings)
    sidebar = window.sidebar
    cafe = _session(document, "World café « fonctions »")
    sidebar.select_session(cafe.id)
    assert _selected_rows(sidebar) == (0, 1)

    participants = sidebar.pages.item(1)
    _click(qtbot, sidebar.pages, sidebar.pages.visualItemRect(participants))
    assert window.shown_page() == "participants"
    assert _selected_rows(sidebar) == (1, 0)

    # the session that was current before: clicked again, it is shown and alone selected
    index = sidebar.model.index_of_session(cafe.id)
    _click(qtbot, sidebar.tree, sidebar.tree.visualRect(index))
    assert window.stack.currentWidget() is window.session_view
    assert window.session_view.session is not None
    assert window.session_view.session.id == cafe.id
    assert _selected_rows(sidebar) == (0, 1)


def test_choosing_a_session_clears_the_page_list(qtbot, document, settings):
    window = _window(qtbot, document, settings)
    sidebar = window.sidebar
    sidebar.select_page("event")
    assert _selected_rows(sidebar) == (1, 0)
    opening = _session(document, "Ouverture")
    index = sidebar.model.index_of_session(opening.id)
    _click(qtbot, sidebar.tree, sidebar.tree.visualRect(index))
    assert _selected_rows(sidebar) == (0, 1)
    assert not sidebar.pages.currentItem() or not sidebar.pages.currentItem().isSelected()


def _pixels_near(image, rect, colour: QColor) -> int:
    """How many pixels of the row's first 40 px are of `colour` (the dot, when it is drawn)."""
    count = 0
    for x in range(rect.left(), rect.left() + 40):
        for y in range(rect.top(), rect.bottom()):
            pixel = image.pixelColor(QPoint(x, y))
            distance = (
                abs(pixel.red() - colour.red())
                + abs(pixel.green() - colour.green())
                + abs(pixel.blue() - colour.blue())
            )
            count += distance < 30
    return count


def test_the_selected_session_keeps_its_colour_dot(qtbot, document, settings):
    window = _window(qtbot, document, settings)
    sidebar = window.sidebar
    cafe = _session(document, "World café « fonctions »")
    kind = QColor(cafe.kind.spec.colour)
    index = sidebar.model.index_of_session(cafe.id)
    rect = sidebar.tree.visualRect(index)
    sidebar.select_page("event")
    unselected = _pixels_near(sidebar.tree.viewport().grab().toImage(), rect, kind)
    assert unselected >= 40  # a dot of 11 px across

    sidebar.select_session(cafe.id)
    sidebar.tree.setFocus()
    qtbot.wait(20)
    selected = _pixels_near(sidebar.tree.viewport().grab().toImage(), rect, kind)
    assert selected >= unselected * 0.8
