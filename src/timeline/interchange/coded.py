"""Machine-coded event data (ICEWS, GDELT, PLOVER...): evidence first, facts only where safe.

Every coded record whose two sides resolve to actors is kept, as a ``coded_event`` that
changes no fact, with its code, its actors as the data wrote them and its ids as sources.
It also changes a fact only where the mapping is safe:

- both sides speak for the actor they are filed under: the data names the state (or the
  organisation) itself, not an official, a ministry, a sector or a region of it, unless the
  user's actor map says that name speaks for it; and
- the code means the fact (``FACT_CODES``): CAMEO 054 "grant diplomatic recognition" and
  057 "sign formal agreement", and the consultations 040-046 (a meeting, which changes no
  fact either). Deportations (174), expulsions of anyone (166), reductions of relations
  (161) and everything else stay evidence: the codes do not say that diplomats were
  expelled or relations suspended.

A fact reported in both directions, or by several stories on one day, is one event: its
id and content come from the dataset, code, day and the two actors only.
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

from timeline.domain.codes import CAMEO_IMPORT
from timeline.domain.values import ActorData, Item, Record
from timeline.domain.vocabulary import MAX_TEXT, UNWRITABLE

# CAMEO codes whose meaning is one of our types (when both sides speak for their actor).
FACT_CODES: dict[str, str] = CAMEO_IMPORT
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

    def icews(self, name: str, sectors: str, country: str) -> Side:
        """An ICEWS side: it speaks for a state only when it is the state itself (its name is
        the country's and it has no sectors), for an organisation when it is its name."""
        name, sectors, country = value(name), value(sectors), value(country)
        written = name + (f" ({sectors})" if sectors else "")
        if name and self.mapped_by_user(name):
            return Side(self.named(name), True, written)
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
        return Side(home, False, written)

    def actors(self, *sides: Side) -> Iterator[Item]:
        """With ``create``, the actors of these sides not offered yet: the importer adds
        those the store lacks, and leaves those it has as they are."""
        if not self.create:
            return
        for side in sides:
            actor = side.actor
            if actor is not None and actor.id not in self._offered:
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


def fact(dataset: str, code: str, day: str, source: Side, target: Side) -> dict[str, Any] | None:
    """The fact the record states, when the mapping is safe; None otherwise."""
    etype = FACT_CODES.get(code)
    if etype is None or not (source.speaks and target.speaks):
        return None
    assert source.actor is not None and target.actor is not None
    return stated(dataset, etype, day, source.actor, target.actor)


def stated(dataset: str, etype: str, day: str, a: ActorData, b: ActorData, code: str = ""
           ) -> dict[str, Any]:
    """A fact of ``etype`` between two actors on a day, as a dataset's records state it: one
    event however many records (both directions, several stories, several codes) say so,
    since its id and content depend on nothing else. ``code``: the one code that says it,
    where one alone can (PLOVER's event type), named in its source and note."""
    first, second = sorted((a, b), key=lambda actor: actor.id)
    key = f"{dataset}-{etype.replace('_', '-')}-{day}-{first.id}-{second.id}"
    if len(key) > 128:  # long actor ids: a digest keeps two pairs apart
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
        key = f"{dataset}-{etype.replace('_', '-')}-{day}-{digest}"
    fields: dict[str, Any] = {}
    if etype == "agreement_signed":
        fields = {"agreement": key,
                  "name": f"Agreement signed by {first.name} and {second.name} ({day})"}
    name = dataset.upper()
    said = code or f"coded as {etype.replace('_', ' ')}"
    return {
        "id": key, "type": etype, "actor": first.id, "target": second.id, "on": day,
        "fields": fields,
        "sources": [f"{name} coded events of {day}" + (f", {code}" if code else "")],
        "note": (f"From {name}: {said} between {first.name} and "
                 f"{second.name} on {day}, each side the state or organisation itself; the "
                 "coded records are kept as evidence (type coded_event)."),
    }


# PLOVER (and POLECAT, coded in PLOVER) event types whose meaning is one of our types. Only
# CONSULT qualifies: it is CAMEO 040-046 (the PLOVER project's CAMEO2PLOVER table), which
# FACT_CODES maps to a meeting. SUPPORT holds both CAMEO 054 (recognition) and 057 (signing)
# together with praise, apologies and the like, with no mode that tells them apart, so it
# cannot say that relations were established or an agreement signed; SANCTION "withdraw"
# and "expel" and COERCE "deport" do not say that diplomats were expelled or relations
# suspended (the manual itself puts deportations of individuals under COERCE).
PLOVER_FACTS: dict[str, str] = {"CONSULT": "meeting"}
# Contexts that say the event did not (yet) happen: the PLOVER manual's "future",
# "hypothetical" and "negation".
NOT_HAPPENED = frozenset({"future", "hypothetical", "negation"})
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


def plover_fact(dataset: str, events: list[str], contexts: list[str], day: str,
                source: Side, target: Side) -> dict[str, Any] | None:
    """The fact a PLOVER-coded record states, when the mapping is safe (``PLOVER_FACTS``:
    one event type, both sides speaking, and no context saying it did not happen)."""
    if len(events) != 1 or NOT_HAPPENED & {c.lower() for c in contexts}:
        return None
    etype = PLOVER_FACTS.get(events[0])
    if etype is None or not (source.speaks and target.speaks):
        return None
    assert source.actor is not None and target.actor is not None
    return stated(dataset, etype, day, source.actor, target.actor, f"PLOVER {events[0]}")
