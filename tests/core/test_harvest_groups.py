"""The harvest rule (core.harvest): a world café's notes by table and category, the unsorted
groups last and named once for the window and the synthesis alike."""

from __future__ import annotations

from facilitator_app import i18n
from facilitator_app.core.harvest import Grouping, HarvestGroups
from facilitator_app.core.model import CafeTable, Category, Note

SESSION = "s"
TABLES = (
    CafeTable(id="t1", session_id=SESSION, number=1, theme="Créativité"),
    CafeTable(id="t2", session_id=SESSION, number=2),
)
CATEGORIES = (
    Category(id="c1", session_id=SESSION, name="Missions", position=0),
    Category(id="c2", session_id=SESSION, name="Actions", position=1),
)


def note(text: str, position: int, table: str | None, category: str | None) -> Note:
    return Note(
        session_id=SESSION, text=text, position=position, table_id=table, category_id=category
    )


NOTES = (
    note("sans table", 0, None, "c1"),
    note("action 1", 3, "t1", "c2"),
    note("mission 1", 2, "t1", "c1"),
    note("en vrac", 1, "t1", None),
    note("table effacée", 4, "gone", "c1"),  # a table no longer in the session
    note("catégorie effacée", 5, "t1", "gone"),
)


def outline(groups: HarvestGroups, **options: bool) -> list[tuple[str, list[tuple[str, list]]]]:
    return [
        (
            groups.label(0, top.key),
            [(groups.label(1, sub.key), [n.text for n in sub.notes]) for sub in top.groups],
        )
        for top in groups.group(NOTES, **options)
    ]


def test_notes_go_by_table_then_category_the_unsorted_last():
    i18n.set_language("fr")
    assert outline(HarvestGroups(TABLES, CATEGORIES)) == [
        (
            "Table 1 · Créativité",
            [
                ("Missions", ["mission 1"]),
                ("Actions", ["action 1"]),
                ("Sans catégorie", ["en vrac", "catégorie effacée"]),
            ],
        ),
        ("Table 2", []),  # a table without notes yet still shows
        ("Sans table", [("Missions", ["sans table", "table effacée"])]),
    ]


def test_by_category_the_tables_come_second_and_empty_tops_can_be_left_out():
    i18n.set_language("en")
    groups = HarvestGroups(TABLES, CATEGORIES, Grouping.BY_CATEGORY)
    assert outline(groups, every_top=False) == [
        (
            "Missions",
            [
                ("Table 1 · Créativité", ["mission 1"]),
                ("No table", ["sans table", "table effacée"]),
            ],
        ),
        ("Actions", [("Table 1 · Créativité", ["action 1"])]),
        ("No category", [("Table 1 · Créativité", ["en vrac", "catégorie effacée"])]),
    ]


def test_a_group_lists_all_its_notes_in_note_order():
    loose = HarvestGroups(TABLES, CATEGORIES).group(NOTES)[-1]
    assert loose.key is None
    assert [n.text for n in loose.all_notes()] == ["sans table", "table effacée"]


def test_a_new_theme_keeps_the_groups_a_new_table_does_not():
    before = HarvestGroups(TABLES, CATEGORIES)
    renamed = HarvestGroups(
        (TABLES[0], CafeTable(id="t2", session_id=SESSION, number=2, theme="Liens")), CATEGORIES
    )
    added = HarvestGroups((*TABLES, CafeTable(id="t3", session_id=SESSION, number=3)), CATEGORIES)
    assert renamed.same_keys(before) and renamed != before
    assert not added.same_keys(before)
