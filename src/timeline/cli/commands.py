"""The ``timeline`` command: parses flags, calls the library, renders what it returns.

Heavy modules (eventsourcing, SQLAlchemy, matplotlib) load only when a command needs them,
so ``--help`` and ``types`` start fast.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Generator
from typing import TYPE_CHECKING, Any

import click

from timeline import __version__
from timeline.cli import instant
from timeline.cli.session import Session
from timeline.cli.support import (
    EVENT_DATE_FORMS,
    PERIOD_FORMS,
    QUERY_DATE,
    QUERY_END,
    QUERY_END_FORMS,
    QUERY_START_FORMS,
    RECORD_TIME,
    RECORD_TIME_FORMS,
    TimelineGroup,
    complete_actors,
    complete_types,
    db_anywhere,
    event_types,
    help_without_a_command,
    key_values,
    listing,
    pass_session,
    reason_given,
    usage_errors,
)
from timeline.domain.actor_state import ActorState
from timeline.domain.aliases import AliasChange, KnownActor
from timeline.domain.diffs import Diff
from timeline.domain.histories import Version
from timeline.domain.revisions import Correction, Retraction, correction
from timeline.domain.values import ACTOR_KINDS, ActorData, EventData, State
from timeline.domain.vocabulary import FACT_KINDS
from timeline.storage.config import DEFAULT_DB
from timeline.views import text

if TYPE_CHECKING:
    from timeline.domain.jsonable import Written

# -- commands ----------------------------------------------------------------------------


# The commands of the other modules, loaded when asked for (see TimelineGroup).
LAZY = {
    "import": "timeline.cli.transfer:import_", "export": "timeline.cli.transfer:export",
    "changes": "timeline.cli.overview:changes", "members": "timeline.cli.overview:members",
    "chart": "timeline.cli.pictures:chart", "report": "timeline.cli.pictures:report",
    "leads": "timeline.cli.leads:leads", "accept": "timeline.cli.leads:accept",
    "dismiss": "timeline.cli.leads:dismiss",
    "check": "timeline.cli.upkeep:check", "rebuild": "timeline.cli.upkeep:rebuild",
    "serve": "timeline.cli.serve:serve", "user": "timeline.cli.serve:user",
    "token": "timeline.cli.serve:token",
}


@click.group(cls=TimelineGroup, name="timeline", invoke_without_command=True, lazy=LAZY)
@click.option(
    "--db",
    envvar="TIMELINE_DB",
    default=DEFAULT_DB,
    show_default=True,
    help="The store: a SQLite file path, sqlite:///PATH or postgresql://USER@HOST/DB "
    "(env TIMELINE_DB).",
)
@click.version_option(__version__, prog_name="timeline")
@click.pass_context
def cli(ctx: click.Context, db: str) -> None:
    """Record diplomatic actions as events; ask what held on a date and what changed."""
    help_without_a_command(ctx)
    session = Session(db)
    ctx.obj = session
    ctx.call_on_close(session.close)


@cli.group(invoke_without_command=True)
@click.pass_context
def actor(ctx: click.Context) -> None:
    """Add and list actors (states, organizations, officials)."""
    help_without_a_command(ctx)


@actor.command("add")
@click.argument("actor_id", metavar="ID")
@click.option("--name", required=True, help="Display name.")
@click.option("--kind", type=click.Choice(ACTOR_KINDS), default="other", show_default=True)
@click.option("--exists-from", metavar="DATE",
              help="The first day it existed, where known: a tie of it seen by a day "
              f"(../D) is not shown as possible before. {PERIOD_FORMS}")
@listing(lambda a: a.id)
@pass_session
def actor_add(session: Session, actor_id: str, name: str, kind: str,
              exists_from: str | None) -> ActorData:
    """Add an actor (adding the same one again changes nothing)."""
    return session.creating.add_actor(actor_id, name, kind, exists_from)


@actor.command("list")
@listing(text.render_actors)
@pass_session
def actor_list(session: Session) -> list[KnownActor]:
    """List the actors, with their aliases."""
    return session.app.names.known_actors()


@actor.command("alias")
@click.argument("actor_name", metavar="ACTOR", shell_complete=complete_actors)
@click.argument("alias")
@click.option("--remove", is_flag=True,
              help="Let ALIAS name no actor any more (the log keeps what it named).")
@click.option("--move", is_flag=True, help="Move ALIAS to ACTOR from the actor it names.")
@listing(text.render_alias)
@pass_session
def actor_alias(session: Session, actor_name: str, alias: str, remove: bool, move: bool
                ) -> AliasChange:
    """Let ALIAS name ACTOR too, wherever an actor is asked for ('timeline actor alias
    united-states USA', then 'timeline state usa russia').

    Any command takes an actor as its id, its name or an alias, ignoring case, and a state
    or organisation by its ISO name or code as the built-in map knows it. An alias is no
    other actor's id or name, and names one actor at a time."""
    if remove:
        return session.app.names.unalias(alias, actor_name)
    return session.app.names.alias(actor_name, alias, move)


@cli.command()
@click.argument("event_type", metavar="TYPE", shell_complete=complete_types)
@click.option("--actor", "actor_id", required=True,
              help="Who acts: an id, a name, an alias or an ISO code.",
              shell_complete=complete_actors)
@click.option("--target", "target_id", help="The other side of the relationship.",
              shell_complete=complete_actors)
@click.option("--on", "on", required=True,
              help=f"When it took effect: {EVENT_DATE_FORMS}")
@click.option("--announced",
              help=f"When it was announced, if before it took effect: {PERIOD_FORMS}")
@click.option("--set", "fields", multiple=True, callback=key_values, metavar="KEY=VALUE",
              help="A field of the type (see 'timeline types'); repeatable.")
@click.option("--source", "sources", multiple=True, help="A URL or citation; repeatable.")
@click.option("--note", help="What happened, in a sentence.")
@click.option("--about", "about", multiple=True, shell_complete=complete_actors,
              help="A third actor or a topic it is about; repeatable.")
@click.option("--via", help="The intermediary it went through (an actor).",
              shell_complete=complete_actors)
@click.option("--id", "event_id", help="Name the event (default: made from its content).")
@listing(lambda e: e.id)
@pass_session
def add(
    session: Session, event_type: str, actor_id: str, target_id: str | None, on: str,
    announced: str | None, fields: dict[str, str], sources: tuple[str, ...],
    note: str | None, about: tuple[str, ...], via: str | None, event_id: str | None,
) -> EventData:
    """Record one event and print its id."""
    raw = {
        "id": event_id, "type": event_type, "actor": actor_id, "target": target_id, "on": on,
        "announced": announced, "fields": fields, "sources": list(sources), "note": note,
        "about": list(about), "via": via,
    }
    event, created, added = session.creating.add_event_naming(raw)
    for new in added:
        click.echo(f"added actor {new.id} ({new.name}, {new.kind}) from the built-in map",
                   err=True)
    if not created:
        click.echo(f"event {event.id!r} was already recorded; nothing changed", err=True)
        return event
    for topic, hint in session.app.names.near_actors(event.about).items():
        click.echo(f"warning: {topic!r} names no actor and is kept as a topic{hint}; if "
                   f"not meant, 'timeline retract {event.id}' and add it again", err=True)
    if _unsourced(event):
        click.echo(f"warning: {event.id} changes the record and cites no source; add one "
                   "with --source ('timeline check' lists such events)", err=True)
    return event


@cli.command()
@click.argument("actors", nargs=-1, required=True, metavar="A [B]",
                shell_complete=complete_actors)
@click.option("--as-of", type=QUERY_DATE, default="today", show_default=True,
              help=f"The date to describe: {QUERY_START_FORMS}")
@click.option("--known-at", type=RECORD_TIME,
              help=f"Answer as the record stood then: {RECORD_TIME_FORMS}")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(FACT_KINDS),
              help="Only facts of this kind; repeatable.")
