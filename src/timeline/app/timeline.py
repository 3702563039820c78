"""The timeline application: commands append to the event log, queries read the read model.

Methods take and return plain values (``timeline.domain.values``); every refusal is a
``TimelineError`` whose message is one line for the user. Every method brings the read
model up to the end of the log first, so answers include what other processes recorded.

The commands that record events take ``by``: the name of the known person recording them (a
signed-in user), kept on every log entry of an event the call writes and shown by
``history`` and the log; without it nobody is named, as before. The command line names
nobody: its writer is whoever sits at the terminal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Generator, Iterator, Sequence
from pathlib import Path
from typing import Any, Self

from timeline.app import backup, naming
from timeline.app.aliasing import Naming
from timeline.app.checking import Checks
from timeline.app.filters import Asked
from timeline.app.importer import Importer, ImportProgress, Items
from timeline.app.leads import LeadDesk
from timeline.app.listings import Listings
from timeline.app.recording import Recording
from timeline.app.store import Store, store_errors
from timeline.domain.actor_state import ActorState
from timeline.domain.checks import DEFAULT_MAX_GAP_DAYS
from timeline.domain.dates import check_period, format_time
from timeline.domain.diffs import Diff
from timeline.domain.findings import Finding
from timeline.domain.graph import Graph, graph
from timeline.domain.histories import Chronicle, Version
from timeline.domain.origins import check_by_hand
from timeline.domain.overview import Changes, Members, Network
from timeline.domain.records import ImportResult, Record, Restored
from timeline.domain.values import ActorData, EventData, State, pair_key
from timeline.domain.vocabulary import check_types
from timeline.storage import chronicles, overview, queries
from timeline.storage.config import StoreConfig
from timeline.storage.proposals import actor_ties, relationship_state


class Timeline:
    """What users do with a store: record, correct and retract events; ask about them.

    It holds the store (``store``); it records through ``Recording`` and ``Importer`` and
    checks through ``Checks``, which share that store. A refused or failed call raises a
    ``TimelineError`` and leaves the store as it was."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.recording = Recording(store)
        self.importer = Importer(store)
        self.checks = Checks(store)
        self.desk = LeadDesk(store, self.recording)  # leads and decisions on them
        self.names = Naming(store, self.recording)  # actors by name; aliases
        self.listings = Listings(store)  # events as they are read, in the form asked

    @classmethod
    def open(cls, spec: str | None = None, create: bool = True) -> Self:
        """The store ``spec`` names (see ``Store.open``)."""
        return cls(Store.open(spec, create))

    @property
    def config(self) -> StoreConfig:
        """Where the store is (its backend, and its name fit to show)."""
        return self.store.config

    def close(self) -> None:
        """Release the store's connections."""
        self.store.close()

    def discard_if_unused(self) -> None:
        """Close; remove the SQLite file this open made if nothing was recorded in it."""
        self.store.discard_if_unused()

    def log_length(self) -> int:
        """The number of entries in the event log (its last position)."""
        return self.store.log_length()

    def catch_up(self, progress: Callable[[int], None] | None = None) -> int:
        """Bring the read model up to the end of the log; returns the entries applied."""
        return self.store.catch_up(progress)

    def rebuild(self, progress: Callable[[int], None] | None = None) -> int:
        """Recreate the read model from the log alone."""
        return self.store.rebuild(progress)

    # -- commands ------------------------------------------------------------------------

    def add_actor(self, actor_id: str, name: str, kind: str = "other",
                  exists_from: str | None = None) -> ActorData:
        """Register an actor; registering the same one again changes nothing."""
        return self.recording.add_actor(actor_id, name, kind, exists_from)

    def add_event(self, raw: dict[str, Any], *, by: str | None = None
                  ) -> tuple[EventData, bool]:
        """Record one event typed by hand (its actors by id or name: ``add_event_naming``);
        returns it as stored and whether it was new."""
        event, created, _ = self.add_event_naming(raw, by=by)
        return event, created

    def add_event_naming(self, raw: dict[str, Any], *, by: str | None = None,
                         sourced: bool = False) -> tuple[EventData, bool, list[ActorData]]:
        """``add_event`` of an event typed by hand, and the actors it added from the
        built-in map; ``sourced``: a fact needs a source (a team's record, served)."""
        check_by_hand(raw.get("type"))
        raw, actors = self.names.by_id(raw, ("actor", "target", "via"))
        event, created = self.recording.add_event(raw, actors, by=by, sourced=sourced)
        return event, created, actors if created else []

    def correct(self, event_id: str, reason: str, *, on: str | None = None,
                announced: str | None = None, actor: str | None = None,
                target: str | None = None, fields: dict[str, str] | None = None,
                sources: Sequence[str] = (), by: str | None = None, sourced: bool = False
                ) -> EventData:
        """Record a corrected version of an event typed by hand (see ``Recording.correct``)."""
        check_by_hand(self.store.action(event_id).content.get("type"), correcting=event_id)
        named, actors = self.names.by_id({"actor": actor, "target": target}, ("actor", "target"))
        return self.recording.correct(event_id, reason, on=on, announced=announced,
                                      actor=named["actor"], target=named["target"],
                                      fields=fields, sources=sources, actors=actors, by=by,
                                      sourced=sourced)

    def retract(self, event_id: str, reason: str, *, by: str | None = None) -> EventData:
        """Record that an event no longer counts; it stays in the log and its history."""
        return self.recording.retract(event_id, reason, by=by)

    def history(self, event_id: str) -> list[Version]:
        """Every version of an event, from the log itself, oldest first."""
        return self.recording.history(event_id)

    def backup(self) -> Iterator[str]:
        """The whole log as JSON Lines, every entry as stored (see ``app.backup``)."""
        return backup.log_lines(self.store)

    def restore(self, path: Path, progress: ImportProgress | None = None) -> Restored:
        """A log file from ``backup`` appended to this (empty, or its beginning) as recorded."""
        return backup.Restore(self.store).run(path, progress)

    def import_stream(self, items: Items, progress: ImportProgress | None = None,
                      batch_size: int | None = None, dry_run: bool = False, *,
                      by: str | None = None) -> ImportResult:
        """Import ``("actor" | "event" | "skip", record)`` items read twice from ``items()``
        (``app.importer``); ``dry_run``: say what would be stored."""
        return self.importer.run(items, progress, batch_size, dry_run, by=by)

    def import_records(self, actors: Sequence[Record], events: Sequence[Record],
                       progress: ImportProgress | None = None, *,
                       by: str | None = None) -> ImportResult:
        """Import records held in memory."""
        return self.import_stream(
            lambda: [*(("actor", r) for r in actors), *(("event", r) for r in events)],
            progress, by=by)

    def event(self, event_id: str) -> EventData:
        """The event as the record now holds it."""
        return self.store.event(event_id)

    # -- queries -------------------------------------------------------------------------

    @store_errors
    def actors(self) -> list[ActorData]:
        with self.store.reading() as conn:
            return queries.actors(conn)

    @store_errors
    def state(self, a: str, b: str, as_of: dt.date, known_at: dt.datetime | None = None
              ) -> State:
        """The relationship's facts at the end of ``as_of``, as recorded at ``known_at``."""
        a, b = naming.ids(self.store, a, b)
        with self.store.reading_pair(a, b) as conn:
            return relationship_state(conn, a, b, as_of.toordinal(), known_at)

    @store_errors
    def actor_state(self, actor: str, as_of: dt.date, known_at: dt.datetime | None = None
                    ) -> ActorState:
        """Every relationship of ``actor`` at the end of ``as_of``, as known at ``known_at``."""
        (actor,) = naming.ids(self.store, actor)
        with self.store.reading_of_actors(actor) as conn:
            return actor_ties(conn, actor, as_of.toordinal(), known_at)

    @store_errors
    def graph(self, as_of: dt.date, known_at: dt.datetime | None = None,
              kinds: Sequence[str] = (), actor: str | None = None) -> Graph:
        """The relationships at the end of ``as_of`` as a graph (``actor``'s, if given)."""
        if actor is not None:
            state = self.actor_state(actor, as_of, known_at)
            facts = {pair_key(*r.actors): r.facts for r in state.relationships}
        else:
            with self.store.reading() as conn:
                facts = overview.every_fact(conn, as_of.toordinal(), known_at)
        return graph(facts, self.actors(), as_of.isoformat(),
                       format_time(known_at) if known_at else None, kinds)

    @store_errors
    def members(self, group: str, as_of: dt.date, known_at: dt.datetime | None = None
                ) -> Members:
        """The members of ``group`` at the end of ``as_of``, as recorded at ``known_at``."""
        (group,) = naming.ids(self.store, group)
        with self.store.reading_of_actors(group) as conn:
            return overview.members(conn, group, as_of.toordinal(), known_at)

    @store_errors
    def changes(self, first: dt.date, last: dt.date, actor: str | None = None,
                types: Sequence[str] = (), known_at: dt.datetime | None = None) -> Changes:
        """Every change from ``first`` to ``last`` (both included), or ``actor``'s."""
        check_period(first, last)
        check_types(types)
        if actor is not None:
            (actor,) = naming.ids(self.store, actor)
        with (self.store.reading_of_actors(actor) if actor else self.store.reading()) as conn:
            return overview.changes(conn, first, last, actor, types, known_at)

    @store_errors
    def diff(self, a: str, b: str, first: dt.date, last: dt.date,
             known_at: dt.datetime | None = None) -> Diff:
        """What changed on the days from ``first`` to ``last``, both included."""
        check_period(first, last)
        a, b = naming.ids(self.store, a, b)
        with self.store.reading_pair(a, b) as conn:
            return queries.diff(conn, a, b, first, last, known_at)

    @store_errors
    def list_events(self, pair: tuple[str, str] | None = None, first: dt.date | None = None,
                    last: dt.date | None = None, types: Sequence[str] = (),
                    known_at: dt.datetime | None = None, include_retracted: bool = False,
                    *, actor: str | None = None, about: str | None = None,
                    location: str | None = None) -> list[EventData]:
        """Events in order of ``on``, from ``first`` to ``last``, as ``iter_events``."""
        return list(self.iter_events(pair, first, last, types, known_at, include_retracted,
                                     actor=actor, about=about, location=location))

    def iter_events(self, pair: tuple[str, str] | None = None,
                    first: dt.date | None = None, last: dt.date | None = None,
                    types: Sequence[str] = (), known_at: dt.datetime | None = None,
                    include_retracted: bool = False, *, actor: str | None = None,
                    about: str | None = None, location: str | None = None,
                    ) -> Generator[EventData, None, None]:
        """``list_events``, one at a time as they are read, from one snapshot: the reading
        transaction stays open until the last is taken (or the iterator is closed).

        ``actor``: only events it is a party to (with any counterpart, or alone);
        ``about``: only events about that actor or topic; ``location``: only events whose
        location holds that text."""
        return self.listings.events(Asked(pair, first, last, types, known_at,
                                          include_retracted, actor, about, location))

    @store_errors
    def chronicle(self, a: str, b: str, known_at: dt.datetime | None = None) -> Chronicle:
        """The relationship's fact intervals and events, for charts and reports."""
        a, b = naming.ids(self.store, a, b)
        with self.store.reading_pair(a, b) as conn:
            return chronicles.chronicle(conn, a, b, known_at)

    @store_errors
    def network(self, actor: str, known_at: dt.datetime | None = None) -> Network:
        """Every relationship of ``actor`` over time, for charts and reports."""
        (actor,) = naming.ids(self.store, actor)
        with self.store.reading_of_actors(actor) as conn:
            return chronicles.network(conn, actor, known_at)

    def check(self, pair: tuple[str, str] | None = None,
              max_gap_days: int = DEFAULT_MAX_GAP_DAYS, deep: bool = False) -> list[Finding]:
        """Inconsistencies in the record (see ``Checks.check``)."""
        asked = naming.pair_ids(self.store, pair) if pair else None
        return self.checks.check(asked, max_gap_days, deep)

    def export(self, pair: tuple[str, str] | None = None
               ) -> tuple[list[ActorData], list[EventData]]:
        """The actors and events (of one relationship, or all), as lists."""
        items = list(self.exported(pair))
        return ([i for i in items if isinstance(i, ActorData)],
                [i for i in items if isinstance(i, EventData)])

    def exported(self, pair: tuple[str, str] | None = None
                 ) -> Generator[ActorData | EventData, None, None]:
        """Every actor, then every event one at a time as it is read, all from one
        snapshot (so the events' actors are there): an export of any size streams."""
        return self.listings.exported(pair)
