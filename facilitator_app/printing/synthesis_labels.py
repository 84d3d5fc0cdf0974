"""The words printed in the synthesis (`SynthesisLabels`), below the modules that print it:
the document (`synthesis`), its own pages (`synthesis_pages`) and its sessions
(`synthesis_sessions`) all read them, and none of those imports another for them."""

from __future__ import annotations

from dataclasses import dataclass, field

from facilitator_app.core.harvest import NO_CATEGORY
from facilitator_app.i18n import N_
from facilitator_app.labels import translated_labels
from facilitator_app.printing.wording import Wording

__all__ = ["SynthesisLabels"]


@dataclass(frozen=True, slots=True)
class SynthesisLabels:
    """The words printed in the synthesis, already translated; `{…}` fields are filled in."""

    document: str = N_("Synthesis")
    contents: str = N_("Contents")
    key_figures: str = N_("Key figures")
    participants: str = N_("Participants")
    organisations: str = N_("Organisations")
    sessions: str = N_("Sessions")
    notes: str = N_("Notes")
    votes: str = N_("Votes")
    organisers: str = N_("Organisers")
    annex: str = N_("Annex")
    listed_only: str = N_("Only the participants who agreed to be listed appear here.")
    name: str = N_("Name")
    organisation: str = N_("Organisation")
    role: str = N_("Role")
    type: str = N_("Type")
    place: str = N_("Place")
    website: str = N_("Website")
    page_of: str = N_("Page {n} of {total}")
    no_day: str = N_("Sessions without a date")
    wording: Wording = field(default_factory=Wording)  # dates, numbers and kinds
    table: str = N_("Table {n}")
    host: str = N_("Host: {name}")
    table_synthesis: str = N_("Table synthesis")
    not_sorted: str = N_("Not sorted")  # a grid's cards in no column
    no_category: str = NO_CATEGORY  # a table's notes in no category, named as in the window
    most_voted: str = N_("Most voted")
    speakers: str = N_("Speakers: {names}")
    moderator: str = N_("Moderator: {name}")
    quote: str = N_("“{text}”")
    said: str = N_("{name}: {text}")
    no_notes: str = N_("Nothing was noted in this session.")
    photo_refused: str = N_("The photo “{name}” could not be printed.")
    photo_too_large: str = N_(
        "The photo “{name}” is left out: at {megapixels} megapixels it is too large to be "
        "printed (save it smaller and add it again)."
    )

    @classmethod
    def translated(cls, language: str | None = None) -> SynthesisLabels:
        return translated_labels(cls, language)

    def session_kind(self, kind: str) -> str:
        return self.wording.session_kind(kind)

    def note_kind(self, kind: str) -> str:
        return self.wording.note_kind(kind)

    def number(self, value: int) -> str:
        return self.wording.number(value)

    def dates(self, start: str, end: str) -> str:
        """« June 11–12, 2026 » from two ISO dates (either may be empty or not a date)."""
        return self.wording.dates(start, end)

    def day(self, iso: str) -> str:
        """« Thursday, June 11, 2026 » (the ISO text itself when it is not a date)."""
        words = self.wording.day(iso)
        return words[:1].upper() + words[1:]
