"""Tables a spreadsheet opens as they are: CSV the way French Excel and LibreOffice read it.

`write_csv(out, header, rows)` writes UTF-8 with a byte-order mark (without it Excel reads
the accents as Windows cp1252: « Ã© » for « é »), `;` between cells (the list separator of
a French system: a `,` file opens in French Excel as one column), CRLF line ends, quotes only
where a cell needs them (a `;`, a quote, a line break). A text cell that a spreadsheet would
take for a formula (`=`, `@`, or `+`/`-` followed by something other than a space, as in
`-2+3`) gets an apostrophe in front, the usual guard against CSV formula injection; a bullet
such as « - idée » is left alone. Written all or nothing (`write_atomically`). Qt-free.

`grid_rows(grid, ...)` lays a grid out one card a row (column, card, votes, author), so a
spreadsheet can sort and filter it.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

from facilitator_app.core.grids import Grid
from facilitator_app.formats.writing import write_atomically

__all__ = ["CSV_DELIMITER", "csv_cell", "grid_rows", "write_csv"]

CSV_DELIMITER = ";"
Cell = str | int


def csv_cell(value: Cell) -> str:
    """A cell as written: numbers as they are, text guarded against formula injection."""
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if text[:1] in ("=", "@", "\t", "\r") or (
        text[:1] in ("+", "-") and text[1:2] not in ("", " ")
    ):
        return "'" + text
    return text


def write_csv(out: Path | str, header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> Path:
    """Write `header` then `rows` to `out` as French spreadsheets read CSV; returns `out`."""
    lines = [list(header), *([csv_cell(cell) for cell in row] for row in rows)]

    def write(path: Path) -> None:
        with path.open("w", encoding="utf-8-sig", newline="") as stream:
            csv.writer(stream, delimiter=CSV_DELIMITER, lineterminator="\r\n").writerows(lines)

    return write_atomically(Path(out), write)


def grid_rows(grid: Grid, *, unsorted: str) -> list[tuple[str, str, int, str]]:
    """(column, card, votes, author) for every card, columns left to right, « Not sorted »
    (named `unsorted`) last."""
    names = {column.id: column.name for column in grid.columns}
    return [
        (names.get(key or "", unsorted) if key else unsorted, card.text, card.votes, card.author)
        for key in grid.column_ids()
        for card in grid.cards_in(key)
    ]
