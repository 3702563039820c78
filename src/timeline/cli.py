"""The ``timeline`` command: parses flags, calls the library, formats what it returns.

Heavy modules (eventsourcing, SQLAlchemy) load only when a command needs the store, so
``--help`` and ``types`` start fast.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
from click.shell_completion import CompletionItem

from timeline import __version__
from timeline.checks import Finding
from timeline.dates import format_time, parse_query_date, parse_query_end, parse_record_time
from timeline.errors import InvalidValue, TimelineError
from timeline.interchange import source_text
from timeline.model import (
    ACTOR_KINDS,
    ActorData,
    Diff,
    EventData,
    ImportResult,
    State,
    Version,
)
from timeline.vocabulary import TYPES

if TYPE_CHECKING:
    from timeline.application import Timeline

F = TypeVar("F", bound=Callable[..., Any])
IMPORT_FORMATS = ("auto", "timelinejs", "plover", "icews")
EXPORT_FORMATS = ("jsonl", "csv", "timelinejs", "plover")


class Session:
    """The store named by ``--db``, opened once, on first use."""

    def __init__(self, db: str | None) -> None:
        self.db = db
        self._app: Timeline | None = None

    @property
    def app(self) -> Timeline:
        if self._app is None:
            from timeline.application import Timeline

            self._app = Timeline.open(self.db)
        return self._app

    def close(self) -> None:
        if self._app is not None:
            self._app.close()


pass_session = click.make_pass_decorator(Session)


class TimelineGroup(click.Group):
    """Turns library refusals into ``Error: ...`` (exit 1) and keeps usage errors on one line."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TimelineError as exc:
            raise click.ClickException(str(exc)) from exc

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            result = super().main(args, prog_name, complete_var, False, **extra)
        except click.exceptions.NoArgsIsHelpError as exc:
            click.echo(exc.ctx.get_help() if exc.ctx else str(exc))
            sys.exit(0)
        except click.UsageError as exc:
            hint = ""
            if exc.ctx is not None:
                hint = f" (see '{exc.ctx.command_path} --help')"
            click.echo(f"Error: {exc.format_message()}{hint}", err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("Aborted!", err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)


# -- parameter types ---------------------------------------------------------------------


class Parsed(click.ParamType):  # type: ignore[type-arg]
    """A flag value parsed by one of the library's parsers; its refusal is a usage error."""

    def __init__(self, name: str, parse: Callable[[str], Any]) -> None:
        self.name = name
        self.parse = parse

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None
                ) -> Any:
        if not isinstance(value, str):
            return value
        try:
            return self.parse(value)
        except InvalidValue as exc:
            self.fail(str(exc), param, ctx)


QUERY_DATE = Parsed("DATE", parse_query_date)
QUERY_END = Parsed("DATE", parse_query_end)
RECORD_TIME = Parsed("TIME", parse_record_time)


def _key_value(ctx: click.Context, param: click.Parameter, values: Sequence[str]
               ) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"expected KEY=VALUE, got {item!r}", ctx, param)
        out[key.strip()] = value
    return out


def _event_type(ctx: click.Context, param: click.Parameter, values: Sequence[str]
                ) -> tuple[str, ...]:
    from timeline.vocabulary import suggest

    for value in values:
        if value not in TYPES:
            raise click.BadParameter(f"unknown event type {value!r}{suggest(value, TYPES)}",
                                     ctx, param)
    return tuple(values)


# -- shell completion -----------------------------------------------------------------------


def complete_types(ctx: click.Context, param: click.Parameter, incomplete: str
                   ) -> list[CompletionItem]:
    return [CompletionItem(name, help=t.effect) for name, t in TYPES.items()
            if name.startswith(incomplete)]


def complete_actors(ctx: click.Context, param: click.Parameter, incomplete: str
                    ) -> list[CompletionItem]:
    """Actor ids from the store named by --db (never creating one that does not exist)."""
    from timeline.store import parse_store

    db = ctx.find_root().params.get("db")
    try:
        config = parse_store(db)
        if config.sqlite_path is not None and not config.sqlite_path.exists():
            return []
        from timeline.application import Timeline

        app = Timeline.open(db)
        try:
            actors = app.read_model.actors()
        finally:
            app.close()
    except Exception:  # completion must never print a traceback into the shell
        return []
    return [CompletionItem(a.id, help=a.name) for a in actors if a.id.startswith(incomplete)]


# -- output ------------------------------------------------------------------------------


