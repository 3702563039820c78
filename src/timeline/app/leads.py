"""Leads and the analyst's decisions on them: list the candidate facts coded evidence
points to, accept one (recording its fact, citing every record, and the decision) or
dismiss one (recording the decision). Decisions are events in the log, so they survive
rebuilds, exports and imports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import Connection

from timeline.app import naming
from timeline.app.recording import Recording
from timeline.app.store import Store, store_errors
from timeline.domain.decisions import (
    CORROBORATED,
    accepted,
    automatic_fields,
    corroborated,
    dismissed,
    joined,
)
from timeline.domain.leads import (
    LEAD_TYPES,
    MAX_LIMIT,
    NEAR_DAYS,
    OFFERED,
    STATUSES,
    Lead,
    Leads,
    cited,
    parse_lead_id,
)
from timeline.domain.validation import validate_author
from timeline.domain.values import EventData
from timeline.domain.vocabulary import check_types, get_type
from timeline.errors import Conflict, InvalidValue, NotFound
from timeline.interchange.coded import both_speak
from timeline.storage import leads as storage_leads
from timeline.storage import queries, sql
from timeline.storage.leads import LeadQuery

MAX_REDECISIONS = 100  # times a lead may be decided, undone and decided again
POLICIES = {"corroborated": CORROBORATED}  # import --accept POLICY


class LeadDesk:
    """The leads of one store."""

    def __init__(self, store: Store, recording: Recording) -> None:
        self.store = store
        self.recording = recording

    @store_errors
    def leads(self, actors: Sequence[str] = (), first: dt.date | None = None,
              last: dt.date | None = None, types: Sequence[str] = (),
              statuses: Sequence[str] = OFFERED, limit: int = 0) -> Leads:
        """The leads of one actor or pair (or all), best corroborated first, with the
        records each rests on; at most ``limit`` of them (0: all)."""
        check_types(types)
        for name in types:
            if get_type(name).name not in LEAD_TYPES:
                raise InvalidValue(f"no lead is of type {name!r} (leads are of "
                                   f"{', '.join(sorted(LEAD_TYPES))})")
        for status in statuses:
            if status not in STATUSES:
                raise InvalidValue(f"no lead is {status!r} (a lead is "
                                   f"{', '.join(STATUSES)})")
        if not 0 <= limit <= MAX_LIMIT:
            raise InvalidValue(f"--limit must be 0 (all) to {MAX_LIMIT:,}, not {limit}")
        actors = naming.ids(self.store, *actors)
        asked = LeadQuery(tuple(actors), first, last, tuple(types), tuple(statuses), limit)
        with self.store.reading_of_actors(*actors) as conn:
            found, more = storage_leads.listed(conn, asked)
            return Leads(with_citations(conn, found), more)

    def lead(self, lead_id: str) -> Lead:
        """One lead by its id, whatever its status."""
        parse_lead_id(lead_id)
        with self.store.reading() as conn:
            found = with_citations(conn, storage_leads.summed_leads(
                conn, sql.dialect_of(conn).listed([lead_id])))
        if not found:
            raise NotFound(f"no lead {lead_id!r} (see 'timeline leads')")
        return found[0]

    def accept(self, lead_id: str, on: str | None = None,
               fields: dict[str, str] | None = None, note: str | None = None,
               etype: str | None = None, also: Sequence[str] = (), *,
               by: str | None = None) -> EventData:
        """Record the lead's fact, citing every record it rests on, and the decision; a
        fact an earlier version made of the records is kept as it is, as the lead's fact.
        ``by``: the known person deciding, who records the fact and the decision."""
        if by is not None:
            validate_author(by)  # refused before anything is looked up or stored
        lead = self.lead(lead_id)
        others = [self.lead(other) for other in dict.fromkeys(also) if other != lead_id]
        for one in (lead, *others):
            if one.status != "open":
                raise Conflict(f"lead {one.id!r} was {one.status} already")
            if one is not lead and ((one.type, one.actors) != (lead.type, lead.actors)
                                    or one.earlier or lead.earlier):
                raise InvalidValue(f"lead {one.id!r} is not another day of {lead_id!r}: "
                                   "--with takes open leads of the same type and pair")
        if others:
            lead = replace(lead, cited=[c for one in (lead, *others) for c in one.cited])
        # Its fact, if recorded before: by an earlier version of the import, or by an
        # acceptance since undone (its decision retracted); then only the decision is made
        # (the fact stands as it is: its records' later disagreement on who did it is moot).
        existing = (lead.earlier[0] if lead.earlier
                    else self._current(lead.id.removeprefix("lead-")))
        if existing is not None:
            if others:
                raise InvalidValue(
                    f"this lead's fact is recorded already, as {existing!r}: accept the lead "
                    "alone, or retract that fact first to make one --with the others")
            before = self.store.event(existing)
            if before.type != (etype or lead.type):
                raise InvalidValue(
                    f"this lead's fact is recorded already, as {existing!r}, a {before.type}: "
                    f"retract it first to accept the lead as {etype or lead.type}")
            if (on and on != before.on) or any(
                    str(before.fields.get(k)) != v for k, v in (fields or {}).items()):
                raise InvalidValue(
                    f"this lead's fact is recorded already, as {existing!r}: accept the "
                    "lead as it is, then 'timeline correct' the fact")
            self.recording.add_event(self._unused(joined(lead, existing, note)), by=by)
            return self.store.event(existing)
        fact, decision = accepted(lead, on, fields or {}, note, etype)
        fact = self._unused(fact)
        decision["fields"]["event"] = fact["id"]
        decisions = [self._unused(d) for d in
                     (decision, *(joined(one, fact["id"], note) for one in others))]
        (event, _), *_ = self.recording.add_events([fact, *decisions], by=by)
        return event

    def _current(self, fact_id: str) -> str | None:
        """The lead's fact an earlier acceptance recorded (under ``fact_id``, or ``-2``,
        ``-3``... after retractions) if one still counts."""
        return next((i for i, stored in self._taken(fact_id) if stored.status != "retracted"),
                    None)

    def _unused(self, raw: dict[str, Any]) -> dict[str, Any]:
        """``raw`` under an id the store does not hold: a decision retracted (undone) and
        made again, or a fact retracted before, is recorded anew under its id with ``-2``,
        ``-3``..."""
        taken = self._taken(raw["id"])
        if len(taken) == MAX_REDECISIONS:
            raise InvalidValue(f"{raw['id']!r} was decided {MAX_REDECISIONS} times: no more")
        return {**raw, "id": _suffixed(raw["id"], len(taken) + 1)}

    def _taken(self, base: str) -> list[tuple[str, queries.Stored]]:
        """The ids ``base``, ``base-2``, ``base-3``... the store holds, up to the first it
        does not (at most MAX_REDECISIONS), with what it holds under each."""
        taken: list[tuple[str, queries.Stored]] = []
        with self.store.reading() as conn:
            while len(taken) < MAX_REDECISIONS:
                candidate = _suffixed(base, len(taken) + 1)
                stored = queries.versions_of(conn, [candidate],
                                             self.store.log.content_of).get(candidate)
                if stored is None:
                    break
                taken.append((candidate, stored))
        return taken

    def dismiss(self, lead_id: str, reason: str, *, by: str | None = None) -> EventData:
        """Record that the lead is dismissed, and why: it is not offered again. Facts an
        earlier version made of its records are retracted, with that reason (``by`` the
        known person deciding, who records the retractions and the decision)."""
        if by is not None:
            validate_author(by)  # refused before the first retraction is stored
        lead = self.lead(lead_id)
        if lead.status == "dismissed":
            raise Conflict(f"lead {lead_id!r} was dismissed already")
        if lead.status == "accepted":  # its fact stands: a dismissed lead would belie it
            raise Conflict(f"lead {lead_id!r} was accepted already, and its fact stands: if "
                           "it is wrong, retract the fact (the lead is open again), then "
                           "dismiss the lead")
        for fact_id in lead.earlier:
            self.recording.retract(fact_id, f"lead {lead_id} dismissed: {reason}", by=by)
        event, _ = self.recording.add_event(self._unused(dismissed(lead, reason)), by=by)
        return event

    def accept_corroborated(self, *, by: str | None = None,
                            read: Collection[str] | None = None) -> list[EventData]:
        """Accept every open lead the ``corroborated`` policy takes (``domain.decisions``);
        with ``read``, only those whose records are all among these ids (an import's own,
        read from its dataset's files: a file of ours, or an earlier upload, may carry
        coded records anyone typed)."""
        if by is not None:
            validate_author(by)  # refused even when no lead is taken
        taken = None if read is None else frozenset(read)
        return [self.accept(lead.id, None, automatic_fields(lead),
                            f"accepted by policy: {CORROBORATED}", by=by)
                for lead in self.leads(statuses=("open",)).leads if corroborated(lead)
                and (taken is None or taken.issuperset(lead.evidence))]


def _suffixed(base: str, n: int) -> str:
    """The n-th id of a lead's decision or fact: ``base``, then ``base-2``, ``base-3``..."""
    return base if n == 1 else f"{base}-{n}"


def with_citations(conn: Connection, leads: Sequence[Lead]) -> list[Lead]:
    """The leads with what an analyst needs of each record they rest on (``Cited``), and
    how many of those name both states or organisations themselves."""
    events = queries.events_by_id(conn, [e for lead in leads for e in lead.evidence])
    near = storage_leads.nearby(conn, [lead.id for lead in leads], NEAR_DAYS)
    return [replace(lead, cited=[cited(events[e]) for e in lead.evidence if e in events],
                    speaking=sum(both_speak(events[e]) for e in lead.evidence if e in events),
                    nearby=near.get(lead.id, []))
            for lead in leads]
