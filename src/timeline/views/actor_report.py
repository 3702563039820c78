"""A self-contained HTML report of one actor's every relationship: the network on a chosen
day beside a lane per counterpart (one matplotlib SVG, see ``network``), a date slider that
recolours the network's edges and moves a line over the lanes, and a table of each
relationship's facts on that day, in names rather than ids.

The page carries each counterpart's fact intervals (in the order facts are listed), the days
each announced event is pending, and how each edge looks over time, with its ties in words
(worked out here, by ``network.edge_state``, so the page and the PNG chart agree): it only
picks what holds on the slider's day. So that the file stays small for an actor of many
relationships, at most ``MAX_INTERVALS`` intervals go in (the relationships' own facts
first); the page says how many were left out.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping, Sequence
from typing import Any

from timeline.domain.answers import iso, pending_days
from timeline.domain.histories import Interval
from timeline.domain.overview import Network
from timeline.domain.values import EventData, fact_order
from timeline.domain.vocabulary import RELATIONSHIP
from timeline.views import network, ties
from timeline.views.axes import ASOF_GID
from timeline.views.chart import AXES_GID
from timeline.views.report import asset, event_json, labels, script_json, styles, svg_of

MAX_INTERVALS = 20_000


def pending_json(event: EventData) -> dict[str, str | None]:
    """The days an announced event is pending (``pending_days``), as the page reads them:
    ``start`` and ``end``, none if it never is."""
    days = pending_days(event)
    if days is None:
        return {"start": None, "end": None}  # never pending: an empty span
    return {"start": iso(days[0]), "end": iso(days[1])}


def edges(intervals: Sequence[Interval], names: Mapping[str, str], actor: str = ""
          ) -> list[dict[str, Any]]:
    """How a relationship's edge looks over time: spans of days (``start`` inclusive, ``end``
    exclusive, None for open) in which it looks the same."""
    cuts = sorted({dt.date.fromisoformat(d) for i in intervals
                   for d in (i.start, i.end) if d is not None}
                  # where a tie dated by a span becomes possible
                  | {d for i in intervals if (d := ties.possible_from(i)) not in (None,
                                                                            dt.date.min)})
    spans: list[dict[str, Any]] = []
    for start in [None, *cuts]:
        day = start or (cuts[0] - dt.timedelta(days=1) if cuts else dt.date.today())
        style, label, width = network.edge_state(intervals, day, actor, names)
        look = {"colour": style.colour, "dasharray": style.to_json()["dasharray"],
                "width": width, "label": label}
        if spans and {k: spans[-1][k] for k in look} == look:
            continue  # the same look: the previous span goes on
        if spans:
            spans[-1]["end"] = start.isoformat() if start else None
        spans.append({"start": start.isoformat() if start else None, "end": None, **look})
    return spans


def bounded(found: Mapping[str, Sequence[Interval]], limit: int = MAX_INTERVALS
            ) -> tuple[dict[str, list[Interval]], int]:
    """At most ``limit`` intervals: the relationships' own facts first, then statuses, then
    the rest (counts, descriptions), each by start; and how many were left out."""
    def rank(item: tuple[str, int, Interval]) -> tuple[int, str]:
        i = item[2]
        return (0 if i.subject == RELATIONSHIP else 1 if i.attribute == "status" else 2,
                i.start)

    everything = [(other, n, i) for other, found_ in found.items()
                  for n, i in enumerate(found_)]
    chosen = {(other, n) for other, n, _ in sorted(everything, key=rank)[:limit]}
    kept = {other: [i for n, i in enumerate(found_) if (other, n) in chosen]
            for other, found_ in found.items()}  # in the order they came
    return kept, max(0, len(everything) - limit)


def render(found: Network, as_of: dt.date) -> str:
    names = dict(found.names)
    figure = svg_of(lambda out: network.draw(found, out, "svg", as_of))
    lo, hi = network.span(found, as_of, None, None)
    kept, left_out = bounded(found.intervals)
    every = [i for others in kept.values() for i in others]
    data: dict[str, Any] = {
        "actor": found.actor,
        "names": names,
        "known_at": found.known_at,
        "counterparts": [{"id": other, "name": names.get(other, other),
                          "intervals": [i.to_json() for i in sorted(
                              kept[other], key=lambda i: (fact_order(i.subject, i.attribute),
                                                          i.start))],
                          "edges": edges(found.intervals.get(other, []), names,
                                         found.actor)}
                         for other in found.counterparts],
        "announced": [event_json(e, names) for e in found.announced],
        "pending": [dict(pending_json(e), event=n) for n, e in enumerate(found.announced)],
        "labels": labels(every, found.announced, names),
        "styles": styles(),
        "key": network.KEY_GID,
        "axis": {"gid": AXES_GID, "asof": ASOF_GID, "from": lo.isoformat(),
                 "to": hi.isoformat()},
        "default_as_of": as_of.isoformat(),
        "relationship": RELATIONSHIP,
        "left_out": left_out,
    }
    who = html.escape(names.get(found.actor, found.actor))
    known = f" as recorded at {html.escape(found.known_at)}" if found.known_at else ""
    return asset("actor.html").format(
        title=f"{who}: every relationship", known=known, chart=figure, data=script_json(data),
        script=asset("common.js") + asset("actor.js"), style=asset("report.css"),
    )
