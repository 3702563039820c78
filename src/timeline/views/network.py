"""One actor's relationships, drawn with matplotlib: on the left a network as of a day (the
actor in the middle, a node per counterpart, each edge coloured by the relationship's
relations on that day and saying what ties the pair has then: posts each way, channels,
agreements, envoys, memberships, see ``ties``), on the right a lane per counterpart with its
relations over time and, below them, a thin strip for each kind of tie while it holds.

An edge with no relations fact on that day, where the relationship has other facts, is
drawn in a neutral grey; one with no facts by that day, faint and dotted. Words on an edge
never repeat: ties worded alike on several edges (Russia's 28 allies' embassies in Moscow)
are said once, in a key under the network, with how many edges they are. In an SVG each
edge and its label carry an id (``edge-N``, ``edge-label-N``, N the counterpart's place in
``Network.counterparts``), and the key ``network-key``, so a report can restyle them as its
date changes.

An actor with many counterparts (the United States and 200 states in the COW data) keeps a
readable picture: the ``MAX_DRAWN`` most telling (a relations fact on the day, then the most
facts standing that day, not ended, then the most facts over time) are drawn one by one, in
their order, and the rest as one node "+N more"; words go on edges only where few (the key
says the rest), and a node's name goes where it covers no other text.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from typing import IO, Any

from timeline.domain.dates import PartialDate
from timeline.domain.histories import Interval
from timeline.domain.overview import Network
from timeline.domain.vocabulary import RELATIONSHIP
from timeline.views import axes, placement, ties
from timeline.views.chart import AXES_GID, axis_span, setup
from timeline.views.labels import value_label
from timeline.views.palette import NEUTRAL, NOTHING_YET, POSSIBLE, STYLES, Style, style_of
from timeline.views.text import visible

RELATIONS = (RELATIONSHIP, "relations")
NETWORK_SIZE = 5.0  # inches: the network's square, at most
NO_RELATIONS = "no tie holds"  # facts, but none that holds (a post closed, an envoy recalled)
NOTHING = "no facts"
POSSIBLY = "possible ties"
LEGEND_WORDS = {NO_RELATIONS: "ties but no relations fact", NOTHING: "no facts by this day",
                POSSIBLY: "ties possible (dated by a span), not known"}
KEY_GID = "network-key"  # the ties said once under the network (a report hides them)
MAX_KEY = 8  # lines of that key
ALONG = (0.6, 0.45, 0.75, 0.35, 0.85)  # where on its edge a label is tried, from the actor
TITLE_GID = "network-title"
MAX_DRAWN = 24  # counterparts drawn one by one, each a node and a lane
LABELLED = 12  # edges written with their value up to this many; beyond, the legend says
OUT = (1.1, 1.25, 1.4, 0.85)  # where a node's name is tried, from the actor
# Where in its lane (in lanes, from its middle, downwards) relations and the ties' strips go.
RELATIONS_AT, RELATIONS_HEIGHT = -0.17, 0.36
STRIPS_AT, STRIPS_HEIGHT = 0.04, 0.36
STRIP_POINTS = 4.0  # a strip's thickness in the legend


def holds(interval: Interval, day: dt.date) -> bool:
    """Whether the interval's value holds at the end of ``day``."""
    start = dt.date.fromisoformat(interval.start)
    return start <= day and (interval.end is None or day < dt.date.fromisoformat(interval.end))


def edge_state(intervals: Sequence[Interval], day: dt.date, actor: str = "",
               names: Mapping[str, str] | None = None) -> tuple[Style, str, float]:
    """How the edge of a relationship looks on a day: its style (by its relations), its
    label (its ties in words, ``ties.words``, from ``actor``'s side) and its width."""
    now = [i for i in intervals if holds(i, day)]
    said = "; ".join(ties.words(intervals, actor, day, names or {}))
    maybe = ties.words(intervals, actor, day, names or {}, maybe=True)
    if maybe:  # what events dated by a span leave possible on the day
        said = "; ".join(filter(None, [said, "possibly " + ", ".join(maybe)]))
    relations = next((i.value for i in now if (i.subject, i.attribute) == RELATIONS), None)
    if relations is not None:
        return style_of(relations), said, 3.0
    if now:
        return NEUTRAL, said or NO_RELATIONS, 1.6
    if maybe:
        return POSSIBLE, said, 1.4
    return NOTHING_YET, NOTHING, 1.0


