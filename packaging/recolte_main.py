"""The frozen bundle's entry point: the same `main` as `facilitator-app` and `python -m`.

PyInstaller needs a script, not a `module:function`; this one only bridges to
`facilitator_app.__main__.main`, so the bundle opens the window or runs any sub-command exactly
as the installed console script does.
"""

import os
import sys

if sys.stdout is None or sys.stderr is None:  # a windowed Windows build has no console
    _null = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives with the process
    sys.stdout = sys.stdout or _null
    sys.stderr = sys.stderr or _null

from facilitator_app.__main__ import main  # noqa: E402 - after the streams exist

if __name__ == "__main__":
    sys.exit(main())
