"""Our own files: YAML and JSON documents (``actors`` and ``events`` lists), JSON Lines (one
event a line, actors as ``{"actor": {...}}``) and CSV (what ``export --format csv`` writes).

Every record keeps where it came from (``path:line``, or ``path: events[3]`` for JSON), so
a refusal can name it.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from timeline.domain.records import Item, Record
from timeline.domain.values import ActorData, EventData
from timeline.errors import InvalidValue
from timeline.interchange.files import (
    csv_header,
    csv_rows,
    json_objects,
    load_json,
    load_yaml,
    parse_json,
    read_lines,
    read_text,
)

CSV_COLUMNS = (
    "record", "id", "type", "actor", "target", "on", "announced", "fields", "sources", "note",
    "recorded_at", "name", "kind", "about", "via", "exists_from",
)
# Columns an export of an earlier version lacks: its files still import.
CSV_OPTIONAL = ("recorded_at", "about", "via", "exists_from")
TOP_KEYS = ("actors", "events")
# What a spreadsheet would run as a formula (OWASP's list): such a cell is written with a
# leading quote, which reading our CSV takes off again.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def read(path: Path, actor_map: Mapping[str, str] | None = None,
         **_: object) -> Iterator[Item]:
    """The records of one of our files, by its extension (ids are ours: no actor map)."""
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        yield from _read_document(path, load_yaml(path, read_text(path)))
    elif suffix == ".json":
        yield from _read_document(path, load_json(path, read_text(path)))
    elif suffix == ".jsonl":
        yield from _read_jsonl(path)
    else:
        yield from _read_csv(path)


def _read_document(path: Path, data: Any) -> Iterator[Item]:
    if data is None:
        return
    if not isinstance(data, dict):
        raise InvalidValue(f"{path}: expected a mapping with 'actors' and 'events' lists, "
                           f"found {type(data).__name__}")
    for key in data:
        if key not in TOP_KEYS:
            raise InvalidValue(f"{path}: unknown top-level key {key!r} (expected actors, events)")
    for key, kind in (("actors", "actor"), ("events", "event")):
        items = data.get(key) or []
        if not isinstance(items, list):
            raise InvalidValue(f"{path}: {key!r} must be a list")
        for index, item in enumerate(items):
            line = getattr(item, "line", 0)
            where = f"{path}:{line}" if line else f"{path}: {key}[{index}]"
            if not isinstance(item, dict):
                raise InvalidValue(f"{where}: each of {key!r} must be a mapping, got {item!r}")
            yield kind, Record(where, dict(item))


def _read_jsonl(path: Path) -> Iterator[Item]:
    with read_lines(path) as lines:
        for where, item in json_objects(path, lines):
            if set(item) == {"actor"} and isinstance(item["actor"], dict):
                yield "actor", Record(where, item["actor"])
            else:
                yield "event", Record(where, item)


def _read_csv(path: Path) -> Iterator[Item]:
    with read_lines(path) as lines:
        reader = csv.DictReader(line for _, line in lines)
        header = csv_header(path, reader)
        # Every column our export writes: a file without its sources or notes would
        # import with them silently dropped.
        missing = [c for c in CSV_COLUMNS if c not in CSV_OPTIONAL and c not in header]
        if missing:
            raise InvalidValue(f"{path}:1: CSV header lacks column(s) {', '.join(missing)} "
                               "(the columns 'timeline export --format csv' writes)")
        for raw_row in csv_rows(path, reader):
            where = f"{path}:{reader.line_num}"
            row = {k: _unquoted(v) for k, v in raw_row.items() if isinstance(k, str)}
            kind = row.get("record")
            if kind == "actor":
                actor = {k: row.get(k) for k in ("id", "name", "kind")}
                if row.get("exists_from"):
                    actor["exists_from"] = row["exists_from"]
                yield "actor", Record(where, actor)
            elif kind == "event":
                data: dict[str, Any] = {}
                for key in ("id", "type", "actor", "target", "on", "announced", "note",
                            "about", "via"):
                    if row.get(key):
                        data[key] = row[key]
                for key in ("fields", "sources"):
                    cell = row.get(key)
                    if cell:
                        data[key] = parse_json(cell, f"{where}: column {key!r}")
                yield "event", Record(where, data)
            else:
                raise InvalidValue(f"{where}: column 'record' must be 'actor' or 'event', "
                                   f"got {str(kind)[:40]!r}")


def _formula_like(cell: str) -> bool:
    """Starts like a formula once any leading quotes are set aside: such a cell gets one
    more quote on export, which import takes off (so "'=x" itself comes back as it was)."""
    return cell.lstrip("'").startswith(FORMULA_START)


def _unquoted(cell: object) -> str | None:
    """A cell as exported: the quote that kept a spreadsheet from running it taken off."""
    if not isinstance(cell, str):
        return None  # a short row's missing cells
    return cell[1:] if cell.startswith("'") and _formula_like(cell) else cell


def _neutral(cell: object) -> object:
    if isinstance(cell, str) and _formula_like(cell):
        return "'" + cell
    return cell


def write_jsonl(actors: Iterable[ActorData], events: Iterable[EventData]) -> Iterator[str]:
    return jsonl_of(actors, (json.dumps(e.to_file(), ensure_ascii=False) for e in events))


def jsonl_of(actors: Iterable[ActorData], lines: Iterable[str]) -> Iterator[str]:
    """Our JSON Lines of these actors and of events already written as lines (by
    ``write_jsonl``, or from the read model's text: ``Listings.exported_lines``), a
    thousand lines a piece."""
    for actor in actors:
        yield json.dumps({"actor": actor.to_json()}, ensure_ascii=False) + "\n"
    found = iter(lines)
    while batch := list(itertools.islice(found, 1000)):
        yield "\n".join(batch) + "\n"


def write_csv(actors: Iterable[ActorData], events: Iterable[EventData]) -> Iterator[str]:
    buffer = io.StringIO()
    # RFC 4180's line ends: the csv module then quotes any cell holding a carriage return,
    # which "\n" alone would leave bare, and unreadable.
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")

    def written() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writeheader()
    yield written()
    for actor in actors:
        writer.writerow({k: _neutral(v) for k, v in {"record": "actor", **actor.to_json()}.items()})
        yield written()
    for event in events:
        data = event.to_file()
        data.pop("status", None)
        data.update(record="event", fields=json.dumps(data["fields"], ensure_ascii=False),
                    sources=json.dumps(data["sources"], ensure_ascii=False))
        if "about" in data:
            data["about"] = ",".join(data["about"])  # ids hold no comma
        writer.writerow({k: _neutral(v) for k, v in data.items()})
        yield written()
