"""The store behind the application: the event log (``storage.log``) and the read model
(``storage.engine``) kept in step, and the transactions that every command and query goes
through."""

from __future__ import annotations

import contextlib
import functools
import inspect
import os
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any, ParamSpec, Self, TypeVar, cast

import sqlalchemy.exc
from eventsourcing.persistence import PersistenceError, StoredEvent
from sqlalchemy import Connection

from timeline.domain.aggregates import Action, Actor, Logged, TextIdAggregate
from timeline.domain.values import EventData, check_pair
from timeline.domain.vocabulary import check_id
from timeline.errors import (
    Conflict,
    NotFound,
    StoreError,
    TimelineError,
    first_line,
    suggest,
)
from timeline.storage import projector, queries, states
from timeline.storage.config import StoreConfig, parse_store
from timeline.storage.engine import Database
from timeline.storage.log import AlreadyStored, Entry, EventLog
from timeline.storage.readable import Projected

P = ParamSpec("P")
R = TypeVar("R")
OPEN_ATTEMPTS = 5


def store_errors(method: Callable[P, R]) -> Callable[P, R]:
    """Report database failures as one-line store errors, never as tracebacks; for a
    generator, those met while it is iterated too."""

    def translated(args: Any, exc: Exception) -> StoreError:
        # The method's object is the store, or holds it (Timeline, Recording, Importer...).
        store = getattr(args[0], "store", args[0])
        display = getattr(getattr(store, "config", None), "display", "?")
        return StoreError(f"cannot use store {display!r}: {first_line(exc)}")

    if inspect.isgeneratorfunction(method):
        @functools.wraps(method)
        def streaming(*args: Any, **kwargs: Any) -> Any:
            try:
                yield from method(*args, **kwargs)
            except TimelineError:
                raise
            except _store_failures() as exc:
                raise translated(args, exc) from exc

        return cast(Callable[P, R], streaming)

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except TimelineError:
            raise
        except _store_failures() as exc:
            raise translated(args, exc) from exc

    return wrapper


_STORE_FAILURES = (sqlite3.Error, PersistenceError, sqlalchemy.exc.DBAPIError, OSError)


def _store_failures() -> tuple[type[Exception], ...]:
    """What a store's driver raises: psycopg's own errors too, where the PostgreSQL path
    (``COPY``, the log's append) used its connection without SQLAlchemy. Looked up once a
    failure is met, so that a SQLite store never loads psycopg."""
    psycopg = sys.modules.get("psycopg")
    return (*_STORE_FAILURES, psycopg.Error) if psycopg is not None else _STORE_FAILURES


