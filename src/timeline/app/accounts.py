"""Who may use a served store, and how they prove it: users with a role and a password,
API tokens for scripts, throttled sign-in, and the key that signs session cookies.

Passwords are hashed with Argon2 (argon2-cffi, the maintained binding of the Password
Hashing Competition's winner); tokens are 256 random bits, kept as their SHA-256 digest
(a digest of that much randomness needs no slow hash). Nothing here is in the event
log (see ``storage.accounts``)."""

from __future__ import annotations

import functools
import hashlib
import secrets
import time
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, delete, insert, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from timeline.domain.dates import format_time, now
from timeline.domain.jsonable import Jsonable
from timeline.domain.vocabulary import check_text
from timeline.errors import Conflict, InvalidValue, NotFound, TimelineError
from timeline.storage import accounts as tables
from timeline.storage.accounts import MAX_USER_NAME, ROLES

if TYPE_CHECKING:
    from argon2 import PasswordHasher

    from timeline.app.store import Store

MIN_PASSWORD = 8
MAX_PASSWORD = 1000  # hashing is slow by design: a megabyte password is a way to stall it
THROTTLE_FAILURES = 5  # failed sign-ins as one name from one address in THROTTLE_SECONDS...
THROTTLE_SECONDS = 15 * 60  # ...refuse that address's attempts until the oldest is this old
# ...from one network (an IPv6 /64, whose 2**64 addresses one machine may hold), and from
# every address together: guesses spread over many addresses stay bounded, while a
# stranger's guesses (a neighbour's on the user's network) do not lock the user out of
# the address they signed in from lately.
THROTTLE_NET_FAILURES = 20
THROTTLE_NAME_FAILURES = 100
KNOWN_SECONDS = 90 * 86400  # an address a user signed in from lately is theirs this long
SESSION_SECONDS = 8 * 3600  # a browser's sign-in lasts this long
MAX_SOURCE = 64  # characters of a client's address kept
TOKEN_PREFIX = "tl_"  # tells a token from a password in a script's environment


class TooManyAttempts(TimelineError):
    """Sign-in refused for a while: too many recent failures for that name."""


def _micros() -> int:
    return time.time_ns() // 1000


def address_key(source: str) -> tuple[str, str]:
    """A client's address as throttling counts it, and its network: an IPv6 address's /64,
    an IPv4 address (or an IPv4-mapped one) itself."""
    import ipaddress

    try:
        address = ipaddress.ip_address(source)
    except ValueError:
        return source[:MAX_SOURCE], source[:MAX_SOURCE]
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is None:
        return str(address), str(ipaddress.IPv6Network(f"{address}/64", strict=False))
    plain = str(getattr(address, "ipv4_mapped", None) or address)
    return plain, plain


@dataclass(frozen=True)
class User(Jsonable):
    """Someone who may use the served store, and what their role allows."""

    name: str
    role: str

    def may(self, role: str) -> bool:
        """Whether this user's role allows what ``role`` may do."""
        return ROLES.index(self.role) >= ROLES.index(role)


@dataclass(frozen=True)
class UserEntry(Jsonable):
    """A served store's user as listed: name, role, when made, and how many tokens."""

    name: str
    role: str
    created_at: str
    tokens: int


def name_key(name: str) -> str:
    return name.casefold()


def check_name(name: str) -> str:
    tidy = check_text(name, "a user's name", MAX_USER_NAME).strip()
    if not tidy or any(not c.isprintable() for c in tidy):
        raise InvalidValue(f"a user's name must be printable text, got {name!r}")
    if len(name_key(tidy)) > MAX_USER_NAME:
        raise InvalidValue(f"a user's name is longer than {MAX_USER_NAME} characters")
    return tidy


