"""Actors as people write them: an id, a name, an ISO code or another alias.

A name is looked up in the store first (an id exactly; then ids, names and aliases ignoring
case), then in the built-in map of states and organisations (``interchange/states.yaml``:
ISO names and alpha-3 codes). A name that is two actors' is refused with both; one the map
knows but the store lacks is created where an event names it (``create``), and refused by a
query, which reads and never writes.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, NamedTuple

from timeline.domain.names import MAX_NAME, alias_key
from timeline.domain.values import ActorData, check_pair
from timeline.domain.vocabulary import check_text
from timeline.errors import Conflict, NotFound, shown, suggest
from timeline.storage import names

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from timeline.app.store import Store

MAX_SHOWN = 5  # actors a refusal of an ambiguous name lists


class Ambiguous(NotFound):
    """A name that more than one actor goes by."""


class Unknown(NotFound):
    """A name that no actor goes by."""


class Named(NamedTuple):  # not a dataclass: a cold start defines it (vocabulary)
    """What a name was taken for: an actor's id, how the name named it, and (``new``) the
    built-in map's actor when the store does not hold it yet."""

    text: str
    id: str
    how: str  # "id", "name", "alias", "code" or "map"
    new: ActorData | None = None


def resolve(conn: Connection, text: str, create: bool = False) -> Named:
    """The actor ``text`` names (see the module); ``NotFound`` when none, or several."""
    if not isinstance(text, str) or not text.strip():
        raise Unknown(f"no actor is named {shown(text)}")
    check_text(text, "an actor's name", MAX_NAME)  # no store can be asked for NUL
    key = alias_key(text)
    found = names.named_by(conn, text, key)
    ids = sorted({actor_id for actor_id, _ in found})
    if len(ids) == 1:
        return Named(text, ids[0], _how(found))
    if len(ids) > 1:
        listed = ", ".join(f"{i} ({', '.join(sorted({h for a, h in found if a == i}))})"
                           for i in ids[:MAX_SHOWN])
        raise Ambiguous(f"{shown(text)} names {len(ids)} actors: {listed}; give one's id")
    mapped, how = built_in(text)
    if mapped is not None:
        held = names.named_by(conn, mapped.id, mapped.id)
        if held:
            return Named(text, held[0][0], how)
        if create:
            return Named(text, mapped.id, how, new=mapped)
        raise NotFound(f"unknown actor {shown(text)}: the built-in map knows it as "
                       f"{mapped.id!r} ({mapped.name}), which this store does not hold yet "
                       "(an event that names it adds it)")
    every = names.every_name(conn)
    raise Unknown(f"unknown actor {shown(text)}{suggest(text, [t for _, _, t in every])}")


def _how(found: list[tuple[str, str]]) -> str:
    return "id" if any(how == "id" for _, how in found) else found[0][1]


def built_in(text: str) -> tuple[ActorData | None, str]:
    """The built-in map's state or organisation ``text`` names (by id, name or code), and
    how; ``(None, "")`` when it knows none."""
    from timeline.interchange.coded import default_actors, known_actor

    tidy = " ".join(text.split())
    if (found := known_actor(tidy)) is not None:
        return found, "map"
    if (found := default_actors()[1].get(tidy.upper())) is not None:
        return found, "code"
    return _map_names().get(alias_key(tidy)), "map"


@functools.cache
def _map_names() -> dict[str, ActorData]:
    """The built-in map's names, by the key a name is looked up by (``alias_key``)."""
    from timeline.interchange.coded import default_actors

    found: dict[str, ActorData] = {}
    for actor in default_actors()[0].values():
        found.setdefault(alias_key(actor.name), actor)
    for name, actor in default_actors()[0].items():
        found.setdefault(alias_key(name), actor)
    return found


def ids(store: Store, *texts: str) -> tuple[str, ...]:
    """The actors these names stand for, as ids: a query reads and never adds an actor,
    so one only the built-in map knows is refused."""
    if all(text in store.actor_ids for text in texts):
        return texts
    # Caught up first: a read model made again on open is empty until then.
    with store.reading() as conn:
        found = [resolve(conn, text) for text in texts]
    store.actor_ids.update(n.id for n in found if n.id == n.text)
    return tuple(n.id for n in found)


def pair_ids(store: Store, pair: tuple[str, str]) -> tuple[str, str]:
    """``ids`` of a relationship's two actors."""
    a, b = ids(store, *pair)
    return a, b


def pair_in(conn: Connection, pair: tuple[str, str]) -> tuple[str, str]:
    """``pair_ids`` read in ``conn`` (a quick read's too), two actors and not one twice."""
    found = (resolve(conn, pair[0]).id, resolve(conn, pair[1]).id)
    check_pair(*found)
    return found


def id_or_topic(store: Store, about: str) -> str:
    """What an 'about' names: an actor (its id, by any of its names), or a topic (a name
    two actors go by is refused, not taken for a topic)."""
    with store.reading() as conn:
        return topic_or_id(conn, about)


def topic_or_id(conn: Connection, about: str) -> str:
    """``id_or_topic`` in a read of its own."""
    try:
        return resolve(conn, about).id
    except Ambiguous:
        raise
    except NotFound:
        return about


def alias_clash(aliases: Mapping[str, str], actor: ActorData) -> Conflict | None:
    """The refusal of an actor whose id or name is another actor's alias (by key): the
    alias would stop naming what it names, silently."""
    for what, text in (("id", actor.id), ("name", actor.name)):
        owner = aliases.get(alias_key(text))
        if owner is not None and owner != actor.id:
            return Conflict(f"actor {actor.id!r}: its {what} {text!r} is already an alias of "
                            f"{owner!r} (remove the alias first, or choose another {what})")
    return None


Taken = dict[str, list[tuple[str, str]]]  # a name's key -> (actor id, "id" or "name")


def names_taken(actors: Iterable[ActorData]) -> Taken:
    """The ids and names of these actors by key, for ``name_clash``."""
    taken: Taken = {}
    for actor in actors:
        take(taken, actor)
    return taken


def take(taken: Taken, actor: ActorData) -> None:
    taken.setdefault(alias_key(actor.id), []).append((actor.id, "id"))
    taken.setdefault(alias_key(actor.name), []).append((actor.id, "name"))


def name_clash(actor: ActorData, taken: Taken) -> Conflict | None:
    """The refusal of a new actor whose name is another actor's id (ignoring case), or
    whose id is another's id or name: an id is never ambiguous, and the actor it named
    would answer to its exact id alone. Two actors may share a name (two Congos): the name
    is then refused as ambiguous, with both ids. (An alias's clash: ``alias_clash``.)"""
    for what, text in (("name", actor.name), ("id", actor.id)):
        for other, how in taken.get(alias_key(text), ()):
            if other != actor.id and (how == "id" or (what, how) == ("id", "name")):
                return Conflict(f"actor {actor.id!r}: its {what} {text!r} is already the "
                                f"{how} of actor {other!r}: an id names one actor (choose "
                                f"another {what})")
    return None
