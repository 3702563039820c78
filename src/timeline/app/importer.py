"""Imports: a first pass validates every record, and checks it against the store, before
anything is written; a second pass writes what is new in batches, each one transaction.

The first pass spills each event the store does not hold, as validated, to a temporary
file, and the second reads that file, not the input again: what is written is exactly what
was checked, even if the input changes meanwhile. A bad record anywhere stores nothing. An
import that was killed part way is completed by running it again, since what is stored
already is skipped.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, Any, TypeVar

from timeline.app.batches import Batch, Written, batches, import_batch, prepare, spilled
from timeline.app.collector import fewer_collections
from timeline.app.import_rules import (
    REVISED,
    actor_conflict,
    both_coded,
    event_conflict,
    held_as,
    holds,
    unknown_actors,
)
from timeline.app.naming import Taken, alias_clash, name_clash, names_taken, take
from timeline.app.store import Store, store_errors
from timeline.domain.dates import now
from timeline.domain.origins import check_sourced
from timeline.domain.records import ImportResult, Item, Record
from timeline.domain.validation import (
    check_alone,
    digest,
    has_content_id,
    legacy_content_id,
    validate_actor,
    validate_author,
    validate_event,
)
from timeline.domain.values import ActorData, EventData
from timeline.domain.vocabulary import get_type
from timeline.errors import Conflict, InvalidValue, NotFound, TimelineError, suggest
from timeline.storage import names, projector, queries

R = TypeVar("R")
Items = Callable[[], Iterable[Item]]  # read to plan (and again only to name a conflict)
ImportProgress = Callable[[str, int], None]  # (phase, records done since the last call)

# Events stored between two tidyings of a long import (``Database.tidy``): often enough that
# no batch meets many more deleted rows than the first did, seldom enough to cost little
# (a VACUUM reads each index of the tables it tidies once). The planner's statistics are
# refreshed only where the store has doubled since they last were, and at the end: at a
# million events an ANALYZE took 1.02 s and the VACUUM 0.14, and a plan follows the
# tables' proportions, which change that slowly (a VACUUM keeps their sizes up to date).
TIDY_EVENTS = 50_000
CHECK_CHUNK = 2_000


@dataclass
class Plan:
    """What the first pass found: the actors to add, and each new event's digest."""

    new_actors: dict[str, ActorData] = field(default_factory=dict)
    seen: dict[str, bytes] = field(default_factory=dict)  # event id -> content digest
    actor_records: int = 0
    event_records: int = 0
    superseded: int = 0  # records matching an event since corrected or retracted
    actors_known: set[str] = field(default_factory=set)  # in the store or in the import
    # The read model's position when the plan began, and at each of its checks against the
    # store (None once any saw another): where the log has not moved on from it by the time
    # a batch is written, no other process stored anything the plan did not see. Checked
    # at each check, not only at the end: a rebuild part-way shows fewer events than the
    # store holds, and is back at the same position once done.
    position: int | None = 0
    skipped: dict[str, int] = field(default_factory=dict)  # why -> records mapped to nothing
    examples: dict[str, list[str]] = field(default_factory=dict)  # why -> up to 3 values
    actors_unchanged: int = 0  # actor records already in the store
    actors_given: set[str] = field(default_factory=set)  # by the import's actor records
    # Offered by a reader's built-in map (--create-actors), and named by an event to store:
    # one offered for a record stored already, or revised, is not added.
    defaults: set[str] = field(default_factory=set)
    named_new: set[str] = field(default_factory=set)
    repeated: int = 0  # records the same as an earlier one of this import
    event_repeats: int = 0  # of them, events
    revised: int = 0  # coded records the store holds otherwise (skipped, as REVISED says)
    by_type: dict[str, int] = field(default_factory=dict)  # new events, by type


