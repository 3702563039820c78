"""PLOVER JSON Lines: export (each record carries our event, so it imports back), and
import of coded records from elsewhere, where their event type and mode map to ours."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from timeline.domain.codes import CODES, PLOVER_IMPORT
from timeline.domain.values import ActorData, EventData, Item, Record, source_text
from timeline.interchange.files import json_objects, read_lines, skip
from timeline.interchange.timelinejs import ours


def write(actors: Iterable[ActorData], events: Iterable[EventData]) -> Iterator[str]:
    for record in to_plover(events):
        yield json.dumps(record, ensure_ascii=False) + "\n"


def to_plover(events: Iterable[EventData]) -> Iterator[dict[str, Any]]:
    for event in events:
        cameo, (plover_type, mode) = CODES[event.type]
        yield {
            "id": event.id,
            "date": event.on,
            "event_type": plover_type,
            "mode": mode,
            "context": "diplomatic",
            "actor": event.actor,
            "recipient": event.target,
            "cameo": cameo,
            "cite_info": "; ".join(source_text(s) for s in event.sources),
            "text": event.note or "",
            "timeline": ours(event),
        }


def read(path: Path, actor_map: Mapping[str, str] | None,
         **_: object) -> Iterator[Item]:
    with read_lines(path) as lines:
        yield from _records(path, lines, actor_map)


def _records(path: Path, lines: Iterable[tuple[int, str]],
             actor_map: Mapping[str, str] | None) -> Iterator[Item]:
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
