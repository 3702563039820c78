"""The read model's leads: the rows each current event version gives a lead (domain.leads
``Support``), kept as the projector applies the log, and each lead they sum to, ranked; and
the queries that list leads from them through indexes, not by reading the evidence."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from timeline.domain.dates import PartialDate
from timeline.domain.leads import Lead, Support, summary, support_of
from timeline.domain.values import EventData
from timeline.storage import schema, sql

CHUNK = 500  # lead ids a statement
# The order of Lead.order, as the index tl_leads_rank holds it.
RANKED = "publishers DESC, stories DESC, datasets DESC, records DESC, on_text, id"
_ROW_COLUMNS = ("lead_id, type, side_a, side_b, on_text, event_id, role, story, publisher, "
                "dataset, rec_from, opening, outlets, articles, fact")


class LeadProjection:
    """Keeps ``tl_lead_rows`` and ``tl_leads`` as the projector applies event versions, in
    its transaction: rows as versions begin and end, the touched leads summed again once a
    transaction (a summary depends on the current rows only, not on their order)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._rows: list[dict[str, Any]] = []
        self._touched: set[str] = set()
        # The version just ended: its event, and when it began to support each lead. A
        # correction that still supports a lead keeps that time: the record is not new.
        self.ended: tuple[str, dict[str, int]] | None = None

    def add(self, event: EventData, rec: int) -> None:
        """The rows of a version that begins at ``rec``."""
        # Whether a record's sides are the states themselves depends on the name map of
        # interchange/, above this layer: the application counts it for the leads it shows.
        found = support_of(event, rec=rec)
        ended, self.ended = self.ended, None
        if found is not None and ended is not None and ended[0] == event.id:
            rec = ended[1].get(found.lead, rec)
        if found is not None:
            self._touched.add(found.lead)
            self._rows.append({
                "lead_id": found.lead, "event_id": found.event, "role": found.role,
                "type": found.type, "side_a": found.first, "side_b": found.second,
                "on_text": found.on, "story": found.story, "publisher": found.publisher,
                "dataset": found.dataset, "opening": int(found.opening),
                "outlets": found.outlets, "articles": found.articles, "fact": found.fact,
                "rec_from": rec})

    def end(self, event_id: str) -> None:
        """The current version of ``event_id`` ends: its rows go (call ``flush`` first)."""
        found = sql.rows(self.conn, "SELECT lead_id, rec_from FROM tl_lead_rows "
                         "WHERE event_id = :event", {"event": event_id})
        self.ended = (event_id, {str(row[0]): int(row[1]) for row in found})
        # An accepted lead whose fact ends is accepted no longer (unless the fact's next
        # version counts): sum it again.
        self._touched.update(str(row[0]) for row in sql.rows(
            self.conn, "SELECT lead_id FROM tl_lead_rows WHERE fact = :event",
            {"event": event_id}))
        if found:
            self._touched.update(str(row[0]) for row in found)
            sql.run(self.conn, "DELETE FROM tl_lead_rows WHERE event_id = :event",
                    {"event": event_id})

    def flush(self) -> None:
        if self._rows:
            sql.insert_rows(self.conn, schema.lead_rows.name, self._rows)
            self._rows.clear()

    def refresh(self) -> None:
        """Sum each touched lead again from its rows (a lead with none is gone)."""
        self.flush()
        touched, self._touched = sorted(self._touched), set()
        dialect = sql.dialect_of(self.conn)
        for start in range(0, len(touched), CHUNK):
            ids = dialect.listed(touched[start:start + CHUNK])
            sql.run(self.conn, f"DELETE FROM tl_leads WHERE {dialect.one_of('id', 'ids')}",
                    {"ids": ids})
            summed = [_summary_row(lead) for lead in summed_leads(self.conn, ids)]
            if summed:
                sql.insert_rows(self.conn, schema.leads.name, summed)


def _summary_row(lead: Lead) -> dict[str, Any]:
    return {"id": lead.id, "type": lead.type, "side_a": lead.actors[0],
            "side_b": lead.actors[1], "on_text": lead.on,
            "on_start": PartialDate.parse(lead.on).sort_day.toordinal(),
            "records": lead.records, "stories": lead.stories, "publishers": lead.publishers,
            "datasets": len(lead.datasets), "status": lead.status}


