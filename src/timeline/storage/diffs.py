"""What changed in one relationship over a period, and the events that changed it, read in
plain SQL through the driver (no SQLAlchemy to load: a quick read answers ``diff`` from
here as the store does, see app.quick).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, overload

from timeline.domain.diffs import Change, Diff
from timeline.domain.jsonable import Listing
from timeline.domain.uncertainty import certainty, first_seen, possible_changes
from timeline.domain.values import EventData, State, fact_order, pair_key, sorted_pair
from timeline.storage import sql
from timeline.storage.spans import in_flight
from timeline.storage.states import ENTRY, Entry, event_answer, known_text, state, stored_event

if TYPE_CHECKING:
    from sqlalchemy import Connection


def diff(conn: Connection, a: str, b: str, first: dt.date, last: dt.date,
         known_at: dt.datetime | None = None) -> Diff:
    """What changed on the days from ``first`` to ``last``, both included: the state at the
    end of the day before ``first`` against the state at the end of ``last``."""
    lo, hi = first.toordinal(), last.toordinal()
    before = _values(state(conn, a, b, lo - 1, known_at))
    after = _values(state(conn, a, b, hi, known_at))
    pair = pair_key(a, b)
    rec = sql.record_time(known_at)
    period = {"pair": pair, "lo": lo, "hi": hi, "rec": rec}
    changed = [key for key in sorted(before.keys() | after.keys(), key=lambda k: fact_order(*k))
               if before.get(key) != after.get(key)]
    changes = []
    for subject, attribute in changed:
        # Each changed fact's own effects in the period, by its index.
        causes = sql.rows(conn, _CAUSES, {**period, "subject": subject, "attribute": attribute})
        key = (subject, attribute)
        if first_seen(before.get(key), [on_text for _, on_text, _ in causes]):
            continue
        changes.append(Change(subject, attribute, before.get(key), after.get(key),
                              list(dict.fromkeys(cause for cause, _, _ in causes)),
                              certainty(lo, [on_lo for _, _, on_lo in causes])))
    listed = {(c.subject, c.attribute) for c in changes}
    flights = in_flight(conn, hi, rec, pair=pair)
    changes += [c for c in possible_changes(pair, before, after, flights)
                if (c.subject, c.attribute) not in listed]
    changes.sort(key=lambda c: fact_order(c.subject, c.attribute))
    rows = sql.rows(conn, _EVENTS, period)
    return Diff(
        actors=sorted_pair(a, b),
        from_=first.isoformat(),
        to=last.isoformat(),
        changes=changes,
        events=EventList(rows),
        known_at=known_text(known_at),
    )


# A fact's effects dated in the period, as recorded at :rec, in the order they apply.
_CAUSES = ("SELECT e.event_id, e.on_text, e.on_lo "
           "FROM tl_keys k JOIN tl_effects e ON e.key_id = k.id "
           "WHERE k.pair = :pair AND k.subject = :subject AND k.attribute = :attribute "
           f"AND {sql.dated_in('e')} AND {sql.visible('e')} ORDER BY e.on_start, e.seq")
# The pair's versions dated in the period (the columns of ``Entry``).
_EVENTS = (f"SELECT {ENTRY} FROM tl_versions v WHERE v.pair = :pair AND {sql.dated_in('v')} "
           f"AND {sql.visible('v')} AND {sql.live('v')} ORDER BY v.on_start, v.seq")


class EventList(Listing[EventData]):
    """Events as the read model lists them, each made only when looked at: a diff over a
    long period answers, and is written as JSON, without making them all."""

    def __init__(self, rows: Sequence[Entry]) -> None:
        self._rows = rows

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> EventData: ...

    @overload
    def __getitem__(self, index: slice) -> list[EventData]: ...

    def __getitem__(self, index: int | slice) -> EventData | list[EventData]:
        if isinstance(index, slice):
            return [stored_event(row) for row in self._rows[index]]
        return stored_event(self._rows[index])

    def __iter__(self) -> Iterator[EventData]:
        return map(stored_event, self._rows)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"EventList({len(self)} events)"

    def written(self) -> list[Any]:
        return [event_answer(row) for row in self._rows]


def _values(state: State) -> dict[tuple[str, str], Any]:
    """What is known of each fact (an uncertain one may have no known value)."""
    return {(f.subject, f.attribute): f.value for f in state.facts if f.value is not None}
