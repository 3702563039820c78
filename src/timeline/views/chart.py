"""A relationship's history as lanes over time, drawn with matplotlib.

One lane per subject (the relationship's relations and cooperation, each post, agreement
and channel), a bar coloured and hatched by its value over time (see ``palette``); a lane of
its own, a step line with its numbers written on it, for each count (a staff cap, people
expelled); a marker per event, with a short label that never overlaps another (see
``placement``). An event known only to a year or a month is drawn as a bracket over that
period; one announced before it took effect, as a hollow diamond on the day it was announced,
joined by a dotted line to the day it took effect.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Any

from timeline.domain.dates import NEVER, PartialDate
from timeline.domain.histories import Chronicle, Interval
from timeline.domain.values import EventData
from timeline.domain.vocabulary import RELATIONSHIP, Value, effects_of, get_type
from timeline.extras import require
from timeline.views import axes, placement
from timeline.views.axes import INK, LANE_HEIGHT, day_x
from timeline.views.labels import attribute_label, subject_label, subject_names, value_label
from timeline.views.palette import STYLES, style_of
from timeline.views.text import visible

RELATIONSHIP_LANES = ("relations", "cooperation")
# What a chart draws is bounded whatever the store holds: at most this many lanes (a pair
# with 1,000 posts drew 2,000, 27 s and 820 MB) and tries at this many event labels (each
# left out is counted, and the chart says so).
MAX_LANES = 40
MAX_LABELS = 200
AXES_GID = "timeline-lanes"  # the time axis's background in an SVG: a report finds it by this


@dataclass(frozen=True)
class Lane:
    """A chart's row: one fact of the relationship (a count drawn as a step line)."""

    subject: str
    attribute: str
    numeric: bool = False  # a count, drawn as a step line with its numbers

    @property
    def label(self) -> str:
        return self.title({})

    def title(self, names: Mapping[str, str], subjects: Mapping[str, str] | None = None
              ) -> str:
        """In words: a subject by its name where ``subjects`` (``labels.subject_names``)
        has one, else by its id and kind."""
        if self.subject == RELATIONSHIP:
            return attribute_label(self.attribute, names)
        subject = (subjects or {}).get(self.subject) or subject_label(self.subject)
        if self.numeric:
            return f"{subject}: {attribute_label(self.attribute, names)}"
        return subject


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def lanes_of(chronicle: Chronicle) -> list[Lane]:
    """The relationship's relations and cooperation, then its counts; then each subject's
    status and counts, by subject. A subject only ever mentioned still gets a status lane,
    unless it has a count to show."""
    found = {(i.subject, i.attribute) for i in chronicle.intervals}
    counts = {(i.subject, i.attribute) for i in chronicle.intervals if _is_count(i.value)}
    lanes = [Lane(RELATIONSHIP, a) for a in RELATIONSHIP_LANES if (RELATIONSHIP, a) in found]
    lanes += [Lane(RELATIONSHIP, a, True) for s, a in sorted(counts) if s == RELATIONSHIP]
    subjects = {s for s, a in found if s != RELATIONSHIP and (a == "status" or (s, a) in counts)}
    for event in chronicle.events:
        subjects.update(e.subject for e in effects_of(event) if e.subject != RELATIONSHIP)
    by_subject: dict[str, list[str]] = {}
    for s, a in sorted(counts):
        by_subject.setdefault(s, []).append(a)
    for subject in sorted(subjects):
        own = [Lane(subject, a, True) for a in by_subject.get(subject, [])]
        if (subject, "status") in found or not own:
            lanes.append(Lane(subject, "status"))
        lanes += own
    return lanes or [Lane(RELATIONSHIP, "relations")]


def lane_of(event: EventData, lanes: Sequence[Lane],
            index: dict[tuple[str, str], int] | None = None) -> int:
    """The lane of the first fact the event changes that has one (a count's own lane, else
    its subject's status lane; else the first lane). ``index``: the lanes by fact, made
    once for many events."""
    if index is None:
        index = lane_index(lanes)
    for effect in effects_of(event):
        for key in ((effect.subject, effect.attribute), (effect.subject, "status")):
            if key in index and (key[0] != RELATIONSHIP or key[1] == effect.attribute):
                return index[key]
    return 0


def lane_index(lanes: Sequence[Lane]) -> dict[tuple[str, str], int]:
    return {(lane.subject, lane.attribute): n for n, lane in enumerate(lanes)}


