"""Checking the record: inconsistencies among the events (``domain.checks``), entries of the
log this version cannot read, and (deep) the read model against one made afresh from the log."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from timeline.app.store import Store, store_errors
from timeline.domain.checks import DEFAULT_MAX_GAP_DAYS, find_inconsistencies
from timeline.domain.coded_facts import coded_fact_finding
from timeline.domain.findings import Finding
from timeline.domain.origins import reviewed
from timeline.domain.values import EventData, pair_key
from timeline.errors import InvalidValue
from timeline.storage import projector, queries, verification
from timeline.storage.config import parse_store
from timeline.storage.engine import Database


class Checks:
    """The checks of one store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @store_errors
    def check(self, pair: tuple[str, str] | None = None,
              max_gap_days: int = DEFAULT_MAX_GAP_DAYS, deep: bool = False) -> list[Finding]:
        """Inconsistencies in the record (of one relationship, or all); ``deep`` also
        compares the read model with one made afresh from the log."""
        if max_gap_days < 0:
            raise InvalidValue(f"the largest gap must be >= 0 days, got {max_gap_days}")
        with self.store.reading_of(pair) as conn:
            unreadable = [] if pair else queries.unreadable(conn)
            # Events are checked as they are read: memory does not grow with the record.
            coded: list[Finding] = []
            found = list(find_inconsistencies(
                _noting_coded_facts(queries.log(conn, pair), coded), max_gap_days))
        return [
            *(self.verify() if deep else []),
            *(Finding("unreadable", "", [event_id],
                      "the log holds this event in a form this version cannot read; "
                      f"'timeline retract {event_id}' takes it out of the record")
              for event_id in unreadable),
            *found,
            *coded,
        ]

    @store_errors
    def verify(self) -> list[Finding]:
        """Where the read model differs from one projected afresh from the log, and which
        of its invariants (``schema.INVARIANTS``) its rows break."""
        with tempfile.TemporaryDirectory() as folder:
            scratch = Database(parse_store(str(Path(folder) / "rebuilt.db")))
            try:
                scratch.create()
                projector.catch_up(scratch, self.store.read_log)
                with scratch.reading() as conn:
                    fresh = verification.all_rows(conn)
            finally:
                scratch.close()
        with self.store.reading() as conn:
            live = verification.all_rows(conn)
            damage = verification.integrity(conn)
            broken = verification.invariant_findings(conn)
        return [
            *(Finding("store_damaged", "", [], f"the database file is damaged: {problem}")
              for problem in damage),
            *broken,
            *(Finding("read_model_mismatch", "", [],
                      f"{len(set(live[name]) ^ set(rows))} row(s) of {name} differ from a "
                      "rebuild; run 'timeline rebuild'")
              for name, rows in fresh.items() if live[name] != rows),
        ]


def _noting_coded_facts(events: Iterable[EventData], found: list[Finding]
                        ) -> Iterator[EventData]:
    """The events as they pass, with a ``coded_fact`` finding in ``found`` for each fact an
    earlier version made from coded data alone (``domain.leads``) that no analyst accepted
    since: one read of the log."""
    # Facts an analyst accepted as a lead's ('timeline accept'), with their lead's
    # (type, pair, day): a decision reviews a coded fact only of its own lead.
    accepted: set[tuple[str, tuple[str, str, str]]] = set()
    facts: dict[str, tuple[str, str, str]] = {}
    for event in events:
        finding = coded_fact_finding(event)
        if finding is not None:
            found.append(finding)
            facts[event.id] = (event.type, pair_key(event.actor, event.target or ""),
                               event.on)
        elif (decision := reviewed(event)) is not None:
            accepted.add(decision)
        yield event
    found[:] = [f for f in found if (f.events[0], facts[f.events[0]]) not in accepted]
