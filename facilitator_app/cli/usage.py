"""argparse's own words in the person's language, and the hint for a mistyped sub-command.

argparse writes its headings and errors ("usage:", "the following arguments are required…")
through the module-level names `argparse._` and `argparse.ngettext` (gettext's), looked up
each time a message is made. `argparse_in_our_language()` points both at our catalogue
(`i18n.tr`, `resources/translations/<lang>.json`) while the CLI builds its parser and parses,
and puts gettext's back after: no `.mo` file, one translation mechanism for the whole
program. The ids argparse uses are listed in `ARGPARSE_MESSAGES` (so that the translations
test finds them); one argparse does not use in a given Python version is merely unused, and
a message a later version adds shows in English until it is listed here. argparse writes a
section's title followed by ":", so the French titles end with the no-break space French
puts before a colon.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
from collections.abc import Iterator

from facilitator_app.i18n import N_, tr

__all__ = ["ARGPARSE_MESSAGES", "argparse_in_our_language", "unknown_command"]

# the messages of argparse (Python 3.11 to 3.13) a person can meet; the errors that only a
# programmer's mistake in building the parser can raise stay in English
ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("expected %s argument"),
    N_("expected %s arguments"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("ignored explicit argument %r"),
    N_("not allowed with argument %s"),
    N_("unexpected option string: %s"),
)


def _gettext(message: str) -> str:
    # argparse also passes None (a sub-parsers group without a description)
    return tr(message) if isinstance(message, str) and message else message


def _ngettext(singular: str, plural: str, count: int) -> str:
    return tr(singular if count == 1 else plural)


@contextlib.contextmanager
def argparse_in_our_language() -> Iterator[None]:
    """While the block runs, argparse's messages come from our catalogue (module docstring)."""
    saved = {name: getattr(argparse, name) for name in ("_", "ngettext") if hasattr(argparse, name)}
    argparse._ = _gettext  # type: ignore[attr-defined]
    argparse.ngettext = _ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(argparse, name, value)


def unknown_command(name: str, commands: tuple[str, ...]) -> str:
    """The sentence for a first argument that is neither a sub-command nor a file: the
    nearest sub-command when one is close enough (difflib's ratio of at least 0.6)."""
    nearest = difflib.get_close_matches(name, commands, n=1)
    if nearest:
        return tr(
            "facilitator-app: unknown command “{name}”; did you mean “{nearest}”?",
            name=name,
            nearest=nearest[0],
        )
    return tr(
        "facilitator-app: “{name}” is neither a command nor an existing file (an event file "
        "ends with .recolte); facilitator-app --help lists the commands.",
        name=name,
    )
