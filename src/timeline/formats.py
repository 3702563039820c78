"""Reading timeline files (YAML, JSON, JSON Lines, CSV) into records, and writing exports.

Every record keeps where it came from (``path:line``, or ``path: events[3]`` for JSON), so
a refusal can name it.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from timeline.errors import InvalidValue
from timeline.model import ActorData, EventData, Record

EXTENSIONS = (".yaml", ".yml", ".json", ".jsonl", ".csv")
CSV_COLUMNS = (
    "record", "id", "type", "actor", "target", "on", "announced", "fields", "sources", "note",
    "recorded_at", "name", "kind",
)
TOP_KEYS = ("actors", "events")
Item = tuple[str, Record]  # ("actor" | "event", record)


class _LineDict(dict[str, Any]):
    line = 0


class _Loader(yaml.SafeLoader):
    """Safe YAML with YAML 1.2 booleans (``on:`` is a key, not ``True``), dates kept as
    text, and the line of every mapping remembered."""


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> Iterator[_LineDict]:
    mapping = _LineDict()
    mapping.line = node.start_mark.line + 1
    yield mapping
    mapping.update({str(k): v for k, v in loader.construct_mapping(node).items()})


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)

_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers
            if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


FORMAT_EXTENSIONS = {
    "auto": EXTENSIONS,
    "timelinejs": (".json",),
    "plover": (".jsonl", ".json"),
    "icews": (".tsv", ".tab", ".txt", ".csv"),
}


def expand_paths(paths: Iterable[str], fmt: str = "auto") -> list[Path]:
    """Files to import: each file given, and the format's files inside each folder given.

    In another format than "auto", every file given counts, whatever its extension.
    """
    files: list[Path] = []
    wanted = FORMAT_EXTENSIONS[fmt]
    for raw in paths:
        if fmt != "auto" and Path(raw).is_file():
            files.append(Path(raw))
            continue
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in wanted
                           and p.is_file())
            if not found:
                raise InvalidValue(f"{raw}: the folder holds no {', '.join(wanted)} file")
            files.extend(found)
        elif path.is_file():
            if path.suffix.lower() not in EXTENSIONS:
                hint = " or --format icews" if path.suffix.lower() == ".tsv" else ""
                raise InvalidValue(
                    f"{raw}: unsupported file type {path.suffix or '(none)'!r} "
                    f"(use {', '.join(EXTENSIONS)}{hint})"
                )
            files.append(path)
        else:
            raise InvalidValue(f"{raw}: no such file or folder")
    return files



def iter_records(
    paths: Sequence[Path], fmt: str = "auto", actor_map: Mapping[str, str] | None = None
) -> Iterator[Item]:
    """Every record of the files, in order, as ``("actor" | "event" | "skip", record)``.

    JSON Lines and CSV files are read a line at a time, so a file of any size streams;
    YAML and JSON documents are parsed whole. ``fmt`` other than "auto" reads every file
    in one of the field's formats (see ``timeline.interchange``).
    """
    from timeline import interchange

    for path in paths:
        if fmt == "timelinejs":
            yield from interchange.read_timelinejs(path, load_document(path))
            continue
        if fmt in ("plover", "icews"):
            with read_lines(path) as lines:
                if fmt == "plover":
                    yield from interchange.read_plover(path, lines, actor_map)
                else:
                    if actor_map is None:
                        raise InvalidValue("importing ICEWS needs --actor-map FILE "
                                           "(names to actor ids)")
                    yield from interchange.read_icews(path, lines, actor_map)
            continue
        suffix = path.suffix.lower()
        if suffix in (".yaml", ".yml"):
            yield from _read_document(path, _load_yaml(path, _read_text(path)))
        elif suffix == ".json":
            yield from _read_document(path, _load_json(path, _read_text(path)))
        elif suffix == ".jsonl":
            yield from _read_jsonl(path)
        else:
            yield from _read_csv(path)


def load_document(path: Path) -> Any:
    """A whole YAML or JSON document (by extension; YAML otherwise)."""
    if path.suffix.lower() == ".json":
        return _load_json(path, _read_text(path))
    return _load_yaml(path, _read_text(path))


def estimate_records(paths: Sequence[Path]) -> int:
    """About how many records the line-based files hold (0 when none is line-based)."""
    total = 0
    for path in paths:
        if path.suffix.lower() in (".jsonl", ".csv", ".tsv"):  # one record a line
            with path.open("rb") as handle:
                while chunk := handle.read(1 << 20):
                    total += chunk.count(b"\n")
    return total


def read_files(paths: Sequence[Path]) -> tuple[list[Record], list[Record]]:
    """All records of the files, actors and events apart (for small inputs and tests)."""
    actors: list[Record] = []
    events: list[Record] = []
    for kind, record in iter_records(paths):
        (actors if kind == "actor" else events).append(record)
    return actors, events


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InvalidValue(f"{path}: cannot read ({exc.strerror})") from None
    try:
        return raw.decode("utf-8-sig")  # a byte-order mark some editors write is no content
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InvalidValue(f"{path}:{line}: not UTF-8 text ({exc.reason})") from None


@contextmanager
def read_lines(path: Path) -> Iterator[Iterator[tuple[int, str]]]:
    """The file's lines, numbered, each decoded on its own so an error names its line."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InvalidValue(f"{path}: cannot read ({exc.strerror})") from None

    def numbered() -> Iterator[tuple[int, str]]:
        for number, raw in enumerate(handle, start=1):
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                raise InvalidValue(f"{path}:{number}: not UTF-8 text ({exc.reason})") from None
            yield number, line

    with handle:
        yield numbered()


