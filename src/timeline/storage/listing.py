"""What listings read, in plain SQL through the driver (no SQLAlchemy to load: a quick read
lists from here as the store does, see app.quick): every actor, and the versions of events
in the order of their days, each with the text of its content (storage.states.Entry).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Generator, Iterable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from timeline.domain.values import ActorData, pair_key
from timeline.storage import sql
from timeline.storage.states import ENTRY, Entry, stored_event

if TYPE_CHECKING:
    from sqlalchemy import Connection

T = TypeVar("T")


def formed(form: Callable[[Entry], T], entries: Generator[Entry, None, None]
           ) -> Generator[T, None, None]:
    """``form`` of each entry, as ``map`` gives them, but closing ``entries`` (and the
    cursor they are read from) when closed itself, in the transaction that read them:
    ``map`` passes no ``close`` on."""
    try:
        yield from map(form, entries)
    finally:
        entries.close()


def actors(conn: Connection, ids: Iterable[str] | None = None) -> list[ActorData]:
    """Every actor (or those of ``ids``), by id."""
    statement, params = "SELECT id, name, kind, exists_from FROM tl_actors", {}
    if ids is not None:
        dialect = sql.dialect_of(conn)
        statement += " WHERE " + dialect.one_of("id", "ids")
        params["ids"] = dialect.listed(list(ids))
    return [ActorData(*row) for row in sql.rows(conn, statement + " ORDER BY id", params)]


def log_entries(
    conn: Connection,
    pair: tuple[str, str] | None = None,
    first: dt.date | None = None,
    last: dt.date | None = None,
    types: Sequence[str] = (),
    known_at: dt.datetime | None = None,
    include_retracted: bool = False,
    *,
    actor: str | None = None,
    about: str | None = None,
    location: str | None = None,
) -> Generator[Entry, None, None]:
    """Versions in order of ``on`` (then recording order), from ``first`` to ``last``;
    with ``actor``, those it is a party to; with ``about``, those about that actor or
    topic; with ``location``, those whose location holds that text (any case)."""
    where = [sql.visible("v")] + ([] if include_retracted else [sql.live("v")])
    params: dict[str, Any] = {"rec": sql.record_time(known_at)}
    if pair is not None:
        where.append("v.pair = :pair")
        params["pair"] = pair_key(*pair)
    if actor is not None:
        where.append(_OF_ACTOR_OR_VIA)
        params.update(actor=actor, via=sql.VIA)
    if about is not None:
        where.append(_ABOUT)
        params.update(about=about, role=sql.ABOUT)
    if first is not None:
        where.append("v.on_start >= :first")
        params["first"] = first.toordinal()
    if last is not None:
        where.append("v.on_start <= :last")
        params["last"] = last.toordinal()
    if types:
        where.append(sql.dialect_of(conn).one_of("v.type", "types"))
        params["types"] = sql.dialect_of(conn).listed(list(types))
    statement = (f"SELECT {ENTRY} FROM tl_versions v WHERE {' AND '.join(where)} "
                 "ORDER BY v.on_start, v.seq")
    rows = sql.streamed(conn, statement, params)
    try:
        if location is None:
            yield from rows
            return
        # Locations are free text, not indexed: matched as read.
        needle = location.casefold()
        for entry in rows:
            if needle in str(stored_event(entry).fields.get("location", "")).casefold():
                yield entry
    finally:
        rows.close()  # its cursor, however the listing ends (``map`` passes no close on)


# A listing's filters: versions of the actor's relationships, or that it went between
# (which no correction changes); versions about an actor or topic.
_OF_ACTOR_OR_VIA = ("(v.pair IN (SELECT p.pair FROM tl_pairs p WHERE p.actor = :actor) "
                    "OR v.event_id IN (SELECT m.event_id FROM tl_mentions m "
                    "WHERE m.about = :actor AND m.role = :via))")
_ABOUT = ("EXISTS (SELECT 1 FROM tl_mentions m WHERE m.about = :about AND m.role = :role "
          "AND m.event_id = v.event_id AND m.version = v.content_version)")
