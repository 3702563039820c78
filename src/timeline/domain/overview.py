"""Answers about more than one relationship: a group's members, every change in a period,
and an actor's every relationship over time (an actor's every tie on one day is
``actor_state``'s)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from timeline.domain.actor_state import Membership
from timeline.domain.histories import Interval
from timeline.domain.jsonable import ASKED, Jsonable
from timeline.domain.values import EventData


@dataclass(frozen=True)
class Members(Jsonable):
    """The members of a group as of a day."""

    group: str
    as_of: str
    members: list[Membership]
    known_at: str | None = None


@dataclass(frozen=True)
class PairChange(Jsonable):
    """A fact of one relationship (or of one actor's own) that changed in a period, and
    the events that changed it."""

    actors: tuple[str, ...]
    subject: str
    attribute: str
    before: Any
    after: Any
    events: list[str]
    certainty: str = "certain"  # as Change's


@dataclass(frozen=True)
class Changes(Jsonable):
    """Every change of every relationship (or of one actor's) in a period, and what was
    announced in it to take effect later."""

    from_: str
    to: str
    changes: list[PairChange]
    announced: list[EventData]
    actor: str | None = field(default=None, metadata=ASKED)  # the one asked about
    known_at: str | None = None


@dataclass(frozen=True)
class Network(Jsonable):
    """Every relationship of one actor over time, for charts and reports: each counterpart's
    fact intervals, and the events announced before they took effect (few: what a reader
    sees as pending)."""

    actor: str
    names: dict[str, str]  # the actor's and each counterpart's name
    counterparts: list[str]  # every actor it has a relationship with, by id
    intervals: dict[str, list[Interval]]  # counterpart -> its relationship's fact intervals
    announced: list[EventData]
    known_at: str | None = None
