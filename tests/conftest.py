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
