"""The window's application (`app.Recolte`) with every message box recorded instead of shown,
and its data folder (demo, backups, log) in a temporary folder: for the reliability tests that
open damaged files or files on a full disk as a person would, from the window."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QMessageBox

import facilitator_app.app as app_module
from facilitator_app.app import Recolte
from facilitator_app.gui.settings import Settings

__all__ = ["Told", "recorded_recolte"]


@dataclass
class Told:
    """What the window said: (title, sentence) of each warning and information box."""

    warnings: list[tuple[str, str]] = field(default_factory=list)
    informations: list[tuple[str, str]] = field(default_factory=list)

    @property
    def sentences(self) -> list[str]:
        return [text for _title, text in self.warnings + self.informations]


def recorded_recolte(qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Recolte, Told]:
    told = Told()

    def warning(_parent, title, text, *_args, **_kwargs):
        told.warnings.append((title, text))
        return QMessageBox.StandardButton.Ok

    def information(_parent, title, text, *_args, **_kwargs):
        told.informations.append((title, text))
        return QMessageBox.StandardButton.Ok

    def no_modal(*_args, **_kwargs):
        raise AssertionError("an unexpected modal dialog was opened")

    def no_lock_question(_self, locked, _parent):
        raise AssertionError(f"unexpected lock question ({locked.owner})")

    monkeypatch.setattr(QMessageBox, "warning", warning)
    monkeypatch.setattr(QMessageBox, "information", information)
    monkeypatch.setattr(QMessageBox, "critical", no_modal)
    monkeypatch.setattr(QMessageBox, "exec", no_modal)
    monkeypatch.setattr(QDialog, "exec", no_modal)
    monkeypatch.setattr(Recolte, "_ask_locked", no_lock_question)
    data = tmp_path / "données"
    data.mkdir(exist_ok=True)
    monkeypatch.setattr(app_module, "_data_dir", lambda: data)
    settings = Settings(QSettings(str(tmp_path / "réglages.ini"), QSettings.Format.IniFormat))
    return Recolte(qapp, settings), told
