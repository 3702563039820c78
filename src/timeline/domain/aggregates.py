"""Event-sourced aggregates: actors, and the recorded diplomatic actions.

Each action is its own small aggregate (created once, then perhaps corrected or retracted),
so appending never replays a relationship's history. Method bodies only change state;
validation happens in the application before an event is triggered. ``decode`` is the one
place that reads the log's domain events back as plain values.

An action recorded, corrected or retracted by a known person (``recorded_by``, their name)
is logged as a subclass of the event it would otherwise be (``Action.RecordedBy`` of
``Action.Recorded``...), which adds that one field: an entry written by nobody named keeps
the class, topic and bytes it always had (ids, digests and byte comparisons of stores rest
on them), never a ``"recorded_by": null``. Actors and aliases name nobody: who registers an
actor or gives an alias is not part of any event's record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from eventsourcing.domain import (
    BaseAggregate,
    CanInitAggregate,
    CanMutateAggregate,
    MetaDomainEvent,
    event,
)
from eventsourcing.utils import get_topic

from timeline.domain.names import alias_key
from timeline.domain.values import ActorData
from timeline.errors import StoreError


@dataclass(frozen=True)
class _TextIdEvent(CanMutateAggregate[str], metaclass=MetaDomainEvent):
    """A domain event of an aggregate whose id is text (see ``TextIdAggregate``)."""

    originator_id: str
    originator_version: int
    timestamp: datetime


@dataclass(frozen=True)
class _TextIdCreated(CanInitAggregate[str], _TextIdEvent):
    """The event that creates such an aggregate: it names the aggregate's class."""

    originator_topic: str


class TextIdAggregate(BaseAggregate[str]):
    """An aggregate whose id is readable text chosen by the user (``event:nato-expels-8``)."""

    class Event(_TextIdEvent):
        pass

    class Created(Event, _TextIdCreated):
        pass


class Actor(TextIdAggregate):
    class Registered(TextIdAggregate.Created):
        actor_id: str
        name: str
        kind: str
        recorded_at: datetime
        exists_from: str | None
        # 2: the first day the actor existed (None where not known, as before it).
        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["exists_from"] = None

    @staticmethod
    def create_id(actor_id: str) -> str:
        return f"actor:{actor_id}"

    @event(Registered)
    def __init__(self, actor_id: str, name: str, kind: str, recorded_at: datetime,
                 exists_from: str | None = None) -> None:
        self.actor_id = actor_id
        self.name = name
        self.kind = kind
        self.recorded_at = recorded_at
        self.exists_from = exists_from


class Action(TextIdAggregate):
    """One diplomatic action (an expulsion, a recall, a closure...) as recorded."""

    class Recorded(TextIdAggregate.Created):
        event_id: str
        content: dict[str, Any]
        recorded_at: datetime

    class Corrected(TextIdAggregate.Event):
        content: dict[str, Any]
        reason: str
        recorded_at: datetime

    class Retracted(TextIdAggregate.Event):
        reason: str
        recorded_at: datetime

    # The same, by a known person. RecordedBy comes after Recorded: of the "created"
    # classes, eventsourcing gives __init__ the first that is a subclass of its own, so
    # Recorded stays the one an aggregate made without an author triggers.
    class RecordedBy(Recorded):
        recorded_by: str

    class CorrectedBy(Corrected):
        recorded_by: str

    class RetractedBy(Retracted):
        recorded_by: str

    @staticmethod
    def create_id(event_id: str) -> str:
        return f"event:{event_id}"

    @classmethod
    def record(cls, event_id: str, content: dict[str, Any], recorded_at: datetime,
               recorded_by: str | None = None) -> Action:
        """A new event's aggregate: ``Recorded`` as always, or ``RecordedBy`` when a
        known person records it."""
        if recorded_by is None:
            return cls(event_id, content, recorded_at=recorded_at)
        return cls._create(cls.RecordedBy, event_id=event_id, content=content,
                           recorded_at=recorded_at, recorded_by=recorded_by)

    @classmethod
    def recorded(cls, event_id: str, content: dict[str, Any], recorded_at: datetime,
                 recorded_by: str | None = None) -> Action.Recorded:
        """The event that creating the aggregate triggers, made without the aggregate: a
        bulk import appends many and needs nothing else of them (it is timestamped when
        it was recorded)."""
        # The metaclass makes the class body's annotations fields, which mypy cannot see.
        make: Any = cls.Recorded if recorded_by is None else cls.RecordedBy
        by = {} if recorded_by is None else {"recorded_by": recorded_by}
        return make(originator_id=cls.create_id(event_id), originator_version=1,  # type: ignore[no-any-return]
                    timestamp=recorded_at, originator_topic=_ACTION_TOPIC,
                    event_id=event_id, content=content, recorded_at=recorded_at, **by)

    @event(Recorded)
    def __init__(self, event_id: str, content: dict[str, Any], recorded_at: datetime) -> None:
        self.event_id = event_id
        self.content = content
        self.recorded_at = recorded_at
        self.retracted = False

    @event(Corrected)
    def correct(self, content: dict[str, Any], reason: str, recorded_at: datetime) -> None:
        self.content = content
        self.recorded_at = recorded_at

    @event(Retracted)
    def retract(self, reason: str, recorded_at: datetime) -> None:
        self.retracted = True
        self.recorded_at = recorded_at

    # A decorated method's event class is its own (eventsourcing subclasses the one given
    # once more, to call the method when the event is replayed): the authored ones each need
    # a method of their own, which changes the aggregate as its parent's does.
    @event(CorrectedBy)
    def correct_by(self, content: dict[str, Any], reason: str, recorded_at: datetime,
                   recorded_by: str) -> None:
        self.content = content
        self.recorded_at = recorded_at

    @event(RetractedBy)
    def retract_by(self, reason: str, recorded_at: datetime, recorded_by: str) -> None:
        self.retracted = True
        self.recorded_at = recorded_at


