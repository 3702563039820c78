"""What files hold, as readers give it (``Record``, ``Item``), and what importing or
restoring them did."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from timeline.domain.jsonable import Jsonable, named


@dataclass(frozen=True)
class Record:
    """A raw record from a file or the command line, and where it came from (or "")."""

    where: str
    data: dict[str, Any]


# What a record is, as a reader yields it (every kind there is, see Item):
# - "actor": an actor the file declares, stored as declared;
# - "event": an event;
# - "skip": a record that maps to none of our event types, holding the "reason" (and an
#   "example" of the value that made it), so an import counts and reports it;
# - "default_actor": an actor a coded format's built-in map offers (``--create-actors``),
#   added where the store and the import lack it, never in conflict with one they have.
RECORD_KINDS = ("actor", "event", "skip", "default_actor")
Item = tuple[str, Record]  # (one of RECORD_KINDS, the record)


@dataclass(frozen=True)
class ImportResult(Jsonable):
    """What an import stored, found stored already, repeated or skipped, and why."""

    actors_added: int
    events_added: int
    unchanged: int
    superseded: int = 0  # of the unchanged: events since corrected or retracted
    repeated: int = 0  # records the same as an earlier one of the import: stored once
    skipped: dict[str, int] = field(default_factory=dict)  # why -> records mapped to nothing
    # why -> a few values
    examples: dict[str, list[str]] = field(default_factory=dict,
                                           metadata=named("skipped_examples"))
    by_type: dict[str, int] = field(default_factory=dict)  # new events, by type
    dry_run: bool = False  # what would be stored: nothing was


@dataclass(frozen=True)
class Restored(Jsonable):
    """What restoring a whole log (``export --format log``) did."""

    added: int  # entries appended
    already: int  # entries the store held already
