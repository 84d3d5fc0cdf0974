"""Qt-free storage of an event in one SQLite file: the only package that knows SQL."""

from facilitator_app.store.event_store import (
    EventStore,
    create_event,
    open_event,
    remove_event_file,
    write_new_event,
)

__all__ = ["EventStore", "create_event", "open_event", "write_new_event", "remove_event_file"]
