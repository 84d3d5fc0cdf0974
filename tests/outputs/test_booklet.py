"""Saddle-stitch imposition: the order of the pages on the sheets, and the sheets themselves."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.pdfgen.canvas import Canvas

from facilitator_app.printing.booklet import impose, saddle_stitch_order


def test_four_pages_make_one_sheet():
    assert saddle_stitch_order(4) == [(3, 0), (1, 2)]


def test_eight_pages():
    assert saddle_stitch_order(8) == [(7, 0), (1, 6), (5, 2), (3, 4)]


def test_twelve_pages():
    assert saddle_stitch_order(12) == [(11, 0), (1, 10), (9, 2), (3, 8), (7, 4), (5, 6)]


def test_twenty_pages():
    order = saddle_stitch_order(20)
    assert order[:4] == [(19, 0), (1, 18), (17, 2), (3, 16)]
    assert order[-2:] == [(11, 8), (9, 10)]  # the centre spread: 10 and 11 face each other
    assert len(order) == 10  # 5 sheets, both sides
    assert sorted(p for side in order for p in side) == list(range(20))
    # on every side the two pages sum to n - 1: they are the two halves of one folded leaf
    assert all(left + right == 19 for left, right in order)


def test_five_pages_are_padded_to_eight_with_blanks():
    assert saddle_stitch_order(5) == [(None, 0), (1, None), (None, 2), (3, 4)]


def test_no_page_no_sheet_and_negative_is_refused():
    assert saddle_stitch_order(0) == []
    with pytest.raises(ValueError):
        saddle_stitch_order(-1)


def numbered_a5(path, pages: int) -> None:
    canvas = Canvas(str(path), pagesize=A5)
    for n in range(1, pages + 1):
        canvas.setFont("Helvetica", 40)
        canvas.drawCentredString(A5[0] / 2, A5[1] / 2, f"P{n}")
        canvas.showPage()
    canvas.save()


def halves(page) -> tuple[list[str], list[str]]:
    """The words drawn on the left and right halves of a sheet side. Each A5 page is a form
    drawn on the side: pypdf reports a form's text in the form's own coordinates, so it is
    carried through the matrix in force where the form is drawn (`Do`)."""
    middle = float(page.mediabox.width) / 2
    left: list[str] = []
    right: list[str] = []
    outer: list[list[float]] = []  # the matrix of each form being drawn, innermost last

    def visit(text, cm, tm, font, size) -> None:
        if text.strip():
            x, y = tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            for m in reversed(outer):
                x, y = x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5]
            (left if x < middle else right).append(text.strip())

    def before(operator, operands, cm, tm) -> None:
        if operator == b"Do":
            outer.append(list(cm))

    def after(operator, operands, cm, tm) -> None:
        if operator == b"Do":
            outer.pop()

    page.extract_text(visitor_text=visit, visitor_operand_before=before,
                      visitor_operand_after=after)  # fmt: skip
    return left, right


def test_impose_places_each_page_on_its_half(tmp_path):
    source, out = tmp_path / "a5.pdf", tmp_path / "booklet.pdf"
    numbered_a5(source, 6)  # padded to 8: two blank halves
    assert impose(source, out) == 4
    reader = PdfReader(out)
    assert len(reader.pages) == 4
    # side 0 carries (7, 0): 7 is a blank; side 1 (1, 6): 6 is a blank; side 2 (5, 2); side 3 (3, 4)
    expected = [([], ["P1"]), (["P2"], []), (["P6"], ["P3"]), (["P4"], ["P5"])]
    for page, want in zip(reader.pages, expected, strict=True):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (width, height) == pytest.approx(landscape(A4), abs=0.5)
        assert halves(page) == want
    assert reader.viewer_preferences["/Duplex"] == "/DuplexFlipShortEdge"


def test_impose_refuses_an_empty_document(tmp_path):
    source = tmp_path / "empty.pdf"
    from pypdf import PdfWriter

    PdfWriter().write(source)
    with pytest.raises(ValueError):
        impose(source, tmp_path / "out.pdf")
