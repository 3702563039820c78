"""Answers about more than one relationship: an actor's every relationship, and every
change in a period."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, replace
from typing import Any

from timeline.domain.values import EventData, Fact, Interval, State, facts_of_kinds


@dataclass(frozen=True)
class Membership:
    """One actor a member of a group, since a day, by an event."""

    actor: str  # the member (in a group's members) or the group (in an actor's groups)
    since: str
    event: str

    def to_json(self, role: str = "actor") -> dict[str, Any]:
        return {role: self.actor, "since": self.since, "event": self.event}


@dataclass(frozen=True)
class Members:
    """The members of a group as of a day."""

    group: str
    as_of: str
    members: list[Membership]
    known_at: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"group": self.group, "as_of": self.as_of,
                                "members": [m.to_json() for m in self.members]}
        if self.known_at is not None:
            data["known_at"] = self.known_at
        return data


@dataclass(frozen=True)
class ActorState:
    """Every relationship of one actor as of a day: each counterpart's facts, the actor's
    own facts (a group's channel, a proposal's status), the groups it belongs to, and what
    is announced for later."""

    actor: str
    as_of: str
    relationships: list[State]  # each with its facts; pending events are listed once, below
    pending: list[EventData]
    known_at: str | None = None
    facts: list[Fact] = field(default_factory=list)  # its own
    groups: list[Membership] = field(default_factory=list)

    def only(self, kinds: Collection[str]) -> ActorState:
        """The same answer with only the facts of these kinds (all when none are given)."""
        if not kinds:
            return self
        kept = [r.only(kinds) for r in self.relationships]
        return replace(self, relationships=[r for r in kept if r.facts],
                       facts=facts_of_kinds(self.facts, kinds))

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "actor": self.actor,
            "as_of": self.as_of,
            "facts": [f.to_json() for f in self.facts],
            "groups": [g.to_json("group") for g in self.groups],
            "relationships": [{"actors": list(r.actors), "facts": [f.to_json() for f in r.facts]}
                              for r in self.relationships],
            "pending": [e.to_json() for e in self.pending],
        }
        if self.known_at is not None:
            data["known_at"] = self.known_at
        return data


@dataclass(frozen=True)
class PairChange:
    """A fact of one relationship (or of one actor's own) that changed in a period, and
    the events that changed it."""

    actors: tuple[str, ...]
    subject: str
    attribute: str
    before: Any
    after: Any
    events: list[str]
    certainty: str = "certain"  # as Change's

    def to_json(self) -> dict[str, Any]:
        return {"actors": list(self.actors), "subject": self.subject,
                "attribute": self.attribute, "before": self.before, "after": self.after,
                "events": list(self.events), "certainty": self.certainty}


@dataclass(frozen=True)
class Changes:
    """Every change of every relationship (or of one actor's) in a period, and what was
    announced in it to take effect later."""

    from_: str
    to: str
    changes: list[PairChange]
    announced: list[EventData]
    actor: str | None = None
    known_at: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"from": self.from_, "to": self.to,
                                "changes": [c.to_json() for c in self.changes],
                                "announced": [e.to_json() for e in self.announced]}
        if self.actor is not None:
            data["actor"] = self.actor
        if self.known_at is not None:
            data["known_at"] = self.known_at
        return data


@dataclass(frozen=True)
class Network:
    """Every relationship of one actor over time, for charts and reports: each counterpart's
    fact intervals, and the events announced before they took effect (few: what a reader
    sees as pending)."""

    actor: str
    names: dict[str, str]  # the actor's and each counterpart's name
    counterparts: list[str]  # every actor it has a relationship with, by id
    intervals: dict[str, list[Interval]]  # counterpart -> its relationship's fact intervals
    announced: list[EventData]
    known_at: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "actor": self.actor,
            "names": dict(self.names),
            "counterparts": list(self.counterparts),
            "intervals": {k: [i.to_json() for i in v] for k, v in self.intervals.items()},
            "announced": [e.to_json() for e in self.announced],
            "known_at": self.known_at,
        }
