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
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from timeline.domain.codes import CAMEO_IMPORT
from timeline.domain.values import ActorData, Item, Record

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
            by_id = {a.id: a for a in default_actors()[0].values()}
            return by_id.get(actor_id) or ActorData(actor_id, actor_id, "other")
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
              "source_actor": source.written[:500] or "?",
              "target_actor": target.written[:500] or "?"}
    return {"id": f"{dataset}-{record_id}", "type": "coded_event", "actor": source.actor.id,
            "target": target.actor.id, "on": day, "fields": fields, "sources": sources,
            "note": text[:4000] or None}


def fact(dataset: str, code: str, day: str, source: Side, target: Side) -> dict[str, Any] | None:
    """The fact the record states, when the mapping is safe; None otherwise."""
    etype = FACT_CODES.get(code)
    if etype is None or not (source.speaks and target.speaks):
        return None
    assert source.actor is not None and target.actor is not None
    first, second = sorted((source.actor, target.actor), key=lambda a: a.id)
    key = f"{dataset}-{code}-{day}-{first.id}-{second.id}"
    fields: dict[str, Any] = {}
    if etype == "agreement_signed":
        fields = {"agreement": key[:128],
                  "name": f"Agreement signed by {first.name} and {second.name} ({day})"}
    return {
        "id": key[:128], "type": etype, "actor": first.id, "target": second.id, "on": day,
        "fields": fields,
        "sources": [f"{dataset.upper()} coded events of {day}, CAMEO {code}"],
        "note": (f"From {dataset.upper()}: CAMEO {code} between {first.name} and "
                 f"{second.name} on {day}, each side the state or organisation itself; the "
                 "coded records of that day are kept as evidence (type coded_event)."),
    }
