"""A diff: what changed in one relationship between two days (``timeline diff``), fact by
fact, and the events that changed it. Not loaded by a state (``values``' are)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from timeline.domain.jsonable import Jsonable
from timeline.domain.values import EventData
from timeline.domain.vocabulary import Value


@dataclass(frozen=True)
class Change(Jsonable):
    """A fact that changed in a period: "certain" when every event that changed it is dated
    within the period, "possible" when one is dated by a span reaching outside it."""

    subject: str
    attribute: str
    before: Value | None
    after: Value | None
    events: list[str]
    certainty: str = "certain"


@dataclass(frozen=True)
class Diff(Jsonable):
    """What changed in one relationship between two days, and the events that changed it."""

    actors: tuple[str, str]
    from_: str
    to: str
    changes: list[Change]
    events: Sequence[EventData]  # perhaps read only as it is looked at (queries.EventList)
    known_at: str | None = None
