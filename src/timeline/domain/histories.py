"""A relationship's history as the record stands (``timeline history``, charts and reports):
its facts' values over spans of valid time, and each event's every version."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from timeline.domain.jsonable import Jsonable, only_if
from timeline.domain.values import EventData
from timeline.domain.vocabulary import Value


@dataclass(frozen=True)
class Version(Jsonable):
    """One version of an event in its history: as recorded, corrected, or retracted; and
    by whom (as its event says), written only where a known person recorded it."""

    version: int
    status: str
    recorded_at: datetime
    reason: str | None
    event: EventData
    recorded_by: str | None = field(default=None,
                                    metadata=only_if(lambda v: v.recorded_by is not None))


@dataclass(frozen=True)
class Interval(Jsonable):
    """A fact's value over a span of valid time: ``start`` inclusive, ``end`` exclusive
    (None: until further notice)."""

    subject: str
    attribute: str
    value: Value
    start: str
    end: str | None
    since: str
    event: str


@dataclass(frozen=True)
class Chronicle(Jsonable):
    """A relationship's whole history as the record stands: fact intervals and the events
    that count; and, for each event since corrected or retracted, its every version (so a
    reader sees what changed in the record, and what no longer counts, and why)."""

    actors: tuple[str, str]
    names: dict[str, str]
    intervals: list[Interval]
    events: list[EventData]
    known_at: str | None = None
    revisions: dict[str, list[Version]] = field(default_factory=dict)
