"""What the read model knows of the names actors go by: their ids, names and aliases."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, func, select

from timeline.domain.aggregates import alias_key
from timeline.storage import schema, sql

_EXACT_ID = "SELECT 1 FROM tl_actors WHERE id = :id"


def aliases(conn: Connection, actor_ids: Iterable[str] | None = None) -> dict[str, list[str]]:
    """The aliases of each actor (of those given, or of all) as written, sorted."""
    a = schema.aliases
    query = select(a.c.actor_id, a.c.alias).order_by(a.c.actor_id, a.c.key)
    if actor_ids is not None:
        query = query.where(a.c.actor_id.in_(list(actor_ids)))
    found: dict[str, list[str]] = {}
    for row in conn.execute(query):
        found.setdefault(row.actor_id, []).append(row.alias)
    return found


def alias_keys(conn: Connection) -> dict[str, str]:
    """Every alias's key, and the actor it names."""
    a = schema.aliases
    return {r.key: r.actor_id for r in conn.execute(select(a.c.key, a.c.actor_id))}


def alias_owner(conn: Connection, key: str) -> str | None:
    """The actor an alias (by its key) names now, if any."""
    a = schema.aliases
    return conn.execute(select(a.c.actor_id).where(a.c.key == key)).scalar()


def every_name(conn: Connection) -> list[tuple[str, str, str]]:
    """``(actor id, how, text)`` for every id, name and alias in the store: what a name
    that is none of them exactly is compared with, to find the nearest."""
    t, a = schema.actors, schema.aliases
    rows = [(r.id, "id", r.id) for r in conn.execute(select(t.c.id))]
    rows += [(r.id, "name", r.name) for r in conn.execute(select(t.c.id, t.c.name))]
    rows += [(r.actor_id, "alias", r.alias)
             for r in conn.execute(select(a.c.actor_id, a.c.alias))]
    return rows


def named_by(conn: Connection, text: str, key: str) -> list[tuple[str, str]]:
    """``(actor id, how)`` for each actor whose id is ``text``, or whose id or name
    (ignoring case) or alias (by its key) is ``key``."""
    t, a = schema.actors, schema.aliases
    if sql.rows(conn, _EXACT_ID, {"id": text}):  # the common case, without building SQL
        return [(text, "id")]
    found = [(r.id, "id") for r in conn.execute(select(t.c.id).where(func.lower(t.c.id) == key))]
    found += [(r.actor_id, "alias")
              for r in conn.execute(select(a.c.actor_id).where(a.c.key == key))]
    # Names are few enough to fold here, as aliases are (SQL's lower() knows only ASCII).
    found += [(r.id, "name") for r in conn.execute(select(t.c.id, t.c.name))
              if alias_key(r.name) == key]
    return found
