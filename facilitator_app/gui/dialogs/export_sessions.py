"""`SessionChooser`: the sessions a synthesis covers, grouped by day, each with its times.

A tree: one checkable row per day (checking it checks its sessions; partly checked when only
some are), the day's sessions under it with their start and end times in a column of their
own and the title beside. It never scrolls sideways: the title column takes what width is
left and a long title is cut with « … », its whole text in the tooltip.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem

from facilitator_app.core.model import Session
from facilitator_app.core.vocabulary import session_kind_label
from facilitator_app.gui.models.programme import day_label
from facilitator_app.i18n import tr

__all__ = ["SessionChooser"]

_ID = Qt.ItemDataRole.UserRole
TIME, TITLE = range(2)


def _times(session: Session) -> str:
    return "–".join(t for t in (session.start, session.end) if t)


class SessionChooser(QTreeWidget):
    def __init__(self, sessions: Iterable[Session]) -> None:
        super().__init__()
        self.setObjectName("exportSessions")
        self.setAccessibleName(tr("Sessions"))
        self.setColumnCount(2)
        self.setHeaderLabels([tr("Time"), tr("Session")])
        self.setHeaderHidden(True)
        self.setRootIsDecorated(True)
        self.setUniformRowHeights(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(TIME, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        days: dict[str, list[Session]] = {}
        for session in sessions:
            days.setdefault(session.day, []).append(session)
        self.days: list[QTreeWidgetItem] = []
        self._sessions: list[QTreeWidgetItem] = []
        for number, (day, chosen) in enumerate(sorted(days.items()), start=1):
            label = day_label(day, number) if day else tr("No day")
            item = QTreeWidgetItem([label])
            item.setFirstColumnSpanned(True)
            item.setFlags(
                item.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsAutoTristate
            )
            font = item.font(TIME)
            font.setBold(True)
            item.setFont(TIME, font)
            item.setToolTip(TIME, label)
            self.addTopLevelItem(item)
            item.setFirstColumnSpanned(True)  # once in the tree: Qt keeps it per parent
            for session in chosen:
                title = session.title or tr("(untitled)")
                child = QTreeWidgetItem([_times(session), title])
                child.setData(TIME, _ID, session.id)
                child.setFlags(child.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                child.setCheckState(TIME, Qt.CheckState.Checked)
                kind = session_kind_label(session.kind)
                child.setToolTip(TITLE, f"{title} · {kind}")
                child.setToolTip(TIME, f"{title} · {kind}")
                item.addChild(child)
                self._sessions.append(child)
            self.days.append(item)
        self.expandAll()

    def sessions(self) -> list[QTreeWidgetItem]:
        return list(self._sessions)

    def checked_ids(self) -> list[str]:
        return [
            str(item.data(TIME, _ID))
            for item in self.sessions()
            if item.checkState(TIME) == Qt.CheckState.Checked
        ]

    def check_all(self, state: Qt.CheckState) -> None:
        for item in self.sessions():
            item.setCheckState(TIME, state)