def listing(
    render: Callable[[Any], str], exit_code: Callable[[Any], int] | None = None
) -> Callable[[F], F]:
    """Give a command ``--json``: it returns a value; this prints it as JSON or as text."""

    def decorator(command: F) -> F:
        @click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
        @functools.wraps(command)
        def wrapper(*args: Any, as_json: bool, **kwargs: Any) -> None:
            result = command(*args, **kwargs)
            if as_json:
                click.echo(json.dumps(_jsonable(result), indent=2, ensure_ascii=False))
            else:
                text = render(result)
                if text:
                    click.echo(text)
            if exit_code is not None and exit_code(result):
                click.get_current_context().exit(exit_code(result))

        return wrapper  # type: ignore[return-value]

    return decorator


def _jsonable(value: Any) -> Any:
    if hasattr(value, "to_json"):
        return value.to_json()
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    cells = [[str(c) for c in headers]] + [["" if c is None else str(c) for c in r] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in cells
    )


def _fields_text(event: EventData) -> str:
    return " ".join(f"{k}={v}" for k, v in event.fields.items())


def render_events(events: Sequence[EventData], *, sources: bool = True) -> str:
    if not events:
        return "(no events)"
    lines = []
    for event in events:
        parties = f"{event.actor} -> {event.target}" if event.target else event.actor
        status = f" [{event.status}]" if event.status == "retracted" else ""
        announced = f" (announced {event.announced})" if event.announced else ""
        lines.append(
            f"{event.on:<10}  {event.type:<21} {parties:<15} {_fields_text(event)}"
            .rstrip() + f"  [{event.id}]{status}{announced}"
        )
        if event.note:
            lines.append(f"{'':10}  {event.note}")
        if sources:
            lines.extend(f"{'':10}  source: {source_text(s)}" for s in event.sources)
    return "\n".join(lines)


def render_state(state: State) -> str:
    known = f", as known at {state.known_at}" if state.known_at else ""
    head = f"{state.actors[0]} - {state.actors[1]}, as of {state.as_of}{known}"
    if not state.facts:
        body = "(no facts recorded by this date)"
    else:
        body = table(
            ("SUBJECT", "ATTRIBUTE", "VALUE", "SINCE", "EVENT"),
            [(f.subject, f.attribute, f.value, f.since, f.event) for f in state.facts],
        )
    text = f"{head}\n{body}"
    if state.pending:
        text += "\n\nPending (announced, not yet in effect):\n" + render_events(
            state.pending, sources=False
        )
    return text


def render_diff(diff: Diff) -> str:
    known = f", as known at {diff.known_at}" if diff.known_at else ""
    head = f"{diff.actors[0]} - {diff.actors[1]}, from {diff.from_} to {diff.to}{known}"
    if not diff.changes:
        body = "(no changes)"
    else:
        body = table(
            ("SUBJECT", "ATTRIBUTE", "BEFORE", "AFTER", "EVENTS"),
            [
                (c.subject, c.attribute, "-" if c.before is None else c.before,
                 "-" if c.after is None else c.after, ", ".join(c.events))
                for c in diff.changes
            ],
        )
    return f"{head}\n{body}\n\nEvents ({len(diff.events)}):\n{render_events(diff.events)}"


def render_actors(actors: Sequence[ActorData]) -> str:
    if not actors:
        return "(no actors)"
    return table(("ID", "NAME", "KIND"), [(a.id, a.name, a.kind) for a in actors])


def render_types(types: Sequence[dict[str, Any]]) -> str:
    return table(
        ("TYPE", "FIELDS", "CAMEO", "PLOVER", "EFFECT"),
        [(t["type"], ", ".join(t["fields"]) or "-", t["cameo"],
          "/".join(p for p in (t["plover"]["event_type"], t["plover"]["mode"]) if p) or "-",
          t["effect"]) for t in types],
    )


def render_versions(versions: Sequence[Version]) -> str:
    lines = []
    for v in versions:
        why = f": {v.reason}" if v.reason else ""
        lines.append(f"v{v.version}  {v.status:<9}  recorded {format_time(v.recorded_at)}{why}")
        if v.status != "retracted":
            lines.append("    " + render_events([v.event], sources=True).replace("\n", "\n    "))
    return "\n".join(lines)


def render_findings(findings: Sequence[Finding]) -> str:
    if not findings:
        return "No inconsistencies found."
    return table(("KIND", "ON", "EVENTS", "WHAT"),
                 [(f.kind, f.on, ", ".join(f.events), f.message) for f in findings])


def render_import(result: ImportResult) -> str:
    later = (f" ({result.superseded} of them since corrected or retracted)"
             if result.superseded else "")
    text = (
        f"Imported {result.actors_added} actor(s) and {result.events_added} event(s); "
        f"{result.unchanged} record(s) already stored{later}."
    )
    if result.skipped:
        total = sum(result.skipped.values())
        reasons = ", ".join(f"{why} x{n}" for why, n in result.skipped.items())
        text += f"\nSkipped {total} record(s) that map to no event: {reasons}."
    return text


