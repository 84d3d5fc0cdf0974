"""Images over `MAX_IMAGE_PIXELS`, decoded within a memory bound and made smaller.

A 420 KB PNG can hold 12,000 × 12,000 pixels: decoded whole it takes half a gigabyte, and
the copies a resize makes took 1.7 GB. `image_pixels` reads the size from the header only
(Pillow's `Image.open` is lazy); `reduced_image` decodes a large image at most
`max_pixels` at a time and returns a smaller copy:

* a JPEG is decoded at 1/2, 1/4 or 1/8 of its size by the decoder itself (`draft`);
* a PNG (not interlaced, 8 bits per channel) is decoded a strip of rows at a time: the
  compressed rows are inflated with `zlib` as they are needed, each strip is handed to
  Pillow as a small PNG of its own (with the row above it, which PNG filters refer to) and
  shrunk by an integer factor (`Image.reduce`, a box average) before the next is read;
* anything else over the limit (GIF, WebP, an interlaced or 16-bit PNG) is refused with
  `PhotoRefused` and one sentence, never decoded whole.

`downscale(data)` is what an import does with a photo over the limit: the reduced image,
upright, as a JPEG (a PNG when it has transparency), and its size. The print path asks
`reduced_image` for the size it prints.

Pillow's own guard (`Image.MAX_IMAGE_PIXELS`, which warns past 89 M pixels and refuses
past 179 M) would refuse to even open a 20,000 × 10,000 JPEG this module can read at 1/8
within the bound. Every decode here is bounded by Récolte's own checks, so the guard is set,
when Pillow is first used here, to refuse what no bounded decode can read (a JPEG whose
eighth is still over the limit) and its warning is silenced.
"""

from __future__ import annotations

import io
import math
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING

from facilitator_app.core.errors import PhotoRefused
from facilitator_app.core.limits import MAX_IMAGE_PIXELS
from facilitator_app.i18n import tr

if TYPE_CHECKING:
    from PIL.Image import Image

__all__ = [
    "damaged_photo",
    "OPEN_LIMIT",
    "Downscaled",
    "open_image",
    "image_pixels",
    "reduced_image",
    "downscale",
    "too_large",
    "PhotoTooLarge",
]

OPEN_LIMIT = 64 * MAX_IMAGE_PIXELS  # a JPEG decoded at 1/8 still fits in MAX_IMAGE_PIXELS
_STRIP_BYTES = 8 * 1024 * 1024  # raw bytes of PNG rows decoded at once
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}  # PNG colour type → bytes per pixel at 8 bits
_TURNED = (5, 6, 7, 8)


@dataclass(frozen=True, slots=True)
class Downscaled:
    """A photo made smaller: its new bytes, media type and size, and the size it had."""

    data: bytes
    media_type: str
    width: int
    height: int
    original: tuple[int, int]


def _pillow() -> ModuleType:
    """The PIL.Image module, set up the first time (Pillow loads when a photo is first read)."""
    import warnings

    from PIL import Image

    Image.MAX_IMAGE_PIXELS = OPEN_LIMIT // 2  # Pillow refuses past twice this
    warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)
    return Image


def open_image(data: bytes, filename: str = "") -> Image:
    """The image in `data`, opened lazily (its header read, no pixel decoded), under
    Récolte's guard; PhotoRefused when Pillow cannot tell what it is."""
    pil = _pillow()
    try:
        image: Image = pil.open(io.BytesIO(data))
    except pil.DecompressionBombError:
        raise too_large(filename, None) from None
    except Exception as error:  # noqa: BLE001 (UnidentifiedImageError, SyntaxError…)
        raise damaged_photo(filename) from error
    return image


def damaged_photo(filename: str = "") -> PhotoRefused:
    """The refusal for a file whose first bytes look right but whose image cannot be read."""
    if filename:
        return PhotoRefused(tr("The photo “{name}” is damaged or unreadable.", name=filename))
    return PhotoRefused(tr("A photo is damaged or unreadable."))


class PhotoTooLarge(PhotoRefused):
    """An image too large to be made smaller within the memory bound."""

    def __init__(self, message: str, *, pixels: int | None) -> None:
        super().__init__(message)
        self.pixels = pixels


