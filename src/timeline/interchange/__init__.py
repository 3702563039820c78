"""Files in and out: our own formats and the field's (TimelineJS, PLOVER, ICEWS, GDELT,
POLECAT, the COW Diplomatic Exchange), one module a format, found here by name.

Readers yield ``(kind, record)`` items, the kinds as ``domain.records.RECORD_KINDS`` says
(a record that maps to none of our event types is a "skip" with its reason, so an import
counts and reports it instead of dropping it). Writers yield text, a piece at a time, so
an export streams.
"""

from __future__ import annotations

import importlib
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar, cast

from timeline.domain.records import Item
from timeline.domain.values import ActorData, EventData
from timeline.errors import InvalidValue

ActorMap = Mapping[str, str]
# read(path, actor_map, **options): options a format does not take are ignored by it.
Reader = Callable[..., Iterator[Item]]
T = TypeVar("T")
Writer = Callable[[Iterable[ActorData], Iterable[EventData]], Iterator[str]]
OUR_EXTENSIONS = (".yaml", ".yml", ".json", ".jsonl", ".csv")

# Format name -> (module, the extensions it reads in a folder, whether it takes an actor
# map). Modules load when used, so that naming the formats (in --help) costs nothing.
READERS: dict[str, tuple[str, tuple[str, ...], bool]] = {
    "auto": ("ours", OUR_EXTENSIONS, False),
    "timelinejs": ("timelinejs", (".json",), False),
    "plover": ("plover", (".jsonl", ".json"), True),
    "icews": ("icews", (".tsv", ".tab", ".txt", ".csv"), True),
    # GDELT files are tab-separated, whatever their name says (*.export.CSV, *.CSV).
    "gdelt": ("gdelt", (".tsv", ".txt", ".csv"), True),
    "polecat": ("polecat", (".tsv", ".tab", ".txt"), True),
    "cow-dipex": ("cow", (".csv",), True),
}
# Format name -> (module, writer function).
WRITERS: dict[str, tuple[str, str]] = {
    "jsonl": ("ours", "write_jsonl"),
    "csv": ("ours", "write_csv"),
    "timelinejs": ("timelinejs", "write"),
    "plover": ("plover", "write"),
}
IMPORT_FORMATS = tuple(READERS)
EXPORT_FORMATS = tuple(WRITERS)

__all__ = ["EXPORT_FORMATS", "IMPORT_FORMATS", "detect_format", "estimate_records",
           "expand_paths", "iter_records", "load_actor_map", "takes_actor_map", "write",
           "write_lines"]


def _module(name: str) -> Any:
    return importlib.import_module(f"timeline.interchange.{name}")


def load_actor_map(path: Path) -> dict[str, str]:
    """Names (as the source data spells them) to actor ids, from a YAML, JSON or CSV file."""
    loaded: dict[str, str] = _module("actormap").load_actor_map(path)
    return loaded


def takes_actor_map(fmt: str) -> bool:
    return READERS[fmt][2]


def expand_paths(paths: Iterable[str], fmt: str = "auto") -> list[Path]:
    """Files to import: each file given, and the format's files inside each folder given.

    Every file given counts, whatever its extension: without a format, ``detect_format``
    tells its format from its content.
    """
    files: list[Path] = []
    wanted = READERS[fmt][1]
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in wanted
                           and p.is_file())
            if not found:
                raise InvalidValue(f"{raw}: the folder holds no {', '.join(wanted)} file")
            files.extend(found)
        elif not path.exists():
            raise InvalidValue(f"{raw}: no such file or folder")
        elif not path.is_file():
            raise InvalidValue(f"{raw}: not a regular file")
        else:
            files.append(path)
    return files


def detect_format(files: Sequence[Path]) -> str:
    """The one format all the files are in, told from the start of each (``sniff``);
    refused in one line when a file's start does not tell, or the files differ."""
    sniff = _module("sniff")
    found: dict[str, Path] = {}
    for path in files:
        fmt = sniff.detect(path)
        if fmt is None:
            named = ", ".join(f for f in IMPORT_FORMATS if f != "auto")
            raise InvalidValue(
                f"{path}: cannot tell its format from its content; name it with --format "
                f"({named}), or give timeline's own files as {', '.join(OUR_EXTENSIONS)}")
        found.setdefault(fmt, path)
    if len(found) > 1:
        (first, a), (second, b) = list(found.items())[:2]
        raise InvalidValue(f"{a} is {_shown_format(first)} and {b} is {_shown_format(second)}: "
                           "import them one format at a time")
    return next(iter(found), "auto")


def _shown_format(fmt: str) -> str:
    return "timeline's own" if fmt == "auto" else fmt


def iter_records(paths: Sequence[Path], fmt: str = "auto",
                 actor_map: ActorMap | None = None, **options: Any) -> Iterator[Item]:
    """Every record of the files, in order. JSON Lines, CSV and the field's line formats
    are read a line at a time, so a file of any size streams. ``options`` are the
    format's own (``create_actors`` for the coded formats...)."""
    reader: Reader = _module(READERS[fmt][0]).read
    for path in paths:
        yield from reader(path, actor_map, **options)


def estimate_records(paths: Sequence[Path]) -> int:
    """About how many records the line-based files hold (0 when none is line-based)."""
    total = 0
    for path in paths:
        if path.suffix.lower() in (".jsonl", ".csv", ".tsv"):  # one record a line
            with path.open("rb") as handle:
                while chunk := handle.read(1 << 20):
                    total += chunk.count(b"\n")
    return total


def split_export(items: Iterator[ActorData | T]) -> tuple[list[ActorData], Iterator[T]]:
    """The actors leading an export's items (see ``Timeline.exported``), and its events
    still to be read."""
    actors: list[ActorData] = []
    for item in items:
        if isinstance(item, ActorData):
            actors.append(item)
            continue
        return actors, itertools.chain([item], cast(Iterator[T], items))
    return actors, iter(())


def write_lines(actors: Iterable[ActorData], lines: Iterable[str]) -> Iterator[str]:
    """The export in our JSON Lines, its events given as their lines already
    (``Listings.exported_lines``)."""
    return cast(Iterator[str], _module("ours").jsonl_of(actors, lines))


def write(fmt: str, actors: Iterable[ActorData], events: Iterable[EventData]) -> Iterator[str]:
    """The export in a format, a piece of text at a time."""
    module, function = WRITERS[fmt]
    writer: Writer = getattr(_module(module), function)
    return writer(actors, events)
