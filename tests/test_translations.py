"""Every message the program can show has a French translation, with the same {fields}.

Messages are found in the source: the first argument of `tr(...)` and `N_(...)`, the two of
`tr_count(count, one, many)`, `label=`
keyword arguments (undo labels), and `label: str = "..."` defaults of command dataclasses.
Run `python tests/test_translations.py` to list the missing ones.
"""

from __future__ import annotations

import ast
import json
import string
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "facilitator_app"
CATALOGUE = ROOT / "resources" / "translations" / "fr.json"


def _literal(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def collect_messages() -> dict[str, str]:
    """message id → first place it is used."""
    found: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            texts: list[str | None] = []
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name in ("tr", "N_") and node.args:
                    texts.append(_literal(node.args[0]))
                if name == "tr_count":  # tr_count(count, one, many)
                    texts += [_literal(a) for a in node.args[1:3]]
                texts += [_literal(k.value) for k in node.keywords if k.arg == "label"]
            elif isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") == "label":
                texts.append(_literal(node.value) if node.value else None)
            for text in texts:
                if text:
                    found.setdefault(text, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_has_a_french_translation():
    catalogue = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    missing = {m: where for m, where in collect_messages().items() if not catalogue.get(m)}
    assert not missing, "untranslated: " + "; ".join(f"{m!r} ({w})" for m, w in missing.items())


def test_translations_keep_the_fields_and_are_used():
    catalogue = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    messages = collect_messages()
    wrong = [m for m, t in catalogue.items() if _fields(m) != _fields(t)]
    assert not wrong, f"fields differ: {wrong}"
    unused = [m for m in catalogue if m not in messages]
    assert not unused, f"translated but never used: {unused}"


def test_french_typography_in_translations():
    catalogue = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    straight = [t for t in catalogue.values() if "'" in t]
    assert not straight, f"use the typographic apostrophe ’: {straight}"


if __name__ == "__main__":
    catalogue = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    print(
        json.dumps(
            {m: "" for m in collect_messages() if not catalogue.get(m)},
            ensure_ascii=False,
            indent=1,
        )
    )