class Alias(TextIdAggregate):
    """Another name an actor goes by ("USA", "the Alliance"). One aggregate per alias, named
    by the alias case-folded, so the log itself keeps an alias to one actor at a time: two
    writers giving it at once collide on its first version."""

    class Given(TextIdAggregate.Created):
        alias: str
        actor_id: str
        recorded_at: datetime

    class Moved(TextIdAggregate.Event):
        alias: str
        actor_id: str | None  # None: the alias names no actor any more
        recorded_at: datetime

    @staticmethod
    def create_id(alias: str) -> str:
        return f"alias:{alias_key(alias)}"

    @event(Given)
    def __init__(self, alias: str, actor_id: str, recorded_at: datetime) -> None:
        self.alias = alias
        self.actor_id: str | None = actor_id
        self.recorded_at = recorded_at

    @event(Moved)
    def move(self, alias: str, actor_id: str | None, recorded_at: datetime) -> None:
        self.alias = alias
        self.actor_id = actor_id
        self.recorded_at = recorded_at


_ACTION_TOPIC = get_topic(Action)
# The entries this version writes to the log, by their topic: what a restore takes in (a
# topic names a module to import, and a backup is read from elsewhere).
REGISTERED = (get_topic(Actor.Registered),)  # an actor's one entry
RECORDED = (get_topic(Action.Recorded), get_topic(Action.RecordedBy))  # an event's first
ANSWERS_OF_EVENT = tuple(get_topic(c) for c in (  # its later ones
    Action.Corrected, Action.CorrectedBy, Action.Retracted, Action.RetractedBy))
ALIAS_GIVEN = (get_topic(Alias.Given),)  # an alias's first
ALIAS_MOVED = (get_topic(Alias.Moved),)  # its later ones
LOG_TOPICS = frozenset(REGISTERED + RECORDED + ANSWERS_OF_EVENT + ALIAS_GIVEN + ALIAS_MOVED)
AGGREGATE_TOPICS = frozenset(get_topic(c) for c in (Actor, Action, Alias))


@dataclass(frozen=True)
class Logged:
    """One entry of the event log as a plain value.

    ``content`` is what the event says from this version on (None once retracted);
    ``actor`` is set for a registered actor, and ``id`` is then the actor's id; an alias's
    entry has ``id`` the alias as written and ``content`` ``{"actor": id or None}``. An entry
    this version cannot decode at all is "unreadable", with the id its originator had.
    ``recorded_by`` names who recorded an event's version, where a known person did.
    """

    kind: Literal["actor", "alias", "recorded", "corrected", "retracted", "unreadable"]
    id: str
    version: int
    recorded_at: datetime
    content: dict[str, Any] | None = None
    reason: str | None = None
    actor: ActorData | None = None
    recorded_by: str | None = None


# Every class of an event's entries, as eventsourcing leaves them: a decorated method's
# class is not its authored subclass's parent (see Action.correct_by).
_CORRECTED = (Action.Corrected, Action.CorrectedBy)
_RETRACTED = (Action.Retracted, Action.RetractedBy)
_BY = (Action.RecordedBy, Action.CorrectedBy, Action.RetractedBy)


def decode(domain_event: object) -> Logged:
    """The log's domain event as a plain value (the one decoder of domain events)."""
    if isinstance(domain_event, Actor.Registered):
        actor = ActorData(domain_event.actor_id, domain_event.name, domain_event.kind,
                          domain_event.exists_from)
        return Logged("actor", actor.id, 1, domain_event.recorded_at, actor=actor)
    if isinstance(domain_event, Alias.Given | Alias.Moved):
        return Logged("alias", domain_event.alias, domain_event.originator_version,
                      domain_event.recorded_at, {"actor": domain_event.actor_id})
    # Only an authored class's own field counts: a stray key in another entry names no one.
    by = domain_event.recorded_by if isinstance(domain_event, _BY) else None
    if isinstance(domain_event, _BY) and not isinstance(by, str):
        raise StoreError("the event log holds an entry that names who recorded it with no "
                         f"name: {type(domain_event).__name__}")
    if isinstance(domain_event, Action.Recorded):
        return Logged("recorded", domain_event.event_id, 1, domain_event.recorded_at,
                      domain_event.content, recorded_by=by)
    event_id = str(getattr(domain_event, "originator_id", "")).removeprefix("event:")
    if isinstance(domain_event, _CORRECTED):
        return Logged("corrected", event_id, domain_event.originator_version,
                      domain_event.recorded_at, domain_event.content, domain_event.reason,
                      recorded_by=by)
    if isinstance(domain_event, _RETRACTED):
        return Logged("retracted", event_id, domain_event.originator_version,
                      domain_event.recorded_at, None, domain_event.reason, recorded_by=by)
    raise StoreError(f"the event log holds an entry this version cannot read: "
                     f"{type(domain_event).__name__}")