def short_label(event: EventData) -> str:
    """The type's short label, and the number it sets or adds with its unit ("opened, staff
    cap 30", "expelled 8": a bare "opened 30" says nothing of what 30 counts); an uncertain
    or approximate day keeps its qualifier ("suspended?")."""
    label = get_type(event.type).label
    counted = next((e for e in effects_of(event) if _is_count(e.value)), None)
    if counted is not None:
        unit = count_words(counted.attribute)
        # A label that is the unit's own word ("cap", "expel") is said by the unit alone.
        said = f"{unit} {counted.value}"
        label = said if label.split()[0][:4] in unit else f"{label}, {said}"
    qualifier = qualifier_of(event.on)
    return f"{label}{qualifier}" if qualifier else label


def count_words(attribute: str) -> str:
    """A count's unit in words: ``staff_cap`` as ``staff cap``, ``expelled:russia`` as
    ``expelled``."""
    return attribute.partition(":")[0].replace("_", " ")


def qualifier_of(on: str) -> str:
    """The EDTF qualifier of a single day or period (``?`` uncertain, ``~`` approximate),
    or "" (a span is drawn as one, not marked so)."""
    day = PartialDate.parse(on)
    return day.text[-1] if day.text and not day.uncertain else ""


def span(chronicle: Chronicle, start: dt.date | None, end: dt.date | None
         ) -> tuple[dt.date, dt.date]:
    """The time axis: from ``start`` (or a little before the first event or announcement)
    to the end of ``end`` (or a little after the last)."""
    dates = [PartialDate.parse(e.on) for e in chronicle.events]
    days = [d.sort_day for d in dates] + [d.first for d in dates if d.earliest is not None]
    days += [PartialDate.parse(e.announced).start for e in chronicle.events if e.announced]
    days += [dt.date.fromisoformat(i.start) for i in chronicle.intervals]
    return axis_span(days, start, end)


def axis_span(days: Sequence[dt.date], start: dt.date | None, end: dt.date | None
              ) -> tuple[dt.date, dt.date]:
    """From ``start`` (or 4% before the first of ``days``) to the end of ``end`` (or 4%
    after the last); never empty, always within the calendar."""
    first = min(days) if days else dt.date.today() - dt.timedelta(days=365)
    last = max(days) if days else dt.date.today()
    margin = max(dt.timedelta(days=7), (last - first) * 0.04)
    lo = start or _moved(first, -margin)
    hi = _moved(end, dt.timedelta(days=1)) if end else _moved(last, margin)
    if hi <= lo:  # one day: widen it, backwards at the end of the calendar
        hi = _moved(lo, dt.timedelta(days=1))
        if hi <= lo:
            lo = _moved(hi, -dt.timedelta(days=1))
    return lo, hi


def period(chronicle: Chronicle, start: dt.date | None, end: dt.date | None) -> str:
    """What the chart covers, in the dates a reader gave or the record holds (each to its
    precision), not the axis's margins: ``1997 to 2021-11-01``."""
    shown = [e.on for e in chronicle.events
             if (start is None or PartialDate.parse(e.on).end >= start)
             and (end is None or PartialDate.parse(e.on).sort_day <= end)]
    first = start.isoformat() if start else (shown[0] if shown else "")
    last = end.isoformat() if end else (shown[-1] if shown else "")
    return first if first == last else f"{first} to {last}"


def _moved(day: dt.date, by: dt.timedelta) -> dt.date:
    """A day moved, held within the calendar (years 1 to 9999)."""
    try:
        return day + by
    except OverflowError:
        return dt.date.max if by > dt.timedelta(0) else dt.date.min


def setup() -> Any:
    """matplotlib, drawing to files only, with text kept as text and no timestamps."""
    require("charts")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["svg.fonttype"] = "none"  # text stays text: searchable, smaller
    plt.rcParams["svg.hashsalt"] = "timeline"  # the same chart gives the same file
    plt.rcParams["font.size"] = 9
    plt.rcParams["hatch.linewidth"] = 0.8
    plt.rcParams["lines.scale_dashes"] = False  # dashes in points, as palette gives them
    return plt


