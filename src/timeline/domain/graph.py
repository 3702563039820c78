"""The relationships as of a day as a graph (``export --format graphml|gexf|csv-edges``):
actors are nodes, facts are edges.

An edge runs from one actor of a relationship to the other, as a tie does
(``ties.direction``). A fact keyed by one of them (``representation:SENDER``,
``expelled:TARGET``, ``membership:GROUP``) says which way (``vocabulary.KEYED``), and a
post's facts run from the actor its ``sender`` fact names to the host; any other fact is
the relationship's, both ways alike, and its edge is written from the first actor of the
pair to the second, marked ``mutual``. A fact only possible on the day (an event in flight)
is an edge with certainty "uncertain"; one whose value nobody knows yet (only possible) is
an edge with no value.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from timeline.domain.ties import SENDER, direction
from timeline.domain.values import ActorData, Fact, actors_of, facts_of_kinds
from timeline.domain.vocabulary import Value


@dataclass(frozen=True)
class Edge:
    """A fact between two actors as a network's edge, as certain as it is known."""

    source: str
    target: str
    subject: str
    attribute: str
    value: Value | None
    certainty: str
    possible: Value | None
    since: str | None
    event: str | None
    mutual: bool


@dataclass(frozen=True)
class Graph:
    """The relationships as of a day (as known at a time) as a network: actors and edges."""

    as_of: str
    known_at: str | None
    nodes: list[ActorData]
    edges: list[Edge]


def graph(facts: Mapping[str, list[Fact]], actors: Iterable[ActorData], as_of: str,
            known_at: str | None, kinds: Collection[str] = ()) -> Graph:
    """The graph of ``facts`` (by pair; an actor's own facts draw no edge)."""
    edges: list[Edge] = []
    for pair in sorted(facts):
        parties = actors_of(pair)
        if len(parties) != 2:
            continue
        # A post's sender as known, or as possible while its opening is in flight.
        senders = {f.subject: str(f.value if f.value is not None else f.possible)
                   for f in facts[pair] if f.attribute == SENDER}
        for fact in facts_of_kinds(facts[pair], kinds):
            source, target, mutual = direction((parties[0], parties[1]), fact.subject,
                                               fact.attribute, senders)
            edges.append(Edge(source, target, fact.subject, fact.attribute, fact.value,
                              fact.certainty, fact.possible, fact.since, fact.event, mutual))
    ends = {e.source for e in edges} | {e.target for e in edges}
    nodes = sorted((a for a in actors if a.id in ends), key=lambda a: a.id)
    return Graph(as_of, known_at, nodes, edges)
