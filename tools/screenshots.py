"""Screenshots of every page and dialog of the window, and an accessibility report.

Opens the demo event offscreen on a screen of the given size, visits the programme, the
event page, participants, organisations, every tab of every kind of session, the search
panel, the projector and every dialog, and saves one PNG each (`QWidget.grab()`), named by
screen. It writes `OUTDIR/report.json`:

    {"screens": N, "unnamed_controls": ["screen: Class name", ...],
     "window": [w, h], "fits_screen": true}

`unnamed_controls` lists the visible interactive controls a screen reader could only call
"button" or "edit": no accessible name (its own, its text, or a label's buddy: what Qt's
accessibility interface says), and no tooltip. `fits_screen` says whether the main window,
frame included, fits the screen's available geometry.

    .venv/bin/python tools/screenshots.py OUTDIR [--lang fr|en] [--size WxH]

The settings and the demo live in a temporary folder: the person's own are never touched.
Modal dialogs are opened by their real actions and grabbed from a timer inside their own
event loop, then closed, so the run never waits for a click.
"""

from __future__ import annotations

import argparse
import csv
import faulthandler
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TIMEOUT = 240  # seconds: a run stuck on a dialog nobody closes dumps its stack and exits


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--lang", choices=("fr", "en"), default="fr")
    parser.add_argument("--size", default="1366x768", help="the screen, WIDTHxHEIGHT")
    args = parser.parse_args(argv)
    try:
        width, height = (int(n) for n in args.size.lower().split("x"))
    except ValueError:
        parser.error("--size is WIDTHxHEIGHT, e.g. 1366x768")
    args.width, args.height = width, height
    return args


