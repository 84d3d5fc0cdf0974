"""`PhotoViewer`: one paperboard photo shown large, fitted to the window.

The photo is decoded once at the size of the screen (a 48-megapixel original is not decoded
in full), turned upright as its EXIF orientation says, and scaled smoothly to the window each
time the window is resized. Escape or the window's close button closes it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPixmap, QResizeEvent
from PySide6.QtWidgets import QDialog, QLabel, QSizePolicy, QVBoxLayout, QWidget

from facilitator_app.gui.models.photos import decode_scaled
from facilitator_app.i18n import tr

__all__ = ["PhotoViewer"]


class PhotoViewer(QDialog):
    def __init__(self, data: bytes, *, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("photoViewer")
        self.setWindowTitle(title)
        screen = (parent.screen() if parent else None) or QGuiApplication.primaryScreen()
        available = screen.availableGeometry()
        self._ratio = screen.devicePixelRatio()
        side = round(max(available.width(), available.height()) * self._ratio)
        self._pixmap = QPixmap.fromImage(decode_scaled(data, side))

        self.image = QLabel()
        self.image.setObjectName("photoViewerImage")
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.image.setMinimumSize(120, 90)
        self.image.setStyleSheet("background: #263238; color: #eceff1;")
        if self._pixmap.isNull():
            self.image.setText(tr("This photo cannot be shown."))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.image)

        width = round(available.width() * 0.8)
        height = round(available.height() * 0.8)
        if not self._pixmap.isNull():  # the window takes the photo's shape
            shape = self._pixmap.size().scaled(width, height, Qt.AspectRatioMode.KeepAspectRatio)
            width, height = max(shape.width(), 320), max(shape.height(), 240)
        self.resize(width, height)

    @property
    def pixmap(self) -> QPixmap:
        """The photo as decoded for this screen (before fitting it to the window)."""
        return self._pixmap

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._pixmap.isNull():
            return
        target = self.image.size() * self._ratio
        scaled = self._pixmap.scaled(
            target,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        scaled.setDevicePixelRatio(self._ratio)
        self.image.setPixmap(scaled)
