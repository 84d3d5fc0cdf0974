"""Each kind of session shows its own pages: the tabs follow the kind, every page opens as its
real widget (built by the page factories of `session_view`, no module looked up by name), and
changing a session's type in its dialog changes its tabs while the file keeps the kind's
identifier."""

from __future__ import annotations

import sqlite3

from PySide6.QtWidgets import QDialog, QDialogButtonBox

from facilitator_app.core.commands import add
from facilitator_app.core.kinds import SessionKind
from facilitator_app.core.model import Session
from facilitator_app.gui.main_window import MainWindow
from facilitator_app.gui.widgets.session_view import SessionView
from facilitator_app.i18n import set_language

CAFE = ["Notes", "Set-up", "Seating plan", "Clock", "Harvest", "Photos"]
SPEAKERS = ["Speakers and quotes", "Notes", "Photos"]
TABS = {
    SessionKind.WORLD_CAFE: CAFE,
    SessionKind.IDEA_TREE: ["Tree", "Notes", "Votes", "Photos"],
    SessionKind.GRID: ["Grid", "Notes", "Votes", "Photos"],
    SessionKind.ROUND_TABLE: SPEAKERS,
    SessionKind.TESTIMONY: SPEAKERS,
    SessionKind.PLENARY: ["Notes", "Photos"],
    SessionKind.OTHER: ["Notes", "Photos"],
}
WIDGETS = {
    "Set-up": "CafeSetupPanel",
    "Seating plan": "SeatingEditor",
    "Clock": "CafeClock",
    "Harvest": "HarvestView",
    "Tree": "IdeaTreeEditor",
    "Grid": "GridEditor",
    "Votes": "VotesPanel",
    "Speakers and quotes": "RoundTablePanel",
    "Photos": "PhotosPanel",
}


def tab_titles(view: SessionView) -> list[str]:
    return [view.tabs.tabText(i) for i in range(view.tabs.count())]


def test_each_kind_shows_its_tabs_and_every_page_opens(qtbot, document):
    view = SessionView(document)
    qtbot.addWidget(view)
    view.show()
    for kind in SessionKind:
        session = Session(title=f"Séance {kind}", kind=kind, day="2026-06-12", position=9)
        assert document.push(add(session))
        view.set_session(session.id)
        assert tab_titles(view) == TABS[kind], kind
        for index, title in enumerate(TABS[kind]):
            view.tabs.setCurrentIndex(index)
            page = view.tabs.currentWidget()
            if title != "Notes":
                assert type(page).__name__ == WIDGETS[title], (kind, title)
            assert view.tabs.tabText(index) == title  # the page took its placeholder's place


def test_changing_the_type_in_the_dialog_changes_the_tabs(
    qtbot, document, settings, event_path, monkeypatch
):
    from facilitator_app.gui.dialogs.session_dialog import SessionDialog

    set_language("fr")
    opening = next(s for s in document.read.all_sessions() if s.title == "Ouverture")
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    window.show()
    window.sidebar.select_session(opening.id)
    assert tab_titles(window.session_view) == ["Notes", "Photos"]
    offered = []

    def answer(dialog: QDialog) -> int:
        offered.extend(dialog.kind.itemText(i) for i in range(dialog.kind.count()))
        dialog.kind.setCurrentIndex(dialog.kind.findText("Grille"))
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
        return dialog.result()

    monkeypatch.setattr(SessionDialog, "exec", answer)
    window.edit_session()

    assert offered == [
        "World café",
        "Arbre à idées",
        "Grille",
        "Table ronde",
        "Témoignages",
        "Plénière",
        "Autre",
    ]
    assert window.session_view.session.kind is SessionKind.GRID
    assert tab_titles(window.session_view) == ["Grille", "Notes", "Votes", "Photos"]
    assert "Grille" in window.session_view.details.text()
    with sqlite3.connect(event_path) as conn:
        held = conn.execute("SELECT kind FROM sessions WHERE id = ?", (opening.id,)).fetchone()
    assert held == ("grid",)


def test_a_hidden_cafe_page_reads_the_cafe_when_shown(qtbot, document):
    """The seating plan and the clock are not read again while another tab covers them, and
    show the café as it is once their tab is chosen."""
    from facilitator_app.core.model import CafeTable

    view = SessionView(document)
    qtbot.addWidget(view)
    view.show()
    cafe = next(s for s in document.read.all_sessions() if s.kind is SessionKind.WORLD_CAFE)
    view.set_session(cafe.id)
    pages = {}
    for title in ("Seating plan", "Clock"):  # built, then covered by the notes
        view.tabs.setCurrentIndex(CAFE.index(title))
        pages[title] = view.tabs.currentWidget()
    view.tabs.setCurrentIndex(CAFE.index("Notes"))
    before = len(pages["Seating plan"].cafe.tables)

    assert document.push(add(CafeTable(session_id=cafe.id, number=99, theme="Table ajoutée")))
    assert len(pages["Seating plan"].cafe.tables) == before  # hidden: not read yet
    assert len(pages["Clock"].cafe.tables) == before
    for title, page in pages.items():
        view.tabs.setCurrentIndex(CAFE.index(title))
        assert len(page.cafe.tables) == before + 1, title
