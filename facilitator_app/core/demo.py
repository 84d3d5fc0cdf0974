"""The demo event: the two-day « Rencontres des coopérations territoriales » of the seeds.

Its content lives in `resources/demo/rencontres.json` (French text from the seed documents:
programme, organisations, participants, the world café on the five functions, idea trees,
grids, round table, testimonies, fiches and exercises). `build_demo` turns it into records;
`scale=N` adds N−1 further editions of the programme with new participants, for benchmarks.
Everything is deterministic: ids are UUID5 of stable keys and stamps come from a fixed clock,
so the same scale always gives the same event.
"""

from __future__ import annotations

import json
import random
import uuid
from dataclasses import replace
from datetime import date, timedelta
from typing import Any, TypeVar

from facilitator_app.core.clock import HybridClock
from facilitator_app.core.model import (
    Attachment,
    CafeTable,
    Category,
    Event,
    Fiche,
    Note,
    Organisation,
    Participant,
    Record,
    Round,
    Session,
)
from facilitator_app.paths import resource

__all__ = ["load_demo_content", "build_demo"]

R = TypeVar("R", bound=Record)

_NAMESPACE = uuid.UUID("7b1c9e52-3f0a-4d8e-9a61-52c0de5e0001")
_EPOCH = 1780000000.0  # 2026-05-28: a fixed clock keeps the demo identical run after run


def load_demo_content() -> dict[str, Any]:
    content: dict[str, Any] = json.loads(
        resource("demo", "rencontres.json").read_text(encoding="utf-8")
    )
    return content


