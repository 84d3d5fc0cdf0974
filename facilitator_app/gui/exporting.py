"""`ExportJob`: a printed document made on the thread pool, with progress and Cancel.

The event is read on the GUI thread (`EventDocument.snapshot()`, immutable), then the job
builds the PDF off it, so the window keeps answering while reportlab lays out pages. It is a
`gui.jobs.Job`: every outcome comes back as a signal on the GUI thread, `finished(pages)`,
`failed(sentence)` or `cancelled()`; a cancelled or failed export leaves no file behind (the
exporters write through `write_atomically`).
"""

from __future__ import annotations

from facilitator_app.core.errors import RecolteError
from facilitator_app.core.snapshot import EventSnapshot
from facilitator_app.gui.jobs import Job
from facilitator_app.i18n import tr
from facilitator_app.printing.documents import ExportRequest, export_document

__all__ = ["ExportJob"]


class ExportJob(Job):
    def __init__(self, request: ExportRequest, snapshot: EventSnapshot) -> None:
        self.request = request
        super().__init__(
            lambda job: export_document(request, snapshot, job.progress), failure=self._said
        )

    def _said(self, error: Exception) -> str | None:
        if isinstance(error, RecolteError):
            return None  # its own sentence
        if isinstance(error, OSError):
            return tr(
                "{path} could not be written: {reason}",
                path=self.request.out,
                reason=error.strerror or error,
            )
        return tr(  # a bug: still one sentence for the person
            "The export stopped on an unexpected error ({kind}: {detail}).",
            kind=type(error).__name__,
            detail=error,
        )
