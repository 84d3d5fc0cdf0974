"""Help inside the window: the manual (F1, Help › Manual, links, both languages) and the tour."""

from __future__ import annotations

import subprocess
import sys

import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QKeySequence, QPalette
from sessions import session_titled

from facilitator_app.core.kinds import SessionKind
from facilitator_app.gui.actions import Act
from facilitator_app.gui.help.manual import (
    PAGES,
    TOPICS,
    anchors,
    page_path,
    split_anchors,
    topic_for,
)
from facilitator_app.gui.main_window import MainWindow
from facilitator_app.gui.widgets.session_view import PAGES_BY_KIND
from facilitator_app.i18n import set_language


def top_heading(help_window) -> str:
    """The text of the first heading in view: where the reader's eye lands."""
    browser = help_window.browser
    block = browser.cursorForPosition(QPoint(browser.viewport().width() // 2, 20)).block()
    while block.isValid() and block.blockFormat().headingLevel() == 0:
        block = block.next()
    return block.text()


@pytest.fixture
def window(qtbot, document, settings):
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close_for_good()


def press_f1(qtbot, window) -> None:
    action = window.actions_[Act.CONTEXT_HELP]
    assert action.shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    qtbot.keyClick(window.session_view.capture.text, Qt.Key.Key_F1)


@pytest.mark.parametrize(("language", "heading"), [("fr", "Plan de table"), ("en", "Seating plan")])
def test_f1_on_the_seating_plan_opens_its_section(qtbot, document, settings, language, heading):
    set_language(language)
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    cafe = session_titled(document, "World café « fonctions »")
    window.sidebar.select_session(cafe.id)
    window.session_view.show_page("seating")
    window.actions_[Act.CONTEXT_HELP].trigger()
    manual = window._help
    assert manual is not None and manual.isVisible()
    assert (manual.page, manual.anchor) == ("world-cafe", "seating")
    qtbot.waitUntil(lambda: top_heading(manual) == heading, timeout=1000)
    window.close_for_good()


@pytest.mark.parametrize(("language", "title"), [("fr", "Le world café"), ("en", "The world café")])
def test_f1_key_on_a_world_cafe_opens_the_world_cafe_page(
    qtbot, document, settings, language, title
):
    set_language(language)
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    cafe = session_titled(document, "World café « fonctions »")
    window.sidebar.select_session(cafe.id)
    press_f1(qtbot, window)
    manual = window._help
    assert manual is not None and manual.isVisible()
    assert manual.page == "world-cafe"
    assert manual.browser.document().firstBlock().text() == title
    assert manual.contents.currentItem().text() == title
    window.close_for_good()


def test_f1_on_a_round_table_and_on_the_participants(window):
    round_table = session_titled(window.document, "Table ronde")
    window.sidebar.select_session(round_table.id)
    assert window.current_view() == "speakers/round_table"
    window.actions_[Act.CONTEXT_HELP].trigger()
    assert window._help.page == "round-table"
    window.sidebar.select_page("participants")
    window.actions_[Act.CONTEXT_HELP].trigger()
    assert (window._help.page, window._help.anchor) == ("event", "participants")
    assert top_heading(window._help) == "Participants"


def test_help_manual_opens_the_contents_and_links_navigate(qtbot, window):
    window.actions_[Act.MANUAL].trigger()
    manual = window._help
    assert manual.page == "index"
    assert manual.browser.document().firstBlock().text() == "Contents"
    assert manual.contents.count() == len(PAGES)

    manual.browser.anchorClicked.emit(QUrl("idea-tree.md"))  # as a click on the link does
    assert manual.page == "idea-tree"
    assert manual.browser.document().firstBlock().text() == "The idea tree"
    manual.browser.anchorClicked.emit(QUrl("printing.md#synthesis"))
    assert (manual.page, manual.anchor) == ("printing", "synthesis")
    assert top_heading(manual) == "The synthesis"
    manual.browser.anchorClicked.emit(QUrl("#carnet"))  # within the page
    assert (manual.page, manual.anchor) == ("printing", "carnet")
    assert top_heading(manual) == "The event booklet"

    manual.back()
    manual.back()
    assert manual.page == "idea-tree"
    manual.back()
    assert manual.page == "index"
    manual.forward()
    assert manual.page == "idea-tree"


def test_a_link_in_the_page_is_followed_when_clicked(qtbot, window):
    manual = window.show_help("start")
    browser = manual.browser
    cursor = browser.document().find("The world café")
    assert not cursor.isNull() and cursor.charFormat().isAnchor()
    cursor.setPosition(cursor.selectionStart() + 3)
    point = browser.cursorRect(cursor).center()
    qtbot.mouseClick(browser.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert manual.page == "world-cafe"


def test_search_keeps_the_pages_that_hold_the_words(window):
    manual = window.show_help("start")
    manual.search.setText("chevalet")  # French word, English manual: nothing
    assert manual.nothing_found.isVisible()
    manual.search.setText("staple fold")
    shown = [
        manual.contents.item(r).data(Qt.ItemDataRole.UserRole)
        for r in range(manual.contents.count())
        if not manual.contents.item(r).isHidden()
    ]
    assert shown == ["printing"]
    manual.find_next()
    assert manual.page == "printing"
    assert manual.browser.textCursor().selectedText() == "Staple"


def test_every_page_exists_in_both_languages_with_the_same_anchors():
    for language in ("fr", "en"):
        folder = page_path("index", language).parent
        assert sorted(p.stem for p in folder.glob("*.md")) == sorted(PAGES), language
    for page in PAGES:
        assert anchors(page, "fr") == anchors(page, "en"), page


def test_links_between_pages_point_to_pages_and_anchors_that_exist():
    import re

    for language in ("fr", "en"):
        for page in PAGES:
            source, _marks = split_anchors(page_path(page, language).read_text("utf-8"))
            for target, anchor in re.findall(r"\]\(([\w-]*)(?:\.md)?#?([\w-]*)\)", source):
                assert (target or page) in PAGES, (language, page, target)
                if anchor:
                    assert anchor in anchors(target or page, language), (page, anchor)


def test_every_view_of_the_window_has_a_page_and_anchor_in_both_languages():
    views = [f"{tab}/{kind}" for kind, tabs in PAGES_BY_KIND.items() for tab in tabs]
    views += list(TOPICS)
    for view in views:
        topic = topic_for(view)
        assert topic.page in PAGES, view
        for language in ("fr", "en"):
            assert page_path(topic.page, language).is_file()
            if topic.anchor:
                assert topic.anchor in anchors(topic.page, language), (view, language)
    # every kind of session has its own page, not the contents
    for kind in SessionKind:
        main_tab = PAGES_BY_KIND[kind][0]
        assert topic_for(f"{main_tab}/{kind}").page != "index", kind


def test_french_pages_use_french_typography():
    for page in PAGES:
        text = page_path(page, "fr").read_text("utf-8")
        assert "« " not in text and " »" not in text, page  # U+202F inside « »
        assert " :" not in text and " ;" not in text and " ?" not in text, page
        prose = "\n".join(line for line in text.splitlines() if "`" not in line)
        assert "'" not in prose, page


def test_the_tour_shows_its_steps_and_can_be_replayed(qtbot, window, settings):
    assert not settings.tour_done
    window.actions_[Act.TOUR].trigger()
    tour = window.tour
    panel = tour.panel
    assert panel.isVisible()
    assert panel.progress.text() == "Step 1 of 5"
    assert panel.title.text() == "The programme"
    # the panel sits beside the programme, inside the window, without covering it
    sidebar = window.sidebar.geometry()
    sidebar.moveTopLeft(window.sidebar.mapTo(window, QPoint(0, 0)))
    assert window.rect().contains(panel.geometry())
    assert not panel.geometry().intersects(sidebar)
    titles = [panel.title.text()]
    while panel.next_button.text() == "Next":
        qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
        titles.append(panel.title.text())
    assert titles == [
        "The programme",
        "The session’s pages",
        "The capture box",
        "Search",
        "Print and share",
    ]
    assert panel.next_button.text() == "Finish"
    qtbot.mouseClick(panel.back_button, Qt.MouseButton.LeftButton)
    assert panel.title.text() == "Search"
    qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)  # Finish
    assert not tour.running and not panel.isVisible()
    assert settings.tour_done

    window.actions_[Act.TOUR].trigger()  # Help › Take the tour, again
    assert window.tour is not tour and window.tour.panel.isVisible()
    assert window.tour.panel.title.text() == "The programme"


def test_the_page_behind_does_not_show_through_the_tour_panel(qtbot, window):
    window.resize(1400, 860)
    window.start_tour()
    window.tour.go(2)  # the capture box: the panel sits over the notes table
    panel = window.tour.panel
    qtbot.waitUntil(panel.isVisible)
    image = window.grab().toImage()
    background = panel.palette().color(QPalette.ColorRole.Window).name()
    y = panel.text.geometry().top() - 2  # between the title and the text, inside the margins
    seen = {
        image.pixelColor(panel.mapTo(window, QPoint(x, y))).name()
        for x in range(20, panel.width() - 20)
    }
    assert seen == {background}  # the table's white rows showed through, under the text


def test_escape_skips_the_tour(qtbot, window, settings):
    window.start_tour()
    panel = window.tour.panel
    qtbot.keyClick(panel.next_button, Qt.Key.Key_Escape)
    assert not panel.isVisible()
    assert settings.tour_done


def test_the_tour_in_french(qtbot, document, settings):
    set_language("fr")
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    window.show()
    window.start_tour()
    panel = window.tour.panel
    assert panel.progress.text() == "Étape 1 sur 5"
    assert panel.skip_button.text() == "Passer"
    qtbot.mouseClick(panel.skip_button, Qt.MouseButton.LeftButton)
    assert not panel.isVisible() and settings.tour_done
    window.close_for_good()


def test_a_window_never_starts_the_tour_by_itself(qtbot, window, settings):
    """Only `run_gui`'s first start (with a screen, without --startup-check) or Help › Take
    the tour start it: a window opened under tests shows none."""
    qtbot.wait(50)
    window.first_painted.emit()
    assert window.tour is None and not settings.tour_done


def test_the_help_modules_wait_for_the_first_use():
    script = (
        "import sys, facilitator_app.app, facilitator_app.gui.main_window;"
        "print([m for m in sys.modules if m.startswith('facilitator_app.gui.help')])"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
