"""A state for a terminal, one line per tie (``domain.ties``): a post with who sends it
where, its status and since when; a relationship's relations, cooperation, envoys and
expulsions; memberships, agreements, channels; proposals with both their parties. An
uncertain tie lists every value it may have ("none yet, proposed or rejected")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, NamedTuple

from timeline.domain.ties import Tie, answered, either, ties
from timeline.domain.values import Fact, Proposal, State
from timeline.views.text import render_pending, table

if TYPE_CHECKING:  # a pair's state (what a user runs dozens of times in a row) loads no actor's
    from timeline.domain.actor_state import ActorState

HEADERS = ("TIE", "FROM -> TO", "STATUS", "SINCE", "ALSO")
EMPTY = "(no ties recorded by this date)"


def render_state_ties(found: State | ActorState) -> str:
    if isinstance(found, State):
        return _pair(found)
    return _actor(found)


class TieLine(NamedTuple):  # not a dataclass: a cold start defines it (vocabulary)
    """One tie as a line of a state shows it, in terminal and page alike: the counterpart
    (``with_``, an actor's state only; "(own)" for its own ties), what the tie is, who
    sends it to whom, every value it may have, since when, and what else is known."""

    with_: str | None
    name: str
    subject: str | None  # what a tie of a named thing is about (post:x), for its label
    from_: str | None
    to: str | None
    status: str
    since: str
    also: str


def tie_lines(found: State | ActorState) -> list[TieLine]:
    """The lines of a pair's state, or of an actor's every tie, in the order shown."""
    if isinstance(found, State):
        return [_line(None, t) for t in [*ties(found.actors, found.facts),
                                          *_proposal_ties(found.proposals)]]
    shown = {f"proposal:{p.proposal}" for p in found.proposals}
    own = [f for f in found.facts if f.subject not in shown]
    ties_with = [_line(_other(p.proposer, p.addressee, found.actor), t)
                 for p in found.proposals for t in _proposal_ties([p])]
    ties_with += [_line(_other(*r.actors, found.actor), t)
                  for r in found.relationships for t in ties(r.actors, r.facts)]
    # Its own first, then by counterpart (a proposal with its addressee's other ties).
    return [*(_line("(own)", t) for t in ties((found.actor,), own)),
            *sorted(ties_with, key=lambda line: line.with_ or "")]


def _pair(state: State) -> str:
    known = f", as known at {state.known_at}" if state.known_at else ""
    rows = [_row(line) for line in tie_lines(state)]
    text = (f"{state.actors[0]} - {state.actors[1]}, as of {state.as_of}{known}\n"
            + (table(HEADERS, rows) if rows else EMPTY))
    return text + render_pending(state.pending)


def _actor(found: ActorState) -> str:
    known = f", as known at {found.known_at}" if found.known_at else ""
    head = f"{found.actor}: every tie, as of {found.as_of}{known}"
    rows = [(line.with_ or "", *_row(line)) for line in tie_lines(found)]
    text = f"{head}\n" + (table(("WITH", *HEADERS), rows) if rows else EMPTY)
    return text + render_pending(found.pending)


def _other(a: str, b: str, actor: str) -> str:
    return b if a == actor else a


def _proposal_ties(proposals: Sequence[Proposal]) -> list[Tie]:
    return [replace(t, details=[*t.details, *answered(p)]) for p in proposals
            for t in ties((p.proposer,), p.facts, [(p.proposal, p.proposer, p.addressee)])]


def _line(with_: str | None, tie: Tie) -> TieLine:
    name = f"{tie.kind} {tie.name}" if tie.name else tie.kind
    subject = f"{tie.kind}:{tie.name}" if tie.name else None
    return TieLine(with_, name, subject, tie.from_ or None, tie.to or None, either(tie.status),
                   _since(tie.status), ", ".join(tie.details))


def _row(line: TieLine) -> tuple[str, str, str, str, str]:
    sides = f"{line.from_} -> {line.to}" if line.from_ and line.to else "-"
    return (line.name, sides, line.status, line.since, line.also)


def _since(fact: Fact) -> str:
    return fact.since or "-"