def too_large(filename: str, pixels: int | None) -> PhotoTooLarge:
    """The refusal of an image too large to be made smaller within the memory bound."""
    return PhotoTooLarge(
        tr(
            "The photo “{name}” is too large to be read safely ({megapixels} megapixels): "
            "save it smaller (at most {limit} megapixels) and add it again.",
            name=filename or "photo",
            megapixels=round(pixels / 1e6) if pixels else tr("thousands of"),
            limit=MAX_IMAGE_PIXELS // 1_000_000,
        ),
        pixels=pixels,
    )


def image_pixels(data: bytes, *, filename: str = "") -> tuple[int, int]:
    """Width and height as stored, read from the header (nothing decoded)."""
    with open_image(data, filename) as image:
        return image.size


def reduced_image(data: bytes, *, max_pixels: int, filename: str = "") -> Image:
    """The image in `data`, decoded at most `max_pixels` at a time and no larger than
    `max_pixels` pixels (not enlarged), not yet turned upright; PhotoRefused when it cannot
    be read within that bound."""
    image = open_image(data, filename)
    width, height = image.size
    try:
        if width * height <= max_pixels:
            image.load()
            return image
        if image.format == "JPEG":
            return _jpeg(image, max_pixels, filename)
        if image.format == "PNG" and not image.info.get("interlace"):
            image.close()
            return _png(data, max_pixels, filename)
    except PhotoRefused:
        raise
    except (OSError, ValueError, SyntaxError, zlib.error, struct.error, EOFError) as error:
        raise damaged_photo(filename) from error
    image.close()
    raise too_large(filename, width * height)


