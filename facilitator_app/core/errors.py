"""The named errors the core and the store raise; the CLI and the GUI turn each into one sentence.

Every error carries a message meant for a person (already translated by the caller's
`i18n` catalogue when it is shown), never a traceback.
"""

from __future__ import annotations

__all__ = [
    "RecolteError",
    "Cancelled",
    "NotAnEventFile",
    "DamagedFile",
    "NewerFormat",
    "FileLocked",
    "ReadOnlyFile",
    "DiskFull",
    "InvalidImport",
    "NotFound",
    "AlreadyExists",
    "AnotherEvent",
    "PhotoRefused",
    "RotationImpossible",
]


class RecolteError(Exception):
    """Base of every error a person may see."""


class NotAnEventFile(RecolteError):
    """The file exists but is not a Récolte event (another SQLite file, a text file…)."""


class DamagedFile(RecolteError):
    """SQLite reports the file as corrupt, or the integrity checks failed."""


class NewerFormat(RecolteError):
    """The file was written by a newer Récolte whose format this version cannot read."""

    def __init__(self, message: str, *, found: int, supported: int) -> None:
        super().__init__(message)
        self.found = found
        self.supported = supported


class FileLocked(RecolteError):
    """Another window or program has the event open for writing.

    `owner` names it (user@host and since when); `alive` is True when it is confirmed to
    run on this computer, False when that cannot be told (another computer, an older lock).
    """

    def __init__(self, message: str, *, owner: str, alive: bool = True) -> None:
        super().__init__(message)
        self.owner = owner
        self.alive = alive


class ReadOnlyFile(RecolteError):
    """The file or its folder cannot be written (read-only medium, permissions, full disk)."""


class DiskFull(ReadOnlyFile):
    """The disk has no room left for the write (the file is left as it was)."""


class InvalidImport(RecolteError):
    """An imported document is malformed; `problems` lists each problem with its place."""

    def __init__(self, message: str, *, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


class NotFound(RecolteError):
    """A record asked for by id does not exist in the event."""


class AlreadyExists(RecolteError):
    """A file that would be created is already there; Récolte never overwrites it silently."""


class AnotherEvent(RecolteError):
    """A copy to merge belongs to another event (its event id differs from the target's)."""


class Cancelled(RecolteError):
    """Long work (an export, a merge) stopped because the person asked; nothing was written."""


class PhotoRefused(RecolteError):
    """A file was not added as a photo: not an image Récolte reads, too large, or damaged."""


class RotationImpossible(RecolteError):
    """No world-café seating can keep these rules (more tables than people, a table
    crowded beyond its capacity by pinned seats…); the sentence says which rule breaks."""
