"""The field's formats: TimelineJS (export), PLOVER JSON Lines (both ways), ICEWS (import).

Readers yield the same items as ``formats.iter_records``; a record that maps to none of our
event types is yielded as ``("skip", record)`` with the reason, so an import counts and
reports it instead of dropping it.
"""

from __future__ import annotations

import csv
import html
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from timeline.dates import PartialDate
from timeline.errors import InvalidValue
from timeline.model import ActorData, EventData, Record, Source, is_web_url
from timeline.vocabulary import CAMEO_IMPORT, TYPES, subject_of

Item = tuple[str, Record]
ICEWS_REQUIRED = ("Event ID", "Event Date", "Source Name", "CAMEO Code", "Target Name")
PLOVER_IMPORT: dict[tuple[str, str], str] = {
    ("SANCTION", "withdraw"): "relations_suspended",
    ("SANCTION", "expel"): "expulsion",
    ("COERCE", "deport"): "expulsion",
    ("CONSULT", ""): "meeting",
}


def skip(where: str, reason: str) -> Item:
    return "skip", Record(where, {"reason": reason})


def source_text(source: Source) -> str:
    if isinstance(source, str):
        return source
    label = ", ".join(source[k] for k in ("title", "publisher", "published") if source.get(k))
    url = source.get("url", "")
    return f"{label} <{url}>" if label and url else (url or label)


