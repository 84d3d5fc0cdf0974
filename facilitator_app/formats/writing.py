"""Writing an output file all or nothing: a crash or an error never leaves half a file.

The document is written under a temporary name beside its target, flushed to the disk, then
renamed over it in one step; a failure removes the temporary file and leaves any earlier
version of the target as it was. A full disk is said in one sentence naming the target
(`DiskFull`), not the temporary name.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from facilitator_app.core.errors import DiskFull
from facilitator_app.i18n import tr

__all__ = ["write_atomically"]


def write_atomically(out: Path, write: Callable[[Path], object]) -> Path:
    """Call `write(temporary_path)`, then put the result at `out`; returns `out`."""
    out = Path(out)
    try:
        return _write_atomically(out, write)
    except OSError as error:
        if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
            raise DiskFull(tr("The disk is full: {path} could not be written.", path=out)) from None
        raise


def _write_atomically(out: Path, write: Callable[[Path], object]) -> Path:
    handle, name = tempfile.mkstemp(prefix=f".{out.stem}-", suffix=".part", dir=out.parent)
    temporary = Path(name)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(handle, 0o666 & ~umask)  # mkstemp makes 0600; an output is an ordinary file
        os.close(handle)
        write(temporary)
        with temporary.open("rb+") as stream:
            os.fsync(stream.fileno())
        os.replace(temporary, out)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return out
