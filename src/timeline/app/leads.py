"""Leads and the analyst's decisions on them: list the candidate facts coded evidence
points to, accept one (recording its fact, citing every record, and the decision) or
dismiss one (recording the decision). Decisions are events in the log, so they survive
rebuilds, exports and imports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from timeline.app.recording import Recording
from timeline.app.store import Store, store_errors
from timeline.domain.leads import (
    CORROBORATED,
    DECISIONS,
    LEAD_TYPES,
    Lead,
    Leads,
    accepted,
    automatic_fields,
    corroborated,
    dismissed,
    leads_of,
    parse_lead_id,
    with_status,
)
from timeline.domain.values import EventData
from timeline.domain.vocabulary import get_type
from timeline.errors import InvalidValue, NotFound
from timeline.interchange.coded import written_speaks
from timeline.storage import queries

OFFERED = ("open", "accepted")  # a dismissed lead is not offered again unless asked for
POLICIES = {"corroborated": CORROBORATED}  # import --accept POLICY


def both_speak(event: EventData) -> bool:
    """Whether both sides of a coded record are the states or organisations themselves."""
    return event.target is not None and all(
        written_speaks(str(event.fields.get(side, "")), actor)
        for side, actor in (("source_actor", event.actor), ("target_actor", event.target)))


class LeadDesk:
    """The leads of one store."""

    def __init__(self, store: Store, recording: Recording) -> None:
        self.store = store
        self.recording = recording

    @store_errors
    def leads(self, actors: Sequence[str] = (), first: dt.date | None = None,
              last: dt.date | None = None, types: Sequence[str] = (),
              statuses: Sequence[str] = OFFERED) -> Leads:
        """The leads of one actor or pair (or all), best corroborated first."""
        for name in types:
            if get_type(name).name not in LEAD_TYPES:
                raise InvalidValue(f"no lead is of type {name!r} (leads are of "
                                   f"{', '.join(sorted(LEAD_TYPES))})")
        pair = (actors[0], actors[1]) if len(actors) == 2 else None
        one = actors[0] if len(actors) == 1 else None
        with self.store.reading_of_actors(*actors) as conn:
            # The lead types too: facts earlier versions made of coded records are leads
            # to review (domain.leads.earlier_coded_fact).
            events = list(queries.log(conn, pair, first, last,
                                      ["coded_event", *DECISIONS, *sorted(LEAD_TYPES)],
                                      actor=one))
        return Leads(with_status(leads_of(events, types, both_speak),
                                 (e for e in events if e.type in DECISIONS), statuses))

    def lead(self, lead_id: str) -> Lead:
        """One lead by its id, whatever its status."""
        etype, day = parse_lead_id(lead_id)
        on = dt.date.fromisoformat(day)
        found = [lead for lead in self.leads((), on, on, (etype,),
                                             ("open", "accepted", "dismissed")).leads
                 if lead.id == lead_id]
        if not found:
            raise NotFound(f"no lead {lead_id!r} (see 'timeline leads')")
        return found[0]

    def accept(self, lead_id: str, on: str | None = None,
               fields: dict[str, str] | None = None, note: str | None = None) -> EventData:
        """Record the lead's fact, citing every record it rests on, and the decision; a
        fact an earlier version made of the records is kept as it is, as the lead's fact."""
        lead = self.lead(lead_id)
        if lead.status != "open":
            raise InvalidValue(f"lead {lead_id!r} was {lead.status} already")
        fact, decision = accepted(lead, on, fields or {}, note)
        if lead.earlier:
            if on or fields:
                raise InvalidValue(
                    f"an earlier version recorded this lead's fact as {lead.earlier[0]!r}: "
                    "accept it as it is, then 'timeline correct' it")
            decision["fields"]["event"] = lead.earlier[0]
            self.recording.add_event(decision)
            return self.store.event(lead.earlier[0])
        event, _ = self.recording.add_event(fact)
        self.recording.add_event(decision)
        return event

    def dismiss(self, lead_id: str, reason: str) -> EventData:
        """Record that the lead is dismissed, and why: it is not offered again. Facts an
        earlier version made of its records are retracted, with that reason."""
        lead = self.lead(lead_id)
        if lead.status == "dismissed":
            raise InvalidValue(f"lead {lead_id!r} was dismissed already")
        for fact_id in lead.earlier:
            self.recording.retract(fact_id, f"lead {lead_id} dismissed: {reason}")
        event, _ = self.recording.add_event(dismissed(lead, reason))
        return event

    def accept_corroborated(self) -> list[EventData]:
        """Accept every open lead the ``corroborated`` policy takes (``domain.leads``)."""
        return [self.accept(lead.id, None, automatic_fields(lead),
                            f"accepted by policy: {CORROBORATED}")
                for lead in self.leads(statuses=("open",)).leads if corroborated(lead)]
