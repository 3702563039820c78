"""The read model's query language, in one place: its sentinels, the one switch between
SQLite and PostgreSQL, named parameters, and the fragments every query is made of.

Queries are plain SQL text with ``:name`` parameters, run with a dict of values: ``rows``
(plain tuples straight from the driver) and ``run``. Each driver's style (sqlite3 ``:name``,
psycopg ``%(name)s``) is made once per statement, here. Rows written in bulk
(``insert_rows``, ``insert_ignoring``) go by ``COPY`` or arrays on PostgreSQL, and in column
order on SQLite.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from collections.abc import Generator, Mapping, Sequence
from contextlib import suppress
from functools import lru_cache
from operator import itemgetter
from typing import TYPE_CHECKING, Any, NamedTuple

from timeline.domain.dates import NEVER_ORDINAL, to_micros
from timeline.domain.dates import VALID_OPEN as VALID_OPEN  # re-exported: a read-model sentinel

if TYPE_CHECKING:  # SQLAlchemy loads with the store, not with this module (app.quick)
    from sqlalchemy import ColumnElement, Connection, FromClause

# Sentinels: open or unknown bounds are numbers, not NULL, so that both ends of every
# interval stay in the indexes (a NULL bound could not be compared in a range seek).
REC_OPEN = 2**62  # rec_to of a row still current: replaced by nothing yet
NOW = REC_OPEN - 1  # the record time of "as now known": every current row is visible at it
# VALID_OPEN (the domain's dates): valid_to of a fact holding "until further notice".
NEVER_DAY = NEVER_ORDINAL  # on_start of an open-ended span (D/..): no day asked reaches it
NO_EARLIEST = dt.date.min.toordinal()  # on_lo of ../D (1): no first day it may have begun
UNREADABLE_DAY = 0  # on_start of a version the projection could not read: before every day

UNREADABLE = "unreadable"  # the status of a version the projection could not read
LIVE = ("recorded", "corrected")  # the statuses of versions that count
ABOUT, VIA = "about", "via"  # the roles of tl_mentions' rows (see schema)
# Every table of the read model (schema's, as tests/readmodel/test_readmodel.py holds): a
# quick read (app.quick), which loads no schema, answers only where all of them are there.
READ_MODEL_TABLES = ("tl_actors", "tl_aliases", "tl_effects", "tl_facts", "tl_keys",
                     "tl_lead_rows", "tl_leads", "tl_mentions", "tl_pairs", "tl_position",
                     "tl_versions")

Params = Mapping[str, Any]


class Dialect(NamedTuple):  # not a dataclass: a cold start defines it (vocabulary)
    """All that differs between the two databases, decided once per connection."""

    name: str  # SQLAlchemy's name of the dialect
    log_table: str  # eventsourcing's table of the event log
    # Long results through a server-side cursor (memory stays bounded while a listing streams).
    streams: bool
    # What reclaims the rows a refold deleted and refreshes the planner's statistics, run
    # outside any transaction (None: the database keeps no dead rows and needs no statistics);
    # and what reclaims them alone, leaving the statistics as they were.
    tidying: str | None
    reclaiming: str | None
    # The database's own check of its file, one problem a row ("ok" when none).
    integrity_check: str | None

    @property
    def postgres(self) -> bool:
        return self is POSTGRES

    def driver_sql(self, statement: str) -> str:
        """The statement with its ``:name`` parameters in this driver's style."""
        return _pyformat(statement) if self.postgres else statement

    def one_of(self, column: str, param: str) -> str:
        """``column`` is one of the list given as ``:param`` (pass it through ``listed``)."""
        if self.postgres:
            return f"{column} = ANY(:{param})"
        return f"{column} IN (SELECT value FROM json_each(:{param}))"

    def listed(self, values: Sequence[Any]) -> Any:
        """A list as one parameter: an array for psycopg, JSON text for SQLite's json_each."""
        return list(values) if self.postgres else json.dumps(list(values))

    def covering_index(self, name: str, table: str, keys: str, carried: str) -> str:
        """``CREATE INDEX`` of ``keys``, on PostgreSQL holding the ``carried`` columns too
        (``INCLUDE``), so that a query reading only these is answered from the index, not
        from rows read back into the server's buffers. SQLite reads a row from the file's
        cache for less than a wider index costs to write: a million-event import took 3,544
        events/s with the keys alone, 3,051 with the columns as further keys (one run each)."""
        if self.postgres:
            return f"CREATE INDEX {name} ON {table} ({keys}) INCLUDE ({carried})"
        return f"CREATE INDEX {name} ON {table} ({keys})"


