"""The printed documents by name, for callers that let a person choose one (the window).

`export_document(request, snapshot, progress)` builds the synthesis or the carnet de bord
from an `EventSnapshot`, with labels in the language asked for, and returns the number of
pages written; `anonymise` prints the copy to share outside the event (`export.anonymise`).
The exporters are imported only here, when a document is made: reportlab costs a noticeable
time to load.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

from facilitator_app.core.snapshot import EventSnapshot

__all__ = ["DOCUMENTS", "ExportRequest", "export_document"]

Progress = Callable[[int, int], None]

# name → (module, builder, labels class)
DOCUMENTS = {
    "synthesis": ("facilitator_app.printing.synthesis", "build_synthesis", "SynthesisLabels"),
    "carnet": ("facilitator_app.printing.carnet", "build_carnet", "CarnetLabels"),
}


@dataclass(frozen=True, slots=True)
class ExportRequest:
    document: str  # a key of DOCUMENTS
    out: Path
    language: str | None = None  # the interface's when None
    booklet: bool = False  # the carnet as an A5 booklet imposed on A4 sheets
    session_ids: Collection[str] | None = None  # the synthesis of some sessions only
    anonymise: bool = False  # pseudonyms, no e-mails or phone numbers (export.anonymise)


def export_document(
    request: ExportRequest, snapshot: EventSnapshot, progress: Progress | None = None
) -> int:
    module_name, builder_name, labels_name = DOCUMENTS[request.document]
    module = importlib.import_module(module_name)
    labels = getattr(module, labels_name).translated(request.language)
    if request.anonymise:
        from facilitator_app.formats.anonymise import AnonymiseLabels, anonymised_snapshot

        snapshot = anonymised_snapshot(snapshot, AnonymiseLabels.translated(request.language))
    build = getattr(module, builder_name)
    if request.document == "carnet":
        return int(
            build(snapshot, request.out, labels=labels, booklet=request.booklet, progress=progress)
        )
    return int(
        build(
            snapshot,
            request.out,
            labels=labels,
            session_ids=request.session_ids,
            progress=progress,
        )
    )
