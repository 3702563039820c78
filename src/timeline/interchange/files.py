"""Reading files safely: text and lines (each error naming its file and line), YAML, JSON,
JSON Lines and CSV rows. Every reader of every format goes through these."""

from __future__ import annotations

import codecs
import csv
import json
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import yaml

from timeline import regular
from timeline.domain.records import Item, Record
from timeline.errors import InvalidValue

MAX_DOCUMENT_BYTES = 64 << 20  # a YAML or JSON document is parsed whole: bound it
MAX_LINE_BYTES = 1 << 20  # one record of a line-based file
MAX_DEPTH = 64  # nesting of mappings and lists in a record


MAX_EXAMPLE = 200  # characters of the value a skipped record is named by


def skip(where: str, reason: str, example: str = "") -> Item:
    """A record that maps to none of our event types, and why: counted, never dropped. The
    reason is a kind (counted together); ``example`` names this record's value, readably."""
    cut = example if len(example) <= MAX_EXAMPLE else example[:MAX_EXAMPLE - 1] + "…"
    return "skip", Record(where, {"reason": reason, "example": cut})


class _LineDict(dict[str, Any]):
    line = 0


class _Loader(yaml.SafeLoader):
    """Safe YAML with YAML 1.2 booleans (``on:`` is a key, not ``True``), dates kept as
    text, integers only in decimal (``0x7E5`` stays text, not the year 2021), the line of
    every mapping remembered, and no aliases: a few lines of nested aliases expand into
    gigabytes, and no timeline needs them."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event: Any = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not accepted", event.start_mark)
        depth = getattr(self, "_depth", 0)
        if depth >= MAX_DEPTH:
            here: Any = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(
                None, None, f"nested more than {MAX_DEPTH} deep", here.start_mark)
        self._depth = depth + 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth = depth


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> Iterator[_LineDict]:
    mapping = _LineDict()
    mapping.line = node.start_mark.line + 1
    yield mapping
    for key_node, _ in node.value:
        key = str(loader.construct_object(key_node))
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key[:80]!r}", key_node.start_mark)
        mapping[key] = None
    mapping.update({str(k): v for k, v in loader.construct_mapping(node).items()})


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)

_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers
            if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp",
                           "tag:yaml.org,2002:int")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)
# Decimal integers only, without leading zeros and of at most 18 digits: YAML 1.1 reads
# "010" as octal 8 and "02021" as 1041; anything else stays text, for the gate to judge.
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]{0,17})$"),
    list("-+0123456789"))


def _construct_int(loader: _Loader, node: yaml.ScalarNode) -> int | str:
    text = str(loader.construct_scalar(node))
    if re.fullmatch(r"[-+]?(?:0|[1-9][0-9]{0,17})", text):
        return int(text)
    raise yaml.constructor.ConstructorError(
        None, None, f"not a decimal integer: {text[:40]!r}", node.start_mark)


_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)


def load_document(path: Path) -> Any:
    """A whole YAML or JSON document (by extension; YAML otherwise)."""
    if path.suffix.lower() == ".json":
        return load_json(path, read_text(path))
    return load_yaml(path, read_text(path))


def open_regular(path: Path) -> IO[bytes]:
    """The file, opened for reading, if it is a regular file (see ``timeline.regular``)."""
    try:
        return regular.open_regular(path)
    except regular.NotRegular:
        raise InvalidValue(f"{path}: not a regular file") from None
    except OSError as exc:
        raise InvalidValue(f"{path}: cannot read ({exc.strerror})") from None


def read_text(path: Path, limit: int = MAX_DOCUMENT_BYTES) -> str:
    """A whole file as text, refused beyond ``limit`` bytes."""
    with open_regular(path) as handle:
        try:
            raw = handle.read(limit + 1)
        except OSError as exc:
            raise InvalidValue(f"{path}: cannot read ({exc.strerror})") from None
    if len(raw) > limit:
        raise InvalidValue(f"{path}: larger than {limit >> 20} MB; split it, or use JSON Lines "
                           "(read a line at a time)")
    try:
        return raw.decode("utf-8-sig")  # a byte-order mark some editors write is no content
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InvalidValue(f"{path}:{line}: not UTF-8 text ({exc.reason})") from None


@contextmanager
def read_lines(path: Path) -> Iterator[Iterator[tuple[int, str]]]:
    """The file's lines, numbered, each decoded on its own so an error names its line."""
    handle = open_regular(path)

    def numbered() -> Iterator[tuple[int, str]]:
        number = 0
        while raw := handle.readline(MAX_LINE_BYTES + 1):
            number += 1
            if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                raise InvalidValue(f"{path}:{number}: a line longer than "
                                   f"{MAX_LINE_BYTES >> 20} MB")
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
            # A DictReader copies its reader's count only after a row is read whole: the
            # reader underneath knows the line it failed on.
            line = getattr(reader, "reader", reader).line_num
            raise InvalidValue(f"{path}:{line}: malformed row ({exc})") from None
        yield row


def csv_header(path: Path, reader: Any) -> list[str]:
    """A csv reader's header row, its format errors refused with the file's name."""
    try:
        return list(reader.fieldnames or [])
    except csv.Error as exc:
        raise InvalidValue(f"{path}:1: malformed header ({exc})") from None


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
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow
        at = text.count("\n", 0, exc.position) + 1
        character = exc.character if isinstance(exc.character, str) else chr(exc.character)
        raise InvalidValue(f"{path}:{at}: malformed YAML: {exc.reason} "
                           f"({character!r})") from None
    except yaml.YAMLError as exc:
        raise InvalidValue(f"{path}: malformed YAML: {str(exc).splitlines()[0]}") from None
    except (ValueError, TypeError, OverflowError) as exc:  # an explicit tag (!!float x...)
        raise InvalidValue(f"{path}: malformed YAML: {str(exc)[:200]}") from None


