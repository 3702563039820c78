"""Turns raw input (command-line values, file records) into validated values, or refuses it
in one line; and the one canonical form of what an event says, from which its content id and
its digest are made."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from timeline.domain.dates import PartialDate
from timeline.domain.values import ACTOR_KINDS, ActorData, EventData, Source, is_web_url
from timeline.domain.vocabulary import check_id, get_type, normalize_fields
from timeline.errors import InvalidValue, NotFound, suggest

EVENT_KEYS = (
    "id", "type", "actor", "target", "on", "announced", "fields", "sources", "note",
    "recorded_at", "status",
)
ACTOR_KEYS = ("id", "name", "kind")
SOURCE_KEYS = ("url", "title", "publisher", "published")


def validate_actor(raw: Mapping[str, object]) -> ActorData:
    _no_unknown_keys(raw, ACTOR_KEYS, "actor")
    actor_id = check_id(raw.get("id"), "actor id")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise InvalidValue(f"actor {actor_id!r} needs a name")
    kind = raw.get("kind") or "other"
    if kind not in ACTOR_KINDS:
        raise InvalidValue(
            f"invalid actor kind {kind!r} for {actor_id!r}: use one of {', '.join(ACTOR_KINDS)}"
        )
    return ActorData(actor_id, name.strip(), str(kind))


def validate_event(raw: Mapping[str, object], actors: Collection[str] | None) -> EventData:
    """A validated event; its id is made from its content when none is given.

    With ``actors`` None, the actors are not looked up (the caller checks them).
    """
    _no_unknown_keys(raw, EVENT_KEYS, "event")
    type_name = raw.get("type")
    if not isinstance(type_name, str) or not type_name:
        raise InvalidValue("event needs a 'type'")
    etype = get_type(type_name)
    actor = _known_actor(raw.get("actor"), "actor", actors)
    target_raw = raw.get("target")
    target = None if target_raw in (None, "") else _known_actor(target_raw, "target", actors)
    if target is None and etype.needs_target:
        raise InvalidValue(f"event of type {type_name!r} needs a 'target' actor")
    if target == actor:
        raise InvalidValue(f"actor and target are both {actor!r}: a relationship needs two actors")
    if raw.get("on") in (None, ""):
        raise InvalidValue("event needs an 'on' date (YYYY, YYYY-MM or YYYY-MM-DD)")
    on = PartialDate.parse(raw.get("on"), what="'on' date")
    announced = None
    if raw.get("announced") not in (None, ""):
        announced = PartialDate.parse(raw.get("announced"), what="'announced' date")
        if announced.start > on.start:
            raise InvalidValue(
                f"'announced' date {str(announced)!r} is after the 'on' date {str(on)!r}"
            )
    fields_raw = raw.get("fields") or {}
    if not isinstance(fields_raw, Mapping):
        raise InvalidValue(f"'fields' must be a mapping, got {fields_raw!r}")
    fields = normalize_fields(etype, fields_raw)
    sources = _sources(raw.get("sources"))
    note = raw.get("note")
    if note is not None and not isinstance(note, str):
        raise InvalidValue(f"'note' must be text, got {note!r}")
    event = EventData(
        id="",
        type=type_name,
        actor=actor,
        target=target,
        on=str(on),
        announced=str(announced) if announced else None,
        fields=fields,
        sources=sources,
        note=note or None,
    )
    event_id = raw.get("id")
    if event_id in (None, ""):
        return _with_id(event, content_id(event))
    return _with_id(event, check_id(event_id, "event id"))


def canonical(content: Mapping[str, Any]) -> str:
    """What an event says as text: equal content, equal text, whatever the key order.

    The store keeps it, re-imports compare by it, and ids are made from it: there is no
    other serialisation of content to drift from this one.
    """
    return json.dumps(content, sort_keys=True)


def content_id(event: EventData) -> str:
    """A stable id made from what an event says, so re-importing it finds the same event."""
    digest = hashlib.sha256(canonical(event.content()).encode()).hexdigest()
    return f"{event.type.replace('_', '-')}-{event.on}-{digest[:8]}"


def digest(event: EventData) -> bytes:
    """A short fingerprint of an event's content, for telling repeats in one import apart."""
    return hashlib.blake2b(canonical(event.content()).encode(), digest_size=12).digest()


def _with_id(event: EventData, event_id: str) -> EventData:
    return EventData.from_content(event_id, event.content())


def _known_actor(value: object, role: str, actors: Collection[str] | None) -> str:
    if value in (None, ""):
        raise InvalidValue(f"event needs an '{role}'")
    actor_id = check_id(value, f"{role} id")
    if actors is not None and actor_id not in actors:
        hint = suggest(actor_id, actors)
        raise NotFound(
            f"unknown {role} {actor_id!r}{hint}; add it with 'timeline actor add {actor_id} "
            "--name ...' or in the file's 'actors'"
        )
    return actor_id


def _sources(raw: object) -> list[Source]:
    if raw in (None, ""):
        return []
    items = [raw] if isinstance(raw, str | Mapping) else raw
    if not isinstance(items, list):
        raise InvalidValue(f"'sources' must be a list, got {raw!r}")
    out: list[Source] = []
    for item in items:
        if isinstance(item, str):
            if not item.strip():
                raise InvalidValue("a source is empty")
            out.append(item.strip())
        elif isinstance(item, Mapping):
            _no_unknown_keys(item, SOURCE_KEYS, "source")
            source = {k: _text(item[k]) for k in SOURCE_KEYS if item.get(k) not in (None, "")}
            if "url" not in source and "title" not in source:
                raise InvalidValue(f"a source needs a 'url' or a 'title': {dict(item)!r}")
            if "url" in source and not is_web_url(source["url"]):
                raise InvalidValue(
                    f"a source's url must start with http:// or https://, got {source['url']!r}"
                )
            out.append(source)
        else:
            raise InvalidValue(f"a source must be text or a mapping, got {item!r}")
    return out


def _text(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return value
    raise InvalidValue(f"a source's url, title, publisher and published must be text, "
                       f"got {value!r}")


def _no_unknown_keys(raw: Mapping[str, Any], allowed: tuple[str, ...], what: str) -> None:
    if not isinstance(raw, Mapping):
        raise InvalidValue(f"{what} must be a mapping, got {raw!r}")
    for key in raw:
        if key not in allowed:
            raise InvalidValue(f"unknown {what} key {key!r}{suggest(str(key), allowed)}")


def corrected(
    event_id: str, content: Mapping[str, Any], *, on: str | None, announced: str | None,
    actor: str | None, target: str | None, fields: Mapping[str, str], sources: Sequence[str],
) -> dict[str, Any]:
    """The raw record of a corrected event, to validate: what is given replaces what was
    said, ``fields`` are merged (an empty value removes one) and ``sources`` are added."""
    raw: dict[str, Any] = {"id": event_id, **content}
    for key, value in (("on", on), ("announced", announced), ("actor", actor),
                       ("target", target)):
        if value is not None:
            raw[key] = value
    merged: dict[str, Any] = dict(raw.get("fields") or {})
    for key, value in fields.items():
        if value == "":
            merged.pop(key, None)
        else:
            merged[key] = value
    raw["fields"] = merged
    cited = list(raw.get("sources") or [])
    known = {c if isinstance(c, str) else c.get("url") for c in cited}
    raw["sources"] = cited + [s for s in dict.fromkeys(sources) if s not in known]
    return raw
