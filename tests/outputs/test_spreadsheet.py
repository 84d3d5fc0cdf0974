"""Reading spreadsheets as French users save them: CSV in every dialect, and .xlsx workbooks."""

from __future__ import annotations

import pytest

from facilitator_app.core.errors import InvalidImport
from facilitator_app.formats.spreadsheet import decode_text, guess_delimiter, read_table


def write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_semicolon_csv_in_utf8(tmp_path):
    path = write(tmp_path, "p.csv", "Nom;Rôle\nÉlise Œuvrard;Facilitatrice\n".encode())
    table = read_table(path)
    assert table.header == ("Nom", "Rôle")
    assert [(r.line, r.cells) for r in table.rows] == [(2, ("Élise Œuvrard", "Facilitatrice"))]


def test_comma_csv_with_a_byte_order_mark_and_windows_line_ends(tmp_path):
    data = "\ufeffName,Role\r\nRémy Jacquot,Administrateur\r\n".encode()
    table = read_table(write(tmp_path, "p.csv", data))
    assert table.header == ("Name", "Role")  # no stray BOM glued to the first header
    assert table.rows[0].cells == ("Rémy Jacquot", "Administrateur")


def test_cp1252_from_an_old_excel(tmp_path):
    data = "Nom;Organisation\r\nÉléonore Œuvrard;L’Atelier « Tiers »\r\n".encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the test really feeds a non-UTF-8 file
    table = read_table(write(tmp_path, "p.csv", data))
    assert table.rows[0].cells == ("Éléonore Œuvrard", "L’Atelier « Tiers »")


def test_utf16_with_a_byte_order_mark_and_tabs(tmp_path):
    data = "Nom\tRôle\r\nGrégoire\tGérant\r\n".encode("utf-16")
    table = read_table(write(tmp_path, "p.txt", data))
    assert table.rows[0].cells == ("Grégoire", "Gérant")


def test_quoted_line_breaks_stay_in_their_cell_and_rows_keep_the_spreadsheet_numbers(tmp_path):
    data = (
        'Nom;Présentation\r\n"Le 6b";"Un lieu\r\nà Saint-Denis; ouvert"\r\n\r\n'
        '"La Tréso";"Dit ""la Tréso"""\r\n'
    ).encode()
    table = read_table(write(tmp_path, "o.csv", data))
    assert [(r.line, r.cells) for r in table.rows] == [
        (2, ("Le 6b", "Un lieu\nà Saint-Denis; ouvert")),
        (4, ("La Tréso", 'Dit "la Tréso"')),  # line 3 is blank: skipped, still counted
    ]


def test_blank_rows_above_the_header_are_counted(tmp_path):
    table = read_table(write(tmp_path, "p.csv", b";;\nNom;Role\nAnne;X\n"))
    assert table.header_line == 2
    assert table.rows[0].line == 3


def test_excel_separator_hint(tmp_path):
    table = read_table(write(tmp_path, "p.csv", b"sep=,\nNom;Lieu,Role\nA;B,C\n"))
    assert table.header == ("Nom;Lieu", "Role")
    assert table.rows[0].line == 2  # Excel does not show the hint as a row


def test_trailing_empty_columns_are_dropped_and_short_rows_padded(tmp_path):
    table = read_table(write(tmp_path, "p.csv", b"Nom;Role;;\nAnne\nBen;Chef;;\n"))
    assert table.header == ("Nom", "Role")
    assert table.rows[0].cell(1) == ""
    assert table.rows[1].cells[:2] == ("Ben", "Chef")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Nom;Organisation, ville;Rôle", ";"),
        ("Name,Organisation,Role", ","),
        ('"Nom, prénom",Role', ","),
        ("Nom\tRôle", "\t"),
        ("Nom", ";"),
    ],
)
def test_guess_delimiter(header, expected):
    assert guess_delimiter(header + "\nx\n") == expected


def test_decode_falls_back_to_cp1252_only_when_utf8_fails():
    assert decode_text("Œuvre".encode()) == "Œuvre"
    assert decode_text("Œuvre".encode("cp1252")) == "Œuvre"


def test_empty_file_is_refused(tmp_path):
    with pytest.raises(InvalidImport, match="empty"):
        read_table(write(tmp_path, "vide.csv", b"\r\n;;\r\n"))


def test_old_excel_file_is_refused_with_a_way_out(tmp_path):
    with pytest.raises(InvalidImport, match=r"\.xlsx or CSV"):
        read_table(write(tmp_path, "old.xls", b"\xd0\xcf\x11\xe0"))


def test_a_broken_workbook_is_one_clear_error(tmp_path):
    with pytest.raises(InvalidImport, match="not a readable .xlsx"):
        read_table(write(tmp_path, "broken.xlsx", b"PK\x03\x04 not really a zip"))


def test_xlsx_first_sheet_with_numbers_and_booleans(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    first = workbook.active
    first.title = "Participants"
    first.append(["Nom", "Courriel", "Photo", "Table"])
    first.append(["Éléonore Œuvrard", "eo@exemple.fr", True, 3.0])
    first.append([None, None, None, None])
    first.append(["Rémy", None, False, 12])
    other = workbook.create_sheet("Notes")
    other.append(["Pas ici"])
    workbook.active = 1  # the second sheet was the one open: the first is read all the same
    path = tmp_path / "inscrits.xlsx"
    workbook.save(path)

    table = read_table(path)
    assert table.header == ("Nom", "Courriel", "Photo", "Table")
    assert [(r.line, r.cells) for r in table.rows] == [
        (2, ("Éléonore Œuvrard", "eo@exemple.fr", "1", "3")),
        (4, ("Rémy", "", "0", "12")),
    ]