def summed_leads(conn: Connection, ids: Any) -> list[Lead]:
    """The leads of these ids (``Dialect.listed``), summed from their rows."""
    grouped: dict[str, list[Support]] = {}
    for row in sql.rows(conn, f"SELECT {_ROW_COLUMNS} FROM tl_lead_rows WHERE "
                              f"{sql.dialect_of(conn).one_of('lead_id', 'ids')}", {"ids": ids}):
        lead, etype, first, second, on, event, role, story, publisher, dataset = map(
            str, row[:10])
        grouped.setdefault(lead, []).append(Support(
            lead, etype, first, second, on, event, role, story, publisher, dataset,
            rec=int(row[10]), opening=bool(row[11]), outlets=int(row[12]),
            articles=int(row[13]), fact=str(row[14])))
    facts = sorted({r.fact for rows in grouped.values() for r in rows if r.fact})
    counting = {str(row[0]) for row in sql.rows(
        conn, f"SELECT v.event_id FROM tl_versions v WHERE v.rec_to = {sql.REC_OPEN} "
              f"AND {sql.dialect_of(conn).one_of('v.event_id', 'facts')} AND {sql.live('v')}",
        {"facts": sql.dialect_of(conn).listed(facts)})} if facts else set()
    return [summary(rows, counting) for rows in grouped.values()]


@dataclass(frozen=True)
class LeadQuery:
    """Which leads to list: of one actor or pair (or all), in a period, of some types and
    statuses; at most ``limit`` (0: all)."""

    actors: Sequence[str] = ()
    first: dt.date | None = None
    last: dt.date | None = None
    types: Sequence[str] = ()
    statuses: Sequence[str] = ("open", "accepted")
    limit: int = 0


def listed(conn: Connection, asked: LeadQuery) -> tuple[list[Lead], bool]:
    """The leads asked for, best corroborated first (through ``tl_leads_rank``), and
    whether more were left out by the limit."""
    dialect = sql.dialect_of(conn)
    where = [dialect.one_of("status", "statuses")]
    params: dict[str, Any] = {"statuses": dialect.listed(asked.statuses)}
    if len(asked.actors) == 2:
        where.append("side_a = :a AND side_b = :b")
        params["a"], params["b"] = sorted(asked.actors)
    elif asked.actors:
        where.append("(side_a = :a OR side_b = :a)")
        params["a"] = asked.actors[0]
    if asked.first is not None:
        where.append("on_start >= :lo")
        params["lo"] = asked.first.toordinal()
    if asked.last is not None:
        where.append("on_start <= :hi")
        params["hi"] = asked.last.toordinal()
    if asked.types:
        where.append(dialect.one_of("type", "types"))
        params["types"] = dialect.listed(asked.types)
    limit = f" LIMIT {asked.limit + 1}" if asked.limit else ""
    ids = [str(row[0]) for row in sql.rows(
        conn, f"SELECT id FROM tl_leads WHERE {' AND '.join(where)} ORDER BY {RANKED}{limit}",
        params)]
    more = bool(asked.limit) and len(ids) > asked.limit
    ids = ids[:asked.limit] if asked.limit else ids
    found: dict[str, Lead] = {}
    for start in range(0, len(ids), CHUNK):
        found.update((lead.id, lead) for lead in summed_leads(
            conn, dialect.listed(ids[start:start + CHUNK])))
    return [found[i] for i in ids], more


def nearby(conn: Connection, ids: Sequence[str], days: int) -> dict[str, list[str]]:
    """For each of these leads, the leads of its type and pair within ``days`` of it."""
    dialect = sql.dialect_of(conn)
    out: dict[str, list[str]] = {}
    for start in range(0, len(ids), CHUNK):
        for lead, other in sql.rows(
                conn, "SELECT l.id, n.id FROM tl_leads l JOIN tl_leads n "
                "ON n.side_a = l.side_a AND n.side_b = l.side_b "
                "AND n.on_start BETWEEN l.on_start - :days AND l.on_start + :days "
                f"AND n.type = l.type AND n.id <> l.id WHERE {dialect.one_of('l.id', 'ids')} "
                "ORDER BY n.on_text, n.id",
                {"ids": dialect.listed(ids[start:start + CHUNK]), "days": days}):
            out.setdefault(str(lead), []).append(str(other))
    return out
