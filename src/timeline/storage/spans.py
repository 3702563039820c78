"""Events in flight, found in the read model: effects dated by a span (``D1/D2``, ``../D``,
``D/..``) that may or may not have taken effect on a day.

The fact intervals hold what is known (an event counts from the last day of its span); what
events in flight leave uncertain is the domain's rule (``domain.uncertainty``). Effects in
flight are found through a partial index of the few effects dated by a span
(tl_effects_span).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from timeline.domain.dates import OBSERVED
from timeline.domain.uncertainty import Flight, Key
from timeline.domain.values import actors_of
from timeline.storage import sql
from timeline.storage.sql import NEVER_DAY, NO_EARLIEST

if TYPE_CHECKING:
    from sqlalchemy import Connection

_COLUMNS = "SELECT k.pair, k.subject, k.attribute, e.op, e.value, e.event_id, e.on_text"
# In flight on :day as recorded at :rec: begun by the day (on_lo), known by a later one.
_IN_FLIGHT = (
    _COLUMNS + " FROM tl_keys k JOIN tl_effects e ON e.key_id = k.id "
    "WHERE {facts} AND e.on_lo < e.on_start AND e.on_lo <= :day AND e.on_start > :day "
    f"AND {sql.visible('e')} ORDER BY e.on_lo, e.on_start, e.seq")
_OF_PAIR = "k.pair = :pair"
_OF_ACTOR = "k.pair IN (SELECT pair FROM tl_pairs WHERE actor = :actor)"
# Every fact's, in three parts each led by a partial index of spans (tl_effects_span_*):
# no start, known by a later day; no end, begun by the day; and bounded, begun at most the
# longest bounded span before the day (so the scan is of days, not of the whole record).
# The sentinels are written as literals: a partial index is used only where the query's
# own terms imply its WHERE. A unary plus (+e.on_start, +e.rec_to) keeps SQLite from
# leading with another index of effects (by day, tl_effects_on) that would scan every
# effect after the day: the span index named in each part leads.
_FLIGHT = (_COLUMNS + ", e.on_lo, e.on_start, e.seq FROM tl_effects e "
           "JOIN tl_keys k ON k.id = e.key_id WHERE e.on_lo < e.on_start AND ")
_SEEN = " AND " + sql.visible("e", by_index=False)
_IN_FLIGHT_EVERYWHERE = (
    # no first day (../D), by tl_effects_span_on (on_lo, on_start)
    _FLIGHT + f"e.on_lo = {NO_EARLIEST} AND e.on_start > :day" + _SEEN + " UNION ALL "
    # no last day (D/..), by tl_effects_span_end (on_start, on_lo)
    + _FLIGHT + f"e.on_start = {NEVER_DAY} AND e.on_lo > {NO_EARLIEST} AND e.on_lo <= :day"
    + _SEEN + " UNION ALL "
    # both days, by tl_effects_span_on from :since (the longest span before the day)
    + _FLIGHT + f"e.on_lo > {NO_EARLIEST} AND e.on_lo >= :since AND e.on_lo <= :day "
    f"AND +e.on_start > :day AND +e.on_start < {NEVER_DAY}" + _SEEN + " ORDER BY 8, 9, 10")
# The longest bounded span, by tl_effects_span_len (an index of lengths).
_LONGEST = ("SELECT max(on_start - on_lo) FROM tl_effects WHERE on_lo < on_start "
            f"AND on_lo > {NO_EARLIEST} AND on_start < {NEVER_DAY}")

_UNBORN = "SELECT id FROM tl_actors WHERE exists_day > :day"


def in_flight(conn: Connection, day: int, rec: int, *, pair: str | None = None,
              actor: str | None = None) -> dict[Key, list[Flight]]:
    """The effects in flight on a day as recorded at ``rec``, by fact: of one relationship
    (``pair``), of every relationship of ``actor``, or of every fact (neither)."""
    if pair is not None:
        rows = sql.rows(conn, _IN_FLIGHT.format(facts=_OF_PAIR),
                        {"day": day, "rec": rec, "pair": pair})
    elif actor is not None:
        rows = sql.rows(conn, _IN_FLIGHT.format(facts=_OF_ACTOR),
                        {"day": day, "rec": rec, "actor": actor})
    else:
        ((longest,),) = sql.rows(conn, _LONGEST)
        rows = [row[:7] for row in sql.rows(conn, _IN_FLIGHT_EVERYWHERE, {
            "day": day, "rec": rec, "since": day - (longest or 0)})]
    # A tie seen by a day (../D), with no word of when it began, did not begin before its
    # actors existed (tl_actors.exists_day): one seen by 1960 of a state born in 1960 is
    # not in flight in 1900. A span with a first day is taken as written.
    unborn = {actor for (actor,) in sql.rows(conn, _UNBORN, {"day": day})}
    found: dict[Key, list[Flight]] = {}
    for owner, subject, attribute, op, value, event_id, on_text in rows:
        if unborn and on_text.startswith(OBSERVED) and not unborn.isdisjoint(actors_of(owner)):
            continue
        found.setdefault((owner, subject, attribute), []).append((op, value, event_id, on_text))
    return found
