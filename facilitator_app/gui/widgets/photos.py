"""`PhotosPanel`: the paperboard photos of one session, as a grid of thumbnails.

Photos come in by « Add photos… » (several files at once), by dropping image files from the
file manager onto the panel, or by pasting (Ctrl+V: image files copied in a file manager, or
an image, stored as PNG). The file keeps each original as it is; a file that is not a photo
Récolte reads is refused with one sentence under the grid and nothing is added; a photo of
more than 40 megapixels is kept downscaled, and the same line says so. Under the
grid, the current photo's caption (saved while typing, one undo step per typing run) and
what it is attached to: the whole session, one table and round of a world café, or a note.
Delete removes the selected photos (undoable), « Save a copy… » writes an original back to
a file, a double-click shows a photo large, and dragging a thumbnail changes the order.

Every edit is a `core.photos` command pushed on the document. The photos are read when the
panel is shown, not on every change of session while it is hidden.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import (
    QDragEnterEvent,
    QDropEvent,
    QImage,
    QKeySequence,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.core.commands import ChangeSet, batch
from facilitator_app.core.downscale import damaged_photo
from facilitator_app.core.errors import PhotoRefused
from facilitator_app.core.model import Attachment
from facilitator_app.core.photos import (
    Place,
    add_photos,
    delete_photos,
    move_photo,
    new_photo,
    pasted_filename,
    place_of,
    place_photo,
    set_caption,
)
from facilitator_app.core.text import safe_file_name
from facilitator_app.gui.dialogs.photo_viewer import PhotoViewer
from facilitator_app.gui.document import EventDocument
from facilitator_app.gui.models.photos import (
    PhotosModel,
    place_choices,
)
from facilitator_app.gui.save_timer import SaveTimer
from facilitator_app.gui.widgets.photo_files import read_photo_files, refusal_notice, write_copy
from facilitator_app.gui.widgets.photo_grid import PhotoDelegate, PhotoGrid, png_bytes
from facilitator_app.i18n import tr

__all__ = ["PhotosPanel"]

AnyIndex = QModelIndex | QPersistentModelIndex
_IMAGE_FILTER = "*.jpg *.jpeg *.png *.webp *.gif *.JPG *.JPEG *.PNG *.WEBP *.GIF"


class PhotosPanel(QWidget):
    def __init__(self, document: EventDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._session_id: str | None = None
        self._stale = False  # a session was chosen while hidden: read it when shown
        self._places: list[Place] = []
        self._caption_id: str | None = None  # the photo whose caption the field shows
        self._saved_caption = ""
        self._folder = str(Path.home())
        self._shrunk: list[str] = []  # photos of this adding stored smaller, one sentence each
        self.viewer: PhotoViewer | None = None
        self.model = PhotosModel(document, self)
        self._setup_ui()
        self._connect()
        self._current_changed()

    # -- building -------------------------------------------------------------------------

    def _setup_ui(self) -> None:
        self.add_button = QPushButton(tr("Add photos…"))
        self.add_button.setObjectName("addPhotos")
        self.add_button.setToolTip(tr("Add photos from files (you can also drop them here)"))
        self.paste_button = QPushButton(tr("Paste"))
        self.paste_button.setObjectName("pastePhoto")
        self.paste_button.setToolTip(tr("Paste an image from the clipboard (Ctrl+V)"))
        self.delete_button = QPushButton(tr("Delete"))
        self.delete_button.setObjectName("deletePhotos")
        self.delete_button.setToolTip(tr("Delete the selected photos (Del)"))
        self.save_button = QPushButton(tr("Save a copy…"))
        self.save_button.setObjectName("savePhoto")
        self.save_button.setToolTip(tr("Save the original file of the photo"))

        self.grid = PhotoGrid()
        self.grid.setObjectName("photoGrid")
        self.grid.setAccessibleName(tr("Photos of the session"))
        self.grid.setModel(self.model)
        self.grid.setItemDelegate(PhotoDelegate(self.grid))
        self.grid.empty_text = tr("Drop paperboard photos here, paste one, or use Add photos…")
        self.grid.accepts_files = self._document.editable

        self.notice = QLabel()
        self.notice.setObjectName("photosNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color: #b71c1c;")
        self.notice.hide()

        self.caption_edit = QLineEdit()
        self.caption_edit.setObjectName("photoCaption")
        self.caption_edit.setAccessibleName(tr("Caption of the photo"))
        self.caption_edit.setPlaceholderText(tr("What the photo shows…"))
        self.place_combo = QComboBox()
        self.place_combo.setObjectName("photoPlace")
        self.place_combo.setMaxVisibleItems(20)
        self.place_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.place_combo.setMinimumContentsLength(24)
        self._caption_timer = SaveTimer(self.save_caption, self)

        buttons = QHBoxLayout()
        for button in (self.add_button, self.paste_button, self.delete_button, self.save_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        details = QHBoxLayout()
        details.addWidget(QLabel(tr("Caption")))
        details.addWidget(self.caption_edit, 3)
        details.addSpacing(12)
        details.addWidget(QLabel(tr("Attached to")))
        details.addWidget(self.place_combo, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.notice)
        layout.addLayout(details)
        self.setAcceptDrops(self._document.editable)  # files dropped beside the grid

    def _connect(self) -> None:
        self.add_button.clicked.connect(self.choose_files)
        self.paste_button.clicked.connect(self.paste)
        self.delete_button.clicked.connect(self.delete_selected)
        self.save_button.clicked.connect(lambda: self.save_copy())
        paste = QShortcut(QKeySequence(QKeySequence.StandardKey.Paste), self)
        paste.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        paste.activated.connect(self.paste)
        remove = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.grid)
        remove.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove.activated.connect(self.delete_selected)
        show = QShortcut(QKeySequence(Qt.Key.Key_Return), self.grid)
        show.setContext(Qt.ShortcutContext.WidgetShortcut)
        show.activated.connect(lambda: self.open_viewer())
        self.grid.doubleClicked.connect(lambda index: self.open_viewer(self._id_at(index)))
        self.grid.files_dropped.connect(self.add_files)
        self.grid.image_dropped.connect(self.add_image)
        self.grid.move_requested.connect(self.move)
        selection = self.grid.selectionModel()
        selection.currentChanged.connect(lambda *_: self._current_changed())
        selection.selectionChanged.connect(lambda *_: self._update_buttons())
        self.model.modelReset.connect(self._current_changed)
        self.caption_edit.textEdited.connect(lambda _text: self._caption_timer.touch())
        self.caption_edit.editingFinished.connect(self.save_caption)
        self._document.flushing.connect(self._caption_timer.flush)
        self.place_combo.activated.connect(lambda row: self.place(self._places[row]))
        self._document.changed.connect(self._on_changed)
        self._document.editable_changed.connect(self._show_editable)

    def install_icons(self) -> None:
        """Give the buttons their icons (call after the window's first paint)."""
        from facilitator_app.gui.icons import ICONS, icon  # qtawesome: after the first paint

        for button, name in (
            (self.add_button, "add"),
            (self.paste_button, "paste"),
            (self.delete_button, "delete"),
            (self.save_button, "save-copy"),
        ):
            if name in ICONS:
                button.setIcon(icon(name))

    # -- reading --------------------------------------------------------------------------

    def set_session(self, session_id: str | None) -> None:
        self.save_caption()
        self._session_id = session_id
        self.show_notice("")
        self._stale = True
        if self.isVisible():
            self._load()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.grid.drop_kind(event) == "files":
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        if self.grid.drop_kind(event) == "files":
            self.grid.take_files(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._load()

    def selected_photos(self) -> list[Attachment]:
        rows = sorted(i.row() for i in self.grid.selectionModel().selectedIndexes())
        photos = [self.model.photo(r) for r in rows]
        current = self.current_photo()
        if not photos and current is not None:
            return [current]
        return [p for p in photos if p is not None]

    def current_photo(self) -> Attachment | None:
        """The photo the caption field shows (without its bytes)."""
        return self.model.photo(self.grid.currentIndex().row())

    def select(self, photo_ids: Sequence[str]) -> None:
        selection = self.grid.selectionModel()
        selection.clearSelection()
        rows = [r for r in (self.model.row_of(i) for i in photo_ids) if r >= 0]
        for row in rows:
            selection.select(self.model.index(row), QItemSelectionModel.SelectionFlag.Select)
        if rows:
            selection.setCurrentIndex(
                self.model.index(rows[0]), QItemSelectionModel.SelectionFlag.NoUpdate
            )
            self.grid.scrollTo(self.model.index(rows[0]))

    def show_notice(self, sentence: str, *, warning: bool = True) -> None:
        """One sentence under the grid: why a file was refused (red), or what was done to
        one (a photo over the size limit stored smaller)."""
        self.notice.setStyleSheet("color: #b71c1c;" if warning else "")
        self.notice.setText(sentence)
        self.notice.setVisible(bool(sentence))

    # -- adding ---------------------------------------------------------------------------

    def choose_files(self) -> list[str]:
        paths, _filter = QFileDialog.getOpenFileNames(
            self,
            tr("Add photos"),
            self._folder,
            f"{tr('Photos')} ({_IMAGE_FILTER});;{tr('All files')} (*)",
        )
        return self.add_files(paths) if paths else []

    def add_files(self, paths: Sequence[str | Path]) -> list[str]:
        """Add the photos among `paths` as one undo step; the ids added. Refused files are
        named in one sentence under the grid."""
        self.show_notice("")
        photos: list[Attachment] = []
        self._shrunk = []
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            found, refused = read_photo_files(paths)
            for path, data in found:
                photo = self._photo(data, path.name, len(photos))
                if isinstance(photo, str):
                    refused.append(photo)
                else:
                    photos.append(photo)
                self._folder = str(path.parent)
        finally:
            QApplication.restoreOverrideCursor()
        if refused:
            self.show_notice(refusal_notice(refused))
        return self._push_new(photos)

    def add_image(self, image: QImage) -> list[str]:
        """Add an image (pasted or dropped from another program) as a PNG photo."""
        self.show_notice("")
        self._shrunk = []
        if image.isNull():
            self.show_notice(tr("The clipboard holds no image to paste."))
            return []
        photo = self._photo(png_bytes(image), pasted_filename(self._document.now()), 0)
        if isinstance(photo, str):
            self.show_notice(photo)
            return []
        return self._push_new([photo])

    def paste(self) -> list[str]:
        """Paste image files copied in a file manager, or an image; the ids added."""
        mime = QApplication.clipboard().mimeData()
        paths = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()] if mime else []
        if paths:
            return self.add_files(paths)
        if mime is not None and mime.hasImage():
            return self.add_image(QImage(QApplication.clipboard().image()))
        self.show_notice(tr("The clipboard holds no image to paste."))
        return []

    def _photo(self, data: bytes, filename: str, offset: int) -> Attachment | str:
        """A new photo record, or the sentence saying why `data` is refused."""
        if self._session_id is None:
            return tr("Choose a session first.")
        position = self._document.next_position(Attachment, session_id=self._session_id)
        notices: list[str] = []
        try:
            photo = new_photo(
                data,
                filename=filename,
                session_id=self._session_id,
                position=position + offset,
                notices=notices,
            )
        except PhotoRefused as error:
            return str(error)
        if not self.model.remember_thumbnail(photo):  # decoded once: proves it can be read
            return str(damaged_photo(filename))
        self._shrunk += notices
        return photo

    def _push_new(self, photos: list[Attachment]) -> list[str]:
        if not photos or not self._document.push(add_photos(photos)):
            return []
        if self._shrunk and self.notice.isHidden():  # no refusal to show first
            self.show_notice(" ".join(self._shrunk), warning=False)
        ids = [p.id for p in photos]
        self.select(ids)
        return ids

    # -- editing --------------------------------------------------------------------------

    def delete_selected(self) -> bool:
        photos = self.selected_photos()
        command = delete_photos(photos)
        if command is None:
            return False
        row = min(self.model.row_of(p.id) for p in photos)
        if not self._document.push(command):
            return False
        if self.model.rowCount():
            self.grid.setCurrentIndex(self.model.index(min(row, self.model.rowCount() - 1)))
        return True

    def save_caption(self) -> bool:
        """Write the caption field now if it differs from the file; True when pushed."""
        self._caption_timer.stop()
        photo = self.model.photo(self.model.row_of(self._caption_id or ""))
        text = self.caption_edit.text().strip()
        if photo is None or text == self._saved_caption.strip():
            return False
        command = set_caption(photo, text)
        if command is None:
            return False
        previous, self._saved_caption = self._saved_caption, text  # the echo is ours
        if not self._document.push(command):
            self._saved_caption = previous
            return False
        return True

    def place(self, place: Place) -> bool:
        """Attach the selected photos to `place` (one undo step); True when pushed."""
        commands = [c for p in self.selected_photos() if (c := place_photo(p, place))]
        if not commands:
            return False
        command = commands[0] if len(commands) == 1 else batch(commands, label="Attach photos")
        return self._document.push(command)

    def move(self, photo_id: str, slot: int) -> bool:
        """Move a photo to the insertion `slot` (0 = first, n = after the last)."""
        row = self.model.row_of(photo_id)
        if row < 0:
            return False
        command = move_photo(self.model.photos(), photo_id, slot - 1 if slot > row else slot)
        return command is not None and self._document.push(command)

    # -- originals ------------------------------------------------------------------------

    def save_copy(self, path: str | Path | None = None) -> bool:
        """Write the current photo's original bytes to `path` (asked when None)."""
        current = self.current_photo()
        photo = self._document.read.get(Attachment, current.id) if current else None
        if photo is None:
            return False
        if path is None:
            name = safe_file_name(photo.filename, fallback="photo")  # never ../../x nor /etc/x
            chosen, _filter = QFileDialog.getSaveFileName(
                self, tr("Save a copy of the photo"), str(Path(self._folder) / name)
            )
            if not chosen:
                return False
            path = chosen
        target = Path(path)
        if failure := write_copy(target, photo.data):
            self.show_notice(failure)
            return False
        self._folder = str(target.parent)
        return True

    def open_viewer(self, photo_id: str | None = None) -> PhotoViewer | None:
        current = self.current_photo()
        photo = self._document.read.get(Attachment, photo_id or (current.id if current else None))
        if photo is None:
            return None
        if self.viewer is not None:
            self.viewer.close()
        self.viewer = PhotoViewer(photo.data, title=photo.caption or photo.filename, parent=self)
        self.viewer.show()
        return self.viewer

    # -- inside ---------------------------------------------------------------------------

    def _load(self) -> None:
        self._stale = False
        self.model.set_session(self._session_id)
        self._load_places()
        if self.model.rowCount():
            self.grid.setCurrentIndex(self.model.index(0))
        self._current_changed()

    def _id_at(self, index: AnyIndex) -> str | None:
        photo = self.model.photo(index.row())
        return photo.id if photo else None

    def _load_places(self) -> None:
        items = place_choices(self._document, self._session_id)
        shown = [(self.place_combo.itemText(r), p) for r, p in enumerate(self._places)]
        if items == shown:
            return
        self.place_combo.blockSignals(True)
        self.place_combo.clear()
        self._places = [p for _, p in items]
        for text, _place in items:
            self.place_combo.addItem(text)
        self.place_combo.blockSignals(False)
        self._show_place()

    def _show_place(self) -> None:
        photo = self.current_photo()
        where = place_of(photo) if photo else Place()
        self.place_combo.blockSignals(True)
        self.place_combo.setCurrentIndex(self._places.index(where) if where in self._places else 0)
        self.place_combo.blockSignals(False)

    def _current_changed(self) -> None:
        photo = self.current_photo()
        if photo is None or photo.id != self._caption_id:
            self.save_caption()  # what was typed for the previous photo
            self._caption_id = photo.id if photo else None
            self._saved_caption = photo.caption if photo else ""
            self.caption_edit.setText(self._saved_caption)
        self._show_place()
        self._update_buttons()

    def _show_editable(self, editable: bool) -> None:
        self.grid.accepts_files = editable
        self.setAcceptDrops(editable)
        self._update_buttons()

    def _update_buttons(self) -> None:
        writable = self._document.editable and self._session_id is not None
        has_photo = self.current_photo() is not None
        self.add_button.setEnabled(writable)
        self.paste_button.setEnabled(writable)
        self.delete_button.setEnabled(writable and has_photo)
        self.save_button.setEnabled(has_photo)
        self.caption_edit.setEnabled(writable and has_photo)
        self.place_combo.setEnabled(writable and has_photo)

    def _on_changed(self, changes: ChangeSet) -> None:
        if self._session_id is None or self._stale:
            return
        if changes.touches("table", "round", "note"):
            self._load_places()
        if self._caption_id in changes.ids:
            photo = self.model.photo(self.model.row_of(self._caption_id or ""))
            if photo is not None and photo.caption != self._saved_caption:
                self._caption_timer.stop()  # an undo (or another edit): the file wins
                self._saved_caption = photo.caption
                cursor = self.caption_edit.cursorPosition()
                self.caption_edit.setText(photo.caption)
                self.caption_edit.setCursorPosition(min(cursor, len(photo.caption)))
            self._show_place()
        self._update_buttons()
