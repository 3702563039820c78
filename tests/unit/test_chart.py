"""The chart's lanes, labels and span, and drawing it (no store)."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from timeline.domain.values import Chronicle, EventData, Interval
from timeline.domain.vocabulary import RELATIONSHIP
from timeline.views.chart import Lane, _moved, draw, lane_of, lanes_of, short_label, span

PAIR = ("nato", "russia")
NAMES = {"nato": "NATO", "russia": "Russia"}


def ev(event_id: str, type_: str, on: str, **fields: str | int) -> EventData:
    return EventData(id=event_id, type=type_, actor="nato", target="russia", on=on,
                     fields=dict(fields))


def interval(subject: str, attribute: str, value: str, start: str,
             end: str | None = None) -> Interval:
    return Interval(subject, attribute, value, start, end, start, "e")


def chronicle(intervals: list[Interval], events: list[EventData],
              known_at: str | None = None) -> Chronicle:
    return Chronicle(PAIR, NAMES, intervals, events, known_at)


def test_lane_labels() -> None:
    assert Lane(RELATIONSHIP, "relations").label == "relations"
    assert Lane("post:russia-mission", "status").label == "russia-mission (post)"


def test_lanes_put_the_relationship_first_then_subjects_by_name() -> None:
    lanes = lanes_of(chronicle(
        [interval("post:b", "status", "open", "2000-01-01"),
         interval("agreement:a", "status", "in_force", "1997-05-27"),
         interval(RELATIONSHIP, "cooperation", "suspended", "2014-04-01"),
         interval(RELATIONSHIP, "relations", "established", "1997-05-27"),
         interval("post:b", "staff_cap", "10", "2021-11-01")], []))
    assert lanes == [Lane(RELATIONSHIP, "relations"), Lane(RELATIONSHIP, "cooperation"),
                     Lane("agreement:a", "status"), Lane("post:b", "status")]


def test_a_subject_only_mentioned_still_gets_a_lane() -> None:
    expel = ev("x", "expulsion", "2021-11-01", count=8, post="m")
    lanes = lanes_of(chronicle([interval("post:m", "expelled", "8", "2021-11-01")], [expel]))
    assert lanes == [Lane("post:m", "status")]
    assert lane_of(expel, lanes) == 0


def test_a_chronicle_without_facts_has_the_relations_lane() -> None:
    statement = EventData(id="s", type="statement", actor="nato", target=None, on="2021")
    lanes = lanes_of(chronicle([], [statement]))
    assert lanes == [Lane(RELATIONSHIP, "relations")]
    assert lane_of(statement, lanes) == 0


def test_lane_of_is_the_first_changed_fact_with_a_lane() -> None:
    lanes = [Lane(RELATIONSHIP, "relations"), Lane("post:m", "status")]
    assert lane_of(ev("c", "office_closure", "2021", post="m"), lanes) == 1
    assert lane_of(ev("r", "relations_severed", "2021"), lanes) == 0
    assert lane_of(ev("o", "office_closure", "2021", post="other"), lanes) == 0


def test_short_labels_carry_the_number() -> None:
    assert short_label(ev("x", "expulsion", "2021", count=8)) == "expel 8"
    assert short_label(ev("c", "staff_cap", "2021", post="m", cap=10)) == "cap 10"
    assert short_label(ev("c", "office_closure", "2021", post="m")) == "closed"


def test_span_has_margins_and_ends_after_the_last_day_shown() -> None:
    events = [ev("a", "relations_suspended", "2021-01-01"),
              ev("b", "relations_suspended", "2021-12")]
    lo, hi = span(chronicle([], events), None, None)
    # A margin of 4% of the 334 days shown (13.4 days) on each side, in whole days.
    assert (lo, hi) == (dt.date(2020, 12, 18), dt.date(2021, 12, 14))
    short = [ev("a", "relations_suspended", "2021-01-01")]
    assert span(chronicle([], short), None, None) == (dt.date(2020, 12, 25),
                                                       dt.date(2021, 1, 8))
    assert span(chronicle([], events), dt.date(2021, 6, 1), dt.date(2021, 6, 30)) == (
        dt.date(2021, 6, 1), dt.date(2021, 7, 1))


def test_span_of_nothing_is_the_last_year() -> None:
    lo, hi = span(chronicle([], []), None, None)
    assert dt.timedelta(days=365) < hi - lo < dt.timedelta(days=400)


def test_span_is_never_empty() -> None:
    events = [ev("a", "relations_suspended", "2021-01-01")]
    assert span(chronicle([], events), dt.date(2022, 1, 1), dt.date(2021, 6, 1)) == (
        dt.date(2022, 1, 1), dt.date(2022, 1, 2))


def test_moved_days_stay_in_the_calendar() -> None:
    assert _moved(dt.date(9999, 12, 30), dt.timedelta(days=7)) == dt.date.max
    assert _moved(dt.date(1, 1, 2), -dt.timedelta(days=7)) == dt.date.min
    assert _moved(dt.date(2021, 1, 1), dt.timedelta(days=1)) == dt.date(2021, 1, 2)


@pytest.mark.parametrize("fmt", ["svg", "png", "pdf"])
def test_draw_writes_the_format(fmt: str) -> None:
    out = io.BytesIO()
    draw(chronicle([interval(RELATIONSHIP, "relations", "established", "2002-05-28")],
                   [ev("r", "relations_established", "2002-05-28")]), out, fmt)
    head = out.getvalue()[:200]
    assert {"svg": b"<svg", "png": b"\x89PNG", "pdf": b"%PDF"}[fmt] in head


def test_draw_titles_the_chart_with_names_period_and_record_time() -> None:
    out = io.BytesIO()
    draw(chronicle([interval("post:m", "status", "open", "2000-01-01", "2021-11-01"),
                    interval("post:m", "status", "closed", "2021-11-01")],
                   [ev("c", "office_closure", "2021-11", post="m")],
                   known_at="2021-12-01T00:00:00.000000Z"),
         out, "svg", dt.date(2021, 1, 1), dt.date(2021, 12, 31), marker=dt.date(2021, 11, 2))
    svg = out.getvalue().decode()
    assert "NATO - Russia: 2021-01-01 to 2022-01-01" in svg
    assert "(as recorded at 2021-12-01T00:00:00.000000Z)" in svg
    assert "as of 2021-11-02" in svg
    assert "m (post)" in svg