def _factor(width: int, height: int, max_pixels: int) -> int:
    """The smallest whole factor that brings width × height within `max_pixels`."""
    factor = max(1, math.isqrt(max(width * height // max_pixels, 1)))
    while math.ceil(width / factor) * math.ceil(height / factor) > max_pixels:
        factor += 1
    return factor


def _jpeg(image: Image, max_pixels: int, filename: str) -> Image:
    """Decoded at 1/2, 1/4 or 1/8 by the decoder itself, then made smaller if need be; the
    decoded size stays within `MAX_IMAGE_PIXELS` whatever is asked."""
    width, height = image.size
    factor = _factor(width, height, max_pixels)
    scale = next((s for s in (2, 4, 8) if s >= factor), 8)
    image.draft(image.mode, (max(1, width // scale), max(1, height // scale)))
    if image.size[0] * image.size[1] > max(max_pixels, MAX_IMAGE_PIXELS):
        raise too_large(filename, width * height)  # the decoder cannot skip enough
    image.load()
    if image.size[0] * image.size[1] > max_pixels:
        factor = _factor(image.size[0], image.size[1], max_pixels)
        image = image.reduce(factor)
    return image


# -- PNG, a strip of rows at a time -----------------------------------------------------------


def _chunks(data: bytes) -> Iterator[tuple[bytes, bytes]]:
    position = len(_PNG_SIGNATURE)
    while position + 8 <= len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        yield kind, data[position + 8 : position + 8 + length]
        if kind == b"IEND":
            return
        position += 12 + length


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _inflated(parts: list[bytes], size: int) -> Iterator[bytes]:
    """The decompressed IDAT stream, a piece of at most `size` bytes at a time."""
    stream = zlib.decompressobj()
    for part in parts:
        pending = part
        while pending:
            yield stream.decompress(pending, size)
            pending = stream.unconsumed_tail
    yield stream.flush()


def _png(data: bytes, max_pixels: int, filename: str) -> Image:
    pil = _pillow()
    header, idats, extra = b"", [], []
    for kind, body in _chunks(data):
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idats.append(body)
        elif kind in (b"PLTE", b"tRNS"):
            extra.append(_chunk(kind, body))
    if len(header) != 13 or not idats:
        raise damaged_photo(filename)
    width, height, depth, colour, _c, _f, interlace = struct.unpack(">IIBBBBB", header)
    if depth != 8 or interlace or colour not in _CHANNELS:  # not read a strip at a time
        raise too_large(filename, width * height)
    row = 1 + width * _CHANNELS[colour]  # a filter byte, then the pixels
    factor = _factor(width, height, max_pixels)
    per_strip = max(1, _STRIP_BYTES // row // factor) * factor
    result: Image | None = None
    above = b""  # the unfiltered row above the strip: Up, Average and Paeth refer to it
    stream, buffered, top = _inflated(idats, _STRIP_BYTES), bytearray(), 0
    while top < height:
        rows = min(per_strip, height - top)
        while len(buffered) < rows * row:
            piece = next(stream, None)
            if piece is None:
                raise damaged_photo(filename)  # the file ends before its last row
            buffered += piece
        strip, buffered = bytes(buffered[: rows * row]), buffered[rows * row :]
        decoded = _strip(pil, header, extra, above, strip, rows + bool(above))
        above = decoded.crop((0, decoded.height - 1, width, decoded.height)).tobytes()
        if top:
            decoded = decoded.crop((0, 1, width, decoded.height))
        small = decoded.convert(_mode_for(decoded)).reduce(factor)
        if result is None:
            size = (math.ceil(width / factor), math.ceil(height / factor))
            result = pil.new(small.mode, size)
        result.paste(small, (0, top // factor))
        top += rows
    assert result is not None
    return result


def _strip(
    pil: ModuleType, header: bytes, extra: list[bytes], above: bytes, rows: bytes, height: int
) -> Image:
    """One strip of rows as an image of its own: a PNG of `height` rows (the row above,
    unfiltered, first when there is one) with the image's palette and transparency."""
    ihdr = header[:4] + struct.pack(">I", height) + header[8:]
    raw = (b"\x00" + above + rows) if above else rows
    png = (
        _PNG_SIGNATURE
        + _chunk(b"IHDR", ihdr)
        + b"".join(extra)
        + _chunk(b"IDAT", zlib.compress(raw, 0))  # stored: only a wrapper for Pillow
        + _chunk(b"IEND", b"")
    )
    strip: Image = pil.open(io.BytesIO(png))
    strip.load()
    return strip


def _mode_for(image: Image) -> str:
    """The mode a strip is averaged in: colours or greys, with alpha when there is some."""
    transparent = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if image.mode in ("L", "LA"):
        return "LA" if transparent else "L"
    return "RGBA" if transparent else "RGB"


# -- a photo over the limit, made smaller for import ----------------------------------------


def downscale(
    data: bytes, *, filename: str = "", max_pixels: int = MAX_IMAGE_PIXELS
) -> Downscaled | None:
    """None when the photo is within `max_pixels` (it is kept as it is); else a copy no larger,
    upright, as a JPEG (quality 90) or a PNG when it has transparency. PhotoRefused when it
    cannot be read within the bound. None too when not even its header can be read: it is
    not an image this module would decode, and what shows it says it is damaged."""
    try:
        width, height = image_pixels(data, filename=filename)
    except PhotoTooLarge:
        raise
    except PhotoRefused:
        return None
    if width * height <= max_pixels:
        return None
    from PIL import ImageOps

    image = reduced_image(data, max_pixels=max_pixels, filename=filename)
    turned = _orientation(image) in _TURNED
    try:
        ImageOps.exif_transpose(image, in_place=True)  # no copy of 40 M pixels
        mode = _mode_for(image)
        if image.mode != mode:
            image = image.convert(mode)
        out = io.BytesIO()
        if mode in ("RGBA", "LA"):
            image.save(out, format="PNG")
            media_type = "image/png"
        else:  # not `optimize`: it holds every coefficient of the picture in memory
            image.save(out, format="JPEG", quality=90)
            media_type = "image/jpeg"
    except (OSError, ValueError) as error:
        raise damaged_photo(filename) from error
    return Downscaled(
        out.getvalue(),
        media_type,
        image.width,
        image.height,
        (height, width) if turned else (width, height),
    )


def _orientation(image: Image) -> int:
    try:
        return int(image.getexif().get(0x0112, 1))
    except Exception:  # noqa: BLE001 (a damaged EXIF block)
        return 1
