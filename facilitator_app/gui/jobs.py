"""`Job`: long work on the thread pool, with progress and Cancel, its outcome as a signal.

Every background task of the window is one (an import, an export, a merge, the preview of
copies, copies for the note-takers; not a thumbnail, see `gui.models.photos`). The work is a
function of the job, `work(job)`, run on a pool thread. It calls `job.progress(done, total)`
now and then (which raises `Cancelled` once Cancel was asked), may hand over partial results
as they come with `job.report(item)` (each copy's preview), and may look at `job.stopping`
where it cannot call back (an SQLite statement: see `stop_sql`). Every outcome comes back
as one signal on the GUI thread: `finished(result)`, `failed(sentence)` or `cancelled()`;
an error in a job that was asked to stop counts as cancelled. The sentence is the
`RecolteError`'s own (translated where it was raised), a translated one for a file that
could not be written, or one naming an unexpected error: never a traceback. The work must
leave nothing half-done when it raises (one transaction, a file written under a temporary
name).

SQLite connections belong to one thread: work that reads or writes the event opens its own
connection there (the window's stays open; in WAL mode readers and one writer share the
file) and closes it before it returns.

`start(wait=True)` runs the same work at once on the calling thread, for the small cases (a
spreadsheet of ten rows) where a progress bar would only flicker.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from facilitator_app.core.errors import Cancelled, RecolteError
from facilitator_app.i18n import tr

__all__ = ["Job", "unexpected"]


def unexpected(error: BaseException) -> str:
    """One sentence for an error nobody expected (a bug): the person still gets no traceback."""
    return tr(
        "The work stopped on an unexpected error ({kind}: {detail}).",
        kind=type(error).__name__,
        detail=error,
    )


class Job(QObject, QRunnable):
    progressed = Signal(int, int)  # done, total
    reported = Signal(object)  # a partial result, as the work hands it over
    finished = Signal(object)  # what the work returned
    failed = Signal(str)
    cancelled = Signal()

    def __init__(
        self,
        work: Callable[[Job], Any],
        *,
        failure: Callable[[Exception], str | None] | None = None,
    ) -> None:
        """`failure` may turn an error the work raises into a sentence of its own (None: the
        usual one)."""
        QObject.__init__(self)
        QRunnable.__init__(self)
        self.setAutoDelete(False)  # the dialog keeps it until a signal says it ended
        self._work = work
        self._failure = failure
        self._stop = False
        self.running = False

    def start(self, *, wait: bool = False) -> None:
        """Run on the thread pool; with `wait`, here and now (the signals come before this
        returns)."""
        self.running = True
        if wait:
            self.run()
        else:
            QThreadPool.globalInstance().start(self)

    def cancel(self) -> None:
        """Ask the work to stop at its next step; what it wrote is rolled back."""
        self._stop = True

    @property
    def stopping(self) -> bool:
        return self._stop

    def progress(self, done: int, total: int) -> None:
        """Called by the work: says how far it is, or raises Cancelled when asked to stop."""
        self.raise_if_cancelled()
        self.progressed.emit(done, total)

    def report(self, item: object) -> None:
        """Called by the work: hand `item` over now (`reported`), before the work ends."""
        self.raise_if_cancelled()
        self.reported.emit(item)

    def raise_if_cancelled(self) -> None:
        """Raise Cancelled if Cancel was asked (work with no count to give)."""
        if self._stop:
            raise Cancelled(tr("Cancelled."))

    def stop_sql(self, conn: sqlite3.Connection, *, every: int = 20_000) -> None:
        """Let Cancel interrupt a long statement of `conn` (its transaction is then rolled
        back): SQLite asks every `every` steps whether to go on."""
        conn.set_progress_handler(lambda: 1 if self._stop else 0, every)

    def run(self) -> None:
        try:
            result = self._work(self)
        except Exception as error:  # noqa: BLE001 (each becomes one signal)
            self.running = False
            if self._stop or isinstance(error, Cancelled):
                self.cancelled.emit()
            else:
                self.failed.emit(self._sentence(error))
        else:
            self.running = False
            self.finished.emit(result)

    def _sentence(self, error: Exception) -> str:
        custom = self._failure(error) if self._failure is not None else None
        if custom:
            return custom
        if isinstance(error, RecolteError):
            return str(error)
        if isinstance(error, OSError):
            return tr(
                "{path} could not be written: {reason}",
                path=error.filename or "",
                reason=error.strerror or error,
            )
        return unexpected(error)