class Importer:
    """Imports into one store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @store_errors
    def run(self, items: Items, progress: ImportProgress | None = None,
            batch_size: int | None = None, dry_run: bool = False, *,
            by: str | None = None, sourced: bool = False) -> ImportResult:
        """Import ``items()``: plan and validate, then write the spilled events; with
        ``dry_run``, only say what would be stored. ``by``: the known person who records
        the new events (the import's files cannot say; an event stored already keeps its
        own author)."""
        author = None if by is None else validate_author(by)
        batch_size = batch_size or import_batch()
        self.store.catch_up()
        with tempfile.TemporaryFile("w+", encoding="utf-8") as spill, fewer_collections():
            plan = self._plan(items, progress, spill, dry_run, sourced)
            if dry_run:
                return _result(plan, len(plan.new_actors), sum(plan.by_type.values()), True)
            spill.seek(0)
            return self._write(plan, spill, batch_size, progress, author)

    def _write(self, plan: Plan, spill: Iterable[str], batch_size: int,
               progress: ImportProgress | None, by: str | None) -> ImportResult:
        actors_written = events_written = untidy = 0
        stored = analyzed = self.store.log_length()  # entries, as the tables grow with them
        # One record time for the whole import: it is one act of recording, and a record time
        # shared by every batch leaves no fact rows closed between one batch and the next.
        recorded_at = now()
        position: int | None = plan.position
        # By type: what this import stored, where another process may have stored some of
        # what it planned first.
        written: Counter[str] = Counter()
        for actors, lines in batches(plan.new_actors.values(), spill, batch_size):
            if untidy >= TIDY_EVENTS:  # each batch costs the same as the first
                # (Before the next batch, not after the last: the end tidies anyway.)
                size = stored + actors_written + events_written
                grown = size >= 2 * analyzed
                self.store.db.tidy(statistics=grown)
                analyzed = size if grown else analyzed
                untidy = 0
            (actors_n, types, revised, position) = self.write_batch(
                prepare(self.store.log, actors, lines, recorded_at, by), progress, position)
            for event_id in revised:  # counted as the first pass counts them
                _revised(plan, event_id)
            actors_written += actors_n
            events_written += len(types)
            untidy += len(types)
            written.update(types)
        if events_written and (untidy or analyzed < stored + actors_written + events_written):
            self.store.db.tidy()  # what asks next is planned for the tables as they are
        plan.by_type = written
        return _result(plan, actors_written, events_written)

    def _plan(self, items: Items, progress: ImportProgress | None, spill: IO[str],
              dry_run: bool = False, sourced: bool = False) -> Plan:
        with self.store.db.reading() as conn:
            position = projector.position_in(conn)
            known = {a.id: a for a in queries.actors(conn)}
            aliases = names.alias_keys(conn)
        plan = Plan(actors_known=set(known), position=position)
        taken = names_taken(known.values())  # ids and names, for a new actor's
        # actor id -> (role, first record naming it)
        referenced: dict[str, tuple[str, str]] = {}
        uses: dict[str, int] = {}  # actor id -> records naming it
        # actor id -> (type, first record where it acts alone)
        alone: dict[str, tuple[str, str]] = {}
        chunk: list[tuple[Record, EventData, str | None]] = []
        for kind, record in items():
            if kind == "skip":
                _skip(plan, str(record.data.get("reason")), str(record.data.get("example") or ""))
                continue
            if kind == "default_actor":
                # Offered by a reader's default map (--create-actors): added where the store
                # and the import lack it, and never in conflict with an actor they have.
                actor = validate_actor(record.data)
                if actor.id not in known and actor.id not in plan.new_actors:
                    _no_clash(aliases, actor, record)
                    plan.new_actors[actor.id] = actor
                    plan.actors_known.add(actor.id)
                    plan.defaults.add(actor.id)
                    take(taken, actor)
                continue
            if kind == "actor":
                plan.actor_records += 1
                actor = _at(record, validate_actor, record.data)
                existing = known.get(actor.id) or plan.new_actors.get(actor.id)
                if existing is None:
                    _no_clash(aliases, actor, record, taken)
                    plan.new_actors[actor.id] = actor
                    plan.actors_known.add(actor.id)
                    take(taken, actor)
                elif existing != actor:
                    raise actor_conflict(existing, actor, _prefix(record))
                elif actor.id in known and actor.id not in plan.actors_given:
                    plan.actors_unchanged += 1
                else:  # declared again by another file of the import, or offered by a map
                    plan.repeated += 1
                plan.defaults.discard(actor.id)  # declared: added whatever names it
                plan.actors_given.add(actor.id)
                continue
            plan.event_records += 1
            event = _at(record, validate_event, record.data, None)
            if sourced:  # a served team's rule: a fact cites where it is said
                _at(record, check_sourced, event)
            for role, actor_id in (("actor", event.actor), ("target", event.target),
                                   ("via", event.via)):
                if actor_id is not None:
                    referenced.setdefault(actor_id, (role, record.where))
                    uses[actor_id] = uses.get(actor_id, 0) + 1
            if event.target is None and get_type(event.type).alone:
                alone.setdefault(event.actor, (event.type, record.where))
            fingerprint = digest(event)
            if event.id in plan.seen:
                if plan.seen[event.id] != fingerprint:
                    raise Conflict(
                        f"{_prefix(record)}event id {event.id!r} is used again with other "
                        f"content (first at {_first_use(items, event.id)})"
                    )
                plan.repeated += 1  # the same event twice: stored once
                plan.event_repeats += 1
                continue
            plan.seen[event.id] = fingerprint
            chunk.append((record, event,
                          legacy_content_id(event) if has_content_id(record.data) else None))
            if len(chunk) >= CHECK_CHUNK:
                self._check_against_store(chunk, plan, spill)
                chunk = []
            if progress is not None and plan.event_records % 1000 == 0:
                progress("validating", 1000)
        self._check_against_store(chunk, plan, spill)
        if progress is not None:
            progress("validating", plan.event_records % 1000)
        for actor_id in plan.defaults - plan.named_new:
            del plan.new_actors[actor_id]
        unknown = [a for a in referenced
                   if a not in known and a not in plan.new_actors and a not in plan.defaults]
        if unknown and dry_run:  # the whole import checked: all of them, at once
            raise NotFound(unknown_actors(unknown, referenced, uses))
        for actor_id in unknown:
            role, where = referenced[actor_id]
            hint = suggest(actor_id, known.keys() | plan.new_actors.keys())
            raise NotFound(
                f"{where + ': ' if where else ''}unknown {role} {actor_id!r}{hint}; add it "
                f"with 'timeline actor add {actor_id} --name ...' or in the file's 'actors' "
                "(or, for coded data, import with --create-actors)"
            )
        for actor_id, (type_name, where) in alone.items():
            held = known.get(actor_id) or plan.new_actors.get(actor_id)
            if held is None:  # offered by a map for records not stored (``defaults``)
                continue
            try:
                check_alone(type_name, actor_id, held.kind)
            except InvalidValue as exc:
                raise InvalidValue(f"{where + ': ' if where else ''}{exc}") from None
        return plan

    def _check_against_store(self, chunk: Sequence[tuple[Record, EventData, str | None]],
                             plan: Plan, spill: IO[str]) -> None:
        """Check a chunk of new records against the store, and spill what is not stored."""
        with self.store.db.reading() as conn:
            stored = queries.versions_of(
                conn, [i for _, event, legacy in chunk for i in (event.id, legacy) if i],
                self.store.log.content_of)
            if plan.position is not None and projector.position_in(conn) != plan.position:
                plan.position = None  # what this check saw, the batches check again
        for record, event, legacy in chunk:
            if event.id not in stored:
                # Stored already, under the shorter id an earlier version made from its
                # content, or to be written.
                if not (legacy in stored and holds(stored[legacy], event)):
                    plan.by_type[event.type] = plan.by_type.get(event.type, 0) + 1
                    if plan.defaults:  # (a map offers an actor before the first record naming it)
                        plan.named_new.update(a for a in (event.actor, event.target, event.via)
                                              if a is not None)
                    spill.write(spilled(event))
                continue
            if not holds(stored[event.id], event):
                if both_coded(stored[event.id], event):
                    _revised(plan, event.id)
                    continue
                unknown = [a for a in (event.actor, event.target)
                           if a is not None and a not in plan.actors_known]
                if unknown:  # the likelier mistake: a name, not an id (see --actor-map)
                    raise NotFound(f"{_prefix(record)}unknown actor {unknown[0]!r}"
                                   f"{suggest(unknown[0], plan.actors_known)}")
                raise event_conflict(event.id, _prefix(record))
            if stored[event.id].status == "retracted" or \
                    not held_as(stored[event.id].current, event):
                plan.superseded += 1

    def write_batch(self, batch: Batch, progress: ImportProgress | None = None,
                    position: int | None = None) -> Written:
        """Store what of a batch is not stored yet, in one transaction that appends it to
        the log and projects it; returns how many actors it stored and the types of the
        events it stored (another process may have stored some first), and the log's
        position after it. Where the log is still at ``position`` (as the import last saw
        it), nobody stored anything meanwhile, and the batch is not checked against the
        store again; where it is not, the position returned is None, and every later batch
        is checked (what another process stored may be any of them)."""
        with self.store.writing() as conn:
            self.store.lock_log(conn)  # from here on, no other process can append
            actors, events = batch.actors, batch.events
            stored: dict[str, queries.Stored] = {}
            known: dict[str, ActorData] = {}
            revised: list[str] = []  # coded records another process stored otherwise first
            moved = position is None or projector.position_in(conn) != position
            if moved:
                stored = queries.versions_of(conn, (e.id for e in events),
                                             self.store.log.content_of)
                known = {a.id: a for a in queries.actors(conn, (a.id for a in actors))}
            for actor in actors:
                if actor.id in known and known[actor.id] != actor:
                    raise Conflict(f"actor {actor.id!r} was registered by another process "
                                   f"meanwhile as {known[actor.id].name!r} "
                                   f"({known[actor.id].kind}), not {actor.name!r} ({actor.kind}); "
                                   "nothing of this batch was stored")
            for event in events:
                if event.id in stored and not holds(stored[event.id], event):
                    if both_coded(stored[event.id], event):  # as the first pass would have
                        revised.append(event.id)
                        continue
                    raise Conflict(
                        f"event {event.id!r} was recorded by another process meanwhile with "
                        "different content; what was imported before it stays stored"
                    )
            entries = batch.entries
            if stored or known:  # what another process stored first is not appended again
                entries = [e for e in entries
                           if (e.logged.id not in known if e.logged.kind == "actor"
                               else e.logged.id not in stored)]
            self.store.append_within(conn, entries, batch.projected)
            after = None if moved else projector.position_in(conn)
        types = [e.type for e in events if e.id not in stored]
        if progress is not None:
            progress("storing", len(types))
        return Written(len(actors) - len(known), types, revised, after)


def _result(plan: Plan, actors: int, events: int, dry_run: bool = False) -> ImportResult:
    return ImportResult(
        actors_added=actors,
        events_added=events,
        unchanged=(plan.actors_unchanged + plan.event_records - plan.event_repeats
                   - plan.revised - events),
        repeated=plan.repeated,
        superseded=plan.superseded,
        skipped=dict(sorted(plan.skipped.items(), key=lambda kv: (-kv[1], kv[0]))),
        examples=plan.examples,
        by_type=dict(sorted(plan.by_type.items(), key=lambda kv: (-kv[1], kv[0]))),
        dry_run=dry_run,
    )


def _skip(plan: Plan, reason: str, example: str) -> None:
    plan.skipped[reason] = plan.skipped.get(reason, 0) + 1
    seen = plan.examples.setdefault(reason, [])
    if example and len(seen) < 3 and example not in seen:
        seen.append(example)


def _revised(plan: Plan, event_id: str) -> None:
    _skip(plan, REVISED, event_id)
    plan.revised += 1


def _no_clash(aliases: Mapping[str, str], actor: ActorData, record: Record,
              taken: Taken | None = None) -> None:
    """A new actor's refusal where it takes an alias, or (``taken``: given in a file, not
    offered by a map) another actor's id or name as ``name_clash`` says."""
    clash = alias_clash(aliases, actor) or (
        name_clash(actor, taken) if taken is not None else None)
    if clash is not None:
        raise Conflict(f"{_prefix(record)}{clash}")


def _first_use(items: Items, event_id: str) -> str:
    for kind, record in items():
        if kind == "event" and record.data.get("id") == event_id:
            return record.where or "an earlier record"
    return "an earlier record"  # pragma: no cover - the first pass saw it


def _at(record: Record, fn: Callable[..., R], *args: Any) -> R:
    """Run a validation, prefixing any refusal with where the record came from."""
    try:
        return fn(*args)
    except TimelineError as exc:
        if not record.where:
            raise
        raise type(exc)(f"{record.where}: {exc}") from None


def _prefix(record: Record) -> str:
    return f"{record.where}: " if record.where else ""
