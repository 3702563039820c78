"""A state for a terminal, one line per tie (``domain.ties``): a post with who sends it
where, its status and since when; a relationship's relations, cooperation, envoys and
expulsions; memberships, agreements, channels; proposals with both their parties. An
uncertain tie lists every value it may have ("none yet, proposed or rejected")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from timeline.domain.overview import ActorState
from timeline.domain.ties import Tie, answered, either, ties
from timeline.domain.values import Fact, Proposal, State
from timeline.views.text import render_pending, table

HEADERS = ("TIE", "FROM -> TO", "STATUS", "SINCE", "ALSO")
EMPTY = "(no ties recorded by this date)"


def render_state_ties(found: State | ActorState) -> str:
    if isinstance(found, State):
        return _pair(found)
    return _actor(found)


def _pair(state: State) -> str:
    known = f", as known at {state.known_at}" if state.known_at else ""
    rows = [_row(t) for t in [*ties(state.actors, state.facts),
                              *_proposal_ties(state.proposals)]]
    text = (f"{state.actors[0]} - {state.actors[1]}, as of {state.as_of}{known}\n"
            + (table(HEADERS, rows) if rows else EMPTY))
    return text + render_pending(state.pending)


def _actor(found: ActorState) -> str:
    known = f", as known at {found.known_at}" if found.known_at else ""
    head = f"{found.actor}: every tie, as of {found.as_of}{known}"
    shown = {f"proposal:{p.proposal}" for p in found.proposals}
    own = [f for f in found.facts if f.subject not in shown]
    rows = [("(own)", *_row(t)) for t in ties((found.actor,), own)]
    rows += [(_other(p.proposer, p.addressee, found.actor), *_row(t))
             for p in found.proposals for t in _proposal_ties([p])]
    rows += [(_other(*r.actors, found.actor), *_row(t))
             for r in found.relationships for t in ties(r.actors, r.facts)]
    text = f"{head}\n" + (table(("WITH", *HEADERS), rows) if rows else EMPTY)
    return text + render_pending(found.pending)


def _other(a: str, b: str, actor: str) -> str:
    return b if a == actor else a


def _proposal_ties(proposals: Sequence[Proposal]) -> list[Tie]:
    return [replace(t, details=[*t.details, *answered(p)]) for p in proposals
            for t in ties((p.proposer,), p.facts, [(p.proposal, p.proposer, p.addressee)])]


def _row(tie: Tie) -> tuple[str, str, str, str, str]:
    name = f"{tie.kind} {tie.name}" if tie.name else tie.kind
    sides = f"{tie.from_} -> {tie.to}" if tie.from_ and tie.to else "-"
    return (name, sides, either(tie.status), _since(tie.status), ", ".join(tie.details))


def _since(fact: Fact) -> str:
    return fact.since or "-"
