"""One actor with 200 counterparts (the United States in the COW data) still draws a
readable chart: the most telling counterparts one by one, the rest as one node, no text on
top of another, and no edge label written over and over."""

from __future__ import annotations

import collections
import datetime as dt
import itertools

import matplotlib.pyplot as plt

from timeline.domain.histories import Interval
from timeline.domain.overview import Network
from timeline.views import network, placement
from timeline.views.palette import NOTHING_YET, POSSIBLE

DAY = dt.date(1975, 1, 1)


def crowded(count: int = 200) -> Network:
    others = [f"state-{n:03d}" for n in range(count)]
    intervals: dict[str, list[Interval]] = {}
    for n, other in enumerate(others):
        if n % 10 == 0:  # relations established: the most telling, drawn whatever their names
            intervals[other] = [Interval("relationship", "relations", "established",
                                         "1950-01-01", None, "1950", f"e{n}")]
        elif n % 2:  # a representation that holds on the day
            intervals[other] = [Interval("relationship", f"representation:{other}",
                                         "ambassador", "1960-01-01", None, "1955/1960", f"r{n}")]
        else:  # one that ended: less telling than any standing one
            intervals[other] = [Interval("relationship", f"representation:{other}", "none",
                                         "1940-01-01", None, "1935/1940", f"n{n}")]
    names = {o: f"Republic of {o.title()}" for o in others} | {"us": "United States"}
    return Network("us", names, others, intervals, [])


def test_two_hundred_counterparts_stay_readable() -> None:
    found = crowded()
    places, more = network.drawn(found, DAY)
    assert len(places) == network.MAX_DRAWN and more == 200 - network.MAX_DRAWN
    chosen = {found.counterparts[n] for n in places}
    assert {f"state-{n:03d}" for n in range(0, 200, 10)} <= chosen  # relations first
    assert all(int(o[-3:]) % 2 or int(o[-3:]) % 10 == 0 for o in chosen)  # then standing
    fig = network.build(found, DAY)
    try:
        renderer = fig.canvas.get_renderer()
        texts = [t for ax in fig.axes for t in (*ax.texts, ax.title) if t.get_visible()
                 and t.get_text()] + list(fig.axes[1].get_yticklabels())  # the lanes' names
        boxes = [(t.get_text(), placement.extent(t, renderer)) for t in texts]
        assert [(a, b) for (a, x), (b, y) in itertools.combinations(boxes, 2)
                if x.overlaps(y)] == []
        words = collections.Counter(t.get_text() for t in fig.axes[0].texts)
        assert max(words.values()) == 1, words.most_common(3)  # no edge label over and over
        assert f"+{more} more" in words
        lanes = [t.get_text() for t in fig.axes[1].get_yticklabels()]
        assert len(lanes) == network.MAX_DRAWN
        assert fig.get_size_inches()[1] < 20  # not 13,000 pixels tall
    finally:
        plt.close(fig)


def test_one_more_than_drawn_is_drawn_not_a_node_of_one() -> None:
    found = crowded(network.MAX_DRAWN + 1)
    assert network.drawn(found, DAY) == (list(range(network.MAX_DRAWN + 1)), 0)


def test_a_few_counterparts_are_all_drawn_and_each_edge_said_once() -> None:
    """Words on an edge are its own; ties worded alike on several edges are said once, in
    the key under the network, with how many edges they are (not 30 times over)."""
    found = crowded(8)
    assert network.drawn(found, DAY) == (list(range(8)), 0)
    fig = network.build(found, DAY)
    try:
        labels = [t.get_text() for t in fig.axes[0].texts
                  if (t.get_gid() or "").startswith("edge-label")]
        key = next(t.get_text() for t in fig.axes[0].texts if t.get_gid() == network.KEY_GID)
        assert overlapping(fig) == []
    finally:
        plt.close(fig)
    assert labels == ["established"]  # the only edge worded so
    assert key.splitlines() == ["Ties on the day:", "ambassador at United States: 4 edges",
                                f"{network.NO_RELATIONS}: 3 edges"]


def overlapping(fig: object) -> list[tuple[str, str]]:
    """Pairs of texts (edge words, names, the key, lane names) whose boxes overlap."""
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    axes = fig.axes  # type: ignore[attr-defined]
    texts = [t for ax in axes for t in (*ax.texts, ax.title) if t.get_visible()
             and t.get_text()] + list(axes[1].get_yticklabels())
    boxes = [(t.get_text(), placement.extent(t, renderer)) for t in texts]
    return [(a, b) for (a, x), (b, y) in itertools.combinations(boxes, 2) if x.overlaps(y)]


def test_a_tie_only_possible_on_the_day_is_drawn_as_possible() -> None:
    """An embassy seen open by 2021-10-27, with no word of since when, may already be open
    in 2015: its edge is drawn dashed and says "possibly", not left out as no facts; one
    dated 2014-06-06/2017-01-20 is possible from its first day only."""
    seen = [Interval("post:e", "sender", "x", "2021-10-27", None, "../2021-10-27", "seen"),
            Interval("post:e", "host", "russia", "2021-10-27", None, "../2021-10-27", "seen"),
            Interval("post:e", "status", "open", "2021-10-27", None, "../2021-10-27", "seen")]
    style, words, _ = network.edge_state(seen, dt.date(2015, 1, 1), "russia",
                                         {"russia": "Russia"})
    assert style == POSSIBLE and words == "possibly post at Russia"
    assert network.edge_state(seen, dt.date(2021, 11, 2), "russia", {"russia": "Russia"}
                              )[1] == "post at Russia"
    spanned = [Interval("relationship", "relations", "established", "2017-01-20", None,
                        "2014-06-06/2017-01-20", "r")]
    assert network.edge_state(spanned, dt.date(2014, 6, 5), "russia")[0] == NOTHING_YET
    assert network.edge_state(spanned, dt.date(2014, 6, 6), "russia")[0] == POSSIBLE
    certain = [Interval("relationship", "relations", "established", "2017-01-20", None,
                        "2017-01-20", "r")]
    assert network.edge_state(certain, dt.date(2016, 1, 1), "russia")[0] == NOTHING_YET
