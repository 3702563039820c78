"""The chart's lanes, labels and span, and drawing it (no store)."""

from __future__ import annotations

import datetime as dt
import io
import re

import matplotlib.pyplot as plt
import pytest

from timeline.domain.histories import Chronicle, Interval
from timeline.domain.values import EventData
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
    named = {"post:russia-mission": "Russia's mission in Brussels"}
    assert Lane("post:russia-mission", "status").title(NAMES, named) == named[
        "post:russia-mission"]
    assert Lane("post:russia-mission", "staff_cap", True).title(NAMES, named) == (
        "Russia's mission in Brussels: staff cap")


def test_subjects_are_named_by_their_names_not_their_ids() -> None:
    """A lane read "icews-agreement-signed-2018-06-01-israel-russia (agreement)" (issue 22):
    a subject goes by the name an event gives it, a post by who sent it, what and where,
    else by its kind and the first event that names it."""
    from timeline.views.labels import subject_names

    events = [
        ev("a", "agreement_signed", "1997-05-27", agreement="fa", name="Founding Act"),
        ev("b", "agreement_in_force", "1997-05-27", agreement="fa"),
        ev("c", "post_opened", "2000-12-15", post="io", kind="information_office",
           location="Moscow"),
        ev("d", "agreement_signed", "2018-06-01?",
           agreement="icews-agreement-signed-2018-06-01-israel-russia"),
        ev("e", "channel_opened", "2002", channel="c"),
        ev("f", "channel_closed", "2009", channel="c", name="Council"),
    ]
    assert subject_names(events, NAMES) == {
        "agreement:fa": "Founding Act (agreement)",
        "post:io": "NATO's information office in Moscow",
        "agreement:icews-agreement-signed-2018-06-01-israel-russia":
            "agreement (signed 2018-06-01?)",
        "channel:c": "Council (channel)",  # a name given later still wins
    }


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


def test_short_labels_carry_the_number_with_its_unit() -> None:
    """"opened 30" said nothing of what 30 counts (issue 22): a number goes with its unit."""
    assert short_label(ev("x", "expulsion", "2021", count=8)) == "expelled 8"
    assert short_label(ev("c", "staff_cap", "2021", post="m", cap=10)) == "staff cap 10"
    assert short_label(ev("o", "post_opened", "2018", post="m", kind="mission",
                          staff_cap=30)) == "opened, staff cap 30"
    assert short_label(ev("c", "office_closure", "2021", post="m")) == "closed"


def test_an_uncertain_or_approximate_day_keeps_its_qualifier() -> None:
    assert short_label(ev("s", "relations_suspended", "2021-11-01?")) == "suspended?"
    assert short_label(ev("c", "office_closure", "2021-11~", post="m")) == "closed~"
    assert short_label(ev("s", "relations_suspended", "../2021-11-01")) == "suspended"


def test_an_uncertain_day_is_drawn_hollow_and_the_legend_says_so() -> None:
    from timeline.views.axes import QUALIFIED

    fig = build(chronicle([interval(RELATIONSHIP, "relations", "established", "1997-05-27",
                                    "2021-11-01"),
                           interval(RELATIONSHIP, "relations", "suspended", "2021-11-01")],
                          [ev("r", "relations_established", "1997-05-27"),
                           ev("s", "relations_suspended", "2021-11-01?")]))
    try:
        ax = fig.axes[0]
        triangles = {line.get_markerfacecolor(): len(line.get_xdata())
                     for line in ax.get_lines() if line.get_marker() == "v"}
        legend = [t.get_text() for t in fig.legends[0].get_texts()]
        texts = [t.get_text() for t in ax.texts]
    finally:
        plt.close(fig)
    assert triangles["white"] == 1 and len(triangles) == 2  # one hollow, one filled
    assert QUALIFIED in legend and "event" in legend
    assert "suspended?" in texts


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
    assert "post (closed 2021-11)" in svg  # no name given: its kind and first event


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
    # Each step's number with its unit, written on the lane.
    assert "staff cap 30" in texts and "staff cap 20" in texts


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
