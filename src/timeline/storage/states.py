"""The state of one relationship, and of one actor's every relationship, read in plain SQL
through the driver: the answers a quick read gives without SQLAlchemy (``app.quick``) and
the store gives through it, the same.

Also the small readers every answer shares: an event of a version's row (its content as the
read model keeps it, see domain.event_text), and the days and times as answers state them.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from timeline.domain.dates import format_time
from timeline.domain.event_text import event_form, file_line, read_content
from timeline.domain.jsonable import Written
from timeline.domain.uncertainty import with_possible
from timeline.domain.values import (
    EventData,
    Fact,
    State,
    actors_of,
    fact_order,
    pair_key,
    sorted_pair,
)
from timeline.domain.vocabulary import MEMBERSHIP
from timeline.storage import sql
from timeline.storage.spans import in_flight

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy import Connection

    from timeline.domain.actor_state import ActorState

# Each fact of the pair that holds on :day as recorded at :rec (one index seek a fact).
STATE = ("SELECT k.subject, k.attribute, f.value, f.since, f.event_id FROM tl_keys k "
         f"JOIN tl_facts f ON {sql.holds('f', 'k.id')} WHERE k.pair = :pair")
# A version of an event with its content: the columns of ``Entry``.
ENTRY = "v.event_id, v.status, v.recorded_at, v.recorded_by, v.content"
# Joined to versions, the pairs of one actor (p.actor = :actor: its every relationship).
OF_ACTOR = "JOIN tl_pairs p ON p.pair = v.pair"
# Versions announced by :day to take effect after it.
_ANNOUNCED = ("v.announced_start IS NOT NULL AND v.announced_start <= :day "
              "AND v.on_start > :day")


def with_entries(where: str, join: str = "") -> str:
    """The versions (``join`` to what ``where`` asks of them) visible at :rec that count,
    with their content, in the order of their days: a statement ``entries`` reads."""
    return (f"SELECT {ENTRY} FROM tl_versions v {join} WHERE {sql.visible('v')} "
            f"AND {sql.live('v')} AND {where} ORDER BY v.on_start, v.seq")


# What is announced for later: in a pair, and in the relationships of an actor.
_PENDING = with_entries(f"v.pair = :pair AND {_ANNOUNCED}")
_PENDING_OF_ACTOR = with_entries(f"p.actor = :actor AND {_ANNOUNCED}", OF_ACTOR)
# Each fact of each of the actor's relationships that holds on :day as recorded at :rec.
_ACTOR_STATE = (
    "SELECT p.other, k.subject, k.attribute, f.value, f.since, f.event_id "
    "FROM tl_pairs p JOIN tl_keys k ON k.pair = p.pair "
    f"JOIN tl_facts f ON {sql.holds('f', 'k.id')} WHERE p.actor = :actor")


# A version of an event with its content, as the driver reads the columns of ``ENTRY``:
# a plain tuple, which the forms below unpack (a listing of a million rows made a named
# tuple of each, and read its fields by name, for nothing).
Entry = tuple[str, str, str, str | None, str | None]


def state(conn: Connection, a: str, b: str, day: int, known_at: dt.datetime | None = None
          ) -> State:
    """The facts of a relationship as of a day (an ordinal), and what is announced for later."""
    pair = pair_key(a, b)
    rec = sql.record_time(known_at)
    params = {"day": day, "rec": rec, "pair": pair}
    rows = sql.rows(conn, STATE, params)
    facts = sorted(
        (Fact(subject, attribute, json.loads(value), since, event_id)
         for subject, attribute, value, since, event_id in rows),
        key=lambda fact: fact_order(fact.subject, fact.attribute),
    )
    facts = with_possible(pair, facts, in_flight(conn, day, rec, pair=pair))
    return State(
        actors=sorted_pair(a, b),
        as_of=day_text(day),
        facts=facts,
        pending=entries(conn, _PENDING, params),
        known_at=known_text(known_at),
    )


def actor_state(conn: Connection, actor: str, day: int,
                known_at: dt.datetime | None = None) -> ActorState:
    """Every relationship of ``actor`` as of a day (an ordinal), and what is announced in
    them for later."""
    # Here: a pair's state, which a user runs dozens of times in a row, loads no actor's.
    from timeline.domain.actor_state import ActorState, Membership

    rec = sql.record_time(known_at)
    facts: dict[str, list[Fact]] = {}
    for other, subject, attribute, value, since, event_id in sql.rows(
            conn, _ACTOR_STATE, {"day": day, "rec": rec, "actor": actor}):
        facts.setdefault(other, []).append(
            Fact(subject, attribute, json.loads(value), since, event_id))
    flights = in_flight(conn, day, rec, actor=actor)
    for pair, _, _ in flights:
        facts.setdefault(other_of(pair, actor), [])
    facts = {other: with_possible(actor if other == actor else pair_key(actor, other),
                                  found, flights)
             for other, found in facts.items()}
    facts = {other: found for other, found in facts.items() if found}
    own = facts.pop(actor, [])  # the actor's own facts are filed under itself
    groups = [Membership(other, f.since or "", f.event or "")
              for other, found in sorted(facts.items()) for f in found
              if (f.subject, f.attribute, f.value, f.certainty) ==
              (f"{MEMBERSHIP}:{other}", "status", "member", "certain")]
    return ActorState(
        actor=actor,
        as_of=day_text(day),
        relationships=[
            State(sorted_pair(actor, other), day_text(day),
                  sorted(found, key=lambda f: fact_order(f.subject, f.attribute)), [])
            for other, found in sorted(facts.items())
        ],
        pending=entries(conn, _PENDING_OF_ACTOR, {"day": day, "rec": rec, "actor": actor}),
        known_at=known_text(known_at),
        facts=sorted(own, key=lambda f: fact_order(f.subject, f.attribute)),
        groups=groups,
    )


def other_of(pair: str, actor: str) -> str:
    """The counterpart a pair names beside ``actor`` (the actor itself for its own)."""
    parties = actors_of(pair)
    return next((x for x in parties if x != actor), actor)


def entries(conn: Connection, statement: str, params: sql.Params) -> list[EventData]:
    """The events of a statement made by ``with_entries``."""
    return [stored_event(row) for row in sql.rows(conn, statement, params)]


def actor_ids(conn: Connection) -> dict[str, str]:
    """Each actor's kind, by its id."""
    return dict(sql.rows(conn, "SELECT id, kind FROM tl_actors"))


