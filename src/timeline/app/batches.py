"""An import's batches, made ready to write before the write lock is taken: the events read
back from the spill, their log entries as stored and as read, and what the projection reads
of each (made from the event at hand, not read again from its entry); none of it needs the
store. Also their size, and what a batch stored (``Written``)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import NamedTuple

import orjson

from timeline.domain.values import ActorData, EventData
from timeline.errors import InvalidValue, shown
from timeline.storage.log import Entry, EventLog
from timeline.storage.readable import Projected, projectable

IMPORT_BATCH = 10_000  # events per transaction: imports up to this size are atomic


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


class Written(NamedTuple):
    """What a batch stored: how many actors, the types of its events, the coded records
    another process had stored otherwise first (skipped, as REVISED says), and the log's
    position after it (None: every later batch is checked against the store)."""

    actors: int
    types: list[str]
    revised: list[str]
    position: int | None


def batches(new_actors: Iterable[ActorData], spill: Iterable[str], size: int
            ) -> Iterator[tuple[Sequence[ActorData], list[str]]]:
    """The spilled events to write, ``size`` a batch, the new actors with the first (alone,
    where there are no events)."""
    actors: Sequence[ActorData] = list(new_actors)
    lines: list[str] = []
    for line in spill:
        lines.append(line)
        if len(lines) >= size:
            yield actors, lines
            actors, lines = [], []
    if lines or actors:
        yield actors, lines


def import_batch() -> int:
    raw = os.environ.get("TIMELINE_IMPORT_BATCH", str(IMPORT_BATCH))
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 9) or int(raw) < 1:
        raise InvalidValue(f"invalid TIMELINE_IMPORT_BATCH {shown(raw)}: expected a whole "
                           "number from 1 to 999,999,999")
    return int(raw)