def load_json(path: Path, text: str) -> Any:
    return parse_json(text, f"{path}", lambda exc: f"{path}:{exc.lineno}")


def parse_json(text: str, where: str, at: Any = None) -> Any:
    """JSON without duplicate keys, refused in one line naming ``where``."""
    try:
        if text.startswith("\ufeff"):  # json.loads refuses it in words of its own
            return json.loads(text, object_pairs_hook=_unique_keys)
        return _JSON.decode(text)  # as json.loads(text, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        place = at(exc) if at else where
        raise InvalidValue(f"{place}: malformed JSON: {exc.msg}") from None
    except RecursionError:
        raise InvalidValue(f"{where}: JSON nested too deeply") from None
    except ValueError:  # a number of thousands of digits, which Python will not convert
        raise InvalidValue(f"{where}: malformed JSON: a number too long") from None
    except _DuplicateKey as exc:
        raise InvalidValue(f"{where}: duplicate key {exc.key[:80]!r}") from None


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def json_objects(path: Path, lines: Iterable[tuple[int, str]]
                 ) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(where, object)`` for each non-blank line of a JSON Lines file."""
    for number, line in lines:
        if not line.strip():
            continue
        where = f"{path}:{number}"
        item = parse_json(line, where)
        if not isinstance(item, dict):
            raise InvalidValue(f"{where}: expected a JSON object, got {type(item).__name__}")
        yield where, item


# Made once: json.loads given a hook makes a decoder at each call (a tenth of reading a line).
_JSON = json.JSONDecoder(object_pairs_hook=_unique_keys)
_SPACE = re.compile(r"[ \t\n\r]*")
_CHUNK = 1 << 16


def json_values(path: Path) -> Iterator[tuple[str, Any]]:
    """``(where, value)`` for each JSON value of a file, read a piece at a time: JSON Lines,
    values written one after another (pretty-printed, as some tools write ".jsonl"), or
    a top-level array, whose items come one by one. Each value (each item of an array) is
    bounded by ``MAX_LINE_BYTES``, so a file of any size streams in bounded memory."""
    with open_regular(path) as handle:
        yield from _JsonStream(path, handle).values()


class _JsonStream:
    def __init__(self, path: Path, handle: IO[bytes]) -> None:
        self.path, self.handle = path, handle
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.text, self.at, self.line, self.eof = "", 0, 1, False

    def values(self) -> Iterator[tuple[str, Any]]:
        while self._skip_space():
            if self.text[self.at] != "[":
                yield self._value()
                continue
            self._advance(self.at + 1)  # an array: its items, one by one
            if self._skip_space() and self.text[self.at] == "]":
                self._advance(self.at + 1)
                continue
            while True:
                if not self._skip_space():
                    raise self._malformed(self.at, "the array is not closed")
                yield self._value()
                if not self._skip_space():
                    raise self._malformed(self.at, "the array is not closed")
                if self.text[self.at] not in ",]":
                    raise self._malformed(self.at, "expected ',' or ']' after an item")
                closing = self.text[self.at]
                self._advance(self.at + 1)
                if closing == "]":
                    break

    def _value(self) -> tuple[str, Any]:
        where = f"{self.path}:{self.line}"
        while True:
            try:
                value, end = _JSON.raw_decode(self.text, self.at)
            except json.JSONDecodeError as exc:
                if self._read_more():
                    continue
                raise self._malformed(exc.pos, exc.msg) from None
            except RecursionError:
                raise InvalidValue(f"{where}: JSON nested too deeply") from None
            except ValueError:  # a number of thousands of digits
                raise InvalidValue(f"{where}: malformed JSON: a number too long") from None
            except _DuplicateKey as exc:
                raise InvalidValue(f"{where}: duplicate key {exc.key[:80]!r}") from None
            # A number (or a literal) at the end of what was read may go on in the next piece.
            if end == len(self.text) and self._read_more():
                continue
            self._advance(end)
            return where, value

    def _read_more(self) -> bool:
        """Reads another piece, unless the file is read or the value under way is too large."""
        if self.eof:
            return False
        if len(self.text) - self.at > MAX_LINE_BYTES:
            raise InvalidValue(f"{self.path}:{self.line}: a JSON value larger than "
                               f"{MAX_LINE_BYTES >> 20} MB")
        try:
            raw = self.handle.read(_CHUNK)
        except OSError as exc:
            raise InvalidValue(f"{self.path}: cannot read ({exc.strerror})") from None
        try:
            piece = self.decoder.decode(raw, final=not raw)
        except UnicodeDecodeError as exc:
            line = (self.line + self.text.count("\n", self.at)
                    + raw.count(b"\n", 0, max(exc.start, 0)))
            raise InvalidValue(f"{self.path}:{line}: not UTF-8 text ({exc.reason})") from None
        self.eof = not raw
        self.text = self.text[self.at:] + piece  # what was read and used is let go
        self.at = 0
        return True

    def _skip_space(self) -> bool:
        """Moves past white space; False at the end of the file."""
        while True:
            self._advance(_SPACE.match(self.text, self.at).end())  # type: ignore[union-attr]
            if self.at < len(self.text):
                return True
            if not self._read_more():
                return False

    def _advance(self, to: int) -> None:
        self.line += self.text.count("\n", self.at, to)
        self.at = to

    def _malformed(self, position: int, why: str) -> InvalidValue:
        line = self.line + self.text.count("\n", self.at, position)
        return InvalidValue(f"{self.path}:{line}: malformed JSON: {why}")
