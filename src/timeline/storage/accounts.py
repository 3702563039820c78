"""The tables of the people who use a served store: users with a role, their API tokens,
their signed-in sessions, failed sign-ins (for throttling) and the key that signs session
cookies.

They sit beside the read model in the same database but are not part of it: a rebuild
drops and makes the read model again from the log, and leaves these alone (they are no
record of diplomacy, and the log must not hold passwords). A backup carries the log
alone, so a restored store has no users until they are added again.

Invariants:
- a user's name is unique as written and folded (``name_key``): "Alice" and "alice" are
  one person signing in;
- a token or a session is stored as its SHA-256 digest only (the token itself is shown
  once, a session's lives in its cookie), and belongs to one user: removing the user
  removes their tokens and ends their sessions;
- a role is one of ``ROLES``.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    MetaData,
    String,
    Table,
)

ROLES = ("reader", "writer", "admin")  # each may do what the one before it may, and more
MAX_USER_NAME = 100

metadata = MetaData()

users = Table(
    "tl_users", metadata,
    Column("name_key", String(MAX_USER_NAME), primary_key=True),  # the name case-folded
    Column("name", String(MAX_USER_NAME), nullable=False),
    Column("role", String(16), nullable=False),
    Column("password_hash", String(200), nullable=False),
    Column("created_at", String(32), nullable=False),
    CheckConstraint("role IN ('reader', 'writer', 'admin')", name="tl_users_role"),
)

tokens = Table(
    "tl_tokens", metadata,
    Column("digest", String(64), primary_key=True),  # SHA-256 of the token, hex
    Column("name_key", String(MAX_USER_NAME),
           ForeignKey("tl_users.name_key", ondelete="CASCADE"), nullable=False),
    Column("created_at", String(32), nullable=False),
)

# A browser's sign-in, until it signs out, its user is removed or it is SESSION_SECONDS old:
# the cookie names the session, so ending it here ends it for whoever holds the cookie.
sessions = Table(
    "tl_sessions", metadata,
    Column("digest", String(64), primary_key=True),  # SHA-256 of the cookie's session id
    Column("name_key", String(MAX_USER_NAME),
           ForeignKey("tl_users.name_key", ondelete="CASCADE"), nullable=False),
    Column("started_micros", BigInteger, nullable=False),
    Index("tl_sessions_by_start", "started_micros"),
)

# One row a sign-in attempt that has not succeeded (yet): recent ones for a name from one
# address throttle that address's guesses, those from its network (an IPv6 /64, one
# machine's usual share) the network's, and the name's from every address together bound a
# spread-out guessing. Kept THROTTLE_SECONDS, then pruned.
failed_sign_ins = Table(
    "tl_sign_in_attempts", metadata,
    Column("attempt", String(32), primary_key=True),
    Column("name_key", String(MAX_USER_NAME), nullable=False),
    Column("source", String(64), nullable=False),  # the client's address
    Column("net", String(64), nullable=False),  # and its network (an IPv4 address: itself)
    Column("at_micros", BigInteger, nullable=False),
    Index("tl_sign_in_attempts_by_name", "name_key", "at_micros"),
    Index("tl_sign_in_attempts_by_time", "at_micros"),
)
# Where each user has signed in from (the last time): an address a user has signed in from
# lately is not held back by the guesses of others as that name (see THROTTLE_NAME_FAILURES).
sign_in_sources = Table(
    "tl_sign_in_sources", metadata,
    Column("name_key", String(MAX_USER_NAME),
           ForeignKey("tl_users.name_key", ondelete="CASCADE"), primary_key=True),
    Column("source", String(64), primary_key=True),
    Column("last_micros", BigInteger, nullable=False),
)
# Throttling's tables before it knew addresses, and networks.
FORMER_TABLES = ("tl_failed_sign_ins", "tl_sign_in_failures")

# The key that signs session cookies: made once, so every worker and every restart of
# the server accept the cookies the others set.
web_keys = Table(
    "tl_web_keys", metadata,
    Column("purpose", String(32), primary_key=True),
    Column("secret", String(128), nullable=False),
)

# Named statements: the SQL reads like the model.
USER_BY_KEY = "SELECT name, role, password_hash FROM tl_users WHERE name_key = :key"
USER_BY_TOKEN = ("SELECT u.name, u.role FROM tl_tokens t JOIN tl_users u "
                 "ON u.name_key = t.name_key WHERE t.digest = :digest")
EVERY_USER = ("SELECT u.name, u.role, u.created_at, (SELECT COUNT(*) FROM tl_tokens t "
              "WHERE t.name_key = u.name_key) FROM tl_users u ORDER BY u.name_key")
USER_BY_SESSION = ("SELECT u.name, u.role FROM tl_sessions s JOIN tl_users u "
                   "ON u.name_key = s.name_key WHERE s.digest = :digest "
                   "AND s.started_micros >= :since")
# A name's failures since :since: in all, from :source, from :net; and the oldest of each.
FAILURES_SINCE = (
    "SELECT COUNT(*), COALESCE(SUM(CASE WHEN source = :source THEN 1 ELSE 0 END), 0), "
    "COALESCE(SUM(CASE WHEN net = :net THEN 1 ELSE 0 END), 0), MIN(at_micros), "
    "MIN(CASE WHEN source = :source THEN at_micros END), "
    "MIN(CASE WHEN net = :net THEN at_micros END) "
    "FROM tl_sign_in_attempts WHERE name_key = :key AND at_micros >= :since")
FORGET_FAILURES = ("DELETE FROM tl_sign_in_attempts "
                   "WHERE (name_key = :key AND source = :source) OR at_micros < :before")
# Which of an address and its network the user signed in from since :since.
KNOWN_SOURCES = ("SELECT source FROM tl_sign_in_sources WHERE name_key = :key "
                 "AND source IN (:source, :net) AND last_micros >= :since")
KEEP_SOURCE = ("INSERT INTO tl_sign_in_sources (name_key, source, last_micros) "
               "SELECT name_key, :source, :moment FROM tl_users WHERE name_key = :key "
               "ON CONFLICT (name_key, source) DO UPDATE SET last_micros = excluded.last_micros")
START_SESSION = ("INSERT INTO tl_sessions (digest, name_key, started_micros) "
                 "SELECT :digest, name_key, :moment FROM tl_users WHERE name_key = :key")
FORGET_ATTEMPT = "DELETE FROM tl_sign_in_attempts WHERE attempt = :attempt"
PRUNE_FAILURES = "DELETE FROM tl_sign_in_attempts WHERE at_micros < :before"
PRUNE_SESSIONS = "DELETE FROM tl_sessions WHERE started_micros < :before"
END_SESSION = "DELETE FROM tl_sessions WHERE digest = :digest"