@click.option("--facts", is_flag=True,
              help="One row per fact, with the event that set it (the JSON has them all).")
@listing(lambda found: instant.state_text(found, click.get_current_context().params["facts"]))
@pass_session
def state(session: Session, actors: tuple[str, ...], as_of: dt.date,
          known_at: dt.datetime | None, kinds: tuple[str, ...], facts: bool
          ) -> State | ActorState:
    """The state of the relationship between A and B on a date, one line per tie (a post
    with who sends it where, an agreement, a channel, the relations...); with A alone,
    every tie of A (its own, each relationship's, its groups', the proposals made by it
    or to it). An uncertain tie lists every value it may have."""
    with usage_errors():
        return instant.state(session, actors, as_of, known_at, kinds)


@cli.command()
@click.argument("a", shell_complete=complete_actors)
@click.argument("b", shell_complete=complete_actors)
@click.option("--from", "start", type=QUERY_DATE, required=True,
              help=f"The first day of the period: {QUERY_START_FORMS}")
@click.option("--to", "end", type=QUERY_END, required=True,
              help=f"The last day of the period: {QUERY_END_FORMS}")
@click.option("--known-at", type=RECORD_TIME,
              help=f"Answer as the record stood then: {RECORD_TIME_FORMS}")
@listing(instant.diff_text)
@pass_session
def diff(session: Session, a: str, b: str, start: dt.date, end: dt.date,
         known_at: dt.datetime | None) -> Diff:
    """What changed from --from to --to, both days included, and the events that changed it.

    The state before the period (at the end of the day before --from) is compared with the
    state at the end of --to: a change dated on --from is in, so '--from 2021-10 --to
    2021-10' is the whole of October.
    """
    return instant.diff(session, a, b, start, end, known_at)


