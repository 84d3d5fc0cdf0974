"""A drawing on a `QGraphicsScene` (the idea tree) saved as a PNG picture or an SVG drawing.

The PNG is rendered at twice the screen's size, on a white ground (a picture meant for a
slide or a document, whatever the window's theme), antialiased; the SVG keeps text as text
and shapes as paths, for a drawing program or a web page. Both are written all or nothing
(`formats.writing.write_atomically`): a failure leaves no half file.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsScene

from facilitator_app.formats.writing import write_atomically

__all__ = ["PNG_SCALE", "write_png", "write_svg"]

PNG_SCALE = 2.0  # sharp when projected or printed; the demo's largest tree stays under 20 MB
PAPER = Qt.GlobalColor.white  # the ground of an exported picture, not a colour of the theme
_MAX_SIDE = 12_000  # QImage refuses (or exhausts memory on) larger pictures


def _render(scene: QGraphicsScene, painter: QPainter, target: QRectF) -> None:
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    scene.render(painter, target, scene.sceneRect())


def write_png(scene: QGraphicsScene, out: Path) -> Path:
    """The whole scene as a PNG at `PNG_SCALE` (less for a very large tree); returns `out`."""
    rect = scene.sceneRect()
    scale = min(PNG_SCALE, _MAX_SIDE / max(rect.width(), rect.height(), 1.0))
    size = QSize(max(1, round(rect.width() * scale)), max(1, round(rect.height() * scale)))

    def write(path: Path) -> None:
        image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(PAPER)
        painter = QPainter(image)
        _render(scene, painter, QRectF(0, 0, size.width(), size.height()))
        painter.end()
        if not image.save(str(path), "PNG"):
            raise OSError(0, "the picture could not be saved", str(out))

    return write_atomically(out, write)


def write_svg(scene: QGraphicsScene, out: Path, *, title: str = "") -> Path:
    """The whole scene as an SVG drawing of the same size; returns `out`."""
    rect = scene.sceneRect()
    size = QSize(max(1, round(rect.width())), max(1, round(rect.height())))

    def write(path: Path) -> None:
        generator = QSvgGenerator()
        generator.setFileName(str(path))
        generator.setSize(size)
        generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
        generator.setTitle(title)
        generator.setDescription("Récolte")
        painter = QPainter(generator)
        painter.fillRect(QRectF(0, 0, size.width(), size.height()), PAPER)
        _render(scene, painter, QRectF(0, 0, size.width(), size.height()))
        painter.end()

    return write_atomically(out, write)
