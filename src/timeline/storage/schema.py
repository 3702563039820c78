"""The read model's tables (SQLAlchemy Core).

Every row carries a record-time interval ``[rec_from, rec_to)`` in microseconds: a row is
what the record said from ``rec_from`` until something recorded at ``rec_to`` replaced it.
Fact rows also carry a valid-time interval ``[valid_from, valid_to)`` in day ordinals. So
"as of D, as known at K" is one indexed lookup: ``valid_from <= D < valid_to`` and
``rec_from <= K < rec_to``. Open intervals end at the sentinels below, not NULL, so that
both bounds stay indexable.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    TableClause,
    Text,
    column,
    event,
    table,
)

from timeline.domain.dates import NEVER

CONTENT_READER = "timeline.content_reader"  # the key of the store's reader in conn.info
# (originator id, version, topic, state) of a log entry -> the content it holds, or None.
ContentReader = Callable[[str, int, str, bytes], Any]
REC_OPEN = 2**62  # record time "still current"
NEVER_DAY = NEVER.toordinal()  # the day an open-ended span is known by: never
VALID_OPEN = 10**8  # valid time "until further notice" (beyond 9999-12-31)

metadata = MetaData()

actors = Table(
    "tl_actors",
    metadata,
    Column("id", String(128), primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("recorded_at", String(32), nullable=False),
)

# Every version of every event: recorded, then perhaps corrected or retracted.
versions = Table(
    "tl_versions",
    metadata,
    Column("event_id", String(128), primary_key=True),
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("status", String(16), nullable=False),
    Column("type", String(64), nullable=False),
    Column("pair", String(260)),
    Column("on_start", Integer, nullable=False),
    Column("announced_start", Integer),
    # The log's version of this event that holds its content (this one, unless retracted):
    # the content is read from the log, not copied here.
    Column("content_version", Integer, nullable=False),
    Column("reason", Text),
    Column("recorded_at", String(32), nullable=False),
    # Position in the log of the event's first version: breaks ties between equal dates.
    Column("seq", BigInteger, nullable=False),
    Column("rec_from", BigInteger, nullable=False),
    Column("rec_to", BigInteger, nullable=False),
    Index("tl_versions_pair_on", "pair", "on_start", "seq"),
    Index("tl_versions_on", "on_start", "seq"),
)
# Pending events (announced by a day, in effect after it) are few: a partial index, made
# in plain DDL (the postgresql_where option would import SQLAlchemy's PostgreSQL dialect
# into every command, 20 ms of a cold start).
@event.listens_for(versions, "after_create")
def _pending_index(_target: Table, connection: Connection, **_: Any) -> None:
    for name, columns in (("tl_versions_announced", "pair, announced_start"),
                          ("tl_versions_announced_on", "announced_start")):
        connection.exec_driver_sql(f"CREATE INDEX {name} ON tl_versions ({columns}) "
                                   "WHERE announced_start IS NOT NULL")

# The facts a relationship has: (pair, subject, attribute), named once and referred to by
# id, so that effect and fact rows (and their indexes) do not repeat the names.
keys = Table(
    "tl_keys",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("pair", String(260), nullable=False),
    Column("subject", String(200), nullable=False),
    Column("attribute", String(200), nullable=False),
    Index("tl_keys_fact", "pair", "subject", "attribute", unique=True),
)

# Each relationship by each of its two actors: an actor's every relationship in one lookup.
pairs = Table(
    "tl_pairs",
    metadata,
    Column("actor", String(128), primary_key=True),
    Column("other", String(128), primary_key=True),
    Column("pair", String(260), nullable=False),
)

# The actors or topics each event version is about: `log --about X` in one lookup.
mentions = Table(
    "tl_mentions",
    metadata,
    Column("about", String(128), nullable=False),
    Column("event_id", String(128), nullable=False),
    Column("version", Integer, nullable=False),
    Index("tl_mentions_about", "about", "event_id", "version", unique=True),
)

# What each event version does to each fact: the input from which fact intervals are folded.
# Effects dated by a span are few: a partial index finds those in flight on a day.
effects = Table(
    "tl_effects",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(128), nullable=False),
    Column("version", Integer, nullable=False),
    Column("key_id", Integer, nullable=False),
    Column("op", String(8), nullable=False),
    Column("value", Text, nullable=False),
    Column("on_text", String(40), nullable=False),
    # The day it is known to have taken effect by: facts are folded in this order.
    Column("on_start", Integer, nullable=False),
    # The first day it may have taken effect: before on_start only for a span (D1/D2).
    Column("on_lo", Integer, nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("rec_from", BigInteger, nullable=False),
    Column("rec_to", BigInteger, nullable=False),
    Index("tl_effects_key", "key_id", "rec_to", "on_start"),
    Index("tl_effects_on", "on_start"),  # every change in a period
)


@event.listens_for(effects, "after_create")
def _span_index(_target: Table, connection: Connection, **_: Any) -> None:
    # Every effect in flight on a day (spans.in_flight, for every fact): those with no start
    # by their end; those with no end by their start; the rest by their start, at most the
    # longest bounded span before the day (found from an index on each one's length).
    never = NEVER_DAY
    for name, columns, where in (
            ("tl_effects_span", "key_id, on_lo", ""),
            ("tl_effects_span_on", "on_lo, on_start", ""),
            ("tl_effects_span_end", "on_start, on_lo", ""),
            ("tl_effects_span_len", "(on_start - on_lo)",
             f" AND on_lo > 1 AND on_start < {never}")):
        connection.exec_driver_sql(f"CREATE INDEX {name} ON tl_effects ({columns}) "
                                   f"WHERE on_lo < on_start{where}")


# The bitemporal facts: a value held over a valid-time interval, as recorded over a
# record-time interval. Ordered by valid_to within a fact, the first row visible at a
# record time that ends after a day is the only one that can hold on that day.
facts = Table(
    "tl_facts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key_id", Integer, nullable=False),
    Column("value", Text, nullable=False),
    Column("valid_from", Integer, nullable=False),
    Column("valid_to", Integer, nullable=False),
    Column("since", String(40), nullable=False),
    Column("event_id", String(128), nullable=False),
    Column("rec_from", BigInteger, nullable=False),
    Column("rec_to", BigInteger, nullable=False),
    Index("tl_facts_key", "key_id", "valid_to", "rec_to"),
)

# How far into the event log the read model has got (the tracking record).
position = Table(
    "tl_position",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("notification_id", BigInteger, nullable=False),
    Column("last_rec", BigInteger, nullable=False),
)


def event_log(dialect: str) -> TableClause:
    """eventsourcing's table of the event log (made by eventsourcing, not by us), for reading
    the content of event versions in the same query as their rows."""
    return table(
        "timeline_events" if dialect == "postgresql" else "stored_events",
        column("originator_id", Text),
        column("originator_version", Integer),
        column("topic", Text),
        column("state", LargeBinary),
    )
