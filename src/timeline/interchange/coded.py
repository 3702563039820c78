"""Machine-coded event data (ICEWS, GDELT, PLOVER, POLECAT): evidence, never a fact.

Every coded record whose two sides resolve to actors is kept, as a ``coded_event`` that
changes no fact, with its code, its actors as the data wrote them and its ids as sources.
No code makes a fact by itself: a coded sentence says that a story mentioned something
(last year's treaty in a background paragraph, a school band "visiting" Germany), not that
it happened, and syndication repeats one story many times. What a record could mean is for
an analyst to judge (``domain.codes.CAMEO_LEADS`` names the codes that point to a fact).

Facts that earlier versions made here stay in the log (``domain.coded_facts.earlier_coded_fact``
finds them for review).
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from timeline.domain.records import Item, Record
from timeline.domain.values import ActorData, EventData
from timeline.domain.vocabulary import MAX_TEXT, UNWRITABLE
from timeline.interchange.actormap import acting_for, parenthesised

MISSING = ("", "NA", "N/A", "null", "None")  # how the datasets write "no value"


@dataclass(frozen=True)
class Side:
    """One side of a coded record: the actor it is filed under (None: no actor known),
    whether the data names that actor itself, and the side as the data wrote it."""

    actor: ActorData | None
    speaks: bool
    written: str


def value(text: object) -> str:
    """A field of a coded record, with the datasets' ways of writing "missing" as ""."""
    stripped = str(text or "").strip()
    return "" if stripped in MISSING else stripped


@functools.cache
def default_actors() -> tuple[dict[str, ActorData], dict[str, ActorData]]:
    """The states and organisations of ``states.yaml``: by name (case-folded) and by code."""
    data = yaml.safe_load(resources.files("timeline.interchange").joinpath("states.yaml")
                          .read_text(encoding="utf-8"))
    by_name: dict[str, ActorData] = {}
    by_code: dict[str, ActorData] = {}
    for kind, entries in (("state", data["states"]), ("organization", data["organizations"])):
        for entry in entries:
            actor = ActorData(str(entry["id"]), str(entry["name"]), kind)
            for name in (entry["name"], *entry["names"]):
                by_name.setdefault(str(name).casefold(), actor)
            for code in entry["codes"]:
                by_code.setdefault(str(code).upper(), actor)
    return by_name, by_code


@functools.cache
def _by_id() -> dict[str, ActorData]:
    return {actor.id: actor for actor in default_actors()[0].values()}


@functools.cache
def built_in_names() -> dict[str, tuple[str, ...]]:
    """Each built-in actor's names (case-folded) and codes, by its id."""
    by_name, by_code = default_actors()
    found: dict[str, list[str]] = {}
    for text, actor in (*by_name.items(), *by_code.items()):
        found.setdefault(actor.id, []).append(text.casefold())
    return {actor_id: tuple(texts) for actor_id, texts in found.items()}


def known_actor(actor_id: str) -> ActorData | None:
    """The built-in map's state or organisation of this id, if it has one."""
    return _by_id().get(actor_id)


def _of_an_organisation(sectors: str) -> bool:
    """ICEWS sectors of an international organisation's people, not a government's."""
    parts = {part.strip() for part in sectors.split(",")}
    return ("International Government Organization" in parts
            and not parts & {"Government", "Executive", "Executive Office"})


