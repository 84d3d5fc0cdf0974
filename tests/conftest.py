"""Shared test set-up: Qt runs offscreen, messages are in English unless a test asks otherwise."""

from __future__ import annotations

import json
import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt
os.environ.setdefault("LANGUAGE", "en")

import pytest  # noqa: E402

from facilitator_app.i18n import set_language  # noqa: E402


@pytest.fixture(autouse=True)
def _english_messages():
    set_language("en")
    yield
    set_language("en")


SMALL_EVENT = Path(__file__).with_name("data") / "petites_rencontres.json"


@pytest.fixture
def demo_content() -> dict:
    """Seed content in the shape of resources/demo/rencontres.json, small and French."""
    return json.loads(SMALL_EVENT.read_text(encoding="utf-8"))


@pytest.fixture
def event_file(tmp_path, demo_content) -> Path:
    """That content written by `build_demo` to a real event file."""
    from facilitator_app.core.demo import build_demo
    from facilitator_app.store import write_new_event

    path = tmp_path / "petites rencontres.recolte"
    write_new_event(path, build_demo(content=demo_content))
    return path


@pytest.fixture
def store(event_file):
    from facilitator_app.store import open_event

    with open_event(event_file) as opened:
        yield opened


def png_bomb(side: int = 12_000) -> bytes:
    """A PNG of side × side pixels (white, navy lines every 600 rows, a red band) of about
    450 KB: the paperboard scan that took 1.7 GB to print. Written row by row, so that the
    test itself never holds the pixels."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + body))
        return struct.pack(">I", len(body)) + kind + body + crc

    white, navy = b"\xff\xff\xff" * side, b"\x20\x20\x60" * side
    third = side // 3
    red = b"\xff\xff\xff" * third + b"\xc0\x20\x20" * third + b"\xff\xff\xff" * (side - 2 * third)
    squeezer, parts, above = zlib.compressobj(6), [], None
    for y in range(side):
        row = navy if y % 600 < 8 else red if third <= y < side // 2 else white
        line = b"\x02" + bytes(len(row)) if row is above else b"\x00" + row  # Up: as above
        parts.append(squeezer.compress(line))
        above = row
    parts.append(squeezer.flush())
    header = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", b"".join(parts))
        + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="session")
def paperboard_bomb(tmp_path_factory) -> Path:
    """`png_bomb()` in a file, made once per test run."""
    path = tmp_path_factory.mktemp("bomb") / "scan paperboard.png"
    path.write_bytes(png_bomb())
    return path
