"""A relationship's history as lanes over time, drawn with matplotlib.

One lane per subject (the relationship's relations and cooperation, each post, agreement
and channel), coloured by its value over time; a marker per event, with a short label.
An event known only to a year or a month is drawn as a bracket over that period.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, Any

from timeline.domain.dates import PartialDate
from timeline.domain.values import Chronicle, EventData, Interval
from timeline.domain.vocabulary import RELATIONSHIP, effects_of, get_type
from timeline.views.text import visible

COLOURS = {
    "established": "#4caf50", "active": "#4caf50", "open": "#4caf50", "in_force": "#4caf50",
    "suspended": "#ffb300", "closed": "#e53935", "severed": "#b71c1c",
    "terminated": "#8d6e63",
}
OTHER_COLOUR = "#90a4ae"
RELATIONSHIP_LANES = ("relations", "cooperation")


@dataclass(frozen=True)
class Lane:
    subject: str
    attribute: str

    @property
    def label(self) -> str:
        if self.subject == RELATIONSHIP:
            return self.attribute
        kind, _, name = self.subject.partition(":")
        return f"{name} ({kind})"


def _lane_key(subject: str, attribute: str) -> Lane:
    """The lane a fact is drawn in: the relationship's own facts each have one, every other
    subject one for its status."""
    return Lane(subject, attribute) if subject == RELATIONSHIP else Lane(subject, "status")


def lanes_of(chronicle: Chronicle) -> list[Lane]:
    """The relationship's relations and cooperation first, then each subject's status."""
    found = {(i.subject, i.attribute) for i in chronicle.intervals}
    lanes = [Lane(RELATIONSHIP, a) for a in RELATIONSHIP_LANES if (RELATIONSHIP, a) in found]
    subjects = sorted({s for s, a in found if s != RELATIONSHIP and a == "status"})
    lanes += [Lane(s, "status") for s in subjects]
    for event in chronicle.events:  # a subject only ever mentioned still gets a lane
        for effect in effects_of(event):
            lane = _lane_key(effect.subject, effect.attribute)
            if effect.subject != RELATIONSHIP and lane not in lanes:
                lanes.append(lane)
    return lanes or [Lane(RELATIONSHIP, "relations")]


def lane_of(event: EventData, lanes: Sequence[Lane]) -> int:
    """The lane of the first fact the event changes that has one (else the first lane)."""
    for effect in effects_of(event):
        lane = _lane_key(effect.subject, effect.attribute)
        if lane in lanes:
            return lanes.index(lane)
    return 0


def short_label(event: EventData) -> str:
    """The type's short label, and the number it sets or adds, if any."""
    label = get_type(event.type).label
    number = next((e.value for e in effects_of(event) if isinstance(e.value, int)), None)
    return label if number is None else f"{label} {number}"


def span(chronicle: Chronicle, start: dt.date | None, end: dt.date | None
         ) -> tuple[dt.date, dt.date]:
    days = [PartialDate.parse(e.on).start for e in chronicle.events]
    days += [dt.date.fromisoformat(i.start) for i in chronicle.intervals]
    first = min(days) if days else dt.date.today() - dt.timedelta(days=365)
    last = max(days) if days else dt.date.today()
    margin = max(dt.timedelta(days=7), (last - first) * 0.04)
    # The end is the last day shown: the axis runs to the end of it.
    lo = start or _moved(first, -margin)
    hi = _moved(end, dt.timedelta(days=1)) if end else _moved(last, margin)
    if hi <= lo:  # one day: widen it, backwards at the end of the calendar
        hi = _moved(lo, dt.timedelta(days=1))
        if hi <= lo:
            lo = _moved(hi, -dt.timedelta(days=1))
    return lo, hi


def _moved(day: dt.date, by: dt.timedelta) -> dt.date:
    """A day moved, held within the calendar (years 1 to 9999)."""
    try:
        return day + by
    except OverflowError:
        return dt.date.max if by > dt.timedelta(0) else dt.date.min


