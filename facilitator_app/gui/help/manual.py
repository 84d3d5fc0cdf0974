"""The manual's pages on disk and the topic each view of the window opens with F1.

The pages are Markdown files in `resources/help/<language>/`, one per page, with the same
names in every language. A heading may end with `{#anchor}`: the anchor F1 and the links
between pages point to, the same in both languages (the heading's words are not). Reading
them needs no Qt; `help.window` renders them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from facilitator_app.i18n import LANGUAGES, current_language
from facilitator_app.paths import resource

__all__ = [
    "PAGES",
    "HOME",
    "Topic",
    "TOPICS",
    "topic_for",
    "page_path",
    "page_source",
    "split_anchors",
    "anchors",
    "page_title",
]

HOME = "index"
# The pages in the order of the contents list.
PAGES = (
    HOME,
    "first-minutes",
    "programme",
    "event",
    "world-cafe",
    "idea-tree",
    "grid",
    "round-table",
    "photos",
    "votes",
    "printing",
    "several-laptops",
    "your-data",
    "keyboard",
)

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(?:\{#([A-Za-z0-9_-]+)\})?\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True, slots=True)
class Topic:
    page: str
    anchor: str = ""


# What F1 opens for each view (`MainWindow.current_view()`): a page of the window, or a tab
# of a session as `tab/kind`; a `tab/kind` key wins over the plain `tab` key.
TOPICS: dict[str, Topic] = {
    "start": Topic(HOME),
    "event": Topic("event", "event"),
    "participants": Topic("event", "participants"),
    "organisations": Topic("event", "organisations"),
    "search": Topic("programme", "search"),
    "notes": Topic("programme", "notes"),
    "notes/world_cafe": Topic("world-cafe", "capture"),
    "notes/plenary": Topic("programme", "plenary"),
    "notes/other": Topic("programme", "plenary"),
    "setup": Topic("world-cafe", "setup"),
    "seating": Topic("world-cafe", "seating"),
    "clock": Topic("world-cafe", "clock"),
    "harvest": Topic("world-cafe", "harvest"),
    "tree": Topic("idea-tree"),
    "grid": Topic("grid"),
    "votes": Topic("votes"),
    "speakers": Topic("round-table"),
    "speakers/testimony": Topic("round-table", "testimony"),
    "photos": Topic("photos"),
}


def topic_for(view: str) -> Topic:
    """The page and anchor for a view key; the contents for a view the manual does not know."""
    return TOPICS.get(view) or TOPICS.get(view.partition("/")[0]) or Topic(HOME)


def page_path(page: str, language: str | None = None) -> Path:
    chosen = language if language in LANGUAGES else current_language()
    return resource("help", chosen, f"{page}.md")


def page_source(page: str, language: str | None = None) -> str:
    return page_path(page, language).read_text(encoding="utf-8")


def split_anchors(source: str) -> tuple[str, list[str]]:
    """The Markdown without the `{#anchor}` marks, and each heading's anchor in order ("" for
    a heading without one)."""
    lines, found, fenced = [], [], False
    for line in source.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
        match = None if fenced else _HEADING.match(line)
        if match:
            hashes, text, anchor = match.groups()
            found.append(anchor or "")
            line = f"{hashes} {text}"
        lines.append(line)
    return "\n".join(lines) + "\n", found


def anchors(page: str, language: str | None = None) -> set[str]:
    return {a for a in split_anchors(page_source(page, language))[1] if a}


def page_title(page: str, language: str | None = None) -> str:
    """The page's first heading, as the contents list shows it."""
    for line in page_source(page, language).splitlines():
        match = _HEADING.match(line)
        if match:
            return match.group(2)
    return page
