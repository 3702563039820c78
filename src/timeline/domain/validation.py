"""Turns raw input (command-line values, file records) into validated values, or refuses it
in one line; and the one canonical form of what an event says, from which its content id and
its digest are made."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from timeline.domain.dates import (
    FIRST_YEAR,
    LAST_YEAR,
    NEVER,
    OBSERVED,
    PartialDate,
    in_our_years,
    parse_record_time,
)
from timeline.domain.fields import check_parties, normalize_fields
from timeline.domain.names import MAX_AUTHOR, MAX_NAME, alias_key
from timeline.domain.origins import check_decision
from timeline.domain.sources import is_web_url
from timeline.domain.values import (
    ACTOR_KINDS,
    GROUP_KINDS,
    ActorData,
    EventData,
    Source,
    canonical,
    check_pair,
)
from timeline.domain.vocabulary import MAX_ABOUT, check_id, check_text, get_type, is_id
from timeline.errors import InvalidValue, NotFound, shown, suggest

EVENT_KEYS = (
    "id", "type", "actor", "target", "on", "announced", "fields", "sources", "note",
    "recorded_at", "status", "about", "via",
)
ACTOR_KEYS = ("id", "name", "kind", "exists_from")
SOURCE_KEYS = ("url", "title", "publisher", "published")
MAX_ALIAS = 100  # an alias, as written
MAX_ALIAS_KEY = 200  # and folded (ß folds to ss): tl_aliases.key holds 256
MAX_NOTE = 5_000
MAX_SOURCE = 2_000  # a citation, or each part of one
MAX_SOURCES = 50
# The whole event as stored (canonical JSON, non-ASCII escaped): what fits a CSV cell and a
# JSON Lines line of our export with room to spare, so every export imports back.
MAX_EVENT = 100_000
# What an exported record may say of its own status: an import records it anew, so only
# what recording produces; a retraction is a command of its own.
IMPORTABLE_STATUS = ("recorded", "corrected")


def validate_actor(raw: Mapping[str, object]) -> ActorData:
    _no_unknown_keys(raw, ACTOR_KEYS, "actor")
    actor_id = check_id(raw.get("id"), "actor id")
    name = raw.get("name")
    if name is not None and not isinstance(name, str):
        raise InvalidValue(f"the name of actor {actor_id!r} must be text, got {shown(name)}")
    if not name or not name.strip():
        raise InvalidValue(f"actor {actor_id!r} needs a name")
    check_text(name, f"the name of actor {actor_id!r}", MAX_NAME)
    kind = raw.get("kind") or "other"
    if kind not in ACTOR_KINDS:
        raise InvalidValue(f"invalid actor kind {shown(kind)} for {actor_id!r}: use one of "
                           f"{', '.join(ACTOR_KINDS)}")
    exists_from = raw.get("exists_from")
    if exists_from not in (None, ""):
        exists_from = str(PartialDate.parse_period(
            exists_from, what=f"first day of actor {actor_id!r} (exists_from)"))
    return ActorData(actor_id, name.strip(), str(kind), exists_from or None)


def validate_alias(alias: object, actor_id: object) -> str:
    """An alias as stored: one line of text naming it (space around and inside tidied), with
    a letter or a digit and nothing invisible (no two aliases may look alike and differ),
    short enough that its key fits every store; and the actor it names (None: none any
    more)."""
    check_text(alias, "an alias", MAX_ALIAS)
    tidy = " ".join(str(alias).split())
    if not any(unicodedata.category(c)[0] in "LN" for c in tidy):
        raise InvalidValue(f"an alias needs a letter or a digit, got {shown(alias)}")
    hidden = next((c for c in tidy if unicodedata.category(c) in ("Cc", "Cf")), None)
    if hidden is not None:
        raise InvalidValue(f"an alias may not hold the invisible character "
                           f"U+{ord(hidden):04X}: {shown(alias)}")
    if len(alias_key(tidy)) > MAX_ALIAS_KEY:
        raise InvalidValue(f"an alias is too long once its case is folded: {shown(alias)}")
    if actor_id is not None:
        check_id(actor_id, "actor id")
    return tidy


def validate_author(name: object) -> str:
    """The name of who records an event (``by``) as stored: one line of text (space around
    and inside tidied), with a letter or a digit and nothing invisible or unprintable, at
    most MAX_AUTHOR characters: history and log show it as it is."""
    what = "who records it ('by')"
    check_text(name, what, MAX_AUTHOR)
    tidy = " ".join(str(name).split())
    if not any(unicodedata.category(c)[0] in "LN" for c in tidy):
        raise InvalidValue(f"{what} needs a letter or a digit, got {shown(name)}")
    if not tidy.isprintable():
        hidden = next(c for c in tidy if not c.isprintable())
        raise InvalidValue(f"{what} may not hold the unprintable character "
                           f"U+{ord(hidden):04X}: {shown(name)}")
    return tidy


def validate_event(raw: Mapping[str, object], actors: Collection[str] | None,
                   decided: bool = True) -> EventData:
    """A validated event; its id is made from its content when none is given.

    With ``actors`` None, the actors are not looked up (the caller checks them). With
    ``decided`` False, a decision on a lead is not checked against its lead (a log
    restored as it was may hold one an earlier version let in: ``check`` lists it).
    """
    if isinstance(raw, Mapping) and "recorded_by" in raw:
        # Refused as any key we do not take, in words that say why: a file cannot say who
        # recorded its events (our exports never write it); whoever imports them does.
        raise InvalidValue("an event's 'recorded_by' is not imported: who records an event "
                           "is whoever imports or adds it")
    _no_unknown_keys(raw, EVENT_KEYS, "event")
    type_name = raw.get("type")
    if type_name in (None, ""):
        raise InvalidValue("event needs a 'type'")
    if not isinstance(type_name, str):
        raise InvalidValue(f"an event's 'type' must be text, got {shown(type_name)}")
    etype = get_type(type_name)
    actor = _known_actor(raw.get("actor"), "actor", actors)
    target_raw = raw.get("target")
    target = None if target_raw in (None, "") else _known_actor(target_raw, "target", actors)
    if target is None and etype.needs_target:
        if not etype.alone:
            raise InvalidValue(f"event of type {type_name!r} needs a 'target' actor")
        if isinstance(actors, Mapping):
            check_alone(type_name, actor, actors.get(actor))
    if target is not None:
        check_pair(actor, target)
    via = None if raw.get("via") in (None, "") else _known_actor(raw.get("via"), "via", actors)
    if via is not None and via in (actor, target):
        raise InvalidValue(f"'via' {via!r} is a party to the event, not a go-between")
    about = _about(raw.get("about"))
    if raw.get("on") in (None, ""):
        raise InvalidValue("event needs an 'on' date (YYYY, YYYY-MM, YYYY-MM-DD, or a span "
                           "D1/D2, ../D, D/..)")
    on = _in_range(PartialDate.parse(raw.get("on"), what="'on' date"), "'on' date")
    announced = None
    if raw.get("announced") not in (None, ""):
        announced = _in_range(PartialDate.parse_period(raw.get("announced"),
                                                       what="'announced' date"),
                              "'announced' date")
        # An open-ended span is never known to have happened: announced after its first
        # possible day, it would be announced after anything the date says.
        if announced.start > (on.sort_day if on.start == NEVER else on.start):
            raise InvalidValue(
                f"'announced' date {str(announced)!r} is after the 'on' date {str(on)!r}"
            )
    fields_raw = raw.get("fields") or {}
    if not isinstance(fields_raw, Mapping):
        raise InvalidValue(f"'fields' must be a mapping, got {shown(fields_raw)}")
    fields = normalize_fields(etype, fields_raw)
    check_parties(etype, fields, actor, target)
    sources = _sources(raw.get("sources"))
    note = None if raw.get("note") is None else check_text(raw.get("note"), "'note'", MAX_NOTE)
    _as_exported(raw)
    # Made once under the id it names where that is one (it is checked below, after the
    # size, as before): a copy under another id is a tenth of what validating costs.
    given = raw.get("id")
    named = not has_content_id(raw)
    event = EventData(
        id=given if named and is_id(given) else "",
        type=type_name,
        actor=actor,
        target=target,
        on=str(on),
        announced=str(announced) if announced else None,
        fields=fields,
        sources=sources,
        note=note or None,
        about=about,
        via=via,
    )
    size = len(event.text)
    if size > MAX_EVENT:
        raise InvalidValue(f"the event takes {size:,} characters as stored, more than "
                           f"{MAX_EVENT:,}: shorten its note or its sources")
    if not named:
        event = event.with_id(content_id(event))
    elif not event.id:
        check_id(given, "event id")  # refuses it
    if decided:
        check_decision(event.id, type_name, actor, target, event.on, fields)
    return event


def check_alone(type_name: str, actor: str, kind: str | None) -> None:
    """Only a group or an organisation acts with no target (its own facts): a state's
    channel or agreement is always with someone."""
    if kind is not None and kind not in GROUP_KINDS:
        raise InvalidValue(
            f"event of type {type_name!r} needs a 'target' actor: {actor!r} is a {kind}, and "
            f"only a {' or '.join(GROUP_KINDS)} does it alone (as its own)")


def _about(raw: object) -> tuple[str, ...]:
    """The third actors or topics an event is about: ids, in the order given, once each."""
    if raw in (None, "", []):
        return ()
    items = raw.split(",") if isinstance(raw, str) else raw
    if not isinstance(items, list | tuple):
        raise InvalidValue(f"'about' must be a list of ids, got {shown(raw)}")
    if len(items) > MAX_ABOUT:
        raise InvalidValue(f"'about' names more than {MAX_ABOUT} actors or topics "
                           f"({len(items)})")
    found = [check_id(item.strip() if isinstance(item, str) else item, "'about' id")
             for item in items]
    return tuple(dict.fromkeys(found))


def content_id(event: EventData, digits: int = 16) -> str:
    """A stable id made from what an event says, so re-importing it finds the same event.

    64 bits of the hash: 32 (``legacy_content_id``, the ids of earlier versions) made
    collisions likely among hundreds of thousands of events of one type on one day.
    """
    digest = hashlib.sha256(event.text.encode()).hexdigest()
    on = _ID_DATE.sub("", event.on.replace(OBSERVED, "by-").replace("/..", "-or-later")
                      .replace("/", "-to-"))  # an id holds no '/', '?' or '~'
    return f"{event.type.replace('_', '-')}-{on}-{digest[:digits]}"


_ID_DATE = re.compile(r"[^0-9A-Za-z-]")


def legacy_content_id(event: EventData) -> str:
    """The id an earlier version made from the same content, which stores still hold."""
    return content_id(event, digits=8)


# Fields a later version added to what an import writes of a record. A store may hold the
# record as an earlier version wrote it, without them: a re-import finds it there and
# changes nothing (the record keeps its earlier form).
ADDED_FIELDS: dict[tuple[str, str], tuple[str, ...]] = {
    # (type, dataset): the fields added
    ("coded_event", "gdelt"): ("is_root_event", "num_sources", "num_articles"),
}


def earlier_texts(event: EventData) -> list[str]:
    """The canonical texts earlier versions wrote for the record ``event`` is (besides its
    own): without the fields added since (``ADDED_FIELDS``)."""
    added = [name for name in ADDED_FIELDS.get((event.type, str(event.fields.get("dataset"))),
                                               ()) if name in event.fields]
    if not added:
        return []
    fields = {k: v for k, v in event.fields.items() if k not in added}
    return [canonical({**event.content(), "fields": fields})]


def has_content_id(raw: Mapping[str, object]) -> bool:
    """The record names no id, so its id is made from its content."""
    return raw.get("id") in (None, "")


def digest(event: EventData) -> bytes:
    """A short fingerprint of an event's content, for telling repeats in one import apart."""
    return hashlib.blake2b(event.text.encode(), digest_size=12).digest()


