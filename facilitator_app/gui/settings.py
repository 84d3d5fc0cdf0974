"""Typed UI preferences over an injected QSettings (never event data, which lives in the file)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

__all__ = ["Settings"]

_MAX_RECENT = 10


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

    def sync(self) -> None:
        self._s.sync()
