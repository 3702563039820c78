"""The commands that draw: chart (a picture file) and report (a self-contained HTML page),
each of a relationship (A B) or of one actor's every relationship (A). Registered on the
group in commands.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import click

from timeline.cli.session import Session
from timeline.cli.support import (
    QUERY_DATE,
    QUERY_END,
    QUERY_END_FORMS,
    QUERY_START_FORMS,
    RECORD_TIME,
    RECORD_TIME_FORMS,
    complete_actors,
    pass_session,
)
from timeline.domain.dates import check_period
from timeline.domain.histories import Chronicle
from timeline.domain.overview import Network
from timeline.errors import NotFound


def _out_format(ctx: click.Context, param: click.Parameter, value: str) -> str:
    suffix = Path(value).suffix.lower().lstrip(".")
    allowed = ("html",) if ctx.command.name == "report" else ("svg", "png", "pdf")
    if suffix not in allowed:
        raise click.BadParameter(
            f"{value!r}: the file name must end in {' or '.join('.' + a for a in allowed)}",
            ctx, param)
    return value


def _one_or_two(actors: tuple[str, ...]) -> tuple[str, str | None]:
    if len(actors) not in (1, 2):
        raise click.UsageError(f"give one actor or two, got {len(actors)}: {' '.join(actors)}")
    return actors[0], (actors[1] if len(actors) == 2 else None)


def _write(out: str, write: Callable[[], object]) -> None:
    try:
        write()
    except OSError as exc:
        raise click.ClickException(f"cannot write {out!r}: {exc.strerror}") from None
    click.echo(out)


@click.command()
@click.argument("actors", nargs=-1, required=True, metavar="A [B]",
                shell_complete=complete_actors)
@click.option("--from", "start", type=QUERY_DATE,
              help=f"Where the time axis starts: {QUERY_START_FORMS}")
@click.option("--to", "end", type=QUERY_END, help=f"Where the time axis ends: {QUERY_END_FORMS}")
@click.option("--as-of", type=QUERY_DATE,
              help="With A alone: the day the network shows (default today). With A and B: "
              f"draw a line at this date. {QUERY_START_FORMS}")
@click.option("--as-of-marker", type=QUERY_DATE,
              help=f"Draw a line at this date (A and B): {QUERY_START_FORMS}")
@click.option("--known-at", type=RECORD_TIME,
              help=f"Draw the record as it stood then: {RECORD_TIME_FORMS}")
@click.option("--out", required=True, callback=_out_format,
              help="The file to write: .svg, .png or .pdf.")
@pass_session
def chart(session: Session, actors: tuple[str, ...], start: dt.date | None,
          end: dt.date | None, as_of: dt.date | None, as_of_marker: dt.date | None,
          known_at: dt.datetime | None, out: str) -> None:
    """Draw the relationship between A and B over time: a lane per subject, a marker per
    event. With A alone: A's relationships as a network on a day, and a lane per
    counterpart."""
    a, b = _one_or_two(actors)
    check_period(start, end)  # the rule diff, changes and log keep: a refusal, exit 1
    if as_of and as_of_marker and as_of != as_of_marker:
        raise click.BadParameter("give --as-of or --as-of-marker, not two different dates",
                                 param_hint="'--as-of-marker'")
    fmt = Path(out).suffix.lower().lstrip(".")
    if b is None:
        from timeline.views import network

        found = _network(session, a, known_at)
        day = as_of or as_of_marker or dt.date.today()
        _write(out, lambda: network.draw(found, out, fmt, day, start, end))
        return
    from timeline.views.chart import draw

    chronicle = _chronicle(session, a, b, known_at)
    _write(out, lambda: draw(chronicle, out, fmt, start, end, as_of or as_of_marker))


def _chronicle(session: Session, a: str, b: str, known_at: dt.datetime | None) -> Chronicle:
    """The relationship's history; an empty one is refused (a blank picture answers no
    question, and exit 0 would say it did)."""
    chronicle = session.app.chronicle(a, b, known_at)
    if not chronicle.events:
        when = " as recorded then" if known_at else ""
        raise NotFound(f"no events between {a!r} and {b!r}{when}: nothing to draw")
    return chronicle


def _network(session: Session, actor: str, known_at: dt.datetime | None) -> Network:
    found = session.app.network(actor, known_at)
    if not found.counterparts:
        when = " as recorded then" if known_at else ""
        raise NotFound(f"no events between {actor!r} and any other actor{when}: "
                       "nothing to draw")
    return found


@click.command()
@click.argument("actors", nargs=-1, required=True, metavar="A [B]",
                shell_complete=complete_actors)
@click.option("--as-of", type=QUERY_DATE,
              help="Where the date slider starts (default: just after the last change; "
              f"with A alone, today): {QUERY_START_FORMS}")
@click.option("--known-at", type=RECORD_TIME,
              help=f"Report the record as it stood then: {RECORD_TIME_FORMS}")
@click.option("--out", required=True, callback=_out_format, help="The .html file to write.")
@pass_session
def report(session: Session, actors: tuple[str, ...], as_of: dt.date | None,
           known_at: dt.datetime | None, out: str) -> None:
    """Write one self-contained HTML page: chart, date slider, diff, events and sources.
    With A alone: A's relationships as a network, lanes and a table of facts, on the
    slider's date."""
    a, b = _one_or_two(actors)
    if b is None:
        from timeline.views.actor_report import render as render_actor

        page = render_actor(_network(session, a, known_at), as_of or dt.date.today())
    else:
        from timeline.views.report import render

        page = render(_chronicle(session, a, b, known_at), as_of.isoformat() if as_of else None)
    _write(out, lambda: Path(out).write_text(page, encoding="utf-8"))