class Store:
    """An open store: its event log and its read model."""

    WRITE_ATTEMPTS = 5

    def __init__(self, config: StoreConfig, create: bool = True) -> None:
        path = config.sqlite_path
        existed = path is None or os.path.exists(path)
        db = Database(config)
        try:
            found = db.survey()
            if found == "foreign" and config.backend == "sqlite":
                raise StoreError(f"cannot open store {config.display!r}: the file holds another "
                                 "application's tables, not a timeline")
            if found != "ours" and not create:
                raise _no_store(config)
            # An existing store's tables are not made again: on PostgreSQL, eventsourcing
            # would re-create its insert function, and concurrent opens would collide.
            self.log = EventLog(dict(config.es_env,
                                     CREATE_TABLE="yes" if found != "ours" else "no"))
        except BaseException:
            db.close()
            raise
        self.config = config
        self.db = db
        self.db.create()
        # A SQLite file this open made: a command refused before it stored anything leaves
        # no store behind (see ``discard_if_unused``).
        self.made_file = not existed
        # Actor ids seen to exist: an actor is never removed, and an id always names itself
        # (app.naming), so a question naming one needs no read to find it.
        self.actor_ids: set[str] = set()

    @classmethod
    def open(cls, spec: str | None = None, create: bool = True) -> Self:
        """The store ``spec`` names (see ``parse_store``); with ``create`` False, a store
        that does not exist yet is refused instead of made."""
        config = parse_store(spec)
        if (not create and config.sqlite_path is not None
                and not os.path.exists(config.sqlite_path)):
            raise _no_store(config)
        for attempt in range(OPEN_ATTEMPTS):
            try:
                return cls(config, create)
            except TimelineError:
                raise
            except Exception as exc:
                # Processes creating the tables of a new store at the same moment collide;
                # the loser finds them made when it looks again.
                if attempt == OPEN_ATTEMPTS - 1 or not _creation_race(exc):
                    raise StoreError(
                        f"cannot open store {config.display!r}: {first_line(exc)}"
                    ) from exc
                time.sleep(0.05 * (attempt + 1))
        raise AssertionError("unreachable")  # pragma: no cover

    def close(self) -> None:
        self.db.close()
        self.log.close()

    def discard_if_unused(self) -> None:
        """Close, and remove the SQLite file this open made if nothing was logged in it:
        a refused request must not leave a new, empty store behind."""
        unused = self.made_file and self.log_length() == 0
        self.close()
        path = self.config.sqlite_path
        if unused and path is not None:
            for name in (path, f"{path}-wal", f"{path}-shm"):
                with contextlib.suppress(FileNotFoundError):
                    os.remove(name)

    # -- the log and the read model ----------------------------------------------------

    def read_log(self, after: int, limit: int) -> list[tuple[int, Logged]]:
        return self.log.read(after, limit)

    @store_errors
    def log_length(self) -> int:
        return self.log.length()

    @store_errors
    def catch_up(self, progress: Callable[[int], None] | None = None) -> int:
        """Bring the read model up to the end of the log; returns the entries applied."""
        # Two indexed reads decide whether there is anything to do, so that queries on an
        # up-to-date read model never take the write lock.
        self._sound()
        with self.db.reading() as conn:
            position = projector.position_in(conn)
        if self._not_ahead(position) == position:
            return 0
        return projector.catch_up(self.db, self.read_log, progress)

    def _sound(self) -> None:
        """Refuse to answer from a read model known not to match the log."""
        if self.db.damage:
            raise StoreError(f"the read model of {self.config.display!r} does not match the "
                             f"log ({self.db.damage}); run 'timeline rebuild'")

    def _not_ahead(self, position: int) -> int:
        """The log's length, once the read model's position is known not to be past it."""
        length = self.log_length()
        if position > length:
            self.db.damage = f"it is at entry {position} of a log of {length}"
            self._sound()
        return length

    @store_errors
    def rebuild(self, progress: Callable[[int], None] | None = None) -> int:
        """Recreate the read model from the log alone."""
        self.db.reset()
        return projector.catch_up(self.db, self.read_log, progress)

    def append(self, aggregates: Sequence[TextIdAggregate], last_try: bool = True,
               project: bool = True) -> bool:
        """Append the aggregates' new events to the log in one transaction (and project
        them); False when another writer stored some of the same ids first."""
        if aggregates:
            try:
                self.log.append(aggregates)
            except AlreadyStored:
                if last_try:
                    raise Conflict("other processes keep recording the same events; "
                                   "nothing more was stored: run the command again") from None
                self.catch_up()
                return False
            if project:
                self.catch_up()
        return True

    def lock_log(self, conn: Connection) -> None:
        """Hold the log's write lock in this write transaction and bring the read model to
        the end of the log: nothing can then be appended behind what it appends."""
        self.log.lock_within(conn)
        while projector.catch_up_within(conn, self.read_log) == projector.BATCH:
            pass

    def append_within(self, conn: Connection, entries: Sequence[Entry],
                      projected: Projected | None = None) -> None:
        """Append entries made by ``log.prepare`` to the log in the write transaction of
        ``conn`` (after ``lock_log``), and project them from memory in the same transaction
        (``projected``: what ``readable.projectable`` made of them beforehand)."""
        projector.record_within(conn, self.log.append_within(conn, entries), projected)

    def append_stored_within(self, conn: Connection, stored: Sequence[StoredEvent]) -> int:
        """Append entries of another store's log (a restore) in the write transaction of
        ``conn`` (after ``lock_log``), and project them in it; the last one's position."""
        appended = self.log.append_stored_within(conn, stored)
        projector.record_within(conn, appended)
        return appended[-1][0]

    @contextmanager
    def writing(self, check: bool = True) -> Iterator[Connection]:
        """One write transaction on a read model brought up to the end of the log in it:
        what a command decides in it cannot be overtaken by another writer's events.
        ``check`` also makes sure the read model is not ahead of the log."""
        self._sound()
        with self.db.writing() as conn:
            while projector.catch_up_within(conn, self.read_log) == projector.BATCH:
                pass  # a backlog of more than one batch (a writer that died): the rest
            if check:
                self._not_ahead(projector.position_in(conn))
            yield conn

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """One read transaction, one snapshot, on a read model caught up with the log."""
        self.catch_up()
        with self.db.reading() as conn:
            yield conn

    @contextmanager
    def reading_pair(self, a: str, b: str) -> Iterator[Connection]:
        """``reading()``, once both actors of a relationship are known to the store."""
        for actor_id in (a, b):
            check_id(actor_id, "actor id")
        check_pair(a, b)
        with self.reading_of_actors(a, b) as conn:
            yield conn

    @contextmanager
    def reading_of_actors(self, *actors: str) -> Iterator[Connection]:
        """``reading()``, once these actors are known to the store."""
        for actor_id in actors:
            check_id(actor_id, "actor id")
        with self.reading() as conn:
            known = states.actor_ids(conn)
            for actor_id in actors:
                if actor_id not in known:
                    raise NotFound(f"unknown actor {actor_id!r}{suggest(actor_id, known)}")
            yield conn

    def reading_of(self, pair: tuple[str, str] | None) -> AbstractContextManager[Connection]:
        """A read of one relationship (its actors known) or of the whole record."""
        return self.reading_pair(*pair) if pair else self.reading()

    # -- one event -----------------------------------------------------------------------

    @store_errors
    def event(self, event_id: str) -> EventData:
        """The event as the record now holds it."""
        with self.reading() as conn:
            found = queries.event(conn, event_id)
        if found is None:
            raise self.unknown_event(event_id)
        return found

    def action(self, event_id: str) -> Action:
        """The event's aggregate, if it exists and still counts."""
        check_id(event_id, "event id")
        try:
            action = self.log.action(event_id)
        except (TimelineError, PersistenceError):
            raise
        except Exception:  # its entries cannot be decoded: it already counts for nothing
            raise Conflict(f"event {event_id!r} cannot be read by this version of timeline; "
                           "it counts for nothing and stays in the log") from None
        if action is None:
            raise self.unknown_event(event_id)
        if action.retracted:
            raise Conflict(f"event {event_id!r} is already retracted")
        return action

    def unknown_event(self, event_id: str) -> NotFound:
        """The refusal of an event id the store does not hold, with the ids close to it."""
        with self.db.reading() as conn:
            close = queries.event_ids_like(conn, event_id)
        return NotFound(f"unknown event {event_id!r}{suggest(event_id, close)}")

    def save_existing(self, action: Action, actors: Sequence[Actor] = ()) -> EventData:
        """Append what was done to an event already stored (and the new actors it names);
        the event as it now is."""
        try:
            self.log.append([*actors, action])
        except AlreadyStored:
            raise Conflict(f"event {action.event_id!r} was changed by another process "
                           "meanwhile; nothing was stored: run the command again") from None
        return self.event(action.event_id)


def _no_store(config: StoreConfig) -> StoreError:
    return StoreError(f"no store at {config.display!r}; 'timeline import', 'timeline add' or "
                      "'timeline actor add' creates one")


def _creation_race(exc: BaseException) -> bool:
    text = str(exc).lower()
    # "tuple concurrently updated": eventsourcing re-creates its PostgreSQL insert function
    # each time a store opens, and two processes doing so at once collide.
    return any(word in text for word in ("already exists", "duplicate key", "unique constraint",
                                         "deadlock", "database is locked",
                                         "tuple concurrently updated"))
