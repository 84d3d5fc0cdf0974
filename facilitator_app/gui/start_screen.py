"""`StartScreen`: shown when no event is open: recent events, a new event, the demo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.gui.settings import Settings
from facilitator_app.i18n import tr

__all__ = ["StartScreen"]


class StartScreen(QWidget):
    open_requested = Signal(object)  # Path, or None to ask
    new_requested = Signal()
    demo_requested = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Récolte")
        title = QLabel("Récolte")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 2.4)
        font.setBold(True)
        title.setFont(font)
        tagline = QLabel(tr("Plan, run and harvest participatory events, offline."))
        new = QPushButton(tr("New event…"))
        new.clicked.connect(self.new_requested)
        open_ = QPushButton(tr("Open…"))
        open_.clicked.connect(lambda: self.open_requested.emit(None))
        demo = QPushButton(tr("Open the demo event"))
        demo.setToolTip(tr("The two-day Rencontres des coopérations territoriales"))
        demo.clicked.connect(self.demo_requested)
        buttons = QHBoxLayout()
        for button in (new, open_, demo):
            button.setMinimumHeight(36)
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.recent = QListWidget()
        for path in settings.recent_files:
            item = QListWidgetItem(f"{path.stem}\n{path.parent}")
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            item.setToolTip(str(path))
            if not path.exists():
                item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.recent.addItem(item)
        self.recent.itemActivated.connect(
            lambda item: self.open_requested.emit(Path(item.data(Qt.ItemDataRole.UserRole)))
        )
        recent_label = QLabel(
            tr("Recent events")
            if self.recent.count()
            else tr("No recent events yet: start with the demo.")
        )

        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 32, 40, 32)
        layout.addWidget(title)
        layout.addWidget(tagline)
        layout.addSpacing(16)
        layout.addLayout(buttons)
        layout.addSpacing(16)
        layout.addWidget(recent_label)
        layout.addWidget(self.recent, 1)
        self.resize(720, 480)
