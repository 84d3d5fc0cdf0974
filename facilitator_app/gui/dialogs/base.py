"""`RecolteDialog`: the small base every dialog shares (geometry kept, UI built in `_setup_ui`)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QWidget

from facilitator_app.gui.settings import Settings

__all__ = ["RecolteDialog"]


class RecolteDialog(QDialog):
    geometry_key = ""

    def __init__(self, parent: QWidget | None = None, *, settings: Settings | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._setup_ui()
        if settings and self.geometry_key:
            saved = settings.geometry(self.geometry_key)
            if saved is not None:
                self.restoreGeometry(saved)

    def _setup_ui(self) -> None:
        raise NotImplementedError

    def done(self, result: int) -> None:
        if self._settings and self.geometry_key:
            self._settings.set_geometry(self.geometry_key, self.saveGeometry())
        super().done(result)
