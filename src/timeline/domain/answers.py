"""What the report of one relationship shows, answered in Python by the library's rules, so
that its page only looks answers up and draws them (no rule of the model in JavaScript).

Between two *cuts* (days on which anything may change: a fact interval begins or ends, an
event is known, may first have taken effect, or was announced) every answer stays the same;
a span is the days from one cut to the next. The page gets the state as rows of what
``Timeline.state`` answers (facts, certain or not, and pending events), each with the days
it holds; and what ``Timeline.diff`` answers, by the spans of the day before a period and
of its last day, between at most ``MAX_DIFF_SPANS`` chosen spans (so thousands of events
cannot make an unbounded page). Events are referred to by their index in the page's list.
What events in flight leave uncertain, and what a diff counts, are ``domain.uncertainty``'s own
functions, which ``Timeline.state`` and ``Timeline.diff`` use.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from timeline.domain.dates import NEVER_ORDINAL, PartialDate
from timeline.domain.diffs import Change
from timeline.domain.histories import Interval
from timeline.domain.uncertainty import (
    Flight,
    Key,
    certainty,
    first_seen,
    possible_changes,
    with_possible,
)
from timeline.domain.values import EventData, Fact, fact_order, fact_pair, pair_key
from timeline.domain.vocabulary import effects_of

# Diffs are precomputed between at most this many spans, so at most N(N+1)/2 of them.
MAX_DIFF_SPANS = 32
# A change lists at most this many of the events that made it (and how many more there are).
MAX_CAUSES = 6
NO_DAY = dt.date.min.toordinal()  # the first day of an event dated ``../D``: no bound
NEVER_DAY = NEVER_ORDINAL  # the day an event dated ``D/..`` is known by: never, on no day asked
Effect = tuple[str, str, str, str]  # (subject, attribute, op, value as JSON)


@dataclass(frozen=True)
class Dated:
    """An event that counts, with its days (ordinals) as the read model files them."""

    event: EventData
    first: int  # the first day it may have taken effect (NO_DAY: no bound)
    start: int  # the day it is known to have taken effect by (NEVER_DAY: never)
    stands: int  # where it stands on the timeline (and among a period's events)
    pending: tuple[int, int] | None  # see pending_days
    effects: tuple[Effect, ...]  # on the relationship's own facts


def dated(event: EventData, pair: str) -> Dated:
    on = parsed(event.on)
    effects = tuple((x.subject, x.attribute, x.op, json.dumps(x.value))
                    for x in effects_of(event) if fact_pair(event.actor, event.target, x) == pair)
    return Dated(event, on.first.toordinal(), on.ordinal, on.sort_day.toordinal(),
                 pending_days(event), effects)


@lru_cache(maxsize=1 << 16)
def parsed(text: str) -> PartialDate:
    """``PartialDate.parse``, once per text: an EDTF span takes the parser milliseconds, and
    a report reads each event's date several times (its place, its days, the chart's)."""
    return PartialDate.parse(text)


def pending_days(event: EventData) -> tuple[int, int] | None:
    """The days an event is pending: from the day it was announced for (included) to the
    day it stands on (excluded); None if it was not announced."""
    if not event.announced:
        return None
    return parsed(event.announced).ordinal, parsed(event.on).sort_day.toordinal()


def _day(text: str) -> int:
    return dt.date.fromisoformat(text).toordinal()


class Windows:
    """Events each in force from one day (included) to another (excluded), found for a day
    without a look at every one: by first day, back no further than the longest window
    (as the read model finds events in flight); those without one bound are always looked
    at. ``at`` answers in the order they were given."""

    def __init__(self, items: Sequence[tuple[int, int, Dated]]) -> None:
        self._always = [(n, lo, hi, d) for n, (lo, hi, d) in enumerate(items)
                        if lo == NO_DAY or hi == NEVER_DAY]
        self._bounded = sorted((lo, n, hi, d) for n, (lo, hi, d) in enumerate(items)
                               if lo != NO_DAY and hi != NEVER_DAY)
        self._firsts = [lo for lo, _, _, _ in self._bounded]
        self._longest = max((hi - lo for lo, _, hi, _ in self._bounded), default=0)

    def at(self, day: int) -> list[Dated]:
        found = [(n, d) for n, lo, hi, d in self._always if lo <= day < hi]
        since = bisect.bisect_left(self._firsts, day - self._longest)
        found += [(n, d) for lo, n, hi, d in
                  self._bounded[since:bisect.bisect_right(self._firsts, day)] if day < hi]
        return [d for _, d in sorted(found, key=lambda x: x[0])]


class Relationship:
    """One relationship's answers on any day, from its fact intervals and its events in
    the library's order (by day, then recording), as a ``Chronicle`` holds them."""

    def __init__(self, actors: Sequence[str], intervals: Sequence[Interval],
                 events: Sequence[EventData]) -> None:
        self.pair = pair_key(actors[0], actors[1])
        self.events = [dated(e, self.pair) for e in events]
        self.intervals: dict[tuple[str, str], list[Interval]] = {}
        for i in sorted(intervals, key=lambda i: i.start):
            self.intervals.setdefault((i.subject, i.attribute), []).append(i)
        self._starts = {k: [_day(i.start) for i in found] for k, found in self.intervals.items()}
        # In flight: by first possible day, then day known by (then recording: a stable sort).
        self._flying = Windows(sorted(((d.first, d.start, d) for d in self.events
                                       if d.first < d.start), key=lambda x: x[:2]))
        self._pending = Windows([(*d.pending, d) for d in self.events if d.pending])
        self._stands = [d.stands for d in self.events]
        self._causes: dict[tuple[str, str], list[tuple[int, Dated]]] = {}
        for d in sorted(self.events, key=lambda d: d.start):
            for subject, attribute, _, _ in d.effects:
                self._causes.setdefault((subject, attribute), []).append((d.start, d))
        # Every fact it has had or may have had, in the order facts are listed: the page
        # refers to each by its number.
        self.facts = sorted(self.intervals.keys() | self._causes.keys(),
                            key=lambda k: fact_order(*k))
        self.numbers = {key: n for n, key in enumerate(self.facts)}

    def cuts(self) -> list[int]:
        """Every day on which an answer may differ from the day before's."""
        days = {_day(d) for found in self.intervals.values() for i in found
                for d in (i.start, i.end) if d is not None}
        for d in self.events:
            days.update((d.first, d.start, d.stands, *(d.pending or ())))
        return sorted(days - {NO_DAY, NEVER_DAY})

    def known(self, day: int) -> list[Fact]:
        """The facts known at the end of ``day``: each one's interval that holds on it."""
        facts = []
        for key, starts in self._starts.items():
            at = bisect.bisect_right(starts, day) - 1
            if at >= 0:
                i = self.intervals[key][at]
                if i.end is None or day < _day(i.end):
                    facts.append(Fact(i.subject, i.attribute, i.value, i.since, i.event))
        return sorted(facts, key=lambda f: fact_order(f.subject, f.attribute))

    def in_flight(self, day: int) -> dict[Key, list[Flight]]:
        found: dict[Key, list[Flight]] = {}
        for d in self._flying.at(day):
            for subject, attribute, op, value in d.effects:
                found.setdefault((self.pair, subject, attribute), []).append(
                    (op, value, d.event.id, d.event.on))
        return found

    def state(self, day: int) -> tuple[list[Fact], list[EventData], dict[Key, list[Flight]]]:
        """``Timeline.state`` at the end of ``day``: facts, pending events, and the events
        in flight by fact."""
        flights = self.in_flight(day)
        pending = [d.event for d in self._pending.at(day)]
        return with_possible(self.pair, self.known(day), flights), pending, flights

    def diff(self, lo: int, hi: int) -> tuple[list[Change], list[EventData]]:
        """``Timeline.diff`` of the days from ``lo`` to ``hi``, both included: its changes
        and the events of the period."""
        before = {(f.subject, f.attribute): f.value for f in self.known(lo - 1)}
        after = {(f.subject, f.attribute): f.value for f in self.known(hi)}
        changes = []
        for key in sorted(before.keys() | after.keys(), key=lambda k: fact_order(*k)):
            if before.get(key) == after.get(key):
                continue
            found = self._causes.get(key, [])
            causes = [d for _, d in found[bisect.bisect_left(found, lo, key=lambda c: c[0]):
                                          bisect.bisect_right(found, hi, key=lambda c: c[0])]]
            if first_seen(before.get(key), [d.event.on for d in causes]):
                continue
            changes.append(Change(key[0], key[1], before.get(key), after.get(key),
                                  list(dict.fromkeys(d.event.id for d in causes)),
                                  certainty(lo, [d.first for d in causes])))
        listed = {(c.subject, c.attribute) for c in changes}
        changes += [c for c in possible_changes(self.pair, before, after, self.in_flight(hi))
                    if (c.subject, c.attribute) not in listed]
        changes.sort(key=lambda c: fact_order(c.subject, c.attribute))
        inside = self.events[bisect.bisect_left(self._stands, lo):
                             bisect.bisect_right(self._stands, hi)]
        return changes, [d.event for d in inside]


