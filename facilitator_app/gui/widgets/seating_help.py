"""What the seating page says to a person: the empty state, the figures in words, the legend.

A café without seats is one sentence and one prominent button, not a grid of empty boxes.
Once planned, the planner's three figures (CONTRACT §3: table repeats, repeated pairs, apart
violations) are said as a facilitator would («22 pairs meet again · nobody returns to a
table»), with a tooltip saying how each is counted; a legend explains the coloured names,
★ and 📌. The colours are the seating grid's own (`seating._COLOURS`), passed in.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from facilitator_app.core.rotation import MarkKind, Metrics
from facilitator_app.gui.icons import icon
from facilitator_app.i18n import tr, tr_count

__all__ = ["EmptyPlan", "figures", "figures_tooltip", "legend_html"]


class EmptyPlan(QWidget):
    """No seating plan yet: what the page is for, and the one action that fills it."""

    def __init__(self, compute: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sentence = QLabel(
            tr(
                "Nobody is seated yet. Compute the rotation: everyone gets a table for every "
                "round, meeting as many new people as possible."
            )
        )
        self.sentence.setWordWrap(True)
        self.sentence.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # a readable measure, and the height of its lines at that width: a wrapped label
        # centred in a layout got the height of one guess and was cut (seen at 1366×768)
        width = self.fontMetrics().averageCharWidth() * 60
        self.sentence.setFixedWidth(width)
        self.sentence.setMinimumHeight(self.sentence.heightForWidth(width))
        # the page is built when its tab is first shown, after start-up: the icon can come now
        self.button = QPushButton(icon("compute"), tr("Compute the rotation"))
        self.button.setAccessibleName(tr("Compute the rotation"))
        self.button.setToolTip(tr("Seat everyone for every round, keeping pinned seats"))
        self.button.setDefault(True)
        self.button.setMinimumHeight(self.fontMetrics().height() * 2 + 8)
        self.button.clicked.connect(compute)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.sentence, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)


def figures(metrics: Metrics) -> str:
    """The plan's figures in plain words, most serious first."""
    parts = []
    if metrics.apart_violations:
        parts.append(
            tr_count(
                metrics.apart_violations,
                "1 pair to keep apart shares a table",
                "{n} pairs to keep apart share a table",
            )
        )
    if metrics.repeated_pairs:
        parts.append(tr_count(metrics.repeated_pairs, "1 pair meets again", "{n} pairs meet again"))
    else:
        parts.append(tr("everyone meets new people at every round"))
    if metrics.table_repeats:
        parts.append(
            tr_count(
                metrics.table_repeats,
                "1 return to a table already visited",
                "{n} returns to a table already visited",
            )
        )
    else:
        parts.append(tr("nobody returns to a table"))
    text = " · ".join(parts)
    return text[:1].upper() + text[1:]


def figures_tooltip() -> str:
    return tr(
        "Pairs meeting again: each time two people share a table again after an earlier "
        "round (yellow names). Returns: each time a traveller sits at a table already "
        "visited (orange names; hosts stay on purpose). Pairs to keep apart: colleagues "
        "the session keeps apart, seated together (red names)."
    )


def legend_html(colours: Mapping[MarkKind, QColor]) -> str:
    """One line explaining the coloured names and the marks before them."""

    def swatch(kind: MarkKind, text: str) -> str:
        colour = colours[kind].name()
        return (
            f'<span style="background-color:{colour}; color:#000000">&nbsp;{escape(text)}'
            "&nbsp;</span>"
        )

    parts = [
        swatch(MarkKind.MET_AGAIN, tr("meets someone again")),
        swatch(MarkKind.TABLE_AGAIN, tr("back at a table")),
        swatch(MarkKind.APART, tr("seated with a colleague to keep apart")),
        escape(tr("★ table host (stays at the table)")),
        escape(tr("📌 pinned seat (kept when computed again)")),
    ]
    return " &nbsp; ".join(parts)
