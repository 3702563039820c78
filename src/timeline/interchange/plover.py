"""PLOVER: export as JSON Lines (each record carries our event, so it imports back), and
import of coded records from elsewhere, as the PLOVER manual (openeventdata/PLOVER) lays
them out: ``id``, ``date`` (YYYY-MM-DD), ``source`` and ``recipient`` (or ``target``) as
lists of actor objects ``{actorText, code, sector}`` or names, ``event``, ``mode`` and
``context`` as one value or a list. A file may hold JSON Lines, objects one after another
(pretty-printed), or one JSON array; each is read a value at a time.

Each record whose sides resolve is kept as evidence (a ``coded_event``) and changes no fact
(see ``interchange.coded`` for why). A side
speaks for a state when its code is the state's (ISO alpha-3) with no sector, and its text,
if it has one, names the state ("United States", not "Tokyo" or "Hungarian"); for an
organisation (code IGO, or none) when its text names it with no sector; a text the user's
actor map names speaks for its actor. Compound actors (the manual's lists) become one
record a pair: each source with each recipient, or, with no recipient (the manual's
reciprocal events: "all participants are coded as source actors"), each pair of sources.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from timeline.domain.codes import CODES
from timeline.domain.dates import in_our_years
from timeline.domain.records import Item, Record
from timeline.domain.sources import source_text
from timeline.domain.validation import MAX_SOURCE
from timeline.domain.values import ActorData, EventData
from timeline.interchange.coded import (
    Resolver,
    Side,
    clean,
    evidence,
    id_part,
    value,
)
from timeline.interchange.files import json_values, skip
from timeline.interchange.timelinejs import ours

NON_STATE = frozenset({"IGO", "NGO", "ISM", "IMG", "MNC"})  # the manual's non-state codes
MAX_PAIRS = 50  # pairs of actors one record may expand to
ActorSpec = tuple[str, str, str]  # text, code, sector


def write(actors: Iterable[ActorData], events: Iterable[EventData]) -> Iterator[str]:
    """PLOVER records, each carrying our event and, the first time one is named, its
    actors as we hold them (``timeline_actors``), so the file imports into a new store."""
    known = {actor.id: actor for actor in actors}
    written: set[str] = set()
    for event in events:
        record = plover_record(event)
        named = [known[a] for a in dict.fromkeys((event.actor, event.target, event.via))
                 if a is not None and a in known and a not in written]
        written.update(a.id for a in named)
        if named:
            record["timeline_actors"] = [a.to_json() for a in named]
        yield json.dumps(record, ensure_ascii=False) + "\n"


def to_plover(events: Iterable[EventData]) -> Iterator[dict[str, Any]]:
    return map(plover_record, events)


def plover_record(event: EventData) -> dict[str, Any]:
    """One event as a PLOVER record, with our own event under ``timeline``."""
    cameo, (plover_type, mode) = CODES[event.type]
    return {
        "id": event.id,
        "date": event.on,
        "event_type": plover_type,
        "mode": mode,
        "context": "diplomatic",
        "actor": event.actor,
        "recipient": event.target,
        "cameo": cameo,
        "cite_info": "; ".join(source_text(s) for s in event.sources),
        "text": event.note or "",
        "timeline": ours(event),
    }


def read(path: Path, actor_map: Mapping[str, str] | None, create_actors: bool = False,
         **_: object) -> Iterator[Item]:
    resolver = Resolver(actor_map, create_actors)
    for where, item in json_values(path):
        yield from _record(where, item, resolver)


def _record(where: str, item: object, resolver: Resolver) -> Iterator[Item]:
    if not isinstance(item, dict):
        yield skip(where, "not a PLOVER record (a JSON object)", f"a JSON {_kind(item)}")
        return
    if isinstance(item.get("timeline"), dict):  # our own export: the event itself
        actors = item.get("timeline_actors")
        for actor in actors if isinstance(actors, list) else []:
            yield "actor", Record(where, actor if isinstance(actor, dict) else {"id": actor})
        yield "event", Record(where, dict(item["timeline"]))
        return
    events = [e.upper() for e in words(item.get("event", item.get("event_type")))]
    raw_id = item.get("id")
    own_id = clean(raw_id if isinstance(raw_id, str) else _shown(raw_id) if raw_id else "", 500)
    label = own_id[:80]  # the record, as skip reasons name it
    if "DOCUMENT" in events:
        yield skip(where, "a DOCUMENT record (documentation of the file, not an event)", label)
        return
    if not events:
        if "label" in item and "text" in item:  # Prodigy (plovigy) annotation tasks
            yield skip(where, "a Prodigy annotation task (a label and a text; no date, no "
                       "actors)", _shown(item["label"]))
        else:
            yield skip(where, "no event type", label)
        return
    day = day_of(item.get("date"))
    if day is None:
        yield skip(where, "no date (YYYY-MM-DD)", _shown(item.get("date")))
        return
    sources = _actors(item.get("source", item.get("actor")))
    targets = _actors(item.get("recipient", item.get("target")))
    if sources is None or targets is None:
        bad = item.get("source", item.get("actor")) if sources is None else item.get(
            "recipient", item.get("target"))
        yield skip(where, "an actor that is not a name, an actor object or a list of them",
                   _shown(bad))
        return
    if not sources:
        yield skip(where, "no source actor", f"{label or '?'} (event {'+'.join(events)})")
        return
    modes = words(item.get("mode"))
    coded = Coded("plover", id_part(own_id or json.dumps(item, sort_keys=True, ensure_ascii=False)),
                  clean("+".join(events) + ("/" + "+".join(modes) if modes else ""), 200), day,
                  clean(_text(item.get("text")), 4000), _citation(item, own_id), events,
                  words(item.get("context")))
    crowded = too_many_pairs(where, len(sources), len(targets))
    if crowded is not None:  # bounded before a side is resolved or a pair is made
        yield crowded
        return
    yield from dyads(where, coded, resolver, [_side(resolver, *a) for a in sources],
                     [_side(resolver, *a) for a in targets])


@dataclass(frozen=True)
class Coded:
    """What a PLOVER-coded record (PLOVER, POLECAT) says, whoever its actors are."""

    dataset: str
    record_id: str
    code: str  # event type(s) and mode(s): "CONSULT/visit"
    day: str
    text: str
    cited: list[str]
    events: list[str]
    contexts: list[str]


def dyads(where: str, coded: Coded, resolver: Resolver, sources: list[Side],
          targets: list[Side]) -> Iterator[Item]:
    """The record's evidence for each pair of its sides that resolve."""
    crowded = too_many_pairs(where, len(sources), len(targets))
    if crowded is not None:
        yield crowded
        return
    met = pairs(len(sources), len(targets))
    if not met:
        yield skip(where, "one-sided: one source and no recipient", sources[0].written)
        return
    sides = sources + targets
    for i, j in met:
        source, target = sides[i], sides[j]
        unknown = next((s for s in (source, target) if s.actor is None), None)
        if unknown is not None:
            yield skip(where, "an actor no map knows (add it with --actor-map)",
                       unknown.written or "(no name)")
            continue
        assert source.actor is not None and target.actor is not None
        if source.actor.id == target.actor.id:
            yield skip(where, "domestic: both sides filed under one actor", source.actor.name)
            continue
        # A compound record's pairs keep its id, each with its place in the lists.
        rid = coded.record_id if len(met) == 1 else f"{coded.record_id}-{i + 1}-{j + 1}"
        yield from resolver.actors(source, target)
        yield "event", Record(where, evidence(coded.dataset, rid, coded.code, coded.day,
                                              source, target, coded.text, coded.cited))


