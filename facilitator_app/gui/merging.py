"""Collecting note-taker copies off the GUI thread: `preview_job` and `merge_job`, both
generic `gui.jobs.Job`s.

SQLite connections belong to one thread, so each job opens its OWN connection to the event
file (the window's stays open: the file is in WAL mode, readers and one writer share it).
`preview_job` says, copy by copy, what each would bring (`store.merging.preview_merge`,
nothing written) or why it is refused, in one sentence. `merge_job` merges the chosen
copies in one transaction (`merge_into`) with progress and Cancel; the dialog then tells
the window's document that the file changed under it (`EventDocument.external_write`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from facilitator_app.core.errors import RecolteError
from facilitator_app.core.model import Note
from facilitator_app.formats.copies import read_copies, read_copy
from facilitator_app.gui.jobs import Job, unexpected
from facilitator_app.i18n import tr, tr_count
from facilitator_app.store import open_event
from facilitator_app.store.copies import Copy
from facilitator_app.store.event_store import EventStore
from facilitator_app.store.merging import MergeReport, preview_merge

__all__ = ["CopyPreview", "preview_job", "merge_job", "copy_files", "describe_brings"]

COPY_SUFFIXES = (".recolte", ".json")


def copy_files(folder: Path, event_path: Path | None) -> list[Path]:
    """The `.recolte` and `.json` files of `folder` that may be copies, by name; never the
    open event itself, nor hidden or partial files."""
    own = Path(event_path).resolve() if event_path else None
    try:
        found = [
            p
            for p in folder.iterdir()
            if p.suffix.lower() in COPY_SUFFIXES and p.is_file() and not p.name.startswith(".")
        ]
    except OSError:
        return []
    return sorted((p for p in found if p.resolve() != own), key=lambda p: p.name.lower())


@dataclass(frozen=True, slots=True)
class CopyPreview:
    """What one file would bring: `summary` is « 12 new notes, 3 edits… » or, when
    `refused`, the one sentence that says why it cannot be merged."""

    path: Path
    name: str
    summary: str
    refused: bool = False
    brings: int = 0  # records added or changed, conflicts included
    counts: tuple[int, int, int, int] = (0, 0, 0, 0)  # new notes, other new, edits, deletions


def describe_brings(
    new_notes: int, new_other: int, edits: int, deletions: int, conflicts: int
) -> str:
    """« 12 new notes, 3 edits, 1 deletion, 2 conflicts », or « Nothing new »."""
    parts = []
    if new_notes:
        parts.append(tr_count(new_notes, "{n} new note", "{n} new notes"))
    if new_other:
        parts.append(tr_count(new_other, "{n} other new item", "{n} other new items"))
    if edits:
        parts.append(tr_count(edits, "{n} edit", "{n} edits"))
    if deletions:
        parts.append(tr_count(deletions, "{n} deletion", "{n} deletions"))
    if conflicts:
        parts.append(tr_count(conflicts, "{n} conflict", "{n} conflicts"))
    return ", ".join(parts) if parts else tr("Nothing new")


def _preview(store: EventStore, copy: Copy) -> CopyPreview:
    report = preview_merge(store, [copy])
    changed = report.changed.ids
    counts = {"new_notes": 0, "new_other": 0, "edits": 0, "deletions": 0}
    for record_type, by_id in copy.stamps().items():
        ids = [i for i in by_id if i in changed]
        for record in copy.fetch(record_type, ids) if ids else ():
            held = store.get(record_type, record.id)
            if held is None:
                if not record.deleted:
                    counts["new_notes" if record_type is Note else "new_other"] += 1
            elif record.deleted and not held.deleted:
                counts["deletions"] += 1
            else:
                counts["edits"] += 1
    return _with_conflicts(
        CopyPreview(
            path=copy.path or Path(copy.name),
            name=copy.name,
            summary="",
            counts=(
                counts["new_notes"],
                counts["new_other"],
                counts["edits"],
                counts["deletions"],
            ),
        ),
        len(report.conflicts),
    )


def _with_conflicts(preview: CopyPreview, conflicts: int) -> CopyPreview:
    return replace(
        preview,
        summary=describe_brings(*preview.counts, conflicts),
        brings=sum(preview.counts) + conflicts,
    )


def _refused(path: Path, message: str) -> CopyPreview:
    """The sentence with the file's name rather than its whole path (the list shows it)."""
    return CopyPreview(path, path.stem, message.replace(str(path), path.name), refused=True)


def preview_job(event_path: Path, paths: list[Path]) -> Job:
    """What each of `paths` would bring, read on the pool's own (read-only) connection:
    one `CopyPreview` per file on `reported`, in order, then another for each copy whose
    conflicts with the copies before it were counted (`_between_copies`); Cancel stops
    between files. A file that cannot be read is a refused preview, not a failure."""

    def work(job: Job) -> None:
        try:
            store = open_event(event_path, readonly=True)
        except RecolteError as error:
            for path in paths:
                job.report(CopyPreview(path, path.stem, str(error), refused=True))
            return
        try:
            event_id = store.event().id
            accepted = []
            for done, path in enumerate(paths):
                job.progress(done, len(paths))
                preview = _one(store, path, event_id)
                job.report(preview)
                accepted += [] if preview.refused else [preview]
            if len(accepted) > 1:
                for preview in _between_copies(store, event_id, accepted):
                    job.report(preview)
        finally:
            store.close()

    return Job(work)


def _between_copies(
    store: EventStore, event_id: str, previews: list[CopyPreview]
) -> list[CopyPreview]:
    """Merged together, in order, copies may collide with each other: count those
    conflicts too (each copy alone, against the event, cannot show them)."""
    try:
        copies = read_copies([p.path for p in previews], event_id=event_id)
    except RecolteError:
        return []
    try:
        report = preview_merge(store, copies)
    except RecolteError:
        return []
    finally:
        for copy in copies:
            copy.close()
    return [
        _with_conflicts(preview, len(copy_report.conflicts))
        for preview, copy_report in zip(previews, report.copies, strict=True)
        if copy_report.conflicts
    ]


def _one(store: EventStore, path: Path, event_id: str) -> CopyPreview:
    try:
        with read_copy(path, event_id=event_id) as copy:
            return _preview(store, copy)
    except RecolteError as error:
        return _refused(path, str(error))
    except Exception as error:  # a bug: still one sentence, and the file stays out
        return _refused(path, unexpected(error))


def merge_job(event_path: Path, paths: list[Path]) -> Job:
    """The merge of the files `paths` into the event, in one transaction on the pool's own
    connection, with progress and Cancel (the file is left as it was); its `finished`
    carries the `store.merging.MergeReport`."""

    def work(job: Job) -> MergeReport:
        from facilitator_app.store.merging import merge_into  # when a merge runs, not at start-up

        store = open_event(event_path)  # this thread's own connection
        try:
            copies = read_copies(paths, event_id=store.event().id)
            try:
                return merge_into(store, copies, progress=job.progress)
            finally:
                for copy in copies:
                    copy.close()
        finally:
            store.close()

    return Job(work)