class Resolver:
    """Names and codes of coded data to actors: the user's map first, then the defaults."""

    def __init__(self, names: Mapping[str, str] | None, create: bool = False) -> None:
        self.user = {k.casefold(): v for k, v in (names or {}).items()}
        self.create = create
        self._offered: set[str] = set()

    def named(self, text: str) -> ActorData | None:
        """The actor a name (or code) stands for, if the user's map or the defaults know it."""
        key = text.casefold()
        if key in self.user:
            actor_id = self.user[key]
            return _by_id().get(actor_id) or ActorData(actor_id, actor_id, "other")
        by_name, by_code = default_actors()
        return by_name.get(key) or by_code.get(text.upper())

    def mapped_by_user(self, text: str) -> bool:
        return text.casefold() in self.user

    def icews(self, name: str, sectors: str, country: str, day: str = "") -> Side:
        """An ICEWS side: it speaks for a state only when it is the state itself (its name is
        the country's and it has no sectors), for an organisation when it is its name. A body
        of an organisation, or its official in office on ``day``, is filed under it."""
        name, sectors, country = value(name), value(sectors), value(country)
        written = name + (f" ({sectors})" if sectors else "")
        if name and self.mapped_by_user(name):
            return Side(self.named(name), True, written)
        acting = _by_id().get(acting_for(name, day) or "") if name else None
        if acting is not None:
            # Whatever the sectors (a whole career's: the UN Secretary-General's include
            # Portugal's government) and the Country (a nationality) say.
            return Side(acting, False, written)
        itself = self.named(name) if name else None
        home = self.named(country) if country else None
        if _of_an_organisation(sectors) and (itself is None or itself.kind != "organization"):
            # An organisation's official: ICEWS's Country is their nationality, and they do
            # not act for it (the EU's High Representative is not Italy).
            home = None
        if itself is not None and itself.kind == "organization" and home is None:
            return Side(itself, True, written)
        if itself is not None and (home is None or home == itself) and not sectors:
            return Side(itself, itself.kind in ("state", "organization"), written)
        if home is None and itself is None and parenthesised(name):
            # An unnamed role of what the parentheses name: "Secretariat (Organization of
            # American States)", written without a Country.
            return Side(self.named(parenthesised(name)), False, written)
        return Side(home, False, written)

    def actors(self, *sides: Side) -> Iterator[Item]:
        """With ``create``, the actors of these sides not offered yet: the importer adds
        those the store lacks, and leaves those it has as they are."""
        if not self.create:
            return
        for side in sides:
            actor = side.actor
            # The built-in map's only: an id the user's map gives that it does not know is
            # the store's or the files' to have (a typo in the map, refused as unknown, not
            # made an actor of kind "other" holding every row of the name).
            if actor is not None and actor.id not in self._offered and \
                    known_actor(actor.id) == actor:
                self._offered.add(actor.id)
                yield "default_actor", Record("", actor.to_json())


def evidence(dataset: str, record_id: str, code: str, day: str, source: Side, target: Side,
             text: str, sources: list[str]) -> dict[str, Any]:
    """The record as a ``coded_event``: what the data says, changing no fact."""
    assert source.actor is not None and target.actor is not None
    fields = {"dataset": dataset, "code": code or "?", "record": record_id,
              "source_actor": source.written[:MAX_TEXT] or "?",
              "target_actor": target.written[:MAX_TEXT] or "?"}
    return {"id": f"{dataset}-{record_id}", "type": "coded_event", "actor": source.actor.id,
            "target": target.actor.id, "on": day, "fields": fields, "sources": sources,
            "note": text[:4000] or None}


_ID_PART = re.compile(r"[A-Za-z0-9._-]{1,80}")


def clean(text: str, limit: int) -> str:
    """Text of a record as every store can hold it: no NUL or lone surrogate (which a
    file may carry), at most ``limit`` characters."""
    return UNWRITABLE.sub("", text).strip()[:limit]


def id_part(text: str) -> str:
    """A record's own id as part of an event id: itself when it is a plain id, otherwise
    made from its hash (the same text, the same id, so a re-import finds the event)."""
    if _ID_PART.fullmatch(text):
        return text
    return "h" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:20]


_WRITTEN = re.compile(r"(?P<name>[^()]+?)(?: \((?P<code>[A-Z]{3})\))?")


def written_speaks(written: str, actor_id: str) -> bool:
    """Whether a side as a coded record wrote it (``source_actor``, ``target_actor``) is
    the state or organisation itself, as far as the written side tells: a name the built-in
    map files under that actor, with no sector (ICEWS ``Russia``; GDELT ``RUSSIA (RUS)``, a
    country's code alone; PLOVER ``Russia (RUS)``). Conservative: a side a user's map named
    (not written down) does not count."""
    found = _WRITTEN.fullmatch(written.strip())
    if found is None:
        return False
    name = found["name"].removeprefix("THE ")
    actor = Resolver(None).named(name)
    if actor is None or actor.id != actor_id or actor.kind not in ("state", "organization"):
        return False
    code = found["code"]
    return code is None or Resolver(None).named(code) == actor


def both_speak(event: EventData) -> bool:
    """Whether both sides of a coded record are the states or organisations themselves."""
    return event.target is not None and all(
        written_speaks(str(event.fields.get(side, "")), actor)
        for side, actor in (("source_actor", event.actor), ("target_actor", event.target)))