@cli.command()
@click.argument("actors", nargs=-1, metavar="[A B]", shell_complete=complete_actors)
@click.option("--from", "start", type=QUERY_DATE,
              help=f"Only events on or after this date: {QUERY_START_FORMS}")
@click.option("--to", "end", type=QUERY_END,
              help=f"Only events up to this date: {QUERY_END_FORMS}")
@click.option("--type", "types", multiple=True, callback=event_types,
              shell_complete=complete_types, help="Only events of this type; repeatable.")
@click.option("--known-at", type=RECORD_TIME,
              help=f"The log as the record stood then: {RECORD_TIME_FORMS}")
@click.option("--all", "include_retracted", is_flag=True, help="Include retracted events.")
@click.option("--actor", help="Only events this actor is a party to (any counterpart) or the "
              "go-between of.",
              shell_complete=complete_actors)
@click.option("--about", help="Only events about this actor or topic.",
              shell_complete=complete_actors)
@click.option("--location", help="Only events whose location holds this text (any case).")
@listing(text.render_log, told=True)
@pass_session
def log(session: Session, actors: tuple[str, ...], start: dt.date | None, end: dt.date | None,
        types: tuple[str, ...], known_at: dt.datetime | None, include_retracted: bool,
        actor: str | None, about: str | None, location: str | None, as_json: bool,
        ) -> Generator[EventData | Written, None, None]:
    """The events, in order of when they took effect."""
    with usage_errors():
        return instant.log(session, actors, start, end, types, known_at, include_retracted,
                           actor, about, location, as_json)


@cli.command()
@click.argument("event_id", metavar="EVENT_ID")
@click.option("--on", help=f"The corrected date it took effect: {EVENT_DATE_FORMS}")
@click.option("--announced", help=f"The corrected announcement date: {PERIOD_FORMS}")
@click.option("--actor", "actor_id", help="The corrected actor.")
@click.option("--target", "target_id", help="The corrected target.")
@click.option("--set", "fields", multiple=True, callback=key_values, metavar="KEY=VALUE",
              help="Change a field (KEY= removes an optional one); repeatable.")
@click.option("--source", "sources", multiple=True,
              help="A source for the correction, added to the event's; repeatable.")
@click.option("--reason", required=True, callback=reason_given, help="Why the record changes.")
@listing(text.render_correction)
@pass_session
def correct(
    session: Session, event_id: str, on: str | None, announced: str | None,
    actor_id: str | None, target_id: str | None, fields: dict[str, str],
    sources: tuple[str, ...], reason: str,
) -> Correction:
    """Record a corrected version of an event (the original stays in the log).

    Prints the event's id, then each item the correction changed: before -> after."""
    app = session.app
    before = app.event(event_id)
    after = app.correct(
        event_id, reason, on=on, announced=announced, actor=actor_id, target=target_id,
        fields=fields, sources=sources,
    )
    return correction(before, after, reason)


@cli.command()
@click.argument("event_id", metavar="EVENT_ID")
@click.option("--reason", required=True, callback=reason_given,
              help="Why the event no longer counts.")
@listing(text.render_retraction)
@pass_session
def retract(session: Session, event_id: str, reason: str) -> Retraction:
    """Record that an event no longer counts (it stays in the log and its history).

    Prints what the event was, and why it no longer counts."""
    app = session.app
    before = app.event(event_id)
    return Retraction(event_id, reason, before, app.retract(event_id, reason))


@cli.command()
@click.argument("event_id", metavar="EVENT_ID")
@listing(text.render_versions)
@pass_session
def history(session: Session, event_id: str) -> list[Version]:
    """Every version of an event, with when it was recorded and why."""
    return session.app.history(event_id)


@cli.command()
@listing(text.render_types)
def types() -> list[dict[str, Any]]:
    """The event types, their fields (? = optional) and what each changes."""
    from timeline.domain.codes import describe_types

    return describe_types()


db_anywhere(cli)


def main() -> None:
    cli(prog_name="timeline")


def _unsourced(event: EventData) -> bool:
    # Imported here: the rule reads the vocabulary of leads, which a read command never needs.
    from timeline.domain.origins import unsourced

    return unsourced(event)
