"""Photos made ready for a PDF: upright, no larger than the page needs, without metadata.

The event file keeps each photo's original bytes; a document gets a copy made here by
`for_print`: turned upright as the camera's EXIF orientation says, downscaled so its longest
side is at most `max_side_px` (2000 px is a full A4 width at 240 dpi), and encoded as JPEG,
or PNG when the image has transparency. Re-encoding also leaves out the EXIF block, so a
shared synthesis does not carry the place and time a phone wrote into its photos.

An image of more than `MAX_IMAGE_PIXELS` (an older file, a JSON import) is never decoded
whole: `core.downscale.reduced_image` reads it a bounded part at a time down to about twice
the printed size first, or refuses it (`PhotoRefused`, and the document prints a line in its
place).

Pillow (a reportlab dependency) is imported inside the functions. A file Pillow cannot read
raises `PhotoRefused` with one sentence, never a Pillow traceback.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from facilitator_app.core.downscale import damaged_photo, open_image, reduced_image
from facilitator_app.core.errors import PhotoRefused
from facilitator_app.core.limits import MAX_IMAGE_PIXELS

if TYPE_CHECKING:
    from PIL.Image import Image

__all__ = ["image_size", "for_print"]

_TURNED = (5, 6, 7, 8)  # EXIF orientations that swap width and height
_ORIENTATION_TAG = 0x0112


def image_size(data: bytes, *, filename: str = "") -> tuple[int, int]:
    """Width and height in pixels as the photo is seen (EXIF orientation applied), read from
    the header without decoding the pixels."""
    image = open_image(data, filename)
    with image:
        width, height = image.size
        try:
            orientation = image.getexif().get(_ORIENTATION_TAG, 1)
        except Exception:  # noqa: BLE001 (a damaged EXIF block: the pixels may still be fine)
            orientation = 1
    return (height, width) if orientation in _TURNED else (width, height)


def _has_transparency(image: Image) -> bool:
    if image.mode in ("RGBA", "LA", "PA"):
        alpha = image.getchannel("A")
        low, _high = alpha.getextrema()
        return isinstance(low, int) and low < 255  # one band: (low, high)
    return "transparency" in image.info


def for_print(
    data: bytes, *, max_side_px: int = 2000, quality: int = 85, filename: str = ""
) -> bytes:
    """A JPEG (PNG with transparency) copy of the photo `data`, upright, its longest side at
    most `max_side_px`. `data` itself is only read."""
    from PIL import Image, ImageOps

    image = open_image(data, filename)
    try:
        if image.size[0] * image.size[1] > MAX_IMAGE_PIXELS:  # never decoded whole
            image.close()
            image = reduced_image(data, max_pixels=(2 * max_side_px) ** 2, filename=filename)
        with image:
            if image.format == "JPEG":
                image.draft("RGB", (max_side_px, max_side_px))  # decode at 1/2, 1/4… size
            image.load()
            upright = ImageOps.exif_transpose(image)
            transparent = _has_transparency(upright)
            upright = upright.convert("RGBA" if transparent else "RGB")
            upright.thumbnail((max_side_px, max_side_px), Image.Resampling.LANCZOS)
            out = io.BytesIO()
            if transparent:
                upright.save(out, format="PNG", optimize=True)
            else:
                upright.save(out, format="JPEG", quality=quality, optimize=True)
    except PhotoRefused:
        raise
    except (Image.DecompressionBombError, OSError, ValueError, SyntaxError) as error:
        raise damaged_photo(filename) from error
    return out.getvalue()