def _environment(tmp: Path, width: int, height: int) -> None:
    """An offscreen screen of the given size (the offscreen platform reads a JSON file of
    screens since Qt 6.5), and settings and data in `tmp`."""
    config = tmp / "screens.json"
    screen = {"name": "shots", "x": 0, "y": 0, "width": width, "height": height}
    screen |= {"logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}
    config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    os.environ["XDG_CONFIG_HOME"] = str(tmp / "config")
    os.environ["XDG_DATA_HOME"] = str(tmp / "data")
    os.environ.pop("QT_SCALE_FACTOR", None)


class Shooter:
    """Saves screens and audits their controls."""

    def __init__(self, outdir: Path) -> None:
        self.outdir = outdir
        self.screens: list[str] = []
        self.unnamed: list[str] = []
        self._seen: set[str] = set()
        self.errors: list[str] = []

    @staticmethod
    def settle(ms: int = 120) -> None:
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def shoot(self, name: str, widget: Any, *, settle: int = 150) -> None:
        self.settle(settle)
        pixmap = widget.grab()
        pixmap.save(str(self.outdir / f"{name}.png"))
        self.screens.append(name)
        self.audit(name, widget.window())

    def safely(self, name: str, visit: Callable[[], None]) -> None:
        """A screen that fails is noted in the report, and the run goes on."""
        try:
            visit()
        except Exception as error:  # noqa: BLE001 - the tool reports and continues
            self.errors.append(f"{name}: {type(error).__name__}: {error}")

    def modal(
        self,
        name: str,
        trigger: Callable[[], object],
        prepare: Callable[[Any], object] | None = None,
        *,
        settle: int = 250,
    ) -> None:
        """Run `trigger` (which opens a modal dialog and waits), grab the dialog from inside
        its event loop, close it."""
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        tries = [0]

        def grab_it() -> None:
            dialog = QApplication.activeModalWidget()
            if dialog is None:
                tries[0] += 1
                if tries[0] < 50:
                    QTimer.singleShot(50, grab_it)
                else:
                    self.errors.append(f"{name}: no dialog opened")
                return
            try:
                if prepare is not None:
                    prepare(dialog)
                self.shoot(name, dialog, settle=settle)
            except Exception as error:  # noqa: BLE001
                self.errors.append(f"{name}: {type(error).__name__}: {error}")
            finally:
                if hasattr(dialog, "reject"):
                    dialog.reject()
                else:
                    dialog.close()

        QTimer.singleShot(0, grab_it)
        trigger()
        self.settle(50)

    # -- the audit ------------------------------------------------------------------------

    def audit(self, screen: str, root: Any) -> None:
        for widget in [root, *root.findChildren(_qwidget())]:
            if not _interactive(widget) or not widget.isVisible():
                continue
            if _named(widget):
                continue
            described = _describe(widget)  # once for alike controls (the cells of a plan)
            if described in self._seen:
                continue
            self._seen.add(described)
            self.unnamed.append(f"{screen}: {described}")


def _qwidget() -> type:
    from PySide6.QtWidgets import QWidget

    return QWidget


def _interactive(widget: Any) -> bool:
    """A control a person operates (buttons, fields, lists, tabs…), not Qt's own inner parts
    (a spin box's line edit, a scroll bar, a combo box's list)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QAbstractSlider,
        QAbstractSpinBox,
        QComboBox,
        QGraphicsView,
        QKeySequenceEdit,
        QLineEdit,
        QPlainTextEdit,
        QScrollBar,
        QTabBar,
        QTextEdit,
    )

    if widget.objectName().startswith("qt_"):
        return False
    compound = (QComboBox, QAbstractSpinBox, QKeySequenceEdit, QTabBar, QAbstractItemView)
    parent = widget.parentWidget()
    while parent is not None:  # inside a compound control: the compound is what counts
        if isinstance(parent, (*compound, QLineEdit)):
            return False
        parent = parent.parentWidget()
    kinds = (
        QAbstractButton,
        QLineEdit,
        QTextEdit,
        QPlainTextEdit,
        QComboBox,
        QAbstractSpinBox,
        QAbstractItemView,
        QGraphicsView,
        QTabBar,
        QKeySequenceEdit,
    )
    if isinstance(widget, QAbstractSlider):
        return not isinstance(widget, QScrollBar)
    if isinstance(widget, kinds):
        return True
    own = type(widget).__module__.startswith("facilitator_app")
    return own and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)


def _named(widget: Any) -> bool:
    """What a screen reader says for it: its accessible name (which Qt takes from the text,
    or from a label whose buddy it is), or its tooltip."""
    from PySide6.QtGui import QAccessible
    from PySide6.QtWidgets import QTabBar

    if widget.toolTip().strip() or widget.accessibleName().strip():
        return True
    if isinstance(widget, QTabBar):  # its tabs are what the person picks: each says its name
        return all(widget.tabText(i).strip() for i in range(widget.count()))
    interface = QAccessible.queryAccessibleInterface(widget)
    if interface is None:
        return False
    return bool(interface.text(QAccessible.Text.Name).replace("&", "").strip())


def _describe(widget: Any) -> str:
    """`ClassName objectName/text (in OwnerClass)`."""
    name = widget.objectName()
    for attribute in ("placeholderText", "text", "currentText"):
        if name:
            break
        value = getattr(widget, attribute, None)
        if callable(value):
            try:
                name = value() if isinstance(value(), str) else ""
            except TypeError:
                name = ""
    owner = widget.parentWidget()
    while owner is not None and not type(owner).__module__.startswith("facilitator_app"):
        owner = owner.parentWidget()
    where = f" in {type(owner).__name__}" if owner is not None else ""
    return f"{type(widget).__name__} {name or '-'}{where}".strip()


# -- the visit ----------------------------------------------------------------------------


def _first_of_kind(window: Any) -> dict[str, str]:
    """The first session of each kind in the demo: kind value → session id."""
    found: dict[str, str] = {}
    for session in sorted(window.document.read.all_sessions(), key=lambda s: (s.day, s.start)):
        found.setdefault(str(session.kind.value), session.id)
    return found


def _write_import_file(path: Path) -> Path:
    rows = [
        ("Nom", "Prénom", "Structure", "Rôle", "Courriel"),
        ("Lefèvre", "Hélène", "La Tréso", "Coordinatrice", "helene@example.org"),
        ("Œuvrard", "Élise", "Le 6b", "Facilitatrice", "elise@example.org"),
        ("Nguyen", "Thảo", "Coop des Territoires", "Chargée de mission", "thao@example"),
        ("", "", "Sans nom", "", ""),
        ("Dupont-Aignan", "Jean-Baptiste", "Mairie de Saint-Denis", "Élu", "jb@example.org"),
    ]
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, delimiter=";").writerows(rows)
    return path


def visit(window: Any, recolte: Any, shots: Shooter, tmp: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from facilitator_app.core.kinds import SessionKind
    from facilitator_app.gui.actions import Act
    from facilitator_app.gui.widgets.session_view import PAGES_BY_KIND

    a = window.actions_
    view = window.session_view
    kinds = _first_of_kind(window)

    # the programme and the three pages of the event
    first = next(iter(sorted(window.document.read.all_sessions(), key=lambda s: (s.day, s.start))))
    window.sidebar.select_session(first.id)
    shots.shoot("programme", window, settle=400)
    for page in ("event", "participants", "organisations"):
        shots.safely(page, lambda page=page: _page(window, shots, page))

    # every tab of every kind of session
    for kind in SessionKind:
        session_id = kinds.get(kind.value)
        if session_id is None:
            continue
        window.sidebar.select_session(session_id)
        shots.settle(150)
        for key in PAGES_BY_KIND[kind]:
            name = f"{kind.value}_{key}"
            shots.safely(name, lambda key=key, name=name: _tab(view, shots, key, name))
            if kind is SessionKind.WORLD_CAFE and key == "seating":
                shots.safely("world_cafe_seating_computed", lambda: _seating_computed(view, shots))
            if kind is SessionKind.WORLD_CAFE and key == "clock":
                shots.safely("projector", lambda: _projector(view, shots))

    # the search panel with a query
    shots.safely("search", lambda: _search(window, shots))

    # the dialogs, opened by their real actions
    cafe = kinds.get("world_cafe") or first.id
    window.sidebar.select_session(cafe)
    shots.settle(100)
    shots.modal("dialog_session_properties", a[Act.EDIT_SESSION].trigger)
    shots.modal("dialog_new_event", a[Act.NEW].trigger)
    shots.modal("dialog_export_pdf", a[Act.EXPORT].trigger, settle=500)
    import_file = _write_import_file(tmp / "participants.csv")
    shots.modal(
        "dialog_import_participants",
        a[Act.IMPORT_PARTICIPANTS].trigger,
        lambda dialog: _load_import(dialog, import_file, shots),
        settle=400,
    )
    shots.modal("dialog_prepare_copies", a[Act.PREPARE_COPIES].trigger, settle=300)
    copies = tmp / "copies"
    copies.mkdir(exist_ok=True)
    shutil.copy(window.document.path, copies / "copie-table-1.recolte")
    shots.modal(
        "dialog_collect_copies",
        a[Act.COLLECT_COPIES].trigger,
        lambda dialog: dialog.set_folder(copies),
        settle=1200,
    )
    shots.safely("dialog_conflicts", lambda: _conflicts(window, shots))
    recolte._backup(window)  # one backup, so that the list shows a row
    shots.modal("dialog_backups", a[Act.RESTORE_BACKUP].trigger)
    shots.modal("dialog_preferences", a[Act.PREFERENCES].trigger)
    shots.safely("help_manual", lambda: _help(window, shots))
    shots.modal("dialog_about", a[Act.ABOUT].trigger)
    shots.safely("tour", lambda: _tour(window, shots))
    shots.safely("start_screen", lambda: _start_screen(recolte, shots))
    QApplication.processEvents()


def _page(window: Any, shots: Shooter, key: str) -> None:
    window.sidebar.select_page(key)
    shots.shoot(key, window, settle=300)


def _tab(view: Any, shots: Shooter, key: str, name: str) -> None:
    view.show_page(key)
    shots.shoot(name, view.window(), settle=350)


def _seating_computed(view: Any, shots: Shooter) -> None:
    page = view.show_page("seating")
    page.compute(time_limit=1.0, wait=True)
    shots.shoot("world_cafe_seating_computed", view.window(), settle=400)


def _projector(view: Any, shots: Shooter) -> None:
    clock = view.show_page("clock")
    clock.show_projector(True)
    shots.shoot("projector", clock.projector, settle=400)
    clock.show_projector(False)


def _search(window: Any, shots: Shooter) -> None:
    window.find()
    panel = window._search.widget()
    panel.start("coopération")
    panel.run()
    shots.shoot("search", window, settle=500)
    window._search.hide()


def _load_import(dialog: Any, path: Path, shots: Shooter) -> None:
    dialog.load(path)
    deadline = time.monotonic() + 5
    while dialog.job is not None and time.monotonic() < deadline:
        shots.settle(50)


def _conflicts(window: Any, shots: Shooter) -> None:
    from facilitator_app.gui.dialogs.conflicts_dialog import ConflictsDialog

    window.show_conflicts()
    shots.settle(100)
    dialog = next(d for d in window.findChildren(ConflictsDialog) if d.isVisible())
    shots.shoot("dialog_conflicts", dialog, settle=200)
    dialog.close()


def _help(window: Any, shots: Shooter) -> None:
    help_window = window.show_help("seating/world_cafe")
    shots.shoot("help_manual", help_window, settle=500)
    help_window.close()


def _tour(window: Any, shots: Shooter) -> None:
    window.sidebar.select_session(_first_of_kind(window).get("world_cafe", ""))
    window.start_tour()
    tour = window.tour
    for step in range(2):
        tour.go(step)
        shots.shoot(f"tour_{step + 1}", window, settle=250)
    tour.stop()


def _start_screen(recolte: Any, shots: Shooter) -> None:
    from facilitator_app.gui.start_screen import StartScreen

    screen = StartScreen(recolte.settings)
    screen.resize(900, 600)
    screen.show()
    shots.shoot("start_screen", screen, settle=250)
    screen.close()


# -- running ------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    args = _parse(sys.argv[1:] if argv is None else argv)
    faulthandler.dump_traceback_later(TIMEOUT, exit=True)
    outdir: Path = args.outdir
    outdir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="recolte-shots-"))
    try:
        _environment(tmp, args.width, args.height)
        return _run(args, outdir, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _quiet(_mode: Any, _context: Any, message: str) -> None:
    """Qt's messages but the offscreen platform's "does not support" ones (every window)."""
    if "This plugin does not support" not in message:
        print(message, file=sys.stderr)


def _run(args: argparse.Namespace, outdir: Path, tmp: Path) -> int:
    from PySide6.QtCore import QSettings, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from facilitator_app.app import Recolte
    from facilitator_app.gui.preferences import install_qt_translations
    from facilitator_app.gui.settings import Settings
    from facilitator_app.i18n import set_language

    qInstallMessageHandler(_quiet)
    app = QApplication([sys.argv[0]])
    app.setApplicationName("Récolte")
    app.setOrganizationName("Recolte")
    set_language(args.lang)
    install_qt_translations(app)
    settings = Settings(QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat))
    settings.mark_first_run_done()
    recolte = Recolte(app, settings)
    window = recolte.open_demo()
    if window is None:
        print("screenshots: the demo did not open", file=sys.stderr)
        return 1
    shots = Shooter(outdir)
    shots.settle(600)
    frame = window.frameGeometry()
    available = window.screen().availableGeometry()
    visit(window, recolte, shots, tmp)
    report = {
        "screens": len(shots.screens),
        "unnamed_controls": shots.unnamed,
        "window": [frame.width(), frame.height()],
        "fits_screen": available.contains(frame),
    }
    if shots.errors:
        report["errors"] = shots.errors
    (outdir / "report.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    print(
        f"{len(shots.screens)} screens in {outdir}; {len(shots.unnamed)} unnamed controls"
        + (f"; {len(shots.errors)} errors" if shots.errors else "")
    )
    for error in shots.errors:
        print("  " + error, file=sys.stderr)
    recolte.close_all()
    return 0


if __name__ == "__main__":
    sys.exit(main())
