"""Where each box of a drawn idea tree goes: a mind-map layout, Qt-free so it can be tested
and used by any drawing (the window's, a PDF's).

The question is the root, at the centre (0, 0). The top-level branches are shared between the
right and the left of the root so both sides are about as tall (the first ones on the right,
the rest on the left, each side read top to bottom); each depth is a column, nodes are
stacked in it, and a parent is centred on its children. Every subtree gets a band of height
of its own, and bands of siblings never overlap, so no two boxes do.

Sizes are given by the caller (the drawing measures the wrapped text); the result is boxes in
the same units, `y` growing downwards.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from facilitator_app.core.ideas import Forest

__all__ = ["Box", "TreeLayout", "layout_tree"]

Size = tuple[float, float]


@dataclass(frozen=True, slots=True)
class Box:
    x: float  # left
    y: float  # top
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    @property
    def centre_y(self) -> float:
        return self.y + self.height / 2

    def overlaps(self, other: Box) -> bool:
        return (
            self.x < other.right
            and other.x < self.right
            and self.y < other.bottom
            and other.y < self.bottom
        )


@dataclass(frozen=True, slots=True)
class TreeLayout:
    root: Box
    boxes: Mapping[str, Box]  # node id → its box
    sides: Mapping[str, int]  # node id → +1 right of the root, −1 left

    def bounds(self) -> Box:
        every = [self.root, *self.boxes.values()]
        left = min(b.x for b in every)
        top = min(b.y for b in every)
        return Box(
            left, top, max(b.right for b in every) - left, max(b.bottom for b in every) - top
        )


def layout_tree(
    forest: Forest,
    sizes: Mapping[str, Size],
    root_size: Size,
    *,
    column_gap: float = 40.0,
    row_gap: float = 8.0,
    branch_gap: float = 20.0,
) -> TreeLayout:
    """Boxes for the root and every node of `forest` (`sizes[id]` is (width, height))."""
    order = forest.walk()
    bands: dict[str, float] = {}
    for node in reversed(order):  # children before their parents
        kids = forest.children_of(node)
        stacked = sum(bands[k] for k in kids) + row_gap * max(0, len(kids) - 1)
        bands[node] = max(sizes[node][1], stacked)

    roots = list(forest.roots)
    split = _split(roots, bands, branch_gap)
    sides = {node: (1 if forest.branch_of(node) in split[0] else -1) for node in order}
    depths = {node: forest.depth(node) for node in order}

    # each side's columns: as wide as their widest box
    offsets: dict[int, list[float]] = {}
    for side in (1, -1):
        widths: list[float] = []
        for node in order:
            if sides[node] == side:
                depth = depths[node]
                widths += [0.0] * (depth + 1 - len(widths))
                widths[depth] = max(widths[depth], sizes[node][0])
        columns = [root_size[0] / 2 + column_gap]
        for width in widths[:-1]:
            columns.append(columns[-1] + width + column_gap)
        offsets[side] = columns

    boxes: dict[str, Box] = {}
    for side, branches in ((1, split[0]), (-1, split[1])):
        total = sum(bands[b] for b in branches) + branch_gap * max(0, len(branches) - 1)
        top = -total / 2
        for branch in branches:
            stack = [(branch, top)]
            while stack:
                node, band_top = stack.pop()
                width, height = sizes[node]
                column = offsets[side][depths[node]]
                x = column if side > 0 else -column - width
                centre = band_top + bands[node] / 2
                boxes[node] = Box(x, centre - height / 2, width, height)
                kids = forest.children_of(node)
                stacked = sum(bands[k] for k in kids) + row_gap * max(0, len(kids) - 1)
                kid_top = band_top + (bands[node] - stacked) / 2
                for kid in kids:
                    stack.append((kid, kid_top))
                    kid_top += bands[kid] + row_gap
            top += bands[branch] + branch_gap

    width, height = root_size
    return TreeLayout(root=Box(-width / 2, -height / 2, width, height), boxes=boxes, sides=sides)


def _split(roots: list[str], bands: Mapping[str, float], gap: float) -> tuple[list[str], list[str]]:
    """The first branches go right, the others left, so both sides are about as tall."""
    if len(roots) < 2:
        return roots, []
    heights = [bands[r] + gap for r in roots]
    total = sum(heights)
    best, best_k, running = float("inf"), 1, 0.0
    for k in range(1, len(roots)):
        running += heights[k - 1]
        difference = abs(total - 2 * running)
        if difference <= best:  # on a tie, one more branch on the right
            best, best_k = difference, k
    return roots[:best_k], roots[best_k:]
