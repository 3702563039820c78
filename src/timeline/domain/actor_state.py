"""An actor's every tie on one day (``timeline state A``): each counterpart's facts, its
own, the groups it belongs to, and the proposals made by it or to it."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, replace
from typing import Any

from timeline.domain.jsonable import Jsonable, only_if, written, written_by
from timeline.domain.values import (
    EventData,
    Fact,
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
