"""Proposals on a day, with both their parties: a proposal's status is its proposer's own
fact (``vocabulary``: the actor's own, its target the addressee), so a question about the
addressee, or about the two of them, finds it through the event that made it."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import Connection

from timeline.domain.uncertainty import with_possible
from timeline.domain.values import Fact, Proposal, fact_order, pair_key
from timeline.storage import schema, sql
from timeline.storage.queries import STATE, stored_event, visible_versions, with_content
from timeline.storage.spans import in_flight

PROPOSAL = "proposal"  # the event type that makes one


def proposals(conn: Connection, day: int, known_at: dt.datetime | None, *,
              pair: tuple[str, str] | None = None, actor: str | None = None
              ) -> list[Proposal]:
    """The proposals made between the two actors of ``pair``, or to or by ``actor``, that
    stand (or may stand) on ``day`` as recorded at ``known_at``, with their facts."""
    rec = sql.record_time(known_at)
    v, p = schema.versions, schema.pairs
    query: Any = with_content(conn, visible_versions(rec)).where(v.c.type == PROPOSAL)
    if pair is not None:
        query = query.where(v.c.pair == pair_key(*pair))
    else:
        query = query.join(p, p.c.pair == v.c.pair).where(p.c.actor == actor)
    found: dict[tuple[str, str, str], Proposal] = {}
    for row in conn.execute(query).all():
        event = stored_event(conn, row)
        proposal = event.fields.get(PROPOSAL)
        if not isinstance(proposal, str) or event.target is None:
            continue
        key = (proposal, event.actor, event.target)
        if key in found:
            continue
        facts = _facts(conn, event.actor, f"{PROPOSAL}:{proposal}", day, rec)
        if facts:
            name = event.fields.get("name")
            found[key] = Proposal(proposal, None if name is None else str(name), event.actor,
                                  event.target, event.via, facts)
    return sorted(found.values(), key=lambda x: (x.proposal, x.proposer, x.addressee))


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
