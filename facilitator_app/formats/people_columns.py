"""The columns a spreadsheet of participants or organisations may have, and how to read them.

Each `ImportField` names a field an import fills, its label (an English message id the
preview translates) and the headers that name it, in French and English, as `header_key`
writes them: folded (`core.text.fold`: case, accents and ligatures ignored), words only,
asides in brackets dropped, so `Adresse e-mail (pro)`, `E-mail` and `Courriel` all give
the e-mail. `guess_mapping` proposes a field for each column of a header; the import dialog
lets the person change it. `parse_consent` reads the yes/no cells of the consent columns.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from facilitator_app.core.text import fold
from facilitator_app.i18n import N_

__all__ = [
    "KINDS",
    "ImportField",
    "fields_for",
    "preview_fields",
    "header_key",
    "guess_mapping",
    "parse_consent",
]

KINDS = ("participants", "organisations")
_YES = frozenset({"oui", "o", "yes", "y", "1", "x", "vrai", "true", "ok", "d accord"})
_NO = frozenset({"non", "n", "no", "0", "faux", "false"})


@dataclass(frozen=True, slots=True)
class ImportField:
    """A field a column can feed: its key, its label (English message id), its headers."""

    key: str
    label: str
    headers: tuple[str, ...]  # as `header_key` writes them, most likely first
    consent: bool = False


def _field(key: str, label: str, headers: str, *, consent: bool = False) -> ImportField:
    return ImportField(key, label, tuple(headers.split("|")), consent=consent)


_PARTICIPANT_FIELDS = (
    _field(
        "name",
        N_("Name"),
        "nom|name|nom complet|full name|nom et prenom|prenom et nom|prenom nom|nom prenom|"
        "participant|participante|nom de famille|last name|surname|family name",
    ),
    _field("first_name", N_("First name"), "prenom|first name|given name|firstname"),
    _field(
        "organisation",
        N_("Organisation"),
        "organisation|organization|structure|organisme|entreprise|company|employeur|employer",
    ),
    _field("role", N_("Role"), "role|fonction|poste|job title|titre|title|qualite"),
    _field(
        "email",
        N_("E-mail"),
        "courriel|e mail|email|mail|mel|adresse e mail|adresse email|adresse mail|"
        "adresse courriel|adresse electronique|email address|e mail address",
    ),
    _field(
        "consent_listed",
        N_("Listed"),
        "consentement|accepte d etre cite|accepte d etre cite e|accepte d etre liste|"
        "consentement annuaire|annuaire|cite|liste|listed|consent|consent listed|"
        "consent to be listed|agrees to be listed",
        consent=True,
    ),
    _field(
        "consent_photo",
        N_("Photo"),
        "photo|photos|droit a l image|consentement photo|accepte d etre photographie|"
        "accepte d etre photographie e|photo consent|consent photo|image rights",
        consent=True,
    ),
)
_ORGANISATION_FIELDS = (
    _field(
        "name",
        N_("Name"),
        "nom|name|organisation|organization|nom de l organisation|nom de la structure|"
        "structure|raison sociale|organisme",
    ),
    _field(
        "type",
        N_("Type"),
        "type|type de structure|type d organisation|categorie|category|kind|statut|forme juridique",
    ),
    _field(
        "place",
        N_("Place"),
        "lieu|place|ville|city|commune|localisation|location|territoire|adresse|address",
    ),
    _field("website", N_("Website"), "site|website|site web|site internet|web|url|internet"),
    _field(
        "presentation",
        N_("Presentation"),
        "presentation|description|activite|activites|about|a propos|objet",
    ),
)


def fields_for(kind: str) -> tuple[ImportField, ...]:
    """The fields columns can feed when importing `kind` (`participants`/`organisations`)."""
    if kind not in KINDS:
        raise ValueError(f"unknown import kind {kind!r}")
    return _PARTICIPANT_FIELDS if kind == "participants" else _ORGANISATION_FIELDS


def preview_fields(kind: str) -> tuple[ImportField, ...]:
    """The fields a preview shows, one column each (the first name is part of the name)."""
    return tuple(f for f in fields_for(kind) if f.key != "first_name")


def header_key(text: str) -> str:
    """A header as it is compared: folded, words only, `(…)` asides dropped (`E-mail (pro)`
    → `e mail`)."""
    text = re.sub(r"\(.*?\)|\[.*?\]", " ", text)
    return " ".join(re.findall(r"[a-z0-9]+", fold(text)))


def guess_mapping(kind: str, header: Sequence[str]) -> tuple[str | None, ...]:
    """For each column, the field its header names (None: not imported). Each field takes the
    column whose header is its most likely name, so `Nom` wins over `Organisation` for an
    organisation's name."""
    keys = [header_key(h) for h in header]
    mapping: list[str | None] = [None] * len(header)
    for spec in fields_for(kind):
        for alias in spec.headers:
            column = next((i for i, k in enumerate(keys) if k == alias and not mapping[i]), None)
            if column is not None:
                mapping[column] = spec.key
                break
    return tuple(mapping)


def parse_consent(text: str) -> bool | None:
    """`oui`/`non`, `yes`/`no`, `1`/`0`, `x` → True/False; empty → None; else ValueError."""
    value = _consent(text) if len(text) < 100 else _consent_of(text)
    if value is None or isinstance(value, bool):
        return value
    raise ValueError(text)  # _NOT_CONSENT


_NOT_CONSENT = object()


def _consent_of(text: str) -> bool | None | object:
    key = header_key(text) if text.strip() not in ("✓", "✔") else "x"
    if not key:
        return None
    if key in _YES:
        return True
    if key in _NO:
        return False
    return _NOT_CONSENT


_consent = functools.lru_cache(maxsize=256)(_consent_of)  # a column holds a few values
