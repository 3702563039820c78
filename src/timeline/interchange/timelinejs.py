"""TimelineJS documents: export (each slide carries our event, so it imports back), and
import of the slides that carry one."""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from timeline.domain.dates import PartialDate
from timeline.domain.values import ActorData, EventData, Item, Record, Source, source_parts
from timeline.domain.vocabulary import subject_of
from timeline.errors import InvalidValue
from timeline.interchange.files import load_document, skip


def write(actors: Iterable[ActorData], events: Iterable[EventData]) -> Iterator[str]:
    yield json.dumps(to_timelinejs(actors, events), indent=2, ensure_ascii=False) + "\n"


def to_timelinejs(actors: Iterable[ActorData], events: Iterable[EventData]) -> dict[str, Any]:
    """A TimelineJS document; each event keeps ours under "timeline" so it imports back."""
    names = {a.id: a.name for a in actors}
    slides = []
    for event in events:
        parties = " → ".join(names.get(x, x) for x in (event.actor, event.target) if x)
        details = ", ".join(f"{k} {v}" for k, v in event.fields.items())
        body = []
        if event.note:
            body.append(f"<p>{_escape(event.note)}</p>")
        if event.announced:
            body.append(f"<p>Announced {event.announced}.</p>")
        for source in event.sources:
            body.append(f"<p>Source: {_source_html(source)}</p>")
        slide: dict[str, Any] = {
            "unique_id": event.id,
            "start_date": _tl_date(event.on),
            "text": {
                # TimelineJS renders headlines as HTML: names and fields are text.
                "headline": _escape(f"{event.type.replace('_', ' ')}: {parties}"
                                    + (f" ({details})" if details else "")),
                "text": "".join(body),
            },
            "group": subject_of(event.fields),
            "timeline": ours(event),
        }
        slides.append(slide)
    title = " - ".join(sorted(names.values())) or "timeline"
    return {"title": {"text": {"headline": _escape(title), "text": "Exported by timeline"}},
            "events": slides}


def _tl_date(on: str) -> dict[str, str]:
    day = PartialDate.parse(on)
    out = {"year": str(day.start.year)}
    if day.precision in ("month", "day"):
        out["month"] = str(day.start.month)
    if day.precision == "day":
        out["day"] = str(day.start.day)
    out["display_date"] = {"year": f"{day.start:%Y}", "month": f"{day.start:%B %Y}",
                           "day": f"{day.start.day} {day.start:%B %Y}"}[day.precision]
    return out


def ours(event: EventData) -> dict[str, Any]:
    """Our event as it travels inside the field's formats, to be read back exactly."""
    data = event.to_json()
    data.pop("recorded_at", None)
    data.pop("status", None)
    return data


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


def _source_html(source: Source) -> str:
    label, url = source_parts(source)
    return f'<a href="{_escape(url)}">{_escape(label)}</a>' if url else _escape(label)


def read(path: Path, actor_map: Mapping[str, str] | None = None,
         **_: object) -> Iterator[Item]:
    """The slides that carry our event (ids are ours: no actor map); others are skipped."""
    data = load_document(path)
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        raise InvalidValue(f"{path}: not a TimelineJS document (no 'events' list)")
    for index, slide in enumerate(data["events"]):
        where = f"{path}: events[{index}]"
        ours = slide.get("timeline") if isinstance(slide, dict) else None
        if isinstance(ours, dict):
            yield "event", Record(where, dict(ours))
        else:
            yield skip(where, "TimelineJS slide without timeline data")
