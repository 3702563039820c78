"""The read model's database: one SQLAlchemy engine per store, with the transactions every
reader and writer goes through.

A read is one transaction with one snapshot (SQLite's deferred BEGIN in WAL mode, PostgreSQL's
REPEATABLE READ), so an answer made of several queries never mixes two states of the store.
A write takes the write lock up front (SQLite's BEGIN IMMEDIATE; on PostgreSQL the position
row is locked by the projector).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any, Literal

from sqlalchemy import Connection, Engine, create_engine, event, insert, inspect, select
from sqlalchemy.exc import DBAPIError, IntegrityError

from timeline.domain.vocabulary import MEANING
from timeline.errors import StoreError
from timeline.storage import schema, sql
from timeline.storage.config import StoreConfig, sqlite_uri

LOG_TABLES = {"stored_events", "timeline_events"}  # eventsourcing's, on SQLite and PostgreSQL


class Database:
    def __init__(self, config: StoreConfig) -> None:
        self.config = config
        self.engine = _make_engine(config)
        self._created = False
        self.damage: str | None = None  # what is wrong with the read model, if anything

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            if self.config.backend == "postgresql":
                conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                yield conn

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            conn.execution_options(timeline_write=True)
            with conn.begin():
                yield conn

    def tidy(self, statistics: bool = True) -> None:
        """Reclaim the rows refolds deleted and (with ``statistics``) refresh the planner's
        statistics, outside any transaction (PostgreSQL's VACUUM (ANALYZE) of the read
        model's large tables).

        A bulk import runs it as it goes: without it (a server whose autovacuum is off, or
        has not come round yet), each fact's deleted intervals pile up in its index and the
        planner plans for empty tables, and each batch took longer than the last (a
        1,000,000-event import: from 283 to 632 us an event). SQLite keeps no dead rows."""
        dialect = sql.dialect_named(self.config.backend)
        statement = dialect.tidying if statistics else dialect.reclaiming
        if statement is None:
            return
        with self.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT")
            conn.exec_driver_sql(statement)

    def survey(self) -> Literal["ours", "empty", "foreign"]:
        """Whose tables the database holds: ours (the read model, or the log alone, whose
        read model will be made again), none, or only another application's."""
        names = self._table_names()
        if not names:
            return "empty"
        if schema.position.name in names or (names <= LOG_TABLES and self._our_log()):
            return "ours"
        return "foreign"

    def _our_log(self) -> bool:
        """The log table alone (its read model dropped) is ours when it is empty or holds
        this application's events; every eventsourcing application names it so."""
        path = self.config.sqlite_path
        if path is None:
            return True  # on PostgreSQL the log table is named after this application
        log = sqlite3.connect(sqlite_uri(path, "ro"), uri=True)
        try:
            row = log.execute("SELECT topic FROM stored_events LIMIT 1").fetchone()
        except sqlite3.DatabaseError:
            return False  # a table of that name, but not eventsourcing's
        finally:
            log.close()
        return row is None or str(row[0]).startswith("timeline.")

    def _table_names(self) -> set[str]:
        path = self.config.sqlite_path
        if path is None:
            with self.engine.connect() as server:
                encoding = server.exec_driver_sql("SHOW server_encoding").scalar()
            if encoding != "UTF8":  # names and notes in any script must fit
                raise StoreError(f"cannot open store {self.config.display!r}: the database's "
                                 f"encoding is {encoding}, not UTF8 (createdb -E UTF8 ...)")
            return set(inspect(self.engine).get_table_names())
        if not os.path.exists(path):
            return set()
        # Read-only, and without our engine's pragmas: another application's file must be
        # left exactly as it was (switching it to WAL would rewrite its header).
        file = sqlite3.connect(sqlite_uri(path, "ro"), uri=True)
        try:
            rows = file.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            return {name for (name,) in rows}
        finally:
            file.close()

    def create(self) -> None:
        """Create the read model's tables and its position row, if they are not there.

        Some of them there and others not is damage (a table dropped by hand, a disk
        fault): nothing is made then, and ``damage`` says what is wrong, until a rebuild
        (``reset``) makes the read model again.
        """
        if self._created:
            return
        ours = {table.name for table in schema.metadata.sorted_tables}
        found = self._table_names() & ours
        if {schema.versions.name, schema.effects.name} <= found and (
                not {schema.pairs.name, schema.mentions.name, schema.leads.name,
                     schema.lead_rows.name, schema.aliases.name} <= found
                or not self._current_layout()):
            # A read model an earlier version made (it copied each event's content, or
            # projected the events with another meaning: signing once meant in force; or it
            # had no tables of leads or aliases): it is made again from the log, which every version
            # keeps the same.
            schema.metadata.drop_all(self.engine, checkfirst=True)
            found = set()
        missing = sorted(ours - found)
        if found and missing:
            self.damage = f"its table {missing[0]} is missing"
            return
        try:
            schema.metadata.create_all(self.engine, checkfirst=True)
        except DBAPIError:
            # Another process may have created the tables at the same moment.
            schema.metadata.create_all(self.engine, checkfirst=True)
        # Read first: opening a store that exists must not wait for a writer's lock.
        with self.reading() as conn:
            present = conn.execute(select(schema.position.c.id)).first() is not None
        if not present:
            # Tables without a position are a store another process is making this very
            # moment, unless they hold rows: then the position was lost.
            with self.reading() as conn:
                holds_rows = conn.execute(select(schema.actors.c.id).limit(1)).first()
            if found and holds_rows is not None:
                self.damage = "its position in the log is missing"
                return
            with suppress(IntegrityError), self.writing() as conn:
                conn.execute(
                    insert(schema.position).values(id=1, notification_id=0, last_rec=0,
                                                   meaning=MEANING)
                    .prefix_with("OR IGNORE", dialect="sqlite")
                )
        self._created = True

    def _current_layout(self) -> bool:
        """The read model is laid out as this version lays it out (see ``create``)."""
        found = inspect(self.engine)
        if not found.has_table(schema.position.name):
            return True  # no position is damage, which ``create`` reports
        if not all(column in {c["name"] for c in found.get_columns(table.name)}
                   for table, column in ((schema.versions, "content_version"),
                                         (schema.versions, "content"),
                                         (schema.versions, "recorded_by"),
                                         (schema.effects, "key_id"),
                                         (schema.effects, "on_lo"),
                                         (schema.actors, "exists_day"),
                                         (schema.mentions, "role"),
                                         (schema.position, "meaning"))):
            return False
        with self.reading() as conn:
            meaning = conn.execute(select(schema.position.c.meaning)).scalar()
        return meaning in (None, MEANING)

    def reset(self) -> None:
        """Drop and recreate every read-model table (the log is untouched)."""
        schema.metadata.drop_all(self.engine, checkfirst=True)
        self._created = False
        self.damage = None
        self.create()


def _make_engine(config: StoreConfig) -> Engine:
    if config.backend == "sqlite":
        engine = create_engine(
            config.sqlalchemy_url, connect_args={"timeout": config.lock_timeout}
        )

        @event.listens_for(engine, "connect")
        def _connect(dbapi_conn: Any, _record: Any) -> None:
            # We issue BEGIN ourselves (pysqlite's own handling defers it past SELECTs).
            dbapi_conn.isolation_level = None
            dbapi_conn.execute("PRAGMA journal_mode=WAL")
            dbapi_conn.execute("PRAGMA synchronous=NORMAL")

        @event.listens_for(engine, "begin")
        def _begin(conn: Connection) -> None:
            write = conn.get_execution_options().get("timeline_write", False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

        return engine
    try:
        # No prepared statements: psycopg prepares a query after five runs, and a plan made
        # while the tables were empty (a sequential scan) was kept as they grew.
        return create_engine(config.sqlalchemy_url, pool_pre_ping=True,
                             connect_args={"prepare_threshold": None})
    except Exception as exc:  # pragma: no cover - depends on the driver
        raise StoreError(f"cannot open store {config.display!r}: {exc}") from None
