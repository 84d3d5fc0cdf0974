"""An idea tree as a mind map: a Freeplane/FreeMind `.mm` map or an OPML 2.0 outline.

`load_idea_tree(records, session_id)` reads the session's live notes and arranges them as
the editor shows them (`core.ideas.build_forest`: notes without a parent, or whose parent is
gone, are the top-level branches; children follow `position`, then `created_at`, then
`id`), under the session's question (its title when it has none), with the editor's branch
colours. `write_mindmap(tree, out)`
writes the format the suffix names, through `write_atomically`. XML is built with
ElementTree, which escapes what a person typed (« & < > " ’ »); characters XML 1.0 cannot
carry at all (control codes) are dropped. Qt-free.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any, Protocol

from facilitator_app.core.errors import NotFound, RecolteError
from facilitator_app.core.ideas import Forest, branch_colour, build_forest
from facilitator_app.core.model import Note, Session
from facilitator_app.formats.writing import write_atomically
from facilitator_app.i18n import tr

__all__ = [
    "MINDMAP_SUFFIXES",
    "IdeaTree",
    "NotAnIdeaTree",
    "build_freeplane",
    "build_opml",
    "load_idea_tree",
    "mindmap_format",
    "write_mindmap",
]

MINDMAP_SUFFIXES = (".mm", ".opml")
FREEPLANE_VERSION = "freeplane 1.9.13"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class NotAnIdeaTree(RecolteError):
    """The session asked for is not an idea tree."""


class IdeaRecords(Protocol):
    """What loading a tree needs from the store (`store.EventStore` has it)."""

    def get(self, record_type: type[Any], record_id: str) -> Any: ...

    def all(self, record_type: type[Any], **where: Any) -> list[Any]: ...


@dataclass(frozen=True, slots=True)
class IdeaTree:
    session: Session
    forest: Forest  # the live notes arranged as on screen (core.ideas)

    @property
    def root_text(self) -> str:
        return self.session.question.strip() or self.session.title

    def walk(self) -> Iterable[tuple[int, Note]]:
        """(depth, note) in document order, depth 1 for the top-level branches."""
        for node_id in self.forest.walk():
            yield self.forest.depth(node_id) + 1, self.forest.notes[node_id]


def load_idea_tree(records: IdeaRecords, session_id: str) -> IdeaTree:
    """The idea tree of `session_id`; NotFound or NotAnIdeaTree with one sentence otherwise."""
    session = records.get(Session, session_id)
    if session is None or session.deleted:
        raise NotFound(tr("There is no session with id {id}.", id=session_id))
    if not session.kind.spec.tree:
        raise NotAnIdeaTree(tr("“{title}” is not an idea tree.", title=session.title))
    return IdeaTree(session, build_forest(records.all(Note, session_id=session.id)))


def mindmap_format(out: Path | str) -> str:
    """`mm` or `opml` from the output's suffix; RecolteError with one sentence otherwise."""
    suffix = Path(out).suffix.lower()
    if suffix not in MINDMAP_SUFFIXES:
        raise RecolteError(
            tr(
                "{path}: a mind map is written as .mm (Freeplane, FreeMind) or .opml.",
                path=out,
            )
        )
    return suffix[1:]


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _attributes(note: Note) -> list[tuple[str, str]]:
    """votes (when any), kind (when not a plain idea) and author, as name/value pairs."""
    pairs = []
    if note.votes > 0:
        pairs.append(("votes", str(note.votes)))
    if note.kind != "idea":
        pairs.append(("kind", note.kind))
    if note.author.strip():
        pairs.append(("author", _clean(note.author)))
    return pairs


def _node_id(note: Note) -> str:
    return "ID_" + re.sub(r"[^0-9A-Za-z_]", "_", note.id)


def build_freeplane(tree: IdeaTree) -> ET.ElementTree:
    """The Freeplane map: nested `<node>` elements, branches alternating right and left."""
    root = ET.Element("map", version=FREEPLANE_VERSION)
    root.append(
        ET.Comment(
            "To view this file, download free mind mapping software Freeplane from "
            "https://www.freeplane.org"
        )
    )
    top = ET.SubElement(root, "node", TEXT=_clean(tree.root_text), FOLDED="false", ID="ID_root")

    forest = tree.forest

    def add(parent: ET.Element, node_id: str, extra: dict[str, str]) -> None:
        note = forest.notes[node_id]
        element = ET.SubElement(
            parent, "node", {"TEXT": _clean(note.text), "ID": _node_id(note), **extra}
        )
        if "COLOR" in extra:  # a top-level branch: its edges share its colour
            ET.SubElement(element, "edge", COLOR=extra["COLOR"])
        for name, value in _attributes(note):
            ET.SubElement(element, "attribute", NAME=name, VALUE=value)
        for child in forest.children_of(node_id):
            add(element, child, {})

    for index, node_id in enumerate(forest.roots):
        side = "right" if index % 2 == 0 else "left"
        add(top, node_id, {"POSITION": side, "COLOR": branch_colour(index)})
    ET.indent(root, space="")
    return ET.ElementTree(root)


def build_opml(tree: IdeaTree, *, created: datetime | None = None) -> ET.ElementTree:
    """The OPML 2.0 outline: one `<outline>` for the question, the notes nested inside."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = _clean(tree.session.title or tree.root_text)
    moment = created or datetime.now(UTC)
    ET.SubElement(head, "dateCreated").text = format_datetime(moment.astimezone(UTC), usegmt=True)
    body = ET.SubElement(root, "body")
    top = ET.SubElement(body, "outline", text=_clean(tree.root_text))

    forest = tree.forest

    def add(parent: ET.Element, node_id: str) -> None:
        note = forest.notes[node_id]
        element = ET.SubElement(parent, "outline", text=_clean(note.text))
        for name, value in _attributes(note):
            element.set(name, value)
        for child in forest.children_of(node_id):
            add(element, child)

    for node_id in forest.roots:
        add(top, node_id)
    ET.indent(root, space="  ")
    return ET.ElementTree(root)


def write_mindmap(tree: IdeaTree, out: Path | str) -> Path:
    """Write `tree` to `out` in the format its suffix names, all or nothing; returns `out`."""
    kind = mindmap_format(out)
    if kind == "mm":
        # As Freeplane and FreeMind write it: no XML declaration (FreeMind looks for
        # `<map version=` at the start) and every non-ASCII letter as a character reference,
        # which reads the same whatever encoding an old FreeMind assumes.
        document = build_freeplane(tree)
        return write_atomically(Path(out), lambda path: document.write(path, encoding="us-ascii"))
    document = build_opml(tree)
    return write_atomically(
        Path(out),
        lambda path: document.write(path, encoding="UTF-8", xml_declaration=True),
    )
