"""A self-contained HTML report of a relationship: the chart, a date slider showing the state
as of the chosen date, a diff between two chosen dates, and the events with their sources.

Everything is in the one file (the chart as inline SVG, the data as JSON, the script and
style from this package's ``report.html``, ``report.css`` and ``report.js``): no network,
no CDN. The page computes states from the same fact intervals as the read model, so what it
shows is what ``timeline state`` answers.
"""

from __future__ import annotations

import html
import io
import json
from functools import cache
from importlib.resources import files
from typing import Any

from timeline.domain.values import Chronicle, source_parts
from timeline.domain.vocabulary import RELATIONSHIP, effects_of
from timeline.views.chart import draw


@cache
def _asset(name: str) -> str:
    return files("timeline.views").joinpath(name).read_text(encoding="utf-8")


def render(chronicle: Chronicle, as_of: str | None = None) -> str:
    svg = io.BytesIO()
    draw(chronicle, svg, "svg")
    chart = svg.getvalue().decode("utf-8")
    chart = chart[chart.index("<svg"):]  # drop the XML prologue: the SVG is inline
    names = [chronicle.names.get(a, a) for a in chronicle.actors]
    title = f"{names[0]} - {names[1]}"
    data: dict[str, Any] = chronicle.to_json()
    data["events"] = [
        dict(e.to_json(),
             touches=[[x.subject, x.attribute] for x in effects_of(e)],
             source_links=[list(source_parts(s)) for s in e.sources])
        for e in chronicle.events
    ]
    data["default_as_of"] = as_of
    data["relationship"] = RELATIONSHIP
    # No "<", ">" or "&" may appear raw in a script block ("</script>", "<!--" end or hide
    # it); JSON reads the escapes back as the same characters.
    payload = (json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
               .replace(">", "\\u003e").replace("&", "\\u0026"))
    known = (f" as recorded at {html.escape(chronicle.known_at)}" if chronicle.known_at
             else "")
    return _asset("report.html").format(
        title=html.escape(title), known=known, chart=chart, data=payload,
        script=_asset("report.js"), style=_asset("report.css"),
    )
