"""What every command shares: the store opened once per run, flag value types, shell
completion, the ``--json`` output decorator and progress bars."""

from __future__ import annotations

import functools
import importlib
import sys
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from contextlib import closing, contextmanager
from typing import Any, TypeVar

import click
from click.shell_completion import CompletionItem

from timeline.cli import instant, writing
from timeline.cli.session import Session
from timeline.cli.writing import one_line
from timeline.domain.date_forms import (
    EVENT_YEARS,
    PERIOD_TEXT,
    QUALIFIERS,
    RECORD_FORMS,
    SPANS,
    TODAY,
)
from timeline.domain.dates import parse_query_date, parse_query_end, parse_record_time
from timeline.domain.vocabulary import TYPES
from timeline.errors import InvalidValue, TimelineError, shown, suggest

F = TypeVar("F", bound=Callable[..., Any])


pass_session = click.make_pass_decorator(Session)


def _db_after(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is not None:
        session = ctx.find_object(Session)
        if session is not None:
            session.db = value  # opened on first use, after every flag is read


def db_anywhere(group: click.Group) -> None:
    """``--db`` after the command as well as before it (``timeline state a b --db x.db``),
    as people type it: each command takes it too, and it names the store the command
    opens."""
    for command in group.commands.values():
        if isinstance(command, click.Group):
            db_anywhere(command)
        elif not any(p.name == "db_after" for p in command.params):
            command.params.append(click.Option(
                ["--db", "db_after"], metavar="STORE", expose_value=False,
                callback=_db_after, help="The store (also before the command; "
                "see 'timeline --help')."))


def help_without_a_command(ctx: click.Context) -> None:
    """A group called alone prints its help (exit 0), as ``git remote`` lists, not refuses."""
    if ctx.invoked_subcommand is None and not ctx.resilient_parsing:
        click.echo(ctx.get_help())
        ctx.exit(0)


class TimelineGroup(click.Group):
    """Turns library refusals into ``Error: ...`` (exit 1) and keeps usage errors on one line.

    ``lazy`` names commands by ``module:attribute``, loaded when first asked for: a run of
    one command loads the modules of that command alone."""

    def __init__(self, *args: Any, lazy: Mapping[str, str] | None = None, **kwargs: Any
                 ) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def resolve_command(self, ctx: click.Context, args: list[str]
                        ) -> tuple[str | None, click.Command | None, list[str]]:
        given = list(args)  # click's parser takes words off the list as it reads them
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError:
            # A name no command has: click suggests the nearest of the commands loaded,
            # so every one is loaded first (this once, on the way to the refusal).
            for name in self.lazy:
                self.get_command(ctx, name)
            return super().resolve_command(ctx, given)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        where = self.lazy.get(cmd_name)
        if where is not None and cmd_name not in self.commands:
            module, attribute = where.split(":")
            self.add_command(getattr(importlib.import_module(module), attribute), cmd_name)
            db_anywhere(self)
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TimelineError as exc:
            if isinstance(ctx.obj, Session):
                ctx.obj.refused()
            raise click.ClickException(one_line(str(exc))) from exc

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
        except click.UsageError as exc:
            hint = ""
            if exc.ctx is not None:
                hint = f" (see '{exc.ctx.command_path} --help')"
            click.echo(f"Error: {one_line(exc.format_message())}{hint}", err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            click.echo(f"Error: {one_line(exc.format_message())}", err=True)
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("Aborted!", err=True)
            sys.exit(1)
        except OSError as exc:  # writing the answer failed (`| head`, a full disk)
            writing.failed(exc)
        except UnicodeEncodeError as exc:  # a terminal set to an encoding short of the text
            if writing.is_utf8(exc.encoding):
                raise  # not a terminal's: UTF-8 writes every character but a lone surrogate
            writing.unwritable(exc)
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


# What each kind of date flag takes, written once from domain.date_forms (whose list the
# tests hold the parsers to): every flag that takes a date ends its help with one of these.
EVENT_DATE_FORMS = (
    f"{PERIOD_TEXT}, any of them ending in "
    + " or ".join(f"{mark} ({meaning})" for mark, meaning in QUALIFIERS)
    + "; or a span: " + "; ".join(f"{form} ({meaning})" for form, meaning in SPANS)
    + f"; each D one of the first forms; {EVENT_YEARS}. E.g. 2021-11-01?, "
    "2014-06-06/2017-01-20, ../2021-10-27."
)
PERIOD_FORMS = f"{PERIOD_TEXT} only (no ?, ~ or span)."
QUERY_START_FORMS = (f"{PERIOD_TEXT} (a year or month: its first day) or '{TODAY}'; "
                     "no ?, ~ or span.")
QUERY_END_FORMS = (f"{PERIOD_TEXT} (a year or month: its last day) or '{TODAY}'; "
                   "no ?, ~ or span.")
RECORD_TIME_FORMS = "; ".join(f"{form} ({meaning})" for form, meaning in RECORD_FORMS) + "."

QUERY_DATE = Parsed("DATE", parse_query_date)
QUERY_END = Parsed("DATE", parse_query_end)
RECORD_TIME = Parsed("TIME", parse_record_time)


def key_values(ctx: click.Context, param: click.Parameter, values: Sequence[str]
               ) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"expected KEY=VALUE, got {shown(item)}", ctx, param)
        out[key.strip()] = value
    return out


def reason_given(ctx: click.Context, param: click.Parameter, value: str) -> str:
    if not value.strip():
        raise click.BadParameter("give a reason: why the record changes", ctx, param)
    return value.strip()  # as the library stores it, and as correct and retract repeat it


def event_types(ctx: click.Context, param: click.Parameter, values: Sequence[str]
                ) -> tuple[str, ...]:
    for value in values:
        if value not in TYPES:
            raise click.BadParameter(f"unknown event type {shown(value)}{suggest(value, TYPES)}",
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
    db = ctx.find_root().params.get("db")
    try:
        from timeline.app import quick

        found = quick.actor_names(db)  # at a keystroke's speed, where a quick read can
        if found is None:
            from timeline.app import Timeline

            app = Timeline.open(db, create=False)
            try:
                found = [(a.id, a.name) for a in app.actors()]
            finally:
                app.close()
    except Exception:  # completion must never print a traceback into the shell
        return []
    return [CompletionItem(i, help=name) for i, name in found if i.startswith(incomplete)]


# -- output ------------------------------------------------------------------------------


def listing(
    render: Callable[[Any], str], exit_code: Callable[[Any], int] | None = None,
    told: bool = False,
) -> Callable[[F], F]:
    """Give a command ``--json``: it returns a value; this prints it as JSON or as text.
    ``told``: the command is told which (its ``as_json``), to read its answer in that form."""

    def decorator(command: F) -> F:
        @click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
        @functools.wraps(command)
        def wrapper(*args: Any, as_json: bool, **kwargs: Any) -> None:
            if told:
                kwargs["as_json"] = as_json
            result = command(*args, **kwargs)
            if isinstance(result, Generator):
                with closing(result):  # its read transaction ends, however printing ends
                    writing.stream(result, render, as_json)
                return
            text = writing.answer_text(result, render, as_json)
            if text:
                click.echo(text)
            if exit_code is not None and exit_code(result):
                click.get_current_context().exit(exit_code(result))

        return wrapper  # type: ignore[return-value]

    return decorator


class PhaseBars:
    """Progress of a long import on a terminal, one bar a phase; silent when piped."""

    def __init__(self, estimate: int = 0) -> None:
        self.enabled = sys.stderr.isatty()
        self.estimate = estimate  # records expected, for the first pass; 0: unknown
        self.phase = ""
        self.done = 0
        self.stored = 0  # records of batches written (or found written) so far
        self._bar: Any = None

    def __enter__(self) -> PhaseBars:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __call__(self, phase: str, advance: int) -> None:
        if phase == "storing":
            self.stored += advance
        if not self.enabled:
            return
        if phase != self.phase:
            # The first pass counted the records; before it, only an estimate is known (of
            # the file's rows: a reader that reads them all first, "reading", uses it).
            total = self.done if self.phase == "validating" else \
                0 if self.phase == "reading" else self.estimate
            self.close()
            self.phase, self.done = phase, 0
            if total > 0:
                self._bar = click.progressbar(
                    length=total, label=phase.capitalize(), file=sys.stderr, show_pos=True,
                )
                self._bar.__enter__()
        self.done += advance
        if self._bar is not None:
            self._bar.update(advance)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None


@contextmanager
def interruptible() -> Iterator[None]:
    """SIGTERM ends the work as Ctrl-C does, so the command can say what was kept."""
    import signal

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def progress_bar(label: str, length: int) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on a terminal; nothing at all when stderr is piped."""
    if length <= 0 or not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=length, label=label, file=sys.stderr) as bar:
        yield bar.update


def pair_of(actors: tuple[str, ...]) -> tuple[str, str] | None:
    with usage_errors():
        return instant.pair_of(actors)


@contextmanager
def usage_errors() -> Iterator[None]:
    """A command line naming too few or too many actors (``instant.WrongCount``), said as
    click says a usage error."""
    try:
        yield
    except instant.WrongCount as exc:
        raise click.UsageError(str(exc)) from exc
