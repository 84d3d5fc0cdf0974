"""Paperboard photos: which files are accepted, and the edits made to a session's photos.

A photo is an `Attachment` holding the original bytes, untouched: what the phone or camera
wrote is what the event file keeps (a copy for the PDF is made at export time, see
`export.images`). A file is accepted when its first bytes say JPEG, PNG, WebP or GIF (the
name and extension are not trusted) and it is not larger than `MAX_PHOTO_BYTES`; otherwise
`PhotoRefused` says why in one sentence. The one exception to "untouched": an image of more
than `MAX_IMAGE_PIXELS` (a 12,000 × 12,000 scan fits in a 420 KB PNG and takes half a
gigabyte once decoded) is stored downscaled to that size (`core.downscale`, which never
decodes it whole), and `new_photo` says so in one sentence.

The edits are ordinary core commands (`add`, `update`, `Batch`), so they are undoable:
adding several photos is one step, typing a caption merges into one step, placing a photo
sets its session / table and round / note fields together. Builders return None when the
edit would change nothing, so no empty undo step is pushed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from facilitator_app.core.commands import Batch, Command, UpdateRecord, add, batch, delete, update
from facilitator_app.core.downscale import downscale
from facilitator_app.core.errors import PhotoRefused
from facilitator_app.core.limits import MAX_IMAGE_PIXELS
from facilitator_app.core.model import Attachment
from facilitator_app.i18n import tr

__all__ = [
    "MAX_PHOTO_BYTES",
    "PHOTO_MEDIA_TYPES",
    "Place",
    "media_type_of",
    "check_size",
    "check_photo",
    "new_photo",
    "add_photos",
    "set_caption",
    "place_of",
    "place_photo",
    "delete_photos",
    "move_photo",
    "pasted_filename",
    "downscaled_notice",
]

MAX_PHOTO_BYTES = 40 * 1024 * 1024  # a 48-megapixel phone JPEG is ~15 MB; a 40 MB PNG is rare
PHOTO_MEDIA_TYPES = ("image/jpeg", "image/png", "image/webp", "image/gif")
_EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "image/gif": ".gif",
}


def media_type_of(data: bytes) -> str | None:
    """The media type the first bytes announce (JPEG, PNG, WebP, GIF), or None."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    return None


def check_size(size: int, filename: str = "") -> None:
    """PhotoRefused when a file of `size` bytes is larger than `MAX_PHOTO_BYTES`."""
    if size > MAX_PHOTO_BYTES:
        raise PhotoRefused(
            tr(
                "“{name}” is too large to be added ({size} MB; at most {limit} MB).",
                name=filename or "photo",
                size=round(size / 1024 / 1024),
                limit=MAX_PHOTO_BYTES // 1024 // 1024,
            )
        )


def check_photo(data: bytes, filename: str = "") -> str:
    """The media type of `data`, or PhotoRefused with one sentence naming the file."""
    check_size(len(data), filename)
    media_type = media_type_of(data)
    if media_type is None:
        raise PhotoRefused(
            tr(
                "“{name}” is not a photo Récolte can read (JPEG, PNG, WebP or GIF).",
                name=filename or "photo",
            )
        )
    return media_type


@dataclass(frozen=True, slots=True)
class Place:
    """Where a photo is attached: the whole session, a table (and round), or a note."""

    table_id: str | None = None
    round_id: str | None = None
    note_id: str | None = None

    @property
    def is_session(self) -> bool:
        return self.table_id is None and self.round_id is None and self.note_id is None


def _checked(place: Place) -> Place:
    if place.note_id is not None and (place.table_id or place.round_id):
        raise ValueError("a photo is attached to a note or to a table, not both")
    if place.round_id is not None and place.table_id is None:
        raise ValueError("a round needs its table")
    return place


def place_of(photo: Attachment) -> Place:
    return Place(table_id=photo.table_id, round_id=photo.round_id, note_id=photo.note_id)


