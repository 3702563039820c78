"""What a correction or a retraction changed in an event: the answers of ``correct`` and
``retract``, compared item by item, so that a user sees what the record now says
differently (and a script reads it from the JSON) without running ``history``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from timeline.domain.jsonable import Jsonable
from timeline.domain.values import EventData

# The items of an event, in the order a reader looks for them: when, who, what it says.
_ITEMS = ("type", "on", "announced", "actor", "target", "via", "about", "note")


@dataclass(frozen=True)
class Changed(Jsonable):
    """One item of an event that a correction changed: ``item`` is a key of the event
    (``on``), ``field NAME`` for a field of its type, or ``sources``; None is absent."""

    item: str
    before: Any
    after: Any


@dataclass(frozen=True)
class Correction(Jsonable):
    """A corrected event: as it was, as it now is, what changed between, and why."""

    id: str
    reason: str
    changes: list[Changed]
    before: EventData
    after: EventData


@dataclass(frozen=True)
class Retraction(Jsonable):
    """A retracted event: as it was when it still counted, as it now stands, and why."""

    id: str
    reason: str
    before: EventData
    after: EventData


def changed(before: EventData, after: EventData) -> list[Changed]:
    """What differs between two versions of an event's content, item by item: its keys,
    then each field (a field given or removed is one whose value was or becomes None),
    then its sources as a whole list."""
    out: list[Changed] = []
    old, new = before.content(), after.content()
    for item in _ITEMS:
        if old.get(item) != new.get(item):
            out.append(Changed(item, old.get(item), new.get(item)))
    for name in sorted(before.fields.keys() | after.fields.keys()):
        was, now = before.fields.get(name), after.fields.get(name)
        if was != now:
            out.append(Changed(f"field {name}", was, now))
    if list(before.sources) != list(after.sources):
        out.append(Changed("sources", list(before.sources), list(after.sources)))
    return out


def correction(before: EventData, after: EventData, reason: str) -> Correction:
    return Correction(after.id, reason, changed(before, after), before, after)
