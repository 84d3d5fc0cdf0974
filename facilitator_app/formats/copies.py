"""Reading the copies to merge from their files: `.recolte` event files and `.json` exports.

`read_copy(path)` tells the two apart by their content (an SQLite header, or a JSON object)
rather than by their name, and refuses, in one sentence and before anything is merged, a
file that is neither, a damaged or newer one, a JSON export that does not validate
(CONTRACT §2, through `export.interchange.records_from_document`) and, when `event_id` is
given, a copy of another event. `read_copies` opens several, all or none, for
`store.merging.preview_merge` and `merge_into`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from facilitator_app.core.errors import InvalidImport, NewerFormat, NotFound
from facilitator_app.formats.interchange import (
    read_document,
    records_from_document,
    versions_from_document,
)
from facilitator_app.i18n import tr
from facilitator_app.store.copies import Copy, copy_from_records, open_copy

__all__ = ["read_copy", "read_copies"]

_SQLITE_HEADER = b"SQLite format 3\x00"


def _is_json(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(64)
    except OSError:
        return False  # open_copy says why in one sentence
    if head.startswith(_SQLITE_HEADER):
        return False
    return path.suffix.lower() == ".json" or head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


def _read_document(path: Path) -> object:
    return read_document(path, missing=NotFound)


def read_copy(path: str | Path, *, event_id: str | None = None) -> Copy:
    """The copy in `path`, opened read-only; close it (or use `with`) when done."""
    path = Path(path)
    if not _is_json(path):
        return open_copy(path, event_id=event_id)
    try:
        document = _read_document(path)
        records, _ = records_from_document(document, source=path, merging=True)
        versions = versions_from_document(document, source=path)
    except InvalidImport as error:
        raise InvalidImport(
            tr("{path} cannot be merged: {reason}", path=path, reason=error),
            problems=error.problems,
        ) from None
    except NewerFormat as error:
        raise NewerFormat(
            tr("{path} cannot be merged: {reason}", path=path, reason=error),
            found=error.found,
            supported=error.supported,
        ) from None
    return copy_from_records(
        records, name=path.stem, path=path, event_id=event_id, versions=versions
    )


def read_copies(paths: Iterable[str | Path], *, event_id: str | None = None) -> list[Copy]:
    """Every copy in `paths`, or none: the first that is refused closes those opened."""
    copies: list[Copy] = []
    try:
        for path in paths:
            copies.append(read_copy(path, event_id=event_id))
    except BaseException:
        for copy in copies:
            copy.close()
        raise
    return copies
