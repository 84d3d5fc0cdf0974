"""Dates, numbers and kinds as a printed document writes them, in French and in English."""

from __future__ import annotations

from facilitator_app.labels import translated_labels
from facilitator_app.printing.wording import Wording


def test_english_dates_numbers_and_kinds():
    words = translated_labels(Wording, "en")
    assert words.day("2026-06-11") == "Thursday, June 11, 2026"
    assert words.day("2026-06-11", weekday=False) == "June 11, 2026"
    assert words.dates("2026-06-11", "2026-06-12") == "June 11–12, 2026"
    assert words.dates("2026-06-30", "2026-07-01") == "June 30, 2026 to July 1, 2026"
    assert words.number(2550) == "2,550"
    assert words.session_kind("world_cafe") == "World café"
    assert words.note_kind("quote") == "Quote"


def test_french_dates_numbers_and_kinds():
    words = translated_labels(Wording, "fr")
    assert words.day("2026-06-11") == "jeudi 11 juin 2026"
    assert words.day("2026-07-01") == "mercredi 1er juillet 2026"
    assert words.dates("2026-06-11", "2026-06-12") == "11–12 juin 2026"
    assert words.dates("2026-06-30", "2026-07-01") == "du 30 juin 2026 au 1er juillet 2026"
    assert words.number(2550) == "2\u202f550"
    assert words.session_kind("idea_tree") == "Arbre à idées"
    assert words.note_kind("quote") == "Citation"


def test_what_is_not_a_date_is_printed_as_given():
    words = Wording()
    assert words.day("bientôt") == "bientôt"
    assert words.dates("bientôt") == "bientôt"
    assert words.dates("2026-06-12", "2026-06-11") == "June 12, 2026"  # no backwards range
    assert words.session_kind("atelier") == "atelier"
