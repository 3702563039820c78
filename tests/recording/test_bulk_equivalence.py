"""A bulk import and the same records added one at a time give the same answers.

One synthetic history (a few hundred events over several relationships, some recorded out of
``on`` order, some with reduced-precision dates, some announced ahead, plus same-day ties and
repeated records) is stored twice: (a) by one ``import_records`` call, on the ``store``
fixture (each backend), in batches of 7 events or in the default batch size; (b) by
``add_actor`` / ``add_event`` for each record in the same order, on a SQLite file. (On the
``sqlite`` parameter both stores are SQLite files.) Every answer that does not name a record
time must then be the same: ``state`` on every day an event starts, ends its period or is
announced, and the day before each; ``diff`` over random periods and the whole span;
``list_events``, ``chronicle``, ``export`` and ``check``. As known at a moment after both were
built, the answers are the plain ones; as known before either held anything, they are empty.
"""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from timeline.app import Timeline
from timeline.domain.dates import PartialDate, format_time, now
from timeline.domain.records import Record
from timeline.domain.values import sorted_pair
from timeline.testing import synthetic

# A few hundred events added one by one, then imported in bulk on each backend: ~40 s.
pytestmark = pytest.mark.slow

N_EVENTS, N_PAIRS, SEED = 300, 6, 11
N_PERIODS = 50
FAR_BEFORE, FAR_AFTER = dt.date(1900, 1, 1), dt.date(2100, 12, 31)
ONE_DAY = dt.timedelta(days=1)
Answers = dict[tuple[Any, ...], Any]


def _history() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The actors and events, in recording order."""
    actors = synthetic.actors(synthetic.n_actors_for(N_EVENTS, N_PAIRS))
    events = list(synthetic.events(N_EVENTS, n_pairs=N_PAIRS, seed=SEED))
    a, b = events[0]["actor"], events[0]["target"]

    def tie(event_id: str, event_type: str, on: str, **fields: Any) -> dict[str, Any]:
        return {"id": event_id, "type": event_type, "actor": a, "target": b, "on": on,
                "fields": fields, "sources": ["https://example.org/ties"]}

    # Events of one relationship that start on the same day, so that recording order
    # decides; spread over the first batches of 7 and the last, and over precisions.
    ties = [
        (3, tie("tie-open", "post_opened", "1990-03-01", post="tie-post", kind="embassy",
                staff_cap=30)),
        (6, tie("tie-cap-day", "staff_cap", "1990-03-01", post="tie-post", cap=20)),
        (8, tie("tie-cap-month", "staff_cap", "1990-03", post="tie-post", cap=10)),
        (15, tie("tie-suspended", "relations_suspended", "1990")),
        (len(events), tie("tie-restored", "relations_restored", "1990-01-01")),
    ]
    for index, event in sorted(ties, key=lambda t: t[0], reverse=True):
        events.insert(index, event)
    # The same records again: stored once either way.
    return [*actors, actors[1]], [*events, events[20], events[200]]


ACTORS, EVENTS = _history()


def _pairs() -> list[tuple[str, str]]:
    """Every relationship with events, and one without."""
    used = sorted({sorted_pair(e["actor"], e["target"]) for e in EVENTS})
    ids = sorted({a["id"] for a in ACTORS})
    idle = next(p for p in itertools.combinations(ids, 2) if p not in used)
    return [*used, idle]


def _days(pair: tuple[str, str] | None = None) -> list[dt.date]:
    """The days an event of the relationship (or of any) starts, ends its period or is
    announced, the day before each, and days far before and after them all."""
    days = {FAR_BEFORE, FAR_AFTER}
    for event in EVENTS:
        if pair is not None and sorted_pair(event["actor"], event["target"]) != pair:
            continue
        on = PartialDate.parse(event["on"])
        days |= {on.start, on.start - ONE_DAY, on.end}
        if event.get("announced"):
            announced = PartialDate.parse(event["announced"]).start
            days |= {announced, announced - ONE_DAY}
    return sorted(days)


def _periods(days: list[dt.date]) -> list[tuple[dt.date, dt.date]]:
    rng = random.Random(SEED)
    picked = [tuple(sorted(rng.sample(days, 2))) for _ in range(N_PERIODS)]
    return [(FAR_BEFORE, FAR_AFTER), (days[1], days[-2]), *((d, d) for d in days[1:4]),
            *((d1, d2) for d1, d2 in picked)]


PAIRS, ALL_DAYS = _pairs(), _days()
# Each relationship is asked about on its own days, and on every 20th day of the others'
# (where its answers must not change).
DAYS = {pair: sorted({*_days(pair), *ALL_DAYS[::20]}) for pair in PAIRS}
PERIODS = _periods(ALL_DAYS)


def test_the_history_is_one_worth_comparing() -> None:
    """Out-of-order dates, reduced precisions, announcements and ties are all in it."""
    starts = [(sorted_pair(e["actor"], e["target"]), PartialDate.parse(e["on"]))
              for e in EVENTS]
    latest: dict[tuple[str, str], dt.date] = {}
    out_of_order = 0
    for pair, on in starts:
        out_of_order += on.start < latest.get(pair, on.start)
        latest[pair] = max(on.start, latest.get(pair, on.start))
    assert out_of_order >= 10
    assert {on.precision for _, on in starts} == {"day", "month", "year"}
    assert sum(1 for e in EVENTS if e.get("announced")) >= 10
    assert len(PAIRS) == N_PAIRS + 1
    assert len(EVENTS) > N_EVENTS


# -- the two ways ----------------------------------------------------------------------

def build_bulk(app: Timeline) -> None:
    result = app.import_records([Record("", copy.deepcopy(a)) for a in ACTORS],
                                [Record("", copy.deepcopy(e)) for e in EVENTS])
    unique = len({e["id"] for e in EVENTS})
    assert (result.actors_added, result.events_added) == (len(ACTORS) - 1, unique)
    # The repeated actor and events are repeats within the import, not records stored before.
    assert result.repeated == (len(EVENTS) - unique) + (len(ACTORS) - (len(ACTORS) - 1))
    assert result.unchanged == 0


def build_one_by_one(app: Timeline) -> None:
    for actor in ACTORS:
        app.add_actor(actor["id"], actor["name"], actor["kind"])
    seen: set[str] = set()
    for event in EVENTS:
        _, new = app.add_event(copy.deepcopy(event))
        assert new == (event["id"] not in seen)
        seen.add(event["id"])


@dataclass
class Reference:
    """The store made one record at a time, and its answers (asked once for the module)."""

    app: Timeline
    before: dt.datetime  # a moment before either store held anything
    answers: Answers
    findings: list[dict[str, Any]]
    export: Any


@pytest.fixture(scope="module")
def one_by_one(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Reference]:
    before = now() - dt.timedelta(microseconds=1)
    app = Timeline.open(str(tmp_path_factory.mktemp("one-by-one") / "timeline.db"))
    try:
        build_one_by_one(app)
        plain_answers = answers(app)
        assert_known_now_as_plain(app, plain_answers)
        assert_empty_before_anything(app, before)
        assert app.check(deep=True) == app.check()
        yield Reference(app, before, plain_answers, findings(app), exported(app))
    finally:
        app.close()


# -- what they answer --------------------------------------------------------------------

def plain(value: Any) -> Any:
    """A value's JSON without record times."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items() if k != "recorded_at"}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def answers(app: Timeline, known_at: dt.datetime | None = None, *,
            periods: list[tuple[dt.date, dt.date]] = PERIODS, every: int = 1) -> Answers:
    """Every answer compared, by what was asked, without record times (and without the
    moment it was known at, once that is checked to be the one asked for)."""
    out: Answers = {}
    for a, b in PAIRS:
        for day in DAYS[a, b][::every]:
            out["state", a, b, day] = app.state(a, b, day, known_at).to_json()
        for first, last in periods:
            out["diff", a, b, first, last] = app.diff(a, b, first, last, known_at).to_json()
        out["chronicle", a, b] = app.chronicle(a, b, known_at).to_json()
        out["list_events", a, b] = [
            e.to_json() for e in app.list_events((a, b), known_at=known_at)]
    out[("list_events",)] = [e.to_json() for e in app.list_events(known_at=known_at)]
    said = format_time(known_at) if known_at is not None else None
    for key, answer in out.items():
        if isinstance(answer, dict):
            assert answer.pop("known_at", None) == said, key
        out[key] = plain(answer)
    return out


