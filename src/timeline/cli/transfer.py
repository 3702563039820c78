"""The commands that move records in and out: import (our files and the field's formats)
and export. Registered on the group in commands.py."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from contextlib import ExitStack, closing
from pathlib import Path
from typing import Any

import click

from timeline.cli import writing
from timeline.cli.session import Session
from timeline.cli.support import (
    QUERY_DATE,
    QUERY_START_FORMS,
    RECORD_TIME,
    RECORD_TIME_FORMS,
    PhaseBars,
    complete_actors,
    complete_types,
    interruptible,
    listing,
    pair_of,
    pass_session,
)
from timeline.domain.dates import today
from timeline.domain.records import ImportResult, Item, Record, Restored
from timeline.domain.vocabulary import FACT_KINDS
from timeline.errors import InvalidValue
from timeline.interchange import EXPORT_FORMATS, IMPORT_FORMATS
from timeline.interchange.graph import GRAPH_FORMATS
from timeline.views import text


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice((*IMPORT_FORMATS, "log")), default="auto",
              show_default=True,
              help="auto: told from each file's content (docs/formats.md): ours (YAML, "
              "JSON, JSON Lines, CSV) or any format below; or TimelineJS "
              "JSON; or coded event data: ICEWS tab-separated events, GDELT 1.0/2.0 event "
              "files (57, 58 or 61 tab-separated columns, no header), PLOVER records (JSON "
              "Lines, a JSON array, or objects one after another), POLECAT weekly "
              "tab-separated files; or the COW Diplomatic Exchange CSV (cow-dipex: levels of "
              "representation observed, docs/diplomatic-exchange.md); or a whole log that "
              "'export --format log' wrote (log: restored entry by entry, docs/storage.md).")
@click.option("--actor-map", type=click.Path(exists=True, dir_okay=False),
              help="YAML/JSON mapping (or CSV name,id) of names in the data (gdelt: actor "
              "codes; cow-dipex: COW state numbers or abbreviations) to actor ids (icews, "
              "gdelt, plover, polecat, cow-dipex), before the built-in map of states and "
              "organisations; a name or code mapped here speaks for its actor.")
@click.option("--dry-run", is_flag=True,
              help="Check everything and say what would be stored, by type, and what would be "
              "skipped, by reason; store nothing.")
@click.option("--create-actors", is_flag=True,
              help="Add the states and organisations of the built-in map that the store lacks "
              "(icews, gdelt, plover, polecat; cow-dipex: COW's states, each with the day it "
              "joined the state system as exists_from).")
@click.option("--actor", "slide_actor", metavar="ID", shell_complete=complete_actors,
              help="timelinejs: who acts in the slides that carry no event of ours (each "
              "becomes one event).")
@click.option("--target", "slide_target", metavar="ID", shell_complete=complete_actors,
              help="timelinejs: the other side of those events.")
@click.option("--type", "slide_type", metavar="TYPE", shell_complete=complete_types,
              help="timelinejs: the type of those events (default: statement).")
@click.option("--accept", "policy", type=click.Choice(["corroborated"]),
              help="Also accept the leads coded data points to that a policy takes: "
                   "corroborated = at least 2 publishers, 2 stories and 1 record between "
                   "the sides themselves (not expulsions); off by default, and only with "
                   "a coded dataset's own files.")
@listing(lambda r: text.render_restored(r) if isinstance(r, Restored)
         else text.render_import(r))
@pass_session
def import_(session: Session, paths: tuple[str, ...], fmt: str, actor_map: str | None,
            dry_run: bool, create_actors: bool, slide_actor: str | None,
            slide_target: str | None, slide_type: str | None, policy: str | None
            ) -> ImportResult | Restored:
    """Import files, or folders of them: everything is checked before anything is stored.

    Machine-coded records (icews, gdelt, plover, polecat) are kept as evidence (type
    coded_event) and change no fact: 'timeline leads' lists what they point to, for an
    analyst to accept or dismiss ('timeline types', docs/formats.md); records that map to
    nothing (an actor no map knows) are counted and reported, never dropped silently.
    """
    from timeline import interchange
    from timeline.domain.decisions import policy_may_take
    from timeline.interchange import (
        detect_format,
        estimate_records,
        expand_paths,
        iter_records,
        load_actor_map,
    )

    files = expand_paths(paths, "auto" if fmt == "log" else fmt)
    if fmt == "auto":  # told from the files' content, so the flags below are checked for it
        fmt = detect_format(files)
    if fmt == "log":
        return _restore(session, files, bool(actor_map or dry_run or create_actors or policy
                                              or slide_actor or slide_target or slide_type))
    coded = [f for f in interchange.IMPORT_FORMATS if interchange.takes_actor_map(f)]
    # --accept too: a file of ours may carry coded_event records typed by anyone, and a
    # policy trusts only what a coded dataset's own file says.
    for flag, given in (("--actor-map", actor_map), ("--create-actors", create_actors),
                        ("--accept", policy)):
        if given and fmt not in coded:
            raise click.UsageError(f"{flag} goes with --format {', '.join(coded)}")
    added: list[Item] = []  # the actors only the built-in map knows, that slides name
    if fmt == "timelinejs" and slide_actor:  # by name, alias or code, as everywhere
        named = session.creating.names.named(
            *(t for t in (slide_actor, slide_target) if t), create=True)
        added = [("actor", Record("", n.new.to_json())) for n in named if n.new is not None]
        slide_actor, slide_target = named[0].id, named[1].id if slide_target else None
    slides = _slide_events(fmt, files, slide_actor, slide_target, slide_type)
    names = load_actor_map(Path(actor_map)) if actor_map else None
    with PhaseBars(estimate_records(files) if sys.stderr.isatty() else 0) as bars:
        try:
            with interruptible():
                read: set[str] = set()  # the ids of the records the policy may take

                def items() -> Iterator[Item]:
                    yield from added
                    for kind, record in iter_records(files, fmt, names,
                                                     create_actors=create_actors,
                                                     slides=slides, progress=bars):
                        if policy and kind == "event" and policy_may_take(record.data):
                            read.add(str(record.data.get("id")))
                        yield kind, record

                result = session.creating.import_stream(items, progress=bars, dry_run=dry_run)
                if dry_run:
                    session.refused()  # a store made for the dry run is taken away
                elif policy:
                    facts = session.app.desk.accept_corroborated(read=read)
                    click.echo(f"Accepted {len(facts)} lead(s) as facts (--accept {policy})"
                               + "".join(f"\n  {fact.id}" for fact in facts), err=True)
                return result
        except KeyboardInterrupt:
            bars.close()
            click.echo(f"Interrupted after storing {bars.stored} record(s) of this import; run "
                       "the same command again to complete it (nothing is stored twice).",
                       err=True)
            sys.exit(130)


def _restore(session: Session, files: list[Path], flagged: bool) -> Restored:
    """A whole log restored (``app.backup``): one file, no flag of the other formats."""
    from timeline.interchange import estimate_records

    if len(files) != 1 or flagged:
        raise click.UsageError("a log is restored alone: one file, no other flag")
    with PhaseBars(estimate_records(files) if sys.stderr.isatty() else 0) as bars:
        try:
            with interruptible():
                return session.creating.restore(files[0], progress=bars)
        except KeyboardInterrupt:
            bars.close()
            click.echo(f"Interrupted after restoring {bars.stored} entr(ies); run the same "
                       "command again to complete it (nothing is stored twice).", err=True)
            sys.exit(130)


def _slide_events(fmt: str, files: list[Path], actor: str | None, target: str | None,
                  event_type: str | None) -> Any:
    """What the slides of TimelineJS documents from elsewhere become (None: only slides
    that carry our events are read)."""
    from timeline.interchange import timelinejs

    if fmt != "timelinejs":
        if actor or target or event_type:
            raise click.UsageError("--actor, --target and --type go with --format timelinejs")
        return None
    if not actor:
        if target or event_type:
            raise click.UsageError("--target and --type need --actor ID")
        foreign = timelinejs.foreign_document(files)
        if foreign is not None:
            raise click.UsageError(f"{foreign}: its slides carry no events of ours; name who "
                                   "acts in them with --actor ID (and --target ID, --type TYPE)")
        return None
    try:
        return timelinejs.SlideEvents.checked(actor, target, event_type or "statement")
    except InvalidValue as exc:
        raise click.UsageError(str(exc)) from None


@click.command()
@click.argument("actors", nargs=-1, metavar="[A B]", shell_complete=complete_actors)
@click.option("--format", "fmt",
              type=click.Choice((*EXPORT_FORMATS, *GRAPH_FORMATS, "log")),
              default="jsonl", show_default=True,
              help="jsonl and csv import back as they are; timelinejs and plover are the "
              "field's formats (they carry our events, so they import back too); graphml, "
              "gexf and csv-edges write the relationships as of a day as a network (of A's "
              "alone when A is given): actors as nodes, facts as edges; log is the whole "
              "log, every version of every event with its record time: a backup that "
              "'timeline import' restores, --known-at answers and all.")
@click.option("--as-of", type=QUERY_DATE,
              help=f"A network's day (default today): {QUERY_START_FORMS}")
@click.option("--known-at", type=RECORD_TIME,
              help=f"A network as the record stood then: {RECORD_TIME_FORMS}")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(FACT_KINDS),
              help="A network of facts of this kind only; repeatable.")
@click.option("--out", type=click.Path(dir_okay=False, writable=True),
              help="Write to this file instead of standard output.")
@pass_session
def export(session: Session, actors: tuple[str, ...], fmt: str, as_of: dt.date | None,
           known_at: dt.datetime | None, kinds: tuple[str, ...], out: str | None) -> None:
    """Export actors and events in a form 'timeline import' reads back, or the
    relationships as of a day as a network (graphml, gexf, csv-edges)."""
    from timeline.interchange import split_export, write, write_lines
    from timeline.storage.config import is_sqlite_file

    if fmt == "log" and actors:
        raise click.UsageError("--format log is the whole log: it takes no actor")
    if fmt in GRAPH_FORMATS and len(actors) > 1:
        raise click.UsageError(f"--format {fmt} takes one actor (its network) or none (all)")
    if fmt not in GRAPH_FORMATS and (as_of or known_at or kinds):
        raise click.UsageError("--as-of, --known-at and --kind go with --format graphml, gexf "
                               "or csv-edges")
    if out and is_sqlite_file(out):  # the store itself, typed for a .jsonl, say
        raise click.ClickException(f"will not write over {out!r}: it is a database")
    if fmt in ("graphml", "gexf"):
        from timeline.extras import require

        require("graph")  # before a file is made
    summary = ""
    with ExitStack() as stack:
        try:  # a file that cannot be written is refused before anything is read
            handle = stack.enter_context(Path(out).open("w", encoding="utf-8")) if out else None
        except OSError as exc:
            raise click.ClickException(f"cannot write {out!r}: {exc.strerror}") from None
        if fmt == "log":
            pieces = session.app.backup()
        elif fmt in GRAPH_FORMATS:
            from timeline.interchange import graph

            found = session.app.graph(as_of or today(), known_at, kinds,
                                      actors[0] if actors else None)
            pieces = graph.write(fmt, found)
            certain = sum(1 for e in found.edges if e.certainty == "certain")
            summary = (f"{out}: {len(found.nodes)} actor(s) and {len(found.edges)} fact(s) as "
                       f"edges, as of {found.as_of} ({certain} certain, "
                       f"{len(found.edges) - certain} uncertain)")
        elif fmt == "jsonl":  # each event's line from the text the read model keeps
            lines = stack.enter_context(closing(session.exported_lines(pair_of(actors))))
            pieces = write_lines(*split_export(lines))
        else:
            # The export's read transaction ends with this block, however the writing ends.
            stream = stack.enter_context(closing(session.app.exported(pair_of(actors))))
            found_actors, events = split_export(stream)
            pieces = write(fmt, found_actors, events)
        if handle is None:
            with writing.output() as put:
                for piece in pieces:
                    put(piece)
            return
        try:
            handle.writelines(pieces)
        except OSError as exc:
            raise click.ClickException(f"cannot write {out!r}: {exc.strerror}") from None
    if summary:
        click.echo(summary, err=True)
