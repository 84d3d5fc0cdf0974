"""Importing participants or organisations from a spreadsheet: the checks and the plan.

`plan_import(table, kind, organisations=..., participants=...)` reads a `spreadsheet.Table`
against the event's current people and returns an `ImportPlan`: for each row what will happen
(a new record, an update, nothing) or what is wrong with it, by the line number the spreadsheet
shows, and — only when no row is wrong — one `core.commands.Batch` («Import participants» or
«Import organisations») that the window pushes as a single undo step and the CLI applies.
All or nothing: one invalid row and `command()` refuses.

Columns are found by their header in French or English, case, accents and punctuation
ignored (`Courriel`, `E-mail`, `Adresse mail (pro)` all give the e-mail); `guess_mapping`
proposes, and a mapping given by the caller (the dialog's combos) overrides it. A `Prénom`
column is joined before `Nom`. A participant's `Organisation` is matched to an existing
organisation by folded name (`core.text.fold`), else created once for every row naming it.

Duplicates are never created silently. A row whose folded name (and e-mail, when both sides
have one) matches an existing record **updates** it: every non-empty cell overwrites the
field, an empty cell keeps what the event had, so importing the same file twice changes
nothing the second time. Two rows of the file for the same person (or organisation) are an
error; so is a name that several people of the event share when no e-mail tells them apart.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from facilitator_app.core.commands import Batch, Command, add, batch, update
from facilitator_app.core.errors import InvalidImport
from facilitator_app.core.limits import MAX_NOTE_CHARS, shorten
from facilitator_app.core.model import Organisation, Participant, Record
from facilitator_app.core.text import fold
from facilitator_app.formats.people_columns import (
    KINDS,
    ImportField,
    fields_for,
    guess_mapping,
    header_key,
    parse_consent,
    preview_fields,
)
from facilitator_app.formats.spreadsheet import Table
from facilitator_app.i18n import N_, tr

__all__ = [
    "KINDS",
    "ADD",
    "UPDATE",
    "SAME",
    "INVALID",
    "ImportField",
    "PlannedRow",
    "ImportPlan",
    "fields_for",
    "preview_fields",
    "header_key",
    "guess_mapping",
    "plan_import",
    "parse_consent",
]

ADD, UPDATE, SAME, INVALID = "add", "update", "same", "invalid"
_ONE_LINE = frozenset(("name", "first_name", "organisation", "role", "type", "place"))
_LABELS = {"participants": N_("Import participants"), "organisations": N_("Import organisations")}
_EMAIL = re.compile(r"[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[^@\s<>,;\".]{2,}")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _changes(old: Any, new: Any, key: str) -> bool:
    """Whether a cell changes an existing record's field: an empty cell never does; nor does
    the name (it matched, folded) or an e-mail written in other capitals."""
    if new in ("", None) or key == "name":
        return False
    if key == "email":
        return fold(old) != fold(new)
    return bool(old != new)


@dataclass(frozen=True, slots=True)
class PlannedRow:
    """One row of the file and what the import does with it."""

    line: int
    action: str  # ADD, UPDATE, SAME or INVALID
    values: dict[str, Any]  # field key → the value imported (text, or bool/None for consents)
    problems: tuple[str, ...] = ()
    record: Record | None = None  # the record as it will be once imported
    changed: frozenset[str] = frozenset()  # for an update: the fields it changes
    new_organisation: bool = False  # its organisation does not exist yet and will be created
    notes: tuple[str, ...] = ()  # what a person should know before importing (not a problem)


@dataclass(frozen=True, slots=True)
class ImportPlan:
    kind: str
    name: str  # the file's name
    mapping: tuple[str | None, ...]
    header: tuple[str, ...]
    rows: tuple[PlannedRow, ...]
    problems: tuple[str, ...] = ()  # about the whole file (its columns), not one row
    new_organisations: tuple[Organisation, ...] = ()
    _commands: tuple[Command, ...] = field(default=(), repr=False)

    @property
    def ok(self) -> bool:
        return not self.problems and not any(row.problems for row in self.rows)

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    def messages(self) -> list[str]:
        """Every problem as one sentence, the rows' named by their line number."""
        lines = [
            tr("Line {line}: {problem}", line=row.line, problem=problem)
            for row in self.rows
            for problem in row.problems
        ]
        return list(self.problems) + lines

    def command(self) -> Batch:
        """The whole import as one undo step; InvalidImport when any row is wrong."""
        if not self.ok:
            raise InvalidImport(self.refusal(), problems=self.messages())
        return batch(self._commands, label=_LABELS[self.kind])

    def refusal(self) -> str:
        """One sentence saying nothing was imported, and why, each bad row by its line."""
        bad = sum(1 for row in self.rows if row.problems)
        problems = " ".join(" ".join(self.messages()).split())  # one line
        if bad == 1:
            return tr(
                "Nothing imported from {file}: 1 row is invalid. {problems}",
                file=self.name,
                problems=problems,
            )
        if bad:
            return tr(
                "Nothing imported from {file}: {n} rows are invalid. {problems}",
                file=self.name,
                n=bad,
                problems=problems,
            )
        return tr("Nothing imported from {file}: {problems}", file=self.name, problems=problems)


