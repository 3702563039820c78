"""Signing in and out: a stranger's wrong guesses slow down the stranger, not the user; a
name that does not exist takes as long to refuse as one that does; guesses made at once
are all counted; signing out or being removed ends the sign-in wherever its cookie is."""

from __future__ import annotations

import threading
from typing import Any

import pytest
import sqlalchemy
from serving import PASSWORD, Served, client_of, csrf_of, sign_in, try_sign_in
from sqlalchemy import text

from timeline.app import Timeline
from timeline.app import accounts as accounts_module
from timeline.app.accounts import THROTTLE_FAILURES, Accounts, TooManyAttempts


def test_a_strangers_guesses_do_not_lock_the_user_out(served: Served) -> None:
    with client_of(served.run.db, address="203.0.113.9") as stranger:
        for _ in range(THROTTLE_FAILURES):
            assert try_sign_in(stranger, "wes", "guess-guess").status_code == 401
        held = try_sign_in(stranger, "wes", PASSWORD)
        assert held.status_code == 429 and "too many failed sign-ins as" in held.text
    with client_of(served.run.db, address="198.51.100.7") as own_desk:
        sign_in(own_desk, "wes")
        assert own_desk.get("/api/me").json() == {"name": "wes", "role": "writer"}


def _guess(db: str, name: str, addresses: list[str]) -> None:
    """One wrong guess as ``name`` from each address, each refused as a wrong password."""
    for address in addresses:
        with client_of(db, address=address) as guesser:
            assert try_sign_in(guesser, name, "guess-guess").status_code == 401


@pytest.mark.parametrize(("own", "guessers", "stranger", "later"), [
    ("198.51.100.7", [f"192.0.2.{n}" for n in range(3)], "192.0.2.99", "198.51.100.7"),
    # IPv6 privacy addresses change daily within their /64: the user's network is spared
    # too, and held back by its own guesses only.
    ("2001:db8:1::10", [f"2001:db8:{n + 2:x}::1" for n in range(3)], "2001:db8:77::1",
     "2001:db8:1::abcd"),
])
def test_guesses_from_many_addresses_are_bounded_together(
        served: Served, monkeypatch: pytest.MonkeyPatch, own: str, guessers: list[str],
        stranger: str, later: str) -> None:
    with client_of(served.run.db, address=own) as own_desk:
        sign_in(own_desk, "ada")  # where ada signs in from
    monkeypatch.setattr(accounts_module, "THROTTLE_NAME_FAILURES", 3)
    _guess(served.run.db, "ada", guessers)
    with client_of(served.run.db, address=stranger) as next_one:
        assert try_sign_in(next_one, "ada", PASSWORD).status_code == 429
    # Her own desk is not held back by the others' guesses.
    with client_of(served.run.db, address=later) as own_desk:
        sign_in(own_desk, "ada")


def test_the_addresses_of_one_ipv6_network_are_bounded_together(
        served: Served, monkeypatch: pytest.MonkeyPatch) -> None:
    """A machine's /64 holds 2**64 addresses, so they share a bound; but a neighbour's
    guesses on the user's network do not lock the user out of the address they signed in
    from, nor does one address's few guesses lock out the network."""
    monkeypatch.setattr(accounts_module, "THROTTLE_NET_FAILURES", 7)
    with client_of(served.run.db, address="2001:db8:bad::1") as own_desk:
        sign_in(own_desk, "wes")  # where wes signs in from
    _guess(served.run.db, "wes", [f"2001:db8:bad::{n:x}" for n in range(0x10, 0x15)])
    with client_of(served.run.db, address="2001:db8:bad::99") as neighbour:
        assert try_sign_in(neighbour, "wes", "guess-guess").status_code == 401
        assert try_sign_in(neighbour, "wes", "guess-guess").status_code == 401
        assert try_sign_in(neighbour, "wes", PASSWORD).status_code == 429  # 7 on the /64
    with client_of(served.run.db, address="2001:db8:bad::1") as own_desk:
        sign_in(own_desk, "wes")
    with client_of(served.run.db, address="2001:db8:900d::1") as elsewhere:
        sign_in(elsewhere, "wes")


def test_address_keys() -> None:
    from timeline.app.accounts import address_key

    assert address_key("2001:db8:1:2:3:4:5:6") == ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64")
    assert address_key("2001:DB8:0:0::1") == ("2001:db8::1", "2001:db8::/64")
    assert address_key("::ffff:192.0.2.1") == ("192.0.2.1", "192.0.2.1")
    assert address_key("192.0.2.1") == ("192.0.2.1", "192.0.2.1")
    assert address_key("testclient") == ("testclient", "testclient")


@pytest.mark.parametrize("name", ["wes\x00", "\x00", "nobody-at-all", "x" * 5000])
def test_a_name_no_one_has_is_refused_like_a_wrong_password(served: Served,
                                                            name: str) -> None:
    answer = try_sign_in(served.client, name, PASSWORD)
    assert answer.status_code == 401 and "unknown name or wrong password" in answer.text


def _accounts(db: str) -> tuple[Timeline, Accounts]:
    app = Timeline.open(db, create=False)
    return app, Accounts(app.store)


class Counting:
    """The store's hasher, counting the hashes it checks passwords against."""

    def __init__(self, hasher: Any) -> None:
        self.hasher = hasher
        self.checked: list[str] = []

    def hash(self, password: str) -> str:
        return str(self.hasher.hash(password))

    def verify(self, hashed: str, password: str) -> bool:
        self.checked.append(hashed)
        return bool(self.hasher.verify(hashed, password))