def fact_json(rel: Relationship, fact: Fact, flights: Mapping[Key, list[Flight]],
              index: Mapping[str, int]) -> dict[str, Any]:
    """A fact of a state: its number in ``rel.facts``, what is known and, if uncertain,
    what it may be and the events in flight that may have made it so."""
    row: dict[str, Any] = {"fact": rel.numbers[fact.subject, fact.attribute],
                           "value": fact.value, "since": fact.since,
                           "event": index.get(fact.event) if fact.event else None,
                           "certainty": fact.certainty}
    if fact.certainty != "certain":
        flying = flights.get((rel.pair, fact.subject, fact.attribute), [])
        row.update(possible=fact.possible, possible_event=index.get(fact.possible_event or ""),
                   flying=[index[e] for e in dict.fromkeys(e for _, _, e, _ in flying)])
    return row


def change_json(rel: Relationship, change: Change, index: Mapping[str, int]
                ) -> dict[str, Any]:
    """A change of a diff, its fact by number, with its first ``MAX_CAUSES`` events (and,
    as ``more``, how many others)."""
    row = {"fact": rel.numbers[change.subject, change.attribute], "before": change.before,
           "after": change.after, "certainty": change.certainty,
           "events": [index[e] for e in change.events[:MAX_CAUSES]]}
    if len(change.events) > MAX_CAUSES:
        row["more"] = len(change.events) - MAX_CAUSES
    return row