def _check_mapping(kind: str, table: Table, mapping: Sequence[str | None]) -> list[str]:
    problems = []
    labels = {f.key: f.label for f in fields_for(kind)}
    seen: dict[str, int] = {}
    for column, key in enumerate(mapping):
        if key is None:
            continue
        if key in seen:
            problems.append(
                tr(
                    "Two columns are read as {field}: “{first}” and “{second}”.",
                    field=tr(labels[key]),
                    first=shorten(table.header[seen[key]], 50),
                    second=shorten(table.header[column], 50),
                )
            )
        seen[key] = column
    if "name" not in seen and "first_name" not in seen:
        problems.append(
            tr(
                "No column holds the names: head one “Nom” or “Name”, "
                "or say which column holds them."
            )
        )
    if not table.rows:
        problems.append(tr("{file} has no rows below its header.", file=table.name))
    return problems


class _Planner:
    """Walks the rows once, remembering what earlier rows and the event already hold."""

    def __init__(
        self,
        kind: str,
        organisations: Iterable[Organisation],
        participants: Iterable[Participant],
    ) -> None:
        self.kind = kind
        self.specs = {f.key: f for f in fields_for(kind)}
        self.headers: dict[str, str] = {}  # field key → the header of its column, for messages
        self.named = True  # some column holds the names
        self.organisations: dict[str, Organisation] = {}
        for organisation in organisations:
            self.organisations.setdefault(fold(_one_line(organisation.name)), organisation)
        self.people: dict[str, list[Participant]] = {}
        for person in participants:
            self.people.setdefault(fold(_one_line(person.name)), []).append(person)
        self.created: dict[str, Organisation] = {}  # folded name → organisation to create
        self.seen: dict[tuple[str, str], int] = {}  # (folded name, folded e-mail) → line
        self.first_seen: dict[str, int] = {}  # folded name → the first line with it
        self.folded: dict[str, str] = {}  # organisation cell → its folded key (cells repeat)
        self.commands: list[Command] = []
        self.claimed: dict[str, int] = {}  # id of an existing record → the row updating it

    def values(self, cells: dict[str, str], problems: list[str]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for key, text in cells.items():
            spec = self.specs[key]
            if len(text) > MAX_NOTE_CHARS:
                problems.append(
                    tr(
                        "The cell of column “{column}” holds {n} characters, more than a "
                        "person's details ever need.",
                        column=shorten(self.headers.get(key) or tr(spec.label), 60),
                        n=len(text),
                    )
                )
                text = ""
            if spec.consent:
                try:
                    values[key] = parse_consent(text)
                except ValueError:
                    problems.append(
                        tr(
                            "“{value}” in column “{column}” is not a yes or no: write oui, "
                            "non, x or leave it empty.",
                            value=shorten(_one_line(text), 40),
                            column=shorten(self.headers.get(key) or tr(spec.label), 60),
                        )
                    )
            elif key in _ONE_LINE:
                values[key] = _one_line(text)
            else:
                values[key] = text
        first = values.pop("first_name", "")
        values["name"] = (
            _one_line(f"{first} {values.get('name', '')}") if first else values.get("name", "")
        )
        if not values["name"] and self.named:  # without a name column, the file is at fault
            problems.append(tr("The name is missing."))
        email = values.get("email", "")
        if email.lower().startswith("mailto:"):
            values["email"] = email = email[7:].strip()
        if email and not _EMAIL.fullmatch(email):
            problems.append(
                tr("“{value}” is not an e-mail address.", value=shorten(_one_line(email), 80))
            )
        return values

    def row(self, line: int, cells: dict[str, str]) -> PlannedRow:
        problems: list[str] = []
        notes: list[str] = []
        values = self.values(cells, problems)
        name = fold(values["name"])
        email = fold(values.get("email", ""))
        if name:
            duplicate = self.seen.get((name, email)) or self.seen.get((name, ""))
            if duplicate is None and not email:
                duplicate = self.first_seen.get(name)  # the first row of that name
            if duplicate is not None:
                problems.append(self._same(duplicate))
            else:
                self.seen[(name, email)] = line
                self.first_seen.setdefault(name, line)
        if self.kind == "organisations":
            existing: Record | None = self.organisations.get(name)
            new_organisation = False
        else:
            existing = self._match_person(name, email, values, problems, notes)
            new_organisation = self._organisation(values) if not problems else False
        if existing is not None and not problems:
            if existing.id in self.claimed:
                problems.append(self._same(self.claimed[existing.id]))
            self.claimed[existing.id] = line
        if problems:
            return PlannedRow(line, INVALID, values, tuple(problems))
        fields = self._fields(values)
        if existing is None:
            fields = {k: bool(v) if k.startswith("consent_") else v for k, v in fields.items()}
            record_type = Organisation if self.kind == "organisations" else Participant
            record = record_type(**fields)
            self.commands.append(add(record, label=_LABELS[self.kind]))
            return PlannedRow(
                line,
                ADD,
                values,
                record=record,
                new_organisation=new_organisation,
                notes=tuple(notes),
            )
        changes = {k: v for k, v in fields.items() if _changes(getattr(existing, k), v, k)}
        if not changes:
            return PlannedRow(line, SAME, values, record=existing)
        self.commands.append(update(existing, label=_LABELS[self.kind], **changes))
        return PlannedRow(
            line,
            UPDATE,
            values,
            record=replace(existing, **changes),
            changed=frozenset("organisation" if k == "organisation_id" else k for k in changes),
            new_organisation=new_organisation,
        )

    def _same(self, line: int) -> str:
        if self.kind == "participants":
            return tr("Same person as line {line}.", line=line)
        return tr("Same organisation as line {line}.", line=line)

    def _match_person(
        self, name: str, email: str, values: dict[str, Any], problems: list[str], notes: list[str]
    ) -> Participant | None:
        candidates = self.people.get(name, []) if name else []
        if email:
            same = [p for p in candidates if fold(p.email.strip()) == email]
            if same:
                return same[0]
            namesakes = candidates
            candidates = [p for p in candidates if not p.email.strip()]
            if namesakes and not candidates:
                notes.append(
                    tr(
                        "A participant of the event has this name with another e-mail "
                        "address: this one is added beside them."
                    )
                )
        if len(candidates) > 1:
            problems.append(
                tr(
                    "Several participants of the event are called “{name}”: "
                    "give an e-mail address to tell which one.",
                    name=shorten(values["name"], 60),
                )
            )
            return None
        return candidates[0] if candidates else None

    def _organisation(self, values: dict[str, Any]) -> bool:
        """Resolve the organisation cell to an id; True when that organisation is new."""
        text = values.get("organisation", "")
        if not text:
            return False
        key = self.folded.get(text)
        if key is None:
            key = self.folded[text] = fold(text)
        found = self.organisations.get(key)
        if found is not None:
            values["organisation_id"] = found.id
            return False
        created = self.created.get(key)
        if created is None:
            created = self.created[key] = Organisation(name=text)
        values["organisation_id"] = created.id
        return True

    def all_commands(self) -> tuple[Command, ...]:
        """New organisations first, then the rows' adds and updates in file order."""
        label = _LABELS[self.kind]
        return tuple(add(o, label=label) for o in self.created.values()) + tuple(self.commands)

    def _fields(self, values: dict[str, Any]) -> dict[str, Any]:
        keys: tuple[str, ...]
        if self.kind == "organisations":
            keys = ("name", "type", "place", "website", "presentation")
        else:
            keys = ("name", "organisation_id", "role", "email", "consent_listed", "consent_photo")
        return {k: values[k] for k in keys if k in values}


def plan_import(
    table: Table,
    kind: str,
    *,
    organisations: Iterable[Organisation],
    participants: Iterable[Participant] = (),
    mapping: Sequence[str | None] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportPlan:
    """What importing `table` as `kind` into an event holding these people would do;
    `progress(done, total)` is told every 2,000 rows (it may raise to stop)."""
    if mapping is None:
        mapping = guess_mapping(kind, table.header)
    mapping = tuple(mapping[: len(table.header)]) + (None,) * (len(table.header) - len(mapping))
    known = {f.key for f in fields_for(kind)}
    mapping = tuple(key if key in known else None for key in mapping)
    problems = _check_mapping(kind, table, mapping)
    planner = _Planner(kind, organisations, participants)
    planner.headers = {key: table.header[column] for column, key in enumerate(mapping) if key}
    planner.named = bool({"name", "first_name"} & set(mapping))
    rows = []
    mapped = [(column, key) for column, key in enumerate(mapping) if key]
    total = len(table.rows)
    for number, row in enumerate(table.rows):
        if progress is not None and number % 2_000 == 0:
            progress(number, total)
        width = len(row.cells)
        cells = {key: row.cells[column] if column < width else "" for column, key in mapped}
        rows.append(planner.row(row.line, cells))
    return ImportPlan(
        kind=kind,
        name=table.name,
        mapping=mapping,
        header=table.header,
        rows=tuple(rows),
        problems=tuple(problems),
        new_organisations=tuple(planner.created.values()),
        _commands=planner.all_commands(),
    )
