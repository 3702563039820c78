"""A request's question: its query parameters read by the library's own parsers, the
way the command line reads its flags (``as_of`` as ``--as-of``...), so that a bad date is
refused in the same words, and a parameter nobody takes is refused rather than ignored.
A parameter given blank (``from=``) is one not given: that is what a form sends for a field
left empty, and an API call reads the same."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from starlette.datastructures import QueryParams

from timeline.domain.dates import parse_query_date, parse_query_end, parse_record_time
from timeline.domain.vocabulary import check_kinds, check_types
from timeline.errors import InvalidValue, shown, suggest

MAX_LIMIT = 10_000  # events a page of the log holds at most


class Asked:
    """The query parameters of one request, checked as they are read."""

    def __init__(self, params: QueryParams, takes: Collection[str]) -> None:
        for name in params:
            if name not in takes:
                raise InvalidValue(f"unknown parameter {shown(name)}"
                                   f"{suggest(name, takes)}; this takes "
                                   f"{', '.join(sorted(takes)) or 'none'}")
        self.params = params

    def text(self, name: str) -> str | None:
        """The parameter's value; ``None`` if it is not given, or given blank."""
        values = self.params.getlist(name)
        if len(values) > 1:
            raise InvalidValue(f"give {name} once, got {len(values)}")
        return values[0] if values and values[0] else None

    def texts(self, name: str, limit: int = 20) -> tuple[str, ...]:
        """The parameter's values given, blank ones left out."""
        values = [value for value in self.params.getlist(name) if value]
        if len(values) > limit:
            raise InvalidValue(f"give {name} at most {limit} times")
        return tuple(values)

    def day(self, name: str, default: str | None = None) -> dt.date:
        """A day a period starts on (a year or month: its first day), or ``today``."""
        value = self._needed(name, default)
        return parse_query_date(value, what=name)

    def end(self, name: str) -> dt.date:
        """A day a period ends on (a year or month: its last day)."""
        return parse_query_end(self._needed(name, None), what=name)

    def optional_day(self, name: str, end: bool = False) -> dt.date | None:
        value = self.text(name)
        if not value:
            return None
        return (parse_query_end if end else parse_query_date)(value, what=name)

    def known_at(self) -> dt.datetime | None:
        value = self.text("known_at")
        return parse_record_time(value, what="known_at") if value else None

    def kinds(self) -> tuple[str, ...]:
        found = self.texts("kind")
        check_kinds(found)
        return found

    def types(self) -> tuple[str, ...]:
        found = self.texts("type")
        check_types(found)
        return found

    def flag(self, name: str) -> bool:
        value = self.text(name)
        if value in (None, "", "0", "false", "no"):
            return False
        if value in ("1", "true", "yes", "on"):
            return True
        raise InvalidValue(f"{name} takes true or false, got {shown(value)}")

    def count(self, name: str, default: int, most: int) -> int:
        value = self.text(name)
        if value is None or value == "":
            return default
        if not value.isdigit() or int(value) > most:
            raise InvalidValue(f"{name} takes a whole number from 0 to {most}, got "
                               f"{shown(value)}")
        return int(value)

    def _needed(self, name: str, default: str | None) -> str:
        value = self.text(name)
        if value is None or value == "":
            if default is None:
                raise InvalidValue(f"give {name}=DATE")
            return default
        return value


def object_body(data: Any, what: str = "the request's body") -> dict[str, Any]:
    if not isinstance(data, dict):
        raise InvalidValue(f"{what} must be a JSON object, got {type(data).__name__}")
    return data


def field_text(data: dict[str, Any], key: str, required: bool = False) -> str | None:
    value = data.get(key)
    if value is None or value == "":
        if required:
            raise InvalidValue(f"give {key!r}")
        return None
    if not isinstance(value, str):
        raise InvalidValue(f"{key!r} must be text, got {shown(value)}")
    return value


def field_texts(data: dict[str, Any], key: str) -> list[str]:
    value = data.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidValue(f"{key!r} must be a list of texts, got {shown(value)}")
    return value


def field_map(data: dict[str, Any], key: str) -> dict[str, str]:
    value = data.get(key) or {}
    if not isinstance(value, dict) or not all(isinstance(v, str | int) for v in value.values()):
        raise InvalidValue(f"{key!r} must be an object of texts, got {shown(value)}")
    return {str(k): str(v) for k, v in value.items()}


def only_keys(data: dict[str, Any], keys: Collection[str], what: str) -> None:
    for key in data:
        if key not in keys:
            raise InvalidValue(f"unknown key {shown(key)} in {what}{suggest(key, keys)}; "
                               f"it takes {', '.join(sorted(keys))}")