def check_role(role: str) -> str:
    if role not in ROLES:
        raise InvalidValue(f"unknown role {role!r}: one of {', '.join(ROLES)}")
    return role


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InvalidValue(f"a password needs at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise InvalidValue(f"a password is at most {MAX_PASSWORD} characters")
    return password


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


class Accounts:
    """The users of one store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._ready = False

    @functools.cached_property
    def hasher(self) -> PasswordHasher:
        from timeline.extras import require

        require("serve")  # argon2-cffi comes with the server
        from argon2 import PasswordHasher

        return PasswordHasher()

    @functools.cached_property
    def _stand_in(self) -> str:
        """A hash no password matches: an unknown name costs the same time as a known
        one, so the time of an answer does not tell which names exist."""
        return self.hasher.hash(secrets.token_urlsafe(16))

    def _engine(self) -> Engine:
        engine = self.store.db.engine
        if not self._ready:
            try:
                tables.metadata.create_all(engine, checkfirst=True)
            except DBAPIError:  # another worker made them between the check and the make
                tables.metadata.create_all(engine, checkfirst=True)
            with engine.begin() as conn:
                for former in tables.FORMER_TABLES:
                    conn.execute(text(f"DROP TABLE IF EXISTS {former}"))
            self._ready = True
        return engine

    def _writing(self) -> AbstractContextManager[Connection]:
        """A write transaction that takes the write lock first (SQLite's BEGIN IMMEDIATE):
        one that read first could not write after another writer, and would fail."""
        self._engine()
        return self.store.db.writing()

    def add_user(self, name: str, role: str, password: str) -> User:
        """A new user; a name already taken (in any case) is refused."""
        user = User(check_name(name), check_role(role))
        hashed = self.hasher.hash(check_password(password))
        with self._writing() as conn:
            if conn.execute(text(tables.USER_BY_KEY), {"key": name_key(user.name)}).first():
                raise Conflict(f"there is a user {user.name!r} already")
            conn.execute(insert(tables.users).values(
                name_key=name_key(user.name), name=user.name, role=user.role,
                password_hash=hashed, created_at=format_time(now())))
        return user

    def remove_user(self, name: str) -> User:
        """Remove a user and their tokens; what they recorded stays recorded by them."""
        key = name_key(name)
        with self._writing() as conn:
            row = conn.execute(text(tables.USER_BY_KEY), {"key": key}).first()
            if row is None:
                raise NotFound(f"no user {name!r}")
            conn.execute(delete(tables.tokens).where(tables.tokens.c.name_key == key))
            conn.execute(delete(tables.sessions).where(tables.sessions.c.name_key == key))
            conn.execute(delete(tables.sign_in_sources).where(
                tables.sign_in_sources.c.name_key == key))
            conn.execute(delete(tables.users).where(tables.users.c.name_key == key))
        return User(row[0], row[1])

    def users(self) -> list[UserEntry]:
        with self._engine().connect() as conn:
            return [UserEntry(*row) for row in conn.execute(text(tables.EVERY_USER))]

    def user(self, name: str) -> User | None:
        """The user of that name now (a removed user, or a changed role, counts at once)."""
        with self._engine().connect() as conn:
            row = conn.execute(text(tables.USER_BY_KEY), {"key": name_key(name)}).first()
        return None if row is None else User(row[0], row[1])

    def add_token(self, name: str) -> str:
        """A new API token for the user ``name``, shown this once."""
        key = name_key(name)
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        with self._writing() as conn:
            if conn.execute(text(tables.USER_BY_KEY), {"key": key}).first() is None:
                raise NotFound(f"no user {name!r} (add one with 'timeline user add')")
            conn.execute(insert(tables.tokens).values(
                digest=_digest(token), name_key=key, created_at=format_time(now())))
        return token

    def by_token(self, token: str) -> User | None:
        if len(token) > 200:
            return None
        with self._engine().connect() as conn:
            row = conn.execute(text(tables.USER_BY_TOKEN), {"digest": _digest(token)}).first()
        return None if row is None else User(row[0], row[1])

    def sign_in(self, name: str, password: str, source: str = "") -> User | None:
        """The user, if the password is theirs; None if not. After THROTTLE_FAILURES
        failures as a name from one address (``source``) in THROTTLE_SECONDS, or (from an
        address the user has not signed in from lately) THROTTLE_NET_FAILURES from its
        network or THROTTLE_NAME_FAILURES from all, refused (``TooManyAttempts``) without
        looking at the password, so guessing is slow whoever guesses."""
        key, (source, net) = name_key(name)[:MAX_USER_NAME], address_key(source)
        if not key.isprintable() or not source.isprintable():  # a NUL no database takes
            self._verify(self._stand_in, password)
            return None
        moment = _micros()
        since = moment - THROTTLE_SECONDS * 1_000_000
        attempt = secrets.token_hex(16)
        # Counted as failed before the password is looked at: attempts made at once all
        # count, and the one that succeeds takes its row back.
        with self._writing() as conn:
            conn.execute(insert(tables.failed_sign_ins).values(
                attempt=attempt, name_key=key, source=source, net=net, at_micros=moment))
        with self._writing() as conn:
            every, here, near, first, first_here, first_near = conn.execute(
                text(tables.FAILURES_SINCE),
                {"key": key, "source": source, "net": net, "since": since}).one()
            known = set(conn.execute(text(tables.KNOWN_SOURCES), {
                "key": key, "source": source, "net": net,
                "since": moment - KNOWN_SECONDS * 1_000_000}).scalars())
            # The user's own address is held back by its own guesses only; their network
            # (a new IPv6 privacy address in it) by its own, not the name's from elsewhere.
            if here > THROTTLE_FAILURES:
                oldest = first_here
            elif source in known:
                oldest = None
            elif near > THROTTLE_NET_FAILURES:
                oldest = first_near
            elif net not in known and every > THROTTLE_NAME_FAILURES:
                oldest = first
            else:
                oldest = None
            if oldest is not None:
                conn.execute(text(tables.FORGET_ATTEMPT), {"attempt": attempt})
                wait = max(1, (oldest - since) // 60_000_000 + 1)
                raise TooManyAttempts(f"too many failed sign-ins as {name!r}: try again in "
                                      f"{wait} minute(s)")
            row = conn.execute(text(tables.USER_BY_KEY), {"key": key}).first()
        valid = self._verify(row[2] if row is not None else self._stand_in,
                             password) and row is not None
        try:
            with self._writing() as conn:
                if valid:
                    conn.execute(text(tables.FORGET_FAILURES),
                                 {"key": key, "source": source, "before": since})
                    # One statement, beside its user: sign-ins at once from one address
                    # both keep it, and a user removed meanwhile keeps none.
                    for kept in {source, net}:
                        conn.execute(text(tables.KEEP_SOURCE),
                                     {"key": key, "source": kept, "moment": moment})
                else:
                    conn.execute(text(tables.PRUNE_FAILURES), {"before": since})
        except IntegrityError:  # removed while the password was checked (PostgreSQL's key)
            return None
        return User(row[0], row[1]) if valid and row is not None else None

    def _verify(self, hashed: str, password: str) -> bool:
        from argon2.exceptions import Argon2Error, InvalidHashError

        try:  # no stored password is longer than MAX_PASSWORD: one longer matches none
            return bool(self.hasher.verify(hashed, password[:MAX_PASSWORD + 1]))
        except (Argon2Error, InvalidHashError, UnicodeError):
            return False

    def start_session(self, user: User) -> str | None:
        """A new session of ``user``'s, for a browser's cookie to name; None if the user
        was removed meanwhile (the session is made only beside its user, in one
        statement, so none outlives a removal to serve a new user of the same name)."""
        session = secrets.token_urlsafe(32)
        moment = _micros()
        try:
            with self._writing() as conn:
                conn.execute(text(tables.PRUNE_SESSIONS),
                             {"before": moment - SESSION_SECONDS * 1_000_000})
                made = conn.execute(text(tables.START_SESSION), {
                    "digest": _digest(session), "moment": moment,
                    "key": name_key(user.name)}).rowcount
        except IntegrityError:  # removed while this was being written (PostgreSQL's key)
            return None
        return session if made == 1 else None

    def by_session(self, session: str) -> User | None:
        """The user of a session not ended (signed out, user removed, or too old)."""
        if len(session) > 200:
            return None
        with self._engine().connect() as conn:
            row = conn.execute(text(tables.USER_BY_SESSION), {
                "digest": _digest(session),
                "since": _micros() - SESSION_SECONDS * 1_000_000}).first()
        return None if row is None else User(row[0], row[1])

    def end_session(self, session: str) -> None:
        with self._writing() as conn:
            conn.execute(text(tables.END_SESSION), {"digest": _digest(session)})

    def secret(self, purpose: str = "session") -> str:
        """The store's key for ``purpose``, made the first time it is asked for."""
        with self._writing() as conn:
            row = conn.execute(text("SELECT secret FROM tl_web_keys WHERE purpose = :p"),
                               {"p": purpose}).first()
            if row is not None:
                return str(row[0])
        try:
            with self._writing() as conn:
                conn.execute(insert(tables.web_keys).values(purpose=purpose,
                                                            secret=secrets.token_hex(32)))
        except IntegrityError:
            pass  # another worker made it first: theirs is the key
        return self.secret(purpose)