_GROWING = "tl_versions, tl_keys, tl_effects, tl_facts, tl_leads, tl_lead_rows"
SQLITE = Dialect("sqlite", "stored_events", streams=False, tidying=None,
                 reclaiming=None, integrity_check="PRAGMA quick_check")
POSTGRES = Dialect("postgresql", "timeline_events", streams=True,
                   tidying=f"VACUUM (ANALYZE) {_GROWING}", reclaiming=f"VACUUM {_GROWING}",
                   integrity_check=None)


def dialect_of(conn: Connection) -> Dialect:
    """The dialect of a connection (of either database the store can live in)."""
    return dialect_named(conn.dialect.name)


def dialect_named(name: str) -> Dialect:
    """The dialect of a backend by its name (``StoreConfig.backend``)."""
    return POSTGRES if name == POSTGRES.name else SQLITE


def rows(conn: Connection, statement: str, params: Params | None = None
         ) -> list[tuple[Any, ...]]:
    """Rows as plain tuples, straight from the driver, in the connection's transaction:
    they can be tens of thousands, and SQLAlchemy's row objects cost more than them."""
    driver: Any = conn.connection.driver_connection
    text = dialect_of(conn).driver_sql(statement)
    return list(driver.execute(text, params or {}).fetchall())


_LISTINGS = itertools.count()  # names of server-side cursors: two may be open at once


def streamed(conn: Connection, statement: str, params: Params | None = None,
             size: int = 1000) -> Generator[tuple[Any, ...], None, None]:
    """``rows``, ``size`` at a time as they are read, for a listing of any length: on
    PostgreSQL from a server-side cursor (memory stays bounded), closed however the reading
    ends."""
    driver: Any = conn.connection.driver_connection
    text = dialect_of(conn).driver_sql(statement)
    cursor = (driver.cursor(f"timeline_listing_{next(_LISTINGS)}") if dialect_of(conn).postgres
              else driver.cursor())
    try:
        cursor.execute(text, params or {})
        while batch := cursor.fetchmany(size):
            yield from batch
    finally:
        # A listing left half-way may be collected after its transaction ended, which took
        # a server-side cursor with it: closing it then would fail (on PostgreSQL, in
        # whatever transaction the pooled connection is in by then).
        if not conn.closed:
            with suppress(Exception):  # SQLite's connection may be closed under it
                cursor.close()


def run(conn: Connection, statement: str, params: Params | None = None) -> None:
    """Run one statement with named parameters."""
    conn.exec_driver_sql(dialect_of(conn).driver_sql(statement), dict(params or {}))


def insert_ignoring(conn: Connection, table: str, columns: Mapping[str, str],
                    values: Sequence[tuple[Any, ...]]) -> None:
    """Insert rows (tuples in the order of ``columns``, each mapped to its PostgreSQL type),
    skipping any already there: one statement of arrays on PostgreSQL (a round trip per
    row cost more than the insert), the driver's executemany on SQLite (in process)."""
    if not values:
        return
    names = ", ".join(columns)
    if dialect_of(conn).postgres:
        arrays = ", ".join(f":{c}::{kind}[]" for c, kind in columns.items())
        run(conn, f"INSERT INTO {table} ({names}) SELECT * FROM unnest({arrays}) "
            "ON CONFLICT DO NOTHING",
            {c: list(column) for c, column in zip(columns, zip(*values, strict=True),
                                                  strict=True)})
    else:
        _positional(conn, f"INSERT OR IGNORE INTO {table} ({names}) VALUES "
                    f"({', '.join('?' for _ in columns)})", list(values))


