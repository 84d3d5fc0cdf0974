"""« Save a copy… » of a photo suggests a plain file name inside the folder it offers, whatever
name the photo came with (a file written by another tool can name it `../../x` or
`/etc/passwd`)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from facilitator_app.core.photos import add_photos, new_photo
from facilitator_app.gui.widgets import photos as photos_widget
from facilitator_app.gui.widgets.photos import PhotosPanel


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 120, 40)).save(out, format="PNG")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "suggested"),
    [
        ("../../x.png", "x.png"),
        ("/etc/passwd", "passwd"),
        ("..", "photo"),
        ("paperboard été.png", "paperboard été.png"),
    ],
)
def test_save_a_copy_suggests_a_base_name_in_the_folder(
    document, qtbot, monkeypatch, name, suggested
):
    cafe_id = next(s.id for s in document.read.all_sessions() if s.kind == "world_cafe")
    document.push(
        add_photos([new_photo(png_bytes(), filename=name, session_id=cafe_id, position=0)])
    )
    panel = PhotosPanel(document)
    qtbot.addWidget(panel)
    panel.show()  # the panel loads its photos when shown
    panel.set_session(cafe_id)
    panel.select([p.id for p in document.read.session_attachments(cafe_id)])
    asked: list[str] = []

    def get_save_file_name(parent, caption, directory, *args, **kwargs):
        asked.append(directory)
        return "", ""  # the person cancels

    monkeypatch.setattr(photos_widget.QFileDialog, "getSaveFileName", get_save_file_name)
    assert panel.save_copy() is False
    assert asked == [str(Path.home() / suggested)]  # the folder offered first: the home one
