"""A self-contained HTML report of a relationship: the chart (with a line at the chosen date),
a date slider showing the state as of that date, a diff between two chosen dates, and the
events with their sources, corrections and retractions.

Everything is in the one file (the chart as inline SVG, the data as JSON, the script and
style from this package's ``report.html``, ``report.css``, ``common.js`` and ``report.js``):
no network, no CDN. The states and changes the page shows are answered here, by the
library's rules (``domain.answers``): the page looks them up by day and draws them, so what it
shows is what ``timeline state`` and ``timeline diff`` answer. Every name, label and value
reaches the page as JSON data, and the script escapes all of it as it writes it.
"""

from __future__ import annotations

import html
import io
import itertools
import json
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from importlib.resources import files
from typing import Any

from timeline.domain.answers import answers, parsed
from timeline.domain.histories import Chronicle, Interval, Version
from timeline.domain.sources import source_parts
from timeline.domain.values import EventData
from timeline.domain.vocabulary import effects_of
from timeline.views.axes import ASOF_GID
from timeline.views.chart import AXES_GID, draw, span
from timeline.views.labels import (
    attribute_label,
    event_words,
    parties,
    subject_label,
    type_words,
    value_label,
)
from timeline.views.palette import OTHER, STYLES


@cache
def asset(name: str) -> str:
    return files("timeline.views").joinpath(name).read_text(encoding="utf-8")


def svg_of(figure_to: Any) -> str:
    """An SVG drawn by ``figure_to(file)``, without its XML prologue (it goes inline)."""
    out = io.BytesIO()
    figure_to(out)
    chart = out.getvalue().decode("utf-8")
    return chart[chart.index("<svg"):]


def script_json(data: Any) -> str:
    """JSON to put in a script block: no "<", ">" or "&" may appear raw there ("</script>"
    or "<!--" would end or hide it); JSON reads the escapes back as the same characters."""
    return (json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
            .replace(">", "\\u003e").replace("&", "\\u0026"))


def labels(intervals: Iterable[Interval], events: Iterable[EventData],
           names: Mapping[str, str]) -> dict[str, dict[str, str]]:
    """Names over ids, for the page: each subject, attribute and value it shows, in words."""
    facts = [(i.subject, i.attribute, i.value) for i in intervals]
    facts += [(e.subject, e.attribute, e.value) for ev in events for e in effects_of(ev)]
    return {
        "subjects": {s: subject_label(s) for s, _, _ in facts},
        "attributes": {a: attribute_label(a, names) for _, a, _ in facts},
        "values": {str(v): value_label(v, names) for _, _, v in facts},
    }


def styles() -> dict[str, Any]:
    return {"values": {v: s.to_json() for v, s in STYLES.items()}, "other": OTHER.to_json()}


def _differences(before: EventData, after: EventData, names: Mapping[str, str]) -> list[str]:
    """What a correction changed, in words: ``on: 2018-03-27 -> 2018-03-28``."""
    old, new = before.content(), after.content()
    found = []
    for key in ("on", "announced", "actor", "target", "note"):
        if old[key] != new[key]:
            found.append(f"{key}: {names.get(old[key], old[key]) or '-'} -> "
                         f"{names.get(new[key], new[key]) or '-'}")
    for key in sorted(old["fields"].keys() | new["fields"].keys()):
        if old["fields"].get(key) != new["fields"].get(key):
            found.append(f"{key}: {old['fields'].get(key, '-')} -> "
                         f"{new['fields'].get(key, '-')}")
    added = [s for s in new["sources"] if s not in old["sources"]]
    found += [f"source added: {source_parts(s)[0]}" for s in added]
    return found


def revision_notes(versions: Sequence[Version], names: Mapping[str, str]
                   ) -> list[dict[str, Any]]:
    """Each correction and retraction of an event: when, why and what it changed."""
    notes = []
    for earlier, later in itertools.pairwise(versions):
        notes.append({
            "status": later.status, "recorded_at": later.to_json()["recorded_at"],
            "reason": later.reason,
            "changes": [] if later.status == "retracted"
            else _differences(earlier.event, later.event, names),
        })
    return notes


def event_json(event: EventData, names: Mapping[str, str],
               versions: Sequence[Version] = ()) -> dict[str, Any]:
    """An event as the page shows it: in words, with its sources and its revisions."""
    return dict(
        event.to_json(),
        status=event.status,
        words=type_words(event.type),
        changes=event_words(event, names),
        actor_name=names.get(event.actor, event.actor),
        target_name=names.get(event.target, event.target) if event.target else None,
        parties=parties(event, names),
        source_links=[list(source_parts(s)) for s in event.sources],
        revisions=revision_notes(versions, names),
    )


def render(chronicle: Chronicle, as_of: str | None = None) -> str:
    chart = svg_of(lambda out: draw(chronicle, out, "svg"))
    names = dict(chronicle.names)
    title = " - ".join(names.get(a, a) for a in chronicle.actors)
    retracted = [versions[-1].event for versions in chronicle.revisions.values()
                 if versions[-1].status == "retracted"]
    events = sorted([*chronicle.events, *retracted],  # a stable sort
                    key=lambda e: parsed(e.on).sort_day)
    lo, hi = span(chronicle, None, None)
    index = {e.id: n for n, e in enumerate(events)}
    data: dict[str, Any] = {
        "actors": list(chronicle.actors),
        "names": names,
        "known_at": chronicle.known_at,
        "events": [event_json(e, names, chronicle.revisions.get(e.id, ())) for e in events],
        "answers": answers(chronicle.actors, chronicle.intervals, chronicle.events, index,
                           as_of),
        "labels": labels(chronicle.intervals, chronicle.events, names),
        "styles": styles(),
        "axis": {"gid": AXES_GID, "asof": ASOF_GID, "from": lo.isoformat(),
                 "to": hi.isoformat()},
    }
    known = (f" as recorded at {html.escape(chronicle.known_at)}" if chronicle.known_at
             else "")
    return asset("report.html").format(
        title=html.escape(title), known=known, chart=chart, data=script_json(data),
        script=asset("common.js") + asset("report.js"), style=asset("report.css"),
    )