def positions(count: int) -> list[tuple[float, float]]:
    """Counterparts on a circle round the actor, the first at the top, clockwise."""
    return [(math.sin(2 * math.pi * n / count), math.cos(2 * math.pi * n / count))
            for n in range(count)]


def drawn(network: Network, day: dt.date) -> tuple[list[int], int]:
    """The places (in ``Network.counterparts``) of the counterparts drawn one by one, in
    their order, and how many more there are."""
    def rank(n: int) -> tuple[float, int, int, str]:
        found = network.intervals.get(network.counterparts[n], [])
        standing = sum(1 for i in found if holds(i, day) and style_of(i.value).phase != "ended")
        return (-edge_state(found, day)[2], -standing, -len(found), network.counterparts[n])

    # One more is drawn rather than a node "+1 more".
    most = MAX_DRAWN + 1 if len(network.counterparts) == MAX_DRAWN + 1 else MAX_DRAWN
    chosen = sorted(range(len(network.counterparts)), key=rank)[:most]
    return sorted(chosen), len(network.counterparts) - len(chosen)


def span(network: Network, as_of: dt.date, start: dt.date | None, end: dt.date | None
         ) -> tuple[dt.date, dt.date]:
    """The lanes' time axis: every change and announcement, and the day shown."""
    days = [dt.date.fromisoformat(i.start) for found in network.intervals.values()
            for i in found]
    days += [PartialDate.parse(e.announced).start for e in network.announced if e.announced]
    days.append(as_of)
    return axis_span(days, start, end)


def edge_words(network: Network, places: Sequence[int], day: dt.date,
               names: Mapping[str, str]) -> tuple[dict[int, str], list[str]]:
    """What the drawn edges say: the words written on each edge (by its place), and the
    lines of the key under the network, each said once. Words no other edge shares go on
    their edge while few edges are drawn; words shared by several edges, or any where many
    are drawn, go in the key with how many edges they are (one edge: its counterpart)."""
    said = {n: edge_state(network.intervals.get(network.counterparts[n], []), day,
                          network.actor, names)[1] for n in places}
    alike: dict[str, list[int]] = {}
    for n, words in said.items():
        alike.setdefault(words, []).append(n)
    on_edges = {n: w for n, w in said.items()
                if len(alike[w]) == 1 and len(places) <= LABELLED and w != NOTHING}
    key = []
    for words, ns in sorted(alike.items(), key=lambda item: (-len(item[1]), item[0])):
        if words == NOTHING or (len(ns) == 1 and ns[0] in on_edges):
            continue
        other = network.counterparts[ns[0]]
        key.append(f"{words}: {len(ns)} edges" if len(ns) > 1
                   else f"{axes.cut(names.get(other, other))}: {words}")
    if len(key) > MAX_KEY:
        key = [*key[:MAX_KEY - 1], f"{len(key) - MAX_KEY + 1} more ties: see the lanes"]
    return on_edges, key


