"""`export_job`: a printed document made on the thread pool, with progress and Cancel.

The event is read on the GUI thread (`EventDocument.snapshot()`, immutable), then the job
builds the PDF off it, so the window keeps answering while reportlab lays out pages. It is a
generic `gui.jobs.Job`: every outcome comes back as a signal on the GUI thread,
`finished(pages)`, `failed(sentence)` or `cancelled()`; a cancelled or failed export leaves
no file behind (the exporters write through `write_atomically`).

`pdf_language` says which language a PDF made from the window is printed in unless the
person picks another in the export dialog: the one chosen in the preferences, by default
the event's own (the language its text is written in), never the interface's.
"""

from __future__ import annotations

from facilitator_app.core.snapshot import EventSnapshot
from facilitator_app.gui.jobs import Job
from facilitator_app.gui.settings import Settings
from facilitator_app.i18n import LANGUAGES, tr
from facilitator_app.printing.documents import ExportRequest, export_document

__all__ = ["export_job", "pdf_language"]


def pdf_language(settings: Settings | None, event_language: str) -> str:
    """The language a PDF is printed in by default: the preference's, or the event's."""
    chosen = settings.pdf_language if settings is not None else "event"
    language = event_language if chosen == "event" else chosen
    return language if language in LANGUAGES else "fr"


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
