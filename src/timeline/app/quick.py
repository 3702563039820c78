"""Questions answered straight from a SQLite read model that is up to date, before SQLAlchemy
and eventsourcing load: ``timeline state A B`` (and ``state A``) start in a fifth of the
time they took through the store.

A quick read opens the file with the driver alone, in one read transaction (one snapshot of
the WAL): when the read model's position is the end of the log and it was made with this
version's meaning, the answer is read there, by the very functions the store answers with
(``storage.proposals.relationship_state``, ``app.naming.resolve``), so it cannot differ.

An event's content (an announced one, a proposal) is read from the read model, which keeps
it as the projection read it: neither SQLAlchemy nor eventsourcing loads. Anything else is
handed on to the store (the answer is None): PostgreSQL, a file that is not a store, a read
model behind its log or made by another version, damage, a refusal (an unknown or ambiguous
name), and whatever the plain-SQL readers leave to SQLAlchemy. The store then answers
through the full path, catching up first, with its own checks and its own words.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import AbstractContextManager, closing, contextmanager
from typing import TYPE_CHECKING, Any, TypeVar, cast

from timeline.app import naming
from timeline.domain.dates import check_period
from timeline.domain.vocabulary import MEANING, check_types
from timeline.errors import StoreError, TimelineError, first_line
from timeline.storage import names
from timeline.storage.config import parse_store, sqlite_uri
from timeline.storage.proposals import actor_ties, relationship_state
from timeline.storage.sql import READ_MODEL_TABLES, SQLITE

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from timeline.app.filters import Asked
    from timeline.domain.actor_state import ActorState
    from timeline.domain.diffs import Diff
    from timeline.domain.jsonable import Written
    from timeline.domain.overview import Changes, Members
    from timeline.domain.values import EventData, State

T = TypeVar("T")

# Where the read model stands, where the log ends (eventsourcing numbers its entries by
# rowid on SQLite), and how many of the read model's tables are there (fewer is damage, for
# the store to report), read in the same snapshot.
_POSITION = ("SELECT p.notification_id, p.meaning, "
             f"(SELECT COALESCE(MAX(rowid), 0) FROM {SQLITE.log_table}), "
             "(SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
             f"({', '.join(repr(t) for t in READ_MODEL_TABLES)})) FROM tl_position p")


class HandedOn(Exception):
    """The question needs more than a quick read: the store answers it."""


def state(spec: str | None, a: str, b: str, as_of: dt.date,
          known_at: dt.datetime | None = None) -> State | None:
    """``Timeline.state`` of the store ``spec`` names, when a quick read can give it."""

    def ask(conn: Connection) -> State:
        first, second = naming.pair_in(conn, (a, b))  # refused: the store says why
        return relationship_state(conn, first, second, as_of.toordinal(), known_at)

    return answer(spec, ask)


def diff(spec: str | None, a: str, b: str, first: dt.date, last: dt.date,
         known_at: dt.datetime | None = None) -> Diff | None:
    """``Timeline.diff`` of the store ``spec`` names, when a quick read can give it (its
    events read with the rest, in the same snapshot)."""
    from timeline.storage import diffs  # here: a state, asked far more often, needs none of it

    def ask(conn: Connection) -> Diff:
        check_period(first, last)
        one, other = naming.pair_in(conn, (a, b))  # refused: the store says why
        return diffs.diff(conn, one, other, first, last, known_at)

    return answer(spec, ask)


def actor_state(spec: str | None, actor: str, as_of: dt.date,
                known_at: dt.datetime | None = None) -> ActorState | None:
    """``Timeline.actor_state`` of the store ``spec`` names, when a quick read can give it."""

    def ask(conn: Connection) -> ActorState:
        return actor_ties(conn, naming.resolve(conn, actor).id, as_of.toordinal(), known_at)

    return answer(spec, ask)


def events(spec: str | None, asked: Asked, as_json: bool
           ) -> Generator[EventData | Written, None, None] | None:
    """``Listings.listed`` of the store ``spec`` names (``timeline log``), each event as
    ``storage.states.listed_form`` gives it, when a quick read can give them."""
    from timeline.app import filters
    from timeline.storage.states import listed_form

    form = listed_form(as_json)
    return listing(spec, lambda conn: filters.listed(conn, asked, form))


def changes(spec: str | None, first: dt.date, last: dt.date, actor: str | None = None,
            types: Sequence[str] = (), known_at: dt.datetime | None = None) -> Changes | None:
    """``Timeline.changes`` of the store ``spec`` names, when a quick read can give it."""
    from timeline.storage import overview  # here: its answers are no other question's

    def ask(conn: Connection) -> Changes:
        check_period(first, last)
        check_types(types)  # refused: the store says why
        asked = None if actor is None else naming.resolve(conn, actor).id
        return overview.changes(conn, first, last, asked, types, known_at)

    return answer(spec, ask)


def members(spec: str | None, group: str, as_of: dt.date,
            known_at: dt.datetime | None = None) -> Members | None:
    """``Timeline.members`` of the store ``spec`` names, when a quick read can give it."""
    from timeline.storage import overview  # here: its answers are no other question's

    def ask(conn: Connection) -> Members:
        asked = naming.resolve(conn, group).id  # refused: the store says why
        return overview.members(conn, asked, as_of.toordinal(), known_at)

    return answer(spec, ask)


def actor_names(spec: str | None) -> list[tuple[str, str]] | None:
    """Every actor's id and name, by id (what shell completion offers), when a quick read
    can give them."""
    return answer(spec, names.actor_names)


def listing(spec: str | None, read: Callable[[Connection], Generator[T, None, None]]
            ) -> Generator[T, None, None] | None:
    """A listing from a quick read of the store, or None (as ``answer``). Its first item is
    read here, so that a question a quick read cannot give (or refuses) is handed on
    whole; the rest as they are taken, in the same read transaction, which ends with the
    last (or when the iterator is closed). A failure after the first is reported as the
    store reports it (a ``StoreError``): the listing has begun."""
    reading = _reading(spec)
    try:
        conn = reading.__enter__()
        if conn is not None:
            items = read(conn)
            return _rest(reading, next(items, _NOTHING), items, parse_store(spec).display)
    except Exception:
        pass
    reading.__exit__(None, None, None)
    return None


def _rest(reading: AbstractContextManager[Any], first: Any, items: Generator[T, None, None],
          display: str) -> Generator[T, None, None]:
    try:
        if first is not _NOTHING:
            yield first
            yield from items
    except sqlite3.Error as exc:
        raise StoreError(f"cannot use store {display!r}: {first_line(exc)}") from exc
    finally:
        items.close()  # its cursor first, then the transaction and the file
        reading.__exit__(None, None, None)  # entered by ``listing``


_NOTHING: Any = object()


def answer(spec: str | None, question: Callable[[Connection], T]) -> T | None:
    """The question's answer from a quick read of the store, or None (see the module).
    Whatever goes wrong here (a refusal, a damaged file, a value it cannot read) is left to
    the store to find again and to say in its own words."""
    try:
        with _reading(spec) as conn:
            return None if conn is None else question(conn)
    except Exception:
        return None


@contextmanager
def _reading(spec: str | None) -> Iterator[Connection | None]:
    """One read transaction on an up-to-date SQLite read model, None when there is none."""
    try:
        config = parse_store(spec)
    except TimelineError:
        yield None
        return
    path = config.sqlite_path
    if path is None or not os.path.isfile(path):
        yield None
        return
    # mode=rw: a file is never made here; isolation_level None: BEGIN is ours, as the
    # store's engine issues it.
    driver = sqlite3.connect(sqlite_uri(path, "rw"), uri=True, isolation_level=None,
                             timeout=config.lock_timeout)
    with closing(driver):
        driver.execute("BEGIN")
        try:
            found = driver.execute(_POSITION).fetchone()  # None: the position is lost
            up_to_date = (found is not None and found[1] == MEANING and found[0] == found[2]
                          and found[3] == len(READ_MODEL_TABLES))
            yield cast("Connection", _Reading(driver)) if up_to_date else None
        finally:
            driver.execute("ROLLBACK")


class _Reading:
    """As much of a SQLAlchemy ``Connection`` as the plain-SQL readers use (``sql.rows``
    and ``sql.dialect_of``); anything more hands the question on."""

    closed = False  # a quick read's cursors are closed before its file is (``_rest``)

    def __init__(self, driver: sqlite3.Connection) -> None:
        self.connection = _Driver(driver)
        self.dialect = _Dialect()

    def __getattr__(self, name: str) -> Any:
        raise HandedOn(f"a quick read has no {name!r}")


class _Driver:
    def __init__(self, driver: sqlite3.Connection) -> None:
        self.driver_connection = driver


class _Dialect:
    name = SQLITE.name
