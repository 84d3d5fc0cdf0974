"""Imposition of an A5 document as a saddle-stitched booklet on A4 sheets.

A booklet of n A5 pages (n a multiple of 4) is n/4 A4 sheets, each printed on both sides
with two pages side by side, then stacked, folded in the middle and stapled on the fold. On
the front of the first sheet sit the last page (left) and the first (right); on its back the
second (left) and the second last (right), and so on inwards. Printed on a plain duplex
printer with « flip on short edge », the folded stack reads in order.

Qt-free and reportlab-free: pypdf places existing pages, it does not draw.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["saddle_stitch_order", "impose"]

A4_LANDSCAPE = (841.8898, 595.2756)  # points: 297 × 210 mm


def saddle_stitch_order(pages: int) -> list[tuple[int | None, int | None]]:
    """Per sheet side in printing order, the 0-based (left, right) A5 pages it carries;
    None is a blank half. `pages` is padded up to a multiple of 4 with blanks."""
    if pages < 0:
        raise ValueError(f"a booklet cannot have {pages} pages")
    n = -(-pages // 4) * 4

    def page(index: int) -> int | None:
        return index if index < pages else None

    sides: list[tuple[int | None, int | None]] = []
    for sheet in range(n // 4):
        outer = 2 * sheet
        sides.append((page(n - 1 - outer), page(outer)))  # front
        sides.append((page(outer + 1), page(n - 2 - outer)))  # back
    return sides


def impose(a5_pdf: Path, out: Path) -> int:
    """Write `out`: the pages of `a5_pdf` two-up on A4 landscape sides in saddle-stitch
    order; returns the number of sides written (twice the number of sheets). `out` is
    written directly: callers wanting all-or-nothing wrap this in `write_atomically`."""
    # pypdf is loaded only when a booklet is asked for: the carnet's A5 pages need none.
    from pypdf import PageObject, PdfReader, PdfWriter
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        FloatObject,
        IndirectObject,
        NameObject,
    )

    reader = PdfReader(a5_pdf)
    pages = reader.pages
    if not pages:
        raise ValueError(f"{a5_pdf} has no page to impose")
    box = pages[0].mediabox
    width, height = float(box.width), float(box.height)
    # ISO A5 is 148 mm wide, a hair under half of A4's 297: the sheet stays exactly A4 and
    # the fold sits exactly in its middle
    sheet_width, sheet_height = max(A4_LANDSCAPE[0], 2 * width), max(A4_LANDSCAPE[1], height)
    fold, bottom = sheet_width / 2, (sheet_height - height) / 2
    writer = PdfWriter()

    def form(index: int) -> IndirectObject:
        """The A5 page as a form XObject: drawn where it belongs with one `Do`, its content
        neither parsed nor rewritten (pypdf's `merge_transformed_page` did both, and took
        half of a booklet's time)."""
        page = pages[index]
        contents = page.get_contents()
        found = DecodedStreamObject()
        found.set_data(contents.get_data() if contents is not None else b"")
        found.update({
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(FloatObject(v) for v in page.mediabox),
            NameObject("/Resources"): page.get("/Resources", DictionaryObject()).clone(writer),
        })  # fmt: skip
        return writer._add_object(found.flate_encode())

    order = saddle_stitch_order(len(pages))
    for left, right in order:
        side = writer.add_page(PageObject.create_blank_page(width=sheet_width, height=sheet_height))
        drawn, placed = [], {}
        for index, x in ((left, fold - width), (right, fold)):
            if index is None:
                continue
            name = f"/A5p{index}"
            origin = pages[index].mediabox
            dx, dy = x - float(origin.left), bottom - float(origin.bottom)
            placed[NameObject(name)] = form(index)
            drawn.append(f"q 1 0 0 1 {dx:.4f} {dy:.4f} cm {name} Do Q")
        content = DecodedStreamObject()
        content.set_data("\n".join(drawn).encode())
        side[NameObject("/Resources")] = writer._add_object(
            DictionaryObject({NameObject("/XObject"): DictionaryObject(placed)})
        )
        side[NameObject("/Contents")] = writer._add_object(content.flate_encode())
    preferences = writer.create_viewer_preferences()
    # pypdf adds these properties at run time, where mypy sees no setter
    preferences.duplex = "/DuplexFlipShortEdge"  # type: ignore[assignment]  # preselected
    preferences.print_scaling = "/None"  # type: ignore[assignment]  # a shrunk one folds off centre
    if reader.metadata:
        writer.add_metadata({k: v for k, v in reader.metadata.items() if isinstance(v, str)})
    writer.compress_identical_objects()
    with Path(out).open("wb") as stream:
        writer.write(stream)
    return len(order)
