"""File → Export PDF: the document is written off the GUI thread, can be cancelled, and the
dialog offers to open it."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from facilitator_app.core.demo import build_demo
from facilitator_app.gui.dialogs.export_dialog import ExportDialog
from facilitator_app.gui.document import EventDocument
from facilitator_app.gui.exporting import export_job
from facilitator_app.printing.documents import ExportRequest
from facilitator_app.store import open_event, write_new_event


@pytest.fixture
def demo_document(tmp_path, qtbot, demo_content):
    path = tmp_path / "rencontres.recolte"
    write_new_event(path, build_demo(content=demo_content))
    document = EventDocument(open_event(path))
    yield document
    document.close()


@pytest.mark.parametrize("document_key", ["synthesis", "carnet"])
def test_the_dialog_writes_the_pdf_and_offers_to_open_it(qtbot, demo_document, document_key):
    dialog = ExportDialog(demo_document)
    qtbot.addWidget(dialog)
    dialog.show()
    for button in dialog.choice.buttons():
        button.setChecked(button.property("document") == document_key)
    assert dialog.path.text().endswith(".pdf")
    dialog.start()
    assert not dialog.export_button.isEnabled() and dialog.progress.isVisible()
    qtbot.waitUntil(lambda: dialog.job is None, timeout=120_000)
    assert dialog.written is not None and dialog.written.exists(), dialog.status.text()
    pages = len(PdfReader(dialog.written).pages)
    assert f"{pages} pages" in dialog.status.text()
    assert dialog.open_button.isVisible() and dialog.export_button.isEnabled()


def test_some_sessions_only(qtbot, demo_document):
    dialog = ExportDialog(demo_document)
    qtbot.addWidget(dialog)
    dialog._check_all(Qt.CheckState.Unchecked)
    dialog.sessions.sessions()[0].setCheckState(0, Qt.CheckState.Checked)
    request = dialog.request()
    assert request.document == "synthesis"
    assert list(request.session_ids) == [demo_document.read.all_sessions()[0].id]
    dialog._check_all(Qt.CheckState.Checked)
    assert dialog.request().session_ids is None  # every session


def test_the_carnet_can_be_a_booklet_in_english(qtbot, demo_document):
    dialog = ExportDialog(demo_document)
    qtbot.addWidget(dialog)
    dialog.choice.buttons()[1].setChecked(True)
    assert not dialog.sessions.isEnabled() and dialog.booklet.isEnabled()
    dialog.booklet.setCurrentIndex(1)
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    request = dialog.request()
    assert (request.document, request.booklet, request.language) == ("carnet", True, "en")


def test_a_cancelled_export_leaves_no_file(qtbot, demo_document, tmp_path):
    out = tmp_path / "synthèse.pdf"
    job = export_job(ExportRequest("synthesis", out), demo_document.snapshot())
    job.cancel()
    with qtbot.waitSignal(job.cancelled, timeout=60_000):
        job.run()
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.suffix in (".pdf", ".part")] == []


def test_an_unwritable_folder_is_one_sentence(qtbot, demo_document, tmp_path):
    dialog = ExportDialog(demo_document)
    qtbot.addWidget(dialog)
    dialog.path.setText(str(tmp_path / "nowhere" / "synthèse.pdf"))
    dialog.start()
    assert dialog.job is None and "does not exist" in dialog.status.text()


def test_the_synthesis_can_be_anonymised(qtbot, demo_document, tmp_path):
    dialog = ExportDialog(demo_document)
    qtbot.addWidget(dialog)
    assert dialog.anonymise.isEnabled() and not dialog.anonymise.isChecked()
    assert dialog.request().anonymise is False
    dialog.anonymise.setChecked(True)
    assert dialog.request().anonymise is True
    dialog.choice.buttons()[1].setChecked(True)  # the carnet is for the participants
    assert not dialog.anonymise.isEnabled() and dialog.request().anonymise is False
    dialog.choice.buttons()[0].setChecked(True)
    dialog.path.setText(str(tmp_path / "à partager.pdf"))
    dialog.start()
    qtbot.waitUntil(lambda: dialog.job is None, timeout=120_000)
    assert dialog.written is not None and dialog.written.exists(), dialog.status.text()
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(dialog.written).pages)
    names = [p.name for p in demo_document.read.all_participants()]
    assert names and "Participant" in text
    assert not [name for name in names if name in text]
