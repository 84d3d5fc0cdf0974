"""Help → About Récolte: the program's name, version and purpose."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from facilitator_app import __version__
from facilitator_app.i18n import tr

__all__ = ["show_about"]


def show_about(parent: QWidget) -> None:
    QMessageBox.about(
        parent,
        tr("About Récolte"),
        tr(
            "<b>Récolte</b> {version}<br>Plan, run and harvest participatory events, offline.",
            version=__version__,
        ),
    )
