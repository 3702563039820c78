"""What the pair chart and the actor chart share: a time axis with lanes, the margins fitted to
the lane names and a legend, bars and step lines on lanes, the as-of line, and saving."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping, Sequence
from typing import IO, Any

from timeline.domain.dates import PartialDate
from timeline.domain.values import EventData
from timeline.views import placement
from timeline.views.palette import Style, style_of

INK = "#263238"
LANE_HEIGHT = 0.55  # inches
MARKER_BLUE = "#1e88e5"
BAR = 0.6  # of a lane's height
LEGEND_COLUMNS = 6
STEP_INK = "#37474f"
ASOF_GID = "timeline-asof"
QUALIFIED = "day uncertain (?) or approximate (~)"


def day_x(day: dt.date) -> float:
    """A day's place on a time axis (matplotlib's day number)."""
    import matplotlib.dates as mdates

    to_num: Any = mdates.date2num  # untyped in matplotlib's stubs
    return float(to_num(day))


MAX_NAME = 60  # characters of a name drawn as a lane's or a node's label


def cut(name: str) -> str:
    """A name as a picture draws it: at most ``MAX_NAME`` characters, the rest an ellipsis."""
    return name if len(name) <= MAX_NAME else name[:MAX_NAME - 1].rstrip() + "…"


def time_axis(ax: Any, lo: dt.date, hi: dt.date, lane_names: Sequence[str]) -> None:
    ax.set_xlim(day_x(lo), day_x(hi))
    ax.set_ylim(-0.6, len(lane_names) - 0.2)
    ax.set_yticks(range(len(lane_names)))
    # Names are text, never math ("$5", "$\\frac{1}{$"), and a long one is cut: a lane's
    # name must leave the lanes room.
    ax.set_yticklabels([cut(name) for name in lane_names], parse_math=False)
    ax.invert_yaxis()
    _ticks(ax, MOST_TICKS)
    ax.grid(axis="x", color="#eeeeee")
    ax.set_axisbelow(True)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)


MOST_TICKS = 12


def _ticks(ax: Any, most: int, fewest: int = 4) -> None:
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator(  # type: ignore[no-untyped-call]
        minticks=min(fewest, most), maxticks=most)
    ax.xaxis.set_major_locator(locator)
    # ISO dates at every zoom (2021, 2021-10, 2021-10-20), as everywhere else in timeline:
    # not "Oct" or "20" a reader must put together with the corner's offset.
    iso = ["%Y", "%Y-%m", "%Y-%m-%d", "%Y-%m-%d %H:%M", "%H:%M", "%H:%M:%S"]
    ax.xaxis.set_major_formatter(_spaced(mdates.ConciseDateFormatter(  # type: ignore[no-untyped-call]
        locator, formats=iso, zero_formats=iso, offset_formats=["", "", "", "", "", ""])))


def fit_ticks(ax: Any) -> None:
    """Fewer ticks where their labels would run together, once the figure is laid out: a
    narrow axis over two centuries had twelve years written as one ("18201840..."), and
    three days seven times of day. The most ticks whose labels fit (at least 4, then 3 or
    2: coarser steps), else the fewest; none that matplotlib warns it cannot make."""
    import warnings

    renderer = ax.figure.canvas.get_renderer()
    width = ax.get_window_extent(renderer).width
    prop = ax.xaxis.get_major_ticks()[0].label1.get_fontproperties()
    lo, hi = sorted(ax.get_xlim())
    tried: list[tuple[float, int, int]] = []  # (width needed, most, fewest)
    for fewest in (4, 3, 2):
        for most in range(MOST_TICKS, fewest - 1, -1):
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                _ticks(ax, most, fewest)
                values = [v for v in ax.xaxis.get_major_locator()() if lo <= v <= hi]
            if caught:  # matplotlib finds no step this many ticks allow, and guesses
                continue
            labels = ax.xaxis.get_major_formatter().format_ticks(values)
            # Each label as wide as the widest, and a gap of a fifth of one between them.
            widest = max((renderer.get_text_width_height_descent(text, prop, ismath=False)[0]
                          for text in labels if text), default=0.0)
            tried.append((widest * 1.2 * len(values), most, fewest))
            if tried[-1][0] <= width:
                return
    if tried:
        _, most, fewest = min(tried)
        _ticks(ax, most, fewest)
    else:
        _ticks(ax, MOST_TICKS)


def _spaced(formatter: Any) -> Any:
    """The formatter, leaving unwritten a tick much closer to the one before than ticks
    usually are: every other day restarts on the 1st, so 2018-05-31 and 2018-06-01 would
    be written over each other."""
    whole = formatter.format_ticks

    def format_ticks(values: Sequence[float]) -> list[str]:
        labels: list[str] = list(whole(values))
        gaps = sorted(b - a for a, b in itertools.pairwise(values))
        if not gaps:
            return labels
        usual, last = gaps[len(gaps) // 2], values[0]
        for n in range(1, len(values)):
            if values[n] - last < 0.75 * usual:
                labels[n] = ""
            else:
                last = values[n]
        return labels

    formatter.format_ticks = format_ticks
    return formatter


def marker_kinds(events: Sequence[EventData], marker: dt.date | None) -> list[str]:
    """The kinds of marker the chart draws, for its legend."""
    kinds = []
    dates = [PartialDate.parse(e.on) for e in events]
    precisions = {d.precision for d in dates}
    if any(d.precision == "day" and not d.text for d in dates):
        kinds.append("event")
    if any(d.precision == "day" and d.text for d in dates):
        kinds.append(QUALIFIED)
    if precisions & {"month", "year"}:
        kinds.append("dated to a month or year")
    if precisions & {"span", "by"}:
        kinds.append("sometime within (uncertain)")
    if any(e.announced and e.announced < e.on for e in events):
        kinds.append("announced, then in effect")
    if marker is not None:
        kinds.append("as of")
    return kinds


def legend_entries(values: Sequence[str], kinds: Sequence[str],
                   names: Mapping[str, str]) -> list[Any]:
    """A swatch (colour and hatch) naming each value drawn, then each kind of marker."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from timeline.views.labels import value_label

    handles: list[Any] = [
        Patch(facecolor=style_of(v).colour, hatch=style_of(v).hatch, edgecolor="white",
              label=value_label(v, names)) for v in values]
    shapes: dict[str, dict[str, Any]] = {
        "event": {"marker": "v", "color": INK, "linestyle": "none"},
        QUALIFIED: {"marker": "v", "color": INK, "markerfacecolor": "white",
                    "linestyle": "none"},
        "dated to a month or year": {"marker": "o", "color": INK, "markerfacecolor": "white",
                                     "linestyle": "none"},
        "announced, then in effect": {"marker": "D", "color": INK, "markerfacecolor": "white",
                                      "markersize": 5, "linestyle": (0, (1.5, 1.5))},
        "as of": {"color": MARKER_BLUE, "linestyle": "--"},
    }
    handles += [
        # A span is drawn as a hatched bracket: its legend entry is one too.
        Patch(facecolor="white", edgecolor="#37474f", hatch="////", label=kind)
        if kind == "sometime within (uncertain)" else Line2D([], [], label=kind, **shapes[kind])
        for kind in kinds]
    return handles


