"""`SaveTimer`: when text being typed is written to the file.

Every box that saves while the person types (cell editors, the event form, a table's
synthesis, a photo caption, the capture box's draft) starts one on each keystroke. It saves
`QUIET_MS` after the last keystroke, and never later than `LONGEST_MS` after the first
keystroke not yet saved: steady typing, which may never pause that long, is still written
twice a second, so a crash loses less than a second of typing (DESIGN §2.4). The box calls
`flush()` when it must be written now (focus leaves, the document flushes or closes).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

__all__ = ["SaveTimer", "QUIET_MS", "LONGEST_MS"]

QUIET_MS = 300
LONGEST_MS = 600


class SaveTimer(QObject):
    """Calls `save` once typing pauses or has waited long enough; see the module."""

    def __init__(
        self,
        save: Callable[[], object],
        parent: QObject,
        *,
        quiet_ms: int = QUIET_MS,
        longest_ms: int = LONGEST_MS,
    ) -> None:
        super().__init__(parent)
        self._save = save
        self._quiet = QTimer(self)
        self._quiet.setSingleShot(True)
        self._quiet.setInterval(quiet_ms)
        self._longest = QTimer(self)
        self._longest.setSingleShot(True)
        self._longest.setInterval(longest_ms)
        self._quiet.timeout.connect(self.flush)
        self._longest.timeout.connect(self.flush)
        self._pending = False  # a fired single-shot timer is no longer active in its slot

    @property
    def pending(self) -> bool:
        """Whether something typed waits to be saved."""
        return self._pending

    def deadline_ms(self) -> int:
        """Milliseconds until the waiting text is saved at the latest; -1 when none waits."""
        return self._longest.remainingTime() if self.pending else -1

    def touch(self) -> None:
        """A keystroke: save after the next pause, or when the first unsaved one is too old."""
        self._quiet.start()
        if not self._pending:
            self._pending = True
            self._longest.start()

    def flush(self) -> None:
        """Save now if something waits."""
        if self.pending:
            self.stop()
            self._save()

    def stop(self) -> None:
        """Forget what waits (it was saved another way, or the file's version wins)."""
        self._pending = False
        self._quiet.stop()
        self._longest.stop()
