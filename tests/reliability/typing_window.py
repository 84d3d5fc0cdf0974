"""Test driver (not a test): the real window, typing notes into its capture box until killed.

    python tests/reliability/typing_window.py EVENT INTERVAL_MS

Starts Récolte as `facilitator-app EVENT` does (`app.run_gui`: the composition root, the
lock, the window), then types `typing_stream()` into the capture box of the session shown,
one key event every INTERVAL_MS, Enter at each line break. It prints `ready` once typing
starts (when the window has painted), then `<index> <time.time()>` after each key has been
handled (so the test knows what was typed, and when). `tests/reliability/test_kill.py`
kills it with SIGKILL at a random moment and reads what reached the file.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

__all__ = ["typing_stream"]

_WORDS = (
    "coopérer mutualiser réseau tiers-lieu « commun » l’œuvre territoire accompagner "
    "former essaimer gouvernance écoute confiance projet financement bénévoles "
    "partenaires économie sociale solidaire à côté été"
)


def typing_stream(length: int = 4000) -> str:
    """The text typed, the same in every run: French words, notes of 2 to 12 words (a
    kill falls in a long note as well as just after a short one's Enter), each ended by a
    line break."""
    words = _WORDS.split(" ") * 100
    lines, start = [], 0
    while sum(len(line) + 1 for line in lines) < length:
        count = (2, 9, 3, 12)[len(lines) % 4]
        lines.append(" ".join(words[start : start + count]))
        start += count
    return "".join(text + "\n" for text in lines)


def main(argv: list[str]) -> int:
    from PySide6.QtCore import QEvent, Qt, QTimer
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    from facilitator_app.app import run_gui
    from facilitator_app.gui.main_window import MainWindow

    event, interval = Path(argv[0]), int(argv[1])
    app = QApplication([sys.argv[0]])
    stream = typing_stream()
    position = 0
    ticker = QTimer()
    ticker.setInterval(interval)

    def press(box: object, key: Qt.Key, text: str) -> None:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(box, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text))

    def type_one() -> None:
        nonlocal position
        window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
        box = window.session_view.capture.text
        char = stream[position % len(stream)]
        if char == "\n":
            press(box, Qt.Key.Key_Return, "")
        else:
            press(box, Qt.Key.Key_unknown, char)
        print(position, f"{time.time():.6f}", flush=True)
        position += 1

    def start() -> None:
        windows = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow)]
        if not windows:
            print("no window", flush=True)
            app.exit(1)
            return
        # a person types once the window is there: after its first paint and its icons
        windows[0].first_painted.connect(lambda: QTimer.singleShot(0, begin))

    def begin() -> None:
        print("ready", flush=True)
        ticker.start()

    ticker.timeout.connect(type_one)
    QTimer.singleShot(0, start)
    return run_gui([str(event)], started=time.perf_counter())


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
