"""Plain values that the library takes and returns: no aggregates, no rows."""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cached_property
from typing import Any

from timeline.domain.dates import format_time
from timeline.domain.vocabulary import RELATIONSHIP, Effect, Value, fact_kind
from timeline.errors import InvalidValue

Source = str | dict[str, str]
UNREADABLE_TYPE = "(unreadable)"  # the type shown for an event whose content cannot be read
ACTOR_KINDS = ("state", "organization", "group", "official", "other")
# The kinds of actor that can act alone (see EventType.alone): what they do is their own.
GROUP_KINDS = ("organization", "group")


@dataclass(frozen=True)
class ActorData:
    id: str
    name: str
    kind: str = "other"

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "kind": self.kind}


def canonical(content: Mapping[str, Any]) -> str:
    """What an event says as text: equal content, equal text, whatever the key order.

    The store keeps it, re-imports compare by it, and ids are made from it: there is no
    other serialisation of content to drift from this one.
    """
    return json.dumps(content, sort_keys=True)


@dataclass(frozen=True)
class EventData:
    """A validated event: what it says (its content) and, once stored, when it was recorded."""

    id: str
    type: str
    actor: str
    target: str | None
    on: str
    announced: str | None = None
    fields: dict[str, Value] = field(default_factory=dict)
    sources: list[Source] = field(default_factory=list)
    note: str | None = None
    recorded_at: datetime | None = None
    status: str = "recorded"
    about: tuple[str, ...] = ()  # third actors or topics it is about
    via: str | None = None  # the intermediary it went through

    @cached_property
    def text(self) -> str:
        """Its content in the one canonical form (see ``canonical``), made once."""
        return canonical(self.content())

    def with_id(self, event_id: str) -> EventData:
        """The same event under ``event_id`` (its canonical text, which has no id, kept)."""
        named = EventData(event_id, self.type, self.actor, self.target, self.on,
                          self.announced, self.fields, self.sources, self.note,
                          self.recorded_at, self.status, self.about, self.via)
        if "text" in self.__dict__:
            named.__dict__["text"] = self.__dict__["text"]
        return named

    def content(self) -> dict[str, Any]:
        """What the event says, without its identity or recording time.

        ``about`` and ``via`` appear only when given, so events without them keep the
        canonical text (and content id) that earlier versions made.
        """
        content: dict[str, Any] = {
            "type": self.type,
            "actor": self.actor,
            "target": self.target,
            "on": self.on,
            "announced": self.announced,
            "fields": dict(self.fields),
            "sources": list(self.sources),
            "note": self.note,
        }
        if self.about:
            content["about"] = list(self.about)
        if self.via is not None:
            content["via"] = self.via
        return content

    @classmethod
    def from_content(
        cls, event_id: str, content: dict[str, Any], recorded_at: datetime | None = None,
        status: str = "recorded",
    ) -> EventData:
        return cls(
            id=event_id,
            type=content["type"],
            actor=content["actor"],
            target=content.get("target"),
            on=content["on"],
            announced=content.get("announced"),
            fields=dict(content.get("fields") or {}),
            sources=list(content.get("sources") or []),
            note=content.get("note"),
            recorded_at=recorded_at,
            status=status,
            about=tuple(content.get("about") or ()),
            via=content.get("via"),
        )

    @classmethod
    def from_stored(cls, event_id: str, content: Any, recorded_at: datetime | None = None,
                    status: str = "recorded") -> EventData:
        """An event as the log holds it, or, where its content cannot be read, a stand-in
        that names it (so that it can be listed, and retracted)."""
        try:
            event = cls.from_content(event_id, content, recorded_at, status)
            if all(isinstance(x, str) for x in (event.type, event.actor, event.on)):
                return event
        except (KeyError, TypeError, AttributeError):
            pass
        return cls(event_id, UNREADABLE_TYPE, "", None, "", recorded_at=recorded_at,
                   status=status)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, **self.content()}
        data["recorded_at"] = format_time(self.recorded_at) if self.recorded_at else None
        if self.status != "recorded":
            data["status"] = self.status
        return data


@dataclass(frozen=True)
class Version:
    """One version of an event in its history: as recorded, corrected, or retracted."""

    version: int
    status: str
    recorded_at: datetime
    reason: str | None
    event: EventData

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "status": self.status,
            "recorded_at": format_time(self.recorded_at),
            "reason": self.reason,
            "event": self.event.to_json(),
        }


@dataclass(frozen=True)
class Fact:
    """A fact's value on a day: known, or (``certainty`` "uncertain") known to be ``value``
    unless an event dated by a span that holds the day has already taken effect, which
    would make it ``possible``. ``value`` is None where nothing is known yet."""

    subject: str
    attribute: str
    value: Value | None
    since: str | None
    event: str | None
    certainty: str = "certain"
    possible: Value | None = None
    possible_event: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "subject": self.subject,
            "attribute": self.attribute,
            "value": self.value,
            "since": self.since,
            "event": self.event,
            "certainty": self.certainty,
        }
        if self.certainty != "certain":
            data["possible"] = self.possible
            data["possible_event"] = self.possible_event
        return data


def facts_of_kinds(facts: list[Fact], kinds: Collection[str]) -> list[Fact]:
    """The facts whose subject is of one of these kinds (see ``vocabulary.FACT_KINDS``)."""
    return [f for f in facts if fact_kind(f.subject) in kinds] if kinds else facts


