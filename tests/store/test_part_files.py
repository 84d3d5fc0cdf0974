"""The `.part` an event file is built in: one left by a killed import or copy is removed when
the next one writes into that folder; the part of a writer still running, or of another
computer, is never touched."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from facilitator_app.core.demo import build_demo
from facilitator_app.formats.interchange import export_json, import_json
from facilitator_app.store import open_event, write_new_event
from facilitator_app.store.copies import prepare_copy
from facilitator_app.store.part_files import part_path, remove_stale_parts

ROOT = Path(__file__).resolve().parents[2]


def dead_pid() -> int:
    """The pid of a process that has ended (and was reaped)."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def part_of(target: Path, pid: int) -> Path:
    """The part the process `pid` of this computer would build `target` in."""
    with tempfile.TemporaryDirectory() as elsewhere:  # part_path cleans the folder it names
        host = part_path(Path(elsewhere) / "x").name.rpartition("@")[2].removesuffix(".part")
    return target.with_name(f".{target.name}.{pid}@{host}.part")


def hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_a_part_is_named_after_its_target_writer_and_computer(tmp_path):
    part = part_path(tmp_path / "rencontres.recolte")
    assert part.parent == tmp_path
    assert part.name.startswith(f".rencontres.recolte.{os.getpid()}@")
    assert part.name.endswith(".part")


def test_stale_parts_go_and_live_or_foreign_ones_stay(tmp_path):
    stale = part_of(tmp_path / "a.recolte", dead_pid())
    stale.write_bytes(b"x" * 4096)
    Path(f"{stale}-wal").write_bytes(b"w")
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"]) as sleeper:
        try:
            live = part_of(tmp_path / "b.recolte", sleeper.pid)
            live.write_bytes(b"y")
            foreign = tmp_path / f".c.recolte.{dead_pid()}@un-autre-portable.part"
            foreign.write_bytes(b"z")
            unrelated = tmp_path / ".notes.part"
            unrelated.write_bytes(b"mine")
            assert remove_stale_parts(tmp_path) == [stale]
            assert hidden(tmp_path) == sorted([live.name, foreign.name, unrelated.name])
        finally:
            sleeper.kill()


def test_the_next_import_removes_the_part_a_killed_import_left(tmp_path):
    write_new_event(tmp_path / "grand.recolte", build_demo(scale=10))
    with open_event(tmp_path / "grand.recolte", readonly=True) as store:
        export_json(store, tmp_path / "grand.json")
    folder = tmp_path / "imports"
    folder.mkdir()
    importer = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "facilitator_app",
            "import-json",
            tmp_path / "grand.json",
            folder / "copie.recolte",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not any(name.endswith(".part") for name in hidden(folder)):
        assert importer.poll() is None, "the import ended before its part was seen"
        assert time.monotonic() < deadline
        time.sleep(0.002)
    importer.send_signal(signal.SIGKILL)
    importer.wait()
    assert not (folder / "copie.recolte").exists()
    assert any(name.endswith(".part") for name in hidden(folder)), "the kill left no part"
    import_json(tmp_path / "grand.json", folder / "autre.recolte")
    assert hidden(folder) == []
    assert sorted(p.name for p in folder.iterdir()) == ["autre.recolte"]


@pytest.mark.parametrize("writer", ["import", "copy"])
def test_import_and_copy_remove_stale_parts_and_keep_a_live_one(event_file, tmp_path, writer):
    folder = tmp_path / "cle"
    folder.mkdir()
    stale = part_of(folder / "vieux.recolte", dead_pid())
    stale.write_bytes(b"SQLite format 3\x00" + b"\x00" * 4000)
    live = part_of(folder / "en-cours.recolte", os.getppid())  # pytest's parent: alive
    live.write_bytes(b"en cours")
    if writer == "import":
        with open_event(event_file, readonly=True) as store:
            export_json(store, tmp_path / "e.json")
        import_json(tmp_path / "e.json", folder / "nouveau.recolte")
    else:
        prepare_copy(event_file, folder / "nouveau.recolte", name="Léa")
    assert not stale.exists()
    assert live.exists()
    assert sorted(p.name for p in folder.iterdir()) == sorted([live.name, "nouveau.recolte"])


def test_a_refused_import_leaves_no_part(tmp_path):
    source = tmp_path / "in.json"
    source.write_text(json.dumps({"format": "recolte", "version": 1}), encoding="utf-8")
    with pytest.raises(Exception):  # noqa: B017 (any refusal: the point is what is left)
        import_json(source, tmp_path / "x.recolte")
    assert hidden(tmp_path) == []
