"""Idea trees: the notes of an `idea_tree` session arranged as a forest, and the edits on it.

Every live note of the session is a node; a note without a parent is a top-level branch (in
the demo: « Amorcer », « Maintenir », « Renforcer »), the session's question is the root drawn
above them. Children follow `position`, then `created_at`, then `id`. `build_forest` is robust
to what merged copies can produce: an orphan (its parent missing, deleted or in another
session) becomes a top-level branch, and a cycle of parents is broken at the node that sorts
first, so every copy shows the same tree.

The edits return `core.commands` batches (one undo step each) that renumber the positions of
the sibling lists they touch and push only the fields that change; an edit that would change
nothing returns None. The drawn layout lives in `core.idea_layout`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from facilitator_app.core.commands import AddRecord, Batch, Command, UpdateRecord, update
from facilitator_app.core.model import NOTE_KINDS, Note, new_id, note_order
from facilitator_app.i18n import N_

__all__ = [
    "BRANCH_COLOURS",
    "Forest",
    "build_forest",
    "parent_cycles",
    "branch_colour",
    "add_child",
    "add_sibling",
    "indent",
    "outdent",
    "move",
    "shift",
    "can_move",
    "delete_subtree",
    "edit_text",
    "set_kind",
    "set_votes",
]

# One colour per top-level branch, cycling. Lightness goes dark, middle, light, so three
# branches stay apart on a black-and-white print as well as on screen.
BRANCH_COLOURS = (
    "#1f4e79",  # dark blue
    "#2e9a5b",  # middle green
    "#f0a830",  # light orange
    "#7b2d8e",  # dark purple
    "#d6604d",  # middle red
    "#7fcdbb",  # light teal
)


def branch_colour(row: int) -> str:
    """The colour of the top-level branch shown at `row`."""
    return BRANCH_COLOURS[row % len(BRANCH_COLOURS)]


@dataclass(frozen=True, slots=True)
class Forest:
    """Live nodes by id, each node's parent (None: a top-level branch) and ordered children.

    `children[None]` lists the top-level branches.
    """

    notes: Mapping[str, Note]
    parents: Mapping[str, str | None]
    children: Mapping[str | None, tuple[str, ...]]

    def __len__(self) -> int:
        return len(self.notes)

    def __contains__(self, node_id: object) -> bool:
        return node_id in self.notes

    @property
    def roots(self) -> tuple[str, ...]:
        return self.children.get(None, ())

    def children_of(self, node_id: str | None) -> tuple[str, ...]:
        return self.children.get(node_id, ())

    def parent_of(self, node_id: str) -> str | None:
        return self.parents[node_id]

    def row(self, node_id: str) -> int:
        """The place of a node among its siblings."""
        return self.children_of(self.parents[node_id]).index(node_id)

    def path(self, node_id: str) -> tuple[str, ...]:
        """The ids from the top-level branch down to `node_id`, both included."""
        found = [node_id]
        parent = self.parents[node_id]
        while parent is not None:
            found.append(parent)
            parent = self.parents[parent]
        return tuple(reversed(found))

    def depth(self, node_id: str) -> int:
        """0 for a top-level branch, 1 for its children…"""
        return len(self.path(node_id)) - 1

    def branch_of(self, node_id: str) -> str:
        """The top-level branch a node grows on."""
        return self.path(node_id)[0]

    def subtree(self, node_id: str | None) -> list[str]:
        """`node_id` and everything under it, parents before children, in order; the whole
        forest for None (without the None root)."""
        found: list[str] = []
        stack = [node_id]
        while stack:
            current = stack.pop()
            if current is not None:
                found.append(current)
            stack.extend(reversed(self.children_of(current)))
        return found

    def walk(self) -> list[str]:
        """Every node, parents before children, in outline order."""
        return self.subtree(None)

    def is_under(self, node_id: str, ancestor_id: str) -> bool:
        """Whether `node_id` is `ancestor_id` or one of its descendants."""
        return ancestor_id in self.path(node_id)


def build_forest(notes: Iterable[Note], *, session_id: str | None = None) -> Forest:
    """The forest of the live `notes` (of `session_id` when given)."""
    live = {
        n.id: n
        for n in notes
        if not n.deleted and (session_id is None or n.session_id == session_id)
    }
    parents: dict[str, str | None] = {
        i: (n.parent_id if n.parent_id in live and n.parent_id != i else None)
        for i, n in live.items()
    }
    _break_cycles(parents, live)
    children: dict[str | None, list[str]] = {None: []}
    for note in sorted(live.values(), key=note_order):
        children.setdefault(parents[note.id], []).append(note.id)
    return Forest(
        notes=live,
        parents=parents,
        children={k: tuple(v) for k, v in children.items()},
    )


def _break_cycles(parents: dict[str, str | None], notes: Mapping[str, Note]) -> None:
    """Make the node that sorts first in each cycle of parents a top-level branch."""
    done: set[str] = set()
    for start in sorted(notes, key=lambda i: note_order(notes[i])):
        chain: list[str] = []
        on_chain: set[str] = set()
        current: str | None = start
        while current is not None and current not in done:
            if current in on_chain:
                cycle = chain[chain.index(current) :]
                parents[min(cycle, key=lambda i: note_order(notes[i]))] = None
                break
            chain.append(current)
            on_chain.add(current)
            current = parents[current]
        done.update(chain)


def parent_cycles(parents: Mapping[str, str | None]) -> list[tuple[str, ...]]:
    """Each loop of `parents` (note id → parent id), once, as the ids on it in walking order:
    notes that are their own ancestors, which an import refuses (two laptops that moved
    nodes under each other apart make one when merged; every reader breaks it, see
    `build_forest`). Linear in the number of notes."""
    finished: set[str] = set()
    cycles: list[tuple[str, ...]] = []
    for start in parents:
        chain: list[str] = []
        on_chain: set[str] = set()
        current: str | None = start
        while current is not None and current in parents and current not in finished:
            if current in on_chain:
                cycles.append(tuple(chain[chain.index(current) :]))
                break
            chain.append(current)
            on_chain.add(current)
            current = parents[current]
        finished.update(chain)
    return cycles


# -- edits --------------------------------------------------------------------------------


def _place(
    forest: Forest, order: Sequence[str], parent_id: str | None, skip: str | None = None
) -> list[Command]:
    """Updates giving the nodes of `order` the parent `parent_id` and positions 0, 1, 2…"""
    steps: list[Command] = []
    for position, node_id in enumerate(order):
        if node_id == skip:
            continue
        note = forest.notes[node_id]
        wanted = {"parent_id": parent_id, "position": position}
        changed = tuple((k, v) for k, v in wanted.items() if getattr(note, k) != v)
        if changed:
            steps.append(UpdateRecord(Note, node_id, changed))
    return steps


def add_child(
    forest: Forest,
    parent_id: str | None,
    *,
    session_id: str,
    created_at: str,
    text: str = "",
    kind: str = "idea",
    index: int | None = None,
    note_id: str | None = None,
) -> Batch:
    """A new node under `parent_id` (a new top-level branch for None), at `index` among its
    siblings (last when None). The new note's id is `note_id` when given."""
    siblings = list(forest.children_of(parent_id))
    index = len(siblings) if index is None else max(0, min(index, len(siblings)))
    note = Note(
        id=note_id or new_id(),
        session_id=session_id,
        text=text,
        kind=kind,
        parent_id=parent_id,
        position=index,
        created_at=created_at,
    )
    siblings.insert(index, note.id)
    label = N_("Add branch") if parent_id is None else N_("Add idea")
    steps: list[Command] = [AddRecord(note, label=label)]
    steps += _place(forest, siblings, parent_id, skip=note.id)
    return Batch(tuple(steps), label=label)


