"""The answers the report page embeds (domain/answers.py) are the library's: on any day the
rows that hold are what ``Timeline.state`` answers, and a diff the page looks up is what
``Timeline.diff`` answers, uncertain dates included; and what a page holds is bounded."""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import BASE, PROPERTY, counter, histories, materialize, record

from timeline.app import Timeline
from timeline.domain.answers import MAX_CAUSES, MAX_DIFF_SPANS, Spans, answers, chosen_spans
from timeline.domain.diffs import Diff
from timeline.domain.histories import Chronicle
from timeline.domain.values import State

DAY = dt.timedelta(days=1)


def page_of(chronicle: Chronicle) -> tuple[dict[str, Any], list[str]]:
    """The answers as the report embeds them, and the ids of its events by index."""
    ids = [e.id for e in chronicle.events]
    return answers(chronicle.actors, chronicle.intervals, chronicle.events,
                   {e: n for n, e in enumerate(ids)}), ids


def holding(row: dict[str, Any], day: dt.date) -> bool:
    """The page's selection (common.js ``holding``): ISO days compare as dates do."""
    iso = day.isoformat()
    return (row["start"] is None or row["start"] <= iso) and (row["end"] is None
                                                              or iso < row["end"])


def page_state(page: dict[str, Any], ids: list[str], day: dt.date) -> tuple[list[Any], list[str]]:
    facts = [(*page["facts"][r["fact"]], r["value"], r["since"],
              None if r["event"] is None else ids[r["event"]], r["certainty"], r.get("possible"),
              None if r.get("possible_event") is None else ids[r["possible_event"]])
             for r in page["state"] if holding(r, day)]
    return facts, [ids[r["event"]] for r in page["pending"] if holding(r, day)]


def library_state(state: State) -> tuple[list[Any], list[str]]:
    return ([(f.subject, f.attribute, f.value, f.since, f.event, f.certainty, f.possible,
              f.possible_event) for f in state.facts], [e.id for e in state.pending])


def page_diff(page: dict[str, Any], ids: list[str], lo: dt.date, hi: dt.date
              ) -> tuple[list[Any], list[str]] | None:
    """The page's look-up (report.js ``showDiff``): by how many cuts come before ``lo``
    and how many on or before ``hi``."""
    cuts = page["cuts"]
    found = page["diffs"].get(f"{bisect.bisect_left(cuts, lo.isoformat())} "
                              f"{bisect.bisect_right(cuts, hi.isoformat())}")
    if found is None:
        return None
    changes = [(*page["facts"][c["fact"]], c["before"], c["after"],
                [ids[e] for e in c["events"]], c.get("more", 0), c["certainty"])
               for c in (page["changes"][n] for n in found["changes"])]
    return changes, [ids[n] for a, b in found["events"] for n in range(a, b)]


def library_diff(diff: Diff) -> tuple[list[Any], list[str]]:
    return ([(c.subject, c.attribute, c.before, c.after, c.events[:MAX_CAUSES],
              max(0, len(c.events) - MAX_CAUSES), c.certainty) for c in diff.changes],
            [e.id for e in diff.events])


@pytest.fixture
def sqlite_app(sqlite_store: str) -> Iterator[Timeline]:
    """On SQLite only: the answers are worked out in Python from the chronicle the library
    reads, and that the chronicle and state are the same on PostgreSQL is the read model's
    own property tests' business (tests/readmodel); here PostgreSQL would add two minutes."""
    timeline = Timeline.open(sqlite_store)
    try:
        yield timeline
    finally:
        timeline.close()


@pytest.mark.slow  # 100 histories: about a minute on a quiet machine
@PROPERTY
@given(history=histories(), cuts=st.lists(st.integers(0, 30), max_size=3),
       days=st.lists(st.integers(-20, 420), max_size=4))
def test_the_reports_answers_are_the_librarys(
    sqlite_app: Timeline, history: list[dict[str, Any]], cuts: list[int], days: list[int]
) -> None:
    app = sqlite_app
    prefix = f"q{next(counter)}-"
    record(app, materialize(history, prefix), prefix, cuts)
    a, b = f"{prefix}a", f"{prefix}b"
    page, ids = page_of(app.chronicle(a, b))
    edges = [dt.date.fromisoformat(c) for c in page["cuts"]]
    # Every day an answer may change on, the day before it, and a few drawn days.
    asked = sorted({*edges, *(c - DAY for c in edges), *(BASE + d * DAY for d in days)})
    for day in asked:
        assert page_state(page, ids, day) == library_state(app.state(a, b, day)), day
    # Each precomputed diff, asked on days of its spans other than the ones it was made on
    # (the last day of the span before the period, the first of the period's last span).
    spans = Spans([c.toordinal() for c in edges])
    for key in page["diffs"] if edges else ():
        i, j = map(int, key.split())
        before = (edges[i] - DAY if i < len(edges) else edges[-1] + 5 * DAY)
        last = edges[j - 1] if j > 0 else edges[0] - DAY
        if before < last:
            assert page_diff(page, ids, before + DAY, last) == library_diff(
                app.diff(a, b, before + DAY, last)), key
    if len(spans) <= MAX_DIFF_SPANS:  # all of them: any period is in the page
        for lo, hi in itertools.pairwise(asked):
            assert page_diff(page, ids, lo, hi) == library_diff(app.diff(a, b, lo, hi))


def test_a_long_history_makes_a_bounded_page() -> None:
    """Diffs are precomputed between at most MAX_DIFF_SPANS spans, whatever the history:
    those of the page's default period among them, and year ends for the rest."""
    start = dt.date(1950, 1, 1).toordinal()
    spans = Spans(range(start, start + 10_000, 3))  # 3,334 cuts over 27 years
    defaults = [start + 5_000, start + 5_060]
    chosen = chosen_spans(spans, defaults)
    assert len(chosen) <= MAX_DIFF_SPANS
    assert {spans.of(d) for d in defaults} <= set(chosen)
    ends = {spans.of(dt.date(y, 12, 31).toordinal()) for y in range(1950, 1978)}
    assert len(ends & set(chosen)) >= MAX_DIFF_SPANS // 2
