"""Recording one thing at a time: an actor, an event, a correction, a retraction; and an
event's history as the log holds it. Every change is appended to the log, never made in
place (``Store.append``), so what was recorded before stays readable.

``by``, where given, is the known person who records the events, their corrections and
retractions: each log entry of an event the call writes names them (``recorded_by``).
Actors added alongside name nobody (see ``aggregates``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import Connection

from timeline.app import naming
from timeline.app.import_rules import actor_conflict, event_conflict, holds
from timeline.app.store import Store, store_errors
from timeline.domain.aggregates import Action, Actor, Alias
from timeline.domain.aliases import AliasChange
from timeline.domain.dates import now
from timeline.domain.histories import Version
from timeline.domain.names import alias_key
from timeline.domain.origins import check_sourced
from timeline.domain.validation import (
    MAX_NOTE,
    corrected,
    has_content_id,
    legacy_content_id,
    validate_actor,
    validate_alias,
    validate_author,
    validate_event,
)
from timeline.domain.values import ActorData, EventData
from timeline.domain.vocabulary import check_id, check_text
from timeline.errors import Conflict, InvalidValue, NotFound
from timeline.storage import names, queries, states


class Recording:
    """The commands that change one store's record."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @store_errors
    def add_actor(self, actor_id: str, name: str, kind: str = "other",
                  exists_from: str | None = None) -> ActorData:
        """Register an actor; registering the same one again changes nothing."""
        actor = validate_actor({"id": actor_id, "name": name, "kind": kind,
                                "exists_from": exists_from})
        for attempt in range(Store.WRITE_ATTEMPTS):
            with self.store.writing() as conn:
                existing = queries.actors(conn, [actor.id])
                clash = naming.alias_clash(names.alias_keys(conn), actor)
                if clash is None and not existing:  # the same again changes nothing
                    clash = naming.name_clash(actor, naming.names_taken(queries.actors(conn)))
            if clash is not None:
                raise clash
            if existing:
                if existing[0] != actor:
                    raise actor_conflict(existing[0], actor)
                return actor
            new = Actor(actor.id, actor.name, actor.kind, recorded_at=now(),
                        exists_from=actor.exists_from)
            last_try = attempt == Store.WRITE_ATTEMPTS - 1
            if self.store.append([new], last_try=last_try, project=False):
                with self.store.writing(check=False):
                    return actor
        raise AssertionError("unreachable")  # pragma: no cover

    @store_errors
    def add_event(self, raw: dict[str, Any], actors: Sequence[ActorData] = (), *,
                  by: str | None = None, sourced: bool = False) -> tuple[EventData, bool]:
        """Record one event; returns it as stored and whether it was new."""
        return self.add_events([raw], actors, by=by, sourced=sourced)[0]

    @store_errors
    def add_events(self, raws: Sequence[dict[str, Any]], actors: Sequence[ActorData] = (),
                   *, by: str | None = None, sourced: bool = False
                   ) -> list[tuple[EventData, bool]]:
        """Record events together, all or none; returns each as stored and whether it was
        new. Three transactions: catch up and look them up; append; project and read back.
        ``actors``: those the events name that the store may not hold yet (added with
        the first new event, in its transaction). An event stored already is left as it
        is, whoever recorded it. ``sourced``: a fact needs a source (a served team's rule).
        """
        author = None if by is None else validate_author(by)
        for attempt in range(Store.WRITE_ATTEMPTS):
            new: list[Action | Actor] = []
            found: list[tuple[str, bool]] = []
            with self.store.writing() as conn:
                known = states.actor_ids(conn)
                adding = [a for a in actors if a.id not in known]
                known |= {a.id: a.kind for a in adding}
                for raw in raws:
                    event, stored = self._looked_up(conn, raw, known)
                    if sourced:
                        check_sourced(event)
                    if stored is not None:
                        if not holds(stored, event):
                            raise event_conflict(event.id)
                        if stored.status == "retracted":
                            raise Conflict(
                                f"event {event.id!r} was recorded and then retracted; nothing "
                                "changed (give it another id to record it again)")
                    else:
                        new.append(Action.record(event.id, event.content(), now(), author))
                    found.append((event.id, stored is None))
            if new:
                new[:0] = [Actor(a.id, a.name, a.kind, recorded_at=now()) for a in adding]
            if new and not self.store.append(
                    new, last_try=attempt == Store.WRITE_ATTEMPTS - 1, project=False):
                continue  # another process stored one of these ids first: compare with it
            with self.store.writing(check=False) as conn:
                current = queries.events_by_id(conn, [event_id for event_id, _ in found])
            assert len(current) == len({i for i, _ in found}), "stored events are projected"
            return [(current[event_id], made) for event_id, made in found]
        raise AssertionError("unreachable")  # pragma: no cover

    def _looked_up(self, conn: Connection, raw: dict[str, Any], actors: dict[str, str]
                   ) -> tuple[EventData, queries.Stored | None]:
        """The event ``raw`` describes (naming ``actors``), and what the store holds under
        its id (or under the id an earlier version gave the same content)."""
        event = validate_event(raw, actors)
        stored = queries.versions_of(conn, [event.id], self.store.log.content_of).get(event.id)
        if stored is None and has_content_id(raw):  # made by an earlier version?
            legacy = legacy_content_id(event)
            found = queries.versions_of(conn, [legacy], self.store.log.content_of).get(legacy)
            if found is not None and holds(found, event):
                return replace(event, id=legacy), found
        return event, stored

    @store_errors
    def correct(self, event_id: str, reason: str, *, on: str | None = None,
                announced: str | None = None, actor: str | None = None,
                target: str | None = None, fields: dict[str, str] | None = None,
                sources: Sequence[str] = (), actors: Sequence[ActorData] = (),
                by: str | None = None, sourced: bool = False) -> EventData:
        """Record a corrected version of an event; the original stays in the log.

        ``fields`` are merged into the event's fields (an empty value removes one);
        ``sources`` are added to its sources; ``actors``, those it may now name that the
        store does not hold yet, are added with it.
        """
        why = _reason(reason)
        author = None if by is None else validate_author(by)
        action = self.store.action(event_id)
        raw = corrected(event_id, action.content, on=on, announced=announced, actor=actor,
                        target=target, fields=fields or {}, sources=sources)
        with self.store.reading() as conn:
            known = states.actor_ids(conn)
        adding = [a for a in actors if a.id not in known and a.id in (raw["actor"],
                                                                       raw.get("target"))]
        event = validate_event(raw, known | {a.id: a.kind for a in adding})
        if event.content() == action.content:
            raise InvalidValue(f"the correction of {event_id!r} changes nothing")
        if sourced:  # a served team's rule, as for a new event
            check_sourced(event)
        if author is None:
            action.correct(event.content(), why, recorded_at=now())
        else:
            action.correct_by(event.content(), why, recorded_at=now(), recorded_by=author)
        return self.store.save_existing(
            action, [Actor(a.id, a.name, a.kind, recorded_at=now()) for a in adding])

    @store_errors
    def retract(self, event_id: str, reason: str, *, by: str | None = None) -> EventData:
        """Record that an event no longer counts; it stays in the log and its history."""
        why = _reason(reason)
        author = None if by is None else validate_author(by)
        action = self.store.action(event_id)
        if author is None:
            action.retract(why, recorded_at=now())
        else:
            action.retract_by(why, recorded_at=now(), recorded_by=author)
        return self.store.save_existing(action)

    @store_errors
    def history(self, event_id: str) -> list[Version]:
        """Every version of an event, from the log itself, oldest first."""
        check_id(event_id, "event id")
        versions: list[Version] = []
        content: dict[str, Any] = {}
        for entry in self.store.log.entries(Action.create_id(event_id)):
            content = entry.content or content
            versions.append(Version(
                entry.version, entry.kind, entry.recorded_at, entry.reason,
                EventData.from_stored(event_id, content, entry.recorded_at, entry.kind,
                                      entry.recorded_by), entry.recorded_by))
        if not versions:
            raise self.store.unknown_event(event_id)
        return versions


    @store_errors
    def alias(self, actor_id: str | None, alias: str, move: bool = False) -> AliasChange:
        """Let ``alias`` name ``actor_id`` (None: no actor any more). An alias is no other
        actor's id or name, or a name would stand for two actors; one that names another
        actor is moved only with ``move``; giving one what it already names changes
        nothing."""
        tidy = validate_alias(alias, actor_id)
        key = alias_key(tidy)
        for attempt in range(Store.WRITE_ATTEMPTS):
            with self.store.reading() as conn:
                clash = [a for a, how in names.named_by(conn, tidy, key)
                         if how != "alias" and a != actor_id]
                before = names.alias_owner(conn, key)
            if clash and actor_id is not None:
                raise Conflict(f"{tidy!r} is already actor {clash[0]!r}'s "
                               f"{'id' if clash[0].casefold() == key else 'name'}: "
                               "an alias names one actor only")
            mapped, _ = naming.built_in(tidy)
            if mapped is not None and actor_id not in (None, mapped.id):
                raise Conflict(f"the built-in map gives {tidy!r} to {mapped.id}: an alias "
                               "names one actor only")
            if None not in (actor_id, before) and before != actor_id and not move:
                raise Conflict(f"{tidy!r} names {before} now; move it to {actor_id} "
                               "explicitly (--move), or give another alias")
            if actor_id is None and before is None:
                raise NotFound(f"no actor goes by the alias {tidy!r}")
            aggregate = self.store.log.alias(tidy)
            if aggregate is None:
                assert actor_id is not None
                aggregate = Alias(tidy, actor_id, recorded_at=now())
            elif aggregate.actor_id == actor_id and aggregate.alias == tidy:
                return AliasChange(tidy, before, actor_id, changed=False)
            else:
                aggregate.move(tidy, actor_id, recorded_at=now())
            if self.store.append([aggregate], last_try=attempt == Store.WRITE_ATTEMPTS - 1):
                return AliasChange(tidy, before, actor_id, changed=True)
        raise AssertionError("unreachable")  # pragma: no cover


def _reason(reason: str) -> str:
    if not reason or not reason.strip():
        raise InvalidValue("give a reason: why the record changes")
    return check_text(reason.strip(), "the reason", MAX_NOTE)
