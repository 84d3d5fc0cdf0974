"""`StartScreen`: shown when no event is open: recent events, a new event, the demo."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QLocale, QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import (
    QFont,
    QPainter,
    QPalette,
)
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.gui.file_drop import EventFileDrops
from facilitator_app.gui.settings import Settings
from facilitator_app.gui.window_geometry import place_window
from facilitator_app.i18n import current_language, tr

__all__ = ["StartScreen"]


_DETAIL_ROLE = Qt.ItemDataRole.UserRole + 1


def _detail(path: Path) -> str:
    """The folder, and when the file was last changed (or that it is missing)."""
    try:
        changed = datetime.fromtimestamp(path.stat().st_mtime)
    except OSError:
        return tr("{folder} · missing", folder=path.parent)
    when = QLocale(
        QLocale.Language.French if current_language() == "fr" else QLocale.Language.English
    ).toString(changed, QLocale.FormatType.ShortFormat)
    return tr("{folder} · changed {when}", folder=path.parent, when=when)


class _RecentDelegate(QStyledItemDelegate):
    """A recent event on two lines: the file name, then its folder and date in grey."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        line = option.fontMetrics.height()
        return QSize(option.rect.width(), 2 * line + 14)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        self.initStyleOption(option, index)
        text, option.text = option.text, ""
        style = option.widget.style() if option.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        enabled = bool(option.state & QStyle.StateFlag.State_Enabled)
        area = option.rect.adjusted(10, 6, -10, -6)
        line = option.fontMetrics.height()
        painter.save()
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        group = QPalette.ColorGroup.Normal if enabled else QPalette.ColorGroup.Disabled
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.setPen(option.palette.color(group, role))
        painter.drawText(area.adjusted(0, 0, 0, -line), Qt.AlignmentFlag.AlignLeft, text)
        painter.setFont(option.font)
        if not selected:
            painter.setPen(
                option.palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
            )
        detail = option.fontMetrics.elidedText(
            str(index.data(_DETAIL_ROLE) or ""), Qt.TextElideMode.ElideMiddle, area.width()
        )
        painter.drawText(area.adjusted(0, line + 2, 0, 0), Qt.AlignmentFlag.AlignLeft, detail)
        painter.restore()


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
        self.recent.setAccessibleName(tr("Recent events"))
        self.recent.setItemDelegate(_RecentDelegate(self.recent))
        for path in settings.recent_files:
            item = QListWidgetItem(path.name)
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            item.setData(_DETAIL_ROLE, _detail(path))
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
        place_window(self, None, QSize(720, 480))
        EventFileDrops(self, self.open_requested.emit)  # as in the main window