def iso(day: int) -> str:
    return dt.date.fromordinal(day).isoformat()


class Spans:
    """The spans between a relationship's cuts: span k holds the days from cut k-1
    (included; none for k = 0) to cut k (excluded; none for the last span)."""

    def __init__(self, cuts: Sequence[int]) -> None:
        self.cuts = list(cuts)

    def __len__(self) -> int:
        return len(self.cuts) + 1

    def of(self, day: int) -> int:
        """The span that holds ``day``: how many cuts are on or before it."""
        return bisect.bisect_right(self.cuts, day)

    def day(self, k: int) -> int:
        """A day of span k, its first where it has one."""
        if not self.cuts:
            return dt.date.today().toordinal()
        return self.cuts[k - 1] if k > 0 else self.cuts[0] - 1

    def period(self, i: int, j: int) -> tuple[int, int] | None:
        """Days ``(lo, hi)`` whose diff is the one of spans i (the day before lo) and j
        (hi), where there are such days with lo <= hi."""
        cuts, last = self.cuts, len(self.cuts)
        if not cuts:  # one span, all days: any period has the same answer
            return self.day(0), self.day(0)
        before = cuts[i - 1] if i > 0 else cuts[0] - (1 if j > 0 else 2)
        hi = cuts[j] - 1 if j < last else cuts[-1] + (0 if i < last else 1)
        return (before + 1, hi) if before < hi else None

    def bounds(self, first: int, end: int) -> dict[str, str | None]:
        """The days of spans ``first`` to ``end`` (excluded) as ``start`` and ``end``."""
        return {"start": iso(self.cuts[first - 1]) if first > 0 else None,
                "end": iso(self.cuts[end - 1]) if end <= len(self.cuts) else None}


