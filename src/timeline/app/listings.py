"""Listings: the events a store holds, read as they are written, each in the form its
reader asks for: as events (``EventData``), as their JSON answers, or as the lines of our
files. The answers and lines are made from the text the read model keeps of each version
(domain.event_text), not by making an event of each: a listing of 100,000 events is
written in the time it takes to read and write its text.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import Any, TypeVar

from timeline.app.filters import Asked, entries, exported
from timeline.app.store import Store, store_errors
from timeline.domain.jsonable import Written
from timeline.domain.values import ActorData, EventData
from timeline.storage import listing
from timeline.storage.states import event_answer, event_line, stored_event

T = TypeVar("T")


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
        with self.store.reading() as conn:
            yield from listing.formed(form, entries(conn, asked))

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
        with self.store.reading() as conn:
            yield from exported(conn, pair, form)