def too_many_pairs(where: str, sources: int, targets: int) -> Item | None:
    """The skip of a record whose sides would meet in more than ``MAX_PAIRS`` pairs, told
    from their counts alone (a record of 10,000 names a side made 100 million pairs)."""
    count = sources * targets if targets else sources * (sources - 1) // 2
    if count > MAX_PAIRS:
        return skip(where, f"more than {MAX_PAIRS} pairs of actors", f"{count} pairs")
    return None


def pairs(sources: int, targets: int) -> list[tuple[int, int]]:
    """Which sides meet, as indexes into sources + targets: each source with each target,
    or with no target each pair of sources (the manual's reciprocal events)."""
    if targets:
        return [(i, sources + j) for i in range(sources) for j in range(targets)]
    return [(i, j) for i in range(sources) for j in range(i + 1, sources)]


def _side(resolver: Resolver, text: str, code: str, sector: str) -> Side:
    written = _written((text, code, sector))
    if text and resolver.mapped_by_user(text):
        return Side(resolver.named(text), True, written)
    named = resolver.named(text) if text else None
    home = resolver.named(code) if code and code not in NON_STATE else None
    if home is not None:
        # The code files the side under its state; it is the state itself only when the
        # text (if any) names that state, not a city, a people or an official of it.
        return Side(home, not sector and (not text or named == home), written)
    if code in NON_STATE:  # an IGO, NGO...: the text must name an organisation
        if named is not None and named.kind == "organization":
            return Side(named, not sector, written)
        return Side(None, False, written)
    # No code (a name, as our exports write), or one no map knows ("JAP" in the gold
    # standard): the text alone says who it is.
    return Side(named, named is not None and not sector, written)


