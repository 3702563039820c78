"""What the tests of ``timeline serve`` share: three users (a reader, a writer, an admin)
with a token each, Starlette's test client speaking HTTPS to a store (the session cookie
is sent over HTTPS only), and signing in as a browser does. The fixture is in conftest.py
(a module of this name, not ``conftest``, is what a test imports: there are several)."""

from __future__ import annotations

from dataclasses import dataclass

from helpers import Runner
from starlette.testclient import TestClient

from timeline.app import Timeline
from timeline.app.accounts import Accounts
from timeline.web.app import create_app
from timeline.web.site import Settings

PASSWORD = "correct horse battery"
ROLES = {"rita": "reader", "wes": "writer", "ada": "admin"}


@dataclass
class Served:
    run: Runner  # the command line on the same store
    client: TestClient  # nobody signed in, no token
    tokens: dict[str, str]  # by user name

    def as_user(self, name: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[name]}"}


def add_users(db: str) -> dict[str, str]:
    app = Timeline.open(db, create=False)
    try:
        accounts = Accounts(app.store)
        for name, role in ROLES.items():
            accounts.add_user(name, role, PASSWORD)
        return {name: accounts.add_token(name) for name in ROLES}
    finally:
        app.close()


def client_of(db: str, **settings: object) -> TestClient:
    return TestClient(create_app(Settings(db, **settings)),  # type: ignore[arg-type]
                      base_url="https://testserver")


def sign_in(client: TestClient, name: str, password: str = PASSWORD) -> None:
    """Sign in through the form, as a browser does: the page's token, then the post."""
    page = client.get("/signin")
    token = page.text.split('name="csrf" value="')[1].split('"')[0]
    answer = client.post("/signin", data={"csrf": token, "name": name, "password": password,
                                          "next": "/"}, follow_redirects=False)
    assert answer.status_code == 303, answer.text
