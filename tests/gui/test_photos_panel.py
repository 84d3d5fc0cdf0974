"""Paperboard photos of a session: added from files, dropped or pasted, kept as the original
bytes in the event file, captioned, attached to a table and round, undone and redone."""

from __future__ import annotations

import io

import pytest
from gui_keys import type_text
from PIL import Image
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDropEvent, QImage
from PySide6.QtWidgets import QApplication

from facilitator_app.core.model import Attachment
from facilitator_app.core.photos import Place, add_photos, new_photo
from facilitator_app.gui.models.photos import ID_ROLE, PLACE_ROLE, PhotosModel
from facilitator_app.gui.widgets.photos import PhotosPanel
from facilitator_app.store import open_event

CAPTION = "Tableau d’idées — cœur du réseau"


def jpeg_bytes(width=1600, height=1200, *, orientation=None, colour=(240, 232, 215)) -> bytes:
    image = Image.new("RGB", (width, height), colour)
    image.paste((40, 60, 160), (0, 0, width // 3, height))
    out = io.BytesIO()
    if orientation is None:
        image.save(out, format="JPEG", quality=80)
    else:
        exif = Image.Exif()
        exif[0x0112] = orientation
        image.save(out, format="JPEG", quality=80, exif=exif)
    return out.getvalue()


def in_file(path):
    """The live photos as the event file holds them, read by a second connection."""
    with open_event(path, readonly=True) as store:
        return [a for s in store.all_sessions() for a in store.session_attachments(s.id)]


@pytest.fixture
def cafe_id(document):
    return next(s.id for s in document.read.all_sessions() if s.kind == "world_cafe")


@pytest.fixture
def panel(document, cafe_id, qtbot):
    widget = PhotosPanel(document)
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show()
    widget.set_session(cafe_id)
    return widget


@pytest.fixture
def photo_file(tmp_path):
    path = tmp_path / "paperboard table 1.jpg"
    path.write_bytes(jpeg_bytes(orientation=6))
    return path


def wait_thumbnails(qtbot, model):
    qtbot.waitUntil(lambda: model.pending() == 0, timeout=5000)


def test_the_model_passes_the_model_tester(document, cafe_id, qtmodeltester, qtbot):
    model = PhotosModel(document)
    qtmodeltester.check(model)  # no session: no rows
    sid = cafe_id
    document.push(
        add_photos(
            [
                new_photo(jpeg_bytes(), filename="a.jpg", session_id=sid, position=0),
                new_photo(jpeg_bytes(400, 300), filename="b.jpg", session_id=sid, position=1),
            ]
        )
    )
    model.set_session(sid)
    wait_thumbnails(qtbot, model)
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 2
    pixmap = model.index(0).data(Qt.ItemDataRole.DecorationRole)
    assert pixmap is not None and max(pixmap.deviceIndependentSize().toSize().toTuple()) <= 160


def test_a_photo_added_from_a_file_is_the_original_and_undo_redo_follow(
    panel, document, cafe_id, photo_file, event_path, qtbot
):
    original = photo_file.read_bytes()
    added = panel.add_files([photo_file])
    assert len(added) == 1
    (photo,) = document.read.session_attachments(cafe_id)
    assert photo.data == original  # byte for byte: EXIF orientation and all
    assert (photo.filename, photo.media_type) == ("paperboard table 1.jpg", "image/jpeg")
    assert [p.data for p in in_file(event_path)] == [original]
    assert panel.model.rowCount() == 1 and panel.current_photo().id == photo.id
    assert document.undo_stack.undoText() == "Add photo"

    document.undo_stack.undo()
    assert document.read.session_attachments(cafe_id) == []
    assert in_file(event_path) == []
    assert panel.model.rowCount() == 0

    document.undo_stack.redo()
    assert [p.data for p in document.read.session_attachments(cafe_id)] == [original]
    assert panel.model.rowCount() == 1
    wait_thumbnails(qtbot, panel.model)
    thumbnail = panel.model.thumbnail(photo.id)
    assert thumbnail is not None
    size = thumbnail.deviceIndependentSize().toSize()
    assert size.height() > size.width()  # EXIF orientation 6: the landscape sensor image stands up


def test_several_files_are_one_undo_step(panel, document, cafe_id, tmp_path):
    paths = []
    for number in range(3):
        path = tmp_path / f"tour{number}.jpg"
        path.write_bytes(jpeg_bytes(300 + number, 200))
        paths.append(path)
    panel.add_files(paths)
    assert [p.filename for p in document.read.session_attachments(cafe_id)] == [
        "tour0.jpg",
        "tour1.jpg",
        "tour2.jpg",
    ]
    assert document.undo_stack.undoText() == "Add photos"
    document.undo_stack.undo()
    assert document.read.session_attachments(cafe_id) == []


def test_a_non_image_file_is_refused_and_nothing_is_added(panel, document, cafe_id, tmp_path):
    text = tmp_path / "compte-rendu.txt"
    text.write_text("Table 1 : animation du réseau", encoding="utf-8")
    fake = tmp_path / "faux.jpg"
    fake.write_text("pas une image", encoding="utf-8")
    steps = document.undo_stack.count()

    assert panel.add_files([text]) == []
    assert panel.notice.isVisibleTo(panel)
    assert "compte-rendu.txt" in panel.notice.text()
    assert "\n" not in panel.notice.text()

    assert panel.add_files([fake, tmp_path / "absent.png"]) == []
    assert "2 files were not added" in panel.notice.text()
    assert document.read.session_attachments(cafe_id) == []
    assert document.undo_stack.count() == steps


def test_a_damaged_jpeg_is_refused(panel, document, cafe_id, tmp_path):
    broken = tmp_path / "abîmée.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 200)
    assert panel.add_files([broken]) == []
    assert "abîmée.jpg" in panel.notice.text()
    assert document.read.session_attachments(cafe_id) == []


def test_a_scan_of_144_megapixels_is_added_downscaled_and_the_panel_says_so(
    panel, document, cafe_id, paperboard_bomb, qtbot
):
    """A 450 KB PNG of 12,000 × 12,000 pixels was refused as « damaged » (Qt will not
    decode 576 MB for a thumbnail). It is now kept at 6,000 × 6,000, and said so."""
    added = panel.add_files([paperboard_bomb])
    assert len(added) == 1
    (photo,) = document.read.session_attachments(cafe_id)
    assert (photo.filename, photo.media_type) == ("scan paperboard.jpg", "image/jpeg")
    assert Image.open(io.BytesIO(photo.data)).size == (6000, 6000)
    assert panel.notice.isVisibleTo(panel)
    assert panel.notice.text() == (
        "“scan paperboard.png” had 144 megapixels: it is kept at 6000 × 6000 pixels "
        "(at most 40 megapixels per photo)."
    )
    assert "b71c1c" not in panel.notice.styleSheet()  # said, not an error
    wait_thumbnails(qtbot, panel.model)
    assert panel.model.thumbnail(photo.id) is not None
    assert document.undo_stack.undoText() == "Add photo"


def test_paste_an_image_from_the_clipboard_stores_a_png(panel, document, cafe_id):
    image = QImage(320, 240, QImage.Format.Format_RGB32)
    image.fill(QColor("#f3ead8"))
    QApplication.clipboard().setImage(image)
    added = panel.paste()
    assert len(added) == 1
    (photo,) = document.read.session_attachments(cafe_id)
    assert photo.media_type == "image/png" and photo.filename.endswith(".png")
    stored = QImage.fromData(photo.data)
    assert stored.size() == image.size()
    assert stored.pixelColor(10, 10) == QColor("#f3ead8")


def test_paste_without_an_image_says_so(panel, document, cafe_id):
    QApplication.clipboard().setText("Une phrase, pas une photo")
    assert panel.paste() == []
    assert panel.notice.text() == "The clipboard holds no image to paste."
    assert document.read.session_attachments(cafe_id) == []


def drop(widget, paths=(), image=None):
    mime = QMimeData()
    if paths:
        mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    if image is not None:
        mime.setImageData(image)
    event = QDropEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    widget.dropEvent(event)
    return event


def test_dropping_image_files_from_the_file_manager_adds_them(
    panel, document, cafe_id, photo_file, tmp_path
):
    assert drop(panel.grid, [photo_file]).isAccepted()
    assert [p.data for p in document.read.session_attachments(cafe_id)] == [photo_file.read_bytes()]
    second = tmp_path / "deuxième.png"
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(QColor("#88aa44"))
    assert image.save(str(second))
    drop(panel, [second])  # beside the grid, on the panel itself
    assert [p.filename for p in document.read.session_attachments(cafe_id)] == [
        "paperboard table 1.jpg",
        "deuxième.png",
    ]
    assert panel.model.pending() == 0  # thumbnails of added photos are decoded once, at once
    assert panel.model.thumbnail(document.read.session_attachments(cafe_id)[1].id) is not None


def test_an_image_dragged_from_another_program_is_stored_as_png(panel, document, cafe_id):
    image = QImage(80, 60, QImage.Format.Format_RGB32)
    image.fill(QColor("#cc3344"))
    drop(panel.grid, image=image)
    (photo,) = document.read.session_attachments(cafe_id)
    assert photo.media_type == "image/png"
    assert QImage.fromData(photo.data).size() == image.size()


def test_placing_on_a_table_and_round(panel, document, cafe_id, photo_file):
    (photo_id,) = panel.add_files([photo_file])
    table = document.read.session_tables(cafe_id)[0]
    round_ = document.read.session_rounds(cafe_id)[0]
    texts = [panel.place_combo.itemText(r) for r in range(panel.place_combo.count())]
    assert texts[0] == "The whole session"
    assert "Table 1 · Animation · Round 1" in texts
    assert "Note: Être présent au cœur du réseau" in texts

    row = texts.index("Table 1 · Animation · Round 1")
    panel.place_combo.setCurrentIndex(row)
    panel.place_combo.activated.emit(row)
    photo = document.read.get(Attachment, photo_id)
    assert (photo.table_id, photo.round_id, photo.note_id) == (table.id, round_.id, None)
    assert panel.model.index(0).data(PLACE_ROLE) == "Table 1 · Round 1"

    note_row = texts.index("Note: Être présent au cœur du réseau")
    panel.place_combo.setCurrentIndex(note_row)
    panel.place_combo.activated.emit(note_row)
    photo = document.read.get(Attachment, photo_id)
    assert (photo.table_id, photo.round_id) == (None, None) and photo.note_id is not None
    assert panel.model.index(0).data(PLACE_ROLE).startswith("Note: Être présent")

    document.undo_stack.undo()
    assert panel.place_combo.currentText() == "Table 1 · Animation · Round 1"
    document.undo_stack.undo()
    photo = document.read.get(Attachment, photo_id)
    assert (photo.table_id, photo.round_id, photo.note_id) == (None, None, None)
    assert panel.place_combo.currentIndex() == 0
    assert panel.model.index(0).data(PLACE_ROLE) == ""


def test_a_french_caption_is_saved_intact_while_typing(
    panel, document, photo_file, event_path, qtbot
):
    (photo_id,) = panel.add_files([photo_file])
    steps = document.undo_stack.count()
    panel.caption_edit.setFocus()
    type_text(panel.caption_edit, CAPTION)
    qtbot.waitUntil(
        lambda: document.read.get(Attachment, photo_id).caption == CAPTION, timeout=3000
    )
    assert [p.caption for p in in_file(event_path)] == [CAPTION]
    assert panel.model.index(0).data(Qt.ItemDataRole.DisplayRole) == CAPTION
    assert document.undo_stack.count() == steps + 1  # one typing run, one undo step

    document.undo_stack.undo()
    assert document.read.get(Attachment, photo_id).caption == ""
    assert panel.caption_edit.text() == ""
    document.undo_stack.redo()
    assert panel.caption_edit.text() == CAPTION


def test_delete_key_removes_the_selected_photo_and_undo_restores_it(
    panel, document, cafe_id, photo_file, qtbot
):
    (photo_id,) = panel.add_files([photo_file])
    panel.grid.setFocus()
    panel.activateWindow()
    qtbot.waitUntil(panel.grid.hasFocus, timeout=2000)
    qtbot.keyClick(panel.grid, Qt.Key.Key_Delete)
    assert document.read.session_attachments(cafe_id) == []
    assert panel.model.rowCount() == 0
    document.undo_stack.undo()
    assert [p.id for p in document.read.session_attachments(cafe_id)] == [photo_id]
    assert panel.model.index(0).data(ID_ROLE) == photo_id


def test_reordering_and_saving_a_copy(panel, document, cafe_id, tmp_path):
    paths = []
    for name in ("amorcer.jpg", "maintenir.jpg", "renforcer.jpg"):
        path = tmp_path / name
        path.write_bytes(jpeg_bytes(200, 150))
        paths.append(path)
    panel.add_files(paths)
    ids = [p.id for p in document.read.session_attachments(cafe_id)]
    assert panel.move(ids[2], 0)  # dropped before the first
    assert [p.filename for p in document.read.session_attachments(cafe_id)][0] == "renforcer.jpg"
    assert panel.model.index(0).data(ID_ROLE) == ids[2]
    document.undo_stack.undo()
    assert [p.id for p in document.read.session_attachments(cafe_id)] == ids
    assert [panel.model.index(r).data(ID_ROLE) for r in range(3)] == ids

    panel.select([ids[1]])
    copy = tmp_path / "copie.jpg"
    assert panel.save_copy(copy)
    assert copy.read_bytes() == paths[1].read_bytes()


def test_double_click_shows_the_photo_large_and_upright(panel, photo_file, qtbot):
    panel.add_files([photo_file])
    viewer = panel.open_viewer()
    assert viewer is not None
    qtbot.addWidget(viewer)
    assert not viewer.pixmap.isNull()
    assert viewer.pixmap.height() > viewer.pixmap.width()  # EXIF orientation applied
    assert viewer.windowTitle() == "paperboard table 1.jpg"


def test_a_hidden_panel_reads_the_photos_only_when_shown(document, cafe_id, qtbot, monkeypatch):
    calls = []
    real = document.read.session_attachments
    monkeypatch.setattr(
        document.store, "session_attachments", lambda sid: calls.append(sid) or real(sid)
    )
    panel = PhotosPanel(document)
    qtbot.addWidget(panel)
    panel.set_session(cafe_id)
    assert calls == []
    panel.show()
    assert calls == [cafe_id]


def test_empty_panel_says_how_to_add_photos(panel):
    assert panel.model.rowCount() == 0
    assert panel.grid.empty_text == "Drop paperboard photos here, paste one, or use Add photos…"
    assert not panel.delete_button.isEnabled() and panel.add_button.isEnabled()


def test_photos_attached_to_a_table_show_it_when_loaded(document, cafe_id, qtbot):
    table = document.read.session_tables(cafe_id)[0]
    round_ = document.read.session_rounds(cafe_id)[0]
    place = Place(table_id=table.id, round_id=round_.id)
    document.push(
        add_photos(
            [new_photo(jpeg_bytes(), filename="t.jpg", session_id=cafe_id, position=0, place=place)]
        )
    )
    panel = PhotosPanel(document)
    qtbot.addWidget(panel)
    panel.show()
    panel.set_session(cafe_id)
    assert panel.model.index(0).data(PLACE_ROLE) == "Table 1 · Round 1"
    assert panel.place_combo.currentText() == "Table 1 · Animation · Round 1"


def test_a_read_only_event_shows_its_photos_but_takes_none(event_path, cafe_id, qtbot, tmp_path):
    from facilitator_app.gui.document import EventDocument

    writable = EventDocument(open_event(event_path))
    writable.push(
        add_photos([new_photo(jpeg_bytes(), filename="a.jpg", session_id=cafe_id, position=0)])
    )
    writable.close()
    document = EventDocument(open_event(event_path, readonly=True))
    try:
        panel = PhotosPanel(document)
        qtbot.addWidget(panel)
        panel.show()
        panel.set_session(cafe_id)
        assert panel.model.rowCount() == 1
        assert panel.save_button.isEnabled()
        for widget in (panel.add_button, panel.paste_button, panel.delete_button):
            assert not widget.isEnabled()
        assert not panel.caption_edit.isEnabled() and not panel.grid.accepts_files
    finally:
        document.close()