def add_sibling(
    forest: Forest,
    node_id: str,
    *,
    created_at: str,
    text: str = "",
    kind: str = "idea",
    note_id: str | None = None,
) -> Batch:
    """A new node just after `node_id`, under the same parent."""
    return add_child(
        forest,
        forest.parent_of(node_id),
        session_id=forest.notes[node_id].session_id,
        created_at=created_at,
        text=text,
        kind=kind,
        index=forest.row(node_id) + 1,
        note_id=note_id,
    )


def _tops(forest: Forest, node_ids: Iterable[str]) -> list[str]:
    """The given nodes in outline order, without those under another given node."""
    chosen = {i for i in node_ids if i in forest}
    return [
        i
        for i in forest.walk()
        if i in chosen and not any(a in chosen for a in forest.path(i)[:-1])
    ]


def can_move(forest: Forest, node_ids: str | Sequence[str], parent_id: str | None) -> bool:
    """Whether the nodes may go under `parent_id`: not under themselves or their descendants."""
    ids = [node_ids] if isinstance(node_ids, str) else list(node_ids)
    if not ids or any(i not in forest for i in ids):
        return False
    if parent_id is None:
        return True
    return parent_id in forest and not any(forest.is_under(parent_id, i) for i in ids)


def move(
    forest: Forest,
    node_ids: str | Sequence[str],
    parent_id: str | None,
    index: int,
    *,
    label: str = N_("Move idea"),
) -> Batch | None:
    """Put the nodes (with their subtrees) under `parent_id` at `index` among the siblings
    they join (counted without the moved nodes), renumbering the lists they leave and join.
    None when the move is refused (under themselves) or changes nothing."""
    if not can_move(forest, node_ids, parent_id):
        return None
    moving = _tops(forest, [node_ids] if isinstance(node_ids, str) else node_ids)
    target = [i for i in forest.children_of(parent_id) if i not in moving]
    index = max(0, min(index, len(target)))
    target[index:index] = moving
    steps = _place(forest, target, parent_id)
    for left in dict.fromkeys(forest.parent_of(i) for i in moving):
        if left != parent_id:
            rest = [i for i in forest.children_of(left) if i not in moving]
            steps += _place(forest, rest, left)
    return Batch(tuple(steps), label=label) if steps else None


