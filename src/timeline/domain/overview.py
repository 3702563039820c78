"""Answers about more than one relationship: an actor's every relationship, and every
change in a period."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, replace
from typing import Any

from timeline.domain.jsonable import ASKED, Jsonable, only_if, written, written_by
from timeline.domain.values import (
    EventData,
    Fact,
    Interval,
    Proposal,
    State,
    facts_of_kinds,
    proposals_of_kinds,
)


@dataclass(frozen=True)
class Membership(Jsonable):
    """One actor a member of a group, since a day, by an event."""

    actor: str  # the member (in a group's members) or the group (in an actor's groups)
    since: str | None  # None: not known to be one yet (a possible member)
    event: str | None
    # "possible": its joining (or leaving) is dated by a span that holds the day.
    certainty: str = "certain"
    possible_event: str | None = field(default=None, metadata=only_if(
        lambda m: m.certainty != "certain"))


def _as_groups(groups: list[Membership]) -> list[dict[str, Any]]:
    """An actor's memberships, each naming its group as "group" (a group's members name
    each member as "actor")."""
    return [{("group" if key == "actor" else key): value for key, value in m.to_json().items()}
            for m in groups]


def _as_relationships(relationships: list[State]) -> list[dict[str, Any]]:
    """Each relationship's actors and facts: its day, known_at and pending events are the
    answer's own, written once."""
    return [{"actors": written(r.actors), "facts": written(r.facts)} for r in relationships]


@dataclass(frozen=True)
class Members(Jsonable):
    """The members of a group as of a day."""

    group: str
    as_of: str
    members: list[Membership]
    known_at: str | None = None


@dataclass(frozen=True, kw_only=True)
class ActorState(Jsonable):
    """Every relationship of one actor as of a day: each counterpart's facts, the actor's
    own facts (a group's channel, a proposal's status), the groups it belongs to, and what
    is announced for later."""

    actor: str
    as_of: str
    facts: list[Fact] = field(default_factory=list)  # its own
    groups: list[Membership] = field(default_factory=list, metadata=written_by(_as_groups))
    # each with its facts; pending events are listed once, below
    relationships: list[State] = field(metadata=written_by(_as_relationships))
    pending: list[EventData]
    known_at: str | None = None
    # Proposals made by it or to it, each with both parties (a proposal's status is its
    # proposer's own fact: the addressee's answer would not show it otherwise).
    proposals: list[Proposal] = field(default_factory=list,
                                      metadata=only_if(lambda s: bool(s.proposals)))

    def only(self, kinds: Collection[str]) -> ActorState:
        """The same answer with only the facts of these kinds (all when none are given)."""
        if not kinds:
            return self
        kept = [r.only(kinds) for r in self.relationships]
        return replace(self, relationships=[r for r in kept if r.facts],
                       facts=facts_of_kinds(self.facts, kinds),
                       proposals=proposals_of_kinds(self.proposals, kinds))


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
