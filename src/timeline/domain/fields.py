"""An event's fields checked against its type (``vocabulary``): each present, known, and of
its kind, ids unprefixed; a party one of the event's own actors."""

from __future__ import annotations

import re
from collections.abc import Mapping

from timeline.domain.vocabulary import (
    LEVELS,
    MAX_COUNT,
    POST_KINDS,
    EventType,
    Field,
    Value,
    check_id,
    check_text,
)
from timeline.errors import InvalidValue, shown


def normalize_fields(etype: EventType, raw: Mapping[str, object]) -> dict[str, Value]:
    """Validated fields of an event, in the type's field order, with ids unprefixed."""
    for name in raw:
        if etype.field(name) is None:
            allowed = ", ".join(f.name for f in etype.fields) or "none"
            raise InvalidValue(
                f"unknown field {name!r} for type {etype.name!r} (fields: {allowed})"
            )
    out: dict[str, Value] = {}
    for spec in etype.fields:
        if spec.name not in raw or raw[spec.name] is None or raw[spec.name] == "":
            if spec.required:
                raise InvalidValue(f"missing field {spec.name!r} for type {etype.name!r}")
            continue
        out[spec.name] = _field_value(spec, raw[spec.name], etype.name)
    return out


def _field_value(spec: Field, value: object, type_name: str) -> Value:
    where = f"field {spec.name!r} of {type_name!r}"
    if spec.kind in ("count", "cap"):
        minimum = 1 if spec.kind == "count" else 0
        number = _as_int(value, where, minimum)
        if not minimum <= number <= MAX_COUNT:
            raise InvalidValue(f"{where} must be an integer from {minimum} to {MAX_COUNT:,}, "
                               f"got {shown(value)}")
        return number
    text = check_text(value, where)
    if spec.kind == "party":
        return check_id(text, where)
    if spec.kind == "id":
        prefix = f"{spec.name}:"
        bare = text[len(prefix):] if text.startswith(prefix) else text
        return check_id(bare, where)
    allowed = {"post_kind": POST_KINDS, "level": LEVELS}.get(spec.kind)
    if allowed is not None and text not in allowed:
        raise InvalidValue(f"{where} must be one of {', '.join(allowed)}, got {shown(value)}")
    return text


def _as_int(value: object, where: str, minimum: int) -> int:
    if isinstance(value, bool):
        raise InvalidValue(f"{where} must be an integer, got {shown(value)}")
    if isinstance(value, int):
        return value
    # At most 9 digits: int() of thousands of digits is slow, then refused by Python itself.
    if isinstance(value, str) and re.fullmatch(r"[+-]?[0-9]{1,9}", value.strip()):
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"[+-]?[0-9]+", value.strip()):
        raise InvalidValue(f"{where} must be an integer from {minimum} to {MAX_COUNT:,}, "
                           f"got {shown(value)}")
    raise InvalidValue(f"{where} must be an integer, got {shown(value)}")


def check_parties(etype: EventType, fields: Mapping[str, Value], actor: str,
                  target: str | None) -> None:
    """A field naming a party (a meeting's host) names one of the event's own actors."""
    pair = [actor] if target is None else [actor, target]
    for spec in etype.fields:
        if spec.kind == "party" and spec.name in fields and fields[spec.name] not in pair:
            raise InvalidValue(f"field {spec.name!r} of {etype.name!r} must be one of the "
                               f"event's actors ({' or '.join(pair)}), got "
                               f"{shown(fields[spec.name])}")
