"""Where an event may come from: the types an analyst types by hand, the source a fact
needs, and what a decision on a lead must name. A coded record or a decision typed by hand
would be a fact no one decided (a decision names the fact it reviews: a forged one would
mark a coded fact reviewed), so the gate refuses them."""

from __future__ import annotations

from collections.abc import Mapping

from timeline.domain.leads import DECISIONS, decision_fault, parse_lead_id
from timeline.domain.values import EventData, pair_key
from timeline.domain.vocabulary import TYPES, Value, effects_of
from timeline.errors import InvalidValue

HAND_TYPES = tuple(sorted(name for name, t in TYPES.items() if t.by_hand))


def check_by_hand(type_name: object, correcting: str | None = None) -> None:
    """An analyst types (or corrects: ``correcting`` the event's id) events of the types
    the vocabulary says are typed by hand; a coded record is kept as its data wrote it
    (kept as first imported), a decision as it was made."""
    if not (isinstance(type_name, str) and type_name in TYPES) or TYPES[type_name].by_hand:
        return
    coded = type_name == "coded_event"
    if correcting is not None:
        raise InvalidValue(f"{correcting!r} is a {type_name}, not typed by hand: retract it"
                           f"{'' if coded else ', or decide its lead again'}")
    how = ("'timeline import' of its data file" if coded
           else "'timeline accept' or 'timeline dismiss'")
    raise InvalidValue(f"an event of type {type_name!r} is not typed by hand: it is "
                       f"recorded by {how}")


def check_sourced(event: EventData) -> None:
    """An event that changes a fact cites where it is said."""
    if unsourced(event):
        raise InvalidValue(f"an event of type {event.type!r} changes the record, so it needs "
                           "a source: a URL or a citation ('sources')")


def unsourced(event: EventData) -> bool:
    """An event that changes a fact and cites nothing (``check`` lists it)."""
    return not event.sources and bool(effects_of(event))


def check_decision(event_id: str, type_name: str, actor: str, target: str | None, on: str,
                   fields: Mapping[str, Value]) -> None:
    """A decision names the lead its own parties and day make, under the id ``leads``
    gives it (``leads.decision_fault``)."""
    if type_name in DECISIONS:
        fault = decision_fault(event_id, type_name, actor, target, on, fields)
        if fault is not None:
            raise InvalidValue(fault)


def undecided(event: EventData) -> str | None:
    """Why a decision in the record names no lead of its own (one typed by hand before
    the gate refused it), or None."""
    if event.type not in DECISIONS:
        return None
    return decision_fault(event.id, event.type, event.actor, event.target, event.on,
                          event.fields)


def reviewed(event: EventData) -> tuple[str, tuple[str, str, str]] | None:
    """The fact a decision accepted, with the (type, pair, day) of its lead: it reviews a
    fact made from coded data only where they are that fact's own."""
    if event.type != "lead_accepted" or event.target is None:
        return None
    if undecided(event) is not None:  # typed by hand before the gate: it reviews nothing
        return None
    etype, day = parse_lead_id(str(event.fields.get("lead")))
    return str(event.fields.get("event")), (etype, pair_key(event.actor, event.target), day)
