"""What the read model knows of the names actors go by: their ids, names and aliases.

Plain SQL through the driver: a quick read (``app.quick``) resolves names without SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from timeline.domain.names import alias_key
from timeline.storage import sql

if TYPE_CHECKING:
    from sqlalchemy import Connection

_EXACT_ID = "SELECT 1 FROM tl_actors WHERE id = :id"
_ID_BY_KEY = "SELECT id FROM tl_actors WHERE lower(id) = :key"
_ALIAS_OWNER = "SELECT actor_id FROM tl_aliases WHERE key = :key"
_NAMES = "SELECT id, name FROM tl_actors"
_ALIASES = "SELECT actor_id, alias FROM tl_aliases"
_ALIASES_IN_ORDER = " ORDER BY actor_id, key"


def aliases(conn: Connection, actor_ids: Iterable[str] | None = None) -> dict[str, list[str]]:
    """The aliases of each actor (of those given, or of all) as written, sorted."""
    if actor_ids is None:
        rows = sql.rows(conn, _ALIASES + _ALIASES_IN_ORDER)
    else:
        dialect = sql.dialect_of(conn)
        rows = sql.rows(conn, f"{_ALIASES} WHERE {dialect.one_of('actor_id', 'ids')}"
                        + _ALIASES_IN_ORDER, {"ids": dialect.listed(list(actor_ids))})
    found: dict[str, list[str]] = {}
    for actor_id, alias in rows:
        found.setdefault(actor_id, []).append(alias)
    return found


def alias_keys(conn: Connection) -> dict[str, str]:
    """Every alias's key, and the actor it names."""
    return dict(sql.rows(conn, "SELECT key, actor_id FROM tl_aliases"))


def alias_owner(conn: Connection, key: str) -> str | None:
    """The actor an alias (by its key) names now, if any."""
    found = sql.rows(conn, _ALIAS_OWNER, {"key": key})
    return str(found[0][0]) if found else None


def actor_names(conn: Connection) -> list[tuple[str, str]]:
    """Every actor's id and name, by id."""
    return [(str(i), str(n)) for i, n in sql.rows(conn, _NAMES + " ORDER BY id")]


def every_name(conn: Connection) -> list[tuple[str, str, str]]:
    """``(actor id, how, text)`` for every id, name and alias in the store: what a name
    that is none of them exactly is compared with, to find the nearest."""
    actors = sql.rows(conn, _NAMES)
    rows = [(actor_id, "id", actor_id) for actor_id, _ in actors]
    rows += [(actor_id, "name", name) for actor_id, name in actors]
    rows += [(actor_id, "alias", alias) for actor_id, alias in sql.rows(conn, _ALIASES)]
    return rows


def named_by(conn: Connection, text: str, key: str) -> list[tuple[str, str]]:
    """``(actor id, how)`` for each actor whose id is ``text``, or whose id or name
    (ignoring case) or alias (by its key) is ``key``."""
    if sql.rows(conn, _EXACT_ID, {"id": text}):  # the common case
        return [(text, "id")]
    found = [(actor_id, "id") for (actor_id,) in sql.rows(conn, _ID_BY_KEY, {"key": key})]
    found += [(actor_id, "alias") for (actor_id,) in sql.rows(conn, _ALIAS_OWNER, {"key": key})]
    # Names are few enough to fold here, as aliases are (SQL's lower() knows only ASCII).
    found += [(actor_id, "name") for actor_id, name in sql.rows(conn, _NAMES)
              if alias_key(name) == key]
    return found
