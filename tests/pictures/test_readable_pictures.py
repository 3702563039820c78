"""Pictures a person can read (issue 22, item 6), measured on the seed's own pictures: no two
texts overlap (their drawn boxes, lane names included), no words are written twice on the
network, lanes are named by names rather than ids, and Russia's network shows the ties its
allies keep with it (an embassy in Moscow each), not "no relations fact" on 30 edges."""

from __future__ import annotations

import collections
import datetime as dt
import itertools
from pathlib import Path

import matplotlib.pyplot as plt
from helpers import FIELD, Runner, needs_field, overlapping_texts

from timeline.app import Timeline
from timeline.views import chart, network

DAY = dt.date(2021, 11, 2)


def test_russias_network_shows_its_ties_each_said_once(seeded: Runner) -> None:
    app = Timeline.open(seeded.db)
    try:
        found = app.network("russia")
    finally:
        app.close()
    fig = network.build(found, DAY)
    try:
        assert overlapping_texts(fig) == []
        net, lanes = fig.axes[0], fig.axes[1]
        words = collections.Counter(t.get_text() for t in net.texts)
        assert max(words.values()) == 1, words.most_common(3)  # nothing written twice
        key = next(t.get_text() for t in net.texts if t.get_gid() == network.KEY_GID)
        # The allies' embassies in Moscow, said once for all their edges.
        assert any(line.startswith("post at Russia: ") and line.endswith(" edges")
                   and int(line.split()[-2]) >= 20 for line in key.splitlines()), key
        assert "NATO: suspended; 2 channels; 2 agreements in force" in key.splitlines()
        assert network.NO_RELATIONS not in key
        # The lanes are not empty lines: a strip of a tie in every lane.
        strips = [c for c in lanes.collections if c.get_facecolor().size]
        assert len(strips) >= len(lanes.get_yticklabels())
        legend = [t.get_text() for t in fig.legends[0].get_texts()]
        assert "a post of theirs at Russia" in legend
        assert "held by then, since unknown" in legend
    finally:
        plt.close(fig)


def test_the_seed_pair_chart_reads_in_names_and_units(seeded: Runner) -> None:
    app = Timeline.open(seeded.db)
    try:
        fig = chart.build(app.chronicle("nato", "russia"), None, None, DAY)
    finally:
        app.close()
    try:
        assert overlapping_texts(fig) == []
        ax = fig.axes[0]
        lanes = [t.get_text() for t in ax.get_yticklabels()]
        texts = [t.get_text() for t in ax.texts]
        ticks = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    finally:
        plt.close(fig)
    assert "Russia's mission in Brussels: staff cap" in lanes
    assert not [lane for lane in lanes if "-" in lane.split(" (")[0] and "NATO-" not in lane]
    assert "opened, staff cap 30" in texts or "staff cap 30" in texts
    assert not [t for t in texts if t.split()[-1].isdigit() and len(t.split()) == 2
                and t.split()[0] in ("opened", "cap", "expel")]  # no bare "opened 30"
    assert ticks and all(t.isdigit() and len(t) == 4 for t in ticks)  # years, ISO


def test_a_short_period_has_iso_dates_on_its_axis(seeded: Runner) -> None:
    app = Timeline.open(seeded.db)
    try:
        fig = chart.build(app.chronicle("nato", "russia"), dt.date(2021, 9, 1),
                          dt.date(2021, 11, 30), DAY)
    finally:
        app.close()
    try:
        fig.canvas.draw()
        ticks = [t.get_text() for t in fig.axes[0].get_xticklabels() if t.get_text()]
        corner = fig.axes[0].xaxis.get_offset_text().get_text()
    finally:
        plt.close(fig)
    assert ticks and all(dt.date.fromisoformat(t) for t in ticks), ticks  # not "Oct", "15"
    assert corner == ""


def test_iso_dates_on_the_axis_are_never_written_over_each_other() -> None:
    """Every other day restarts on the 1st: 2018-05-31 and 2018-06-01 had been written
    over each other (an ICEWS agreement of 2018-06-01, charted alone)."""
    from timeline.domain.histories import Chronicle, Interval
    from timeline.domain.values import EventData

    signed = EventData(id="s", type="agreement_signed", actor="russia", target="uae",
                       on="2018-06-01", fields={"agreement": "icews-agreement-x"})
    fig = chart.build(Chronicle(("russia", "uae"), {}, [Interval(
        "agreement:icews-agreement-x", "status", "signed", "2018-06-01", None, "2018-06-01",
        "s")], [signed]))
    try:
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        ticks = [t for t in fig.axes[0].get_xticklabels() if t.get_text()]
        boxes = [t.get_window_extent(renderer) for t in ticks]
        lanes = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    finally:
        plt.close(fig)
    assert len(ticks) >= 3
    assert not [(a, b) for a, b in itertools.combinations(boxes, 2) if a.overlaps(b)]
    assert lanes == ["agreement (signed 2018-06-01)"]  # not its coded id


@needs_field
def test_two_centuries_of_envoys_read_without_a_text_over_another(tmp_path: Path) -> None:
    """The COW file of the United States charted as of 1975: twelve years had been written
    as one ("18201840..."), the as-of words over the title, and the years COW codes 9
    ("other") left blank, as if no envoy was there."""
    run = Runner(str(tmp_path / "cow.db"))
    run.ok("import", "--create-actors", str(FIELD / "cow" / "dipex_usa.csv"))
    app = Timeline.open(run.db)
    try:
        found = app.network("united-states")
    finally:
        app.close()
    fig = network.build(found, dt.date(1975, 1, 1))
    try:
        assert overlapping_texts(fig) == []
        legend = [t.get_text() for t in fig.legends[0].get_texts()]
        years = [t.get_text() for t in fig.axes[-1].get_xticklabels() if t.get_text()]
    finally:
        plt.close(fig)
    assert "representation of another kind (either way)" in legend
    assert len(years) >= 3 and all(len(y) == 4 and y.isdigit() for y in years), years


def test_three_days_of_a_network_are_drawn_without_a_warning(seeded: Runner) -> None:
    """Thinning the ticks asked matplotlib for fewer than a few days allow: it warned
    (an error here) and guessed."""
    app = Timeline.open(seeded.db)
    try:
        found = app.network("russia")
    finally:
        app.close()
    fig = network.build(found, DAY, dt.date(2021, 11, 1), dt.date(2021, 11, 3))
    try:
        assert overlapping_texts(fig) == []
        days = [t.get_text() for t in fig.axes[-1].get_xticklabels() if t.get_text()]
    finally:
        plt.close(fig)
    assert len(days) >= 2 and all(dt.date.fromisoformat(d) for d in days), days