def draw(
    chronicle: Chronicle,
    out: str | IO[bytes],
    fmt: str,
    start: dt.date | None = None,
    end: dt.date | None = None,
    marker: dt.date | None = None,
) -> None:
    """Draw the chart to a path or binary file, as svg, png or pdf."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    to_num: Any = mdates.date2num  # untyped in matplotlib's stubs
    plt.rcParams["svg.fonttype"] = "none"  # text stays text: searchable, smaller
    plt.rcParams["svg.hashsalt"] = "timeline"  # the same chart gives the same file
    plt.rcParams["font.size"] = 9
    lanes = lanes_of(chronicle)
    lo, hi = span(chronicle, start, end)
    fig, ax = plt.subplots(figsize=(12, 0.5 * len(lanes) + 1.6))
    try:
        _draw_lanes(ax, lanes, chronicle.intervals, lo, hi, mdates)
        _draw_events(ax, lanes, chronicle.events, lo, hi, mdates)
        if marker is not None:
            x = to_num(marker)
            ax.axvline(x, color="#1e88e5", linestyle="--", linewidth=1.2)
            ax.annotate(f"as of {marker.isoformat()}", (x, -0.55), color="#1e88e5",
                        fontsize=8, ha="left", va="bottom", xytext=(3, 0),
                        textcoords="offset points")
        ax.set_xlim(to_num(lo), to_num(hi))
        ax.set_ylim(-0.6, len(lanes) - 0.2)
        ax.set_yticks(range(len(lanes)))
        ax.set_yticklabels([lane.label for lane in lanes])
        ax.invert_yaxis()
        locator = mdates.AutoDateLocator(minticks=4, maxticks=12)  # type: ignore[no-untyped-call]
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(
            mdates.ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
        ax.grid(axis="x", color="#eeeeee")
        ax.set_axisbelow(True)
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        # Names are text from a file: control characters would make the SVG invalid XML.
        names = [visible(chronicle.names.get(a, a)) for a in chronicle.actors]
        title = f"{names[0]} - {names[1]}: {lo.isoformat()} to {hi.isoformat()}"
        if chronicle.known_at:
            title += f" (as recorded at {chronicle.known_at})"
        ax.set_title(title, loc="left", fontsize=11, parse_math=False)  # "$5" is text
        values = sorted({str(i.value) for i in chronicle.intervals
                         if (i.subject, i.attribute) in {(la.subject, la.attribute)
                                                         for la in lanes}})
        ax.legend(handles=[Patch(color=COLOURS.get(v, OTHER_COLOUR), label=v.replace("_", " "))
                           for v in values],
                  loc="upper center", bbox_to_anchor=(0.5, -0.12), frameon=False, fontsize=8,
                  ncol=max(1, len(values)))
        fig.tight_layout()
        fig.savefig(out, format=fmt, bbox_inches="tight", metadata=_metadata(fmt))
    finally:
        plt.close(fig)


def _metadata(fmt: str) -> dict[str, Any] | None:
    # Dates in the file's metadata would make every drawing of the same chart differ.
    if fmt == "svg":
        return {"Date": None}
    if fmt == "pdf":
        return {"CreationDate": None}
    return None


def _draw_lanes(ax: Any, lanes: Sequence[Lane], intervals: Sequence[Interval],
                lo: dt.date, hi: dt.date, mdates: Any) -> None:
    index = {(lane.subject, lane.attribute): n for n, lane in enumerate(lanes)}
    width_of_span = (hi - lo).days or 1
    for interval in intervals:
        row = index.get((interval.subject, interval.attribute))
        if row is None:
            continue
        begin = max(dt.date.fromisoformat(interval.start), lo)
        finish = min(dt.date.fromisoformat(interval.end) if interval.end else hi, hi)
        if finish <= begin:
            continue
        x0, x1 = mdates.date2num(begin), mdates.date2num(finish)
        colour = COLOURS.get(str(interval.value), OTHER_COLOUR)
        ax.broken_barh([(x0, x1 - x0)], (row - 0.3, 0.6), facecolors=colour, alpha=0.75,
                       edgecolor="white", linewidth=0.5)
        if (finish - begin).days > width_of_span * 0.08:
            ax.text(x0 + (x1 - x0) / 2, row, str(interval.value).replace("_", " "),
                    ha="center", va="center", fontsize=7.5, color="#263238")


def _draw_events(ax: Any, lanes: Sequence[Lane], events: Sequence[EventData],
                 lo: dt.date, hi: dt.date, mdates: Any) -> None:
    close = max(1, int((hi - lo).days * 0.03))
    last_at: dict[int, tuple[dt.date, int]] = {}
    for event in events:
        day = PartialDate.parse(event.on)
        if not lo <= day.start <= hi:
            continue
        row = lane_of(event, lanes)
        x = mdates.date2num(day.start)
        if day.precision != "day":
            # Known only to a year or a month: a bracket over the whole period.
            until = day.end + dt.timedelta(days=1)
            ax.plot([x, mdates.date2num(min(until, hi))], [row - 0.38] * 2, color="#37474f",
                    linewidth=2.5, solid_capstyle="butt")
            ax.plot([x], [row - 0.38], marker="|", color="#37474f", markersize=9)
        ax.plot([x], [row], marker="v" if day.precision == "day" else "o",
                color="#263238", markersize=6, fillstyle="full" if day.precision == "day"
                else "none", zorder=3)
        # Labels of events close together on one lane step up and down so they don't overlap.
        previous = last_at.get(row)
        step = previous[1] + 1 if previous and (day.start - previous[0]).days < close else 0
        last_at[row] = (day.start, step)
        offset = (-14 - 9 * (step % 3)) if step % 2 == 0 else (10 + 9 * (step % 3))
        ax.annotate(short_label(event), (x, row), xytext=(3, offset), textcoords="offset points",
                    fontsize=7, color="#263238", ha="left", va="center")
