"""An import's batches, made ready to write before the write lock is taken: the events read
back from the spill, their log entries as stored and as read, and what the projection reads
of each (made from the event at hand, not read again from its entry); none of it needs the
store."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

import orjson

from timeline.domain.values import ActorData, EventData
from timeline.storage.log import Entry, EventLog
from timeline.storage.readable import Projected, projectable


class Batch(NamedTuple):
    """One batch, ready to write."""

    actors: Sequence[ActorData]
    events: list[EventData]
    entries: list[Entry]  # the log's, actors' first
    projected: Projected


def prepare(log: EventLog, actors: Sequence[ActorData], lines: Sequence[str],
            recorded_at: datetime, recorded_by: str | None) -> Batch:
    """A batch of spilled lines (see ``spilled``) made ready to write."""
    events = [unspilled(line) for line in lines]
    entries = log.prepare(actors, events, recorded_at, recorded_by)
    recorded = (e.logged for e in entries if e.logged.kind == "recorded")
    return Batch(actors, events, entries, projectable(zip(events, recorded, strict=True)))


def spilled(event: EventData) -> str:
    """An event as the first pass of an import keeps it for the second: its id and its
    canonical text (an id holds no tab; the text, JSON in ASCII, no tab or line end)."""
    return f"{event.id}\t{event.text}\n"


def unspilled(line: str) -> EventData:
    event_id, text = line.rstrip("\n").split("\t", 1)
    # Read by orjson (several times as fast): validated content holds text, lists,
    # mappings and integers within MAX_COUNT, which it reads as json does.
    event = EventData.from_content(event_id, orjson.loads(text))
    event.__dict__["text"] = text  # what was checked, not a re-serialisation of it
    return event