def indent(forest: Forest, node_id: str) -> Batch | None:
    """The node becomes the last child of its previous sibling (None for a first child)."""
    row = forest.row(node_id)
    if row == 0:
        return None
    above = forest.children_of(forest.parent_of(node_id))[row - 1]
    return move(forest, node_id, above, len(forest.children_of(above)), label="Indent")


def outdent(forest: Forest, node_id: str) -> Batch | None:
    """The node becomes the next sibling of its parent (None for a top-level branch)."""
    parent = forest.parent_of(node_id)
    if parent is None:
        return None
    return move(forest, node_id, forest.parent_of(parent), forest.row(parent) + 1, label="Outdent")


def shift(forest: Forest, node_id: str, offset: int) -> Batch | None:
    """Move a node `offset` places among its siblings (−1: up); None at either end."""
    row = forest.row(node_id) + offset
    if not 0 <= row < len(forest.children_of(forest.parent_of(node_id))):
        return None
    return move(forest, node_id, forest.parent_of(node_id), row)


def delete_subtree(forest: Forest, node_ids: str | Sequence[str]) -> Batch | None:
    """Tombstone the nodes and everything under them, as one undo step."""
    tops = _tops(forest, [node_ids] if isinstance(node_ids, str) else node_ids)
    doomed = [i for top in tops for i in forest.subtree(top)]
    if not doomed:
        return None
    steps = tuple(UpdateRecord(Note, i, (("deleted", True),)) for i in doomed)
    return Batch(steps, label=N_("Delete idea") if len(tops) == 1 else N_("Delete ideas"))


def edit_text(note: Note, text: str) -> Command | None:
    """Correct a node's text (typing in one node merges into one undo step)."""
    text = " ".join(text.split("\n")).strip()
    if not text or text == note.text:
        return None  # an idea is removed with Delete, not by erasing its text
    return update(note, label="Edit idea", typing=True, text=text)


def set_kind(note: Note, kind: str) -> Command | None:
    if kind not in NOTE_KINDS or kind == note.kind:
        return None
    return update(note, label="Change note type", kind=kind)


def set_votes(note: Note, votes: int) -> Command | None:
    if votes < 0 or votes == note.votes:
        return None
    return update(note, label="Change votes", votes=votes)
