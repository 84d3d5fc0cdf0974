"""Render Récolte's icon from its SVG source into the files the window and the bundles use.

Run from the project root with the project's Python (PySide6 and Pillow are dependencies):

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/icons/make_icons.py [--preview OUT.png]

It writes, from `resources/icons/recolte.svg`:

* `resources/icons/png/recolte-<N>.png` for N in 16 24 32 48 64 128 256 512 (the window's
  icon, and the hicolor theme of the Linux packages);
* `resources/icons/recolte.ico` (Windows: every size up to 256, PNG-compressed entries);
* `resources/icons/recolte.icns` (macOS: icp4 icp5 icp6 ic07 ic08 ic09 ic10, PNG entries).

Each size is drawn from the vector source by Qt's SVG renderer at that size (crisper at 16 px
than shrinking a large bitmap). The generated files are committed: the build does not need to
run this script. `--preview` also writes a contact sheet (every size on a light and a dark
panel, 16 and 32 px enlarged without smoothing) to look at the small sizes.
"""

from __future__ import annotations

import argparse
import io
import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt is imported

from PIL import Image
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parents[2]
ICONS = ROOT / "resources" / "icons"
SOURCE = ICONS / "recolte.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # 256 is the largest an ICO entry can say
SIDE, MARGIN = 512, 16  # the source's view box, and the margin around its square
ICNS_SIZE = 1024  # ic10 is the 512 pt entry drawn at twice the density
ICNS_ENTRIES = (
    ("icp4", 16),
    ("icp5", 32),
    ("icp6", 64),
    ("ic07", 128),
    ("ic08", 256),
    ("ic09", 512),
    ("ic10", ICNS_SIZE),
)


def snapped(size: int) -> QRectF:
    """Where to draw the 512-unit source so that the square's edges fall on whole pixels.

    The source leaves a 16-unit margin around the square: 0.5 px at 16 px, which would blur
    the edge into a half-transparent ring. The margin is rounded to whole pixels instead (none
    at 16 px, 1 px at 24 and 32, 2 px at 48 and 64…) and the square fills the rest.
    """
    margin = round(size * MARGIN / SIDE)
    scale = (size - 2 * margin) / (SIDE - 2 * MARGIN)
    origin = margin - MARGIN * scale
    return QRectF(origin, origin, SIDE * scale, SIDE * scale)


def render(renderer: QSvgRenderer, size: int) -> Image.Image:
    """The icon drawn at size × size pixels, as an RGBA Pillow image."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, snapped(size))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return Image.open(io.BytesIO(data.data())).convert("RGBA")


def png_bytes(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def write_icns(entries: dict[str, Image.Image], path: Path) -> None:
    """An ICNS container of PNG entries: b"icns", the file length, then per entry its type,
    its length (8 + data) and the PNG. Written here because Pillow's writer leaves out the
    16, 32 and 64 px entries (icp4, icp5, icp6) and writes only the 2× ones."""
    body = b"".join(
        kind.encode("ascii") + struct.pack(">I", 8 + len(data)) + data
        for kind, data in ((kind, png_bytes(image)) for kind, image in entries.items())
    )
    path.write_bytes(b"icns" + struct.pack(">I", 8 + len(body)) + body)


def preview(images: dict[int, Image.Image], path: Path) -> None:
    """Every size on a light and on a dark panel, then 16 and 32 px enlarged 8× and 4×."""
    sizes = sorted(images)
    width = sum(sizes) + 20 * (len(sizes) + 1)
    height = 2 * (max(sizes) + 40) + 16 * 8 + 60
    sheet = Image.new("RGBA", (width, height), "#ffffff")
    for row, panel in enumerate(("#f4f4f4", "#2b2b2b")):
        top = row * (max(sizes) + 40)
        sheet.paste(panel, (0, top, width, top + max(sizes) + 40))
        x = 20
        for size in sizes:
            sheet.alpha_composite(images[size], (x, top + 20))
            x += size + 20
    top = 2 * (max(sizes) + 40) + 20
    x = 20
    for size, factor in ((16, 8), (32, 4)):
        for panel in ("#f4f4f4", "#2b2b2b"):
            tile = Image.new("RGBA", (size, size), panel)
            tile.alpha_composite(images[size])
            sheet.paste(
                tile.resize((size * factor, size * factor), Image.Resampling.NEAREST), (x, top)
            )
            x += size * factor + 20
    sheet.convert("RGB").save(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--preview", type=Path, help="also write a contact sheet here")
    options = parser.parse_args(argv)
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        print(f"make_icons: cannot read {SOURCE}", file=sys.stderr)
        return 1
    images = {size: render(renderer, size) for size in (*PNG_SIZES, ICNS_SIZE)}
    (ICONS / "png").mkdir(parents=True, exist_ok=True)
    for size in PNG_SIZES:
        (ICONS / "png" / f"recolte-{size}.png").write_bytes(png_bytes(images[size]))
    # Pillow writes each listed size from the appended image of that size (PNG entries)
    images[256].save(
        ICONS / "recolte.ico",
        format="ICO",
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=[images[s] for s in ICO_SIZES if s != 256],
    )
    write_icns({kind: images[size] for kind, size in ICNS_ENTRIES}, ICONS / "recolte.icns")
    if options.preview:
        preview({s: images[s] for s in PNG_SIZES}, options.preview)
    for path in sorted(ICONS.rglob("*")):
        if path.is_file():
            print(f"{path.relative_to(ROOT)}  {path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