def build(chronicle: Chronicle, start: dt.date | None = None, end: dt.date | None = None,
          marker: dt.date | None = None) -> Any:
    """The chart as a matplotlib figure (closed by ``draw``, or by whoever builds it)."""

    plt = setup()
    every = lanes_of(chronicle)
    lanes = every[:MAX_LANES]
    lo, hi = span(chronicle, start, end)
    live = chronicle.events
    fig, ax = plt.subplots(figsize=(12, LANE_HEIGHT * len(lanes) + 2.0))
    # Names are text from a file: control characters would make the SVG invalid XML.
    names = {k: visible(v) for k, v in chronicle.names.items()}
    title = " - ".join(names.get(a, a) for a in chronicle.actors)
    title += f": {period(chronicle, start, end)}"
    if chronicle.known_at:
        title += f" (as recorded at {chronicle.known_at})"
    # (The left title is a Text of its own: ``ax.title`` is the centre one, empty.)
    heading = ax.set_title(title, loc="left", fontsize=11, parse_math=False)  # "$5" is text
    subjects = subject_names(live, names)
    axes.time_axis(ax, lo, hi, [visible(lane.title(names, subjects)) for lane in lanes])
    ax.patch.set_gid(AXES_GID)
    bars_of = {(lane.subject, lane.attribute) for lane in lanes if not lane.numeric}
    drawn = {str(i.value) for i in chronicle.intervals if (i.subject, i.attribute) in bars_of}
    values = [v for v in STYLES if v in drawn] + sorted(drawn - STYLES.keys())
    shown = [e for e in live if lo <= PartialDate.parse(e.on).sort_day <= hi]
    axes.layout(fig, ax, axes.legend_entries(values, axes.marker_kinds(shown, marker), names))
    axes.fit_ticks(ax)
    board = placement.Board(fig.canvas.get_renderer())
    for text in (heading, *ax.get_yticklabels()):
        board.add(text)
    bars, counts = _spans(lanes, chronicle.intervals, lo, hi)
    for row, x0, x1, value in bars:
        axes.bar(ax, row, x0, x1, style_of(value))
    heights = {row: axes.steps(ax, row, steps) for row, steps in counts.items()}
    if marker is not None:
        axes.as_of_line(ax, board, marker)
    groups, unlaned = _draw_markers(ax, board, every, shown, lo, hi)
    # The texts that must be there first, then event labels around them.
    for row, x0, x1, value in bars:
        axes.bar_text(ax, board, row, x0, x1, style_of(value),
                      visible(value_label(value, names)))
    for row, steps in counts.items():
        axes.step_texts(ax, board, steps, heights[row], count_words(lanes[row].attribute))
    left_out = max(0, len(groups) - MAX_LABELS)
    # Earliest first, so that a crowd spreads to the right of where it starts.
    for (row, x), labels in sorted(groups.items(),
                                   key=lambda item: (item[0][1], item[0][0]))[:MAX_LABELS]:
        if not placement.place(ax, board, (x, row), visible(", ".join(labels)), fontsize=7.5,
                               color=INK):
            left_out += 1
    said = [f"{left_out} event label(s) left out where events crowd (their markers are "
            "drawn)"] if left_out else []
    if len(every) > len(lanes):
        said.append(f"{len(every) - len(lanes)} more lane(s) and {unlaned} event(s) on them "
                    f"left out: 'timeline state' and 'timeline log' list them")
    if said:
        fig.text(0.01, 0.005, "; ".join(said), fontsize=7.5, color="#607d8b")
    return fig


def draw(chronicle: Chronicle, out: str | IO[bytes], fmt: str, start: dt.date | None = None,
         end: dt.date | None = None, marker: dt.date | None = None) -> None:
    """Draw the chart to a path or binary file, as svg, png or pdf."""

    axes.save(build(chronicle, start, end, marker), out, fmt)


def _clipped(interval: Interval, lo: dt.date, hi: dt.date) -> tuple[dt.date, dt.date] | None:
    begin = max(dt.date.fromisoformat(interval.start), lo)
    finish = min(dt.date.fromisoformat(interval.end) if interval.end else hi, hi)
    return (begin, finish) if begin < finish else None


