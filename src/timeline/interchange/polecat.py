"""POLECAT weekly event files (Halterman et al., Harvard Dataverse doi:10.7910/DVN/AJGVIT),
coded in PLOVER by the NGEC coder: tab-separated with a header, one event a row, ``None``
for a missing value, several entities in one cell separated by ``;``. Columns, as
released: Event ID, Event Date, Event Type, Event Mode, Intensity (later Event Intensity),
Quad Code, Contexts, then for the Actor and for the Recipient: Name, Country, COW, Primary
Sector, Sectors, Title, Name Raw, Wikipedia ID; then Placename, City, District, Province,
Country, Latitude, Longitude, GeoNames ID, Raw Placename, Feature Type, Source, Publication
Date, Story People, Story Organizations, Story Locations, Language, Version. Some releases
add Headline, Event Text, Feed and Story ID; some list those in the header of rows that
lack them, and some end rows with empty columns: both are read.

Each row whose sides resolve is kept as evidence and changes no fact, as PLOVER records
(``interchange.plover``). A side is named as ICEWS names one (a canonical name, its
country, its sectors), so it speaks for a state only when its name is the country's and it
has no sector and no title (``Resolver.icews``)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from timeline.domain.records import Item
from timeline.domain.validation import MAX_SOURCE
from timeline.errors import InvalidValue
from timeline.interchange.coded import Resolver, Side, clean, id_part, value
from timeline.interchange.files import csv_rows, read_lines, skip
from timeline.interchange.plover import Coded, day_of, dyads, too_many_pairs, words

REQUIRED = ("Event ID", "Event Date", "Event Type", "Actor Name", "Actor Country",
            "Recipient Name", "Recipient Country")
# Columns some releases name in the header of rows that do not hold them.
SOMETIMES_MISSING = ("Headline", "Event Text", "Feed", "Story ID")


def read(path: Path, actor_map: Mapping[str, str] | None, create_actors: bool = False,
         **_: object) -> Iterator[Item]:
    with read_lines(path) as lines:
        yield from _records(path, lines, Resolver(actor_map, create_actors))


def _records(path: Path, lines: Iterable[tuple[int, str]], resolver: Resolver
             ) -> Iterator[Item]:
    # Tab-separated without quoting, as ICEWS: a quote in a name is text.
    reader = csv.reader((line for _, line in lines), delimiter="\t", quoting=csv.QUOTE_NONE)
    # csv_rows is typed for a DictReader; this plain reader gives each row as a list.
    header = [h.strip() for h in list(next(csv_rows(path, reader), []))]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InvalidValue(f"{path}:1: not a POLECAT file: no column(s) {', '.join(missing)}")
    shorter = [h for h in header if h not in SOMETIMES_MISSING]
    for raw in csv_rows(path, reader):
        cells = list(raw)
        where = f"{path}:{reader.line_num}"
        if not any(c.strip() for c in cells):
            continue
        if len(cells) >= len(header) and not any(c.strip() for c in cells[len(header):]):
            row = dict(zip(header, cells, strict=False))
        elif len(cells) == len(shorter):
            row = dict(zip(shorter, cells, strict=True))
        else:
            yield skip(where, "a row of another length than its header",
                       f"{len(cells)} columns under {len(header)}")
            continue
        yield from _row(where, row, resolver)


def _row(where: str, row: dict[str, str], resolver: Resolver) -> Iterator[Item]:
    event_id, day = value(row["Event ID"]), day_of(value(row["Event Date"]))
    if not event_id:
        yield skip(where, "no Event ID")
        return
    if day is None:
        yield skip(where, "no usable Event Date (YYYY-MM-DD)",
                   clean(row["Event Date"], 40) or "(empty)")
        return
    events = [e.upper() for e in words(value(row["Event Type"]))]
    if not events:
        yield skip(where, "no Event Type", event_id)
        return
    crowded = too_many_pairs(where, *(len(_entities(row.get(f"{role} Name")))
                                      for role in ("Actor", "Recipient")))
    if crowded is not None:  # bounded before a side is resolved
        yield crowded
        return
    sides = []
    for role in ("Actor", "Recipient"):
        found = _sides(resolver, row, role)
        if found is None:
            yield skip(where, "names and countries of several entities that do not line up",
                       clean(row.get(f"{role} Name") or "", 80))
            return
        sides.append(found)
    sources, targets = sides
    if not sources:
        yield skip(where, "no source actor", f"{event_id} (event {'+'.join(events)})")
        return
    modes = words(value(row.get("Event Mode")))
    text = value(row.get("Event Text")) or value(row.get("Headline"))
    coded = Coded("polecat", id_part(event_id),
                  clean("+".join(events) + ("/" + "+".join(modes) if modes else ""), 200),
                  day, clean(text, 4000), [_citation(row, event_id)], events,
                  words(value(row.get("Contexts"))))
    yield from dyads(where, coded, resolver, sources, targets)


def _sides(resolver: Resolver, row: dict[str, str], role: str) -> list[Side] | None:
    """The entities of one side (a cell may name several, separated by ';'), each with its
    country, sectors and title; None when names and countries do not line up."""
    names = _entities(row.get(f"{role} Name"))
    if not names:
        return []
    count = len(names)
    countries = _aligned(row.get(f"{role} Country"), count)
    if countries is None:
        return None
    qualifiers = []
    for column in ("Primary {} Sector", "{} Sectors", "{} Title"):
        cell = row.get(column.format(role))
        entries = _aligned(cell, count)
        # Entries that do not line up with the names (an entity with several sectors)
        # may each be any entity's: all of them count for each.
        qualifiers.append(entries if entries is not None else [" ".join(_entities(cell))] * count)
    # Anything that says which part of the state (a sector, a title) keeps it from speaking.
    return [resolver.icews(name, ", ".join(q[i] for q in qualifiers if q[i]), countries[i])
            for i, name in enumerate(names)]


def _entities(cell: str | None) -> list[str]:
    return [clean(value(part), 200) for part in (cell or "").split(";") if value(part)]


def _aligned(cell: str | None, count: int) -> list[str] | None:
    """A cell's entries, one for each of ``count`` entities: as many as there are, or one
    for all of them (or none); None otherwise."""
    parts = [clean(value(p), 200) for p in (cell or "").split(";")]
    if len(parts) == count:
        return parts
    if len(parts) == 1:
        return parts * count
    return None


def _citation(row: dict[str, str], event_id: str) -> str:
    parts = [f"POLECAT event {event_id}"]
    for column, label in (("Source", ""), ("Publication Date", "published "),
                          ("Story ID", "story ")):
        if value(row.get(column)):
            parts.append(label + clean(value(row.get(column)), 300))
    place = ", ".join(clean(value(row.get(c)), 100) for c in ("Placename", "Province", "Country")
                      if value(row.get(c)))
    if place:
        parts.append(f"in {place}")
    return ", ".join(parts)[:MAX_SOURCE]
