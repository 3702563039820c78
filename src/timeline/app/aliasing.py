"""Names as a store's users work with them: what names stand for, and aliases given and
withdrawn (the rules of a name are ``app.naming``'s)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import suppress
from typing import Any

from timeline.app import naming
from timeline.app.naming import Named, Unknown, resolve, topic_or_id
from timeline.app.recording import Recording
from timeline.app.store import Store, store_errors
from timeline.domain.aliases import AliasChange, KnownActor
from timeline.domain.names import alias_key
from timeline.domain.values import ActorData
from timeline.domain.vocabulary import ID_PATTERN, TYPES
from timeline.errors import Conflict, suggest
from timeline.storage import names, queries

# The fields that name one of an event's two actors (a meeting's host): given by name too.
PARTY_FIELDS = sorted({f.name for t in TYPES.values() for f in t.fields if f.kind == "party"})


class Naming:
    """What users do with names: look them up, give and withdraw aliases, list actors with
    theirs. Held by ``Timeline`` (``Timeline.names``), sharing its store."""

    def __init__(self, store: Store, recording: Recording) -> None:
        self.store = store
        self.recording = recording

    @store_errors
    def near_actors(self, topics: Sequence[str]) -> dict[str, str]:
        """The topics given (an event's ``about`` that names no actor) that are close to an
        actor's id, name or alias, with ``suggest``'s hint: likelier a typo than a topic."""
        with self.store.reading() as conn:
            every = names.every_name(conn)
        known = {actor_id for actor_id, _, _ in every}
        texts = [text for _, _, text in every]
        hints = {topic: suggest(topic, texts) for topic in topics if topic not in known}
        return {topic: hint for topic, hint in hints.items() if hint}

    @store_errors
    def named(self, *texts: str, create: bool = False) -> list[Named]:
        """What each name stands for (an id, a name, an ISO code, an alias: ``resolve``);
        with ``create``, also a state or organisation only the built-in map knows, which a
        recording that names it adds (``Named.new``). Nothing is written."""
        with self.store.reading() as conn:
            return [resolve(conn, text, create) for text in texts]

    def by_id(self, raw: dict[str, Any], keys: Sequence[str]
              ) -> tuple[dict[str, Any], list[ActorData]]:
        """``raw`` with the actors named under ``keys`` given by their ids, and those of
        them only the built-in map knows (to add with what names them)."""
        named = {k: raw[k] for k in keys if isinstance(raw.get(k), str) and raw[k]}
        found: dict[str, Named] = {}
        with self.store.reading() as conn:
            for key, text in named.items():
                try:
                    found[key] = resolve(conn, text, create=True)
                except Unknown:
                    if not ID_PATTERN.fullmatch(text):
                        raise  # a name, and no actor's: said with the nearest
                    # an id the store lacks: the event's own check says how to add it
            # Only what has the shape the gate takes: anything else is left for it to
            # refuse in its own words ('fields' must be a mapping...), not made one here.
            given = raw.get("fields")
            fields = dict(given) if isinstance(given, Mapping) else {}
            for name in PARTY_FIELDS:  # a meeting's host, by name
                text = fields.get(name)
                if isinstance(text, str) and text:
                    with suppress(Unknown):
                        fields[name] = resolve(conn, text).id
            about = raw.get("about")
            if isinstance(about, list | tuple):
                about = [topic_or_id(conn, a) if isinstance(a, str) and a else a
                         for a in about]
        new = {n.new.id: n.new for n in found.values() if n.new is not None}
        resolved = {**raw, **{k: n.id for k, n in found.items()}}
        if raw.get("fields") and isinstance(given, Mapping):
            resolved["fields"] = fields
        if raw.get("about"):
            resolved["about"] = about
        return resolved, list(new.values())

    @store_errors
    def alias(self, actor: str, alias: str, move: bool = False) -> AliasChange:
        """Let ``alias`` name ``actor`` too (see ``Recording.alias``)."""
        (actor_id,) = naming.ids(self.store, actor)
        return self.recording.alias(actor_id, alias, move)

    @store_errors
    def unalias(self, alias: str, actor: str | None = None) -> AliasChange:
        """Let ``alias`` name no actor any more (the log keeps what it named); with
        ``actor``, only if it names that actor now."""
        if actor is not None:
            (actor_id,) = naming.ids(self.store, actor)
            with self.store.reading() as conn:
                owner = names.alias_owner(conn, alias_key(alias))
            if owner != actor_id:
                raise Conflict(f"{alias!r} names {owner or 'no actor'}, not {actor_id}")
        return self.recording.alias(None, alias)

    def search(self, text: str) -> list[KnownActor]:
        """``matching`` of every actor."""
        return matching(self.known_actors(), text)

    @store_errors
    def known_actors(self) -> list[KnownActor]:
        """Every actor with its aliases."""
        with self.store.reading() as conn:
            aliases = names.aliases(conn)
            return [KnownActor(a.id, a.name, a.kind, a.exists_from,
                               tuple(aliases.get(a.id, ()))) for a in queries.actors(conn)]


def matching(actors: Sequence[KnownActor], text: str) -> list[KnownActor]:
    """The actors whose id, name or alias holds ``text``, ignoring case, or a name or code
    the built-in map gives them ("atlantic": NATO, "usa": the United States); all of them
    for no text."""
    from timeline.interchange.coded import built_in_names

    wanted = " ".join(text.split()).casefold()
    if not wanted:
        return list(actors)
    mapped = built_in_names()
    return [a for a in actors
            if any(wanted in t.casefold() for t in (a.id, a.name, *a.aliases))
            or any(wanted in t for t in mapped.get(a.id, ()))]
