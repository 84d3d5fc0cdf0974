"""`PhotosModel`: a session's photos as a list of thumbnails, captions and places.

Rows come from `document.read.session_attachments(session_id)` in their order. The model keeps the
records without their bytes (a session may hold a hundred megabytes of photos); the panel
reads an original through `document.read.get` when it needs one. Thumbnails are decoded off the
GUI thread (`QThreadPool`) with `QImageReader.setScaledSize`, which lets the JPEG decoder
skip most of the work, and kept in a cache keyed by attachment id and size: the bytes of an
attachment are never edited (a new photo is a new record), while `updated_at` changes with
every caption keystroke and would throw good thumbnails away.

The model follows `document.changed`: a photo added, removed or re-captioned changes one row;
a new order moves rows (selection kept); renamed tables or notes relabel the places.
"""

from __future__ import annotations

from collections import OrderedDict
from contextlib import suppress
from dataclasses import replace

from PySide6.QtCore import (
    QAbstractListModel,
    QBuffer,
    QByteArray,
    QIODevice,
    QLocale,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRunnable,
    Qt,
    QThreadPool,
    Signal,
)
from PySide6.QtGui import QGuiApplication, QImage, QImageReader, QPixmap

from facilitator_app.core.commands import ChangeSet
from facilitator_app.core.model import Attachment, CafeTable, Note, Round
from facilitator_app.core.photos import Place
from facilitator_app.core.vocabulary import table_label
from facilitator_app.gui.document import EventDocument
from facilitator_app.i18n import tr

__all__ = [
    "PhotosModel",
    "ID_ROLE",
    "PLACE_ROLE",
    "PHOTO_MIME",
    "THUMB_PX",
    "decode_scaled",
    "note_excerpt",
    "place_label",
    "place_choices",
]

ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the attachment id
PLACE_ROLE = Qt.ItemDataRole.UserRole + 2  # « Table 2 · Tour 1 », « Note : … » or ""
PHOTO_MIME = "application/x-recolte-photo-ids"
THUMB_PX = 160
_CACHE_SIZE = 300  # thumbnails kept (~30 MB at 160 px on a 2× screen)

AnyIndex = QModelIndex | QPersistentModelIndex
_Key = tuple[str, int]  # attachment id, size of its bytes


