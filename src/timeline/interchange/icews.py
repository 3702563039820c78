"""ICEWS event files (Boschee et al., Harvard Dataverse doi:10.7910/DVN/28075): 20
tab-separated columns with a header, one coded event a row, ``NA`` for a missing value,
the Event ID unique together with the Event Date.

Each row whose two sides resolve to actors is kept as evidence and changes no fact (see
``interchange.coded`` for why)."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from timeline.domain.dates import in_our_years
from timeline.domain.records import Item, Record
from timeline.errors import InvalidValue
from timeline.interchange.coded import Resolver, evidence, value
from timeline.interchange.files import csv_header, csv_rows, read_lines, skip

ICEWS_REQUIRED = ("Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country",
                  "CAMEO Code", "Target Name", "Target Sectors", "Target Country")


def read(path: Path, actor_map: Mapping[str, str] | None, create_actors: bool = False,
         **_: object) -> Iterator[Item]:
    with read_lines(path) as lines:
        yield from _records(path, lines, Resolver(actor_map, create_actors))


def _records(path: Path, lines: Iterable[tuple[int, str]], resolver: Resolver
             ) -> Iterator[Item]:
    # Tab-separated without quoting: a field that starts with a quote is text, not the start
    # of a quoted field that would swallow the rows after it.
    reader = csv.DictReader((line for _, line in lines), delimiter="\t", quoting=csv.QUOTE_NONE)
    missing = [c for c in ICEWS_REQUIRED if c not in csv_header(path, reader)]
    if missing:
        raise InvalidValue(f"{path}:1: not an ICEWS file: no column(s) {', '.join(missing)}")
    # The header's named columns (a tab at its end names nothing): a row cut short of them
    # (csv gives its missing cells as None), or with text past them (under None), is not
    # read as a record with empty cells; empty cells past them (a tab at the end) are none.
    fields = list(reader.fieldnames or ())
    while fields and not fields[-1].strip():
        fields.pop()
    width = len(fields)
    for row in csv_rows(path, reader):
        where = f"{path}:{reader.line_num}"
        past: list[str] = row.get(None) or []  # type: ignore[call-overload]
        if any(row.get(name) is None for name in fields) or any(c.strip() for c in past):
            cells = sum(v is not None for k, v in row.items() if k is not None) + len(past)
            yield skip(where, f"a row of another length than its header's {width} columns",
                       f"{cells} columns")
            continue
        event_id, day = value(row.get("Event ID")), _icews_date(value(row.get("Event Date")))
        if not event_id or not day:
            yield skip(where, "no Event ID or Event Date")
            continue
        if not _ROW_ID.fullmatch(event_id):
            yield skip(where, "an Event ID of other than letters, digits, '.', '_', '-'",
                       event_id[:80])
            continue
        if not _is_day(day):
            yield skip(where, "an Event Date that is no day of the calendar (YYYY-MM-DD)",
                       day[:80])
            continue
        source, target = (resolver.icews(row.get(f"{side} Name") or "",
                                         row.get(f"{side} Sectors") or "",
                                         row.get(f"{side} Country") or "", day)
                          for side in ("Source", "Target"))
        unknown = next((s for s in (source, target) if s.actor is None), None)
        if unknown is not None:
            yield skip(where, "an actor no map knows (add it with --actor-map)",
                       unknown.written or "(no name)")
            continue
        assert source.actor is not None and target.actor is not None
        if source.actor.id == target.actor.id:
            yield skip(where, "domestic: both sides filed under one actor", source.actor.name)
            continue
        code = value(row.get("CAMEO Code"))
        yield from resolver.actors(source, target)
        yield "event", Record(where, evidence(
            "icews", f"{day}-{event_id}", code, day, source, target,
            value(row.get("Event Text")), [_source(row, event_id, day)]))


def _source(row: Mapping[str, str | None], event_id: str, day: str) -> str:
    parts = [f"ICEWS event {event_id} of {day}"]
    for column, label in (("Publisher", ""), ("Story ID", "story "),
                          ("Sentence Number", "sentence ")):
        if value(row.get(column)):
            parts.append(f"{label}{value(row.get(column))}")
    place = ", ".join(value(row.get(c)) for c in ("City", "Province", "Country")
                      if value(row.get(c)))
    if place:
        parts.append(f"in {place}")
    return ", ".join(parts)


_ROW_ID = re.compile(r"[A-Za-z0-9._-]{1,100}")  # within our ids once prefixed


def _is_day(text: str) -> bool:
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return in_our_years(int(text[:4]))


def _icews_date(text: str) -> str:
    # ICEWS writes YYYY-MM-DD; some releases YYYYMMDD.
    if len(text) == 8 and text.isdigit():
        return f"{text[:4]}-{text[4:6]}-{text[6:]}"
    return text
