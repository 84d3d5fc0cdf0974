"""Issue 15, defect 7: the words found are highlighted, accents folded as the search folds
them."""

from __future__ import annotations

from PySide6.QtGui import QImage

from facilitator_app.core.commands import add_note
from facilitator_app.core.model import Note
from facilitator_app.core.text import hit_spans
from facilitator_app.gui.main_window import MainWindow
from facilitator_app.gui.models.search import HITS_ROLE, SearchResultsModel


def test_the_folded_words_are_marked_in_each_hit(qtbot, document):
    session = document.read.all_sessions()[0]
    document.push(
        add_note(
            session_id=session.id,
            text="Le CŒUR de l’École : cœurs battants, un écolier",
            position=document.next_position(Note, session_id=session.id),
            created_at=document.now(),
        )
    )
    model = SearchResultsModel(document)
    model.search("coeur ecole")
    rows = [
        model.index(r, 0, model.index(g, 0))
        for g in range(model.rowCount())
        for r in range(model.rowCount(model.index(g, 0)))
    ]
    hit = next(i for i in rows if "CŒUR" in i.data())
    line = hit.data()
    marked = [line[start : start + length] for start, length in hit.data(HITS_ROLE)]
    assert marked == ["CŒUR", "École", "cœur"]  # as typed, in the note’s own letters
    assert hit_spans("rien à voir", ["coeur"]) == []


def test_a_line_without_ligatures_is_marked_as_word_by_word():
    """The fast path (one fold of the line) marks what folding word by word marks."""
    line = "Design de l’École : décider, DÉCIDER ensemble à Besançon, Ærø"
    assert [line[s : s + n] for s, n in hit_spans(line, ["de", "design", "ecole"])] == [
        "Design",  # the longest prefix, not "De"
        "de",
        "École",
        "dé",
        "DÉ",
    ]
    assert [line[s : s + n] for s, n in hit_spans(line, ["besancon", "aer"])] == [
        "Besançon",
        "Ær",  # Æ folds to two letters: the line goes word by word
    ]


def test_bold_words_are_painted(qtbot, document, settings):
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    window.find()
    panel = window._search.widget()
    panel.box.setText("coeur")
    panel.run()
    view = panel.results
    index = panel.model.first_note()
    rect = view.visualRect(index)

    def pixels() -> QImage:
        return view.viewport().grab(rect).toImage()

    with_bold = pixels()
    panel.model.itemFromIndex(index).setData([], HITS_ROLE)
    assert pixels() != with_bold  # the highlight is what differs
    window.close_for_good()