def keyed_days(conn: Connection, days: Mapping[int, int]) -> tuple[str, dict[str, Any]]:
    """A FROM item ``t(key_id, since)`` of (fact id, day) pairs, and its parameters:
    ``unnest`` of two arrays on PostgreSQL; on SQLite a temporary table, joined with
    CROSS JOIN so that SQLite keeps it as the outer loop (an index seek a fact)."""
    keys = sorted(days)
    if dialect_of(conn).postgres:
        return ("unnest(:key_ids::int[], :sinces::int[]) AS t(key_id, since)",
                {"key_ids": keys, "sinces": [days[k] for k in keys]})
    conn.exec_driver_sql("CREATE TEMP TABLE IF NOT EXISTS tl_touched "
                         "(key_id INTEGER, since INTEGER)")
    conn.exec_driver_sql("DELETE FROM temp.tl_touched")
    _positional(conn, "INSERT INTO temp.tl_touched (key_id, since) VALUES (?, ?)",
                [(k, days[k]) for k in keys])
    return "temp.tl_touched t CROSS", {}


def integrity_problems(conn: Connection, limit: int = 5) -> list[str]:
    """What the database's own check finds wrong with its file (PostgreSQL has none)."""
    check = dialect_of(conn).integrity_check
    if check is None:
        return []
    found = [str(row[0]) for row in conn.exec_driver_sql(check)]
    return [] if found == ["ok"] else found[:limit]


def record_time(known_at: dt.datetime | None) -> int:
    """The record time of ``--known-at`` (microseconds), or now when none is given."""
    return NOW if known_at is None else to_micros(known_at)


def seen_at(table: FromClause, rec: int) -> ColumnElement[bool]:
    """``visible`` for SQLAlchemy Core: the rows of ``table`` visible at record time ``rec``."""
    from sqlalchemy import and_

    return and_(table.c.rec_from <= rec, table.c.rec_to > rec)


# Fragments: SQL text for the phrases every query repeats, over a table alias and the
# names of the parameters they read.

def visible(alias: str, at: str = "rec", *, by_index: bool = True) -> str:
    """The rows of ``alias`` visible at record time ``:at``: recorded by then, not yet
    replaced. ``by_index=False`` writes ``+alias.rec_to``: the unary plus takes rec_to out
    of SQLite's choice of index, so that an index of days leads, not one of rec_to."""
    end = f"{alias}.rec_to" if by_index else f"+{alias}.rec_to"
    return f"{alias}.rec_from <= :{at} AND {end} > :{at}"


def live(alias: str) -> str:
    """The versions of ``alias`` that count (neither retracted nor unreadable)."""
    return f"{alias}.status IN ({', '.join(repr(s) for s in LIVE)})"


def holding_row(key: str, day: str = "day", at: str = "rec", pick: str = "g.id") -> str:
    """``pick`` of the one row of fact ``key`` that can hold on day ``:day`` as recorded at
    ``:at``: of its rows visible then, the first by valid_to that ends after the day. The
    rows of a fact never overlap, so no other can; one seek of tl_facts_key (key_id,
    valid_to, rec_to), not a scan, however long the fact's history."""
    return (f"(SELECT {pick} FROM tl_facts g WHERE g.key_id = {key} "
            f"AND g.valid_to > :{day} AND {visible('g', at)} ORDER BY g.valid_to LIMIT 1)")


