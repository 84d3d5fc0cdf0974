"""`ImportDialog` (File → Import participants… / Import organisations…): people from a spreadsheet.

The person picks a CSV or .xlsx file and whether its rows are participants or organisations.
The left pane maps each column of the file to a field (guessed from the headers, a combo per
column); the right one previews every row as it will be imported, a bad row in red with its
message, and counts what will be added, updated, left unchanged or is wrong. A bad row is
fixed in its cell or skipped (`import_fixes`); the import is one command and one undo step.

Reading a large file, checking its rows and importing them run on the thread pool
(`gui.jobs.Job`) with a progress bar, while Cancel stops them: a cancelled import writes
nothing (its transaction is rolled back). The import is planned again and applied by the
job on a connection of its own, over the event as it is then; the window's document is then
told (`EventDocument.applied_elsewhere`), so that Undo takes it back. A small file (under
`BACKGROUND_BYTES`, `BACKGROUND_ROWS`) goes the same way, at once on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSize, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.core.limits import grouped
from facilitator_app.core.model import Organisation, Participant
from facilitator_app.formats.people_columns import fields_for, guess_mapping
from facilitator_app.formats.people_import import ImportPlan, plan_import
from facilitator_app.formats.spreadsheet import Table, read_table
from facilitator_app.gui.dialogs import import_fixes as fixes
from facilitator_app.gui.dialogs.base import RecolteDialog
from facilitator_app.gui.document import EventDocument
from facilitator_app.gui.jobs import Job
from facilitator_app.gui.models.import_preview import PROBLEM_ROLE, ImportPreviewModel
from facilitator_app.gui.settings import Settings
from facilitator_app.gui.window_geometry import place_window
from facilitator_app.i18n import N_, tr
from facilitator_app.store import open_event

__all__ = ["ImportDialog"]

_KINDS = (("participants", N_("Participants")), ("organisations", N_("Organisations")))


class ImportDialog(RecolteDialog):
    geometry_key = "import_dialog"
    BACKGROUND_BYTES = 256 * 1024  # a file read on the thread pool past this size
    BACKGROUND_ROWS = 2_000  # rows checked and imported on the thread pool past this

    def __init__(
        self,
        document: EventDocument,
        parent: QWidget | None = None,
        *,
        kind: str = "participants",
        settings: Settings | None = None,
    ) -> None:
        self._document = document
        self._kind = kind
        self.table: Table | None = None
        self.plan: ImportPlan | None = None
        self.combos: list[QComboBox] = []
        self.fixes = fixes.PreviewFixes()  # the cells the person corrected in the preview
        self.outcome = ""  # once imported: what was imported, and how many rows skipped
        self._loaded = ""
        self.job: Job | None = None  # the reading, checking or importing under way
        self._writing = False  # the job under way imports (else it reads or checks)
        self._retired: set[QObject] = set()  # replaced jobs the pool may still be running
        self._then: Callable[[Any], None] = lambda _result: None
        super().__init__(parent, settings=settings)

    # -- building ---------------------------------------------------------------------------

    def _setup_ui(self) -> None:
        self.setWindowTitle(tr("Import from a spreadsheet"))
        self.kinds = QButtonGroup(self)
        kinds = QHBoxLayout()
        for key, label in _KINDS:
            button = QRadioButton(tr(label))
            button.setProperty("kind", key)
            button.setChecked(key == self._kind)
            self.kinds.addButton(button)
            kinds.addWidget(button)
        kinds.addStretch(1)
        self.kinds.buttonToggled.connect(lambda _b, on: self._kind_changed() if on else None)

        self.path = QLineEdit()
        self.path.setAccessibleName(tr("File to import"))
        self.path.setPlaceholderText(tr("A CSV file or an Excel workbook (.xlsx)"))
        self.path.editingFinished.connect(self._path_edited)
        browse = QPushButton(tr("Choose…"))
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(browse)
        form = QFormLayout()
        form.addRow(tr("File"), where)
        form.addRow(tr("Rows are"), kinds)

        self.columns = QFormLayout()
        self.columns.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        holder = QWidget()
        holder.setLayout(self.columns)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        columns_box = QGroupBox(tr("Columns of the file"))
        QVBoxLayout(columns_box).addWidget(scroll)

        self.model = ImportPreviewModel(self)
        self.model.cell_edited.connect(self._cell_edited)
        self.model.skip_changed.connect(lambda: self._show(self.plan))
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterRole(PROBLEM_ROLE)
        self.view = QTableView()
        self.view.setAccessibleName(tr("Preview"))
        self.view.setModel(self.proxy)
        self.view.setAlternatingRowColors(False)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.only_problems = QCheckBox(tr("Show only the rows with problems"))
        self.only_problems.toggled.connect(self._filter)
        preview_box = QGroupBox(tr("Preview"))
        preview = QVBoxLayout(preview_box)
        preview.addWidget(self.view, 1)
        preview.addWidget(self.only_problems)

        splitter = QSplitter()
        splitter.addWidget(columns_box)
        splitter.addWidget(preview_box)
        splitter.setStretchFactor(1, 1)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #b71c1c")
        self.progress = QProgressBar()
        self.progress.hide()
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(
            tr("Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.skip_bad = fixes.skip_button()
        self.skip_bad.clicked.connect(self.skip_bad_rows)
        self.buttons.addButton(self.skip_bad, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        self._inputs = [*self.kinds.buttons(), self.path, browse, scroll, self.only_problems]
        self._inputs += [self.view, self.skip_bad]
        place_window(self, None, QSize(1500, 1000))  # most of the screen, for the preview
        splitter.setSizes([self.fontMetrics().averageCharWidth() * 44, self.width()])  # combos
        self._update()

    # -- the file and its columns -----------------------------------------------------------

    @property
    def kind(self) -> str:
        return str(self.kinds.checkedButton().property("kind"))

    def set_kind(self, kind: str) -> None:
        for button in self.kinds.buttons():
            if button.property("kind") == kind:
                button.setChecked(True)

    def _browse(self) -> None:
        start = self.path.text() or str(Path(self._document.path).parent)
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            tr("Import from a spreadsheet"),
            start,
            tr("Spreadsheets (*.csv *.xlsx *.txt);;All files (*)"),
        )
        if chosen:
            self.load(chosen)

    def _path_edited(self) -> None:
        if self.path.text() != self._loaded:
            self.load(self.path.text())

    def load(self, path: str | Path) -> None:
        """Read `path`, guess its columns and preview it (or say why it cannot be read)."""
        self.path.setText(str(path))
        self._loaded = str(path)
        self.table = None
        self.fixes.clear()
        self.model.skipped.clear()
        self.problems.clear()
        if not str(path).strip():
            self._read(None)
            return
        source = Path(path).expanduser()
        try:
            size = source.stat().st_size
        except OSError:
            size = 0  # read_table says what is wrong
        self._start(
            lambda _job: read_table(source),
            self._read,
            background=size > self.BACKGROUND_BYTES,
            doing=tr("Reading {name}…", name=source.name),
        )

    def _read(self, table: Table | None) -> None:
        self.table = table
        self._build_columns()
        self._update()

    def _kind_changed(self) -> None:
        self._build_columns()
        self._update()

    def _build_columns(self) -> None:
        while self.columns.rowCount():
            self.columns.removeRow(0)
        self.combos = []
        if self.table is None:
            return
        guessed = guess_mapping(self.kind, self.table.header)
        for column, header in enumerate(self.table.header):
            combo = QComboBox()
            combo.addItem(tr("Not imported"), None)
            for spec in fields_for(self.kind):
                combo.addItem(tr(spec.label), spec.key)
            combo.setCurrentIndex(max(0, combo.findData(guessed[column])))
            combo.currentIndexChanged.connect(lambda _i, c=column: self._mapping_changed(c))
            label = QLabel(header or tr("(column {n})", n=column + 1))
            label.setToolTip(header)
            self.columns.addRow(label, combo)
            self.combos.append(combo)

    def mapping(self) -> tuple[str | None, ...]:
        return tuple(combo.currentData() for combo in self.combos)

    def set_field(self, column: int, key: str | None) -> None:
        """Map a column of the file to a field (`name`, `email`…) or to nothing."""
        self.combos[column].setCurrentIndex(max(0, self.combos[column].findData(key)))

    def _mapping_changed(self, column: int) -> None:
        key = self.combos[column].currentData()
        if key is not None:  # a field comes from one column: the one just chosen
            for other, combo in enumerate(self.combos):
                if other != column and combo.currentData() == key:
                    combo.blockSignals(True)
                    combo.setCurrentIndex(0)
                    combo.blockSignals(False)
        self._update()

    # -- the plan ---------------------------------------------------------------------------

    def _update(self) -> None:
        """Check the rows, as corrected, against the event as the columns say; show the plan."""
        if self.table is None:
            self._show(None)
            return
        table = self.fixes.preview(self.table)
        kind, mapping = self.kind, self.mapping()
        organisations, participants = (
            self._document.read.all_organisations(),
            self._document.read.all_participants(),
        )

        def check(job: Job) -> ImportPlan:
            return plan_import(
                table,
                kind,
                organisations=organisations,
                participants=participants,
                mapping=mapping,
                progress=job.progress,
            )

        self._start(
            check,
            self._show,
            background=len(table.rows) > self.BACKGROUND_ROWS,
            doing=tr("Checking {n} rows…", n=grouped(len(table.rows))),
        )

    def _show(self, plan: ImportPlan | None) -> None:
        if plan is not self.plan or plan is None:  # a skip only repaints: no reset
            self.plan = plan
            self._set_plan(plan)
        skipped = self.model.skipped
        self.skip_bad.setEnabled(plan is not None and fixes.bad_left(plan, skipped) > 0)
        if plan is None:
            self.summary.setText(tr("Choose a CSV file or an .xlsx workbook to preview it."))
            self.import_button.setEnabled(False)
            return
        self.summary.setText(fixes.summary(plan, skipped))
        self.problems.setText(fixes.advice(plan, skipped))
        self.import_button.setEnabled(fixes.importable(plan, skipped) and self._document.editable)

    def _set_plan(self, plan: ImportPlan | None) -> None:
        """Show a new plan, keeping the cell the person was at (a fix checks every row)."""
        current = self.view.currentIndex()
        self.model.editable = fixes.editable_fields(self.mapping())
        self.model.set_plan(plan)
        fixes.fit_columns(self.view, self.model.columnCount())
        self.view.setColumnHidden(self.model.MESSAGE, not self.model.has_messages())
        if current.isValid():
            self.view.setCurrentIndex(self.proxy.index(current.row(), current.column()))

    def _cell_edited(self, line: int, key: str, text: str) -> None:
        if self.fixes.set_field(line, key, text, mapping=self.mapping()):
            self._update()

    def skip_bad_rows(self) -> None:
        """Skip every row still wrong (the ones already skipped stay so)."""
        if self.plan is not None:
            bad = {row.line for row in self.plan.rows if row.problems}
            self.model.set_skipped(self.model.skipped | bad)

    def _filter(self, only_problems: bool) -> None:
        self.proxy.setFilterFixedString("1" if only_problems else "")

    def accept(self) -> None:
        """Import: one command, one transaction, one undo step. The plan is made again over
        the event as it is then, so nothing changed meanwhile is overwritten unknowingly."""
        if self.job is not None or self.table is None or self.plan is None:
            return
        skipped = set(self.model.skipped)
        if not fixes.importable(self.plan, skipped):
            return
        table = self.fixes.to_import(self.table, skipped)
        kind, mapping = self.kind, self.mapping()
        path = self._document.path

        def import_rows(job: Job) -> tuple[Any, ...]:
            store = open_event(path)  # this thread's own connection
            try:
                job.stop_sql(store.conn)  # Cancel interrupts the writing: rolled back
                plan = plan_import(
                    table,
                    kind,
                    organisations=store.all(Organisation),
                    participants=store.all(Participant),
                    mapping=mapping,
                    progress=job.progress,
                )
                command = plan.command()  # InvalidImport: a row went wrong meanwhile
                job.progress(len(table.rows), len(table.rows))
                inverse, changes = command.apply(store)
                return plan, command, inverse, changes
            finally:
                store.close()

        self._start(
            import_rows,
            self._imported,
            background=len(table.rows) > self.BACKGROUND_ROWS,
            doing=tr("Importing {n} rows…", n=grouped(len(table.rows))),
            writing=True,
        )

    def _imported(self, result: tuple[Any, ...]) -> None:
        plan, command, inverse, changes = result
        self._document.applied_elsewhere(command, inverse, changes)
        self.outcome = fixes.announce(plan, len(self.model.skipped), self.parentWidget())
        super().accept()

    def reject(self) -> None:
        """Cancel: stops the work under way first (nothing imported), then closes."""
        if self.job is not None:
            self.job.cancel()
            self.summary.setText(tr("Cancelling…"))
            return
        super().reject()

    # -- work off the GUI thread ------------------------------------------------------------

    def _start(
        self,
        work: Callable[[Job], Any],
        then: Callable[[Any], None],
        *,
        background: bool,
        doing: str,
        writing: bool = False,
    ) -> None:
        """Run `work` as a job (on the thread pool when `background`), then `then(result)`;
        a newer job replaces one still reading or checking."""
        if self.job is not None:
            self.job.cancel()  # its outcome is ignored: it is no longer self.job
            self._retired.add(self.job)  # kept alive until the pool is done with it
        job = Job(work, failure=self._cannot_read)
        job.progressed.connect(self._progressed)
        job.finished.connect(self._job_finished)
        job.failed.connect(self._job_failed)
        job.cancelled.connect(self._job_cancelled)
        self.job, self._then, self._writing = job, then, writing
        if writing:  # no edit of the window meets the import's transaction
            self._document.set_editable(False)
        self._busy(doing)
        job.start(wait=not background)

    def _busy(self, doing: str) -> None:
        self.summary.setText(doing)
        self.import_button.setEnabled(False)
        self.progress.setRange(0, 0)  # busy until the first step says how many there are
        self.progress.show()
        for widget in self._inputs:
            widget.setEnabled(not self._writing)

    def _idle(self) -> None:
        if self._writing:
            self._document.set_editable(True)
        self.job = None
        self.progress.hide()
        for widget in self._inputs:
            widget.setEnabled(True)

    def _mine(self, *, ended: bool = True) -> bool:
        """Whether the signal comes from the job under way (not from one it replaced; a
        replaced one is let go when it `ended`)."""
        sender = self.sender()
        if sender in self._retired:
            if ended:
                self._retired.discard(sender)
            return False
        return sender is self.job and self.job is not None

    def _progressed(self, done: int, total: int) -> None:
        if self._mine(ended=False):
            self.progress.setRange(0, max(total, 1))
            self.progress.setValue(done)

    def _job_finished(self, result: object) -> None:
        if self._mine():
            self._idle()
            self._then(result)

    def _job_failed(self, sentence: str) -> None:
        if self._mine():
            self._idle()
            if self._writing:
                self._show(self.plan)
            else:
                self.table = None
                self._build_columns()
                self._show(None)
            self.problems.setText(sentence)

    def _job_cancelled(self) -> None:
        if self._mine():
            self._idle()
            if self._writing:
                self._show(self.plan)
                self.problems.setText(tr("Import cancelled: nothing was imported."))
            else:
                self.table = None
                self._build_columns()
                self._show(None)
                self.problems.setText(tr("Cancelled: choose the file again to preview it."))

    def _cannot_read(self, error: Exception) -> str | None:
        if isinstance(error, OSError) and not self._writing:
            return tr(
                "{path} cannot be read: {reason}",
                path=self.path.text(),
                reason=error.strerror or error,
            )
        return None
