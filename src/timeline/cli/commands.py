"""The ``timeline`` command: parses flags, calls the library, renders what it returns.

Heavy modules (eventsourcing, SQLAlchemy, matplotlib) load only when a command needs them,
so ``--help`` and ``types`` start fast.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Generator
from contextlib import ExitStack, closing
from pathlib import Path
from typing import Any

import click

from timeline import __version__
from timeline.cli.support import (
    QUERY_DATE,
    QUERY_END,
    RECORD_TIME,
    PhaseBars,
    Session,
    TimelineGroup,
    complete_actors,
    complete_types,
    event_types,
    interruptible,
    key_values,
    listing,
    pass_session,
    progress_bar,
    reason_given,
)
from timeline.domain.values import (
    ACTOR_KINDS,
    ActorData,
    ActorState,
    Changes,
    Diff,
    EventData,
    Finding,
    ImportResult,
    State,
    Version,
)
from timeline.errors import InvalidValue
from timeline.interchange import EXPORT_FORMATS, IMPORT_FORMATS
from timeline.views import text

# -- commands ----------------------------------------------------------------------------


@click.group(cls=TimelineGroup, name="timeline", invoke_without_command=True)
@click.option(
    "--db",
    envvar="TIMELINE_DB",
    default="timeline.db",
    show_default=True,
    help="The store: a SQLite file path, sqlite:///PATH or postgresql://USER@HOST/DB "
    "(env TIMELINE_DB).",
)
@click.version_option(__version__, prog_name="timeline")
@click.pass_context
def cli(ctx: click.Context, db: str) -> None:
    """Record diplomatic actions as events; ask what held on a date and what changed."""
    _help_without_a_command(ctx)
    session = Session(db)
    ctx.obj = session
    ctx.call_on_close(session.close)


@cli.group(invoke_without_command=True)
@click.pass_context
def actor(ctx: click.Context) -> None:
    """Add and list actors (states, organizations, officials)."""
    _help_without_a_command(ctx)


def _help_without_a_command(ctx: click.Context) -> None:
    if ctx.invoked_subcommand is None and not ctx.resilient_parsing:
        click.echo(ctx.get_help())
        ctx.exit(0)


@actor.command("add")
@click.argument("actor_id", metavar="ID")
@click.option("--name", required=True, help="Display name.")
@click.option("--kind", type=click.Choice(ACTOR_KINDS), default="other", show_default=True)
@listing(lambda a: a.id)
@pass_session
def actor_add(session: Session, actor_id: str, name: str, kind: str) -> ActorData:
    """Add an actor (adding the same one again changes nothing)."""
    return session.creating.add_actor(actor_id, name, kind)


@actor.command("list")
@listing(text.render_actors)
@pass_session
def actor_list(session: Session) -> list[ActorData]:
    """List the actors."""
    return session.app.actors()


@cli.command()
@click.argument("event_type", metavar="TYPE", shell_complete=complete_types)
@click.option("--actor", "actor_id", required=True, help="Who acts.",
              shell_complete=complete_actors)
@click.option("--target", "target_id", help="The other side of the relationship.",
              shell_complete=complete_actors)
@click.option("--on", "on", required=True, help="When it took effect: YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--announced", help="When it was announced, if before it took effect.")
@click.option("--set", "fields", multiple=True, callback=key_values, metavar="KEY=VALUE",
              help="A field of the type (see 'timeline types'); repeatable.")
@click.option("--source", "sources", multiple=True, help="A URL or citation; repeatable.")
@click.option("--note", help="What happened, in a sentence.")
@click.option("--id", "event_id", help="Name the event (default: made from its content).")
@listing(lambda e: e.id)
@pass_session
def add(
    session: Session, event_type: str, actor_id: str, target_id: str | None, on: str,
    announced: str | None, fields: dict[str, str], sources: tuple[str, ...],
    note: str | None, event_id: str | None,
) -> EventData:
    """Record one event and print its id."""
    raw = {
        "id": event_id, "type": event_type, "actor": actor_id, "target": target_id, "on": on,
        "announced": announced, "fields": fields, "sources": list(sources), "note": note,
    }
    event, created = session.creating.add_event(raw)
    if not created:
        click.echo(f"event {event.id!r} was already recorded; nothing changed", err=True)
    return event


@cli.command()
@click.argument("actors", nargs=-1, required=True, metavar="A [B]",
                shell_complete=complete_actors)
@click.option("--as-of", type=QUERY_DATE, default="today", show_default=True,
              help="The date to describe (YYYY, YYYY-MM or YYYY-MM-DD: its start).")
@click.option("--known-at", type=RECORD_TIME, help="Answer as the record stood then.")
@listing(text.render_state_or_actor)
@pass_session
def state(session: Session, actors: tuple[str, ...], as_of: dt.date,
          known_at: dt.datetime | None) -> State | ActorState:
    """The state of the relationship between A and B on a date; with A alone, every
    relationship of A."""
    if len(actors) == 1:
        return session.app.actor_state(actors[0], as_of, known_at)
    if len(actors) != 2:
        raise click.UsageError(f"give one actor or two, got {len(actors)}: {' '.join(actors)}")
    return session.app.state(actors[0], actors[1], as_of, known_at)


@cli.command()
@click.option("--from", "start", type=QUERY_DATE, required=True,
              help="The first day of the period (YYYY or YYYY-MM: from its start).")
@click.option("--to", "end", type=QUERY_END, required=True,
              help="The last day of the period (YYYY or YYYY-MM: to its end).")
@click.option("--actor", help="Only the relationships of this actor.",
              shell_complete=complete_actors)
@click.option("--type", "types", multiple=True, callback=event_types,
              shell_complete=complete_types,
              help="Only changes that events of this type took part in; repeatable.")
@click.option("--known-at", type=RECORD_TIME, help="Answer as the record stood then.")
@listing(text.render_changes)
@pass_session
def changes(session: Session, start: dt.date, end: dt.date, actor: str | None,
            types: tuple[str, ...], known_at: dt.datetime | None) -> Changes:
    """Every change of every relationship (or of one actor's) in a period, with the events
    that made it, and what was announced in it to take effect later."""
    return session.app.changes(start, end, actor, types, known_at)


@cli.command()
@click.argument("a", shell_complete=complete_actors)
@click.argument("b", shell_complete=complete_actors)
@click.option("--from", "start", type=QUERY_DATE, required=True,
              help="The first day of the period (YYYY or YYYY-MM: from its start).")
@click.option("--to", "end", type=QUERY_END, required=True,
              help="The last day of the period (YYYY or YYYY-MM: to its end).")
@click.option("--known-at", type=RECORD_TIME, help="Answer as the record stood then.")
@listing(text.render_diff)
@pass_session
def diff(session: Session, a: str, b: str, start: dt.date, end: dt.date,
         known_at: dt.datetime | None) -> Diff:
    """What changed from --from to --to, both days included, and the events that changed it.

    The state before the period (at the end of the day before --from) is compared with the
    state at the end of --to: a change dated on --from is in, so '--from 2021-10 --to
    2021-10' is the whole of October.
    """
    return session.app.diff(a, b, start, end, known_at)


@cli.command()
@click.argument("actors", nargs=-1, metavar="[A B]", shell_complete=complete_actors)
@click.option("--from", "start", type=QUERY_DATE, help="Only events on or after this date.")
@click.option("--to", "end", type=QUERY_END,
              help="Only events up to this date (YYYY or YYYY-MM: to the end of it).")
@click.option("--type", "types", multiple=True, callback=event_types,
              shell_complete=complete_types, help="Only events of this type; repeatable.")
@click.option("--known-at", type=RECORD_TIME, help="The log as the record stood then.")
@click.option("--all", "include_retracted", is_flag=True, help="Include retracted events.")
@listing(text.render_events)
@pass_session
def log(session: Session, actors: tuple[str, ...], start: dt.date | None, end: dt.date | None,
        types: tuple[str, ...], known_at: dt.datetime | None,
        include_retracted: bool) -> Generator[EventData, None, None]:
    """The events, in order of when they took effect."""
    pair = _pair(actors)
    return session.app.iter_events(pair, start, end, types, known_at, include_retracted)


@cli.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(IMPORT_FORMATS), default="auto",
              show_default=True,
              help="auto: ours, by extension (YAML, JSON, JSON Lines, CSV); or TimelineJS "
              "JSON; or coded event data: ICEWS tab-separated events, GDELT 1.0/2.0 event "
              "files (57, 58 or 61 tab-separated columns, no header), PLOVER records (JSON "
              "Lines, a JSON array, or objects one after another), POLECAT weekly "
              "tab-separated files.")
@click.option("--actor-map", type=click.Path(exists=True, dir_okay=False),
              help="YAML/JSON mapping (or CSV name,id) of names in the data (gdelt: actor "
              "codes) to actor ids (icews, gdelt, plover, polecat), before the built-in map "
              "of states and organisations; a name or code mapped here speaks for its actor.")
@click.option("--dry-run", is_flag=True,
              help="Check everything and say what would be stored, by type, and what would be "
              "skipped, by reason; store nothing.")
@click.option("--create-actors", is_flag=True,
              help="Add the states and organisations of the built-in map that the store lacks "
              "(icews, gdelt, plover, polecat).")
@click.option("--actor", "slide_actor", metavar="ID", shell_complete=complete_actors,
              help="timelinejs: who acts in the slides that carry no event of ours (each "
              "becomes one event).")
@click.option("--target", "slide_target", metavar="ID", shell_complete=complete_actors,
              help="timelinejs: the other side of those events.")
@click.option("--type", "slide_type", metavar="TYPE", shell_complete=complete_types,
              help="timelinejs: the type of those events (default: statement).")
@listing(text.render_import)
@pass_session
def import_(session: Session, paths: tuple[str, ...], fmt: str, actor_map: str | None,
            dry_run: bool, create_actors: bool, slide_actor: str | None,
            slide_target: str | None, slide_type: str | None) -> ImportResult:
    """Import files, or folders of them: everything is checked before anything is stored.

    Machine-coded records (icews, gdelt, plover, polecat) are kept as evidence (type
    coded_event) and change a fact only where the mapping is safe ('timeline types',
    README); records that map to nothing (an actor no map knows) are counted and reported,
    never dropped silently.
    """
    from timeline import interchange
    from timeline.interchange import estimate_records, expand_paths, iter_records, load_actor_map

    coded = [f for f in interchange.IMPORT_FORMATS if interchange.takes_actor_map(f)]
    for flag, given in (("--actor-map", actor_map), ("--create-actors", create_actors)):
        if given and fmt not in coded:
            raise click.UsageError(f"{flag} goes with --format {', '.join(coded)}")
    files = expand_paths(paths, fmt)
    slides = _slide_events(fmt, files, slide_actor, slide_target, slide_type)
    names = load_actor_map(Path(actor_map)) if actor_map else None
    with PhaseBars(estimate_records(files) if sys.stderr.isatty() else 0) as bars:
        try:
            with interruptible():
                result = session.creating.import_stream(
                    lambda: iter_records(files, fmt, names, create_actors=create_actors,
                                         slides=slides),
                    progress=bars, dry_run=dry_run)
                if dry_run:
                    session.refused()  # a store made for the dry run is taken away
                return result
        except KeyboardInterrupt:
            bars.close()
            click.echo(f"Interrupted after storing {bars.stored} record(s) of this import; run "
                       "the same command again to complete it (nothing is stored twice).",
                       err=True)
            sys.exit(130)


def _slide_events(fmt: str, files: list[Path], actor: str | None, target: str | None,
                  event_type: str | None) -> Any:
    """What the slides of TimelineJS documents from elsewhere become (None: only slides
    that carry our events are read)."""
    from timeline.interchange import timelinejs

    if fmt != "timelinejs":
        if actor or target or event_type:
            raise click.UsageError("--actor, --target and --type go with --format timelinejs")
        return None
    if not actor:
        if target or event_type:
            raise click.UsageError("--target and --type need --actor ID")
        foreign = timelinejs.foreign_document(files)
        if foreign is not None:
            raise click.UsageError(f"{foreign}: its slides carry no events of ours; name who "
                                   "acts in them with --actor ID (and --target ID, --type TYPE)")
        return None
    try:
        return timelinejs.SlideEvents.checked(actor, target, event_type or "statement")
    except InvalidValue as exc:
        raise click.UsageError(str(exc)) from None


@cli.command()
@click.argument("actors", nargs=-1, metavar="[A B]", shell_complete=complete_actors)
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="jsonl",
              show_default=True,
              help="jsonl and csv import back as they are; timelinejs and plover are the "
              "field's formats (they carry our events, so they import back too).")
@click.option("--out", type=click.Path(dir_okay=False, writable=True),
              help="Write to this file instead of standard output.")
@pass_session
def export(session: Session, actors: tuple[str, ...], fmt: str, out: str | None) -> None:
    """Export actors and events in a form 'timeline import' reads back."""
    from timeline.interchange import split_export, write
    from timeline.storage.config import is_sqlite_file

    if out and is_sqlite_file(Path(out)):  # the store itself, typed for a .jsonl, say
        raise click.ClickException(f"will not write over {out!r}: it is a database")
    with ExitStack() as stack:
        try:  # a file that cannot be written is refused before anything is read
            handle = stack.enter_context(Path(out).open("w", encoding="utf-8")) if out else None
        except OSError as exc:
            raise click.ClickException(f"cannot write {out!r}: {exc.strerror}") from None
        # The export's read transaction ends with this block, however the writing ends.
        stream = stack.enter_context(closing(session.app.exported(_pair(actors))))
        found_actors, events = split_export(stream)
        pieces = write(fmt, found_actors, events)
        if handle is None:
            for piece in pieces:
                click.echo(piece, nl=False)
            return
        try:
            handle.writelines(pieces)
        except OSError as exc:
            raise click.ClickException(f"cannot write {out!r}: {exc.strerror}") from None


@cli.command()
@click.argument("event_id", metavar="EVENT_ID")
@click.option("--on", help="The corrected date it took effect.")
@click.option("--announced", help="The corrected announcement date.")
@click.option("--actor", "actor_id", help="The corrected actor.")
@click.option("--target", "target_id", help="The corrected target.")
@click.option("--set", "fields", multiple=True, callback=key_values, metavar="KEY=VALUE",
              help="Change a field (KEY= removes an optional one); repeatable.")
@click.option("--source", "sources", multiple=True,
              help="A source for the correction, added to the event's; repeatable.")
@click.option("--reason", required=True, callback=reason_given, help="Why the record changes.")
@listing(lambda e: e.id)
@pass_session
def correct(
    session: Session, event_id: str, on: str | None, announced: str | None,
    actor_id: str | None, target_id: str | None, fields: dict[str, str],
    sources: tuple[str, ...], reason: str,
) -> EventData:
    """Record a corrected version of an event (the original stays in the log)."""
    return session.app.correct(
        event_id, reason, on=on, announced=announced, actor=actor_id, target=target_id,
        fields=fields, sources=sources,
    )


@cli.command()
@click.argument("event_id", metavar="EVENT_ID")
@click.option("--reason", required=True, callback=reason_given,
              help="Why the event no longer counts.")
@listing(lambda e: e.id)
@pass_session
def retract(session: Session, event_id: str, reason: str) -> EventData:
    """Record that an event no longer counts (it stays in the log and its history)."""
    return session.app.retract(event_id, reason)


@cli.command()
@click.argument("event_id", metavar="EVENT_ID")
@listing(text.render_versions)
@pass_session
def history(session: Session, event_id: str) -> list[Version]:
    """Every version of an event, with when it was recorded and why."""
    return session.app.history(event_id)


@cli.command()
@click.argument("actors", nargs=-1, metavar="[A B]", shell_complete=complete_actors)
@click.option("--max-gap", type=click.IntRange(min=0), default=365, show_default=True,
              help="Flag events announced more than this many days before they took effect.")
@click.option("--deep", is_flag=True,
              help="Also compare the read model with one rebuilt from the log (slow).")
@listing(text.render_findings, exit_code=lambda findings: 1 if findings else 0)
@pass_session
def check(session: Session, actors: tuple[str, ...], max_gap: int, deep: bool
          ) -> list[Finding]:
    """List inconsistencies in the record; exit status 1 when there are any."""
    return session.app.check(_pair(actors), max_gap, deep=deep)


def _out_format(ctx: click.Context, param: click.Parameter, value: str) -> str:
    suffix = Path(value).suffix.lower().lstrip(".")
    allowed = ("html",) if ctx.command.name == "report" else ("svg", "png", "pdf")
    if suffix not in allowed:
        raise click.BadParameter(
            f"{value!r}: the file name must end in {' or '.join('.' + a for a in allowed)}",
            ctx, param)
    return value


@cli.command()
@click.argument("a", shell_complete=complete_actors)
@click.argument("b", shell_complete=complete_actors)
@click.option("--from", "start", type=QUERY_DATE, help="Where the time axis starts.")
@click.option("--to", "end", type=QUERY_END, help="Where the time axis ends.")
@click.option("--as-of-marker", type=QUERY_DATE, help="Draw a line at this date.")
@click.option("--known-at", type=RECORD_TIME, help="Draw the record as it stood then.")
@click.option("--out", required=True, callback=_out_format,
              help="The file to write: .svg, .png or .pdf.")
@pass_session
def chart(session: Session, a: str, b: str, start: dt.date | None, end: dt.date | None,
          as_of_marker: dt.date | None, known_at: dt.datetime | None, out: str) -> None:
    """Draw the relationship's history: a lane per subject, a marker per event."""
    from timeline.views.chart import draw

    if start and end and start > end:
        raise click.BadParameter(
            f"--from {start.isoformat()} is after --to {end.isoformat()}",
            param_hint="'--from'")
    chronicle = session.app.chronicle(a, b, known_at)
    try:
        draw(chronicle, out, Path(out).suffix.lower().lstrip("."), start, end, as_of_marker)
    except OSError as exc:
        raise click.ClickException(f"cannot write {out!r}: {exc.strerror}") from None
    click.echo(out)


@cli.command()
@click.argument("a", shell_complete=complete_actors)
@click.argument("b", shell_complete=complete_actors)
@click.option("--as-of", type=QUERY_DATE, help="Where the date slider starts.")
@click.option("--known-at", type=RECORD_TIME, help="Report the record as it stood then.")
@click.option("--out", required=True, callback=_out_format, help="The .html file to write.")
@pass_session
def report(session: Session, a: str, b: str, as_of: dt.date | None,
           known_at: dt.datetime | None, out: str) -> None:
    """Write one self-contained HTML page: chart, date slider, diff, events and sources."""
    from timeline.views.report import render

    page = render(session.app.chronicle(a, b, known_at), as_of.isoformat() if as_of else None)
    try:
        Path(out).write_text(page, encoding="utf-8")
    except OSError as exc:
        raise click.ClickException(f"cannot write {out!r}: {exc.strerror}") from None
    click.echo(out)


@cli.command()
@listing(text.render_types)
def types() -> list[dict[str, Any]]:
    """The event types, their fields (? = optional) and what each changes."""
    from timeline.domain.codes import describe_types

    return describe_types()


@cli.command()
@listing(lambda n: f"Rebuilt the read model from {n} logged event(s).")
@pass_session
def rebuild(session: Session) -> int:
    """Recreate the read model from the event log."""
    app = session.app
    with progress_bar("Rebuilding", app.log_length()) as bar:
        return app.rebuild(progress=bar)


def _pair(actors: tuple[str, ...]) -> tuple[str, str] | None:
    if not actors:
        return None
    if len(actors) != 2:
        raise click.UsageError(f"give two actors or none, got {len(actors)}: {' '.join(actors)}")
    return (actors[0], actors[1])


def main() -> None:
    cli(prog_name="timeline")
