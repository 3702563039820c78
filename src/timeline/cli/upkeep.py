"""The record's upkeep: checking it, and making its read model again. Registered on the
group in commands.py."""

from __future__ import annotations

import click

from timeline.cli.session import Session
from timeline.cli.support import complete_actors, listing, pair_of, pass_session, progress_bar
from timeline.domain.checks import DEFAULT_MAX_GAP_DAYS
from timeline.domain.findings import Finding
from timeline.views import text


@click.command()
@click.argument("actors", nargs=-1, metavar="[A B]", shell_complete=complete_actors)
@click.option("--max-gap", type=click.IntRange(min=0), default=DEFAULT_MAX_GAP_DAYS,
              show_default=True,
              help="Flag events announced more than this many days before they took effect.")
@click.option("--deep", is_flag=True,
              help="Also compare the read model with one rebuilt from the log (slow).")
@listing(text.render_findings,
         exit_code=lambda found: 1 if any(f.severity == "problem" for f in found) else 0)
@pass_session
def check(session: Session, actors: tuple[str, ...], max_gap: int, deep: bool
          ) -> list[Finding]:
    """List inconsistencies in the record: problems (it contradicts itself, or the store
    is damaged; exit status 1) and notes (unusual, worth a look; exit status 0)."""
    return session.app.check(pair_of(actors), max_gap, deep=deep)


@click.command()
@listing(lambda n: f"Rebuilt the read model from {n} logged event(s).")
@pass_session
def rebuild(session: Session) -> int:
    """Recreate the read model from the event log."""
    app = session.app
    with progress_bar("Rebuilding", app.log_length()) as bar:
        return app.rebuild(progress=bar)