def _counting(accounts: Accounts) -> list[str]:
    counting = Counting(accounts.hasher)
    accounts.__dict__["hasher"] = counting  # in place of the cached one
    return counting.checked


def test_an_unknown_name_costs_a_hash_as_a_known_one_does(served: Served) -> None:
    app, accounts = _accounts(served.run.db)
    try:
        checked = _counting(accounts)
        assert accounts.sign_in("nobody", "guess-guess", "192.0.2.1") is None
        assert accounts.sign_in("wes", "guess-guess", "192.0.2.1") is None
        assert accounts.sign_in("nul\x00", "guess-guess", "192.0.2.1") is None
        assert len(checked) == 3 and checked[0] == checked[2] != checked[1]
        assert checked[0].startswith("$argon2")
    finally:
        app.close()


def test_guesses_made_at_once_are_all_counted(served: Served) -> None:
    app, accounts = _accounts(served.run.db)
    try:
        checked = _counting(accounts)
        refused: list[BaseException] = []
        start = threading.Barrier(12)

        def guess() -> None:
            start.wait()
            try:
                accounts.sign_in("rita", "guess-guess", "192.0.2.5")
            except TooManyAttempts as exc:
                refused.append(exc)

        guessers = [threading.Thread(target=guess) for _ in range(12)]
        for thread in guessers:
            thread.start()
        for thread in guessers:
            thread.join()
        assert len(checked) <= THROTTLE_FAILURES and len(refused) >= 12 - THROTTLE_FAILURES
    finally:
        app.close()


def test_old_failures_are_pruned_and_a_success_forgets_its_own(served: Served) -> None:
    app, accounts = _accounts(served.run.db)
    try:
        engine = app.store.db.engine
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO tl_sign_in_attempts VALUES "
                              "('old', 'someone', '192.0.2.8', '192.0.2.8', 1)"))
        accounts.sign_in("wes", "guess-guess", "192.0.2.3")
        accounts.sign_in("ada", "guess-guess", "192.0.2.3")
        count = "SELECT COUNT(*) FROM tl_sign_in_attempts"
        with engine.connect() as conn:
            assert conn.execute(text(count)).scalar() == 2  # the old one is gone
        assert accounts.sign_in("wes", PASSWORD, "192.0.2.3") is not None
        with engine.connect() as conn:
            assert conn.execute(text(count)).scalar() == 1  # ada's failure stays
    finally:
        app.close()


def test_a_cookie_kept_after_signing_out_is_worth_nothing(served: Served) -> None:
    sign_in(served.client, "wes")
    kept = dict(served.client.cookies)
    served.client.post("/signout", data={"csrf": csrf_of(served.client.get("/").text)})
    assert served.client.get("/api/me").json() is None
    with client_of(served.run.db) as thief:
        thief.cookies.update(kept)
        assert thief.get("/api/me").json() is None
        refused = thief.post("/api/events", json={}, headers={"X-CSRF-Token": "x"})
        assert refused.status_code in (401, 403)


def test_signing_out_ends_one_sign_in_not_the_others(served: Served) -> None:
    with client_of(served.run.db) as laptop, client_of(served.run.db) as phone:
        sign_in(laptop, "wes")
        sign_in(phone, "wes")
        laptop.post("/signout", data={"csrf": csrf_of(laptop.get("/").text)})
        assert laptop.get("/api/me").json() is None
        assert phone.get("/api/me").json() == {"name": "wes", "role": "writer"}


def test_removing_a_user_ends_their_sign_ins(served: Served) -> None:
    sign_in(served.client, "wes")
    kept = dict(served.client.cookies)
    served.run.ok("user", "remove", "wes")
    served.run.ok("user", "add", "wes", "--role", "admin", "--password-stdin",
                  input=PASSWORD + "\n")
    with client_of(served.run.db) as old_cookie:
        old_cookie.cookies.update(kept)  # a new user of the same name is not signed in
        assert old_cookie.get("/api/me").json() is None


def test_a_user_removed_between_password_and_session_gets_no_session(
        served: Served) -> None:
    app, accounts = _accounts(served.run.db)
    try:
        user = accounts.sign_in("wes", PASSWORD, "192.0.2.4")
        assert user is not None
        accounts.remove_user("wes")
        assert accounts.start_session(user) is None
        accounts.add_user("wes", "admin", "a new password")  # the name taken again
        with app.store.db.engine.connect() as conn:
            assert conn.execute(text("SELECT COUNT(*) FROM tl_sessions")).scalar() == 0
    finally:
        app.close()


def test_a_sign_in_expires(served: Served, monkeypatch: pytest.MonkeyPatch) -> None:
    sign_in(served.client, "wes")
    monkeypatch.setattr(accounts_module, "SESSION_SECONDS", 0)
    assert served.client.get("/api/me").json() is None


def test_a_store_with_an_earlier_throttling_table_drops_it(served: Served) -> None:
    """Failures kept by an earlier version (a table without networks) are 15 minutes of
    throttling at most: the table is dropped, and sign-in goes on with the new one."""
    app, accounts = _accounts(served.run.db)
    try:
        with app.store.db.engine.begin() as conn:
            conn.execute(text("CREATE TABLE tl_sign_in_failures (attempt VARCHAR(32))"))
        assert accounts.sign_in("wes", PASSWORD, "192.0.2.3") is not None
        with app.store.db.engine.connect() as conn:
            names = {"tl_sign_in_failures", "tl_sign_in_attempts"} & set(
                sqlalchemy.inspect(conn).get_table_names())
        assert names == {"tl_sign_in_attempts"}
    finally:
        app.close()
