"""Images over MAX_IMAGE_PIXELS: made smaller without ever being decoded whole, or refused in
one sentence; a photo within the limit is stored untouched; the print path copes with a
large image already in the file."""

from __future__ import annotations

import io
import random
import resource
import struct
import subprocess
import sys
import zlib

import pytest
from PIL import Image

from facilitator_app.core import downscale as downscale_module
from facilitator_app.core.downscale import PhotoTooLarge, downscale, reduced_image
from facilitator_app.core.errors import PhotoRefused
from facilitator_app.core.limits import MAX_IMAGE_PIXELS
from facilitator_app.core.model import Attachment
from facilitator_app.core.photos import new_photo


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else b if pb <= pc else c


def filtered_png(image: Image.Image, *, seed: int = 1) -> bytes:
    """`image` (8 bits per channel) as a PNG whose rows use every filter (None, Sub, Up,
    Average, Paeth) at random: Pillow's own writer uses one, and the strips must get the
    rows that refer to the row above right."""
    colour = {"L": 0, "RGB": 2, "P": 3, "LA": 4, "RGBA": 6}[image.mode]
    bpp = {"L": 1, "RGB": 3, "P": 1, "LA": 2, "RGBA": 4}[image.mode]
    width, height = image.size
    raw = image.tobytes()
    stride = width * bpp
    rng = random.Random(seed)
    lines, above = [], bytes(stride)
    for y in range(height):
        row = raw[y * stride : (y + 1) * stride]
        kind = rng.randrange(5)
        out = bytearray()
        for x, value in enumerate(row):
            a = row[x - bpp] if x >= bpp else 0
            b = above[x]
            c = above[x - bpp] if x >= bpp else 0
            predicted = (0, a, b, (a + b) // 2, _paeth(a, b, c))[kind]
            out.append((value - predicted) % 256)
        lines.append(bytes([kind]) + bytes(out))
        above = row
    header = struct.pack(">IIBBBBB", width, height, 8, colour, 0, 0, 0)
    extra = b""
    if image.mode == "P":
        palette = image.getpalette()[: 3 * 256]
        extra = chunk(b"PLTE", bytes(palette)) + chunk(b"tRNS", bytes([0, 128] + [255] * 254))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + extra
        + chunk(b"IDAT", zlib.compress(b"".join(lines)))
        + chunk(b"IEND", b"")
    )


def noise(mode: str, size: tuple[int, int], seed: int = 2) -> Image.Image:
    rng = random.Random(seed)
    bands = {"L": 1, "RGB": 3, "P": 1, "LA": 2, "RGBA": 4}[mode]
    data = bytes(rng.randrange(256) for _ in range(size[0] * size[1] * bands))
    if mode == "P":
        image = Image.frombytes("L", size, data).convert("P")
        image.putpalette([rng.randrange(256) for _ in range(768)])
        return image
    return Image.frombytes(mode, size, data)


@pytest.mark.parametrize("mode", ["L", "LA", "RGB", "RGBA", "P"])
def test_a_png_read_a_strip_at_a_time_gives_what_a_whole_decode_gives(monkeypatch, mode):
    monkeypatch.setattr(downscale_module, "_STRIP_BYTES", 900)  # a few rows per strip
    original = noise(mode, (61, 47))
    data = filtered_png(original)
    whole = Image.open(io.BytesIO(data))
    whole.load()
    expected = whole.convert(downscale_module._mode_for(whole)).reduce(3)
    reduced = reduced_image(data, max_pixels=61 * 47 // 8)  # factor 3
    assert reduced.size == (21, 16) == expected.size
    assert reduced.mode == expected.mode
    assert reduced.tobytes() == expected.tobytes()


def test_the_12000_pixel_paperboard_is_stored_smaller_and_says_so(paperboard_bomb):
    data = paperboard_bomb.read_bytes()
    notices: list[str] = []
    photo = new_photo(
        data, filename="scan paperboard.png", session_id="s", position=0, notices=notices
    )
    stored = Image.open(io.BytesIO(photo.data))
    assert stored.format == "JPEG" and photo.media_type == "image/jpeg"
    assert stored.size == (6000, 6000) and MAX_IMAGE_PIXELS >= 6000 * 6000
    assert photo.filename == "scan paperboard.jpg"
    assert notices == [
        "“scan paperboard.png” had 144 megapixels: it is kept at 6000 × 6000 pixels "
        "(at most 40 megapixels per photo)."
    ]
    stored.load()  # the lines are where they were: navy every 600 rows of the original
    assert stored.getpixel((3000, 2)) < (60, 60, 120)
    assert stored.getpixel((3000, 150)) > (240, 240, 240)


def test_a_photo_within_the_limit_is_stored_untouched():
    image = noise("RGB", (300, 200))
    out = io.BytesIO()
    image.save(out, format="PNG")
    notices: list[str] = []
    photo = new_photo(
        out.getvalue(), filename="petit.png", session_id="s", position=0, notices=notices
    )
    assert photo.data == out.getvalue() and photo.filename == "petit.png" and notices == []


def test_a_large_jpeg_is_decoded_at_a_fraction_of_its_size():
    image = Image.new("L", (9000, 5000), 200)
    image.paste(30, (0, 0, 4500, 5000))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=70)
    del image
    smaller = downscale(out.getvalue(), filename="panorama.jpg")
    assert smaller is not None and smaller.original == (9000, 5000)
    assert (smaller.width, smaller.height) == (4500, 2500)  # decoded at 1/2 by the decoder


