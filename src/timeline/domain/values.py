"""Plain values that the library takes and returns: no aggregates, no rows."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cached_property
from typing import Any

from timeline.domain.dates import format_time
from timeline.domain.event_text import event_form, one_shot
from timeline.domain.jsonable import Jsonable, only_if
from timeline.domain.vocabulary import RELATIONSHIP, Effect, Value, check_kinds, fact_kind
from timeline.errors import InvalidValue

Source = str | dict[str, str]
UNREADABLE_TYPE = "(unreadable)"  # the type shown for an event whose content cannot be read
ACTOR_KINDS = ("state", "organization", "group", "official", "other")
# The kinds of actor that can act alone (see EventType.alone): what they do is their own.
GROUP_KINDS = ("organization", "group")


def _exists(actor: ActorData) -> bool:
    return actor.exists_from is not None


@dataclass(frozen=True)
class ActorData(Jsonable):
    """An actor as the store knows it: its id, name and kind, and the first day it existed
    where that is known."""

    id: str
    name: str
    kind: str = "other"
    # The first day it existed (YYYY, YYYY-MM or YYYY-MM-DD), where that is known: a tie of
    # it seen by a day (../D), with no word of when it began, is not in flight before.
    exists_from: str | None = field(default=None, metadata=only_if(_exists))


def canonical(content: Mapping[str, Any]) -> str:
    """What an event says as text: equal content, equal text, whatever the key order.

    The store keeps it, re-imports compare by it, and ids are made from it: there is no
    other serialisation of content to drift from this one.
    """
    return _CANONICAL(content)


# json.dumps(content, sort_keys=True), made once (json.dumps makes an encoder at each call
# given any option: a quarter of the time of writing an event's text).
_CANONICAL = one_shot(sort_keys=True)


@dataclass(frozen=True)
class EventData(Jsonable):
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
    recorded_by: str | None = None  # who recorded this version, where a known person did

    @cached_property
    def text(self) -> str:
        """Its content in the one canonical form (see ``canonical``), made once."""
        return canonical(self.content())

    def with_id(self, event_id: str) -> EventData:
        """The same event under ``event_id`` (its canonical text, which has no id, kept)."""
        named = EventData(event_id, self.type, self.actor, self.target, self.on,
                          self.announced, self.fields, self.sources, self.note,
                          self.recorded_at, self.status, self.about, self.via,
                          self.recorded_by)
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
        status: str = "recorded", recorded_by: str | None = None,
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
            recorded_by=recorded_by,
        )

    @classmethod
    def from_stored(cls, event_id: str, content: Any, recorded_at: datetime | None = None,
                    status: str = "recorded", recorded_by: str | None = None) -> EventData:
        """An event as the log holds it, or, where its content cannot be read, a stand-in
        that names it (so that it can be listed, and retracted)."""
        try:
            event = cls.from_content(event_id, content, recorded_at, status, recorded_by)
            if all(isinstance(x, str) for x in (event.type, event.actor, event.on)):
                return event
        except (KeyError, TypeError, AttributeError):
            pass
        return cls(event_id, UNREADABLE_TYPE, "", None, "", recorded_at=recorded_at,
                   status=status, recorded_by=recorded_by)

    def to_json(self) -> dict[str, Any]:
        """The event as answers give it: as our files hold it, and who recorded it where a
        known person did (an answer about events nobody named is what it always was)."""
        return event_form(self.id, self.content(), self._recorded_text(), self.status,
                          self.recorded_by)

    def to_file(self) -> dict[str, Any]:
        """The event as our files hold it (an export imports back): its id, then its
        content in the canonical form ``content`` makes, then when it was recorded; never
        who recorded it, since an import records its events anew, by whoever imports them.
        A record of the file formats, so written by hand (see event_text)."""
        return event_form(self.id, self.content(), self._recorded_text(), self.status)

    def _recorded_text(self) -> str | None:
        return format_time(self.recorded_at) if self.recorded_at else None


def _uncertain(fact: Fact) -> bool:
    return fact.certainty != "certain"


@dataclass(frozen=True)
class Fact(Jsonable):
    """A fact's value on a day: known, or (``certainty`` "uncertain") known to be ``value``
    unless an event dated by a span that holds the day has already taken effect, which
    would make it ``possible``. ``value`` is None where nothing is known yet."""

    subject: str
    attribute: str
    value: Value | None
    since: str | None
    event: str | None
    certainty: str = "certain"
    # Written only for an uncertain fact: a certain one has no other possible value.
    possible: Value | None = field(default=None, metadata=only_if(_uncertain))
    possible_event: str | None = field(default=None, metadata=only_if(_uncertain))
    # Every value it may have on the day, what is known first (None: none yet); a count's
    # as its least and its most.
    possible_values: tuple[Value | None, ...] = field(default=(),
                                                      metadata=only_if(_uncertain))


def facts_of_kinds(facts: list[Fact], kinds: Collection[str]) -> list[Fact]:
    """The facts whose subject is of one of these kinds (see ``vocabulary.FACT_KINDS``)."""
    check_kinds(kinds)
    return [f for f in facts if fact_kind(f.subject) in kinds] if kinds else facts


@dataclass(frozen=True)
class Answer(Jsonable):
    """An answer to a proposal, as it stands on a day: who gave it, what (accepted,
    rejected), when, by which event; "certain" given by then, "possible" (dated by a span
    that holds the day)."""

    actor: str
    answer: str
    on: str
    event: str
    certainty: str


@dataclass(frozen=True)
class Proposal(Jsonable):
    """A proposal on a day: what was proposed, by whom to whom (and through whom), its
    facts (the proposer's own: its status) and the answers given by then."""

    proposal: str
    name: str | None
    proposer: str
    addressee: str
    via: str | None
    facts: list[Fact]
    answers: list[Answer] = field(default_factory=list)


def proposals_of_kinds(proposals: list[Proposal], kinds: Collection[str]) -> list[Proposal]:
    return proposals if not kinds or "proposal" in kinds else []


def _some(proposals: list[Proposal]) -> bool:
    return bool(proposals)


@dataclass(frozen=True)
class State(Jsonable):
    """One relationship on one day: its facts, and what is still in flight."""

    actors: tuple[str, str]
    as_of: str
    facts: list[Fact]
    pending: list[EventData]
    known_at: str | None = None
    # Proposals made between the two (each the proposer's own fact, so not among facts).
    proposals: list[Proposal] = field(default_factory=list,
                                      metadata=only_if(lambda s: _some(s.proposals)))

    def only(self, kinds: Collection[str]) -> State:
        """The same state with only the facts of these kinds (all when none are given)."""
        return replace(self, facts=facts_of_kinds(self.facts, kinds),
                       proposals=proposals_of_kinds(self.proposals, kinds))


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