def _actors(raw: object) -> list[ActorSpec] | None:
    """A source or recipient as (text, code, sector) of each actor; None if unreadable."""
    if raw is None or raw == "" or raw == []:
        return []
    items = raw if isinstance(raw, list) else [raw]
    out: list[ActorSpec] = []
    for entry in items:
        if isinstance(entry, str):
            if entry.strip():
                out.append((clean(entry, 200), "", ""))
        elif isinstance(entry, dict):
            text = next((entry[k] for k in ("actorText", "actor_text", "text", "name")
                         if isinstance(entry.get(k), str) and entry[k].strip()), "")
            out.append((clean(text, 200), clean(_text(entry.get("code")), 40).upper(),
                        clean(_text(entry.get("sector")), 40)))
        else:
            return None
    return out


def words(raw: object) -> list[str]:
    """One value or a list of them (a text may list several, separated by commas or
    semicolons), as the manual allows for event, mode and context."""
    items = raw if isinstance(raw, list) else [raw]
    words: list[str] = []
    for entry in items:
        if isinstance(entry, str):
            words.extend(w for w in (clean(p, 60) for p in re.split(r"[,;]", entry)) if w)
    return words


def day_of(raw: object) -> str | None:
    """A day of the years a store holds, from YYYY-MM-DD (an ISO time after it is let go)."""
    text = raw.strip() if isinstance(raw, str) else ""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}([T ].*)?", text):
        return None
    try:
        day = dt.date.fromisoformat(text[:10])
    except ValueError:
        return None
    return day.isoformat() if in_our_years(day.year) else None


def _citation(item: dict[str, Any], own_id: str) -> list[str]:
    """Where the record comes from: its id, publication, coder and version, and its
    ``cite_info``."""
    parts = [f"PLOVER record {own_id or '(no id)'}"]
    for key, label in (("publication", ""), ("coder", "coded by "), ("version", "version ")):
        if value(_text(item.get(key))):
            parts.append(label + clean(_text(item.get(key)), 300))
    cited = [", ".join(parts)[:MAX_SOURCE]]
    info = item.get("cite_info")
    if isinstance(info, dict):
        info = ", ".join(f"{k}: {v}" for k, v in info.items() if isinstance(v, (str, int)))
    if isinstance(info, str) and clean(info, MAX_SOURCE):
        cited.append(clean(info, MAX_SOURCE))
    return cited


def _text(raw: object) -> str:
    return raw if isinstance(raw, str) else ""


def _written(spec: ActorSpec) -> str:
    text, code, sector = spec
    qualifiers = " ".join(p for p in (code, sector) if p)
    return f"{text} ({qualifiers})" if text and qualifiers else text or qualifiers or "?"


def _shown(raw: object) -> str:
    """A value as the file wrote it (JSON), shortened: never a Python repr."""
    if raw is None:
        return "(none)"
    return clean(raw if isinstance(raw, str) else json.dumps(raw, ensure_ascii=False), 80)


def _kind(raw: object) -> str:
    return {list: "list", str: "string", bool: "boolean", int: "number", float: "number"}.get(
        type(raw), "null")