def holds(fact: str, key: str, day: str = "day", at: str = "rec") -> str:
    """Join condition: ``fact`` is the row of fact ``key`` holding on ``:day`` as recorded
    at ``:at`` (the row of ``holding_row``, if it has begun by then)."""
    return f"{fact}.id = {holding_row(key, day, at)} AND {fact}.valid_from <= :{day}"


def value_on(key: str, day: str, at: str = "rec") -> str:
    """The value of fact ``key`` at the end of day ``:day`` as recorded at ``:at`` (NULL
    when none holds), as a scalar subquery."""
    return holding_row(key, day, at, pick=f"CASE WHEN g.valid_from <= :{day} THEN g.value END")


def dated_in(alias: str, first: str = "lo", last: str = "hi") -> str:
    """Rows of ``alias`` known to have taken effect on a day from ``:first`` to ``:last``."""
    return f"{alias}.on_start >= :{first} AND {alias}.on_start <= :{last}"


_NAMED = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")
# A parameter cast to an array type (``:ids::int[]``), whose type the statement says.
_ARRAY = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)(?=::\w+\[\])")


@lru_cache(maxsize=512)  # the statements are few, but some carry a list of ids in their text
def _pyformat(statement: str) -> str:
    """``:name`` as psycopg's ``%(name)s`` (a PostgreSQL cast ``::type`` left alone); a
    parameter cast to an array type as ``%(name)b``, sent in binary: as text, psycopg
    quotes each element in Python, several times as long for a batch's arrays."""
    return _NAMED.sub(r"%(\1)s", _ARRAY.sub(r"%(\1)b", statement.replace("%", "%%")))


def insert_rows(conn: Connection, table: str, rows: Sequence[Params]) -> None:
    """Insert rows (mappings of the same columns) into ``table`` straight through the
    driver, as the read model's writes in bulk do: SQLAlchemy's per-row parameter
    processing cost more than the inserts. On PostgreSQL by ``COPY``: psycopg's
    ``executemany`` adapts each row's parameters in Python, at several times the cost of
    the row on the server; on SQLite (in process) by the driver's ``executemany``."""
    if not rows:
        return
    columns = list(rows[0])
    if dialect_of(conn).postgres:
        _copy(conn, table, columns, rows)
        return
    _positional(conn, f"INSERT INTO {table} ({', '.join(columns)}) "
                f"VALUES ({', '.join('?' for _ in columns)})",
                list(map(itemgetter(*columns), rows)) if len(columns) > 1
                else [(row[columns[0]],) for row in rows])


def _positional(conn: Connection, statement: str, rows: list[tuple[Any, ...]]) -> None:
    """SQLite's executemany of rows in the order of the statement's columns: sqlite3 binds
    a named parameter by making its name a string and looking it up in the row's mapping,
    for every parameter of every row, which cost a quarter of a bulk insert (measured on
    tl_versions: 100,000 rows in 1.55 s by name, 1.18 s in order)."""
    if rows:
        conn.exec_driver_sql(statement, rows)


def _copy(conn: Connection, table: str, columns: list[str], rows: Sequence[Params]) -> None:
    # The names are the schema's own (never a user's): the statement is made as INSERT's is.
    statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    driver: Any = conn.connection.driver_connection
    try:
        with driver.cursor() as cursor, cursor.copy(statement) as copy:
            write = copy.write_row
            for values in map(itemgetter(*columns), rows) if len(columns) > 1 \
                    else ((row[columns[0]],) for row in rows):
                write(values)
    except conn.dialect.loaded_dbapi.Error as exc:
        # As SQLAlchemy reports a statement it ran (the store's callers catch DBAPIError),
        # a lost connection invalidated so that the pool does not hand it out again.
        from sqlalchemy.exc import DBAPIError

        lost = conn.dialect.is_disconnect(exc, driver, None)
        if lost:
            conn.invalidate(exc)
        raise DBAPIError.instance(statement, None, exc, conn.dialect.loaded_dbapi.Error,
                                  connection_invalidated=lost, dialect=conn.dialect) from exc