def test_an_image_that_cannot_be_read_in_parts_is_refused_in_one_sentence():
    big_gif = Image.new("P", (7000, 6000))  # 42 megapixels, and GIF is decoded whole
    out = io.BytesIO()
    big_gif.save(out, format="GIF")
    with pytest.raises(PhotoTooLarge) as refused:
        new_photo(out.getvalue(), filename="fresque.gif", session_id="s", position=0)
    message = str(refused.value)
    assert message.startswith("The photo “fresque.gif” is too large to be read safely (42 ")
    assert "\n" not in message and len(message) <= 200
    assert isinstance(refused.value, PhotoRefused)


def test_a_truncated_large_png_is_damaged_not_a_traceback(paperboard_bomb):
    data = paperboard_bomb.read_bytes()
    with pytest.raises(PhotoRefused, match="damaged or unreadable"):
        downscale(data[: len(data) // 2] + data[-12:], filename="coupé.png")


def test_export_synthesis_of_an_event_holding_the_paperboard_stays_within_memory(
    tmp_path, event_file, paperboard_bomb
):
    """The event file holds the 12,000 × 12,000 PNG as it came (an older version stored it
    so): the synthesis prints it downscaled, and the whole command runs within 1 GB of
    address space (it took 1.7 GB of memory before)."""
    from facilitator_app.store import open_event

    with open_event(event_file) as store:
        session = store.all_sessions()[0]
        store.put_many(
            [
                Attachment(
                    session_id=session.id,
                    filename="scan paperboard.png",
                    media_type="image/png",
                    data=paperboard_bomb.read_bytes(),
                    caption="Le paperboard de l’ouverture",
                )
            ],
            stamp=True,
        )
    pdf = tmp_path / "synthèse.pdf"
    limit = 1024 * 1024 * 1024
    script = (
        "import resource, sys; "
        f"resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit})); "
        "from facilitator_app.__main__ import main; "
        f"sys.exit(main(['export-synthesis', {str(event_file)!r}, {str(pdf)!r}]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    from pypdf import PdfReader

    sizes = [image.image.size for page in PdfReader(pdf).pages for image in page.images]
    assert (1600, 1600) in sizes
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss < 1024 * 1024  # KB


def test_a_large_image_that_cannot_be_read_in_parts_is_left_out_of_the_synthesis(
    tmp_path, event_file
):
    """An interlaced PNG of 100 megapixels (only its header is needed to know): left out,
    with a line saying so in its place."""
    from pypdf import PdfReader

    from facilitator_app.printing.documents import ExportRequest, export_document
    from facilitator_app.store import open_event

    header = struct.pack(">IIBBBBB", 10_000, 10_000, 8, 2, 0, 0, 1)
    interlaced = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1000))
        + chunk(b"IEND", b"")
    )
    with open_event(event_file) as store:
        session = store.all_sessions()[0]
        store.put_many(
            [
                Attachment(
                    session_id=session.id,
                    filename="fresque.png",
                    media_type="image/png",
                    data=interlaced,
                )
            ],
            stamp=True,
        )
        snapshot_records = store.snapshot()
    from facilitator_app.core.snapshot import EventSnapshot

    pdf = tmp_path / "synthese.pdf"
    export_document(
        ExportRequest(document="synthesis", out=pdf, language="en"),
        EventSnapshot.from_records(snapshot_records),
        None,
    )
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "The photo “fresque.png” is left out: at 100 megapixels it is too large" in " ".join(
        text.split()
    )
