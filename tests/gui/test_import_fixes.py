"""Issue 15, defect 2: one bad row of a spreadsheet no longer blocks the import in the window.

The person skips the row (its box, or "Skip every row with a problem") or fixes the cell in
the preview; Import then brings the good and fixed rows in one undo step and says how many
were skipped. The file on disk is never rewritten; the CLI stays all or nothing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from facilitator_app.gui.dialogs.import_dialog import ImportDialog
from facilitator_app.gui.main_window import MainWindow
from facilitator_app.store import open_event

# a real export of a French registration form: cp1252, `;`, one bad e-mail on line 4
CSV = (
    "Prénom;Nom;Organisation;Courriel;Accepte d'être cité\r\n"
    "Éléonore;Œuvrard;Le Nouveau Lieu;eo@exemple.fr;oui\r\n"
    "Hélène;Lefèvre;Coopérative Élan;helene@elan.fr;non\r\n"
    "Chloé;Bénard;La Tréso;chloe@;oui\r\n"
    "François;Dupré;;fd@exemple.fr;\r\n"
)
BEFORE = {"Grégoire Simonnet", "Rémy Jacquot", "Élise Œuvrard"}


def people(path) -> dict[str, str]:
    with open_event(path, readonly=True) as store:
        return {p.name: p.email for p in store.all_participants()}


def opened(qtbot, document, tmp_path, parent=None) -> ImportDialog:
    source = tmp_path / "inscriptions.csv"
    source.write_bytes(CSV.encode("cp1252"))
    dialog = ImportDialog(document, parent)
    qtbot.addWidget(dialog)
    dialog.load(source)
    return dialog


def row_of(dialog: ImportDialog, line: int) -> int:
    model = dialog.proxy
    return next(r for r in range(model.rowCount()) if model.index(r, 0).data() == str(line))


def test_the_bad_row_is_marked_with_its_reason_and_can_be_skipped(
    qtbot, document, settings, tmp_path
):
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    dialog = opened(qtbot, document, tmp_path, window)
    model, bad = dialog.model, row_of(dialog, 4)
    assert model.index(bad, model.ACTION).data() == "Error"
    assert "“chloe@” is not an e-mail address." in model.index(bad, model.MESSAGE).data()
    assert "Line 4" in dialog.problems.text()
    assert not dialog.import_button.isEnabled()

    # the person ticks the row's box in the Import column, from the keyboard
    dialog.view.setFocus()
    dialog.view.setCurrentIndex(dialog.proxy.index(bad, model.ACTION))
    qtbot.keyClick(dialog.view, Qt.Key.Key_Space)
    assert model.index(bad, model.ACTION).data() == "Skipped"
    assert dialog.problems.text() == ""
    assert "Skipped: 1" in dialog.summary.text()
    assert "To add: 3" in dialog.summary.text()
    assert dialog.import_button.isEnabled()

    with qtbot.waitSignal(document.changed):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    now = people(document.path)
    assert set(now) == BEFORE | {"Éléonore Œuvrard", "Hélène Lefèvre", "François Dupré"}
    assert "1 row skipped" in dialog.outcome
    assert window.statusBar().currentMessage() == dialog.outcome
    assert document.undo_stack.count() == 1  # one undoable step
    document.undo_stack.undo()
    assert set(people(document.path)) == BEFORE
    window.close_for_good()


def test_every_bad_row_is_skipped_at_once(qtbot, document, tmp_path):
    dialog = opened(qtbot, document, tmp_path)
    assert dialog.skip_bad.isEnabled()
    qtbot.mouseClick(dialog.skip_bad, Qt.MouseButton.LeftButton)
    assert dialog.model.skipped == {4}
    assert not dialog.skip_bad.isEnabled()  # nothing left to skip
    assert dialog.import_button.isEnabled()


def test_a_bad_cell_is_fixed_in_the_preview_and_imported(qtbot, document, tmp_path):
    dialog = opened(qtbot, document, tmp_path)
    model, bad = dialog.model, row_of(dialog, 4)
    email = dialog.proxy.index(bad, model.column_of("email"))
    assert email.flags() & Qt.ItemFlag.ItemIsEditable
    assert not model.index(bad, model.LINE).flags() & Qt.ItemFlag.ItemIsEditable

    dialog.view.setCurrentIndex(email)
    dialog.view.edit(email)  # a double-click or F2 opens the same editor
    editor = dialog.view.focusWidget()
    assert isinstance(editor, QLineEdit)
    assert editor.text() == "chloe@"
    editor.setText("chloe.bénard@latreso.fr")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # Qt commits it on the next turn of events
    qtbot.waitUntil(lambda: bool(dialog.fixes.cells))

    fixed = row_of(dialog, 4)
    assert model.index(fixed, model.ACTION).data() == "To add"
    assert model.index(fixed, model.column_of("name")).data() == "Chloé Bénard"
    assert dialog.problems.text() == ""
    assert dialog.import_button.isEnabled()
    assert tmp_path.joinpath("inscriptions.csv").read_bytes() == CSV.encode("cp1252")

    dialog.accept()
    assert people(document.path)["Chloé Bénard"] == "chloe.bénard@latreso.fr"
    assert "skipped" not in dialog.outcome
    assert document.undo_stack.count() == 1


def test_a_missing_name_is_typed_whole_in_the_name_cell(qtbot, document, tmp_path):
    source = tmp_path / "sans-nom.csv"
    source.write_text("Prénom;Nom;Courriel\n;;anon@exemple.fr\nAnne;Martin;am@exemple.fr\n")
    dialog = ImportDialog(document)
    qtbot.addWidget(dialog)
    dialog.load(source)
    model = dialog.model
    assert model.index(0, model.ACTION).data() == "Error"
    model.setData(model.index(0, model.column_of("name")), "Zoé Lâm")
    assert model.index(0, model.column_of("name")).data() == "Zoé Lâm"
    assert dialog.import_button.isEnabled()
    dialog.accept()
    assert people(document.path)["Zoé Lâm"] == "anon@exemple.fr"
