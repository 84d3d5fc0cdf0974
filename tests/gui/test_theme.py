"""The theme: every text colour reaches 4.5:1 on what it is drawn on, in light, dark and
projector; the preference chooses the variant and the application wears it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLineEdit, QTreeView

from facilitator_app.gui import theme
from facilitator_app.gui.settings import Settings
from facilitator_app.gui.theme import DARK, LIGHT, PROJECTOR, contrast_ratio, text_pairs


def test_contrast_ratio_matches_wcag_reference_values():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # just under AA
    assert contrast_ratio("#ffffff", "#777777") == contrast_ratio("#777777", "#ffffff")


@pytest.mark.parametrize("tokens", [LIGHT, DARK, PROJECTOR], ids=lambda t: t.name)
def test_every_text_colour_reaches_4_5_to_1(tokens):
    pairs = text_pairs(tokens)
    assert len(pairs) >= 30
    low = [
        (what, round(contrast_ratio(fg, bg), 2))
        for what, fg, bg in pairs
        if contrast_ratio(fg, bg) < 4.5
    ]
    assert not low


def test_the_palette_is_what_the_contrast_test_checked(qapp):
    palette = theme.to_palette(DARK)
    R = QPalette.ColorRole
    for role, token in (
        (R.Text, DARK.text),
        (R.Base, DARK.base),
        (R.Window, DARK.window),
        (R.Highlight, DARK.accent),
        (R.HighlightedText, DARK.on_accent),
        (R.PlaceholderText, DARK.muted),
        (R.Link, DARK.link),
    ):
        assert palette.color(role).name() == token
    assert palette.color(QPalette.ColorGroup.Disabled, R.Text).name() == DARK.disabled
    views = theme.selection_palette(DARK)  # lists and tables: a tint, dark text
    assert views.color(R.Highlight).name() == DARK.selection
    assert views.color(R.HighlightedText).name() == DARK.on_selection


def test_the_preference_is_kept_and_chooses_the_variant(qapp, tmp_path):
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    assert settings.theme == "auto"
    settings.theme = "dark"
    assert Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)).theme == "dark"
    settings.theme = "purple"
    assert settings.theme == "auto"
    assert theme.resolve("dark") is DARK
    assert theme.resolve("light") is LIGHT
    assert theme.resolve("auto") in (LIGHT, DARK)


def test_applying_a_variant_dresses_the_application(qapp, qtbot, monkeypatch):
    monkeypatch.setattr(theme, "_current", theme.current())
    try:
        theme.apply_theme(qapp, DARK)
        assert qapp.palette().color(QPalette.ColorRole.Base).name() == DARK.base
        assert not qapp.styleSheet()  # none: it would slow every page (see gui.theme)
        edit = QLineEdit()
        qtbot.addWidget(edit)
        assert edit.palette().color(QPalette.ColorRole.Text).name() == DARK.text
        view = QTreeView()
        qtbot.addWidget(view)
        assert (
            QApplication.palette(view).color(QPalette.ColorRole.Highlight).name() == DARK.selection
        )
        theme.dress(view)
        assert DARK.border_strong in view.verticalScrollBar().styleSheet()  # flat, themed
        assert theme.current() is DARK
    finally:
        standard = QApplication.style().standardPalette()
        qapp.setPalette(standard)
        for kind in ("QAbstractItemView", "QMenu", "QMenuBar"):
            QApplication.setPalette(standard, kind)


def test_the_preferences_offer_the_theme(qtbot, tmp_path):
    from facilitator_app.gui.dialogs.preferences_dialog import Preferences, PreferencesDialog

    current = Preferences("fr", "event", "", 5, None, "light")
    dialog = PreferencesDialog(current, usual_folder=tmp_path)
    qtbot.addWidget(dialog)
    assert dialog.theme.currentData() == "light"
    assert dialog.theme.count() == 3  # automatic, light, dark
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    assert dialog.values().theme == "dark"


def test_the_projector_draws_with_the_high_contrast_variant(qtbot):
    from facilitator_app.gui import projector

    assert projector.BACKGROUND.name() == PROJECTOR.window
    for colour in (projector.TEXT, projector.DIM, projector.ACCENT, projector.ALERT):
        assert contrast_ratio(colour, PROJECTOR.window) >= 4.5
    window = projector.ProjectorWindow()
    qtbot.addWidget(window)
    assert window.palette().color(QPalette.ColorRole.Window).name() == PROJECTOR.window
