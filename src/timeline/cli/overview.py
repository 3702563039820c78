"""The commands that answer about more than one relationship: every change in a period,
and the members of a group. Registered on the group in commands.py (as is ``state ACTOR``,
which shares ``state``'s name)."""

from __future__ import annotations

import datetime as dt

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
    complete_types,
    event_types,
    listing,
    pass_session,
)
from timeline.domain.overview import Changes, Members
from timeline.views import text


@click.command()
@click.option("--from", "start", type=QUERY_DATE, required=True,
              help=f"The first day of the period: {QUERY_START_FORMS}")
@click.option("--to", "end", type=QUERY_END, required=True,
              help=f"The last day of the period: {QUERY_END_FORMS}")
@click.option("--actor", help="Only the relationships of this actor.",
              shell_complete=complete_actors)
@click.option("--type", "types", multiple=True, callback=event_types,
              shell_complete=complete_types,
              help="Only changes that events of this type took part in; repeatable.")
@click.option("--known-at", type=RECORD_TIME,
              help=f"Answer as the record stood then: {RECORD_TIME_FORMS}")
@listing(text.render_changes)
@pass_session
def changes(session: Session, start: dt.date, end: dt.date, actor: str | None,
            types: tuple[str, ...], known_at: dt.datetime | None) -> Changes:
    """Every change of every relationship (or of one actor's) in a period, with the events
    that made it, and what was announced in it to take effect later."""
    return session.changes(start, end, actor, types, known_at)


@click.command()
@click.argument("group", shell_complete=complete_actors)
@click.option("--as-of", type=QUERY_DATE, default="today", show_default=True,
              help=f"The date to describe: {QUERY_START_FORMS}")
@click.option("--known-at", type=RECORD_TIME,
              help=f"Answer as the record stood then: {RECORD_TIME_FORMS}")
@listing(text.render_members)
@pass_session
def members(session: Session, group: str, as_of: dt.date, known_at: dt.datetime | None
            ) -> Members:
    """The members of a group (or organisation) on a date: who joined (member_joined) and
    has not left (member_left)."""
    return session.members(group, as_of, known_at)