def csv_rows(path: Path, reader: Any) -> Iterator[dict[str, str]]:
    """The rows of a csv reader, its format errors refused with the line they are on."""
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InvalidValue(f"{path}:{reader.line_num}: malformed row ({exc})") from None
        yield row


def _load_yaml(path: Path, text: str) -> Any:
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f":{mark.line + 1}" if mark is not None else ""
        context = ""
        if exc.context and exc.context_mark is not None:
            context = f" ({exc.context} at line {exc.context_mark.line + 1})"
        raise InvalidValue(f"{path}{line}: malformed YAML: {exc.problem or exc}{context}") from None
    except yaml.YAMLError as exc:
        raise InvalidValue(f"{path}: malformed YAML: {exc}") from None


def _load_json(path: Path, text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidValue(f"{path}:{exc.lineno}: malformed JSON: {exc.msg}") from None


def _read_document(path: Path, data: Any) -> Iterator[Item]:
    if data is None:
        return
    if not isinstance(data, dict):
        raise InvalidValue(f"{path}: expected a mapping with 'actors' and 'events' lists")
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


def json_objects(path: Path, lines: Iterable[tuple[int, str]]
                 ) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(where, object)`` for each non-blank line of a JSON Lines file."""
    for number, line in lines:
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InvalidValue(f"{where}: malformed JSON: {exc.msg}") from None
        if not isinstance(item, dict):
            raise InvalidValue(f"{where}: expected a JSON object, got {item!r}")
        yield where, item


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
        missing = [c for c in ("record", "id") if c not in (reader.fieldnames or [])]
        if missing:
            raise InvalidValue(f"{path}:1: CSV header lacks column(s) {', '.join(missing)}")
        for row in csv_rows(path, reader):
            where = f"{path}:{reader.line_num}"
            kind = row.get("record")
            if kind == "actor":
                yield "actor", Record(where, {k: row.get(k) for k in ("id", "name", "kind")})
            elif kind == "event":
                data: dict[str, Any] = {}
                for key in ("id", "type", "actor", "target", "on", "announced", "note"):
                    if row.get(key):
                        data[key] = row[key]
                for key in ("fields", "sources"):
                    if row.get(key):
                        try:
                            data[key] = json.loads(row[key])
                        except json.JSONDecodeError as exc:
                            raise InvalidValue(f"{where}: column {key!r}: malformed JSON: "
                                               f"{exc.msg}") from None
                yield "event", Record(where, data)
            else:
                raise InvalidValue(f"{where}: column 'record' must be 'actor' or 'event', "
                                   f"got {kind!r}")


def write_jsonl(actors: Iterable[ActorData], events: Iterable[EventData]) -> Iterator[str]:
    for actor in actors:
        yield json.dumps({"actor": actor.to_json()}, ensure_ascii=False)
    for event in events:
        yield json.dumps(event.to_json(), ensure_ascii=False)


def write_csv(actors: Iterable[ActorData], events: Iterable[EventData]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for actor in actors:
        writer.writerow({"record": "actor", **actor.to_json()})
    for event in events:
        data = event.to_json()
        data.pop("status", None)
        writer.writerow({
            **data,
            "record": "event",
            "fields": json.dumps(data["fields"], ensure_ascii=False),
            "sources": json.dumps(data["sources"], ensure_ascii=False),
        })
    return buffer.getvalue()
