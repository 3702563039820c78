"""Listings: the events a store holds, read as they are written, each in the form its
reader asks for: as events (``EventData``), as their JSON answers, or as the lines of our
files. The answers and lines are made from the text the read model keeps of each version
(domain.event_text), not by making an event of each: a listing of 100,000 events is
written in the time it takes to read and write its text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from timeline.app import naming
from timeline.app.store import Store, store_errors
from timeline.domain.dates import check_period
from timeline.domain.jsonable import Written
from timeline.domain.values import ActorData, EventData, check_pair
from timeline.domain.vocabulary import check_id, get_type
from timeline.errors import InvalidValue
from timeline.storage import queries
from timeline.storage.states import event_answer, event_line, stored_event

T = TypeVar("T")


@dataclass(frozen=True)
class Asked:
    """Which events a listing asks for (see ``Timeline.iter_events``)."""

    pair: tuple[str, str] | None = None
    first: dt.date | None = None
    last: dt.date | None = None
    types: Sequence[str] = ()
    known_at: dt.datetime | None = None
    include_retracted: bool = False
    actor: str | None = None
    about: str | None = None
    location: str | None = None


class Listings:
    """The events of one store, one at a time as they are read, from one snapshot: the
    reading transaction stays open until the last is taken (or the iterator is closed)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def events(self, asked: Asked) -> Generator[EventData, None, None]:
        return self._listed(asked, stored_event)

    def answers(self, asked: Asked) -> Generator[Written, None, None]:
        """The events as answers write them (``EventData.to_json``)."""
        return self._listed(asked, event_answer)

    @store_errors
    def _listed(self, asked: Asked, form: Callable[[Any], T]) -> Generator[T, None, None]:
        pair, actor, about = _checked(self.store, asked)
        with self.store.reading_of_actors(*(pair or ()), *([actor] if actor else [])) as conn:
            for entry in queries.log_entries(
                    conn, pair, asked.first, asked.last, asked.types, asked.known_at,
                    asked.include_retracted, actor=actor, about=about,
                    location=asked.location):
                yield form(entry)

    @store_errors
    def exported(self, pair: tuple[str, str] | None = None
                 ) -> Generator[ActorData | EventData, None, None]:
        """Every actor, then every event, all from one snapshot (so the events' actors are
        there): an export of any size streams."""
        yield from self._exported(pair, stored_event)

    @store_errors
    def exported_lines(self, pair: tuple[str, str] | None = None
                       ) -> Generator[ActorData | str, None, None]:
        """``exported``, each event as its line of our JSON Lines files
        (``json.dumps(event.to_file(), ensure_ascii=False)``)."""
        yield from self._exported(pair, event_line)

    def _exported(self, pair: tuple[str, str] | None, form: Callable[[Any], T]
                  ) -> Generator[ActorData | T, None, None]:
        if pair is not None:
            pair = naming.pair_ids(self.store, pair)
        with self.store.reading_of(pair) as conn:
            yield from queries.actors(conn, pair)
            yield from map(form, queries.log_entries(conn, pair))


def _checked(store: Store, asked: Asked
             ) -> tuple[tuple[str, str] | None, str | None, str | None]:
    """A listing's filters checked, with the actors they name as ids (an 'about' names an
    actor or a topic)."""
    check_period(asked.first, asked.last)
    for name in asked.types:
        get_type(name)
    about = asked.about
    if about is not None:
        about = check_id(naming.id_or_topic(store, about), "'about' id")
    if asked.location is not None and not asked.location.strip():
        raise InvalidValue("--location needs some text to look for")
    pair = asked.pair
    if pair is not None:
        pair = naming.pair_ids(store, pair)
        check_pair(*pair)
    return pair, naming.ids(store, asked.actor)[0] if asked.actor is not None else None, about
