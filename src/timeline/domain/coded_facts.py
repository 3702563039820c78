"""Facts an earlier version of the import made from coded records by itself, so that
``check`` lists them for review and ``leads`` shows them on their lead.

Versions before leads turned some coded records (CAMEO 054, 057, 040-046; PLOVER CONSULT)
into facts when both sides named the state itself. The log is immutable, so those facts
stay; they are known by what that import wrote: an id ``{dataset}-{type}-{day}-...`` (the
type with dashes) and a note "From {DATASET}: ...".
"""

from __future__ import annotations

import re

from timeline.domain.findings import Finding
from timeline.domain.values import EventData

CODED_DATASETS = ("icews", "gdelt", "plover", "polecat")
_EARLIER_ID = re.compile(
    r"(?P<dataset>" + "|".join(CODED_DATASETS) + r")-(?P<type>[a-z-]+)-"
    r"(?P<day>\d{4}-\d{2}-\d{2})-.+")


def earlier_coded_fact(event: EventData) -> bool:
    """Whether ``event`` is a fact an earlier version made from coded records alone."""
    if event.type == "coded_event":
        return False
    found = _EARLIER_ID.fullmatch(event.id)
    if found is None or found["type"] != event.type.replace("_", "-"):
        return False
    return (event.on == found["day"]
            and (event.note or "").startswith(f"From {found['dataset'].upper()}: "))


def coded_fact_finding(event: EventData) -> Finding | None:
    """A ``coded_fact`` finding when ``event`` is such a fact; None otherwise."""
    if not earlier_coded_fact(event):
        return None
    return Finding("coded_fact", event.on, [event.id],
                   f"{event.type} made from coded data by an earlier version of the import, "
                   "not by an analyst: review it against its sources and retract it if they "
                   "do not say so")
