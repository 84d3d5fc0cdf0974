"""A long capture session must not crash: the Qt binding must not leak references on emit.

PySide6 6.12.0 drops a reference to `True` on every `Signal.emit` with arguments; on Python
3.11 the interpreter aborts (bool_dealloc) after a few hundred notes. pyproject excludes that
release; this test fails if a binding with the same fault is installed.
"""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import sys
from PySide6.QtCore import QCoreApplication, QObject, Signal
app = QCoreApplication([])
class Source(QObject):
    changed = Signal(object)
source = Source()
source.changed.connect(lambda value: None)
before = sys.getrefcount(True)
for _ in range(5000):
    source.changed.emit("note")
print(sys.getrefcount(True) - before)
"""


def test_emitting_many_signals_keeps_the_interpreter_alive():
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr[-500:]
    assert abs(int(result.stdout.strip())) < 100