def _in_range(day: PartialDate, what: str) -> PartialDate:
    # Every end written: an open end ("..") has none, though its "never" is 9999-12-31.
    open_end = day.text.endswith("/..")
    ends = [d for d in (day.earliest, None if open_end else day.start) if d is not None]
    if not all(in_our_years(d.year) for d in ends):
        raise InvalidValue(f"{what} {str(day)!r} is outside the years {FIRST_YEAR} to "
                           f"{LAST_YEAR}")
    return day


def _as_exported(raw: Mapping[str, object]) -> None:
    """What an exported record says of its recording is checked, though an import records
    the event anew: a retracted event must not come back as a live one."""
    status = raw.get("status")
    if status not in (None, *IMPORTABLE_STATUS):
        raise InvalidValue(f"an event with status {shown(status)} cannot be imported (only "
                           f"{' or '.join(IMPORTABLE_STATUS)}); retract it after importing")
    recorded_at = raw.get("recorded_at")
    if recorded_at not in (None, ""):
        if not isinstance(recorded_at, str):
            raise InvalidValue(f"invalid recorded_at {shown(recorded_at)}: expected a timestamp")
        parse_record_time(recorded_at, what="recorded_at")


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
        raise InvalidValue(f"'sources' must be a list, got {shown(raw)}")
    if len(items) > MAX_SOURCES:
        raise InvalidValue(f"more than {MAX_SOURCES} sources ({len(items)})")
    out: list[Source] = []
    for item in items:
        if isinstance(item, str):
            if not item.strip():
                raise InvalidValue("a source is empty")
            out.append(check_text(item.strip(), "a source", MAX_SOURCE))
        elif isinstance(item, Mapping):
            _no_unknown_keys(item, SOURCE_KEYS, "source")
            source = {k: _text(item[k]) for k in SOURCE_KEYS if item.get(k) not in (None, "")}
            if "url" not in source and "title" not in source:
                raise InvalidValue(f"a source needs a 'url' or a 'title': {shown(dict(item))}")
            if "url" in source and not is_web_url(source["url"]):
                raise InvalidValue(f"a source's url must start with http:// or https://, got "
                                   f"{shown(source['url'])}")
            out.append(source)
        else:
            raise InvalidValue(f"a source must be text or a mapping, got {shown(item)}")
    return out


def _text(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return check_text(value, "a part of a source", MAX_SOURCE)
    raise InvalidValue(f"a source's url, title, publisher and published must be text, "
                       f"got {shown(value)}")


def _no_unknown_keys(raw: Mapping[str, Any], allowed: tuple[str, ...], what: str) -> None:
    if not isinstance(raw, Mapping):
        raise InvalidValue(f"{what} must be a mapping, got {shown(raw)}")
    for key in raw:
        if key not in allowed:
            raise InvalidValue(f"unknown {what} key {shown(key)}{suggest(str(key), allowed)}")


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
