"""Typed UI preferences over an injected QSettings (never event data, which lives in the file)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

__all__ = ["Settings"]

_MAX_RECENT = 10
PDF_LANGUAGES = ("event", "fr", "en")  # "event": the language the event is written in
THEMES = ("auto", "light", "dark")  # "auto": dark when the desktop is (gui.theme)


def _key(path: Path) -> str:
    """A settings key for a file (QSettings keys cannot hold slashes; hashlib is slow to load)."""
    import zlib

    return f"{zlib.crc32(str(Path(path).resolve()).encode()):08x}"


class Settings:
    def __init__(self, qsettings: QSettings) -> None:
        self._s = qsettings

    @property
    def recent_files(self) -> list[Path]:
        value = self._s.value("recent_files", [], type=list)
        return [Path(p) for p in value if isinstance(p, str)] if isinstance(value, list) else []

    def add_recent(self, path: Path) -> None:
        resolved = str(Path(path).resolve())
        files = [str(p) for p in self.recent_files if str(p) != resolved]
        self._s.setValue("recent_files", [resolved, *files][:_MAX_RECENT])

    def forget_recent(self, path: Path) -> None:
        resolved = str(Path(path).resolve())
        self._s.setValue("recent_files", [str(p) for p in self.recent_files if str(p) != resolved])

    @property
    def language(self) -> str | None:
        value = self._s.value("language", "", type=str)
        return value if isinstance(value, str) and value else None

    @language.setter
    def language(self, value: str | None) -> None:
        self._s.setValue("language", value or "")

    @property
    def first_run(self) -> bool:
        return not self._s.value("first_run_done", False, type=bool)

    def mark_first_run_done(self) -> None:
        self._s.setValue("first_run_done", True)

    @property
    def tour_done(self) -> bool:
        """The first-run tour was shown (completed or skipped): it is not offered again."""
        return bool(self._s.value("tour_done", False, type=bool))

    def mark_tour_done(self) -> None:
        self._s.setValue("tour_done", True)

    def last_session(self, path: Path) -> str | None:
        value = self._s.value(f"last_session/{_key(path)}", "", type=str)
        return value if isinstance(value, str) and value else None

    def set_last_session(self, path: Path, session_id: str) -> None:
        self._s.setValue(f"last_session/{_key(path)}", session_id)

    def geometry(self, key: str) -> QByteArray | None:
        value = self._s.value(f"geometry/{key}")
        return value if isinstance(value, QByteArray) else None

    def set_geometry(self, key: str, value: QByteArray) -> None:
        self._s.setValue(f"geometry/{key}", value)

    # -- preferences (Edit → Preferences…) ------------------------------------------------

    @property
    def pdf_language(self) -> str:
        """The language a PDF is printed in by default: "event" (the event's own), "fr", "en"."""
        value = self._s.value("pdf_language", "event", type=str)
        return value if value in PDF_LANGUAGES else "event"

    @pdf_language.setter
    def pdf_language(self, value: str) -> None:
        self._s.setValue("pdf_language", value if value in PDF_LANGUAGES else "event")

    @property
    def theme(self) -> str:
        """The window's look: "auto" (the desktop's light or dark), "light" or "dark"."""
        value = self._s.value("theme", "auto", type=str)
        return value if value in THEMES else "auto"

    @theme.setter
    def theme(self, value: str) -> None:
        self._s.setValue("theme", value if value in THEMES else "auto")

    @property
    def capture_author(self) -> str:
        """The name the capture bar's author box starts with ("" for none)."""
        value = self._s.value("capture_author", "", type=str)
        return value.strip() if isinstance(value, str) else ""

    @capture_author.setter
    def capture_author(self, value: str) -> None:
        self._s.setValue("capture_author", value.strip())

    @property
    def backups_kept(self) -> int:
        """How many backups of each event are kept (store.backups' default when unset)."""
        from facilitator_app.store.backups import BACKUPS_KEPT, kept_count

        value = self._s.value("backups_kept", BACKUPS_KEPT, type=int)
        return kept_count(value if isinstance(value, int) else BACKUPS_KEPT)

    @backups_kept.setter
    def backups_kept(self, value: int) -> None:
        from facilitator_app.store.backups import kept_count

        self._s.setValue("backups_kept", kept_count(value))

    @property
    def data_folder(self) -> Path | None:
        """The folder chosen for Récolte's own files, or None for the system's usual place."""
        value = self._s.value("data_folder", "", type=str)
        return Path(value) if isinstance(value, str) and value else None

    @data_folder.setter
    def data_folder(self, value: Path | None) -> None:
        self._s.setValue("data_folder", str(value) if value else "")

    def sync(self) -> None:
        self._s.sync()
