"""What the projection reads of a version's content (its pair, its day, its effects, its
text), or an exception where it cannot: made from an entry of the log as it is projected, or
beforehand from the event an import has at hand (app.batches)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from timeline.domain.aggregates import Logged
from timeline.domain.dates import PartialDate
from timeline.domain.event_text import content_text
from timeline.domain.values import EventData, pair_key
from timeline.domain.vocabulary import MAX_COUNT, Effect, effects_of

# What the projection reads of a version's content: the event, its pair, its day, the day it
# was announced, its effects with their values as JSON, and the content's text.
Projectable = tuple[EventData, str, PartialDate, "int | None", list[tuple[Effect, str]], str]
Projected = dict[tuple[str, int], Projectable]  # (event id, version) -> what was read


def projectable(read: Iterable[tuple[EventData, Logged]]) -> Projected:
    """What the projection reads of each version it can read, made from the event it was
    made from (which its entry holds the content of), apart from the store: an import makes
    a batch's before it takes the write lock (a version left out is read from its entry)."""
    found: Projected = {}
    for event, entry in read:
        try:
            # The entry's content is the event's (log.prepare made it by event.content()).
            found[entry.id, entry.version] = _read(event, entry.content or {})
        except Exception:  # read again as it is projected: kept as unreadable
            continue
    return found


def readable(event_id: str, content: dict[str, Any]) -> Projectable:
    """Everything the projection needs from a version's content, or an exception."""
    event = EventData.from_content(event_id, content)
    return _read(event, event.content())


def _read(event: EventData, content: dict[str, Any]) -> Projectable:
    """``readable`` of an event whose content (``event.content()``) is made already."""
    for text in (event.type, event.actor, event.target or "", event.on, event.via or "",
                 *event.about):
        if not isinstance(text, str):
            raise TypeError(f"not text: {text!r}")
        text.encode("utf-8")  # a lone surrogate cannot be stored
    # An event with no target is its actor's own (a statement, a group's meeting).
    pair = pair_key(event.actor, event.target) if event.target else event.actor
    on = PartialDate.parse(event.on)
    announced = PartialDate.parse(event.announced).ordinal if event.announced else None
    effects = []
    for effect in effects_of(event):
        if effect.op == "add" and not isinstance(effect.value, int):
            raise TypeError(f"a count that is not a number: {effect.value!r}")
        if isinstance(effect.value, int) and abs(effect.value) > MAX_COUNT:
            raise ValueError(f"a count out of range: {effect.value}")
        effect.subject.encode("utf-8")
        effects.append((effect, json.dumps(effect.value)))
    text = content_text(content)  # what answers read (domain.event_text)
    return event, pair, on, announced, effects, text


def as_read(event_id: str, content: dict[str, Any]) -> str | None:
    """The content of a version the projection could not take, as far as an answer can
    show it (its type and parties, say), or None where not even that can be read."""
    try:
        return content_text(EventData.from_content(event_id, content).content())
    except Exception:
        return None