def state_rows(rel: Relationship, spans: Spans, index: Mapping[str, int]
               ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The rows of the state (facts) and of what is pending, each with the days it holds:
    one row for as long as it stays the same."""
    open_: dict[tuple[str, ...], tuple[int, dict[str, Any]]] = {}
    facts: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    pending: list[tuple[tuple[Any, ...], dict[str, Any]]] = []

    def close(key: tuple[str, ...], end: int) -> None:
        first, row = open_.pop(key)
        row = {**spans.bounds(first, end), **row}
        if key[0] == "fact":
            facts.append(((*fact_order(key[1], key[2]), first), row))
        else:
            pending.append(((row["event"], first), row))

    for k in range(len(spans)):
        found, waiting, flights = rel.state(spans.day(k))
        now: dict[tuple[str, ...], dict[str, Any]] = {
            ("fact", f.subject, f.attribute): fact_json(rel, f, flights, index)
            for f in found}
        now.update({("pending", e.id): {"event": index[e.id]} for e in waiting})
        for key in list(open_):
            if now.get(key) != open_[key][1]:
                close(key, k)
        for key, row in now.items():
            if key not in open_:
                open_[key] = (k, row)
    for key in list(open_):
        close(key, len(spans))
    return ([row for _, row in sorted(facts, key=lambda x: x[0])],
            [row for _, row in sorted(pending, key=lambda x: x[0])])


def chosen_spans(spans: Spans, defaults: Sequence[int], limit: int = MAX_DIFF_SPANS
                 ) -> list[int]:
    """At most ``limit`` spans to precompute diffs between: every one of a small history;
    else those of the page's default period, then those of year ends (so whole years
    from 1 January to 31 December), evenly thinned."""
    if len(spans) <= limit:
        return list(range(len(spans)))
    picked = dict.fromkeys(spans.of(day) for day in defaults)
    first, last = (dt.date.fromordinal(spans.cuts[n]).year for n in (0, -1))
    ends = list(dict.fromkeys(spans.of(dt.date(year, 12, 31).toordinal())
                              for year in range(first - 1, last + 1)))
    step = -(-len(ends) // max(limit - len(picked), 1))  # rounded up
    picked.update(dict.fromkeys(ends[::step]))
    return sorted(picked)[:limit]


def diffs(rel: Relationship, spans: Spans, chosen: Sequence[int], index: Mapping[str, int]
          ) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """The diff of each period between chosen spans, keyed ``"i j"`` (the spans of the day
    before its first day and of its last), its changes as indexes into a table of them
    and its events as ranges ``[a, b)`` of the page's events."""
    table: list[dict[str, Any]] = []
    numbered: dict[str, int] = {}
    found: dict[str, dict[str, Any]] = {}
    for i in chosen:
        for j in chosen:
            period = spans.period(i, j) if i <= j else None
            if period is None:
                continue
            changes, events = rel.diff(*period)
            rows = []
            for change in changes:
                row = change_json(rel, change, index)
                text = json.dumps(row, sort_keys=True)
                if text not in numbered:
                    numbered[text] = len(table)
                    table.append(row)
                rows.append(numbered[text])
            found[f"{i} {j}"] = {"changes": rows,
                                 "events": ranges(index[e.id] for e in events)}
    return found, table


def ranges(numbers: Any) -> list[list[int]]:
    """Increasing numbers as runs ``[a, b)``."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and runs[-1][1] == n:
            runs[-1][1] = n + 1
        else:
            runs.append([n, n + 1])
    return runs


def page_days(rel: Relationship, as_of: str | None) -> dict[str, str]:
    """The slider's range (a month either side of the record) and first day (``as_of``, or
    just after the last change), and the default period of the diff (60 days to it)."""
    days = [d.stands for d in rel.events] + [
        _day(i.start) for found in rel.intervals.values() for i in found]
    # An event dated ``D/..`` is never known to have taken effect: its facts' intervals
    # begin on the last day there is, which is no day to show.
    days = [day for day in days if day < NEVER_DAY]
    if not days:
        days = [dt.date.today().toordinal()]
    first, last = min(days) - 30, max(days) + 30
    initial = _day(as_of) if as_of else max(days) + 1
    return {"first": iso(first), "last": iso(last), "initial": iso(initial),
            "from": iso(max(first, initial - 60)), "to": iso(initial)}


def answers(actors: Sequence[str], intervals: Sequence[Interval], events: Sequence[EventData],
            index: Mapping[str, int], as_of: str | None = None) -> dict[str, Any]:
    """Everything the report's page shows of the relationship's states and changes.

    ``events``: those that count, in the library's order; ``index``: each event's place in
    the page's list."""
    rel = Relationship(actors, intervals, events)
    spans = Spans(rel.cuts())
    days = page_days(rel, as_of)
    facts, pending = state_rows(rel, spans, index)
    chosen = chosen_spans(spans, [_day(days["from"]) - 1, _day(days["to"])])
    found, table = diffs(rel, spans, chosen, index)
    # The year ends whose spans are chosen: a page that does not hold every diff says
    # which whole years it holds the changes of.
    first, last = (dt.date.fromisoformat(days[k]).year for k in ("first", "last"))
    years = [] if len(chosen) == len(spans) else [
        year for year in range(first, last + 1)
        if spans.of(dt.date(year, 12, 31).toordinal()) in chosen]
    return {"days": days, "facts": [list(key) for key in rel.facts], "state": facts,
            "pending": pending,
            "cuts": [iso(c) for c in spans.cuts], "diffs": found, "changes": table,
            "year_ends": years}
