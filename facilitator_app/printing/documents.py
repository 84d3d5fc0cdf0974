"""The printed documents by name, for callers that let a person choose one (the window).

`export_document(request, snapshot, progress)` builds the synthesis or the carnet de bord
from an `EventSnapshot`, with labels in the language asked for, and returns the number of
pages written; `anonymise` prints the copy to share outside the event (`formats.anonymise`).
`DOCUMENTS` maps each name to a small function that imports its builder by name, in code (so
that a frozen build such as PyInstaller's sees and bundles it), when a document is made:
reportlab costs a noticeable time to load, which neither the window's start-up nor the
export dialog should pay.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

from facilitator_app.core.snapshot import EventSnapshot
from facilitator_app.formats.anonymise import AnonymiseLabels, anonymised_snapshot
from facilitator_app.printing.synthesis_labels import SynthesisLabels

__all__ = ["DOCUMENTS", "ExportRequest", "export_document"]

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
