"""`ErrorDialog`: an unexpected error said in one sentence, with « Copy details » and Close
(`gui.errors.ErrorReporter` opens it)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.i18n import tr

__all__ = ["ErrorDialog"]


class ErrorDialog(QDialog):
    """One sentence, « Copy details » and Close; not modal, so the work can go on."""

    def __init__(self, sentence: str, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.details = details
        self.setWindowTitle(tr("Something went wrong"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize)
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size)
        )
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.message = QLabel(sentence)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setMinimumWidth(360)
        self.more = QLabel()
        self.more.setWordWrap(True)
        self.more.hide()
        text = QVBoxLayout()
        text.addWidget(self.message)
        text.addWidget(self.more)
        text.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addSpacing(8)
        top.addLayout(text, 1)

        buttons = QDialogButtonBox()
        self.copy_button = QPushButton(tr("Copy details"))
        self.copy_button.setToolTip(
            tr("Put the technical report on the clipboard, to send to whoever helps you")
        )
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.setDefault(True)
        self.close_button.setFocus()
        self.copy_button.clicked.connect(self.copy_details)
        buttons.rejected.connect(self.reject)
        self.close_button.clicked.connect(self.accept)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(buttons)
        self._others = 0

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details)
        self.copy_button.setText(tr("Copied"))

    def add_error(self, details: str) -> None:
        """Another error while this one is shown: its details join, a line counts them."""
        self._others += 1
        self.details += "\n" + details
        self.copy_button.setText(tr("Copy details"))
        self.more.setText(
            tr("One more error happened since.")
            if self._others == 1
            else tr("{n} more errors happened since.", n=self._others)
        )
        self.more.show()
