"""GUI fixtures: a real event file in a temporary folder, wrapped in an EventDocument."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from facilitator_app.core.model import (
    CafeTable,
    Category,
    Event,
    Note,
    Organisation,
    Participant,
    Round,
    Session,
)
from facilitator_app.store import create_event, open_event


@pytest.fixture
def event_path(tmp_path):
    """A small French event: two days, three sessions, people, a world café with notes."""
    path = tmp_path / "rencontres.recolte"
    store = create_event(
        path,
        Event(
            title="Rencontres des coopérations",
            place="Le Solidarium",
            start_date="2026-06-11",
            end_date="2026-06-12",
        ),
    )
    treso = store.put(Organisation(name="La Tréso", type="tiers-lieu", place="Malakoff"))
    sixb = store.put(Organisation(name="Le 6b", type="tiers-lieu", place="Saint-Denis"))
    store.put(
        Participant(
            name="Grégoire Simonnet", organisation_id=treso.id, role="Gérant", consent_listed=True
        )
    )
    store.put(Participant(name="Rémy Jacquot", organisation_id=sixb.id, role="Administrateur"))
    store.put(Participant(name="Élise Œuvrard", role="Facilitatrice", consent_photo=True))
    opening = store.put(
        Session(
            title="Ouverture",
            kind="plenary",
            day="2026-06-11",
            start="09:30",
            end="10:00",
            position=0,
        )
    )
    cafe = store.put(
        Session(
            title="World café « fonctions »",
            kind="world_cafe",
            day="2026-06-11",
            start="10:00",
            end="11:30",
            position=1,
            question="Quelles fonctions pour développer les coopérations ?",
        )
    )
    store.put(
        Session(
            title="Table ronde",
            kind="round_table",
            day="2026-06-12",
            start="14:00",
            end="15:30",
            position=0,
        )
    )
    table = store.put(CafeTable(session_id=cafe.id, number=1, theme="Animation"))
    round_ = store.put(Round(session_id=cafe.id, number=1, minutes=25))
    category = store.put(Category(session_id=cafe.id, name="Missions", position=0))
    store.put(Note(session_id=opening.id, text="Bienvenue au Solidarium !", position=0))
    store.put(
        Note(
            session_id=cafe.id,
            text="Être présent au cœur du réseau",
            position=0,
            table_id=table.id,
            round_id=round_.id,
            category_id=category.id,
        )
    )
    store.close()
    return path


@pytest.fixture
def document(event_path, qtbot):
    from facilitator_app.gui.document import EventDocument

    doc = EventDocument(open_event(event_path))
    yield doc
    doc.close()


@pytest.fixture
def settings(tmp_path):
    from facilitator_app.gui.settings import Settings

    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
