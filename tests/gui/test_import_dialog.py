"""File → Import participants…: the preview, the column mapping, errors, one undo step."""

from __future__ import annotations

from PySide6.QtCore import Qt

from facilitator_app.core.commands import add
from facilitator_app.core.model import Organisation, Participant
from facilitator_app.gui.actions import Act
from facilitator_app.gui.dialogs.import_dialog import ImportDialog
from facilitator_app.gui.main_window import MainWindow
from facilitator_app.gui.models.import_preview import ImportPreviewModel
from facilitator_app.store import open_event

GOOD = (
    "Prénom;Nom;Organisation;Courriel;Accepte d'être cité\r\n"
    "Éléonore;Œuvrard;Le Nouveau Lieu;eo@exemple.fr;oui\r\n"
    "Grégoire;Simonnet;La Tréso;gs@treso.fr;\r\n"
)


def write(tmp_path, text: str, *, name: str = "inscrits.csv", encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def people_in_file(path) -> dict[str, Participant]:
    with open_event(path, readonly=True) as store:
        return {p.name: p for p in store.all(Participant)}


def organisations_in_file(path) -> set[str]:
    with open_event(path, readonly=True) as store:
        return {o.name for o in store.all(Organisation)}


def make_dialog(qtbot, document, **options) -> ImportDialog:
    dialog = ImportDialog(document, **options)
    qtbot.addWidget(dialog)
    return dialog


def cells(dialog: ImportDialog, row: int) -> list[str]:
    model = dialog.proxy
    return [model.index(row, c).data() or "" for c in range(model.columnCount())]


def test_preview_shows_the_rows_as_they_will_be_imported(qtbot, document, tmp_path):
    dialog = make_dialog(qtbot, document)
    assert not dialog.import_button.isEnabled()  # no file yet
    dialog.load(write(tmp_path, GOOD, encoding="cp1252"))

    assert dialog.mapping() == ("first_name", "name", "organisation", "email", "consent_listed")
    assert dialog.proxy.rowCount() == 2
    first, second = cells(dialog, 0), cells(dialog, 1)
    name, organisation = dialog.model.column_of("name"), dialog.model.column_of("organisation")
    assert [first[0], first[1], first[name]] == ["2", "To add", "Éléonore Œuvrard"]
    assert first[organisation] == "Le Nouveau Lieu (new)"
    assert [second[0], second[1], second[name]] == ["3", "To update", "Grégoire Simonnet"]
    assert second[organisation] == "La Tréso"  # already in the event
    assert dialog.view.isColumnHidden(dialog.model.MESSAGE)  # nothing to say
    assert "To add: 1" in dialog.summary.text()
    assert "To update: 1" in dialog.summary.text()
    assert "Organisations to create: 1" in dialog.summary.text()
    assert dialog.import_button.isEnabled()


def test_the_preview_model(qtmodeltester, document, tmp_path):
    dialog = ImportDialog(document)
    qtmodeltester.check(dialog.model)  # empty: no file chosen
    bad = GOOD + "Chloé;;;chloe@;peut-être\r\n"
    dialog.load(write(tmp_path, bad))
    qtmodeltester.check(dialog.model)
    assert isinstance(dialog.model, ImportPreviewModel)
    dialog.deleteLater()


def test_error_rows_are_red_with_their_message_and_block_the_import(qtbot, document, tmp_path):
    text = GOOD + ";;;;\r\n" + "Chloé;Petit;;chloe@;peut-être\r\n"  # line 4 blank, line 5 bad
    dialog = make_dialog(qtbot, document)
    dialog.load(write(tmp_path, text))
    model = dialog.model
    bad = model.index(2, 0)
    assert bad.data() == "5"
    assert model.index(2, model.ACTION).data() == "Error"
    assert model.index(2, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    problem = model.index(2, model.problem_column).data()
    assert "“chloe@” is not an e-mail address." in problem
    assert "peut-être" in model.index(2, 4).data(Qt.ItemDataRole.ToolTipRole)
    assert not dialog.view.isColumnHidden(model.MESSAGE)
    assert "With errors: 1" in dialog.summary.text()
    assert "Line 5: “chloe@” is not an e-mail address." in dialog.problems.text()
    assert not dialog.import_button.isEnabled()

    dialog.only_problems.setChecked(True)
    assert dialog.proxy.rowCount() == 1
    assert cells(dialog, 0)[0] == "5"

    dialog.accept()  # even forced, nothing is written
    assert document.undo_stack.count() == 0
    assert set(people_in_file(document.path)) == {
        "Grégoire Simonnet",
        "Rémy Jacquot",
        "Élise Œuvrard",
    }


def test_changing_the_column_mapping(qtbot, document, tmp_path):
    dialog = make_dialog(qtbot, document)
    dialog.load(write(tmp_path, "Qui;Contact;Note\nAnne Martin;anne@exemple.fr;x\n"))
    assert dialog.mapping() == (None, None, None)
    assert "No column holds the names" in dialog.problems.text()
    assert not dialog.import_button.isEnabled()

    dialog.set_field(0, "name")
    dialog.set_field(1, "email")
    assert dialog.problems.text() == ""
    email_column = dialog.model.column_of("email")
    assert dialog.model.index(0, email_column).data() == "anne@exemple.fr"
    assert dialog.import_button.isEnabled()

    dialog.set_field(2, "name")  # a field comes from one column: the other one lets it go
    assert dialog.mapping() == (None, "email", "name")
    assert cells(dialog, 0)[dialog.model.column_of("name")] == "x"


def test_rows_can_be_organisations(qtbot, document, tmp_path):
    dialog = make_dialog(qtbot, document)
    dialog.load(write(tmp_path, "Nom;Lieu;Site\nLe 6b;Saint-Denis;le6b.fr\nLa Fabrique;Lyon;\n"))
    dialog.set_kind("organisations")
    assert dialog.mapping() == ("name", "place", "website")
    assert [cells(dialog, r)[1] for r in range(2)] == ["To update", "To add"]
    dialog.accept()
    assert organisations_in_file(document.path) == {"La Tréso", "Le 6b", "La Fabrique"}


def test_import_is_one_undo_step_in_the_file(qtbot, document, tmp_path, event_path):
    dialog = make_dialog(qtbot, document)
    dialog.load(write(tmp_path, GOOD))
    with qtbot.waitSignal(document.changed):
        dialog.accept()
    assert dialog.result() == ImportDialog.DialogCode.Accepted

    people = people_in_file(event_path)
    assert people["Éléonore Œuvrard"].consent_listed is True
    assert people["Grégoire Simonnet"].email == "gs@treso.fr"
    assert "Le Nouveau Lieu" in organisations_in_file(event_path)
    assert document.undo_stack.count() == 1
    assert document.undo_stack.undoText() == "Import participants"

    document.undo_stack.undo()
    people = people_in_file(event_path)
    assert "Éléonore Œuvrard" not in people
    assert people["Grégoire Simonnet"].email == ""
    assert "Le Nouveau Lieu" not in organisations_in_file(event_path)

    document.undo_stack.redo()
    people = people_in_file(event_path)
    assert people["Éléonore Œuvrard"].email == "eo@exemple.fr"
    assert people["Grégoire Simonnet"].email == "gs@treso.fr"
    assert "Le Nouveau Lieu" in organisations_in_file(event_path)


def test_an_unreadable_file_is_one_sentence(qtbot, document, tmp_path):
    dialog = make_dialog(qtbot, document)
    dialog.load(write(tmp_path, "PK not a workbook", name="faux.xlsx"))
    assert "not a readable .xlsx" in dialog.problems.text()
    assert dialog.model.rowCount() == 0
    assert not dialog.import_button.isEnabled()


def test_the_file_menu_opens_the_dialog(qtbot, document, settings, monkeypatch):
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    file_menu = window.menuBar().actions()[0].menu()
    for act in (Act.IMPORT_PARTICIPANTS, Act.IMPORT_ORGANISATIONS):
        assert window.actions_[act] in file_menu.actions()
        assert window.actions_[act].isEnabled()
    opened = []
    monkeypatch.setattr(ImportDialog, "exec", lambda self: opened.append(self.kind) or 0)
    window.actions_[Act.IMPORT_ORGANISATIONS].trigger()
    assert opened == ["organisations"]
    window.close_for_good()


def test_a_namesake_with_another_email_is_pointed_out(qtbot, document, tmp_path):
    document.push(add(Participant(name="Anne Martin", email="anne@un.fr")))
    dialog = make_dialog(qtbot, document)
    dialog.load(write(tmp_path, "Nom;Courriel\nAnne Martin;anne@deux.fr\n"))
    model = dialog.model
    assert model.index(0, model.ACTION).data() == "To add"
    message = model.index(0, model.problem_column).data()
    assert "has this name with another e-mail address" in message
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is None  # not an error
    assert dialog.import_button.isEnabled()
