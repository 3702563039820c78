"""What the tests of ``timeline serve`` share: three users (a reader, a writer, an admin)
with a token each, Starlette's test client speaking HTTPS to a store (the session cookie
is sent over HTTPS only), and signing in as a browser does. The fixture is in conftest.py
(a module of this name, not ``conftest``, is what a test imports: there are several)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from helpers import ROOT, Runner
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


def client_of(db: str, address: str = "testclient", **settings: object) -> TestClient:
    """A client at ``address`` (what the server sees as the client's address)."""
    return TestClient(create_app(Settings(db, **settings)),  # type: ignore[arg-type]
                      base_url="https://testserver", client=(address, 50000))


def csrf_of(page: str) -> str:
    """The CSRF token a page's forms carry."""
    return page.split('name="csrf" value="')[1].split('"')[0]


def sign_in(client: TestClient, name: str, password: str = PASSWORD) -> None:
    """Sign in through the form, as a browser does: the page's token, then the post."""
    answer = try_sign_in(client, name, password)
    assert answer.status_code == 303, answer.text


def try_sign_in(client: TestClient, name: str, password: str) -> Any:
    """The server's answer to the sign-in form sent with ``name`` and ``password``."""
    page = client.get("/signin")
    token = csrf_of(page.text)
    return client.post("/signin", data={"csrf": token, "name": name, "password": password,
                                        "next": "/"}, follow_redirects=False)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Running:
    """A server process's address, and (once stopped) what it wrote to standard error."""

    base: str
    stderr: bytes = b""


@contextmanager
def server_process(db: str, *flags: str) -> Iterator[Running]:
    """``timeline serve`` as a real process on a free loopback port, once it answers;
    stopped with Ctrl-C's signal when the block ends, its standard error kept."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "timeline", "--db", db, "serve", "--port", str(port), *flags],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONWARNINGS": "error"})
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(base + "/api/me", timeout=5).read()
                break
            except OSError:
                assert process.poll() is None, process.communicate()
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        running = Running(base)
        yield running
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
    running.stderr = err