@dataclass(frozen=True)
class State:
    actors: tuple[str, str]
    as_of: str
    facts: list[Fact]
    pending: list[EventData]
    known_at: str | None = None

    def only(self, kinds: Collection[str]) -> State:
        """The same state with only the facts of these kinds (all when none are given)."""
        return replace(self, facts=facts_of_kinds(self.facts, kinds))

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "actors": list(self.actors),
            "as_of": self.as_of,
            "facts": [f.to_json() for f in self.facts],
            "pending": [e.to_json() for e in self.pending],
        }
        if self.known_at is not None:
            data["known_at"] = self.known_at
        return data


@dataclass(frozen=True)
class Interval:
    """A fact's value over a span of valid time: ``start`` inclusive, ``end`` exclusive
    (None: until further notice)."""

    subject: str
    attribute: str
    value: Value
    start: str
    end: str | None
    since: str
    event: str

    def to_json(self) -> dict[str, Any]:
        return {"subject": self.subject, "attribute": self.attribute, "value": self.value,
                "start": self.start, "end": self.end, "since": self.since, "event": self.event}


@dataclass(frozen=True)
class Chronicle:
    """A relationship's whole history as the record stands: fact intervals and the events
    that count; and, for each event since corrected or retracted, its every version (so a
    reader sees what changed in the record, and what no longer counts, and why)."""

    actors: tuple[str, str]
    names: dict[str, str]
    intervals: list[Interval]
    events: list[EventData]
    known_at: str | None = None
    revisions: dict[str, list[Version]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "actors": list(self.actors),
            "names": dict(self.names),
            "known_at": self.known_at,
            "intervals": [i.to_json() for i in self.intervals],
            "events": [e.to_json() for e in self.events],
            "revisions": {k: [v.to_json() for v in vs] for k, vs in self.revisions.items()},
        }


@dataclass(frozen=True)
class Change:
    """A fact that changed in a period: "certain" when every event that changed it is dated
    within the period, "possible" when one is dated by a span reaching outside it."""

    subject: str
    attribute: str
    before: Value | None
    after: Value | None
    events: list[str]
    certainty: str = "certain"

    def to_json(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "attribute": self.attribute,
            "before": self.before,
            "after": self.after,
            "events": list(self.events),
            "certainty": self.certainty,
        }


@dataclass(frozen=True)
class Diff:
    actors: tuple[str, str]
    from_: str
    to: str
    changes: list[Change]
    events: Sequence[EventData]  # perhaps read only as it is looked at (queries.EventList)
    known_at: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "actors": list(self.actors),
            "from": self.from_,
            "to": self.to,
            "changes": [c.to_json() for c in self.changes],
            "events": [e.to_json() for e in self.events],
        }
        if self.known_at is not None:
            data["known_at"] = self.known_at
        return data


@dataclass(frozen=True)
class Record:
    """A raw record from a file or the command line, and where it came from (or "")."""

    where: str
    data: dict[str, Any]


# A record as a reader yields it: ("actor" | "event" | "skip", record); a "skip" holds the
# reason it maps to none of our event types.
Item = tuple[str, Record]


@dataclass(frozen=True)
class ImportResult:
    actors_added: int
    events_added: int
    unchanged: int
    superseded: int = 0  # of the unchanged: events since corrected or retracted
    skipped: dict[str, int] = field(default_factory=dict)  # why -> records mapped to nothing
    repeated: int = 0  # records the same as an earlier one of the import: stored once
    examples: dict[str, list[str]] = field(default_factory=dict)  # why -> a few values
    by_type: dict[str, int] = field(default_factory=dict)  # new events, by type
    dry_run: bool = False  # what would be stored: nothing was

    def to_json(self) -> dict[str, Any]:
        return {
            "actors_added": self.actors_added,
            "events_added": self.events_added,
            "unchanged": self.unchanged,
            "superseded": self.superseded,
            "repeated": self.repeated,
            "skipped": dict(self.skipped),
            "skipped_examples": dict(self.examples),
            "by_type": dict(self.by_type),
            "dry_run": self.dry_run,
        }


@dataclass(frozen=True)
class Finding:
    """An inconsistency in the record, for an analyst to look at."""

    kind: str
    on: str
    events: list[str]
    message: str

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "on": self.on, "events": list(self.events),
                "message": self.message}


def sorted_pair(a: str, b: str) -> tuple[str, str]:
    """Two actors in a fixed order: a relationship has no direction."""
    return (a, b) if a <= b else (b, a)


def check_pair(a: str, b: str) -> None:
    """Refused unless ``a`` and ``b`` are two actors, as every relationship is."""
    if a == b:
        raise InvalidValue(f"a relationship needs two different actors, got {a!r} twice")


def pair_key(a: str, b: str) -> str:
    """The relationship of two actors, whatever their order."""
    first, second = sorted_pair(a, b)
    return f"{first}|{second}"


def fact_pair(actor: str, target: str | None, effect: Effect) -> str:
    """Whose fact an effect changes: the actor's own (``own``, or an event with no target),
    or the relationship of the event's two actors."""
    if effect.own is not None:
        return effect.own
    return pair_key(actor, target) if target is not None else actor


def actors_of(pair: str) -> tuple[str, ...]:
    """The actors a pair names: two for a relationship, one for an actor's own facts."""
    return tuple(pair.split("|", 1))


def fact_order(subject: str, attribute: str) -> tuple[int, str, str]:
    """The relationship's own facts first, then each subject's, by name."""
    return (0 if subject == RELATIONSHIP else 1, subject, attribute)