def layout(fig: Any, ax: Any, handles: Sequence[Any], left_of: Any = None) -> None:
    """Margins that fit the lane names on the left and the legend below, so that every
    text is where it will be drawn before labels are placed (no tight layout later moves
    them)."""
    renderer = fig.canvas.get_renderer()
    width, height = fig.bbox.width, fig.bbox.height
    names = max((t.get_window_extent(renderer).width for t in ax.get_yticklabels()),
                default=0.0)
    rows = -(-len(handles) // LEGEND_COLUMNS) if handles else 0
    inch = fig.dpi
    bottom = (0.45 * inch + rows * 0.24 * inch) / height
    top = 1 - 0.4 * inch / height
    left = (names + 0.2 * inch) / width
    if left_of is not None:  # another axes to the left: the lanes start after it
        left += left_of
    fig.subplots_adjust(left=left, right=0.985, top=top, bottom=bottom)
    if handles:
        legend = fig.legend(handles=handles, loc="lower center",
                            ncol=min(len(handles), LEGEND_COLUMNS), frameon=False, fontsize=8,
                            bbox_to_anchor=(0.5, 0.005), handleheight=1.2, handlelength=2.4)
        for text in legend.get_texts():
            text.set_parse_math(False)


def bar(ax: Any, row: float, x0: float, x1: float, style: Style, height: float = BAR) -> None:
    """A value over a span: its colour and hatch, ``height`` lanes tall about ``row``."""
    ax.broken_barh([(x0, x1 - x0)], (row - height / 2, height), facecolors=style.colour,
                   hatch=style.hatch, edgecolor="white", linewidth=0.6)


def bar_text(ax: Any, board: placement.Board, row: float, x0: float, x1: float, style: Style,
             label: str) -> None:
    """The value's name inside its bar: in the middle, else a quarter in from either end
    (clear of markers), else not at all."""
    # On a hatched bar (paused, ended) the words stand on white, edged in the value's
    # colour: on the hatch itself "closed" could not be read.
    plain = not style.hatch
    text = ax.text(0, row, label, ha="center", va="center", fontsize=7.5,
                   color=style.ink if plain else INK, parse_math=False,
                   bbox={"boxstyle": "round,pad=0.2", "facecolor": style.colour if plain
                         else "white", "edgecolor": "none" if plain else style.colour,
                         "linewidth": 0.8})
    room = ax.transData.transform([(x0, row), (x1, row)])
    for at in (0.5, 0.25, 0.75):
        text.set_x(x0 + (x1 - x0) * at)
        box = placement.extent(text, board.renderer)
        if room[0][0] + 3 <= box.x0 and box.x1 <= room[1][0] - 3 and board.free(box):
            board.add(text)
            return
    text.remove()


def steps(ax: Any, row: int, steps: Sequence[tuple[float, float, int]]) -> list[float]:
    """A count over time: a step line in its lane (higher is more); the height of each
    step, in data coordinates."""
    top = max(v for _, _, v in steps) or 1
    base = row + BAR / 2
    heights = [base - BAR * value / top for _, _, value in steps]
    points: list[tuple[float, float]] = []
    for (x0, x1, _), y in zip(steps, heights, strict=True):
        points += [(x0, base if not points else points[-1][1]), (x0, y), (x1, y)]
    xs, ys = zip(*points, strict=True)
    ax.plot(xs, ys, color=STEP_INK, linewidth=1.4, solid_joinstyle="miter")
    ax.fill_between(xs, ys, [base] * len(ys), color="#cfd8dc", linewidth=0)
    return heights


def step_texts(ax: Any, board: placement.Board, steps: Sequence[tuple[float, float, int]],
               heights: Sequence[float], unit: str = "") -> None:
    """Each count written on its step with its unit ("staff cap 30") where it fits, else
    the bare number (the lane's name gives the unit); the last one always (at the axis's
    end, if not in the middle of its step)."""
    for n, ((x0, x1, value), y) in enumerate(zip(steps, heights, strict=True)):
        last = n == len(steps) - 1
        for words in dict.fromkeys((f"{unit} {value}" if unit else str(value), str(value))):
            if _step_text(ax, board, (x0, x1, y), words, last):
                break


def _step_text(ax: Any, board: placement.Board, step: tuple[float, float, float], words: str,
               last: bool) -> bool:
    x0, x1, y = step
    text = ax.annotate(words, ((x0 + x1) / 2, y), xytext=(0, 2), textcoords="offset points",
                       ha="center", va="bottom", fontsize=8.5, fontweight="bold", color=INK)
    room = ax.transData.transform([(x0, y), (x1, y)])
    box = placement.extent(text, board.renderer)
    if last and not (board.free(box) and box.width + 4 <= room[1][0] - room[0][0]):
        text.xy = (x1, y)
        text.xyann = (-2, 2)
        text.set_horizontalalignment("right")
        box = placement.extent(text, board.renderer)
    if (last or box.width + 4 <= room[1][0] - room[0][0]) and board.free(box):
        board.add(text)
        return True
    text.remove()
    return False


def as_of_line(ax: Any, board: placement.Board, day: dt.date) -> None:
    """A dashed line through the middle of the day: a state "as of" a day holds after the
    changes dated on it, which start at its beginning."""
    x = day_x(day) + 0.5
    # Its ids let a report hide it, and draw its own line at the day its reader picks.
    ax.axvline(x, color=MARKER_BLUE, linestyle="--", linewidth=1.2, zorder=5, gid=ASOF_GID)
    lo, hi = ax.get_xlim()
    right = x < lo + (hi - lo) * 0.85  # near the right end, the words go to its left
    text = ax.annotate(f"as of {day.isoformat()}", (x, 1.0), xycoords=("data", "axes fraction"),
                       color=MARKER_BLUE, fontsize=8, ha="left" if right else "right",
                       va="bottom", xytext=(3 if right else -3, 1), textcoords="offset points",
                       gid=ASOF_GID + "-text")
    # Above the lanes, unless the title (or a name) is there already: then on the other
    # side of the line, else just inside the top of the lanes.
    for ha, dx, va, dy in (("right" if right else "left", -3 if right else 3, "bottom", 1),
                           ("left" if right else "right", 3 if right else -3, "top", -2)):
        if board.free(placement.extent(text, board.renderer)):
            break
        text.set_horizontalalignment(ha)
        text.set_verticalalignment(va)
        text.xyann = (dx, dy)
    board.add(text)


def metadata(fmt: str) -> dict[str, Any] | None:
    # Dates in the file's metadata would make every drawing of the same chart differ.
    if fmt == "svg":
        return {"Date": None}
    if fmt == "pdf":
        return {"CreationDate": None}
    return None


def save(fig: Any, out: str | IO[bytes], fmt: str) -> None:
    import matplotlib.pyplot as plt

    try:
        fig.savefig(out, format=fmt, bbox_inches="tight", metadata=metadata(fmt), dpi=110)
    finally:
        plt.close(fig)
