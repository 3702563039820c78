"""Which events a listing asks for (``Asked``), checked and read in one read transaction:
the same for the store (``app.listings``) and for a quick read of a SQLite file
(``app.quick``), with no SQLAlchemy or eventsourcing to load.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from timeline.app import naming
from timeline.domain.dates import check_period
from timeline.domain.values import ActorData
from timeline.domain.vocabulary import check_id, check_types
from timeline.errors import InvalidValue
from timeline.storage import listing
from timeline.storage.listing import log_entries
from timeline.storage.states import Entry

if TYPE_CHECKING:
    from sqlalchemy import Connection

T = TypeVar("T")


@dataclass(frozen=True)
class Asked:
    """Which events a listing asks for, in order of when they took effect (see
    ``Timeline.iter_events``): of one relationship (``pair``, by any names), from ``first``
    to ``last``, of some ``types``, as recorded at ``known_at``, retracted ones too; those
    ``actor`` is a party to (with any counterpart, or alone) or went between; those about
    an actor or topic (``about``); those whose location holds some text (``location``)."""

    pair: tuple[str, str] | None = None
    first: dt.date | None = None
    last: dt.date | None = None
    types: Sequence[str] = ()
    known_at: dt.datetime | None = None
    include_retracted: bool = False
    actor: str | None = None
    about: str | None = None
    location: str | None = None


def entries(conn: Connection, asked: Asked) -> Generator[Entry, None, None]:
    """The versions a listing asks for, its filters checked first and the actors they name
    found in the same read (an 'about' names an actor or a topic)."""
    check_period(asked.first, asked.last)
    check_types(asked.types)
    about = asked.about
    if about is not None:
        about = check_id(naming.topic_or_id(conn, about), "'about' id")
    if asked.location is not None and not asked.location.strip():
        raise InvalidValue("--location needs some text to look for")
    pair = None if asked.pair is None else naming.pair_in(conn, asked.pair)
    actor = naming.resolve(conn, asked.actor).id if asked.actor is not None else None
    return log_entries(conn, pair, asked.first, asked.last, asked.types, asked.known_at,
                       asked.include_retracted, actor=actor, about=about,
                       location=asked.location)


def listed(conn: Connection, asked: Asked, form: Callable[[Entry], T]
           ) -> Generator[T, None, None]:
    """``form`` of each version a listing asks for (``entries``), read in ``conn``."""
    return listing.formed(form, entries(conn, asked))


def exported(conn: Connection, pair: tuple[str, str] | None, form: Callable[[Entry], T]
             ) -> Generator[ActorData | T, None, None]:
    """Every actor (or the pair's two), then ``form`` of each of the events (the pair's),
    all read in ``conn``: an export."""
    if pair is not None:
        pair = naming.pair_in(conn, pair)
    yield from listing.actors(conn, pair)
    yield from listing.formed(form, listing.log_entries(conn, pair))

