"""What the pages' Print and Export buttons write, each through a `PageExport`.

* the Seating plan page: the café's table plans, itinerary cards and table tents (PDF,
  `printing.plans.write_cafe_plans`), made on the thread pool;
* the idea tree: a Freeplane map (`.mm`) or an OPML outline (`formats.mindmap`), a PNG or
  an SVG of the drawing (`gui.drawing_export`);
* a grid: its cards as CSV (`formats.table_export`), or printed as the synthesis of this one
  session (the synthesis already draws a grid as its columns side by side);
* the votes: the ranking as CSV, in the order and with the places the Votes page shows
  (read through `VotesModel`, so the rule of ranks and places stays in one place).

Each function takes `out` when the caller (a test, a script) already knows it; otherwise it
asks where to save. reportlab loads only when a PDF is made (inside the job).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import Qt

from facilitator_app.core.cafe import Cafe
from facilitator_app.core.grids import Grid
from facilitator_app.core.model import Session
from facilitator_app.gui.exporting import pdf_language
from facilitator_app.gui.jobs import Job
from facilitator_app.gui.page_exports import PageExport, export_name
from facilitator_app.i18n import N_, tr

__all__ = [
    "MINDMAP_FORMATS",
    "export_grid_csv",
    "export_idea_tree",
    "export_ranking_csv",
    "print_cafe_plans",
    "print_session",
]


class TreePage(Protocol):
    """What exporting needs of the idea tree page (`IdeaTreeEditor`)."""

    model: Any  # an IdeaTreeModel: `forest()`
    drawing: Any  # an IdeaTreeDrawing: `scene()`, `select_nodes(ids)`

    def redraw(self) -> None: ...

    def selected_ids(self) -> list[str]: ...


# format key → (what the file is, its suffix, the save dialog's filter)
MINDMAP_FORMATS: dict[str, tuple[str, str, str]] = {
    "mm": (N_("Freeplane mind map"), ".mm", N_("Freeplane or FreeMind maps (*.mm)")),
    "opml": (N_("OPML outline"), ".opml", N_("OPML outlines (*.opml)")),
    "png": (N_("PNG image"), ".png", N_("PNG images (*.png)")),
    "svg": (N_("SVG drawing"), ".svg", N_("SVG drawings (*.svg)")),
}


def _language(export: PageExport) -> str:
    return pdf_language(None, export.document.read.event_record().language)


def print_cafe_plans(
    export: PageExport, cafe: Cafe, *, out: Path | None = None, wait: bool = False
) -> Job | None:
    """The café's plans, itineraries and tents as one PDF, made off the GUI thread."""
    title = export.document.read.event_record().title
    out = export.target(
        out,
        title=tr("Print the table plans"),
        name=export_name(cafe.session.title, tr("Table plans"), ".pdf"),
        filters=tr("PDF documents (*.pdf)"),
    )
    if out is None:
        return None
    language = _language(export)

    def work(job: Job) -> int:
        # Imported here: reportlab loads when a document is made, not with the page.
        from facilitator_app.printing.plans import PlanLabels, write_cafe_plans

        job.progress(0, 1)
        # Cancel is heard once the pages are laid out, before the file takes its name
        laid_out = lambda: job.progress(1, 1)  # noqa: E731
        return write_cafe_plans(
            cafe, out, labels=PlanLabels.translated(language), title=title, laid_out=laid_out
        )

    return export.run(out, work, busy=tr("Printing the table plans…"), wait=wait)


def print_session(
    export: PageExport, session: Session, *, out: Path | None = None, wait: bool = False
) -> Job | None:
    """The synthesis of this one session (a grid printed as its columns side by side)."""
    out = export.target(
        out,
        title=tr("Print"),
        name=export_name(session.title, tr("Synthesis"), ".pdf"),
        filters=tr("PDF documents (*.pdf)"),
    )
    if out is None:
        return None
    from facilitator_app.printing.documents import ExportRequest, export_document

    request = ExportRequest("synthesis", out, language=_language(export), session_ids=[session.id])
    snapshot = export.document.snapshot()
    return export.run(
        out,
        lambda job: export_document(request, snapshot, job.progress),
        busy=tr("Printing “{title}”…", title=session.title),
        wait=wait,
    )


