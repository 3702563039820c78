"""Folding a fact's effects, in the order they apply, into the intervals it held: the rule of
the model that the read model stores (``storage.refold``) and exports draw (TimelineJS eras)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import NamedTuple

from timeline.domain.dates import VALID_OPEN as VALID_OPEN  # the end of an open interval


class Interval(NamedTuple):
    """A value a fact held from day ``valid_from`` up to ``valid_to`` (excluded), as day
    numbers; ``since``: the date, as written, of the day it began to hold, and
    ``event_id``: the last event of that day.

    A named tuple, not a dataclass: a refold hashes and compares every interval of the
    facts a batch touched (in C for a tuple; a frozen dataclass's methods are Python's)."""

    valid_from: int
    valid_to: int
    value: str  # JSON
    since: str
    event_id: str


def fold(
    rows: Iterable[tuple[int, str, str, str, str]], prior: Interval | None = None
) -> list[Interval]:
    """Fact intervals from effects ``(on_start, op, value, on_text, event_id)`` in order.

    ``prior`` is the interval in force before the first effect, when only a suffix of a
    fact's history is refolded. Effects of one day collapse into the last value of that
    day; a value that does not change starts no new interval, so ``since`` stays the day
    it first held.
    """
    intervals: list[Interval] = []
    current: str | None = None
    if prior is not None:
        # It holds until the next change, wherever that now falls.
        intervals.append(Interval(prior.valid_from, VALID_OPEN, prior.value, prior.since,
                                  prior.event_id))
        current = prior.value
    day: int | None = None
    last: tuple[str, str] | None = None

    def close_day() -> None:
        if day is None or last is None or current is None:
            return
        if intervals and intervals[-1].value == current:
            return
        if intervals:
            prev = intervals[-1]
            intervals[-1] = Interval(prev.valid_from, day, prev.value, prev.since, prev.event_id)
        intervals.append(Interval(day, VALID_OPEN, current, last[0], last[1]))

    for on_start, op, value, on_text, event_id in rows:
        if on_start != day:
            close_day()
            day = on_start
        if op == "set":
            current = value  # JSON text, compared as such
        else:
            total = (json.loads(current) if current is not None else 0) + json.loads(value)
            current = json.dumps(total)
        last = (on_text, event_id)
    close_day()
    return intervals
