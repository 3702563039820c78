"""Leads: the candidate facts coded evidence points to, for an analyst to judge. Registered
on the group in commands.py."""

from __future__ import annotations

import datetime as dt
import textwrap

import click

from timeline.cli.session import Session
from timeline.cli.support import (
    EVENT_DATE_FORMS,
    QUERY_DATE,
    QUERY_END,
    QUERY_END_FORMS,
    QUERY_START_FORMS,
    complete_actors,
    key_values,
    listing,
    pass_session,
    reason_given,
)
from timeline.domain.leads import (
    ALTERNATIVES,
    LEAD_TYPES,
    MAX_LIMIT,
    OFFERED,
    STATUSES,
    Lead,
    Leads,
)
from timeline.domain.values import EventData

DEFAULT_LIMIT = 100  # leads listed unless asked for more: an analyst's reading, not a dump


def render_leads(leads: Leads) -> str:
    """Each lead, best corroborated first, with every record it rests on."""
    if not leads.leads:
        return "(no leads)"
    more = ("\n\n(more leads than these, less corroborated: --limit N lists N, --limit 0 all)"
            if leads.more else "")
    return "\n\n".join(_render(lead) for lead in leads.leads) + more


def _render(lead: Lead) -> str:
    other = ALTERNATIVES.get(lead.type, ())
    lines = [
        f"{lead.on}  {lead.type} {lead.actors[0]} - {lead.actors[1]}  [{lead.id}] "
        f"{lead.status}",
        f"  {lead.records} record(s), {lead.stories} story(ies), {lead.publishers} "
        f"publisher(s), {lead.speaking} between the sides themselves, {lead.openings} "
        f"from a story's opening, {', '.join(lead.datasets)}"
        + (f" (GDELT: up to {lead.gdelt_sources} source(s), {lead.gdelt_articles} "
           "article(s) a record)" if "gdelt" in lead.datasets else "")
        + (f"; or {', '.join(other)}" if other else ""),
    ]
    for fact in lead.earlier:
        lines.append(f"  made a fact by an earlier version of the import: {fact} (accept "
                     "keeps it, dismiss retracts it)")
    for near in lead.nearby:
        lines.append(f"  nearby: {near} (the same {lead.type} on another day? accept one "
                     "--with the other)")
    if lead.new_evidence:
        lines.append(f"  {len(lead.new_evidence)} record(s) new since the decision: "
                     + ", ".join(lead.new_evidence))
    for c in lead.cited:
        where = ", ".join(p for p in (c.publisher, c.story and f"story {c.story}"
                                      if c.story != c.url else c.url) if p)
        lines.append(f"  - {c.event} ({c.code}){': ' + where if where else ''}")
        if c.text:
            lines.append("    " + textwrap.shorten(c.text, width=96, placeholder=" ..."))
    return "\n".join(lines)


@click.command()
@click.argument("actors", nargs=-1, metavar="[A [B]]", shell_complete=complete_actors)
@click.option("--from", "start", type=QUERY_DATE,
              help=f"Only leads on or after this date: {QUERY_START_FORMS}")
@click.option("--to", "end", type=QUERY_END,
              help=f"Only leads up to this date: {QUERY_END_FORMS}")
@click.option("--type", "types", multiple=True,
              type=click.Choice(sorted(LEAD_TYPES)), help="Only leads of this type; repeatable.")
@click.option("--status", "statuses", multiple=True,
              type=click.Choice(STATUSES),
              help="Only leads of this status; repeatable (default: open and accepted; a "
                   "dismissed lead is listed only when asked for).")
@click.option("--limit", type=click.IntRange(min=0, max=MAX_LIMIT), default=DEFAULT_LIMIT,
              show_default=True,
              help="List at most this many, the best corroborated (0: all).")
@listing(render_leads)
@pass_session
def leads(session: Session, actors: tuple[str, ...], start: dt.date | None,
          end: dt.date | None, types: tuple[str, ...], statuses: tuple[str, ...],
          limit: int) -> Leads:
    """Candidate facts that coded evidence (icews, gdelt, plover, polecat) points to: one a
    type, pair and day, with the records that support it, best corroborated first (most
    publishers, stories, datasets, records). None is a fact: each is for an analyst to
    verify from its sources: 'timeline accept' or 'timeline dismiss' it."""
    if len(actors) > 2:
        raise click.UsageError(f"give at most two actors, got {len(actors)}: {' '.join(actors)}")
    return session.app.desk.leads(actors, start, end, types, statuses or OFFERED, limit)


@click.command()
@click.argument("lead")
@click.option("--on", help="The day the fact took effect, if not the lead's: "
              f"{EVENT_DATE_FORMS}")
@click.option("--set", "fields", multiple=True, callback=key_values, metavar="KEY=VALUE",
              help="A field of the fact (an expulsion needs count=N); repeatable.")
@click.option("--note", help="A note on the fact.")
@click.option("--as", "etype", type=click.Choice(sorted(
                  LEAD_TYPES | {t for ts in ALTERNATIVES.values() for t in ts})),
              help="Record the fact as this type, one the lead may be (a relations_suspended "
                   "lead as relations_severed, mission_recall or office_closure).")
@click.option("--with", "also", multiple=True, metavar="LEAD",
              help="Another day's lead of the same type and pair that tells of the same event: "
                   "one fact cites the records of both, and both are accepted; repeatable.")
@listing(lambda e: e.id)
@pass_session
def accept(session: Session, lead: str, on: str | None, fields: dict[str, str],
           note: str | None, etype: str | None, also: tuple[str, ...]) -> EventData:
    """Accept a lead: record its fact, an ordinary event of the lead's type (or of one it may
    be, --as) whose sources cite every record it rests on, and the decision
    (lead_accepted); prints the fact's id. A meeting's host and location are those its
    records agree on (CAMEO 042/043, the place ICEWS gives), unless --set."""
    return session.app.desk.accept(lead, on, fields, note, etype, also)


@click.command()
@click.argument("lead")
@click.option("--reason", required=True, callback=reason_given, help="Why it is dismissed.")
@listing(lambda e: e.id)
@pass_session
def dismiss(session: Session, lead: str, reason: str) -> EventData:
    """Dismiss a lead, and say why (lead_dismissed): it is not offered again."""
    return session.app.desk.dismiss(lead, reason)
