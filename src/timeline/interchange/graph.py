"""The relationships as of a day as a graph file that Gephi, networkx and igraph open:
GraphML and GEXF (written by networkx, the extra ``graph``) and a CSV of edges (with the
``csv`` module). Nodes are actors (id, name, kind); edges are facts (``domain.graph``).
A value nobody knows yet on the day (a fact only possible) is written as the empty text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from timeline.domain.graph import Edge, Graph
from timeline.errors import InvalidValue
from timeline.extras import require

GRAPH_FORMATS = ("graphml", "gexf", "csv-edges")
EDGE_COLUMNS = ("source", "target", "subject", "attribute", "value", "certainty", "possible",
                "since", "event", "mutual")


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _attributes(edge: Edge) -> dict[str, Any]:
    return {"subject": edge.subject, "attribute": edge.attribute, "value": _text(edge.value),
            "certainty": edge.certainty, "possible": _text(edge.possible),
            "since": _text(edge.since), "event": _text(edge.event), "mutual": edge.mutual,
            "label": f"{edge.attribute}={_text(edge.value)}"}


def write(fmt: str, found: Graph) -> Iterator[str]:
    """The graph in ``fmt``, a piece of text at a time."""
    if fmt == "csv-edges":
        yield from _csv_edges(found)
        return
    require("graph")
    import networkx as nx

    g = nx.MultiDiGraph(as_of=found.as_of, known_at=found.known_at or "")
    for actor in found.nodes:
        g.add_node(actor.id, label=actor.name, name=actor.name, kind=actor.kind)
    for index, edge in enumerate(found.edges):
        g.add_edge(edge.source, edge.target, key=index, **_attributes(edge))
    if fmt == "graphml":
        yield from (line + "\n" for line in nx.generate_graphml(g))
    elif fmt == "gexf":
        yield from (line + "\n" for line in nx.generate_gexf(g))
    else:  # pragma: no cover - the CLI offers only GRAPH_FORMATS
        raise InvalidValue(f"unknown graph format {fmt!r}")


def _csv_edges(found: Graph) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(EDGE_COLUMNS)
    for edge in found.edges:
        row = _attributes(edge)
        writer.writerow([edge.source, edge.target, *(row[c] for c in EDGE_COLUMNS[2:])])
        if buffer.tell() > 1 << 16:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