class PhaseBars:
    """Progress of a long import on a terminal, one bar a phase; silent when piped."""

    def __init__(self, estimate: int = 0) -> None:
        self.enabled = sys.stderr.isatty()
        self.estimate = estimate  # records expected, for the first pass; 0: unknown
        self.phase = ""
        self.done = 0
        self._bar: Any = None

    def __enter__(self) -> PhaseBars:
        return self

    def __exit__(self, *exc: object) -> None:
        self._close()

    def __call__(self, phase: str, advance: int) -> None:
        if not self.enabled:
            return
        if phase != self.phase:
            # The first pass counted the records; before it, only an estimate is known.
            total = self.done if self.phase == "validating" else self.estimate
            self._close()
            self.phase, self.done = phase, 0
            if total > 0:
                self._bar = click.progressbar(
                    length=total, label=phase.capitalize(), file=sys.stderr, show_pos=True,
                )
                self._bar.__enter__()
        self.done += advance
        if self._bar is not None:
            self._bar.update(advance)

    def _close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None


@contextmanager
def progress_bar(label: str, length: int) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on a terminal; nothing at all when stderr is piped."""
    if length <= 0 or not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=length, label=label, file=sys.stderr) as bar:
        yield bar.update


# -- commands ----------------------------------------------------------------------------


@click.group(cls=TimelineGroup, name="timeline")
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
    session = Session(db)
    ctx.obj = session
    ctx.call_on_close(session.close)


@cli.group()
def actor() -> None:
    """Add and list actors (states, organizations, officials)."""


@actor.command("add")
@click.argument("actor_id", metavar="ID")
@click.option("--name", required=True, help="Display name.")
@click.option("--kind", type=click.Choice(ACTOR_KINDS), default="other", show_default=True)
@listing(lambda a: a.id)
@pass_session
def actor_add(session: Session, actor_id: str, name: str, kind: str) -> ActorData:
    """Add an actor (adding the same one again changes nothing)."""
    return session.app.add_actor(actor_id, name, kind)


@actor.command("list")
@listing(render_actors)
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
@click.option("--set", "fields", multiple=True, callback=_key_value, metavar="KEY=VALUE",
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
    event, created = session.app.add_event(raw)
    if not created:
        click.echo(f"event {event.id!r} was already recorded; nothing changed", err=True)
    return event


@cli.command()
@click.argument("a", shell_complete=complete_actors)
@click.argument("b", shell_complete=complete_actors)
@click.option("--as-of", type=QUERY_DATE, default="today", show_default=True,
              help="The date to describe (YYYY, YYYY-MM or YYYY-MM-DD: its start).")
@click.option("--known-at", type=RECORD_TIME, help="Answer as the record stood then.")
@listing(render_state)
@pass_session
def state(session: Session, a: str, b: str, as_of: dt.date,
          known_at: dt.datetime | None) -> State:
    """The state of the relationship between A and B on a date."""
    return session.app.state(a, b, as_of, known_at)


@cli.command()
@click.argument("a", shell_complete=complete_actors)
@click.argument("b", shell_complete=complete_actors)
@click.option("--from", "start", type=QUERY_DATE, required=True, help="The earlier date.")
@click.option("--to", "end", type=QUERY_DATE, required=True, help="The later date.")
@click.option("--known-at", type=RECORD_TIME, help="Answer as the record stood then.")
@listing(render_diff)
@pass_session
def diff(session: Session, a: str, b: str, start: dt.date, end: dt.date,
         known_at: dt.datetime | None) -> Diff:
    """What changed between two dates, and the events that changed it."""
    return session.app.diff(a, b, start, end, known_at)


@cli.command()
@click.argument("actors", nargs=-1, metavar="[A B]", shell_complete=complete_actors)
@click.option("--from", "start", type=QUERY_DATE, help="Only events on or after this date.")
@click.option("--to", "end", type=QUERY_END,
              help="Only events up to this date (YYYY or YYYY-MM: to the end of it).")
@click.option("--type", "types", multiple=True, callback=_event_type,
              shell_complete=complete_types, help="Only events of this type; repeatable.")
@click.option("--known-at", type=RECORD_TIME, help="The log as the record stood then.")
@click.option("--all", "include_retracted", is_flag=True, help="Include retracted events.")
@listing(render_events)
@pass_session
def log(session: Session, actors: tuple[str, ...], start: dt.date | None, end: dt.date | None,
        types: tuple[str, ...], known_at: dt.datetime | None,
        include_retracted: bool) -> list[EventData]:
    """The events, in order of when they took effect."""
    pair = _pair(actors)
    return session.app.list_events(pair, start, end, types, known_at, include_retracted)


@cli.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(IMPORT_FORMATS), default="auto",
              show_default=True,
              help="auto: ours, by extension (YAML, JSON, JSON Lines, CSV); or TimelineJS "
              "JSON, PLOVER JSON Lines, ICEWS tab-separated events.")
@click.option("--actor-map", type=click.Path(exists=True, dir_okay=False),
              help="YAML/JSON mapping (or CSV name,id) of names in the data to actor ids "
              "(icews, plover).")
@listing(render_import)
@pass_session
def import_(session: Session, paths: tuple[str, ...], fmt: str, actor_map: str | None
            ) -> ImportResult:
    """Import files, or folders of them: everything is checked before anything is stored.

    Records that map to none of our event types (a CAMEO code without a mapping, an actor
    not in --actor-map) are counted and reported, never dropped silently.
    """
    from timeline.formats import estimate_records, expand_paths, iter_records
    from timeline.interchange import load_actor_map

    if actor_map and fmt not in ("icews", "plover"):
        raise click.UsageError("--actor-map goes with --format icews or --format plover")
    files = expand_paths(paths, fmt)
    names = load_actor_map(Path(actor_map)) if actor_map else None
    with PhaseBars(estimate_records(files) if sys.stderr.isatty() else 0) as bars:
        return session.app.import_stream(lambda: iter_records(files, fmt, names),
                                         progress=bars)


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
    from timeline.formats import write_csv, write_jsonl
    from timeline.interchange import to_plover, to_timelinejs

    found_actors, events = session.app.export(_pair(actors))
    if fmt == "csv":
        text = write_csv(found_actors, events)
    elif fmt == "timelinejs":
        text = json.dumps(to_timelinejs(found_actors, events), indent=2, ensure_ascii=False) + "\n"
    elif fmt == "plover":
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in to_plover(events))
    else:
        text = "".join(line + "\n" for line in write_jsonl(found_actors, events))
    if out:
        try:
            Path(out).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise click.ClickException(f"cannot write {out!r}: {exc.strerror}") from None
    else:
        click.echo(text, nl=False)


@cli.command()
@click.argument("event_id", metavar="EVENT_ID")
@click.option("--on", help="The corrected date it took effect.")
@click.option("--announced", help="The corrected announcement date.")
@click.option("--actor", "actor_id", help="The corrected actor.")
@click.option("--target", "target_id", help="The corrected target.")
@click.option("--set", "fields", multiple=True, callback=_key_value, metavar="KEY=VALUE",
              help="Change a field (KEY= removes an optional one); repeatable.")
@click.option("--source", "sources", multiple=True,
              help="A source for the correction, added to the event's; repeatable.")
@click.option("--reason", required=True, help="Why the record changes.")
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
@click.option("--reason", required=True, help="Why the event no longer counts.")
@listing(lambda e: e.id)
@pass_session
def retract(session: Session, event_id: str, reason: str) -> EventData:
    """Record that an event no longer counts (it stays in the log and its history)."""
    return session.app.retract(event_id, reason)


@cli.command()
@click.argument("event_id", metavar="EVENT_ID")
@listing(render_versions)
@pass_session
def history(session: Session, event_id: str) -> list[Version]:
    """Every version of an event, with when it was recorded and why."""
    return session.app.history(event_id)


@cli.command()
@click.argument("actors", nargs=-1, metavar="[A B]", shell_complete=complete_actors)
@click.option("--max-gap", type=click.IntRange(min=0), default=365, show_default=True,
              help="Flag events announced more than this many days before they took effect.")
@listing(render_findings, exit_code=lambda findings: 1 if findings else 0)
@pass_session
def check(session: Session, actors: tuple[str, ...], max_gap: int) -> list[Finding]:
    """List inconsistencies in the record; exit status 1 when there are any."""
    return session.app.check(_pair(actors), max_gap)


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
    from timeline.chart import draw

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
    from timeline.report import render

    page = render(session.app.chronicle(a, b, known_at), as_of.isoformat() if as_of else None)
    try:
        Path(out).write_text(page, encoding="utf-8")
    except OSError as exc:
        raise click.ClickException(f"cannot write {out!r}: {exc.strerror}") from None
    click.echo(out)


@cli.command()
@listing(render_types)
def types() -> list[dict[str, Any]]:
    """The event types, their fields (? = optional) and what each changes."""
    return [
        {
            "type": t.name,
            "fields": [f.describe() for f in t.fields],
            "effect": t.effect,
            "needs_target": t.needs_target,
            "cameo": t.cameo,
            "plover": {"event_type": t.plover[0], "mode": t.plover[1]},
        }
        for t in TYPES.values()
    ]


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
