"""The export dialog (issue 15, defect 9): sessions grouped by day with their times, no
sideways scrolling at 1366×768, a greyed-out choice says why, and a preview of the first
pages of the PDF it is about to write."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize, Qt

from facilitator_app.core.demo import build_demo
from facilitator_app.core.model import Session
from facilitator_app.gui.dialogs.export_dialog import ExportDialog
from facilitator_app.gui.document import EventDocument
from facilitator_app.store import open_event, write_new_event

LONG = "Atelier « coopérer entre tiers-lieux » : " + "une très longue question " * 8


@pytest.fixture
def demo_document(tmp_path, qtbot, demo_content):
    path = tmp_path / "rencontres.recolte"
    write_new_event(path, build_demo(content=demo_content))
    document = EventDocument(open_event(path))
    yield document
    document.close()


def test_sessions_are_grouped_by_day_with_their_times(qtbot, document):
    dialog = ExportDialog(document)
    qtbot.addWidget(dialog)
    tree = dialog.sessions
    days = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert len(days) == 2 and "11" in days[0] and "12" in days[1]
    first_day = tree.topLevelItem(0)
    rows = [(first_day.child(i).text(0), first_day.child(i).text(1)) for i in range(2)]
    assert rows == [("09:30–10:00", "Ouverture"), ("10:00–11:30", "World café « fonctions »")]
    # a day is ticked and unticked as one; partly ticked when some of its sessions are
    first_day.setCheckState(0, Qt.CheckState.Unchecked)
    assert dialog.request().session_ids == [s.id for s in document.read.day_sessions("2026-06-12")]
    first_day.child(0).setCheckState(0, Qt.CheckState.Checked)
    assert first_day.checkState(0) == Qt.CheckState.PartiallyChecked
    first_day.setCheckState(0, Qt.CheckState.Checked)
    assert dialog.request().session_ids is None  # every session


def test_no_sideways_scrolling_at_1366x768(qtbot, document):
    from facilitator_app.core.commands import update

    session = next(s for s in document.read.all_sessions() if s.title == "Table ronde")
    document.push(update(document.read.get(Session, session.id), title=LONG))
    dialog = ExportDialog(document)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    size = dialog.frameGeometry().size()
    assert size.boundedTo(QSize(1366, 768 - 40)) == size  # fits the screen, taskbar aside
    tree = dialog.sessions
    assert tree.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    assert tree.header().length() <= tree.viewport().width()
    long_row = next(item for item in tree.sessions() if item.text(1) == LONG)
    assert long_row.toolTip(1).startswith(LONG)  # the whole title where it is cut


def test_a_greyed_out_choice_says_why(qtbot, document):
    dialog = ExportDialog(document)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.booklet.isEnabled()
    assert dialog.format_hint.isVisible() and "A4" in dialog.format_hint.text()
    assert not dialog.sessions_hint.isVisible()
    dialog.choice.buttons()[1].setChecked(True)  # the carnet: no session to choose
    assert dialog.booklet.isEnabled() and not dialog.format_hint.isVisible()
    assert not dialog.sessions.isEnabled() and dialog.sessions_hint.isVisible()


def test_the_preview_shows_the_first_pages(qtbot, demo_document):
    dialog = ExportDialog(demo_document)
    qtbot.addWidget(dialog)
    dialog.show()
    preview = dialog.preview
    qtbot.waitUntil(lambda: preview.preview is not None, timeout=120_000)
    title = demo_document.read.event_record().title
    sheets = [sheet for sheet in preview.sheets if sheet.isVisible()]
    assert len(sheets) == 3
    first = " ".join((sheets[0].heading.text() + " " + sheets[0].text.text()).split())
    assert title.split()[0] in first  # the cover carries the event's title
    assert f"{preview.preview.pages} pages in all" in preview.status.text()
    assert preview.preview.pages > 3
    # another choice: the pages shown are greyed out until the new ones come
    dialog.choice.buttons()[1].setChecked(True)
    assert not preview.sheets[0].isEnabled()
    qtbot.waitUntil(lambda: preview.sheets[0].isEnabled(), timeout=120_000)
    cover = " ".join(
        (preview.sheets[0].heading.text() + " " + preview.sheets[0].text.text()).split()
    )
    assert "carnet" in cover.lower()
    # and nothing was written where the PDF goes
    assert not any(p.suffix == ".pdf" for p in dialog._default_folder().iterdir())
