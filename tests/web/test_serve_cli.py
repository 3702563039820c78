"""``timeline user``, ``timeline token`` and ``timeline serve`` on the command line: through
CliRunner, and the server as a real process answering on loopback what the command line
answers."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from helpers import Runner, refused
from serving import server_process


def test_users_are_added_listed_and_removed(seeded: Runner) -> None:
    added = seeded("user", "add", "alice", "--role", "writer",
                   input="a long password\na long password\n")
    assert added.exit_code == 0, added.output
    assert "added alice (writer)" in added.stdout
    assert "a long password" not in added.output  # not echoed
    seeded.ok("user", "add", "bob", "--role", "reader", "--password-stdin",
              input="another password\n")
    listed = json.loads(seeded.ok("user", "list", "--json").stdout)
    assert [(u["name"], u["role"], u["tokens"]) for u in listed] == [
        ("alice", "writer", 0), ("bob", "reader", 0)]
    token = seeded.ok("token", "add", "alice").stdout.strip()
    assert token.startswith("tl_") and len(token) > 40
    assert json.loads(seeded.ok("user", "list", "--json").stdout)[0]["tokens"] == 1
    head, alice, bob = seeded.ok("user", "list").stdout.splitlines()
    assert head.split() == ["NAME", "ROLE", "SINCE", "TOKENS"]
    assert alice.split()[:2] == ["alice", "writer"] and alice.split()[3] == "1"
    assert len({line.index(line.split()[1]) for line in (head, alice, bob)}) == 1  # aligned
    assert "removed bob" in seeded.ok("user", "remove", "bob").stdout
    assert [u["name"] for u in json.loads(seeded.ok("user", "list", "--json").stdout)] == [
        "alice"]


def test_bad_users_are_refused_in_one_line(seeded: Runner) -> None:
    refused(seeded("user", "add", "carol", "--role", "boss", "--password-stdin",
                   input="a long password\n"), "boss", code=2)
    refused(seeded("user", "add", "carol", "--role", "writer", "--password-stdin",
                   input="short\n"), "at least 8")
    seeded.ok("user", "add", "carol", "--role", "writer", "--password-stdin",
              input="a long password\n")
    refused(seeded("user", "add", "CAROL", "--role", "reader", "--password-stdin",
                   input="a long password\n"), "already")
    refused(seeded("token", "add", "nobody"), "no user 'nobody'")
    refused(seeded("user", "remove", "nobody"), "no user 'nobody'")


def test_users_are_not_part_of_the_read_model(seeded: Runner) -> None:
    seeded.ok("user", "add", "dora", "--role", "admin", "--password-stdin",
              input="a long password\n")
    seeded.ok("rebuild")
    seeded.ok("check", "--deep")
    assert [u["name"] for u in json.loads(seeded.ok("user", "list", "--json").stdout)] == [
        "dora"]


def test_serve_refuses_a_store_that_does_not_exist(tmp_path: Path) -> None:
    result = Runner(str(tmp_path / "none.db"))("serve", "--port", "1")
    refused(result, "no store")
    assert not (tmp_path / "none.db").exists()


def test_serve_refuses_an_address_in_use_in_one_line(seeded: Runner) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        refused(seeded("serve", "--port", port), f"cannot listen on 127.0.0.1:{port}")
        done = subprocess.run([sys.executable, "-m", "timeline", "serve", "--port", port,
                               "--db", seeded.db], capture_output=True, text=True,
                              timeout=60, check=False)
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith("Error: cannot listen on")
    assert "Serving" not in done.stderr and "Traceback" not in done.stderr
    refused(seeded("serve", "--host", "no-such-host.invalid"), "cannot listen on")


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


@pytest.mark.slow
def test_the_server_answers_as_the_command_line_does(seeded: Runner) -> None:
    with server_process(seeded.db, "--workers", "2") as running:
        base = running.base
        status, _ = _get(base + "/api/me")
        assert status == 200
        status, body = _get(base + "/api/state/russia/nato?as_of=2021-11-02")
        assert status == 200
        assert json.loads(body) == json.loads(seeded.ok("state", "russia", "nato", "--as-of",
                                                        "2021-11-02", "--json").stdout)
        status, body = _get(base + "/api/state/russia/atlantis")
        assert status == 404
        assert json.loads(body)["error"].startswith("unknown actor 'atlantis'")
        status, page = _get(base + "/pairs/russia/nato")
        assert status == 200 and b"<html" in page
    assert b"Traceback" not in running.stderr, running.stderr.decode()
    assert b"at http://127.0.0.1:" in running.stderr
