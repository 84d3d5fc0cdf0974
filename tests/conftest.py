"""Shared test set-up: Qt runs offscreen, messages are in English unless a test asks otherwise."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt
os.environ.setdefault("LANGUAGE", "en")

import pytest  # noqa: E402

from facilitator_app.i18n import set_language  # noqa: E402


@pytest.fixture(autouse=True)
def _english_messages():
    set_language("en")
    yield
    set_language("en")
