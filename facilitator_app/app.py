"""Composition root of the window: builds the QApplication, settings, documents and windows.

`Recolte` owns what spans windows: opening, creating and closing event files (with the lock
and the error sentences), the start screen, recent files, the demo, the language, and the
rolling backups. Nothing here runs at import time.
"""

from __future__ import annotations

import sys
import time
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QStandardPaths, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from facilitator_app.core.errors import (
    DiskFull,
    FileLocked,
    NotFound,
    ReadOnlyFile,
    RecolteError,
)
from facilitator_app.core.model import Event
from facilitator_app.gui.document import EventDocument
from facilitator_app.gui.file_drop import FILE_FILTER
from facilitator_app.gui.main_window import MainWindow
from facilitator_app.gui.preferences import (
    data_folder,
    edit_preferences,
    hand_over,
    install_qt_translations,
)
from facilitator_app.gui.settings import Settings
from facilitator_app.gui.theme import install_theme
from facilitator_app.gui.window_icon import window_icon
from facilitator_app.i18n import current_language, set_language, tr
from facilitator_app.store import EventStore, create_event, open_event, remove_event_file
from facilitator_app.store.backups import backup_path, prune_backups
from facilitator_app.store.lock import EventLock

__all__ = ["Recolte", "run_gui"]


def _read_only_notice(error: ReadOnlyFile, path: Path) -> str:
    """Why an event opened read-only, in one sentence."""
    if isinstance(error, DiskFull):
        return tr(
            "The disk holding {path} is full, so the event is open read-only: free some space "
            "and open it again, or use Save As to keep working on another disk.",
            path=path,
        )
    return tr(
        "{reason} The event is open read-only: use Save As to keep working on a copy.",
        reason=str(error),
    )


def _data_dir() -> Path:
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    path = Path(location or Path.home() / ".recolte")
    path.mkdir(parents=True, exist_ok=True)
    return path


