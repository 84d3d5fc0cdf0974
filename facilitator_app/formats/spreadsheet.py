"""Reading a spreadsheet as people save it: a header row, then one row per record.

`read_table(path)` takes a CSV file as French spreadsheets write it — `;` or `,` (or a tab)
between cells, UTF-8 with or without a byte-order mark, or the Windows code page cp1252 that
older Excel versions use, quoted cells holding line breaks, an optional `sep=;` first line
(Excel's hint) — or the first sheet of an `.xlsx` workbook (read with openpyxl, imported only
then). Each row keeps the number the spreadsheet shows for it (the header is line 1), so a
problem can be named by a line a person can find. Blank rows are skipped but still counted.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from facilitator_app.core.errors import InvalidImport
from facilitator_app.core.limits import grouped, shorten
from facilitator_app.i18n import tr

__all__ = ["TableRow", "Table", "read_table", "decode_text", "guess_delimiter", "SUFFIXES"]

SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm")
_DELIMITERS = (";", ",", "\t")  # in order of preference when a header has as many of each


@dataclass(frozen=True, slots=True)
class TableRow:
    line: int  # as the spreadsheet numbers it: the first row is line 1
    cells: tuple[str, ...]

    def cell(self, column: int) -> str:
        return self.cells[column] if 0 <= column < len(self.cells) else ""


@dataclass(frozen=True, slots=True)
class Table:
    """A header and the rows below it, every cell as text (stripped of surrounding blanks)."""

    name: str  # the file name, for messages
    header: tuple[str, ...]
    rows: tuple[TableRow, ...]
    header_line: int = 1

    def edited(self, cells: Mapping[tuple[int, int], str], *, skip: Collection[int] = ()) -> Table:
        """This table as a person corrected it in a preview: the cells keyed by (line,
        column) replaced, the rows of the lines in `skip` left out. The file is untouched."""
        if not cells and not skip:
            return self
        by_line: dict[int, dict[int, str]] = {}
        for (line, column), text in cells.items():
            by_line.setdefault(line, {})[column] = text
        rows = []
        for row in self.rows:
            if row.line in skip:
                continue
            changed = by_line.get(row.line)
            if changed:
                width = max(len(row.cells), max(changed) + 1)
                padded = row.cells + ("",) * (width - len(row.cells))
                row = TableRow(row.line, tuple(changed.get(c, v) for c, v in enumerate(padded)))
            rows.append(row)
        return replace(self, rows=tuple(rows))


def decode_text(data: bytes, *, name: str = "") -> str:
    """The text of a CSV file: UTF-8 (with or without BOM), UTF-16 with a BOM, else cp1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = "\x00"  # neither: not text
    if "\x00" not in text:  # NUL: UTF-16 without its mark, or not text at all
        return text
    raise InvalidImport(
        tr(
            "{name} is not a text spreadsheet: save it as CSV (UTF-8 or Windows) or .xlsx.",
            name=name,
        )
    )


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            count += 1
    return count


def guess_delimiter(text: str) -> str:
    """The cell separator of a CSV text, judged on its header line: `;`, `,` or a tab."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: _count_outside_quotes(first, d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])  # max keeps the first of equals
    return best


def _clean(value: str) -> str:
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.strip()


def _used_width(cells: tuple[str, ...]) -> int:
    """How many cells count: trailing empty ones (`Nom;Rôle;;`) do not."""
    width = len(cells)
    while width and not cells[width - 1]:
        width -= 1
    return width


def _table(name: str, records: list[tuple[int, list[str]]]) -> Table:
    """The first non-blank row is the header; blank rows after it are dropped."""
    rows = [(line, tuple(map(_clean, cells))) for line, cells in records]
    rows = [(line, cells) for line, cells in rows if any(cells)]
    if not rows:
        raise InvalidImport(tr("{name} is empty: no header row was found.", name=name))
    header_line, header = rows[0]
    width = max(_used_width(cells) for _, cells in rows)
    header = header[:width] + ("",) * (width - len(header))
    body = tuple(TableRow(line, cells) for line, cells in rows[1:])
    return Table(name=name, header=header, rows=body, header_line=header_line)


def _read_csv(path: Path) -> Table:
    text = decode_text(path.read_bytes(), name=path.name)
    first, _, rest = text.partition("\n")
    hint = first.strip()
    if hint.lower().startswith("sep=") and len(hint) == 5:  # Excel's hint, not a row it shows
        delimiter, text = hint[4], rest
    else:
        delimiter = guess_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        records = list(enumerate(reader, start=1))
    except csv.Error as error:
        if "field limit" in str(error):  # a cell of more than 131,072 characters
            raise InvalidImport(
                tr(
                    "{name} is not a list of people: near line {line}, a cell holds more "
                    "than {limit} characters.",
                    name=path.name,
                    line=reader.line_num,
                    limit=grouped(csv.field_size_limit()),
                )
            ) from None
        raise InvalidImport(
            tr(
                "{name} could not be read as CSV: {problem}",
                name=path.name,
                problem=shorten(str(error), 80),
            )
        ) from None
    return _table(path.name, records)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def _read_xlsx(path: Path) -> Table:
    import zipfile

    try:
        from openpyxl import load_workbook  # only when a workbook is read: a large import
    except ImportError:  # pragma: no cover - openpyxl is a dependency
        raise InvalidImport(
            tr("Reading .xlsx files needs openpyxl: save {name} as CSV instead.", name=path.name)
        ) from None
    try:
        workbook = load_workbook(path, read_only=False, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as error:
        if isinstance(error, FileNotFoundError | PermissionError):
            raise
        raise InvalidImport(
            tr("{name} is not a readable .xlsx workbook.", name=path.name)
        ) from None
    try:
        sheet = workbook.worksheets[0]
        records = [
            (index, [_cell_text(v) for v in values])
            for index, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1)
        ]
    finally:
        workbook.close()
    return _table(path.name, records)


def read_table(path: str | Path) -> Table:
    """The header and rows of a CSV file or of an .xlsx workbook's first sheet."""
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    if path.suffix.lower() == ".xls":
        raise InvalidImport(
            tr(
                "{name} is an old Excel file: save it as .xlsx or CSV and import that.",
                name=path.name,
            )
        )
    return _read_csv(path)
