"""The files side of the photos panel: reading the photos a person picked or dropped, and
writing one back, each failure as one sentence. No widget here: the file system,
`core.photos`' size limit and the sentences, apart from the panel's layout and edits."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from facilitator_app.core.errors import PhotoRefused
from facilitator_app.core.photos import check_size
from facilitator_app.i18n import tr

__all__ = ["read_photo_files", "refusal_notice", "write_copy"]


def read_photo_files(paths: Sequence[str | Path]) -> tuple[list[tuple[Path, bytes]], list[str]]:
    """The bytes of each file of `paths` that can be read and is not too large, and one
    sentence for each file refused."""
    found: list[tuple[Path, bytes]] = []
    refused: list[str] = []
    for path in map(Path, paths):
        try:
            check_size(path.stat().st_size, path.name)
            found.append((path, path.read_bytes()))
        except OSError:
            refused.append(tr("“{name}” could not be read.", name=path.name))
        except PhotoRefused as error:
            refused.append(str(error))
    return found, refused


def refusal_notice(refused: Sequence[str]) -> str:
    """One sentence for the files not added (empty when none was refused)."""
    if len(refused) > 1:
        return tr("{n} files were not added: {first}", n=len(refused), first=refused[0])
    return refused[0] if refused else ""


def write_copy(target: Path, data: bytes) -> str:
    """Write a photo's original bytes to `target`; the sentence saying why not, or ""."""
    try:
        target.write_bytes(data)
    except OSError:
        return tr("“{name}” could not be written.", name=target.name)
    return ""
