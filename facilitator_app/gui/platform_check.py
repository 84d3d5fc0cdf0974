"""Whether Qt can open a window here, said in one sentence before Qt aborts.

Qt loads its X11 platform plugin (`libqxcb.so`) when the QApplication is built; if one of the
system libraries that plugin links against is missing, Qt prints a misleading hint
("xcb-cursor0 is needed", even when it is installed) and calls abort(), which no Python code
can catch. So before building the QApplication, `xcb_problem` asks the dynamic loader for each
of those libraries (they are loaded moments later by Qt anyway, so the check costs the ctypes
import and a look-up each: about 2 ms) and names the Debian/Ubuntu packages that are missing.
A library missing under PySide6's own Qt libraries fails earlier, as an ImportError:
`import_problem` turns that into the same sentence. Qt-free: it runs before Qt can load.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence

from facilitator_app.i18n import set_language, tr

__all__ = ["GUI_LIBRARIES", "XCB_LIBRARIES", "import_problem", "missing", "xcb_problem"]

# What `readelf -d` lists as NEEDED by PySide6 6.11's plugins/platforms/libqxcb.so and
# lib/libQt6XcbQpa.so.6, beyond Qt itself and the C/C++ runtime, with the Debian 12 package
# of each (`dpkg -S`). tests/test_platform_check.py compares it with the installed plugin.
XCB_LIBRARIES: dict[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libGL.so.1": "libgl1",
}

# The same for libQt6Core, libQt6Gui, libQt6Widgets and libQt6DBus: missing, they make
# `import PySide6.QtWidgets` fail.
GUI_LIBRARIES: dict[str, str] = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libX11.so.6": "libx11-6",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libz.so.1": "zlib1g",
    "libzstd.so.1": "libzstd1",
}


def missing(libraries: Mapping[str, str]) -> list[str]:
    """The sonames of `libraries` that the dynamic loader cannot load, in order."""
    import ctypes  # only on Linux, only when a window is to open

    absent = []
    for soname in libraries:
        try:
            ctypes.CDLL(soname)
        except OSError:
            absent.append(soname)
    return absent


def _uses_xcb(environ: Mapping[str, str]) -> bool:
    """Whether Qt will load its X11 plugin: asked for, or the default outside Wayland."""
    if not sys.platform.startswith("linux"):
        return False
    platform = environ.get("QT_QPA_PLATFORM", "")
    if platform:
        return platform.split(":")[0].split(";")[0] == "xcb"
    wayland = environ.get("WAYLAND_DISPLAY") and environ.get("XDG_SESSION_TYPE") == "wayland"
    return bool(environ.get("DISPLAY")) and not wayland


def _language(argv: Sequence[str]) -> str | None:
    """`--lang fr|en` from the window's arguments (the saved preference needs Qt to be read)."""
    for number, arg in enumerate(argv):
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
        if arg == "--lang" and number + 1 < len(argv):
            return argv[number + 1]
    return None


def _sentence(absent: list[str], packages: Mapping[str, str], argv: Sequence[str]) -> str:
    set_language(_language(argv))  # the system's language unless --lang says otherwise
    names = " ".join(dict.fromkeys(packages[soname] for soname in absent))
    return tr(
        "facilitator-app: the window cannot open because system libraries are missing "
        "({libraries}); on Debian or Ubuntu, install them with: sudo apt install {packages}",
        libraries=", ".join(absent),
        packages=names,
    )


def xcb_problem(argv: Sequence[str] = (), environ: Mapping[str, str] | None = None) -> str | None:
    """One sentence naming the packages to install when Qt's X11 plugin cannot load, or None."""
    environ = os.environ if environ is None else environ
    if not _uses_xcb(environ):
        return None
    absent = missing(XCB_LIBRARIES)
    return _sentence(absent, XCB_LIBRARIES, argv) if absent else None


def import_problem(error: ImportError, argv: Sequence[str] = ()) -> str | None:
    """The sentence for PySide6 failing to import because a system library is missing, or
    None when the error is something else (then it is a bug, and is raised)."""
    if ".so" not in str(error) or not sys.platform.startswith("linux"):
        return None
    libraries = {**GUI_LIBRARIES, **XCB_LIBRARIES}
    absent = missing(libraries)
    return _sentence(absent, libraries, argv) if absent else None
