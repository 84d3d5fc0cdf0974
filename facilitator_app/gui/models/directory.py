"""`Directory`: the event's participants and organisations, read once per change, shared.

The capture bar, the participants' pages, a café's hosts and people, a round table's speakers
all show the event's people; each read them from the file, several times per session chosen
(3,600 participants at 100×: ~40 ms a read). One `Directory` per document keeps them until a
change touches participants or organisations.

Its slot must run before those of the models that read it, so it is created (`directory_of`)
in each reader's constructor before that reader connects to `document.changed`: Qt calls
slots in the order they were connected.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from facilitator_app.core.commands import ChangeSet
from facilitator_app.core.model import Organisation, Participant
from facilitator_app.gui.document import EventDocument

__all__ = ["Directory", "directory_of"]


class Directory(QObject):
    def __init__(self, document: EventDocument) -> None:
        super().__init__(document)
        self._document = document
        self._participants: list[Participant] | None = None
        self._by_id: dict[str, Participant] | None = None
        self._organisations: list[Organisation] | None = None
        self._organisation_names: dict[str, str] | None = None
        document.changed.connect(self._on_changed)

    def _on_changed(self, changes: ChangeSet) -> None:
        if changes.touches(Participant.KIND):
            self._participants = self._by_id = None
        if changes.touches(Organisation.KIND):
            self._organisations = self._organisation_names = None

    def participants(self) -> list[Participant]:
        """The live participants in French order of their names (a copy to keep)."""
        if self._participants is None:
            self._participants = self._document.read.all_participants()
        return list(self._participants)

    def participant(self, participant_id: str | None) -> Participant | None:
        """A live participant by id; None for none or a deleted one."""
        if self._by_id is None:
            if self._participants is None:
                self._participants = self._document.read.all_participants()
            self._by_id = {p.id: p for p in self._participants}
        return self._by_id.get(participant_id or "")

    def organisations(self) -> list[Organisation]:
        """The live organisations in French order of their names (a copy to keep)."""
        if self._organisations is None:
            self._organisations = self._document.read.all_organisations()
        return list(self._organisations)

    def organisation_names(self) -> dict[str, str]:
        """Live organisation id → name."""
        if self._organisation_names is None:
            if self._organisations is None:
                self._organisations = self._document.read.all_organisations()
            self._organisation_names = {o.id: o.name for o in self._organisations}
        return dict(self._organisation_names)


def directory_of(document: EventDocument) -> Directory:
    """The document's one `Directory`, made on first use."""
    found = document.findChild(Directory)
    return found if found is not None else Directory(document)
