"""Proposals on a day, with both their parties: a proposal's status is its proposer's own
fact (``vocabulary``: the actor's own, its target the addressee), so a question about the
addressee, or about the two of them, finds it through the event that made it."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from timeline.domain.dates import PartialDate
from timeline.domain.uncertainty import with_possible
from timeline.domain.values import Answer, EventData, Fact, Proposal, State, fact_order, pair_key
from timeline.storage import sql, states
from timeline.storage.spans import in_flight
from timeline.storage.states import OF_ACTOR, STATE, entries, with_entries

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from timeline.domain.actor_state import ActorState

PROPOSAL = "proposal"  # the event type that makes one
TYPES = (PROPOSAL, f"{PROPOSAL}_accepted", f"{PROPOSAL}_rejected")  # and those that answer


def relationship_state(conn: Connection, a: str, b: str, day: int,
                       known_at: dt.datetime | None) -> State:
    """``timeline state A B``: the facts of a relationship on a day (an ordinal), what is
    announced for later and the proposals between its two actors, as recorded at
    ``known_at``."""
    found = states.state(conn, a, b, day, known_at)
    return replace(found, proposals=proposals(conn, day, known_at, pair=(a, b)))


def actor_ties(conn: Connection, actor: str, day: int, known_at: dt.datetime | None
               ) -> ActorState:
    """``timeline state A``: every relationship of ``actor`` on a day (an ordinal), what is
    announced in them for later and the proposals made by it or to it, as recorded at
    ``known_at``."""
    found = states.actor_state(conn, actor, day, known_at)
    return replace(found, proposals=proposals(conn, day, known_at, actor=actor))


def proposals(conn: Connection, day: int, known_at: dt.datetime | None, *,
              pair: tuple[str, str] | None = None, actor: str | None = None
              ) -> list[Proposal]:
    """The proposals that stand (or may stand) on ``day`` as recorded at ``known_at``, with
    their facts and the answers given by then: those made, or answered, between the two
    actors of ``pair``, or by or to ``actor``."""
    rec = sql.record_time(known_at)
    if not sql.rows(conn, _ANY_OF_PAIR if pair is not None else _ANY_OF_ACTOR,
                    {"pair": pair_key(*pair) if pair else None, "actor": actor}):
        return []  # the common case, answered by the index of a pair's versions alone
    asked = _of_pair(pair_key(*pair), rec) if pair is not None else _of_actor(str(actor), rec)
    named = {(_proposer(e), str(e.fields.get(PROPOSAL))) for e in _events(conn, *asked)}
    by_proposer: dict[str, list[EventData]] = {}
    for proposer in sorted({p for p, _ in named if p is not None}):
        by_proposer[proposer] = list(_events(conn, *_of_actor(proposer, rec)))
    found = []
    for proposer, proposal in sorted((p, x) for p, x in named if p is not None):
        made = [e for e in by_proposer[proposer] if e.type == PROPOSAL
                and e.actor == proposer and e.fields.get(PROPOSAL) == proposal]
        facts = _facts(conn, proposer, f"{PROPOSAL}:{proposal}", day, rec)
        if not made or not facts:
            continue
        first = made[0]
        name = first.fields.get("name")
        found.append(Proposal(
            proposal, None if name is None else str(name), proposer, str(first.target),
            first.via, facts,
            [answer for e in by_proposer[proposer] if e.type != PROPOSAL
             and e.target == proposer and e.fields.get(PROPOSAL) == proposal
             for answer in [_answer(e, day)] if answer.certainty != "none"]))
    return found


# Whether any version of a proposal or an answer is the pair's (or one of the actor's pairs'):
# by tl_versions_pair_on, without reading a log entry.
_TYPES = ", ".join(f"'{t}'" for t in TYPES)
_ANY_OF_PAIR = f"SELECT 1 FROM tl_versions WHERE pair = :pair AND type IN ({_TYPES}) LIMIT 1"
_ANY_OF_ACTOR = ("SELECT 1 FROM tl_pairs p JOIN tl_versions v ON v.pair = p.pair "
                 f"WHERE p.actor = :actor AND v.type IN ({_TYPES}) LIMIT 1")


# The proposals and answers of a pair, and of an actor's relationships, with their entries.
_OF_PAIR = with_entries(f"v.type IN ({_TYPES}) AND v.pair = :pair")
_OF_ACTOR = with_entries(f"v.type IN ({_TYPES}) AND p.actor = :actor", OF_ACTOR)


def _of_pair(pair: str, rec: int) -> tuple[str, sql.Params]:
    return _OF_PAIR, {"pair": pair, "rec": rec}


def _of_actor(actor: str, rec: int) -> tuple[str, sql.Params]:
    return _OF_ACTOR, {"actor": actor, "rec": rec}


def _events(conn: Connection, statement: str, params: sql.Params) -> Iterator[EventData]:
    for event in entries(conn, statement, params):
        if isinstance(event.fields.get(PROPOSAL), str) and event.target is not None:
            yield event


def _proposer(event: EventData) -> str | None:
    """Who made the proposal an event makes or answers (an answer's target)."""
    return event.actor if event.type == PROPOSAL else event.target


def _answer(event: EventData, day: int) -> Answer:
    """An answer as it stands on ``day``: given (its date known by then), possibly given
    (dated by a span that holds the day), or not yet ("none")."""
    on = PartialDate.parse(event.on)
    given = "certain" if on.ordinal <= day else \
        "possible" if on.uncertain and on.first.toordinal() <= day else "none"
    return Answer(event.actor, event.type.removeprefix(f"{PROPOSAL}_"), event.on, event.id,
                  given)


def _facts(conn: Connection, owner: str, subject: str, day: int, rec: int) -> list[Fact]:
    """The owner's own facts of one subject on the day, with what is in flight."""
    rows = [r for r in sql.rows(conn, STATE, {"day": day, "rec": rec, "pair": owner})
            if r[0] == subject]
    facts = [Fact(s, a, json.loads(value), since, event_id)
             for s, a, value, since, event_id in rows]
    flights = {key: found for key, found in in_flight(conn, day, rec, pair=owner).items()
               if key[1] == subject}
    return sorted(with_possible(owner, facts, flights),
                  key=lambda f: fact_order(f.subject, f.attribute))
