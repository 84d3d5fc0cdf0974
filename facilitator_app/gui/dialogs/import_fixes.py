"""What a person corrects in the import preview, so that one bad row does not block the rest.

The CLI's `import-csv` stays all or nothing; the window lets the person fix a cell where the
row is shown, or skip the row. `PreviewFixes` keeps the typed cells by (line, column of the
file) — the file itself is never written — and gives the table to check (`preview`, every
row, corrected) and the table to import (`to_import`, without the skipped rows). The
sentences under the preview (`summary`, `advice`) count what will really happen.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from PySide6.QtWidgets import QMainWindow, QPushButton, QTableView, QWidget

from facilitator_app.formats.people_import import ADD, INVALID, SAME, UPDATE, ImportPlan
from facilitator_app.formats.spreadsheet import Table
from facilitator_app.gui.icons import icon
from facilitator_app.i18n import tr, tr_count

__all__ = [
    "PreviewFixes",
    "summary",
    "advice",
    "importable",
    "bad_left",
    "editable_fields",
    "fit_columns",
    "skip_button",
    "announce",
]

_SHOWN_PROBLEMS = 4  # below the preview; the red rows show the rest


class PreviewFixes:
    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], str] = {}

    def clear(self) -> None:
        self.cells.clear()

    def set_field(self, line: int, key: str, text: str, *, mapping: Sequence[str | None]) -> bool:
        """Put `text` in the column that feeds the field `key` on `line` (False: no column
        does). A name typed whole replaces the first name too: it is the whole name."""
        if key not in mapping:
            return False
        self.cells[(line, mapping.index(key))] = text
        if key == "name" and "first_name" in mapping:
            self.cells[(line, mapping.index("first_name"))] = ""
        return True

    def preview(self, table: Table) -> Table:
        return table.edited(self.cells)

    def to_import(self, table: Table, skipped: Collection[int]) -> Table:
        return table.edited(self.cells, skip=skipped)


def editable_fields(mapping: Sequence[str | None]) -> frozenset[str]:
    """The fields a preview cell can correct: those a column feeds (the name through the
    first name's column too)."""
    keys = {key for key in mapping if key}
    return frozenset(keys | ({"name"} if "first_name" in keys else set()))


def fit_columns(view: QTableView, columns: int) -> None:
    """The preview's columns sized to their content, names never cut (48 characters at most:
    a longer cell is cut at its edge)."""
    view.resizeColumnsToContents()
    widest = view.fontMetrics().averageCharWidth() * 48
    for column in range(columns):
        view.setColumnWidth(column, min(view.columnWidth(column) + 8, widest))


def skip_button() -> QPushButton:
    button = QPushButton(icon("skip"), tr("Skip every row with a problem"))
    button.setToolTip(tr("Import the other rows and leave these out"))
    return button


def announce(plan: ImportPlan, skipped: int, window: QWidget | None) -> str:
    """What was imported, said in the window's status bar (the dialog is closing)."""
    done = tr(
        "{added} added, {updated} updated.",
        added=plan.count(ADD),
        updated=plan.count(UPDATE),
    )
    if skipped:
        done += " " + tr_count(
            skipped, "1 row skipped: it was not imported.", "{n} rows skipped: not imported."
        )
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(done, 10_000)
    return done


def _left(plan: ImportPlan, skipped: Collection[int], action: str) -> int:
    return sum(1 for row in plan.rows if row.action == action and row.line not in skipped)


def bad_left(plan: ImportPlan, skipped: Collection[int]) -> int:
    """How many rows are still wrong: neither fixed nor skipped."""
    return _left(plan, skipped, INVALID)


def importable(plan: ImportPlan, skipped: Collection[int]) -> bool:
    """Whether Import can go: the columns are right, every bad row is fixed or skipped, and
    something is left to add or update."""
    if plan.problems or _left(plan, skipped, INVALID):
        return False
    return _left(plan, skipped, ADD) + _left(plan, skipped, UPDATE) > 0


def summary(plan: ImportPlan, skipped: Collection[int]) -> str:
    parts = [
        tr("To add: {n}", n=_left(plan, skipped, ADD)),
        tr("To update: {n}", n=_left(plan, skipped, UPDATE)),
        tr("Unchanged: {n}", n=_left(plan, skipped, SAME)),
        tr("With errors: {n}", n=_left(plan, skipped, INVALID)),
    ]
    if skipped:
        parts.append(tr("Skipped: {n}", n=len(skipped)))
    if plan.new_organisations:
        parts.append(tr("Organisations to create: {n}", n=len(plan.new_organisations)))
    return "  ·  ".join(parts)


def advice(plan: ImportPlan, skipped: Collection[int]) -> str:
    """What stops the import and how to get past it, the first bad rows named by line."""
    if plan.problems:
        return "\n".join(plan.problems)
    messages = [
        tr("Line {line}: {problem}", line=row.line, problem=" ".join(problem.split()))
        for row in plan.rows
        if row.line not in skipped
        for problem in row.problems
    ]
    if not messages:
        return ""
    shown = messages[:_SHOWN_PROBLEMS]
    if len(messages) > _SHOWN_PROBLEMS:
        shown.append(tr("… and {n} more.", n=len(messages) - _SHOWN_PROBLEMS))
    first = tr(
        "Fix the red cells in the preview (double-click one), or tick a row's box to skip "
        "it; the other rows are then imported."
    )
    return "\n".join([first, *shown])