def findings(app: Timeline) -> list[dict[str, Any]]:
    return [f.to_json() for f in app.check()]


def exported(app: Timeline) -> Any:
    actors, events = app.export()
    return [a.to_json() for a in actors], plain([e.to_json() for e in events])


def assert_same(one: Answers, two: Answers, what: str) -> None:
    assert one.keys() == two.keys()
    for key in one:
        assert one[key] == two[key], (what, key)


def assert_known_now_as_plain(app: Timeline, plain_answers: Answers) -> None:
    """As known at a moment after the store was built, every answer is the plain one. (Of
    the states, every other day's, and of the random periods none, for time: the
    chronicles still show every fact interval as known then.)"""
    known = answers(app, now(), periods=PERIODS[:5], every=2)
    assert known.keys() <= plain_answers.keys()
    assert_same(known, {k: plain_answers[k] for k in known}, f"known now, in {app.config.display}")


def assert_empty_before_anything(app: Timeline, before: dt.datetime) -> None:
    assert app.list_events(known_at=before) == []
    for a, b in PAIRS:
        assert app.list_events((a, b), known_at=before) == []
        for day in (ALL_DAYS[len(ALL_DAYS) // 2], FAR_AFTER):
            state = app.state(a, b, day, before)
            assert (state.facts, state.pending) == ([], []), (a, b, day)
        diff = app.diff(a, b, FAR_BEFORE, FAR_AFTER, before)
        assert (diff.changes, diff.events) == ([], []), (a, b)
        chronicle = app.chronicle(a, b, before)
        assert (chronicle.intervals, chronicle.events) == ([], []), (a, b)


@pytest.mark.parametrize("batch", ["7", None], ids=["batches-of-7", "default-batch"])
def test_a_bulk_import_answers_as_adding_one_by_one(
    store: str, one_by_one: Reference, monkeypatch: pytest.MonkeyPatch, batch: str | None,
) -> None:
    if batch is None:
        monkeypatch.delenv("TIMELINE_IMPORT_BATCH", raising=False)
    else:
        monkeypatch.setenv("TIMELINE_IMPORT_BATCH", batch)
    bulk = Timeline.open(store)
    try:
        build_bulk(bulk)
        by_import = answers(bulk)
        assert by_import[("list_events",)], "the comparison is not of two empty stores"
        assert_same(by_import, one_by_one.answers, "bulk import against one by one")
        assert_known_now_as_plain(bulk, by_import)
        assert_empty_before_anything(bulk, one_by_one.before)
        assert exported(bulk) == one_by_one.export
        assert findings(bulk) == one_by_one.findings
        assert bulk.check(deep=True) == bulk.check(), "the read model is the log's"
    finally:
        bulk.close()
