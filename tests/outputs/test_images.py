"""Photos made ready for a PDF: downscaled, upright, re-encoded; the original never touched."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from facilitator_app.core.errors import PhotoRefused
from facilitator_app.printing.images import for_print, image_size

ORIENTATION = 0x0112


def jpeg(width: int, height: int, *, orientation: int | None = None) -> bytes:
    """A photo whose left half is red and right half blue, as the sensor wrote it."""
    image = Image.new("RGB", (width, height), (200, 30, 30))
    image.paste((30, 30, 200), (width // 2, 0, width, height))
    out = io.BytesIO()
    if orientation is None:
        image.save(out, format="JPEG", quality=90)
    else:
        exif = Image.Exif()
        exif[ORIENTATION] = orientation
        image.save(out, format="JPEG", quality=90, exif=exif)
    return out.getvalue()


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_a_large_photo_is_downscaled_keeping_its_shape():
    original = jpeg(4000, 3000)
    printed = opened(for_print(original, max_side_px=1000))
    assert printed.format == "JPEG"
    assert printed.size == (1000, 750)


def test_a_small_photo_keeps_its_size():
    printed = opened(for_print(jpeg(640, 480), max_side_px=2000))
    assert printed.size == (640, 480)


def test_the_original_bytes_are_left_as_they_were():
    original = jpeg(3000, 2000, orientation=6)
    kept = bytes(original)
    printed = for_print(original, max_side_px=500)
    assert original == kept
    assert printed != original


def test_the_exif_orientation_is_applied_and_dropped():
    # orientation 6: the camera was turned, the picture must be rotated 90° clockwise
    original = jpeg(1200, 800, orientation=6)
    assert image_size(original) == (800, 1200)
    printed = opened(for_print(original, max_side_px=600))
    assert printed.size == (400, 600)
    assert printed.getexif().get(ORIENTATION) in (None, 1)  # no second rotation by a reader
    # the sensor's left (red) half is now at the top
    top = printed.getpixel((200, 50))
    bottom = printed.getpixel((200, 550))
    assert top[0] > 150 and top[2] < 100
    assert bottom[2] > 150 and bottom[0] < 100


def test_transparency_gives_a_png_and_opaque_pngs_become_jpeg():
    clear = Image.new("RGBA", (3000, 1000), (255, 255, 255, 0))
    clear.paste((20, 120, 20, 255), (0, 0, 1500, 1000))
    out = io.BytesIO()
    clear.save(out, format="PNG")
    printed = opened(for_print(out.getvalue(), max_side_px=1500))
    assert (printed.format, printed.size, printed.mode) == ("PNG", (1500, 500), "RGBA")

    solid = io.BytesIO()
    Image.new("RGBA", (300, 200), (240, 230, 210, 255)).save(solid, format="PNG")
    assert opened(for_print(solid.getvalue())).format == "JPEG"


def test_a_gif_and_a_webp_are_printed():
    for fmt in ("GIF", "WEBP"):
        out = io.BytesIO()
        Image.new("RGB", (2400, 1200), (250, 240, 220)).save(out, format=fmt)
        printed = opened(for_print(out.getvalue(), max_side_px=1200))
        assert printed.size == (1200, 600)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not an image at all",
        jpeg(800, 600)[:300],  # cut short in the middle of the header tables
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
    ],
)
def test_damaged_bytes_raise_one_clear_sentence(data):
    with pytest.raises(PhotoRefused) as refused:
        for_print(data, filename="paperboard.jpg")
    message = str(refused.value)
    assert "paperboard.jpg" in message and "damaged" in message
    assert "PIL" not in message and "\n" not in message


def test_a_damaged_image_size_is_a_clear_error_too():
    with pytest.raises(PhotoRefused):
        image_size(b"GIF89a garbage")