class _Builder:
    def __init__(self, content: dict[str, Any]) -> None:
        self.content = content
        self.clock = HybridClock("de30de30de30de30", now=lambda: _EPOCH)
        self.records: dict[str, list[Record]] = {}
        self.people: dict[str, Participant] = {}
        self.organisations: dict[str, Organisation] = {}

    def ident(self, *parts: object) -> str:
        return str(uuid.uuid5(_NAMESPACE, "/".join(str(p) for p in parts)))

    def add(self, record: R) -> R:
        record = replace(record, updated_at=self.clock.tick())
        self.records.setdefault(record.COLLECTION, []).append(record)
        return record

    def author(self, key: str | None) -> str:
        return self.people[key].name if key and key in self.people else ""

    def person_id(self, key: str | None) -> str | None:
        return self.people[key].id if key and key in self.people else None

    # -- the parts of the event -------------------------------------------------------------

    def event(self) -> None:
        data = self.content["event"]
        fields = (
            "title",
            "subtitle",
            "place",
            "start_date",
            "end_date",
            "language",
            "description",
            "organisers",
        )
        self.add(Event(id=self.ident("event"), **{k: data.get(k, "") for k in fields}))

    def directory(self) -> None:
        for item in self.content["organisations"]:
            organisation = Organisation(
                id=self.ident("organisation", item["key"]),
                name=item["name"],
                type=item.get("type", ""),
                place=item.get("place", ""),
                website=item.get("website", ""),
                presentation=item.get("presentation", ""),
            )
            self.organisations[item["key"]] = self.add(organisation)
        for item in self.content["participants"]:
            member_of = self.organisations.get(item.get("organisation", ""))
            participant = Participant(
                id=self.ident("participant", item["key"]),
                name=item["name"],
                organisation_id=member_of.id if member_of else None,
                role=item.get("role", ""),
                email=item.get("email", ""),
                consent_listed=bool(item.get("consent_listed")),
                consent_photo=bool(item.get("consent_photo")),
            )
            self.people[item["key"]] = self.add(participant)

    def programme(self, edition: int) -> None:
        start = date.fromisoformat(self.content["event"]["start_date"])
        positions: dict[str, int] = {}
        for index, item in enumerate(self.content["sessions"]):
            day = (start + timedelta(days=item["day"] - 1 + 2 * edition)).isoformat()
            key = f"{edition}/{index}"
            title = item["title"] if edition == 0 else f"{item['title']} ({edition + 1})"
            session = Session(
                id=self.ident("session", key),
                title=title,
                kind=item["kind"],
                day=day,
                start=item.get("start", ""),
                end=item.get("end", ""),
                room=item.get("room", ""),
                question=item.get("question", ""),
                position=positions.get(day, 0),
                speaker_ids=tuple(self.people[k].id for k in item.get("speakers", ())),
                moderator_id=self.person_id(item.get("moderator")),
            )
            positions[day] = session.position + 1
            self.add(session)
            self.session_content(session, item, key)

    def note(self, session: Session, key: str, position: int, **fields: Any) -> Note:
        return self.add(
            Note(
                id=self.ident("note", session.id, key),
                session_id=session.id,
                position=position,
                created_at=session.day + "T" + (session.start or "09:00") + ":00",
                **fields,
            )
        )

    def session_content(self, session: Session, item: dict[str, Any], key: str) -> None:
        position = 0
        for index, note in enumerate(item.get("notes", [])):
            self.note(
                session,
                f"n{index}",
                position,
                text=note["text"],
                kind=note.get("kind", "idea"),
                author=self.author(note.get("author")),
                speaker_id=self.person_id(note.get("author")),
            )
            position += 1
        if "photo" in item and key.startswith("0/"):  # not repeated by --scale
            self.photo(session, item["photo"], key)
        categories = {}
        names = item.get("categories") or item.get("columns") or []
        for index, name in enumerate(names):
            categories[name] = self.add(
                Category(
                    id=self.ident("category", key, index),
                    session_id=session.id,
                    name=name,
                    position=index,
                )
            )
        rounds = {}
        for data in item.get("rounds", []):
            rounds[data["number"]] = self.add(
                Round(
                    id=self.ident("round", key, data["number"]),
                    session_id=session.id,
                    number=data["number"],
                    minutes=data.get("minutes", 20),
                    question=data.get("question", ""),
                )
            )
        for data in item.get("tables", []):
            host = self.people.get(data.get("host", ""))
            table = self.add(
                CafeTable(
                    id=self.ident("table", key, data["number"]),
                    session_id=session.id,
                    number=data["number"],
                    theme=data.get("theme", ""),
                    host_id=host.id if host else None,
                    capacity=data.get("capacity"),
                    synthesis=data.get("synthesis", ""),
                )
            )
            for index, note in enumerate(data.get("notes", [])):
                round_ = rounds.get(note.get("round"))
                category = categories.get(note.get("category"))
                self.note(
                    session,
                    f"t{data['number']}/{index}",
                    position,
                    text=note["text"],
                    kind=note.get("kind", "idea"),
                    author=self.author(note.get("author")),
                    table_id=table.id,
                    round_id=round_.id if round_ else None,
                    category_id=category.id if category else None,
                )
                position += 1
        for index, card in enumerate(item.get("cards", [])):
            category = categories.get(card.get("column"))
            self.note(
                session,
                f"c{index}",
                position + index,  # after the session's own notes
                text=card["text"],
                votes=card.get("votes", 0),
                category_id=category.id if category else None,
            )
        for index, node in enumerate(item.get("tree", [])):
            self.tree_node(session, node, None, f"tree{index}", position + index)

    def tree_node(
        self, session: Session, node: dict[str, Any], parent: str | None, key: str, position: int
    ) -> None:
        written = self.note(
            session,
            key,
            position,
            text=node["text"],
            kind=node.get("kind", "idea"),
            votes=node.get("votes", 0),
            parent_id=parent,
        )
        for index, child in enumerate(node.get("children", [])):
            self.tree_node(session, child, written.id, f"{key}/{index}", index)

    def photo(self, session: Session, photo: dict[str, Any], key: str) -> None:
        """A paperboard photo shipped in resources/demo, attached to the first edition only."""
        self.add(
            Attachment(
                id=self.ident("attachment", key, photo["file"]),
                session_id=session.id,
                filename=photo["file"],
                media_type="image/jpeg",
                data=resource("demo", photo["file"]).read_bytes(),
                caption=photo.get("caption", ""),
            )
        )

    def fiches(self) -> None:
        for index, item in enumerate(self.content.get("fiches", [])):
            self.add(
                Fiche(
                    id=self.ident("fiche", index),
                    title=item["title"],
                    body=item["body"],
                    kind=item.get("kind", "fiche"),
                    position=index,
                )
            )

    def more_participants(self, edition: int) -> None:
        """New people for a further edition, their names mixed from the seeds' names."""
        rng = random.Random(edition)
        base = self.content["participants"]
        firsts = sorted({p["name"].split(" ", 1)[0] for p in base})
        lasts = sorted({p["name"].split(" ", 1)[1] for p in base if " " in p["name"]})
        organisations = list(self.organisations.values())
        for index in range(len(base)):
            first, last = rng.choice(firsts), rng.choice(lasts)
            self.add(
                Participant(
                    id=self.ident("participant", edition, index),
                    name=f"{first} {last}",
                    organisation_id=rng.choice(organisations).id,
                    role=rng.choice(base)["role"] if base else "",
                    email=f"{_ascii(first)}.{_ascii(last)}.{edition}@example.org",
                    consent_listed=rng.random() > 0.15,
                    consent_photo=rng.random() > 0.2,
                )
            )


def _ascii(text: str) -> str:
    import unicodedata

    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in folded.lower() if c.isalnum() or c == "-")


def build_demo(*, scale: int = 1, content: dict[str, Any] | None = None) -> dict[str, list[Record]]:
    """The demo event's records by collection; `scale` ≥ 1 multiplies it about N-fold."""
    if scale < 1:
        raise ValueError("scale must be at least 1")
    builder = _Builder(content or load_demo_content())
    builder.event()
    builder.directory()
    builder.fiches()
    for edition in range(scale):
        if edition:
            builder.more_participants(edition)
        builder.programme(edition)
    if scale > 1:
        event = builder.records["event"][0]
        assert isinstance(event, Event)
        last = date.fromisoformat(builder.content["event"]["end_date"]) + timedelta(
            days=2 * (scale - 1)
        )
        builder.records["event"][0] = replace(event, end_date=last.isoformat())
    return builder.records
