"""ICEWS event files (tab-separated, one coded event a row): import, where the CAMEO code
maps to one of our types and both actors are in the actor map."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from timeline.domain.codes import CAMEO_IMPORT
from timeline.domain.values import Item, Record
from timeline.errors import InvalidValue
from timeline.interchange.files import csv_header, csv_rows, read_lines, skip

ICEWS_REQUIRED = ("Event ID", "Event Date", "Source Name", "CAMEO Code", "Target Name")


def read(path: Path, actor_map: Mapping[str, str] | None) -> Iterator[Item]:
    if actor_map is None:
        raise InvalidValue("importing ICEWS needs an actor map (names to actor ids)")
    with read_lines(path) as lines:
        yield from _records(path, lines, actor_map)


def _records(path: Path, lines: Iterable[tuple[int, str]],
             actor_map: Mapping[str, str]) -> Iterator[Item]:
    # Tab-separated without quoting: a field that starts with a quote is text, not the start
    # of a quoted field that would swallow the rows after it.
    reader = csv.DictReader((line for _, line in lines), delimiter="\t", quoting=csv.QUOTE_NONE)
    missing = [c for c in ICEWS_REQUIRED if c not in csv_header(path, reader)]
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
