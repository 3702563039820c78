"""The tables of the people who use a served store: users with a role, their API tokens,
failed sign-ins (for throttling) and the key that signs session cookies.

They sit beside the read model in the same database but are not part of it: a rebuild
drops and makes the read model again from the log, and leaves these alone (they are no
record of diplomacy, and the log must not hold passwords). A backup carries the log
alone, so a restored store has no users until they are added again.

Invariants:
- a user's name is unique as written and folded (``name_key``): "Alice" and "alice" are
  one person signing in;
- a token is stored as its SHA-256 digest only (the token itself is shown once), and
  belongs to one user: removing the user removes their tokens;
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

# One row a failed sign-in: recent ones for a name throttle further attempts.
failed_sign_ins = Table(
    "tl_failed_sign_ins", metadata,
    Column("name_key", String(MAX_USER_NAME), nullable=False),
    Column("at_micros", BigInteger, nullable=False),
    Index("tl_failed_sign_ins_by_name", "name_key", "at_micros"),
)

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
FAILURES_SINCE = ("SELECT COUNT(*), MIN(at_micros) FROM tl_failed_sign_ins "
                  "WHERE name_key = :key AND at_micros >= :since")
FORGET_FAILURES = "DELETE FROM tl_failed_sign_ins WHERE name_key = :key OR at_micros < :before"
