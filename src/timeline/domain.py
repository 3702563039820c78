"""Event-sourced aggregates: actors, and the recorded diplomatic actions.

Each action is its own small aggregate (created once, then perhaps corrected or retracted),
so appending never replays a relationship's history. Method bodies only change state;
validation happens in the application before an event is triggered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from eventsourcing.domain import (
    BaseAggregate,
    CanInitAggregate,
    CanMutateAggregate,
    MetaDomainEvent,
    event,
)


@dataclass(frozen=True)
class _TextIdEvent(CanMutateAggregate[str], metaclass=MetaDomainEvent):
    originator_id: str
    originator_version: int
    timestamp: datetime


@dataclass(frozen=True)
class _TextIdCreated(CanInitAggregate[str], _TextIdEvent):
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

    @staticmethod
    def create_id(actor_id: str) -> str:
        return f"actor:{actor_id}"

    @event(Registered)
    def __init__(self, actor_id: str, name: str, kind: str, recorded_at: datetime) -> None:
        self.actor_id = actor_id
        self.name = name
        self.kind = kind
        self.recorded_at = recorded_at


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

    @staticmethod
    def create_id(event_id: str) -> str:
        return f"event:{event_id}"

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
