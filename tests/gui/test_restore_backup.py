"""File → Restore a backup…: the event's rolling backups listed, one restored into a new file
that opens in its own window; the event and every existing file are left alone.

The application and its recorded modals come from test_app.py.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog
from test_app import all_note_texts, capture_note, data_dir, modals, recolte  # noqa: F401

from facilitator_app.gui.actions import Act
from facilitator_app.gui.dialogs.backups_dialog import BackupsDialog, proposed_name
from facilitator_app.store.backups import backup_path, list_backups


class Shown(list):
    """The BackupsDialogs shown; each picks row `pick` (None: Cancel) and asks to restore."""

    pick: int | None = 0


@pytest.fixture
def shown(monkeypatch) -> Shown:
    dialogs = Shown()

    def exec_(dialog: BackupsDialog) -> int:
        dialogs.append(dialog)
        if dialogs.pick is None:
            return 0
        dialog.select(dialogs.pick)
        return 1 if dialog.chosen() is not None else 0

    monkeypatch.setattr(BackupsDialog, "exec", exec_)
    return dialogs


@pytest.fixture
def proposals(monkeypatch, modals) -> list[str]:  # noqa: F811
    """The name the save dialog proposed; it answers `modals.save_name`."""
    proposed: list[str] = []

    def get_save(_parent, caption, directory="", *_args, **_kwargs):
        modals.file_dialogs.append(caption)
        proposed.append(directory)
        return modals.save_name, ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", get_save)
    return proposed


@pytest.fixture
def backed_up(recolte, data_dir, event_path):  # noqa: F811
    """The event opened, a note typed, and three backups of it: two sound, one damaged."""
    window = recolte.open_path(event_path)
    folder = data_dir / "backups"
    folder.mkdir()
    old = backup_path(folder, "rencontres", datetime(2026, 6, 11, 9, 12, 0))
    window.document.store.backup_to(old)  # before the note below
    capture_note(window, "Ouverture", "Café d’accueil, « œuvres » en vitrine")
    new = backup_path(folder, "rencontres", datetime(2026, 6, 12, 17, 45, 30))
    window.document.store.backup_to(new)
    broken = backup_path(folder, "rencontres", datetime(2026, 6, 12, 18, 0, 0))
    broken.write_bytes(new.read_bytes()[:5000])  # cut short by a full disk
    return window, old, new, broken


def test_the_action_is_in_the_file_menu(backed_up):
    window = backed_up[0]
    action = window.actions_[Act.RESTORE_BACKUP]
    file_menu = window.menuBar().actions()[0].menu()
    assert action in file_menu.actions()
    assert action.text() == "Restore a bac&kup…"


def test_restore_lists_newest_first_and_opens_the_copy_in_a_new_window(
    recolte,  # noqa: F811
    modals,  # noqa: F811
    backed_up,
    shown,
    proposals,
    event_path,
):
    window, old, new, broken = backed_up
    shown.pick = 2  # the oldest: before the note
    target = event_path.with_name("rencontres-restored-2026-06-11-09h12.recolte")
    modals.save_name = str(target)

    restored = recolte.restore_backup(window)

    (dialog,) = shown
    rows = [dialog.list.topLevelItem(r) for r in range(dialog.list.topLevelItemCount())]
    assert [dialog._info(item).path for item in rows] == [broken, new, old]
    assert rows[0].text(2) == "Damaged, cannot be restored"
    assert "is damaged" in rows[0].toolTip(2) and broken.name in rows[0].toolTip(2)
    assert rows[1].text(2) == "3 notes, 3 sessions"
    assert rows[2].text(2) == "2 notes, 3 sessions"
    assert rows[1].text(0) == "Friday 12 June 2026, 17:45"
    assert rows[2].text(0) == "Thursday 11 June 2026, 09:12"
    assert all(item.text(1).endswith(("kB", "bytes")) for item in rows)
    assert proposals == [str(target)]
    assert modals.file_dialogs == ["Restore the backup as"]

    assert restored is not None and restored is not window
    assert Path(restored.document.path) == target
    assert recolte.windows == [window, restored]
    assert "Café d’accueil, « œuvres » en vitrine" not in all_note_texts(target)
    assert "Café d’accueil, « œuvres » en vitrine" in all_note_texts(event_path)
    assert len(all_note_texts(event_path)) == 3  # the event itself is as it was
    assert modals.warnings == []


def test_a_damaged_backup_cannot_be_chosen(backed_up, shown, proposals, recolte):  # noqa: F811
    window = backed_up[0]
    shown.pick = 0  # the damaged one
    assert recolte.restore_backup(window) is None
    (dialog,) = shown
    assert dialog.chosen() is None
    assert not dialog.restore_button.isEnabled()
    assert proposals == []


def test_the_first_sound_backup_is_proposed(backed_up, data_dir):  # noqa: F811
    window = backed_up[0]
    backups = list_backups(data_dir / "backups", "rencontres")
    dialog = BackupsDialog(backups, window)
    assert dialog.chosen() == backups[1]  # backups[0] is damaged
    assert dialog.restore_button.isEnabled()
    dialog.deleteLater()


def test_restore_never_overwrites_an_existing_file(
    recolte,  # noqa: F811
    modals,  # noqa: F811
    backed_up,
    shown,
    proposals,
    event_path,
):
    window = backed_up[0]
    shown.pick = 1
    taken = event_path.with_name("déjà là.recolte")
    taken.write_bytes(b"un autre fichier")
    modals.save_name = str(taken)
    assert recolte.restore_backup(window) is None
    assert taken.read_bytes() == b"un autre fichier"
    assert len(modals.warnings) == 1
    title, text = modals.warnings[0]
    assert title == "Cannot restore the backup" and "already exists" in text

    modals.warnings.clear()
    modals.save_name = str(event_path)  # the event itself
    before = event_path.read_bytes()
    assert recolte.restore_backup(window) is None
    assert event_path.read_bytes() == before and len(modals.warnings) == 1
    assert recolte.windows == [window]


def test_no_backup_yet_says_so(recolte, event_path, shown, proposals):  # noqa: F811
    window = recolte.open_path(event_path)
    shown.pick = None
    assert recolte.restore_backup(window) is None
    (dialog,) = shown
    assert dialog.list.topLevelItemCount() == 0
    assert not dialog.empty.isHidden()
    assert not dialog.restore_button.isEnabled()


def test_the_proposed_name_is_never_taken(tmp_path):
    event = tmp_path / "rencontres.recolte"
    made = datetime(2026, 6, 11, 9, 12, 40)
    first = proposed_name(event, made)
    assert first.name == "rencontres-restored-2026-06-11-09h12.recolte"
    first.write_bytes(b"")
    assert proposed_name(event, made).name == "rencontres-restored-2026-06-11-09h12-2.recolte"


def test_the_proposed_name_in_french(tmp_path):
    from facilitator_app.i18n import set_language

    set_language("fr")
    name = proposed_name(tmp_path / "rencontres.recolte", datetime(2026, 6, 11, 9, 12))
    assert name.name == "rencontres-restauré-2026-06-11-09h12.recolte"
