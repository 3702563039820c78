"""The read model's tables (SQLAlchemy Core), and the invariants their rows keep.

Every row carries a record-time interval ``[rec_from, rec_to)`` in microseconds: a row is
what the record said from ``rec_from`` until something recorded at ``rec_to`` replaced it.
Fact rows also carry a valid-time interval ``[valid_from, valid_to)`` in day ordinals. So
"as of D, as known at K" is one indexed lookup: ``valid_from <= D < valid_to`` and
``rec_from <= K < rec_to``. Open intervals end at the sentinels of ``storage.sql``
(REC_OPEN, VALID_OPEN), not NULL, so that both bounds stay indexable.

Invariants (the projector keeps them; each but the first is checked by ``INVARIANTS``
below, which ``check --deep`` runs besides comparing the tables with a rebuild):

- position: ``tl_position`` holds one row, the log's notification id up to which every
  entry is applied, exactly once (checked on every open: a read model behind the log
  catches up, one ahead of it or without a position is refused until a rebuild).
- record_interval: every row's record interval is non-empty (``rec_from < rec_to``): a row
  that would open and close at the same record time is deleted, not written.
- valid_interval: every fact row's valid interval is non-empty and ends by VALID_OPEN.
- facts_disjoint: the current rows of one fact never overlap in valid time.
- facts_contiguous: the current rows of one fact meet end to start, without a gap, and the
  last is open-ended (a fact, once it holds, holds some value until further notice).
- facts_change: of two current rows of a fact that meet, the values differ (a value that
  does not change starts no new row; ``since`` stays the day it first held).
- versions_in_sequence: the versions of one event follow each other in record time, each
  ending exactly when the next begins, the last current: so one version of each event is
  current, and at any record time at most one is visible.
- effects_of_versions: every effect belongs to a version of its event that counts
  (recorded or corrected), and has that version's record interval.
- effect_days: an effect's first possible day (on_lo) is not after the day it is known by.
- keys_named: every effect and fact row names a fact of ``tl_keys``.
- lead_rows_of_versions: every row of ``tl_lead_rows`` belongs to the current version of an
  event that counts (a version that ends takes its rows with it).
- leads_of_rows: every lead of ``tl_leads`` is what rows of its id sum to, and has some.
- within_position: no row was recorded, or replaced, after the position's last record time.
- aliases_of_actors: every alias of ``tl_aliases`` names an actor of ``tl_actors``.
- versions_recorded_by: a version's ``recorded_by`` is NULL (nobody named recorded it) or a
  name as ``validation.validate_author`` lets one into the log: not blank, at most
  MAX_AUTHOR characters, as its log entry says.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Connection,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    event,
)

from timeline.domain.names import MAX_AUTHOR
from timeline.storage.sql import (
    ABOUT,
    LIVE,
    NEVER_DAY,
    NO_EARLIEST,
    REC_OPEN,
    VALID_OPEN,
    VIA,
    dialect_of,
)

metadata = MetaData()

actors = Table(
    "tl_actors",
    metadata,
    Column("id", String(128), primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("recorded_at", String(32), nullable=False),
    # The first day it existed, as written and as a day number (None: not known): events in
    # flight are not possible before it (storage.spans).
    Column("exists_from", String(10)),
    Column("exists_day", Integer),
    # Every query of events in flight asks which actors are not born yet on its day.
    Index("tl_actors_exists", "exists_day"),
)

# The aliases that name an actor now (the log keeps what each named before): looked up by
# the alias case-folded (aggregates.alias_key), unique across the store by the log itself.
aliases = Table(
    "tl_aliases",
    metadata,
    Column("key", String(256), primary_key=True),
    Column("alias", Text, nullable=False),
    Column("actor_id", String(128), nullable=False),
    Column("recorded_at", String(32), nullable=False),
    Index("tl_aliases_actor", "actor_id"),
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
    # The log's version of this event that holds its content (this one, unless retracted).
    Column("content_version", Integer, nullable=False),
    # That content as the projection read it through the log's mapper, kept as text
    # (domain.event_text): answers read it here, not by decoding the log's entries again.
    # NULL where the projection could not read it (the event shows as unreadable).
    Column("content", Text),
    Column("reason", Text),
    Column("recorded_at", String(32), nullable=False),
    # Who recorded this version, as its log entry says; NULL where nobody named did.
    Column("recorded_by", Text),
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

# The actors or topics each event version is about (role ABOUT: `log --about X`), and the
# go-between it went through (role VIA: `log --actor X` finds it beside X's own), each in
# one lookup (the roles are named in storage.sql, which plain-SQL readers load alone).
mentions = Table(
    "tl_mentions",
    metadata,
    Column("about", String(128), nullable=False),
    Column("event_id", String(128), nullable=False),
    Column("version", Integer, nullable=False),
    Column("role", String(8), nullable=False),
    Index("tl_mentions_about", "about", "role", "event_id", "version", unique=True),
    CheckConstraint(f"role IN ('{ABOUT}', '{VIA}')", name="tl_mentions_role"),
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
    Index("tl_effects_on", "on_start"),  # every change in a period
)


@event.listens_for(effects, "after_create")
def _effect_indexes(_target: Table, connection: Connection, **_: Any) -> None:
    # A fact's current effects from a day on, in order (the refold), with all it reads of
    # them on PostgreSQL: from the index alone, not from rows all over the table (a
    # million-event import otherwise read most of them back into its buffers at each batch,
    # and its last batches took twice as long as its first). What an effect sets is an id,
    # a count, a day or a word of the vocabulary: an entry stays far within an index's size.
    connection.exec_driver_sql(dialect_of(connection).covering_index(
        "tl_effects_key", "tl_effects", "key_id, rec_to, on_start",
        "seq, op, value, on_text, event_id"))
    # Every effect in flight on a day (spans.in_flight, for every fact): those with no start
    # by their end; those with no end by their start; the rest by their start, at most the
    # longest bounded span before the day (found from an index on each one's length).
    for name, columns, where in (
            ("tl_effects_span", "key_id, on_lo", ""),
            ("tl_effects_span_on", "on_lo, on_start", ""),
            ("tl_effects_span_end", "on_start, on_lo", ""),
            ("tl_effects_span_len", "(on_start - on_lo)",
             f" AND on_lo > {NO_EARLIEST} AND on_start < {NEVER_DAY}")):
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
)


@event.listens_for(facts, "after_create")
def _fact_index(_target: Table, connection: Connection, **_: Any) -> None:
    # A fact's intervals by valid_to (what holds on a day, and what a refold may change),
    # with all a refold reads of them on PostgreSQL (see _effect_indexes).
    connection.exec_driver_sql(dialect_of(connection).covering_index(
        "tl_facts_key", "tl_facts", "key_id, valid_to, rec_to",
        "id, value, valid_from, since, event_id, rec_from"))

# Leads (domain.leads): what each current event version gives a lead (a record supporting
# it, a fact an earlier version made of records, an analyst's decision on it), and each lead
# as its rows sum to (domain.leads.summary), ranked by an index so that the best corroborated
# are read first without reading the evidence. Current rows only: leads answer as now known.
lead_rows = Table(
    "tl_lead_rows",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("lead_id", String(128), nullable=False),
    Column("event_id", String(128), nullable=False),
    Column("role", String(16), nullable=False),
    Column("type", String(64), nullable=False),
    Column("side_a", String(128), nullable=False),
    Column("side_b", String(128), nullable=False),
    Column("on_text", String(40), nullable=False),
    Column("story", Text, nullable=False),
    Column("publisher", Text, nullable=False),
    Column("dataset", String(64), nullable=False),
    Column("opening", Integer, nullable=False),
    Column("outlets", Integer, nullable=False),
    Column("articles", Integer, nullable=False),
    Column("fact", String(128), nullable=False),  # the fact an acceptance names
    Column("rec_from", BigInteger, nullable=False),
    Index("tl_lead_rows_lead", "lead_id"),
    Index("tl_lead_rows_event", "event_id"),
    Index("tl_lead_rows_fact", "fact"),
)
# Ids and days are ordered byte by byte on both databases (as Lead.order orders them): a
# PostgreSQL server's own collation may ignore the dashes.
_BYTEWISE = String(128).with_variant(String(128, collation="C"), "postgresql")
leads = Table(
    "tl_leads",
    metadata,
    Column("id", _BYTEWISE, primary_key=True),
    Column("type", String(64), nullable=False),
    Column("side_a", String(128), nullable=False),
    Column("side_b", String(128), nullable=False),
    Column("on_text", _BYTEWISE, nullable=False),
    Column("on_start", Integer, nullable=False),
    Column("records", Integer, nullable=False),
    Column("stories", Integer, nullable=False),
    Column("publishers", Integer, nullable=False),
    Column("datasets", Integer, nullable=False),
    Column("status", String(16), nullable=False),
    Index("tl_leads_pair", "side_a", "side_b", "on_start"),
    Index("tl_leads_side_b", "side_b", "on_start"),
    Index("tl_leads_on", "on_start"),
)
# Lead.order: most publishers, stories, datasets, records first, then by day and id.
Index("tl_leads_rank", leads.c.publishers.desc(), leads.c.stories.desc(),
      leads.c.datasets.desc(), leads.c.records.desc(), leads.c.on_text, leads.c.id)

# How far into the event log the read model has got (the tracking record).
position = Table(
    "tl_position",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("notification_id", BigInteger, nullable=False),
    Column("last_rec", BigInteger, nullable=False),
    # The meaning of the types (vocabulary.MEANING) its rows were projected with: a read
    # model of another meaning (or none: made before signing stopped meaning in force) is
    # made again from the log when the store is opened.
    Column("meaning", Integer, nullable=False),
)


@dataclass(frozen=True)
class Invariant:
    """A rule the read model's rows keep (see the module's docstring), and a query of the
    rows that break it: each row names the event concerned (or NULL)."""

    name: str
    rule: str
    violations: str


# The current rows of each fact in valid-time order, each beside the next one.
_CURRENT_FACTS = (
    "(SELECT f.event_id, f.value, f.valid_to, LEAD(f.valid_from) OVER w AS next_from, "
    f"LEAD(f.value) OVER w AS next_value FROM tl_facts f WHERE f.rec_to = {REC_OPEN} "
    "WINDOW w AS (PARTITION BY f.key_id ORDER BY f.valid_from, f.id)) c")
# The versions of each event in record-time order, each beside the next one's beginning.
_VERSIONS_IN_ORDER = (
    "(SELECT v.event_id, v.rec_to, LEAD(v.rec_from) OVER (PARTITION BY v.event_id "
    "ORDER BY v.rec_from, v.version) AS next_from FROM tl_versions v) s")
_LIVE = ", ".join(f"'{status}'" for status in LIVE)

INVARIANTS = (
    Invariant("aliases_of_actors", "every alias names an actor of tl_actors",
              "SELECT x.alias FROM tl_aliases x WHERE NOT EXISTS "
              "(SELECT 1 FROM tl_actors a WHERE a.id = x.actor_id)"),
    Invariant("record_interval", "every row's record interval is non-empty",
              " UNION ALL ".join(f"SELECT event_id FROM {name} WHERE rec_from >= rec_to"
                                 for name in ("tl_versions", "tl_effects", "tl_facts"))),
    Invariant("valid_interval",
              "every fact row's valid interval is non-empty and ends by VALID_OPEN",
              "SELECT event_id FROM tl_facts WHERE valid_from >= valid_to "
              f"OR valid_to > {VALID_OPEN}"),
    Invariant("facts_disjoint", "the current rows of one fact never overlap in valid time",
              f"SELECT event_id FROM {_CURRENT_FACTS} WHERE c.next_from < c.valid_to"),
    Invariant("facts_contiguous",
              "the current rows of one fact meet end to start, the last open-ended",
              f"SELECT event_id FROM {_CURRENT_FACTS} WHERE c.next_from > c.valid_to "
              f"OR (c.next_from IS NULL AND c.valid_to <> {VALID_OPEN})"),
    Invariant("facts_change", "of two current rows of a fact that meet, the values differ",
              f"SELECT event_id FROM {_CURRENT_FACTS} WHERE c.next_from = c.valid_to "
              "AND c.next_value = c.value"),
    Invariant("versions_in_sequence",
              "an event's versions each end when the next begins, the last current",
              f"SELECT event_id FROM {_VERSIONS_IN_ORDER} WHERE s.next_from <> s.rec_to "
              f"OR (s.next_from IS NULL AND s.rec_to <> {REC_OPEN})"),
    Invariant("effects_of_versions",
              "every effect belongs to a version that counts, with its record interval",
              "SELECT e.event_id FROM tl_effects e LEFT JOIN tl_versions v "
              "ON v.event_id = e.event_id AND v.version = e.version "
              "WHERE v.event_id IS NULL OR v.rec_from <> e.rec_from OR v.rec_to <> e.rec_to "
              f"OR v.status NOT IN ({_LIVE})"),
    Invariant("effect_days", "an effect's first possible day is not after its known day",
              "SELECT event_id FROM tl_effects WHERE on_lo > on_start"),
    Invariant("keys_named", "every effect and fact row names a fact of tl_keys",
              " UNION ALL ".join(
                  f"SELECT x.event_id FROM {name} x WHERE NOT EXISTS "
                  "(SELECT 1 FROM tl_keys k WHERE k.id = x.key_id)"
                  for name in ("tl_effects", "tl_facts"))),
    Invariant("lead_rows_of_versions",
              "every row of a lead belongs to the current version of an event that counts",
              "SELECT r.event_id FROM tl_lead_rows r LEFT JOIN tl_versions v "
              f"ON v.event_id = r.event_id AND v.rec_to = {REC_OPEN} "
              f"WHERE v.event_id IS NULL OR v.status NOT IN ({_LIVE})"),
    Invariant("leads_of_rows", "every lead is the sum of rows of its id, and has some",
              "SELECT l.id FROM tl_leads l WHERE NOT EXISTS "
              "(SELECT 1 FROM tl_lead_rows r WHERE r.lead_id = l.id)"),
    Invariant("versions_recorded_by",
              "a version's recorded_by is NULL or a name of 1 to MAX_AUTHOR characters",
              "SELECT event_id FROM tl_versions WHERE recorded_by IS NOT NULL AND "
              f"(TRIM(recorded_by) = '' OR LENGTH(recorded_by) > {MAX_AUTHOR})"),
    Invariant("within_position",
              "no row was recorded or replaced after the position's last record time",
              " UNION ALL ".join(
                  f"SELECT x.event_id FROM {name} x, tl_position p WHERE x.rec_from > "
                  f"p.last_rec OR (x.rec_to <> {REC_OPEN} AND x.rec_to > p.last_rec)"
                  for name in ("tl_versions", "tl_effects", "tl_facts"))),
)