def new_photo(
    data: bytes,
    *,
    filename: str,
    session_id: str,
    position: int,
    caption: str = "",
    place: Place = Place(),
    notices: list[str] | None = None,
) -> Attachment:
    """An attachment holding `data` as it is, or downscaled when it has more than
    `MAX_IMAGE_PIXELS` (a sentence saying so is appended to `notices`); PhotoRefused when it
    is not an accepted photo or cannot be read within the memory bound."""
    media_type = check_photo(data, filename)
    place = _checked(place)
    smaller = downscale(data, filename=filename)
    if smaller is not None:
        if notices is not None:
            kept = (smaller.width, smaller.height)
            notices.append(downscaled_notice(filename, smaller.original, kept))
        data, media_type = smaller.data, smaller.media_type
        stem = filename.rsplit(".", 1)[0] if "." in filename else filename
        filename = (stem or "photo") + _EXTENSIONS[media_type]
    return Attachment(
        session_id=session_id,
        filename=filename or "photo" + _EXTENSIONS[media_type],
        media_type=media_type,
        data=data,
        caption=caption,
        position=position,
        table_id=place.table_id,
        round_id=place.round_id,
        note_id=place.note_id,
    )


def downscaled_notice(filename: str, original: tuple[int, int], kept: tuple[int, int]) -> str:
    """The sentence saying a photo was stored smaller than it came."""
    return tr(
        "“{name}” had {megapixels} megapixels: it is kept at {width} × {height} pixels "
        "(at most {limit} megapixels per photo).",
        name=filename or "photo",
        megapixels=round(original[0] * original[1] / 1e6),
        width=kept[0],
        height=kept[1],
        limit=MAX_IMAGE_PIXELS // 1_000_000,
    )


def add_photos(photos: Sequence[Attachment]) -> Batch:
    """Add several photos as one undo step (« Add photos »)."""
    if len(photos) == 1:
        return batch([add(photos[0], label="Add photo")], label="Add photo")
    return batch((add(p, label="Add photos") for p in photos), label="Add photos")


def set_caption(photo: Attachment, caption: str) -> UpdateRecord | None:
    """Change the caption; consecutive keystrokes merge into one undo step."""
    if caption == photo.caption:
        return None
    return update(photo, label="Edit photo caption", typing=True, caption=caption)


def place_photo(photo: Attachment, place: Place) -> UpdateRecord | None:
    """Attach the photo to the whole session, a table and round, or a note (the three fields
    are set together, the others cleared)."""
    place = _checked(place)
    if place == place_of(photo):
        return None
    return update(
        photo,
        label="Attach photo",
        table_id=place.table_id,
        round_id=place.round_id,
        note_id=place.note_id,
    )


def delete_photos(photos: Sequence[Attachment]) -> Command | None:
    if len(photos) == 1:
        return delete(photos[0], label="Delete photo")
    return delete(list(photos), label="Delete photos") if photos else None


def move_photo(ordered: Sequence[Attachment], photo_id: str, index: int) -> Batch | None:
    """Move one photo of `ordered` (a session's photos in their order) to `index`,
    renumbering positions 0, 1, 2…; None when nothing would change."""
    moving = next((p for p in ordered if p.id == photo_id), None)
    if moving is None:
        return None
    others = [p for p in ordered if p.id != photo_id]
    others.insert(max(0, min(index, len(others))), moving)
    steps: list[Command] = [
        UpdateRecord(Attachment, p.id, (("position", n),), label="Move photo")
        for n, p in enumerate(others)
        if p.position != n
    ]
    if not steps:
        return None
    return Batch(tuple(steps), label="Move photo")


def pasted_filename(now: str) -> str:
    """A name for an image pasted from the clipboard, from the local time `now` (ISO text)."""
    stamp = "".join(c for c in now if c.isdigit())[:14]
    return f"photo-{stamp[:8]}-{stamp[8:]}.png" if len(stamp) == 14 else "photo.png"
