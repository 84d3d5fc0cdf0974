"""The command line's own words: help for every argument, `--help` telling how to open the
window, argparse's messages in the person's language, and the nearest command suggested for
a mistyped one (instead of the window starting on a file that does not exist)."""

from __future__ import annotations

import argparse
import gettext
import inspect
import shutil
import subprocess
from pathlib import Path

import cli_run
import pytest
from cli_run import one_line_error

from facilitator_app.cli import SUBCOMMANDS
from facilitator_app.cli.usage import ARGPARSE_MESSAGES, argparse_in_our_language
from facilitator_app.i18n import set_language


def run(*args, language: str = "en", cwd: Path | None = None) -> subprocess.CompletedProcess:
    """The real command on a machine without a display: the window, if it were started,
    would say so in one line and exit 1 instead of waiting for a person."""
    return cli_run.run(*args, language=language, cwd=cwd, display=False)


NO_DISPLAY = "no display found"  # what the window says here: it was the one started


# -- usage errors in French -------------------------------------------------------------------


def test_a_missing_argument_is_said_in_french(event_file):
    result = run("export-json", event_file, language="fr")
    assert result.returncode == 2 and result.stdout == ""
    assert one_line_error(result) == (
        "facilitator-app export-json\u00a0: ces arguments sont obligatoires\u00a0: OUT.json"
    )


@pytest.mark.parametrize(
    ("args", "french"),
    [
        (["check", "x.recolte", "--bogus"], "arguments non reconnus\u00a0: --bogus"),
        (["check", "x.recolte", "--lang", "de"], "choix invalide\u00a0: 'de'"),
        (["demo", "x.recolte", "--scale"], "un argument attendu"),
        (["demo", "x.recolte", "--scale", "beaucoup"], "valeur int invalide\u00a0: 'beaucoup'"),
    ],
)
def test_argparse_errors_are_french(args, french):
    result = run(*args, language="fr")
    assert result.returncode == 2
    assert french in one_line_error(result)


def test_lang_fr_on_an_english_system_translates_them_too():
    result = run("--lang", "fr", "check")
    assert result.returncode == 2
    assert "ces arguments sont obligatoires\u00a0: EVENT" in one_line_error(result)


def test_english_stays_english():
    result = run("check")
    assert result.returncode == 2
    assert one_line_error(result) == (
        "facilitator-app check: the following arguments are required: EVENT"
    )


def test_help_is_french_throughout():
    result = run("export-mindmap", "--help", language="fr")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith("utilisation\u00a0: facilitator-app export-mindmap")
    for french in (
        "arguments positionnels\u00a0:",
        "options\u00a0:",
        "afficher ce message d’aide et quitter",
        "l’identifiant de la séquence, ou ses premiers caractères",
        "le fichier de l’événement (.recolte)",
    ):
        assert french in text, french
    for english in ("usage:", "positional arguments", "show this help", "the event file"):
        assert english not in text, english


def test_the_hook_gives_argparse_its_gettext_back():
    set_language("fr")
    with argparse_in_our_language():
        assert argparse._("usage: ") == "utilisation\u00a0: "  # type: ignore[attr-defined]
        assert argparse.ngettext("expected %s argument", "expected %s arguments", 2) == (  # type: ignore[attr-defined]
            "%s arguments attendus"
        )
    assert argparse._ is gettext.gettext  # type: ignore[attr-defined]
    assert argparse.ngettext is gettext.ngettext  # type: ignore[attr-defined]


def test_every_listed_message_is_one_argparse_uses():
    source = inspect.getsource(argparse)
    unknown = [m for m in ARGPARSE_MESSAGES if repr(m) not in source and f'"{m}"' not in source]
    assert not unknown, f"not in this Python's argparse (update the list): {unknown}"


# -- help ---------------------------------------------------------------------------------------


def _helps(language: str) -> dict[str, str | None]:
    """The help of every "command argument", for the top level and every sub-command."""
    from facilitator_app.cli.main import _build_parser

    set_language(language)
    with argparse_in_our_language():
        parser = _build_parser()
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert sorted(subparsers.choices) == sorted(SUBCOMMANDS)
    return {
        f"{name} {action.metavar or action.dest}": action.help
        for name, command in [("", parser), *subparsers.choices.items()]
        for action in command._actions
        if not isinstance(action, argparse._SubParsersAction)
    }


def test_every_argument_has_help_in_the_persons_language():
    english, french = _helps("en"), _helps("fr")
    assert not [name for name, text in english.items() if not text], "no help"
    same = [name for name, text in english.items() if french[name] == text]
    assert not same, f"help left in English: {same}"
    assert french["export-mindmap SESSION_ID"].startswith("l’identifiant de la séquence")


def test_help_says_how_to_open_the_window_and_lists_the_commands():
    result = run("--help")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith("usage: facilitator-app [EVENT.recolte]  (opens the window)")
    flowing = " ".join(text.split())
    assert "Without a command, facilitator-app [EVENT.recolte] opens the window" in flowing
    for command in SUBCOMMANDS:
        assert f"\n    {command} " in text or f"\n    {command}\n" in text, command
    french = run("--help", language="fr").stdout
    assert "(ouvre la fenêtre)" in french and "commandes\u00a0:" in french


# -- a mistyped command -------------------------------------------------------------------------


def test_a_mistyped_command_suggests_the_nearest():
    result = run("exprt-json", "rencontres.recolte", "out.json")
    assert result.returncode == 2 and result.stdout == ""
    assert one_line_error(result) == (
        "facilitator-app: unknown command “exprt-json”; did you mean “export-json”?"
    )
    french = run("--lang", "fr", "exprt-json")
    assert one_line_error(french) == (
        "facilitator-app\u00a0: commande inconnue «\u202fexprt-json\u202f»\u202f; "
        "vouliez-vous dire «\u202fexport-json\u202f»\u202f?"
    )


def test_a_word_far_from_every_command_says_what_was_expected():
    result = run("bonjour")
    assert result.returncode == 2
    line = one_line_error(result)
    assert "“bonjour” is neither a command nor an existing file" in line
    assert "--help" in line


def test_a_file_still_opens_the_window(event_file, tmp_path):
    # an existing event file of any name, and a .recolte path even when it is missing (the
    # window says it cannot find it): the window is started, and here says there is no display
    without_suffix = tmp_path / "rencontres"
    shutil.copy(event_file, without_suffix)
    named_like_a_typo = tmp_path / "exprt-json"
    shutil.copy(event_file, named_like_a_typo)
    for path in (event_file, without_suffix, tmp_path / "absent.recolte", tmp_path / "X.RECOLTE"):
        result = run(path)
        assert result.returncode == 1 and NO_DISPLAY in result.stderr, (path, result.stderr)
    result = run("exprt-json", cwd=tmp_path)  # a file in the current folder wins
    assert result.returncode == 1 and NO_DISPLAY in result.stderr