def stored_event(row: Entry) -> EventData:
    """The event of a version's row (the columns of ``ENTRY``, in order)."""
    event_id, status, recorded_at, recorded_by, text = row
    return EventData.from_stored(event_id, read_content(text), parse_time(recorded_at),
                                 status, recorded_by)


def event_answer(row: Entry) -> Written:
    """``stored_event(row).to_json()``, made from the row's text: a version that counts
    holds content the projection took whole (readable, in ``EventData.content``'s form),
    so its answer is that content between the row's own columns; any other is read as an
    event first (it may be unreadable)."""
    event_id, status, recorded_at, recorded_by, text = row
    content = _taken(status, text)
    if content is None:
        return Written(stored_event(row).to_json())
    return Written(event_form(event_id, content, recorded_at, status, recorded_by))


def listed_form(as_json: bool) -> Callable[[Entry], EventData | Written]:
    """What a listing gives of each row: its answer's JSON (``--json``) or its event."""
    return event_answer if as_json else stored_event


def event_line(row: Entry) -> str:
    """``json.dumps(stored_event(row).to_file(), ensure_ascii=False)``, from the row's text
    as ``event_answer`` makes its answer (the text spliced in as it is)."""
    event_id, status, recorded_at, _, text = row
    if text is None or _taken(status, text) is None:
        return json.dumps(stored_event(row).to_file(), ensure_ascii=False)
    return file_line(event_id, text, recorded_at, status)


def _taken(status: str, text: str | None) -> dict[str, Any] | None:
    """The content of a version that counts, which the projection took whole; None for any
    other version, or for a text that is not an object (a damaged cell: its event is then
    read as ``stored_event`` reads it, unreadable)."""
    content = read_content(text) if status in sql.LIVE else None
    return content if type(content) is dict else None


def parse_time(text: str) -> dt.datetime:
    """A recording time as the read model keeps it (ISO text)."""
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def day_text(day: int) -> str:
    """A day ordinal as a date (an unreadable version's UNREADABLE_DAY as the first day)."""
    return dt.date.fromordinal(day).isoformat() if day >= 1 else "0001-01-01"


def known_text(known_at: dt.datetime | None) -> str | None:
    """``--known-at`` as an answer states it (None when the answer is as now known)."""
    return None if known_at is None else format_time(known_at)
