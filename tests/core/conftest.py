"""Core fixtures: a small French event built by `build_demo` and written to a real file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from facilitator_app.core.demo import build_demo
from facilitator_app.store import open_event, write_new_event

SMALL_EVENT = Path(__file__).with_name("petites_rencontres.json")


@pytest.fixture
def demo_content() -> dict:
    """Seed content in the shape of resources/demo/rencontres.json, small and French."""
    return json.loads(SMALL_EVENT.read_text(encoding="utf-8"))


@pytest.fixture
def event_file(tmp_path, demo_content) -> Path:
    path = tmp_path / "petites rencontres.recolte"
    write_new_event(path, build_demo(content=demo_content))
    return path


@pytest.fixture
def store(event_file):
    with open_event(event_file) as opened:
        yield opened