class Recolte(QObject):
    """The running application: zero or one start screen, one window per open event."""

    def __init__(self, app: QApplication, settings: Settings) -> None:
        super().__init__(app)
        self.app = app
        self.settings = settings
        self.windows: list[MainWindow] = []
        self._locks: dict[MainWindow, EventLock] = {}
        self.start_screen: QWidget | None = None
        self._quitting = False
        self._backed_up: weakref.WeakSet[EventDocument] = weakref.WeakSet()  # once per opening

    # -- opening --------------------------------------------------------------------------

    def window_of(self, path: Path) -> MainWindow | None:
        return next(
            (w for w in self.windows if Path(w.document.path).resolve() == Path(path).resolve()),
            None,
        )

    def open_path(
        self, path: Path, *, parent: QWidget | None = None, lock: EventLock | None = None
    ) -> MainWindow | None:
        """Open an event in a window; `lock` is given when the caller already holds it.

        A file that cannot be written (a read-only medium, a full disk: not even the lock
        fits) opens read-only with one sentence saying why; no lock is left behind.
        """
        path = Path(path)
        if (window := self.window_of(path)) is not None:
            window.raise_()
            window.activateWindow()
            return window
        readonly = False
        notice: ReadOnlyFile | None = None
        if lock is None:
            lock = EventLock(path)
            try:
                mode = self._take_lock(lock, parent)
            except ReadOnlyFile as error:  # the disk is full
                mode, notice = "readonly", error
            if mode == "cancel":
                return None
            readonly = mode == "readonly"
        try:
            try:
                store = open_event(path, readonly=readonly)
            except ReadOnlyFile as error:  # a locked USB key, a CD, a shared folder, a full disk
                if readonly:
                    raise
                lock.release()  # a window that cannot write holds no lock
                store = open_event(path, readonly=True)
                notice = error
        except RecolteError as error:
            lock.release()
            if isinstance(error, NotFound):
                self.settings.forget_recent(path)
            QMessageBox.warning(parent, tr("Cannot open the event"), str(error))
            return None
        if notice is not None:
            QMessageBox.information(parent, tr("Opened read-only"), _read_only_notice(notice, path))
        return self._show(store, lock)

    def _take_lock(self, lock: EventLock, parent: QWidget | None) -> str:
        """ "write", "readonly" or "cancel", asking the person when another program holds the
        lock; raises ReadOnlyFile (DiskFull) when not even the lock can be written."""
        try:
            lock.acquire()
        except FileLocked as locked:
            answer = self._ask_locked(locked, parent)
            if answer != "anyway":
                return answer
            lock.acquire(force=True)
        return "write"

    def _ask_locked(self, locked: FileLocked, parent: QWidget | None) -> str:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(tr("The event is already open"))
        if locked.alive:
            box.setText(
                tr(
                    "This event is open in another window or program on this computer ({owner}).",
                    owner=locked.owner,
                )
            )
            box.setInformativeText(
                tr(
                    "If both write the file, notes typed in one of them can be lost: open it "
                    "read-only, or open it anyway only once the other program has closed it."
                )
            )
        else:
            box.setText(
                tr(
                    "This event was opened by {owner}, and Récolte cannot tell whether that "
                    "program is still running (it may be on another computer).",
                    owner=locked.owner,
                )
            )
            box.setInformativeText(
                tr(
                    "If that program still writes the file, notes typed there or here can be "
                    "lost: open it anyway only if you know it is closed."
                )
            )
        readonly = box.addButton(tr("Open read-only"), QMessageBox.ButtonRole.AcceptRole)
        anyway = box.addButton(tr("Open anyway"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(readonly)
        box.exec()
        clicked = box.clickedButton()
        return "readonly" if clicked is readonly else "anyway" if clicked is anyway else "cancel"

    def _show(
        self, store: EventStore, lock: EventLock, document: EventDocument | None = None
    ) -> MainWindow:
        document = EventDocument(store) if document is None else document  # a window anew
        window = MainWindow(document, self.settings)
        window.new_requested.connect(lambda: self.new_event(window))
        window.open_requested.connect(
            lambda p: self.open_dialog(window) if p is None else self.open_path(p, parent=window)
        )
        window.demo_requested.connect(lambda: self.open_demo(window))
        window.save_as_requested.connect(lambda: self.save_as(window))
        window.restore_requested.connect(lambda: self.restore_backup(window))
        window.close_requested.connect(lambda: self.close_window(window))
        window.language_requested.connect(self.set_language)
        window.preferences_requested.connect(lambda: self.show_preferences(window))
        window.first_painted.connect(lambda: QTimer.singleShot(2000, lambda: self._backup(window)))
        # sqlite-utils (0.1 s) loads a moment after the window shows, not before: the first
        # keystroke's draft waits for it at worst, well within the second it has
        window.first_painted.connect(lambda: QTimer.singleShot(500, document.prepare_writing))
        self.windows.append(window)
        self._locks[window] = lock
        self.settings.add_recent(Path(store.path))
        window.show()
        if self.start_screen is not None:
            self.start_screen.close()
            self.start_screen = None
        return window

    def open_dialog(self, parent: QWidget | None = None) -> None:
        name, _ = QFileDialog.getOpenFileName(
            parent, tr("Open an event"), str(self.settings.data_folder or Path.home()), FILE_FILTER
        )
        if name:
            self.open_path(Path(name), parent=parent)

    def demo_path(self) -> Path:
        """The demo event in the user's data folder, written from the seeds when missing."""
        path = self.data_dir() / ("demo-" + current_language() + ".recolte")
        if not path.exists():
            # the demo's content and writer only when the demo file must be made
            from facilitator_app.core.demo import build_demo
            from facilitator_app.store import write_new_event

            write_new_event(path, build_demo())
        return path

    def open_demo(self, parent: QWidget | None = None) -> MainWindow | None:
        try:
            path = self.demo_path()
        except RecolteError as error:
            QMessageBox.warning(parent, tr("Cannot open the event"), str(error))
            return None
        return self.open_path(path, parent=parent)

    def new_event(self, parent: QWidget | None = None) -> None:
        folder = self.settings.data_folder or Path.home()  # a chosen data folder, else home
        name, _ = QFileDialog.getSaveFileName(
            parent, tr("New event"), str(folder / tr("event.recolte")), FILE_FILTER
        )
        if not name:
            return
        path = Path(name if name.endswith(".recolte") else name + ".recolte")
        today = date.today().isoformat()
        try:
            if path.exists():
                raise RecolteError(tr("{path} already exists; choose another name.", path=path))
            create_event(
                path,
                Event(
                    title=tr("New event"),
                    start_date=today,
                    end_date=today,
                    language=current_language(),
                ),
            ).close()
        except RecolteError as error:
            QMessageBox.warning(parent, tr("Cannot create the event"), str(error))
            return
        self.open_path(path, parent=parent)

    def save_as(self, window: MainWindow) -> None:
        current = Path(window.document.path)
        name, _ = QFileDialog.getSaveFileName(
            window,
            tr("Save the event as"),
            str(current.with_name(current.stem + "-copie.recolte")),
            FILE_FILTER,
        )
        if not name:
            return
        target = Path(name if name.endswith(".recolte") else name + ".recolte")
        if target.resolve() == current.resolve():
            return
        if self.window_of(target) is not None:
            QMessageBox.warning(
                window,
                tr("Cannot save the event"),
                tr("{path} is open in another Récolte window; close it first.", path=target),
            )
            return
        lock = EventLock(target)
        try:
            lock.acquire()  # never replace a file that another program is writing
            remove_event_file(target)  # the file dialog asked before replacing it
            window.document.flush()  # what waits to be saved goes with the copy
            window.document.store.backup_to(target)
        except (RecolteError, OSError) as error:
            lock.release()
            QMessageBox.warning(window, tr("Cannot save the event"), str(error))
            return
        if self.open_path(target, parent=window, lock=lock) is not None:
            self.close_window(window, show_start=False)

    # -- closing --------------------------------------------------------------------------

    def close_window(self, window: MainWindow, *, show_start: bool = True) -> None:
        if window not in self.windows:
            return
        self.windows.remove(window)
        window.close_for_good()
        window.document.close()
        self._locks.pop(window).release()
        window.deleteLater()
        if show_start and not self.windows and not self.app.closingDown():
            QTimer.singleShot(0, self.show_start_screen)

    def close_all(self) -> None:
        for window in list(self.windows):
            self.close_window(window, show_start=False)

    def show_start_screen(self) -> None:
        if self.windows or self._quitting:
            return
        from facilitator_app.gui.start_screen import StartScreen  # not when a file opens

        screen = StartScreen(self.settings)
        screen.open_requested.connect(
            lambda p: self.open_dialog(screen) if p is None else self.open_path(p, parent=screen)
        )
        screen.new_requested.connect(lambda: self.new_event(screen))
        screen.demo_requested.connect(lambda: self.open_demo(screen))
        self.start_screen = screen
        screen.show()

    def quit(self) -> None:
        self._quitting = True
        self.close_all()

    # -- language, backups ----------------------------------------------------------------

    def data_dir(self) -> Path:
        return data_folder(self.settings, _data_dir())

    def show_preferences(self, window: MainWindow) -> None:
        """Edit → Preferences…: stored (`gui.preferences`) and applied at once."""
        chosen = edit_preferences(window, self.windows, self.settings, usual_folder=_data_dir())
        if chosen is not None:
            self.set_language(chosen.language)

    def set_language(self, language: str | None) -> None:
        """Speak `language` (None: the system's) from now on, in the open windows at once:
        each is built again on its open event (`gui.preferences.hand_over`)."""
        self.settings.language = language
        if current_language() == set_language(language):  # (read before it changes)
            return
        install_qt_translations(self.app)
        for old in list(self.windows):
            shown = hand_over(old)
            self.windows.remove(old)
            shown.show_in(self._show(old.document.store, self._locks.pop(old), old.document))

    def _backup(self, window: MainWindow) -> None:
        """A copy of the file as opened (once: not for a window built anew) in the data
        folder; the latest are kept, as many as the preferences say."""
        if window not in self.windows or window.document in self._backed_up:
            return
        self._backed_up.add(window.document)
        store = window.document.store
        folder = self.data_dir() / "backups"
        stem = Path(store.path).stem
        try:
            folder.mkdir(exist_ok=True)
            store.backup_to(backup_path(folder, stem, datetime.now()))
        except (RecolteError, OSError):
            return  # a backup that cannot be made must not disturb the work
        prune_backups(folder, stem, keep=self.settings.backups_kept)

    def restore_backup(self, window: MainWindow) -> MainWindow | None:
        """File → Restore a backup…: one of this event's backups restored into a new file
        (`backups_dialog.restore_chosen`), opened in a window."""
        # when the person asks for a backup, never at start-up
        from facilitator_app.gui.dialogs.backups_dialog import restore_chosen

        folder = self.data_dir() / "backups"
        target = restore_chosen(
            window, window.document, self.settings, folder, open_elsewhere=self.window_of
        )
        return None if target is None else self.open_path(target, parent=window)


@dataclass(frozen=True, slots=True)
class _WindowArgs:
    event: str | None = None
    startup_check: bool = False
    demo: bool = False
    lang: str | None = None


def _parse(argv: Sequence[str]) -> _WindowArgs:
    """`[EVENT] [--demo] [--startup-check] [--lang fr|en]`; anything else is ignored.

    Read by hand: building an argparse parser costs ~10 ms of start-up (gettext look-ups).
    """
    event, flags, lang = None, set(), None
    rest = iter(argv)
    for arg in rest:
        if arg == "--lang":
            lang = next(rest, None)
        elif arg.startswith("--lang="):
            lang = arg.partition("=")[2]
        elif arg in ("--startup-check", "--demo"):
            flags.add(arg)
        elif not arg.startswith("-") and event is None:
            event = arg
    return _WindowArgs(
        event, "--startup-check" in flags, "--demo" in flags, lang if lang in ("fr", "en") else None
    )


def _no_display() -> bool:
    import os

    return (
        sys.platform.startswith("linux")
        and not os.environ.get("QT_QPA_PLATFORM")
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
    )


def run_gui(argv: Sequence[str], *, started: float) -> int:
    args = _parse(argv)
    if _no_display():
        set_language(args.lang)
        print(
            tr(
                "facilitator-app: no display found; the window needs a desktop session "
                "(the sub-commands work without one: facilitator-app --help)."
            ),
            file=sys.stderr,
        )
        return 1
    existing = QApplication.instance()  # a test's, or none
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0]])
    app.setApplicationName("Récolte")
    app.setOrganizationName("Recolte")
    app.setOrganizationDomain("recolte.coop")
    app.setWindowIcon(window_icon())  # read lazily, when a size is first drawn
    app.setDesktopFileName("coop.recolte.Recolte")  # Wayland finds the icon through it
    settings = Settings(QSettings())
    install_theme(app, settings.theme)  # palettes only: free (gui.theme)
    set_language(args.lang or settings.language)
    install_qt_translations(app)
    from facilitator_app.gui.errors import LOG_NAME, ErrorReporter  # after the display check

    reporter = ErrorReporter(data_folder(settings, _data_dir()) / LOG_NAME, app)
    reporter.install()
    app.aboutToQuit.connect(reporter.uninstall)
    recolte = Recolte(app, settings)
    app.aboutToQuit.connect(recolte.quit)

    if args.event:
        window = recolte.open_path(Path(args.event))
    elif settings.first_run or args.startup_check or args.demo:
        first_start = settings.first_run and not args.startup_check
        window = recolte.open_demo()
        settings.mark_first_run_done()
        # the tour once, on a first start someone sees (not offscreen, as under tests)
        if first_start and window and not settings.tour_done and app.platformName() != "offscreen":
            window.first_painted.connect(window.start_tour)
    else:
        window = None
        recolte.show_start_screen()
    if args.startup_check:
        if window is None:
            print(tr("The event could not be opened."), file=sys.stderr)
            return 1

        def report() -> None:
            print(f"startup_ms={(time.perf_counter() - started) * 1000:.0f}", flush=True)
            recolte.quit()
            app.quit()

        window.first_painted.connect(report)
    elif window is None and not recolte.start_screen:
        recolte.show_start_screen()
    return app.exec()
