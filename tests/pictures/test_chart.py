"""The chart's lanes, labels and span, and drawing it (no store)."""

from __future__ import annotations

import datetime as dt
import io
import re

import matplotlib.pyplot as plt
import pytest

from timeline.domain.values import Chronicle, EventData, Interval
from timeline.domain.vocabulary import RELATIONSHIP
from timeline.views.chart import (
    Lane,
    _moved,
    build,
    draw,
    lane_of,
    lanes_of,
    period,
    short_label,
    span,
)
from timeline.views.palette import STYLES, style_of

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
    # The days asked for, not the end of the axis (the day after the last one shown).
    assert "NATO - Russia: 2021-01-01 to 2021-12-31" in svg
    assert "(as recorded at 2021-12-01T00:00:00.000000Z)" in svg
    assert "as of 2021-11-02" in svg
    assert "m (post)" in svg


def test_the_title_gives_the_dates_the_record_holds_not_the_axis_margins() -> None:
    events = [ev("a", "channel_opened", "1997", channel="c"),
              ev("b", "relations_suspended", "2021-11-01")]
    assert period(chronicle([], events), None, None) == "1997 to 2021-11-01"
    assert period(chronicle([], events), dt.date(2000, 1, 1), None) == "2000-01-01 to 2021-11-01"
    assert period(chronicle([], events[1:]), None, None) == "2021-11-01"
    out = io.BytesIO()
    draw(chronicle([interval(RELATIONSHIP, "relations", "suspended", "2021-11-01")], events),
         out, "svg")
    assert "NATO - Russia: 1997 to 2021-11-01" in out.getvalue().decode()


def test_counts_get_lanes_of_their_own_with_their_numbers() -> None:
    cap = [Interval("post:m", "staff_cap", 30, "1998-01-01", "2018-03-27", "1998", "o"),
           Interval("post:m", "staff_cap", 20, "2018-03-27", None, "2018-03-27", "c")]
    lanes = lanes_of(chronicle(
        [interval("post:m", "status", "open", "1998-01-01"), *cap,
         Interval(RELATIONSHIP, "expelled:russia", 7, "2018-03-27", None, "2018-03-27", "x")],
        []))
    assert lanes == [Lane(RELATIONSHIP, "expelled:russia", True), Lane("post:m", "status"),
                     Lane("post:m", "staff_cap", True)]
    assert lanes[0].title(NAMES) == "expelled (Russia's staff)"
    assert lanes[2].title(NAMES) == "m (post): staff cap"
    assert lane_of(ev("c", "staff_cap", "2018-03-27", post="m", cap=20), lanes) == 2
    assert lane_of(ev("r", "mission_recall", "2021", post="m"), lanes) == 1
    out = io.BytesIO()
    draw(chronicle(cap, [ev("c", "staff_cap", "2018-03-27", post="m", cap=20)]), out, "svg")
    texts = re.findall(r">([^<>]+)</text>", out.getvalue().decode())
    assert "30" in texts and "20" in texts  # each step's number, written on the lane


def test_values_that_mean_different_things_look_different() -> None:
    """Every value the vocabulary sets on a relationship's relations or cooperation or on a
    subject's status has a colour of its own, and a hatch saying whether it holds, is paused
    or has ended (so a reader who cannot tell the colours apart can still read it)."""
    values = vocabulary_values()
    assert {"established", "in_force", "open", "active", "suspended", "closed"} <= values
    assert values <= set(STYLES), values - set(STYLES)  # none falls back to grey
    colours = [style_of(v).colour.lower() for v in values]
    assert len(set(colours)) == len(colours)
    assert {style_of(v).hatch for v in ("established", "in_force", "open")} == {""}
    assert style_of("suspended").hatch and style_of("closed").hatch
    assert style_of("suspended").hatch != style_of("closed").hatch


def vocabulary_values() -> set[str]:
    """The values events set, read from the vocabulary's effects (not from type names)."""
    from timeline.domain.vocabulary import TYPES, Context

    sample = {"id": "x", "text": "t", "count": 1, "cap": 1, "post_kind": "mission",
              "party": "a", "level": "ambassador"}
    found = set()
    for etype in TYPES.values():
        fields = {f.name: sample[f.kind] for f in etype.fields}
        for effect in etype.effects(Context("a", "b", "2021"), fields):
            if effect.op == "set" and (effect.attribute == "status" or (
                    effect.subject == RELATIONSHIP and effect.attribute in ("relations",
                                                                            "cooperation"))):
                found.add(str(effect.value))
    return found


def test_the_legend_names_each_value_and_marker_drawn() -> None:
    fig = build(chronicle(
        [interval(RELATIONSHIP, "relations", "established", "1997-05-27", "2021-11-01"),
         interval(RELATIONSHIP, "relations", "suspended", "2021-11-01"),
         interval("agreement:a", "status", "in_force", "1997-05-27"),
         interval("post:m", "status", "open", "2000-01-01")],
        [ev("r", "relations_established", "1997-05-27"),
         EventData(id="s", type="relations_suspended", actor="russia", target="nato",
                   on="2021-11-01", announced="2021-10-18"),
         ev("o", "post_opened", "2000", post="m", kind="mission")]),
        marker=dt.date(2021, 11, 2))
    try:
        legend = [t.get_text() for t in fig.legends[0].get_texts()]
        patches = {p.get_label(): p for p in fig.legends[0].get_patches()}
    finally:
        plt.close(fig)
    assert legend == ["established", "in force", "open", "suspended", "event",
                      "dated to a month or year", "announced, then in effect", "as of"]
    assert len({tuple(p.get_facecolor()) for p in patches.values()}) == 4
    assert patches["suspended"].get_hatch() == style_of("suspended").hatch


def test_an_announcement_is_a_hollow_diamond_joined_to_its_effect() -> None:
    suspended = EventData(id="s", type="relations_suspended", actor="russia", target="nato",
                          on="2021-11-01", announced="2021-10-18")
    fig = build(chronicle([interval(RELATIONSHIP, "relations", "suspended", "2021-11-01")],
                          [suspended]))
    try:
        ax = fig.axes[0]
        diamonds = [line for line in ax.get_lines() if line.get_marker() == "D"]
        joins = [line for line in ax.get_lines() if len(line.get_xdata()) == 2
                 and line.get_linestyle() != "-"]
    finally:
        plt.close(fig)
    from timeline.views.axes import day_x

    assert [list(d.get_xdata()) for d in diamonds] == [[day_x(dt.date(2021, 10, 18))]]
    assert diamonds[0].get_markerfacecolor() == "white"
    assert [list(j.get_xdata()) for j in joins] == [[day_x(dt.date(2021, 10, 18)),
                                                     day_x(dt.date(2021, 11, 1))]]
