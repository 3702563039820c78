"""Answers as JSON, written one way.

Every answer the library gives (and every value inside one) is a frozen dataclass deriving
``Jsonable``. Its JSON is an object with a key for each field, in field order, named as
the field (a trailing ``_`` dropped: ``from_`` is "from"), each value written by
``written``: an answer inside it as its own JSON, a record time as ISO UTC ("...Z"),
a tuple or any other sequence as a list, a mapping as an object.

One rule for ``known_at``, in every answer: it is written exactly when the question asked
for it (``--known-at``), and left out otherwise, never written as null. A field declared
with ``ASKED`` follows the same rule (the actor ``changes --actor`` asked about).

Where an answer's JSON departs from its fields, the field says so in its metadata: a
key of its own (``named``), a way of writing it (``written_by``), or a condition for
writing it at all (``only_if``).
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from abc import abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import Field, fields
from typing import Any, ClassVar, TypeVar

from timeline.domain.dates import format_time

KNOWN_AT = "known_at"
_ASKED, _KEY, _WRITE, _ONLY_IF = "json_asked", "json_key", "json_write", "json_only_if"
_PLAIN = (str, int, float, bool, type(None))
_SEQUENCES = (list, tuple)
T = TypeVar("T")

# Field metadata: written exactly when the question asked for it (not None), as known_at.
ASKED: Mapping[str, Any] = {_ASKED: True}


def named(key: str) -> dict[str, Any]:
    """Field metadata: the field is written under ``key``."""
    return {_KEY: key}


def written_by(write: Callable[[Any], Any]) -> dict[str, Any]:
    """Field metadata: the field's value is written by ``write`` instead of ``written``."""
    return {_WRITE: write}


def only_if(holds: Callable[[Any], bool]) -> dict[str, Any]:
    """Field metadata: the field is written only when ``holds(answer)``."""
    return {_ONLY_IF: holds}


class Written(dict[str, Any]):
    """An object already as JSON holds it (an event read as text, see
    storage.states.event_answer): ``written`` gives it as it is."""

    __slots__ = ()


class Listing(Sequence[T]):
    """A sequence of answers that writes itself (``written``): it may hold their rows,
    each made into an answer only when looked at."""

    @abstractmethod
    def written(self) -> list[Any]: ...


def written(value: Any) -> Any:
    """A value as JSON holds it (see the module's rules)."""
    if isinstance(value, _PLAIN) or type(value) is Written:
        return value
    if isinstance(value, Jsonable):
        return value.to_json()
    if isinstance(value, dt.datetime):
        return format_time(value)
    # A dict, list or tuple (what answers are made of) known before the abstract classes'
    # slower checks.
    if type(value) is dict or isinstance(value, Mapping):
        return {key: written(item) for key, item in value.items()}
    if isinstance(value, Listing):
        return value.written()
    if type(value) in _SEQUENCES or (isinstance(value, Sequence)
                                     and not isinstance(value, bytes)):
        return [written(item) for item in value]
    raise TypeError(f"no JSON form for {type(value).__name__}")


def json_text(value: Any) -> str:
    """An answer as every command prints it: ``json.dumps(written(value), indent=2,
    ensure_ascii=False)``, written by orjson, which writes that very text ten times as
    fast for what answers hold (text, integers, booleans, null, lists, objects with text
    keys; no floats, which orjson writes otherwise (1e-07, NaN): counts are integers, days
    and times text). What orjson refuses (a lone surrogate, an integer past 64 bits, a key
    that is not text) json writes."""
    import orjson

    data = written(value)
    try:
        return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode()
    except orjson.JSONEncodeError:
        return json.dumps(data, indent=2, ensure_ascii=False)


LIST_BATCH = 1000  # items of a listing written at once: one call, and bounded memory


def json_list(items: Iterable[Any]) -> Iterator[str]:
    """``json_text`` of the list of ``items``, a piece at a time, as they are read: a
    listing of any length is written in flat memory, and reads as the whole list would.
    Each piece is the text of up to ``LIST_BATCH`` items, written as a list at once and
    its brackets taken off (a list's items are indented as the whole list's are)."""
    found = iter(items)
    # The first item is read before anything is written: a question the reading refuses
    # (an unknown actor) is refused whole, not after an opening bracket.
    first = next(found, _NONE)
    if first is _NONE:
        yield "[]\n"
        return
    batch = [first, *itertools.islice(found, LIST_BATCH - 1)]
    opening = "[\n"
    while batch:
        yield opening + _items_text(batch)
        opening = ",\n"
        batch = list(itertools.islice(found, LIST_BATCH))
    yield "\n]\n"


def _items_text(items: list[Any]) -> str:
    """The items as a list's ``json_text`` holds them, without its brackets. An item orjson
    refuses is written by json alone (as ``json_text`` of it would be), not its neighbours:
    each item's text is what it would be listed alone."""
    import orjson

    # A listing's events are most often ``Written``, which ``written`` gives back as they
    # are: not called for each of them.
    data = [item if type(item) is Written else written(item) for item in items]
    try:
        return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode()[2:-2]
    except orjson.JSONEncodeError:
        return ",\n".join("  " + json_text(item).replace("\n", "\n  ") for item in data)


_NONE = object()  # no first item


def is_asked(item: Field[Any]) -> bool:
    """The field is written only when the question asked for it (``known_at`` always is)."""
    return item.name == KNOWN_AT or bool(item.metadata.get(_ASKED))


class Jsonable:
    """An answer (or a value in one) whose JSON follows the module's rules."""

    __dataclass_fields__: ClassVar[dict[str, Field[Any]]]

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for name, key, write, holds, asked in _json_plan(type(self)):
            value = getattr(self, name)
            if value is None and asked:
                continue
            if holds is not None and not holds(self):
                continue
            data[key] = write(value)
        return data


# Each field of a class as ``to_json`` writes it: its name, its key, how its value is written,
# the condition for writing it, and whether it is written only when asked for.
_Plan = tuple[tuple[str, str, Callable[[Any], Any], Callable[[Any], bool] | None, bool], ...]
_PLANS: dict[type[Any], _Plan] = {}  # one a class: thousands of answers read it once


def _json_plan(cls: type[Any]) -> _Plan:
    plan = _PLANS.get(cls)
    if plan is None:
        plan = _PLANS[cls] = tuple(
            (item.name, item.metadata.get(_KEY) or item.name.rstrip("_"),
             item.metadata.get(_WRITE, written), item.metadata.get(_ONLY_IF), is_asked(item))
            for item in fields(cls))
    return plan
