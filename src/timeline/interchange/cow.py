"""The Correlates of War Diplomatic Exchange data (v2006.1, Bayer 2006): for every pair of
states of the state system, in each observation year (1817-2005, about every five years),
the level of each side's representation at the other.

Columns ``ccode1, ccode2, year, DR_at_1, DR_at_2, DE, version``. As the codebook has it,
``DR_at_1`` is the level of side 2's representation *at side 1* and ``DR_at_2`` that of
side 1 at side 2 (Saudi Arabia, 1940: ``2,670,1940,0,2``: the United States had a minister
accredited to Ibn Saud, and Saudi Arabia no envoy in Washington until 1945). The whole file
holds each pair twice (A,B and B,A, the levels swapped); both give one set of facts.

A row is an observation, not an event. For each direction (the representation of one state
at the other), observations are read in order of year and become ``representation`` events,
one for each run of one level:

- a level first observed in year Y is known by Y (``../Y``), with no claim about earlier
  years;
- a level observed again holds through the years between (the observation is cited by the
  run's event, and starts none);
- a different level at the next observation Y2 after Y1 changed sometime in ``Y1/Y2``;
- a pair that is no longer in the data (a state left the system) has its representation
  end (``none``) within the last year it was seen and the next year of the data;
- 9 is ``other``: neither none nor a change to none.

Each event cites every observation of its run (the data set, its version, the pair and the
year, which name the rows in either order) and is identified by the pair, the direction and
the year its run begins, so a re-import stores nothing. Rows of one pair and year that
disagree are reported, never merged: the direction they disagree on is not observed that
year. COW's state numbers name actors through ``cow_states.yaml``.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from timeline.domain.dates import FIRST_YEAR, LAST_YEAR, in_our_years
from timeline.domain.records import Item, Record
from timeline.domain.values import ActorData
from timeline.errors import InvalidValue
from timeline.interchange.files import csv_header, csv_rows, read_lines, skip

COLUMNS = ("ccode1", "ccode2", "year", "DR_at_1", "DR_at_2", "DE", "version")
LEVELS = {"0": "none", "1": "charge_d_affaires", "2": "minister", "3": "ambassador",
          "9": "other"}
DATASET = "COW Diplomatic Exchange"
VERSION_NAMES = {"2006.0999755859375": "2006.1"}  # the single-precision float it is stored as
MAX_YEARS = 1000  # observation years one file may hold (COW's have 38)
PROGRESS_ROWS = 10_000
NO_STATE = "a COW state number no table knows"
DISAGREE = "the two rows of a pair and year disagree"
MISSING = "no row of a pair of two members of the state system (not observed that year)"
LAST_MEMBER_YEAR = 2016  # the membership list's last year: still members then


@dataclass(frozen=True)
class CowState:
    """A state of the COW state system: its code, its actor, its years as a member, and the
    state it was before (if it changed)."""

    ccode: int
    abb: str
    actor: ActorData
    member: tuple[tuple[int, int], ...]
    before: tuple[int, ActorData] | None  # (last year, the state it was until then)

    def member_in(self, year: int) -> bool:
        """A member of the system all that year: not joined nor left within it (the list's
        last year, 2016, is no leaving), so that its absence from a year's data is none of
        its own doing."""
        return any(a < year and (year < b or b == LAST_MEMBER_YEAR) for a, b in self.member)

    def in_year(self, year: int) -> ActorData:
        if self.before is not None and year <= self.before[0]:
            return self.before[1]
        return self.actor


@functools.cache
def cow_states() -> dict[int, CowState]:
    data = yaml.safe_load(resources.files("timeline.interchange").joinpath("cow_states.yaml")
                          .read_text(encoding="utf-8"))
    states: dict[int, CowState] = {}
    for entry in data["states"]:
        before = entry.get("before")
        # From the day it joined COW's state system: nothing of its ties is possible before.
        first = str(entry["from"]) if entry.get("from") else None
        states[int(entry["ccode"])] = CowState(
            int(entry["ccode"]), str(entry["abb"]),
            ActorData(entry["id"], entry["name"], "state", first),
            tuple((int(a), int(b)) for a, b in entry["member"]),
            (int(before["until"]), ActorData(before["id"], before["name"], "state"))
            if before else None)
    return states


# (lower ccode, higher ccode) -> year -> (level at the lower, level at the higher, where)
Observations = dict[tuple[int, int], dict[int, tuple[str | None, str | None, str]]]


def read(path: Path, actor_map: Mapping[str, str] | None, create_actors: bool = False,
         progress: Callable[[str, int], None] | None = None, **_: object) -> Iterator[Item]:
    """The file's events, made once every row is read (a pair's mirror rows may be anywhere
    in it); ``progress("reading", n)`` is told of the rows as they are read."""
    states = _mapped(cow_states(), actor_map or {})
    observations: Observations = {}
    years: set[int] = set()
    version = ""
    skipped: list[Item] = []
    filed: dict[tuple[str, int], tuple[int, str]] = {}  # (actor, year) -> (its state, where)
    with read_lines(path) as lines:
        reader = csv.DictReader(line for _, line in lines)
        missing = [c for c in COLUMNS[:5] if c not in csv_header(path, reader)]
        if missing:
            raise InvalidValue(f"{path}:1: not a COW Diplomatic Exchange file: no column(s) "
                               f"{', '.join(missing)}")
        for count, row in enumerate(csv_rows(path, reader), 1):
            if progress is not None and count % PROGRESS_ROWS == 0:
                progress("reading", PROGRESS_ROWS)
            where = f"{path}:{reader.line_num}"
            one, two, year = (_number(row, c, where) for c in ("ccode1", "ccode2", "year"))
            at_one, at_two = (_level(row, c, where) for c in ("DR_at_1", "DR_at_2"))
            version = version or (row.get("version") or "").strip()
            unknown = next((c for c in (one, two) if c not in states), None)
            if unknown is not None:
                skipped.append(skip(where, NO_STATE, str(unknown)))
                continue
            if one == two:
                raise InvalidValue(f"{where}: a pair of one state ({one}) with itself")
            for code in (one, two):
                actor = states[code].in_year(year).id
                other, first = filed.setdefault((actor, year), (code, where))
                if other != code:
                    raise InvalidValue(
                        f"{where}: COW states {other} and {code} are both filed under "
                        f"{actor!r} in {year} (first at {first}): one actor would hold two "
                        "levels for one year; map them to two ids (--actor-map)")
            years.add(year)
            if len(years) > MAX_YEARS:
                raise InvalidValue(f"{where}: more than {MAX_YEARS} observation years")
            key, levels = ((one, two), (at_one, at_two)) if one < two else \
                ((two, one), (at_two, at_one))
            by_year = observations.setdefault(key, {})
            seen = by_year.get(year)
            if seen is None:
                by_year[year] = (*levels, where)
                continue
            agreed = tuple(a if a == b else None for a, b in zip(seen[:2], levels, strict=True))
            if agreed != seen[:2]:
                skipped.append(skip(where, DISAGREE, f"{where} and {seen[2]} ({key[0]}-{key[1]}, "
                                    f"{year})"))
                by_year[year] = (agreed[0], agreed[1], seen[2])
    yield from skipped
    source = f"{DATASET} v{VERSION_NAMES.get(version, version) or '?'}"
    order = sorted(years)
    made: set[str] = set()
    for (low, high), by_year in sorted(observations.items()):
        seen_from = min(by_year)
        # A year after the pair's first row where both were members all year yet it has no
        # row: not observed (reported), not an end of their ties.
        unseen = {year for year in order if seen_from < year and year not in by_year
                  and states[low].member_in(year) and states[high].member_in(year)}
        yield from (skip(by_year[seen_from][2], MISSING, f"{low}-{high} {year}")
                    for year in sorted(unseen))
        for sender, host, side in ((low, high, 1), (high, low, 0)):
            direction = _Direction(states[sender], states[host], source)
            for year in order:
                observed = by_year.get(year)
                if year in unseen:
                    continue
                if observed is None:
                    direction.absent(year)
                elif observed[side] is not None:
                    direction.observed(year, observed[side], observed[2])  # type: ignore[arg-type]
                else:
                    direction.present_at = year  # its rows disagree: not observed this year
            for event in direction.close():
                for actor in (event.data["actor"], event.data["target"]):
                    if create_actors and actor not in made:
                        made.add(actor)
                        yield "default_actor", Record(event.where, _actor_of(states, actor))
                yield "event", event


class _Direction:
    """The representation of one state at another, observation by observation: the runs of
    one level, each one event, and the ends where the pair leaves the data."""

    def __init__(self, sender: CowState, host: CowState, source: str) -> None:
        self.sender, self.host, self.source = sender, host, source
        self.run: Record | None = None
        self.level: str | None = None  # of the run, or "none" once ended
        self.observed_at: int | None = None  # the last year a level was observed
        self.present_at: int | None = None  # the last year the pair was in the data
        self.absent_at: int | None = None  # the last year it was not, after it had been
        self.events: list[Record] = []

    def _cite(self, year: int) -> str:
        low, high = sorted((self.sender.ccode, self.host.ccode))
        return f"{self.source}: {low}-{high} {year}"

    def _event(self, name: str, actors: tuple[str, str], on: str, level: str,
               sources: list[str], where: str, note: str | None = None) -> Record:
        return Record(where, {
            "id": f"cow-dipex-{self.sender.ccode}-at-{self.host.ccode}-{name}",
            "type": "representation", "actor": actors[0], "target": actors[1], "on": on,
            "fields": {"level": level}, "sources": sources, "note": note})

    def _end(self, year: int, why: str) -> None:
        """The run ends with its actors' tie: none from within the last year its level was
        observed (a year whose rows disagree says nothing) and this."""
        assert self.run is not None
        actors = (self.run.data["actor"], self.run.data["target"])
        self.events.append(self.run)
        if self.level != "none":
            self.events.append(self._event(
                f"{year}-end", actors, f"{self.observed_at or self.present_at}/{year}", "none",
                [f"{self.source}: no row of {actors[0]} and {actors[1]} in {year}"],
                self.run.where, why))
        self.run, self.level = None, "none"

    def absent(self, year: int) -> None:
        if self.run is not None:
            gone = [s.in_year(year).id for s in (self.sender, self.host)
                    if not s.member_in(year)]
            self._end(year, f"the pair is not in the data of {year}: {' and '.join(gone)} "
                      f"not a member of the state system for all of {year}")
        if self.present_at is not None:
            self.absent_at = year

    def observed(self, year: int, level: str, where: str) -> None:
        actors = (self.sender.in_year(year).id, self.host.in_year(year).id)
        if self.run is not None and (self.run.data["actor"], self.run.data["target"]) != actors:
            old = self.run.data["actor"] if actors[0] != self.run.data["actor"] \
                else self.run.data["target"]
            new = actors[0] if actors[0] != self.run.data["actor"] else actors[1]
            code = self.sender.ccode if new == actors[0] else self.host.ccode
            self._end(year, f"in the data of {year}, COW's state {code} is {new}, no longer "
                      f"{old}")
            self.observed_at = None  # the new state's level is a first observation
        if self.run is not None and level == self.level:
            self.run.data["sources"].append(self._cite(year))
        else:
            if self.run is not None:
                self.events.append(self.run)
                on = f"{self.observed_at}/{year}"
            elif self.absent_at is not None and self.observed_at is not None:
                on = f"{self.absent_at}/{year}"  # back in the data after an absence
            else:
                on = f"../{year}"
            self.run = self._event(str(year), actors, on, level, [self._cite(year)], where)
            self.level = level
        self.observed_at = self.present_at = year

    def close(self) -> list[Record]:
        if self.run is not None:
            self.events.append(self.run)
        return self.events


def _mapped(states: Mapping[int, CowState], actor_map: Mapping[str, str]
            ) -> dict[int, CowState]:
    """The table, with the states an actor map names (by COW number or abbreviation)
    filed under the map's ids."""
    if not actor_map:
        return dict(states)
    out: dict[int, CowState] = {}
    for code, state in states.items():
        mapped = actor_map.get(str(code)) or actor_map.get(state.abb)
        # One id for all its years: a split number's first day is its earlier state's.
        first = None if state.before is not None else state.actor.exists_from
        out[code] = state if mapped is None else CowState(
            code, state.abb, ActorData(mapped, state.actor.name, "state", first),
            state.member, None)
    return out


def _actor_of(states: Mapping[int, CowState], actor_id: str) -> dict[str, str]:
    for state in states.values():
        for actor in (state.actor, *([state.before[1]] if state.before else [])):
            if actor.id == actor_id:
                return actor.to_json()
    raise AssertionError(actor_id)  # pragma: no cover - every id comes from the table


def _number(row: Mapping[str, str | None], column: str, where: str) -> int:
    text = (row.get(column) or "").strip()
    if not (text.isascii() and text.isdigit() and len(text) <= 4):
        raise InvalidValue(f"{where}: {column} must be a whole number of at most four digits, "
                           f"got {text!r}")
    if column == "year" and not in_our_years(int(text)):
        raise InvalidValue(f"{where}: year must be from {FIRST_YEAR} to {LAST_YEAR}, "
                           f"got {text!r}")
    return int(text)


def _level(row: Mapping[str, str | None], column: str, where: str) -> str:
    text = (row.get(column) or "").strip()
    if text not in LEVELS:
        raise InvalidValue(f"{where}: {column} must be one of {', '.join(LEVELS)} (0 none, "
                           f"1 charge d'affaires, 2 minister, 3 ambassador, 9 other), "
                           f"got {text!r}")
    return LEVELS[text]
