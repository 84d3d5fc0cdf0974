"""A window that cannot open on this system says so in one sentence naming the packages to
install, instead of Qt's abort() with a misleading hint (issue 14)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from facilitator_app.gui import platform_check
from facilitator_app.gui.platform_check import (
    GUI_LIBRARIES,
    XCB_LIBRARIES,
    import_problem,
    missing,
    xcb_problem,
)

ROOT = Path(__file__).resolve().parent.parent
# Qt's own libraries and the C/C++ runtime: shipped with PySide6 or present on every system
NOT_SYSTEM = ("libQt6", "libc.so", "libm.so", "libstdc++", "libgcc_s", "ld-linux", "libicu")


def needed(library: Path) -> set[str]:
    """The NEEDED entries of a shared library's dynamic section, as `readelf -d` lists them."""
    out = subprocess.run(
        ["readelf", "-d", str(library)], capture_output=True, text=True, check=True
    ).stdout
    return {
        line.split("[", 1)[1].rstrip("]")
        for line in out.splitlines()
        if "(NEEDED)" in line and not line.split("[", 1)[1].startswith(NOT_SYSTEM)
    }


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or shutil.which("readelf") is None,
    reason="reads the Linux plugin with readelf",
)
def test_the_library_tables_cover_what_the_installed_qt_links_against():
    import PySide6

    qt = Path(PySide6.__file__).parent / "Qt"
    xcb = needed(qt / "plugins" / "platforms" / "libqxcb.so") | needed(
        qt / "lib" / "libQt6XcbQpa.so.6"
    )
    assert xcb - {"libglib-2.0.so.0", "libgthread-2.0.so.0"} <= set(XCB_LIBRARIES)
    gui = set()
    for name in ("libQt6Core.so.6", "libQt6Gui.so.6", "libQt6Widgets.so.6", "libQt6DBus.so.6"):
        gui |= needed(qt / "lib" / name)
    assert gui <= set(GUI_LIBRARIES) | set(XCB_LIBRARIES)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux sonames")
def test_a_library_the_loader_cannot_find_is_missing_and_the_c_library_is_not():
    assert missing({"libc.so.6": "libc6", "libxcb-fantome.so.0": "libxcb-fantome0"}) == [
        "libxcb-fantome.so.0"
    ]


@pytest.mark.parametrize(
    ("environ", "checked"),
    [
        ({"DISPLAY": ":0"}, True),
        ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb"}, True),
        ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, False),
        ({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland"}, False),
        ({"WAYLAND_DISPLAY": "wayland-0", "QT_QPA_PLATFORM": "xcb"}, True),
        ({}, False),  # no display at all: run_gui says that instead
    ],
)
def test_the_x11_libraries_are_checked_only_when_qt_will_load_its_x11_plugin(
    monkeypatch, environ, checked
):
    if not sys.platform.startswith("linux"):
        pytest.skip("X11 is Linux's")
    monkeypatch.setattr(platform_check, "XCB_LIBRARIES", {"libxcb-fantome.so.0": "fantome0"})
    problem = xcb_problem([], environ)
    assert (problem is not None) == checked
    if checked:
        assert "sudo apt install fantome0" in problem


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux sonames")
def test_qt_failing_to_import_for_a_missing_library_is_one_sentence(monkeypatch):
    monkeypatch.setattr(
        platform_check,
        "GUI_LIBRARIES",
        {"libEGL-fantome.so.1": "libegl1", "libc.so.6": "libc6"},
    )
    error = ImportError("libEGL-fantome.so.1: cannot open shared object file: No such file")
    problem = import_problem(error, ["--lang", "en"])
    assert problem is not None
    assert "(libEGL-fantome.so.1)" in problem
    assert problem.endswith("sudo apt install libegl1")
    # an ImportError that is not about a system library is a bug: it is raised, not explained
    assert import_problem(ImportError("No module named 'PySide6'")) is None


CHILD = """
    import sys
    from facilitator_app.gui import platform_check

    # as if the system lacked one library that Qt's X11 plugin links against
    platform_check.XCB_LIBRARIES = {
        **platform_check.XCB_LIBRARIES, "libxcb-fantome.so.0": "libxcb-fantome0"
    }
    from facilitator_app.__main__ import main

    sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Qt's X11 plugin")
def test_the_window_missing_a_library_says_which_package_to_install_and_exits(tmp_path):
    """Through the real entry point in a real process: without the check, Qt finds no X
    server at this display and calls abort() (exit -6) with its own hint."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY", "LANGUAGE", "LC_ALL")
    }
    env.update(
        DISPLAY=":917",
        LANGUAGE="fr",
        HOME=str(tmp_path),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        PYTHONPATH=str(ROOT),
    )
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(CHILD), "--demo"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert done.returncode == 1, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "libxcb-fantome.so.0" in lines[0]
    assert lines[0].endswith("sudo apt install libxcb-fantome0")
    assert "la fenêtre ne peut pas s’ouvrir" in lines[0]
    assert done.stdout == ""
