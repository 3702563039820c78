"""An analyst's decisions on leads (``domain.leads``): the fact an accepted lead becomes,
citing every record it rests on, and the decision event that says so; and the one policy
that decides by itself (``import --accept corroborated``), stated and measured."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from timeline.domain.leads import ALTERNATIVES, STATUS_OF, Cited, Lead, lead_type
from timeline.domain.values import EventData
from timeline.domain.vocabulary import TYPES
from timeline.errors import InvalidValue


def citation(c: Cited) -> str:
    """A source of an accepted fact: one record it rests on, as an analyst checks it."""
    parts = [f"{c.dataset.upper()} record {c.record or c.event} (evidence {c.event}), "
             f"code {c.code}"]
    if c.publisher:
        parts.append(c.publisher)
    if c.story and c.story != c.url:
        parts.append(f"story {c.story}")
    if c.url:
        parts.append(c.url)
    return ", ".join(parts)


def accepted(lead: Lead, on: str | None, fields: dict[str, str], note: str | None,
             etype: str | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """The fact an accepted lead becomes (of its type, or of one of its ``ALTERNATIVES``;
    citing every record it rests on) and the decision that says so. A meeting's host and
    location are those its records agree on, unless given."""
    etype = etype or lead.type
    if etype != lead.type and etype not in ALTERNATIVES.get(lead.type, ()):
        others = ", ".join((lead.type, *ALTERNATIVES.get(lead.type, ())))
        raise InvalidValue(f"a {lead.type} lead is accepted as {others}, not {etype!r}")
    fields = dict(fields)
    if etype == "meeting":
        for name, said in (("host", {c.host for c in lead.cited}),
                           ("location", {c.place for c in lead.cited})):
            said.discard("")
            if name not in fields and len(said) == 1:
                fields[name] = said.pop()
    fact_id = lead.id.removeprefix("lead-")
    actor, target = _direction(lead, etype)
    fact = {"id": fact_id, "type": etype, "actor": actor,
            "target": target, "on": on or lead.on, "fields": fields,
            "sources": [citation(c) for c in lead.cited], "note": note}
    return fact, _decision(lead, "lead_accepted", {"lead": lead.id, "event": fact_id}, note)


def direction(lead: Lead, etype: str) -> tuple[str, str] | None:
    """Who did it and to whom: a lead's pair has no order, but an expulsion or a break
    has one, which its records give (their source side); None where they disagree. Both
    parties alike do a mutual one (a meeting)."""
    if TYPES[etype].mutual:
        return lead.actors
    doers = _doers(lead)
    if len(doers) != 1 or not doers <= set(lead.actors):
        return None
    (doer,) = doers
    return doer, next(a for a in lead.actors if a != doer)


def _doers(lead: Lead) -> set[str]:
    return {c.by for c in lead.cited} - {""}


def _direction(lead: Lead, etype: str) -> tuple[str, str]:
    found = direction(lead, etype)
    if found is None:
        raise InvalidValue(
            f"the records of {lead.id} do not agree on who did it "
            f"({', '.join(sorted(_doers(lead)))}): record the {etype} with 'timeline add', "
            "and dismiss the lead")
    return found


def joined(lead: Lead, fact_id: str, note: str | None) -> dict[str, Any]:
    """The decision that accepts ``lead`` as part of another lead's fact (``--with``)."""
    return _decision(lead, "lead_accepted", {"lead": lead.id, "event": fact_id}, note)


def dismissed(lead: Lead, reason: str) -> dict[str, Any]:
    return _decision(lead, "lead_dismissed", {"lead": lead.id, "reason": reason}, None)


def _decision(lead: Lead, etype: str, fields: dict[str, str], note: str | None
              ) -> dict[str, Any]:
    return {"id": f"{lead.id}-{STATUS_OF[etype]}", "type": etype, "actor": lead.actors[0],
            "target": lead.actors[1], "on": lead.on, "fields": fields,
            "sources": [f"analyst's decision on {lead.id}"], "note": note}


# The policy of ``import --accept corroborated``: at least two publishers and two stories,
# and at least one record whose two sides are the states or organisations themselves. Never
# an expulsion (its count is not in the data) nor a lead an earlier version made a fact of.
AUTO_TYPES = ("meeting", "relations_established", "relations_suspended", "agreement_signed")
CORROBORATED = "at least 2 publishers, 2 stories and 1 record between the sides themselves"


def corroborated(lead: Lead) -> bool:
    """The policy takes it (a directed one only where its records agree on who did it)."""
    return (lead.type in AUTO_TYPES and lead.status == "open" and not lead.earlier
            and lead.publishers >= 2 and lead.stories >= 2 and lead.speaking >= 1
            and direction(lead, lead.type) is not None)


def automatic_fields(lead: Lead) -> dict[str, str]:
    """The fields an automatically accepted lead's fact needs (an agreement names one)."""
    if lead.type != "agreement_signed":
        return {}
    return {"agreement": lead.id.removeprefix("lead-"),
            "name": f"Agreement signed by {lead.actors[0]} and {lead.actors[1]} ({lead.on})"}


def policy_may_take(record: Mapping[str, Any]) -> bool:
    """Whether a coded record, as a file gives it, points to a lead of a type the policy
    may take (so an import keeps the ids of those alone, not of every row it reads)."""
    try:
        event = EventData.from_content(str(record.get("id")), dict(record))
        return lead_type(event) in AUTO_TYPES
    except (KeyError, TypeError, AttributeError, ValueError):
        return False
