"""Reading files safely: text and lines (each error naming its file and line), YAML, JSON,
JSON Lines and CSV rows. Every reader of every format goes through these."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from timeline.domain.values import Item, Record
from timeline.errors import InvalidValue


def skip(where: str, reason: str) -> Item:
    """A record that maps to none of our event types, and why: counted, never dropped."""
    return "skip", Record(where, {"reason": reason})


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


def load_document(path: Path) -> Any:
    """A whole YAML or JSON document (by extension; YAML otherwise)."""
    if path.suffix.lower() == ".json":
        return load_json(path, read_text(path))
    return load_yaml(path, read_text(path))


def read_text(path: Path) -> str:
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


def load_yaml(path: Path, text: str) -> Any:
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


def load_json(path: Path, text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidValue(f"{path}:{exc.lineno}: malformed JSON: {exc.msg}") from None


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
