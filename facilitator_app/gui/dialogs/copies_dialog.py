"""`CopiesDialog` (File → Prepare note-taker copies…): one copy of the event per laptop.

The person picks a folder (a USB key) and the copies' names: « Poste 1 … N », or the tables
of a world café (« Table 1 · Animation »…), each editable. « Write the copies » writes
`<event title> – <name>.recolte` files there (`store.copies.prepare_copy`, which records
where each copy parted from the event, so that merging them back tells edits made apart
from edits made one after the other). It never overwrites a file: if one is there already,
it says so in one sentence and writes none.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.core.errors import RecolteError
from facilitator_app.core.text import file_stem
from facilitator_app.core.vocabulary import table_label
from facilitator_app.gui.dialogs.base import RecolteDialog
from facilitator_app.gui.document import EventDocument
from facilitator_app.gui.settings import Settings
from facilitator_app.i18n import tr
from facilitator_app.store.copies import copy_path, prepare_copy

__all__ = ["CopiesDialog", "copy_file"]


def copy_file(folder: Path, title: str, name: str) -> Path:
    """`folder/<event title> – <name>.recolte`, with what file systems refuse replaced."""
    return copy_path(folder, f"{file_stem(title, fallback='Récolte')}.recolte", name)


class CopiesDialog(RecolteDialog):
    geometry_key = "copies_dialog"

    def __init__(
        self,
        document: EventDocument,
        parent: QWidget | None = None,
        *,
        settings: Settings | None = None,
        folder: Path | None = None,
    ) -> None:
        self._document = document
        self.written: list[Path] = []
        super().__init__(parent, settings=settings)
        if folder is not None:
            self.folder.setText(str(folder))

    # -- building ---------------------------------------------------------------------------

    def _setup_ui(self) -> None:
        self.setWindowTitle(tr("Prepare note-taker copies"))
        intro = QLabel(
            tr(
                "Each laptop opens its own copy and captures on it, without network; "
                "in a shared synced folder (Syncthing, a network share), each laptop writes "
                "only its own file. Collect the copies afterwards to merge them."
            )
        )
        intro.setWordWrap(True)
        self.folder = QLineEdit()
        self.folder.setPlaceholderText(tr("A USB key, or a shared folder"))
        browse = QPushButton(tr("Choose…"))
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.folder, 1)
        where.addWidget(browse)

        self.by_laptop = QRadioButton(tr("One per laptop:"))
        self.count = QSpinBox()
        self.count.setRange(1, 99)
        self.count.setValue(3)
        self.by_table = QRadioButton(tr("One per table of:"))
        self.cafe = QComboBox()
        for session in self._document.sessions():
            if session.kind == "world_cafe" and self._document.tables(session.id):
                self.cafe.addItem(session.title, session.id)
        self.mode = QButtonGroup(self)
        self.mode.addButton(self.by_laptop)
        self.mode.addButton(self.by_table)
        self.by_laptop.setChecked(True)
        self.by_table.setEnabled(self.cafe.count() > 0)
        self.cafe.setEnabled(self.cafe.count() > 0)
        self.mode.buttonToggled.connect(lambda _b, on: on and self.fill_names())
        self.count.valueChanged.connect(lambda _n: self._fill_if(self.by_laptop))
        self.cafe.currentIndexChanged.connect(lambda _i: self._fill_if(self.by_table))
        laptops = QHBoxLayout()
        laptops.addWidget(self.by_laptop)
        laptops.addWidget(self.count)
        laptops.addStretch(1)
        tables = QHBoxLayout()
        tables.addWidget(self.by_table)
        tables.addWidget(self.cafe, 1)

        self.names = QListWidget()
        self.names.setToolTip(tr("Double-click a name to change it"))
        add, remove = QPushButton(tr("Add")), QPushButton(tr("Remove"))
        add.clicked.connect(self.add_name)
        remove.clicked.connect(self._remove_name)
        name_buttons = QHBoxLayout()
        name_buttons.addWidget(add)
        name_buttons.addWidget(remove)
        name_buttons.addStretch(1)

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox()
        self.write_button = self.buttons.addButton(
            tr("Write the copies"), QDialogButtonBox.ButtonRole.ActionRole
        )
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(tr("Close"))  # Qt's own text is not translated
        self.write_button.clicked.connect(self.write)
        close.clicked.connect(self.reject)

        form = QFormLayout()
        form.addRow(tr("Folder"), where)
        form.addRow(tr("Copies"), laptops)
        form.addRow("", tables)
        names = QVBoxLayout()
        names.addWidget(self.names)
        names.addLayout(name_buttons)
        form.addRow(tr("Names"), names)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(620, 560)
        self.fill_names()

    def _browse(self) -> None:
        start = self.folder.text() or str(Path(self._document.path).parent)
        chosen = QFileDialog.getExistingDirectory(self, tr("Prepare note-taker copies"), start)
        if chosen:
            self.folder.setText(chosen)

    # -- names --------------------------------------------------------------------------------

    def _fill_if(self, button: QRadioButton) -> None:
        if button.isChecked():
            self.fill_names()

    def fill_names(self) -> None:
        """Names from the choice: « Poste 1 … N », or the tables of the chosen café."""
        if self.by_table.isChecked() and self.cafe.currentData():
            tables = self._document.tables(self.cafe.currentData())
            names = [table_label(t.number, t.theme) for t in tables]
        else:
            names = [tr("Laptop {n}", n=n) for n in range(1, self.count.value() + 1)]
        self.set_names(names)

    def set_names(self, names: list[str]) -> None:
        self.names.clear()
        for name in names:
            self.add_name(name)

    def add_name(self, name: str | bool = False) -> None:
        text = name if isinstance(name, str) else tr("Laptop {n}", n=self.names.count() + 1)
        item = QListWidgetItem(text)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        self.names.addItem(item)
        if not isinstance(name, str):  # the Add button: name it at once
            self.names.setCurrentItem(item)
            self.names.editItem(item)

    def _remove_name(self) -> None:
        row = self.names.currentRow()
        if row >= 0:
            self.names.takeItem(row)

    def copy_names(self) -> list[str]:
        texts = (self.names.item(row).text().strip() for row in range(self.names.count()))
        return [t for t in texts if t]

    # -- writing ------------------------------------------------------------------------------

    def planned(self) -> list[tuple[str, Path]]:
        folder = Path(self.folder.text()).expanduser()
        title = self._document.event_record().title
        return [(name, copy_file(folder, title, name)) for name in self.copy_names()]

    def _refusal(self, planned: list[tuple[str, Path]]) -> str:
        """Why nothing can be written, in one sentence, or ""."""
        folder = Path(self.folder.text()).expanduser()
        if not self.folder.text().strip():
            return tr("Choose the folder the copies go to.")
        if not folder.is_dir():
            return tr("The folder {path} does not exist.", path=folder)
        if not planned:
            return tr("Give at least one copy a name.")
        seen: set[Path] = set()
        for name, path in planned:
            if path in seen:
                return tr("Two copies are named “{name}”; give each its own name.", name=name)
            seen.add(path)
            if path.exists():
                return tr("{path} already exists; choose another name.", path=path.name)
        return ""

    def write(self) -> bool:
        """Write every copy, or none when one cannot be (the reason in the status line)."""
        planned = self.planned()
        refusal = self._refusal(planned)
        if refusal:
            self.status.setText(refusal)
            return False
        written: list[Path] = []
        try:
            for name, path in planned:
                written.append(prepare_copy(self._document.path, path, name=name))
        except RecolteError as error:
            self.status.setText(
                tr("{reason} ({n} copies written before it.)", reason=error, n=len(written))
                if written
                else str(error)
            )
            self.written = written
            return False
        self.written = written
        files = "\n".join(f"• {p.name}" for p in written)
        self.status.setText(
            tr("{n} copies written to {folder}:", n=len(written), folder=written[0].parent)
            + "\n"
            + files
            if len(written) > 1
            else tr("1 copy written to {folder}:", folder=written[0].parent) + "\n" + files
        )
        return True