def export_idea_tree(
    export: PageExport, editor: TreePage, kind: str, *, session_id: str, out: Path | None = None
) -> Job | None:
    """The idea tree shown by `editor` (an `IdeaTreeEditor`) as a map, an outline or a
    picture; small files, written here and now."""
    session = export.document.read.get(Session, session_id)
    if session is None:
        return None
    what, suffix, filters = MINDMAP_FORMATS[kind]
    out = export.target(
        out,
        title=tr("Export the idea tree"),
        name=export_name(session.title, tr(what), suffix),
        filters=tr(filters),
    )
    if out is None:
        return None
    target = out
    if kind in ("mm", "opml"):
        from facilitator_app.formats.mindmap import IdeaTree, write_mindmap

        tree = IdeaTree(session, editor.model.forest())
        return export.run(target, lambda _job: write_mindmap(tree, target))
    from facilitator_app.gui.drawing_export import write_png, write_svg

    editor.redraw()  # the drawing as the outline stands now, even if the page waited
    drawing, title = editor.drawing, session.title
    selected = editor.selected_ids()
    drawing.select_nodes([])  # the outline's selection is not part of the picture
    try:
        if kind == "png":
            return export.run(target, lambda _job: write_png(drawing.scene(), target))
        return export.run(target, lambda _job: write_svg(drawing.scene(), target, title=title))
    finally:
        drawing.select_nodes(selected)


def export_grid_csv(export: PageExport, grid: Grid, *, out: Path | None = None) -> Job | None:
    """The grid's cards, one a row, as CSV for a spreadsheet."""
    from facilitator_app.formats.table_export import grid_rows, write_csv

    session = export.document.read.get(Session, grid.session_id)
    title = session.title if session is not None else ""
    out = export.target(
        out,
        title=tr("Export as CSV"),
        name=export_name(title, tr("Grid"), ".csv"),
        filters=tr("CSV spreadsheets (*.csv)"),
    )
    if out is None:
        return None
    header = (tr("Column"), tr("Card"), tr("Votes"), tr("Author"))
    rows = grid_rows(grid, unsorted=tr("Not sorted"))
    target = out
    return export.run(target, lambda _job: write_csv(target, header, rows))


def export_ranking_csv(
    export: PageExport, session_id: str, *, out: Path | None = None
) -> Job | None:
    """The vote ranking, most voted first, as CSV: rank, note, where it sits, votes."""
    from facilitator_app.formats.table_export import write_csv
    from facilitator_app.gui.models.votes import VotesColumn, VotesModel

    session = export.document.read.get(Session, session_id)
    if session is None:
        return None
    out = export.target(
        out,
        title=tr("Export as CSV"),
        name=export_name(session.title, tr("Vote ranking"), ".csv"),
        filters=tr("CSV spreadsheets (*.csv)"),
    )
    if out is None:
        return None
    model = VotesModel(export.document)
    model.set_ranking(True)
    model.set_session(session_id)
    rows = []
    for row in range(model.rowCount()):
        note = model.note_at(row)
        rank = model.index(row, VotesColumn.RANK).data(Qt.ItemDataRole.EditRole)
        place = (
            model.index(row, VotesColumn.PLACE).data(Qt.ItemDataRole.ToolTipRole) or ""
        )  # in full
        rows.append((int(rank or 0), note.text, str(place), note.votes))
    model.deleteLater()
    header = (tr("Rank"), tr("Note"), tr("Where it sits"), tr("Votes"))
    target = out
    return export.run(target, lambda _job: write_csv(target, header, rows))
