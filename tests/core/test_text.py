"""French-aware folding, the words search matches, and the excerpt a search result shows."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from facilitator_app.core.text import (
    excerpt,
    file_stem,
    fold,
    keep_punctuation_attached,
    sort_key,
    words,
)


def test_fold_ignores_accents_case_and_ligatures():
    assert fold("Œuvre") == fold("oeuvre") == "oeuvre"
    assert fold("École") == "ecole"
    assert fold("cœur") == "coeur"
    assert fold("l’été") == "l'ete"


def test_words_are_folded_and_split_on_punctuation():
    assert words("« L’Œuvre » de l’École, 2026 !") == ["l", "oeuvre", "de", "l", "ecole", "2026"]
    assert words(" … — ") == []


def test_french_sorting_puts_accented_names_with_their_letter():
    names = ["Zoé", "Élise", "Eric", "émile", "Agathe"]
    assert sorted(names, key=sort_key) == ["Agathe", "Élise", "émile", "Eric", "Zoé"]


def test_excerpt_shows_the_first_word_found_in_a_long_note():
    text = "Une coopérative rurale. " * 10 + "Au CŒUR du village, une épicerie."
    shown = excerpt(text, words("coeur"), width=60)
    assert shown.startswith("…") and "CŒUR du village" in shown
    assert len(shown) <= 62


def test_excerpt_of_a_short_note_is_the_note_on_one_line():
    assert excerpt("Une idée\nsur deux lignes", ["idee"]) == "Une idée sur deux lignes"
    assert excerpt("Rien à voir", ["zz"]) == "Rien à voir"


@given(st.text(), st.lists(st.text(min_size=1), max_size=3))
def test_excerpt_never_fails_and_stays_short(text, query):
    shown = excerpt(text, [w for q in query for w in words(q)], width=40)
    assert len(shown) <= 42
    assert "\n" not in shown


def test_punctuation_stays_with_its_word_when_lines_wrap():
    typed = "« Quoi ? » Trois choses : agir ; relier ! Heure : 10:30"
    assert keep_punctuation_attached(typed) == (
        "«\u202fQuoi\u202f?\u202f» Trois choses\u00a0: agir\u202f; relier\u202f! Heure\u00a0: 10:30"
    )
    already = "Quoi\u202f?"
    assert keep_punctuation_attached(already) == already


def test_file_stem_keeps_french_and_drops_what_file_systems_refuse():
    assert (
        file_stem("Rencontres « 2026 » : l’œuvre", fallback="x") == "Rencontres « 2026 » - l’œuvre"
    )
    assert file_stem('a/b\\c*?"<>|\x01', fallback="x") == "a-b-c"
    assert file_stem(" ... ", fallback="Récolte") == "Récolte"
    assert len(file_stem("é" * 200, fallback="x")) == 80


def test_the_excerpt_of_a_huge_note_does_bounded_work(monkeypatch):
    """A 5 MB note (from a file written before the limit) used to be folded one character at
    a time, 5 million calls: 4 s per search result. Now at most the first MAX_NOTE_CHARS
    characters are looked at, a slice at a time."""
    from facilitator_app.core import text as text_module
    from facilitator_app.core.limits import MAX_NOTE_CHARS

    calls: list[int] = []
    real_fold = text_module.fold

    def counting_fold(value: str) -> str:
        calls.append(len(value))
        return real_fold(value)

    cooperation, zygomatique = words("cooperation"), words("zygomatique")
    monkeypatch.setattr(text_module, "fold", counting_fold)
    huge = "Le cœur du réseau : une coopération territoriale. " * 100_000  # 5 MB
    shown = excerpt(huge, cooperation, width=90)
    assert "coopération" in shown and len(shown) <= 92
    assert len(calls) < 3_000 and sum(calls) < 10_000

    calls.clear()
    shown = excerpt(huge + " Zygomatique.", zygomatique, width=90)  # past the limit
    assert shown.startswith("Le cœur du réseau")
    assert sum(calls) <= MAX_NOTE_CHARS


def test_excerpt_finds_the_word_after_letters_that_fold_longer_or_shorter():
    """`…` folds to three dots, `œ` to two letters, `e` + a combining accent to one: the
    line is still cut where the word is in the text, not in its folded form."""
    for before in ("Œuvre… ", "cœur… ", "e\u0301te\u0301 "):
        text = before * 20 + "La CIBLE visée par la coopération, et la suite du texte ici."
        shown = excerpt(text, words("cible"), width=50)
        assert shown.startswith("…") and "CIBLE visée" in shown, (before, shown)