# -- TimelineJS ------------------------------------------------------------------------------


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
                "headline": f"{event.type.replace('_', ' ')}: {parties}"
                + (f" ({details})" if details else ""),
                "text": "".join(body),
            },
            "group": subject_of(event.fields),
            "timeline": _ours(event),
        }
        slides.append(slide)
    title = " - ".join(sorted(names.values())) or "timeline"
    return {"title": {"text": {"headline": title, "text": "Exported by timeline"}},
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


def _ours(event: EventData) -> dict[str, Any]:
    data = event.to_json()
    data.pop("recorded_at", None)
    data.pop("status", None)
    return data


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


def _source_html(source: Source) -> str:
    if isinstance(source, str):
        if is_web_url(source):
            return f'<a href="{_escape(source)}">{_escape(source)}</a>'
        return _escape(source)
    label = _escape(source_text({k: v for k, v in source.items() if k != "url"}) or
                    source.get("url", ""))
    url = source.get("url")
    return f'<a href="{_escape(url)}">{label}</a>' if url and is_web_url(url) else label


def read_timelinejs(path: Path, data: Any) -> Iterator[Item]:
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        raise InvalidValue(f"{path}: not a TimelineJS document (no 'events' list)")
    for index, slide in enumerate(data["events"]):
        where = f"{path}: events[{index}]"
        ours = slide.get("timeline") if isinstance(slide, dict) else None
        if isinstance(ours, dict):
            yield "event", Record(where, dict(ours))
        else:
            yield skip(where, "TimelineJS slide without timeline data")


# -- PLOVER ----------------------------------------------------------------------------------


def to_plover(events: Iterable[EventData]) -> Iterator[dict[str, Any]]:
    for event in events:
        etype = TYPES[event.type]
        yield {
            "id": event.id,
            "date": event.on,
            "event_type": etype.plover[0],
            "mode": etype.plover[1],
            "context": "diplomatic",
            "actor": event.actor,
            "recipient": event.target,
            "cameo": etype.cameo,
            "cite_info": "; ".join(source_text(s) for s in event.sources),
            "text": event.note or "",
            "timeline": _ours(event),
        }


def read_plover(path: Path, lines: Iterable[tuple[int, str]],
                actor_map: Mapping[str, str] | None) -> Iterator[Item]:
    from timeline.formats import json_objects

    for where, item in json_objects(path, lines):
        if isinstance(item.get("timeline"), dict):
            yield "event", Record(where, dict(item["timeline"]))
            continue
        kind = (str(item.get("event_type") or "").upper(), str(item.get("mode") or "").strip())
        etype = PLOVER_IMPORT.get(kind) or ("meeting" if kind[0] == "CONSULT" else None)
        if etype is None:
            yield skip(where, f"PLOVER {kind[0] or '?'}/{kind[1] or '-'}")
            continue
        actor, target = (_mapped(item.get(k), actor_map) for k in ("actor", "recipient"))
        if actor is None or target is None:
            missing = item.get("actor") if actor is None else item.get("recipient")
            yield skip(where, f"unmapped actor {missing!r}")
            continue
        event: dict[str, Any] = {
            "id": f"plover-{item['id']}" if item.get("id") else None,
            "type": etype, "actor": actor, "target": target, "on": item.get("date"),
            "sources": [str(item["cite_info"])] if item.get("cite_info") else [],
            "note": item.get("text") or None,
            "fields": {"count": 1} if etype == "expulsion" else {},
        }
        yield "event", Record(where, event)


def _mapped(name: object, actor_map: Mapping[str, str] | None) -> str | None:
    if not isinstance(name, str) or not name.strip():
        return None
    if actor_map is None:
        return name.strip()
    return actor_map.get(name.strip())


# -- ICEWS -----------------------------------------------------------------------------------


def read_icews(path: Path, lines: Iterable[tuple[int, str]],
               actor_map: Mapping[str, str]) -> Iterator[Item]:
    """ICEWS tab-separated event files; names map to actor ids through ``actor_map``."""
    from timeline.formats import csv_rows

    # Tab-separated without quoting: a field that starts with a quote is text, not the start
    # of a quoted field that would swallow the rows after it.
    reader = csv.DictReader((line for _, line in lines), delimiter="\t", quoting=csv.QUOTE_NONE)
    missing = [c for c in ICEWS_REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise InvalidValue(f"{path}:1: not an ICEWS file: no column(s) {', '.join(missing)}")
    for row in csv_rows(path, reader):
        where = f"{path}:{reader.line_num}"
        if not (row.get("Event ID") or "").strip():
            yield skip(where, "ICEWS row without an Event ID")
            continue
        code = (row.get("CAMEO Code") or "").strip()
        etype = CAMEO_IMPORT.get(code) or CAMEO_IMPORT.get(code[:3])
        if etype is None:
            yield skip(where, f"CAMEO {code or '?'}")
            continue
        ends = []
        for side in ("Source", "Target"):
            name = (row.get(f"{side} Name") or "").strip()
            country = (row.get(f"{side} Country") or "").strip()
            ends.append(actor_map.get(name) or actor_map.get(country))
            if ends[-1] is None:
                break
        if len(ends) < 2 or ends[0] is None or ends[1] is None:
            side = "Source" if ends[0] is None else "Target"
            yield skip(where, f"unmapped actor {(row.get(f'{side} Name') or '').strip()!r}")
            continue
        if ends[0] == ends[1]:
            yield skip(where, "actor and target map to the same actor")
            continue
        yield "event", Record(where, _icews_event(row, etype, ends[0], ends[1], code))


def _icews_event(row: Mapping[str, str | None], etype: str, actor: str, target: str,
                 code: str) -> dict[str, Any]:
    event_id = (row.get("Event ID") or "").strip()
    text = (row.get("Event Text") or "").strip()
    fields: dict[str, Any] = {}
    note = f"{text} (ICEWS, CAMEO {code})"
    if etype == "expulsion":
        fields["count"] = 1
        note += "; the number of people is not coded, recorded as 1"
    elif etype == "agreement_signed":
        fields = {"agreement": f"icews-{event_id}", "name": text or f"ICEWS {event_id}"}
    elif etype == "meeting":
        place = ", ".join(p for p in ((row.get("City") or "").strip(),
                                      (row.get("Country") or "").strip()) if p)
        if place:
            fields["location"] = place
    source = f"ICEWS event {event_id}"
    if (row.get("Publisher") or "").strip():
        source += f", {row['Publisher']}"
    if (row.get("Story ID") or "").strip():
        source += f", story {row['Story ID']}"
    return {
        "id": f"icews-{event_id}" if event_id else None,
        "type": etype, "actor": actor, "target": target,
        "on": _icews_date((row.get("Event Date") or "").strip()),
        "fields": fields, "sources": [source], "note": note,
    }


def _icews_date(text: str) -> str:
    # ICEWS writes YYYY-MM-DD; some releases YYYYMMDD.
    if len(text) == 8 and text.isdigit():
        return f"{text[:4]}-{text[4:6]}-{text[6:]}"
    return text


def load_actor_map(path: Path) -> dict[str, str]:
    """Names (as the source data spells them) to actor ids: YAML or JSON mapping, or CSV
    with columns ``name,id``."""
    from timeline.formats import load_document

    if path.suffix.lower() == ".csv":
        from timeline.formats import csv_rows, read_lines

        with read_lines(path) as lines:
            reader = csv.DictReader(line for _, line in lines)
            if not {"name", "id"} <= set(reader.fieldnames or []):
                raise InvalidValue(f"{path}:1: an actor map needs columns name,id")
            names: dict[str, str] = {}
            for row in csv_rows(path, reader):
                name, actor_id = (row.get("name") or "").strip(), (row.get("id") or "").strip()
                if not name or not actor_id:
                    raise InvalidValue(f"{path}:{reader.line_num}: a row needs a name and an id")
                names[name] = actor_id
        return names
    data = load_document(path)
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        raise InvalidValue(f"{path}: an actor map is a mapping of names to actor ids")
    return {k.strip(): v.strip() for k, v in data.items()}
