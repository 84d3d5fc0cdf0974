"""Qt-free storage of an event in one SQLite file: the only package that knows SQL."""

from facilitator_app.store.disk import remove_event_file
from facilitator_app.store.event_store import EventStore
from facilitator_app.store.files import create_event, open_event, write_new_event

__all__ = ["EventStore", "create_event", "open_event", "write_new_event", "remove_event_file"]
