"""What an import holds a record to against what the store holds: stored already (as it
is, or as it was before a change or as an earlier version wrote it), revised since (a coded
record), in conflict, or naming actors nobody declares. ``Recording`` holds an event typed
by hand to the same rules."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from timeline.domain.validation import earlier_texts
from timeline.domain.values import ActorData, EventData
from timeline.errors import Conflict
from timeline.storage import queries

UNKNOWN_EXAMPLES = 5  # unknown actors a dry run names, the most used first


def unknown_actors(unknown: Sequence[str], referenced: Mapping[str, tuple[str, str]],
                   uses: Mapping[str, int]) -> str:
    """A dry run's summary of the actors the import names and nobody declares."""
    ranked = sorted(unknown, key=lambda a: (-uses.get(a, 0), a))
    examples = "; ".join(
        f"{a!r} in {uses.get(a, 0)} record(s), first at {referenced[a][1] or '?'}"
        for a in ranked[:UNKNOWN_EXAMPLES])
    more = f"; and {len(ranked) - UNKNOWN_EXAMPLES} more" if len(ranked) > UNKNOWN_EXAMPLES else ""
    return (f"the import would be refused: {len(unknown)} unknown actor(s): "
            f"{examples}{more}. Add them with 'timeline actor add ID "
            "--name ...' or in a file's 'actors' (or, for coded data, import with "
            "--create-actors)")


def holds(stored: queries.Stored, event: EventData) -> bool:
    """The event is stored already, as it is now or as it was before a change (or as an
    earlier version of the import wrote the same record)."""
    return event.text in stored.contents or any(
        text in stored.contents for text in earlier_texts(event))


def held_as(text: str, event: EventData) -> bool:
    """``text`` is the record ``event`` is, as this version or an earlier one wrote it
    (the earlier forms are made only when this version's differs)."""
    return text == event.text or text in earlier_texts(event)


# A coded record the store holds, given again with other content (a later release of the
# data revised it): kept as first imported, which the store's answers and leads rest on,
# and counted (a release imported in full is not refused for its revisions). Which of two
# releases is the later one, the records do not say; an import that replaced the first
# would make the answer depend on the order the files were imported in.
REVISED = "a coded record revised since it was imported (the store keeps it as first imported)"


def both_coded(stored: queries.Stored, event: EventData) -> bool:
    return event.type == "coded_event" and any(
        _type_of(text) == "coded_event" for text in stored.contents)


def _type_of(content: str) -> object:
    """The type a stored version's canonical text says (None where the log entry could not
    be read: ``versions_of`` gives its text as empty)."""
    try:
        found = json.loads(content)
    except ValueError:
        return None
    return found.get("type") if isinstance(found, dict) else None


def event_conflict(event_id: str, prefix: str = "") -> Conflict:
    return Conflict(f"{prefix}event {event_id!r} already exists with different content; "
                    f"use another id or 'timeline correct {event_id}'")


def actor_conflict(existing: ActorData, actor: ActorData, prefix: str = "") -> Conflict:
    def described(a: ActorData) -> str:
        since = f", existing from {a.exists_from}" if a.exists_from else \
            ", no first day" if (existing.exists_from or actor.exists_from) else ""
        return f"{a.name!r} ({a.kind}{since})"

    return Conflict(f"{prefix}actor {actor.id!r} already exists as {described(existing)}, "
                    f"not {described(actor)}")