def _spans(lanes: Sequence[Lane], intervals: Sequence[Interval], lo: dt.date, hi: dt.date
           ) -> tuple[list[tuple[int, float, float, Value]],
                      dict[int, list[tuple[float, float, int]]]]:
    """The bars (lane, from, to, value) and, by lane, the steps of counts, on the axis."""

    rows = {(lane.subject, lane.attribute): n for n, lane in enumerate(lanes)}
    numeric = {(lane.subject, lane.attribute) for lane in lanes if lane.numeric}
    bars: list[tuple[int, float, float, Value]] = []
    counts: dict[int, list[tuple[float, float, int]]] = {}
    for interval in intervals:
        key = (interval.subject, interval.attribute)
        row, days = rows.get(key), _clipped(interval, lo, hi)
        if row is None or days is None:
            continue
        x0, x1 = (day_x(d) for d in days)
        if key not in numeric:
            bars.append((row, x0, x1, interval.value))
        elif _is_count(interval.value):
            counts.setdefault(row, []).append((x0, x1, int(interval.value)))
    return bars, {row: sorted(steps) for row, steps in counts.items()}


def _draw_markers(ax: Any, board: placement.Board, lanes: Sequence[Lane],
                  events: Sequence[EventData], lo: dt.date, hi: dt.date
                  ) -> tuple[dict[tuple[int, float], list[str]], int]:
    """Each event's marker (and its announcement's), one artist a lane and kind of marker;
    their labels, by lane and day; and how many events fell on lanes left out."""

    groups: dict[tuple[int, float], list[str]] = {}
    index = lane_index(lanes)
    # (lane, "day", "qualified" or "period") -> days
    markers: dict[tuple[int, str], list[float]] = {}
    unlaned = 0
    for event in events:
        day = PartialDate.parse(event.on)
        row = lane_of(event, lanes, index)
        if row >= MAX_LANES:
            unlaned += 1
            continue
        x = day_x(day.sort_day)
        if day.uncertain:
            # Sometime within a span: a hatched bracket from its first possible day to the
            # day it is known by (an open end runs to the axis's end, an open start from
            # its beginning), since the fact is only possible in between.
            begin = max(day.first, lo)
            until = hi if day.start == NEVER else min(day.start + dt.timedelta(days=1), hi)
            ax.fill_between([day_x(begin), day_x(until)], row - 0.44, row - 0.32,
                            facecolor="white", edgecolor="#37474f", hatch="////",
                            linewidth=0.8, zorder=3)
            for edge, open_end in ((begin, day.earliest is None), (until, day.start == NEVER)):
                if not open_end:
                    ax.plot([day_x(edge)], [row - 0.38], marker="|", color="#37474f",
                            markersize=9, zorder=3)
        elif day.precision != "day":
            # Known only to a year or a month: a bracket over the whole period.
            until = day.end + dt.timedelta(days=1)
            ax.plot([x, day_x(min(until, hi))], [row - 0.38] * 2, color="#37474f",
                    linewidth=2.5, solid_capstyle="butt")
            ax.plot([x], [row - 0.38], marker="|", color="#37474f", markersize=9)
        if event.announced:
            said = PartialDate.parse(event.announced).start
            if said < day.sort_day:
                xa = day_x(max(said, lo))
                ax.plot([xa, x], [row, row], color=INK, linestyle=(0, (1.5, 1.5)),
                        linewidth=1, zorder=3)
                if said >= lo:
                    ax.plot([xa], [row], marker="D", markersize=5, color=INK,
                            markerfacecolor="white", zorder=4)
                    board.add_point(ax, (xa, row))
        kind = "period" if day.precision != "day" else "qualified" if day.text else "day"
        markers.setdefault((row, kind), []).append(x)
        labels = groups.setdefault((row, x), [])
        if short_label(event) not in labels:
            labels.append(short_label(event))
    for (row, kind), xs in markers.items():
        # A day known for certain is a filled triangle; one uncertain or approximate
        # (2021-11-01?) a hollow one, so that it is not read as certain; a month or a
        # year a hollow circle on its bracket.
        ax.plot(xs, [row] * len(xs), linestyle="none", marker="o" if kind == "period" else "v",
                color=INK, markersize=6, markerfacecolor=INK if kind == "day" else "white",
                markeredgewidth=1.3, zorder=4)
        # One box a pixel column: markers that share one cover the same place.
        pixels = ax.transData.transform([(x, row) for x in xs])[:, 0]
        for x in sorted({round(float(px)): x for px, x in zip(pixels, xs, strict=True)
                         }.values()):
            board.add_point(ax, (x, row))
    return groups, unlaned
