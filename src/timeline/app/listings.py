"""Listings: the events a store holds, read as they are written, each in the form its
reader asks for: as events (``EventData``), as their JSON answers, or as the lines of our
files. The answers and lines are made from the text the read model keeps of each version
(domain.event_text), not by making an event of each: a listing of 100,000 events is
written in the time it takes to read and write its text.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import TypeVar

from timeline.app import filters
from timeline.app.filters import Asked
from timeline.app.store import Store, store_errors
from timeline.domain.jsonable import Written
from timeline.domain.values import ActorData, EventData
from timeline.storage.states import Entry, event_answer, event_line, stored_event

T = TypeVar("T")


class Listings:
    """The events of one store, one at a time as they are read, from one snapshot: the
    reading transaction stays open until the last is taken (or the iterator is closed)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def events(self, asked: Asked) -> Generator[EventData, None, None]:
        return self.listed(asked, stored_event)

    def answers(self, asked: Asked) -> Generator[Written, None, None]:
        """The events as answers write them (``EventData.to_json``)."""
        return self.listed(asked, event_answer)

    @store_errors
    def listed(self, asked: Asked, form: Callable[[Entry], T]) -> Generator[T, None, None]:
        """``form`` of each version asked for (``stored_event``, ``event_answer``...)."""
        with self.store.reading() as conn:
            yield from filters.listed(conn, asked, form)

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

    def _exported(self, pair: tuple[str, str] | None, form: Callable[[Entry], T]
                  ) -> Generator[ActorData | T, None, None]:
        with self.store.reading() as conn:
            yield from filters.exported(conn, pair, form)
