"""Leads: the candidate facts coded evidence points to, for an analyst to judge. Registered
on the group in commands.py."""

from __future__ import annotations

import datetime as dt
import textwrap

import click

from timeline.cli.support import (
    QUERY_DATE,
    QUERY_END,
    Session,
    complete_actors,
    listing,
    pass_session,
)
from timeline.domain.leads import ALTERNATIVES, LEAD_TYPES, Lead, Leads
from timeline.errors import InvalidValue


def render_leads(leads: Leads) -> str:
    """Each lead, best corroborated first, with every record it rests on."""
    if not leads.leads:
        return "(no leads)"
    return "\n\n".join(_render(lead) for lead in leads.leads)


def _render(lead: Lead) -> str:
    other = ALTERNATIVES.get(lead.type, ())
    lines = [
        f"{lead.on}  {lead.type} {lead.actors[0]} - {lead.actors[1]}  [{lead.id}] "
        f"{lead.status}",
        f"  {lead.records} record(s), {lead.stories} story(ies), {lead.publishers} "
        f"publisher(s), {', '.join(lead.datasets)}"
        + (f"; or {', '.join(other)}" if other else ""),
    ]
    for c in lead.cited:
        where = ", ".join(p for p in (c.publisher, c.story and f"story {c.story}"
                                      if c.story != c.url else c.url) if p)
        lines.append(f"  - {c.event} ({c.code}){': ' + where if where else ''}")
        if c.text:
            lines.append("    " + textwrap.shorten(c.text, width=96, placeholder=" ..."))
    return "\n".join(lines)


@click.command()
@click.argument("actors", nargs=-1, metavar="[A [B]]", shell_complete=complete_actors)
@click.option("--from", "start", type=QUERY_DATE, help="Only leads on or after this date.")
@click.option("--to", "end", type=QUERY_END, help="Only leads up to this date.")
@click.option("--type", "types", multiple=True,
              type=click.Choice(sorted(LEAD_TYPES)), help="Only leads of this type; repeatable.")
@listing(render_leads)
@pass_session
def leads(session: Session, actors: tuple[str, ...], start: dt.date | None,
          end: dt.date | None, types: tuple[str, ...]) -> Leads:
    """Candidate facts that coded evidence (icews, gdelt, plover, polecat) points to: one a
    type, pair and day, with the records that support it, best corroborated first (most
    publishers, stories, datasets, records). None is a fact: each is for an analyst to
    verify from its sources."""
    if len(actors) > 2:
        raise InvalidValue("give at most two actors")
    return session.app.leads(actors, start, end, types)