def build(network: Network, as_of: dt.date, start: dt.date | None = None,
          end: dt.date | None = None) -> Any:
    """The network and the lanes as one matplotlib figure."""
    plt = setup()
    names = {k: visible(v) for k, v in network.names.items()}
    places, more = drawn(network, as_of)
    on_edges, key = edge_words(network, places, as_of, names)
    others = [network.counterparts[n] for n in places]
    size = min(NETWORK_SIZE, 3.0 + 0.3 * len(others))  # a few counterparts: a small square
    ys = [y for _, y in positions(len(others) + (1 if more else 0))] + [0.0]
    low, high = max(-1.5, min(ys) - 0.45), min(1.5, max(ys) + 0.45)  # no empty band
    tall = size * (high - low) / 3.0
    below = 0.3 + 0.17 * len(key) if key else 0.0  # inches: the key under the network
    height = max(tall + 1.4 + below, axes.LANE_HEIGHT * len(others) + 2.0)
    fig = plt.figure(figsize=(13, height))
    net = fig.add_axes((0.005, 1 - (tall + 0.5) / height, size / 13, tall / height))
    net.set_ylim(low, high)
    lanes = fig.add_subplot()
    lo, hi = span(network, as_of, start, end)
    axes.time_axis(lanes, lo, hi, [names.get(o, o) for o in others])
    lanes.patch.set_gid(AXES_GID)
    who = names.get(network.actor, network.actor)
    known = f" (as recorded at {network.known_at})" if network.known_at else ""
    heading = lanes.set_title(
        f"{who}: relations and ties with each counterpart over time{known}", loc="left",
        fontsize=11, parse_math=False)
    values = [v for v in STYLES if any(str(i.value) == v for found in network.intervals.values()
                                       for i in found if (i.subject, i.attribute) == RELATIONS)]
    strips = {o: ties.held(network.intervals.get(o, []), network.actor) for o in others}
    kinds = [k for k in ties.KINDS if any(k.key in held for held in strips.values())]
    handles = (axes.legend_entries(values, ["as of"], names) + _edge_entries()
               + _tie_entries(kinds, who, any(h.observed for held in strips.values()
                                                  for spans in held.values() for h in spans)))
    axes.layout(fig, lanes, handles, left_of=(size + 0.3) / 13)
    # Lanes keep their height however tall the network makes the figure: the axis goes up
    # to just below the last lane, at the top beside the network.
    box = lanes.get_position()
    needed = (axes.LANE_HEIGHT * len(others) + 0.25) / height
    if needed < box.height:
        lanes.set_position((box.x0, box.y1 - needed, box.width, needed))
    axes.fit_ticks(lanes)
    board = placement.Board(fig.canvas.get_renderer())
    for text in (heading, *lanes.get_yticklabels()):
        board.add(text)
    _draw_lanes(lanes, board, network, others, names, lo, hi)
    _draw_ties(lanes, [strips[o] for o in others], kinds, lo, hi)
    axes.as_of_line(lanes, board, as_of)
    # One board for both: a node's name must not run into a lane's name beside it.
    _draw_network(net, board, network, places, more, names, as_of, on_edges)
    if key:
        net.text(0.5, -0.04, "Ties on the day:\n" + "\n".join(key), transform=net.transAxes,
                 ha="center", va="top", fontsize=8, color="#263238", parse_math=False,
                 gid=KEY_GID, linespacing=1.5)
    return fig


def draw(network: Network, out: str | IO[bytes], fmt: str, as_of: dt.date,
         start: dt.date | None = None, end: dt.date | None = None) -> None:
    """Draw the network and lanes to a path or binary file, as svg, png or pdf."""
    axes.save(build(network, as_of, start, end), out, fmt)


def _edge_entries() -> list[Any]:
    from matplotlib.lines import Line2D

    return [Line2D([], [], color=s.colour, linewidth=w, linestyle=(0, s.dashes) if s.dashes
                   else "-", label=LEGEND_WORDS[label])
            for s, label, w in ((NEUTRAL, NO_RELATIONS, 1.6), (POSSIBLE, POSSIBLY, 1.4),
                                (NOTHING_YET, NOTHING, 1.0))]


def _tie_entries(kinds: Sequence[ties.Kind], who: str, observed: bool) -> list[Any]:
    """A strip for each kind of tie drawn, and the dotted lead of one seen to hold by a day
    with no word of since when."""
    from matplotlib.lines import Line2D

    entries = [Line2D([], [], color=k.colour, linewidth=STRIP_POINTS,
                      label=k.legend.format(actor=who)) for k in kinds]
    if observed:
        entries.append(Line2D([], [], color="#607d8b", linewidth=1.0, linestyle=(0, (1, 2)),
                              label="held by then, since unknown"))
    return entries


