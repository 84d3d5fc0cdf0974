"""`export_job`: a printed document made on the thread pool, with progress and Cancel.

The event is read on the GUI thread (`EventDocument.snapshot()`, immutable), then the job
builds the PDF off it, so the window keeps answering while reportlab lays out pages. It is a
generic `gui.jobs.Job`: every outcome comes back as a signal on the GUI thread,
`finished(pages)`, `failed(sentence)` or `cancelled()`; a cancelled or failed export leaves
no file behind (the exporters write through `write_atomically`).
"""

from __future__ import annotations

from facilitator_app.core.snapshot import EventSnapshot
from facilitator_app.gui.jobs import Job
from facilitator_app.i18n import tr
from facilitator_app.printing.documents import ExportRequest, export_document

__all__ = ["export_job"]


def export_job(request: ExportRequest, snapshot: EventSnapshot) -> Job:
    """The document `request` asks for, made from `snapshot`; `finished` carries its pages."""

    def unwritable(error: Exception) -> str | None:
        """A file that could not be written is named as the person chose it (not the
        temporary file it was being written under)."""
        if isinstance(error, OSError):
            return tr(
                "{path} could not be written: {reason}",
                path=request.out,
                reason=error.strerror or error,
            )
        return None  # a RecolteError's own sentence, or the one for an unexpected error

    return Job(lambda job: export_document(request, snapshot, job.progress), failure=unwritable)