def decode_scaled(data: bytes, side: int) -> QImage:
    """The image in `data`, upright (EXIF orientation), fitting in side × side without being
    enlarged; a null QImage when it cannot be read. Safe to call outside the GUI thread."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)
    size = reader.size()
    if size.isValid() and (size.width() > side or size.height() > side):
        reader.setScaledSize(size.scaled(side, side, Qt.AspectRatioMode.KeepAspectRatio))
    return reader.read()


def note_excerpt(text: str, *, words: int = 6, chars: int = 48) -> str:
    """The first words of a note, to name it in a list."""
    parts = text.split()
    excerpt = " ".join(parts[:words])
    if len(excerpt) > chars:
        excerpt = excerpt[: chars - 1].rstrip()
        return excerpt + "…"
    return excerpt + ("…" if len(parts) > words else "")


def place_label(
    photo: Attachment,
    *,
    tables: dict[str, CafeTable],
    rounds: dict[str, Round],
    notes: dict[str, Note],
) -> str:
    """Where a photo is attached, as read under its thumbnail; "" for the whole session."""
    if photo.note_id is not None:
        note = notes.get(photo.note_id)
        return tr("Note: {text}", text=note_excerpt(note.text)) if note else ""
    table = tables.get(photo.table_id or "")
    if table is None:
        return ""
    round_ = rounds.get(photo.round_id or "")
    label = table_label(table.number)
    return f"{label} · {tr('Round {n}', n=round_.number)}" if round_ else label


def place_choices(document: EventDocument, session_id: str | None) -> list[tuple[str, Place]]:
    """What a photo of the session can be attached to, with the label offered for each: the
    whole session, each table × round of a world café, each note (by its first words)."""
    choices: list[tuple[str, Place]] = [(tr("The whole session"), Place())]
    if session_id is None:
        return choices
    rounds = document.read.session_rounds(session_id)
    for table in document.read.session_tables(session_id):
        label = table_label(table.number, table.theme)
        for round_ in rounds:
            place = Place(table_id=table.id, round_id=round_.id)
            choices.append((f"{label} · {tr('Round {n}', n=round_.number)}", place))
        if not rounds:
            choices.append((label, Place(table_id=table.id)))
    for note in document.read.session_notes(session_id):
        if note.text.strip():
            choices.append(
                (tr("Note: {text}", text=note_excerpt(note.text)), Place(note_id=note.id))
            )
    return choices


class _Signals(QObject):
    done = Signal(object, object)  # key, QImage (null when unreadable)


class _ThumbnailJob(QRunnable):
    """One thumbnail decoded on the model's own small pool. Not a `gui.jobs.Job`: nobody
    waits on it, so it has no progress, no Cancel and no sentence to say (an unreadable
    image is a null QImage, shown as such), and a QObject per photo would only cost."""

    def __init__(self, key: _Key, data: bytes, side: int, signals: _Signals) -> None:
        super().__init__()
        self._key, self._data, self._side, self._signals = key, data, side, signals

    def run(self) -> None:
        image = decode_scaled(self._data, self._side)
        self._data = b""
        with suppress(RuntimeError):  # the model is gone
            self._signals.done.emit(self._key, image)


class PhotosModel(QAbstractListModel):
    thumbnail_ready = Signal(str)  # attachment id

    def __init__(self, document: EventDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._session_id: str | None = None
        self._rows: list[Attachment] = []  # without their bytes
        self._sizes: dict[str, int] = {}
        self._tables: dict[str, CafeTable] = {}
        self._rounds: dict[str, Round] = {}
        self._notes: dict[str, Note] = {}
        self._cache: OrderedDict[_Key, QPixmap | None] = OrderedDict()  # None: unreadable
        self._pending: set[_Key] = set()
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(2)
        self._signals = _Signals()  # no parent: jobs still running keep it alive
        self._signals.done.connect(self._decoded)
        document.changed.connect(self._on_changed)

    # -- reading ----------------------------------------------------------------------------

    @property
    def session_id(self) -> str | None:
        return self._session_id

    def set_session(self, session_id: str | None) -> None:
        self._session_id = session_id
        self._pool.clear()  # thumbnails of the previous session not started yet
        self._pending.clear()
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = []
        if self._session_id is not None:
            for photo in self._document.read.session_attachments(self._session_id):
                self._rows.append(self._keep(photo))
        self._load_places()
        self.endResetModel()

    def photo(self, row: int) -> Attachment | None:
        """The record shown at `row`, without its bytes (`document.read.get` reads them)."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def photos(self) -> list[Attachment]:
        return list(self._rows)

    def row_of(self, photo_id: str) -> int:
        return next((r for r, p in enumerate(self._rows) if p.id == photo_id), -1)

    def size_of(self, photo_id: str) -> int:
        return self._sizes.get(photo_id, 0)

    def place_text(self, photo: Attachment) -> str:
        return place_label(photo, tables=self._tables, rounds=self._rounds, notes=self._notes)

    def thumbnail(self, photo_id: str) -> QPixmap | None:
        return self._cache.get((photo_id, self._sizes.get(photo_id, 0)))

    def unreadable(self, photo_id: str) -> bool:
        key = (photo_id, self._sizes.get(photo_id, 0))
        return key in self._cache and self._cache[key] is None

    def pending(self) -> int:
        """Thumbnails still being decoded."""
        return len(self._pending)

    def remember_thumbnail(self, photo: Attachment) -> bool:
        """Decode the thumbnail of a photo about to be added (so it is not decoded twice);
        False when its bytes cannot be read as an image."""
        image = decode_scaled(photo.data, round(THUMB_PX * _pixel_ratio()))
        if image.isNull():
            return False
        self._store((photo.id, len(photo.data)), image)
        return True

    # -- Qt model ---------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        photo = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return photo.caption or photo.filename
        if role == Qt.ItemDataRole.EditRole:
            return photo.caption
        if role == Qt.ItemDataRole.DecorationRole:
            return self.thumbnail(photo.id)
        if role == Qt.ItemDataRole.ToolTipRole:
            size = QLocale().formattedDataSize(
                self._sizes.get(photo.id, 0), 1, QLocale.DataSizeFormat.DataSizeTraditionalFormat
            )
            return f"{photo.filename} · {size}"
        if role == ID_ROLE:
            return photo.id
        if role == PLACE_ROLE:
            return self.place_text(photo)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def mimeTypes(self) -> list[str]:
        return [PHOTO_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        mime = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        ids = "\n".join(self._rows[r].id for r in rows)
        mime.setData(PHOTO_MIME, QByteArray(ids.encode("utf-8")))
        return mime

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    # -- inside -----------------------------------------------------------------------------

    def _keep(self, photo: Attachment) -> Attachment:
        """Remember the photo's size, ask for its thumbnail, and keep it without its bytes."""
        self._sizes[photo.id] = len(photo.data)
        key = (photo.id, len(photo.data))
        if key in self._cache:
            self._cache.move_to_end(key)
        elif key not in self._pending:
            self._pending.add(key)
            side = round(THUMB_PX * _pixel_ratio())
            self._pool.start(_ThumbnailJob(key, photo.data, side, self._signals))
        return replace(photo, data=b"")

    def _store(self, key: _Key, image: QImage) -> None:
        pixmap = None
        if not image.isNull():
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(_pixel_ratio())
        self._cache[key] = pixmap
        while len(self._cache) > _CACHE_SIZE:
            self._cache.popitem(last=False)

    def _decoded(self, key: _Key, image: QImage) -> None:
        self._pending.discard(key)
        self._store(key, image)
        row = self.row_of(key[0])
        if row >= 0:
            index = self.index(row)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])
        self.thumbnail_ready.emit(key[0])

    def _load_places(self) -> None:
        sid = self._session_id
        if sid is None:
            self._tables, self._rounds, self._notes = {}, {}, {}
            return
        self._tables = {t.id: t for t in self._document.read.session_tables(sid)}
        self._rounds = {r.id: r for r in self._document.read.session_rounds(sid)}
        wanted = {p.note_id for p in self._rows if p.note_id}
        self._notes = {n.id: n for n in self._document.read.session_notes(sid) if n.id in wanted}

    def _relabel(self) -> None:
        self._load_places()
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1), [PLACE_ROLE])

    def _on_changed(self, changes: ChangeSet) -> None:
        if self._session_id is None:
            return
        if changes.touches("attachment"):
            for photo_id in changes.ids:
                if not self._update_row(photo_id):
                    self.reload()
                    return
        if changes.touches("table", "round") or (
            changes.touches("note") and changes.ids & {p.note_id for p in self._rows}
        ):
            self._relabel()

    def _update_row(self, photo_id: str) -> bool:
        """Apply one changed attachment in place; False when only a reload will do."""
        photo = self._document.read.get(Attachment, photo_id)
        if photo is None:
            return True  # another kind of record
        row = self.row_of(photo_id)
        belongs = photo.session_id == self._session_id and not photo.deleted
        if row < 0 and not belongs:
            return True
        if row >= 0 and not belongs:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()
            return True
        kept = self._keep(photo)
        if row >= 0:
            old = self._rows[row]
            self._rows[row] = kept
            if old.note_id != kept.note_id and kept.note_id:
                self._load_places()
            if old.position != kept.position:
                self._resort()
            else:
                self.dataChanged.emit(self.index(row), self.index(row))
            return True
        target = next(
            (r for r, p in enumerate(self._rows) if p.position > kept.position), len(self._rows)
        )
        self.beginInsertRows(QModelIndex(), target, target)
        self._rows.insert(target, kept)
        self.endInsertRows()
        if kept.note_id:
            self._relabel()
        return True

    def _resort(self) -> None:
        """Order the rows by position again, keeping selections and current rows."""
        self.layoutAboutToBeChanged.emit()
        before = [p.id for p in self._rows]
        self._rows.sort(key=lambda p: p.position)  # stable: equal positions keep their order
        after = {p.id: r for r, p in enumerate(self._rows)}
        old = self.persistentIndexList()
        new = [self.index(after[before[i.row()]]) if i.isValid() else i for i in old]
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()


def _pixel_ratio() -> float:
    app = QGuiApplication.instance()
    return float(app.devicePixelRatio()) if isinstance(app, QGuiApplication) else 1.0