def _draw_network(ax: Any, board: placement.Board, network: Network, places: Sequence[int],
                  more: int,
                  names: Mapping[str, str], day: dt.date, on_edges: Mapping[int, str]
                  ) -> None:
    ax.set_xlim(-1.5, 1.5)  # and the height the figure gave it room for
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_title(f"as of {day.isoformat()}", fontsize=10, gid=TITLE_GID)
    count = len(places) + (1 if more else 0)
    size = 9 if count <= 12 else 7.5 if count <= 30 else 6
    board.add(ax.text(0, 0, axes.cut(names.get(network.actor, network.actor)), fontsize=10,
                      ha="center",
                      va="center", fontweight="bold", parse_math=False, zorder=4,
                      bbox={"boxstyle": "round,pad=0.4", "facecolor": "white",
                            "edgecolor": "#263238", "linewidth": 1.2}))
    ends = positions(count)
    for (x, y), n in zip(ends, places, strict=False):
        style, _, width = edge_state(network.intervals.get(network.counterparts[n], []), day)
        ax.plot([0, x], [0, y], color=style.colour, linewidth=width, zorder=1, gid=f"edge-{n}",
                linestyle=(0, style.dashes) if style.dashes else "-", solid_capstyle="butt")
        ax.plot([x], [y], marker="o", markersize=8, color="#455a64", zorder=3)
        board.add_point(ax, (x, y), radius=5)
    if more:  # the rest, as one node
        x, y = ends[-1]
        ax.plot([0, x], [0, y], color=NOTHING_YET.colour, linewidth=1.0, zorder=1,
                linestyle=(0, NOTHING_YET.dashes))
        ax.plot([x], [y], marker="o", markersize=8, color="#b0bec5", zorder=3)
        board.add_point(ax, (x, y), radius=5)
    names_at = [(xy, axes.cut(names.get(network.counterparts[n], network.counterparts[n])))
                for xy, n in zip(ends, places, strict=False)]
    if more:
        names_at.append((ends[-1], f"+{more} more"))
    for (x, y), name in names_at:
        text = ax.text(x, y, name, fontsize=size, parse_math=False,
                       ha="left" if x > 0.2 else "right" if x < -0.2 else "center",
                       va="bottom" if y > 0.2 else "top" if y < -0.2 else "center")
        for out in OUT:  # the first place along its ray clear of every other text
            text.set_position((x * out, y * out))
            if board.free(placement.extent(text, board.renderer)):
                break
        else:
            text.set_fontsize(size - 1.5)  # a smaller name, where even that is free
            text.set_position((x * OUT[0], y * OUT[0]))
            if not board.free(placement.extent(text, board.renderer)):
                text.remove()  # its lane names it
                continue
        board.add(text)
    for (x, y), n in zip(ends, places, strict=False):
        if n not in on_edges:
            continue  # said in the key under the network, once for every edge alike
        text = ax.text(0, 0, on_edges[n], fontsize=size - 1, ha="center",
                       va="center", color="#263238", gid=f"edge-label-{n}", parse_math=False,
                       bbox={"boxstyle": "round,pad=0.15", "facecolor": "white",
                             "edgecolor": "none", "alpha": 0.9}, zorder=2)
        for along in ALONG:  # the first place on the edge clear of every other text
            text.set_position((x * along, y * along))
            if board.free(placement.extent(text, board.renderer)):
                board.add(text)
                break
        else:
            text.remove()  # no room: the lanes and the report's table say it


def _draw_lanes(ax: Any, board: placement.Board, network: Network, others: Sequence[str],
                names: Mapping[str, str], lo: dt.date, hi: dt.date) -> None:
    """Each counterpart's relations over time, in the upper part of its lane (the ties'
    strips take the lower part)."""
    texts = []
    for row, other in enumerate(others):
        found = network.intervals.get(other, [])
        for interval in (i for i in found if (i.subject, i.attribute) == RELATIONS):
            begin = max(dt.date.fromisoformat(interval.start), lo)
            finish = min(dt.date.fromisoformat(interval.end) if interval.end else hi, hi)
            if begin < finish:
                x0, x1 = axes.day_x(begin), axes.day_x(finish)
                axes.bar(ax, row + RELATIONS_AT, x0, x1, style_of(interval.value),
                         RELATIONS_HEIGHT)
                texts.append((row, x0, x1, interval.value))
    for row, x0, x1, value in texts:
        axes.bar_text(ax, board, row + RELATIONS_AT, x0, x1, style_of(value),
                      visible(value_label(value, names)))


def _draw_ties(ax: Any, strips: Sequence[Mapping[str, Sequence[ties.Held]]],
               kinds: Sequence[ties.Kind], lo: dt.date, hi: dt.date) -> None:
    """A thin strip a kind of tie (each kind at its own height in every lane, its colour
    in the legend) while it holds; one seen to hold only by a day is led up to it by a
    dotted line from the axis's start, since when it began nobody says."""
    if not kinds:
        return
    step = min(0.1, STRIPS_HEIGHT / len(kinds))
    for row, held in enumerate(strips):
        for n, kind in enumerate(kinds):
            y = row + STRIPS_AT + step * (n + 0.5)
            for span_ in held.get(kind.key, ()):
                begin, finish = max(span_.start, lo), min(span_.end or hi, hi)
                if span_.observed and lo < span_.start:
                    ax.plot([axes.day_x(lo), axes.day_x(min(span_.start, hi))], [y, y],
                            color="#607d8b", linewidth=1.0, linestyle=(0, (1, 2)))
                if begin < finish:
                    ax.broken_barh([(axes.day_x(begin), axes.day_x(finish) -
                                     axes.day_x(begin))], (y - step * 0.4, step * 0.8),
                                   facecolors=kind.colour, linewidth=0)
