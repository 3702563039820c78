"""GDELT event files (the GDELT Project's event codebooks, 1.0 and 2.0): tab-separated, no
header, one coded event a row, its layout told by its number of columns:

- 57: GDELT 1.0 back files (1979 to March 2013), ending with DATEADDED;
- 58: GDELT 1.0 daily files (from April 2013), DATEADDED and SOURCEURL;
- 61: GDELT 2.0 (from February 2015), each location with an ADM2 code, DATEADDED as
  YYYYMMDDHHMMSS, and SOURCEURL.

Each row whose two sides resolve to actors is kept as evidence and changes no fact (see
``interchange.coded`` for why). A side is a CAMEO actor code: a country's code alone
(``RUS``), with no known group, ethnic, religious or type code, and a name that is the
country's (``RUSSIA``), is the state itself; GDELT also writes a country's code alone for
its places (``USA`` for ``INDIANA``, ``PAK`` for ``LAHORE``), which do not speak for it. A
code with a role (``RUSGOV``, ``USAMED``) is filed under its country and does not speak,
unless the user's actor map names that code. An organisation's own IGO code
(``IGOEUREEC``) speaks for it; a part of one (``IGOUNOGOV``) is filed under it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from timeline.domain.dates import in_our_years
from timeline.domain.records import Item, Record
from timeline.domain.sources import is_web_url
from timeline.domain.validation import MAX_SOURCE
from timeline.domain.values import ActorData
from timeline.errors import InvalidValue
from timeline.interchange.coded import (
    Resolver,
    Side,
    clean,
    default_actors,
    evidence,
    value,
)
from timeline.interchange.files import read_lines, skip


@dataclass(frozen=True)
class Layout:
    """Where a layout keeps what is not in the 35 columns all layouts share."""

    name: str
    place: int  # ActionGeo_Fullname
    added: int  # DATEADDED
    url: int | None  # SOURCEURL


LAYOUTS = {
    57: Layout("GDELT 1.0 back file", 50, 56, None),
    58: Layout("GDELT 1.0 daily file", 50, 56, 57),
    61: Layout("GDELT 2.0", 52, 59, 60),
}
ACTOR_COLUMNS = 10  # Code, Name, CountryCode, KnownGroupCode, EthnicCode, Religion1Code,
# Religion2Code, Type1Code, Type2Code, Type3Code: from column 5 for Actor1, 15 for Actor2
EVENT_CODE = 26
# IsRootEvent, NumSources, NumArticles: the record's corroboration, as GDELT counts it.
CORROBORATION = {"is_root_event": 25, "num_sources": 32, "num_articles": 33}


def read(path: Path, actor_map: Mapping[str, str] | None, create_actors: bool = False,
         **_: object) -> Iterator[Item]:
    with read_lines(path) as lines:
        yield from _records(path, lines, Resolver(actor_map, create_actors))


def _records(path: Path, lines: Iterable[tuple[int, str]], resolver: Resolver
             ) -> Iterator[Item]:
    first = True
    for number, line in lines:
        if not line.strip():
            continue
        where = f"{path}:{number}"
        row = line.rstrip("\r\n").split("\t")
        layout = LAYOUTS.get(len(row))
        if first and row[0].strip().upper() in ("GLOBALEVENTID", "GLOBALEVENTID:"):
            yield skip(where, "a header row (GDELT files have none)", row[0])
            continue
        if layout is None:
            if first:  # a file of another kind altogether: say so once
                raise InvalidValue(
                    f"{where}: not a GDELT event file: {len(row)} tab-separated columns "
                    "(GDELT 1.0 has 57 or 58, GDELT 2.0 has 61)")
            yield skip(where, "a row of another length than GDELT's 57, 58 or 61 columns",
                       f"{len(row)} columns")
            continue
        first = False
        yield from _row(where, row, layout, resolver)


def _row(where: str, row: list[str], layout: Layout, resolver: Resolver) -> Iterator[Item]:
    event_id, day = row[0].strip(), _day(row[1].strip())
    if not event_id.isdigit() or len(event_id) > 20:
        yield skip(where, "no GLOBALEVENTID", clean(row[0], 40) or "(empty)")
        return
    if day is None:
        yield skip(where, "no usable SQLDATE (YYYYMMDD)", clean(row[1], 40) or "(empty)")
        return
    source, target = (actor_side(resolver, row[start:start + ACTOR_COLUMNS])
                      for start in (5, 5 + ACTOR_COLUMNS))
    if source is None or target is None:
        yield skip(where, "one-sided: no Actor1 or no Actor2 code",
                   f"{'Actor1' if source is None else 'Actor2'} empty")
        return
    unknown = next((s for s in (source, target) if s.actor is None), None)
    if unknown is not None:
        yield skip(where, "an actor no map knows (add it with --actor-map)", unknown.written)
        return
    assert source.actor is not None and target.actor is not None
    if source.actor.id == target.actor.id:
        yield skip(where, "domestic: both sides filed under one actor", source.actor.name)
        return
    code = value(row[EVENT_CODE])  # CAMEO codes are text: "010", never 10
    yield from resolver.actors(source, target)
    kept = evidence("gdelt", event_id, code, day, source, target, "",
                    [_citation(row, layout, event_id)])
    for name, column in CORROBORATION.items():
        if value(row[column]).isdigit() and len(value(row[column])) <= 9:
            kept["fields"][name] = value(row[column])
    url = clean(row[layout.url], MAX_SOURCE + 1) if layout.url is not None else ""
    if is_web_url(url) and len(url) <= MAX_SOURCE:  # the story the event was coded from
        kept["sources"].insert(0, {"url": url})
    elif url:  # GDELT 2.0 writes a citation for stories that are not on the web
        kept["sources"].insert(0, url[:MAX_SOURCE])
    yield "event", Record(where, kept)


def actor_side(resolver: Resolver, fields: list[str]) -> Side | None:
    """One side of a row (its ten actor columns); None when the row names no actor there."""
    code, name, country, *qualifiers = (clean(value(f), 200) for f in fields)
    code, country = code.upper(), country.upper()
    if not code:
        return None
    written = f"{name} ({code})" if name else code
    if resolver.mapped_by_user(code):  # the user says this code speaks for its actor
        return Side(resolver.named(code), True, written)
    found = _organisation(code) if code.startswith("IGO") else None
    if found is not None:
        organisation, own_code = found
        return Side(organisation, own_code, written)
    # Filed under its country: GDELT's country codes are CAMEO's (ISO alpha-3 for states);
    # the map's other codes of the same letters are regions here ("EUR" is Europe, not the
    # European Union), so only a state counts unless the user mapped that code.
    home = resolver.named(country) if country else None
    if home is not None and home.kind != "state" and not resolver.mapped_by_user(country):
        home = None
    itself = code == country and not any(qualifiers) and _names(resolver, name, home)
    return Side(home, itself, written)


def _organisation(code: str) -> tuple[ActorData, bool] | None:
    """The organisation of the built-in map whose IGO code this is (True), or whose code
    it starts with (False: a part of it). CAMEO codes are made of three-letter parts."""
    by_code = default_actors()[1]
    for end in range(len(code), 5, -3):
        actor = by_code.get(code[:end])
        if actor is not None and actor.kind == "organization":
            return actor, end == len(code)
    return None


def _names(resolver: Resolver, name: str, home: ActorData | None) -> bool:
    """The side's name is the country's own (``RUSSIA``, ``THE UNITED STATES``), not one of
    its places or people."""
    if home is None or not name:
        return False
    bare = name[4:] if name.upper().startswith("THE ") else name
    return resolver.named(bare) == home


def _day(text: str) -> str | None:
    """SQLDATE (YYYYMMDD) as YYYY-MM-DD, when it is a day of the years an event may take
    effect in."""
    if len(text) != 8 or not text.isdigit():
        return None
    try:
        day = dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None
    return day.isoformat() if in_our_years(day.year) else None


def _citation(row: list[str], layout: Layout, event_id: str) -> str:
    parts = [f"GDELT event {event_id}"]
    added = clean(value(row[layout.added]), 20)
    if added:
        parts[0] += f" (DATEADDED {added})"
    parts.append(f"{layout.name}, CAMEO {value(row[EVENT_CODE]) or '?'}")
    place = clean(value(row[layout.place]), 300)
    if place:
        parts.append(f"at {place}")
    return ", ".join(parts)
