"""The printed documents by name, for callers that let a person choose one (the window).

`export_document(request, snapshot, progress)` builds the synthesis or the carnet de bord
from an `EventSnapshot`, with labels in the language asked for, and returns the number of
pages written; `anonymise` prints the copy to share outside the event (`formats.anonymise`).
`DOCUMENTS` maps each name to a small function that imports its builder by name, in code (so
that a frozen build such as PyInstaller's sees and bundles it), when a document is made:
reportlab costs a noticeable time to load, which neither the window's start-up nor the
export dialog should pay.

`preview_document(request, snapshot)` builds the same document into a temporary folder and
reads back its page count and the text of its first pages (pypdf): the export dialog's
preview shows what will be printed, page by page, without a PDF renderer (PySide6-Essentials
has no QtPdf; reportlab's bitmap renderer and pdftoppm are extra native libraries).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from pathlib import Path

from facilitator_app.core.snapshot import EventSnapshot
from facilitator_app.formats.anonymise import AnonymiseLabels, anonymised_snapshot
from facilitator_app.printing.synthesis_labels import SynthesisLabels

__all__ = ["DOCUMENTS", "DocumentPreview", "ExportRequest", "export_document", "preview_document"]

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class ExportRequest:
    document: str  # a key of DOCUMENTS
    out: Path
    language: str | None = None  # the interface's when None
    booklet: bool = False  # the carnet as an A5 booklet imposed on A4 sheets
    session_ids: Collection[str] | None = None  # the synthesis of some sessions only
    anonymise: bool = False  # pseudonyms, no e-mails or phone numbers (formats.anonymise)


def _synthesis(request: ExportRequest, snapshot: EventSnapshot, progress: Progress | None) -> int:
    # Imported here, not at the top: reportlab loads when a document is made (see above).
    from facilitator_app.printing.synthesis import build_synthesis

    labels = SynthesisLabels.translated(request.language)
    return build_synthesis(
        snapshot, request.out, labels=labels, session_ids=request.session_ids, progress=progress
    )


def _carnet(request: ExportRequest, snapshot: EventSnapshot, progress: Progress | None) -> int:
    # Imported here, not at the top: reportlab loads when a document is made (see above).
    from facilitator_app.printing.carnet import CarnetLabels, build_carnet

    labels = CarnetLabels.translated(request.language)
    return build_carnet(
        snapshot, request.out, labels=labels, booklet=request.booklet, progress=progress
    )


Builder = Callable[[ExportRequest, EventSnapshot, Progress | None], int]

DOCUMENTS: dict[str, Builder] = {"synthesis": _synthesis, "carnet": _carnet}


def export_document(
    request: ExportRequest, snapshot: EventSnapshot, progress: Progress | None = None
) -> int:
    build = DOCUMENTS[request.document]
    if request.anonymise:
        snapshot = anonymised_snapshot(snapshot, AnonymiseLabels.translated(request.language))
    return int(build(request, snapshot, progress))


@dataclass(frozen=True, slots=True)
class DocumentPreview:
    pages: int  # how many pages the document has
    first_pages: tuple[str, ...]  # the text of its first pages, line by line


def preview_document(
    request: ExportRequest,
    snapshot: EventSnapshot,
    progress: Progress | None = None,
    *,
    pages: int = 3,
) -> DocumentPreview:
    """The document `request` asks for, built for real into a temporary file (never at
    `request.out`): its page count and the text of its first `pages` pages."""
    from pypdf import PdfReader  # imported here: only a preview reads a PDF back

    with tempfile.TemporaryDirectory(prefix="recolte-preview-") as folder:
        out = Path(folder) / "preview.pdf"
        count = export_document(replace(request, out=out), snapshot, progress)
        reader = PdfReader(out)
        texts = tuple(page.extract_text() or "" for page in reader.pages[:pages])
    return DocumentPreview(count, texts)
