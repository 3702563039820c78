"""Serving a store to a team: ``timeline serve``, and the users and tokens that may write
through it (``timeline user``, ``timeline token``). Registered on the group in
commands.py; the server itself is ``timeline.web`` (the ``serve`` extra)."""

from __future__ import annotations

import sys

import click

from timeline.app.accounts import Accounts, User, UserEntry
from timeline.cli.session import Session
from timeline.cli.support import TimelineGroup, help_without_a_command, listing, pass_session
from timeline.storage.accounts import ROLES
from timeline.views.text import table
from timeline.web.limits import MAX_UPLOAD

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on (0.0.0.0: every interface).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--workers", type=click.IntRange(1, 64),
              help="Worker processes (default: 2 on SQLite, 4 on PostgreSQL).")
@click.option("--private", is_flag=True,
              help="Only signed-in users may read (by default anyone who reaches the server "
              "may read; only users with a role may write).")
@click.option("--proxy", is_flag=True,
              help="Behind a reverse proxy on this machine that speaks HTTPS: trust its "
              "X-Forwarded-* headers and send cookies over HTTPS only.")
@click.option("--max-upload", type=click.IntRange(1024, 2**31), default=MAX_UPLOAD,
              show_default=True, help="The largest file an import may upload, in bytes.")
@pass_session
def serve(session: Session, host: str, port: int, workers: int | None, private: bool,
          proxy: bool, max_upload: int) -> None:
    """Serve the store to a team in the browser, with a JSON API (the 'serve' extra):
    pages for actors, pairs, changes, groups, events and leads; writing for signed-in
    users ('timeline user add'). Ctrl-C stops it."""
    from timeline.extras import require

    require("serve")
    import uvicorn

    from timeline.web.site import Settings

    app = session.app  # a store that does not exist is refused here, in one line
    _check_address(host, port)
    postgres = app.config.backend == "postgresql"
    accounts = Accounts(app.store)
    accounts.secret()  # made once, before the workers start, so they share it
    if not accounts.users():
        click.echo("No users yet: everyone may read, nobody may write. Add one with "
                   "'timeline user add NAME --role writer'.", err=True)
    session.close()
    settings = Settings(session.db or "", private=private,
                        secure_cookies=proxy or host not in LOOPBACK, max_upload=max_upload)
    import os

    os.environ.update(settings.to_environment())
    # One process serves on one core (its event loop and threads share one interpreter
    # lock): measured, 8 readers of one SQLite worker got no more answers than 1 did.
    count = workers or (4 if postgres else 2)
    click.echo(f"Serving {app.config.display} at http://{host}:{port}/ "
               f"({count} worker(s){', private' if private else ''})", err=True)
    uvicorn.run("timeline.web.app:from_environment", factory=True, host=host, port=port,
                workers=count, proxy_headers=proxy,
                forwarded_allow_ips="127.0.0.1" if proxy else None,
                log_level="warning", server_header=False)


def _check_address(host: str, port: int) -> None:
    """Refuse, in one line, an address the server could not listen on (a port in use, a
    host not of this machine): the workers would otherwise start, fail and exit 3."""
    import socket

    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
            probe.bind(address)
    except OSError as exc:
        raise click.ClickException(f"cannot listen on {host}:{port}: "
                                   f"{exc.strerror or exc}") from None


@click.group(cls=TimelineGroup, invoke_without_command=True)
@click.pass_context
def user(ctx: click.Context) -> None:
    """The users of a served store: who may read a private server, and who may write."""
    help_without_a_command(ctx)


@user.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), required=True,
              help="reader: reads a private server; writer: records, corrects, retracts, "
              "imports and decides leads; admin: all that, and sees the users.")
@click.option("--password-stdin", is_flag=True,
              help="Read the password from standard input (a line) instead of asking.")
@listing(lambda u: f"added {u.name} ({u.role})")
@pass_session
def user_add(session: Session, name: str, role: str, password_stdin: bool) -> User:
    """Add a user who signs in with a password (asked for twice, not echoed)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return Accounts(session.app.store).add_user(name, role, password)


@user.command("list")
@listing(lambda users: table(("NAME", "ROLE", "SINCE", "TOKENS"),
                             [(u.name, u.role, u.created_at, u.tokens) for u in users])
         if users else "(no users)")
@pass_session
def user_list(session: Session) -> list[UserEntry]:
    """The users and their roles."""
    return Accounts(session.app.store).users()


@user.command("remove")
@click.argument("name")
@listing(lambda u: f"removed {u.name} ({u.role}) and their tokens")
@pass_session
def user_remove(session: Session, name: str) -> User:
    """Remove a user and their tokens (what they recorded stays, by their name)."""
    return Accounts(session.app.store).remove_user(name)


@click.group(cls=TimelineGroup, invoke_without_command=True)
@click.pass_context
def token(ctx: click.Context) -> None:
    """API tokens for scripts: 'Authorization: Bearer TOKEN'."""
    help_without_a_command(ctx)


@token.command("add")
@click.argument("name")
@pass_session
def token_add(session: Session, name: str) -> None:
    """Print a new API token for the user NAME (shown once; it acts with their role)."""
    click.echo(Accounts(session.app.store).add_token(name))
