"""An event listing keeps its columns whatever form its dates take: a qualified date
(2021-11-01?) or a span (2014-06-06/2017-01-20, ../2021-10-27) pushes no line out of line,
in the log (which prints each event as it is read) and in the listings printed at once."""

from __future__ import annotations

import re

from helpers import Runner, two_actors

# Every form of date an event may take, among plain ones, with a note and a source each.
DATES = ["2021", "2021-11-01?/2022-03~", "2021-11", "../2021-10-27", "2021-11-01?",
         "2014-06-06/2017-01-20", "2021-11-01", "2021-11-01/..", "2021~"]
TYPES = ["statement", "cooperation_suspended", "meeting"]


def stored(db: str) -> Runner:
    run = Runner(db)
    two_actors(run)
    for n, on in enumerate(DATES):
        run.ok("add", TYPES[n % len(TYPES)], "--actor", "x", "--target", "y", "--on", on,
               "--id", f"e{n}", "--note", f"note {n}", "--source", f"https://x.test/{n}")
    return run


def starts(lines: list[str]) -> set[tuple[int, ...]]:
    """Where each event line's type and parties begin, and where the others' text does."""
    found = set()
    for line in lines:
        head = re.match(r"(\S+ +)(\S+ +)x -", line)  # "x -> y", or "x - y" (a meeting)
        if head:
            found.add((len(head.group(1)), len(head.group(1) + head.group(2))))
        else:
            found.add((len(line) - len(line.lstrip()),))
    return found


def test_the_log_keeps_its_columns_whatever_the_dates(sqlite_store: str) -> None:
    lines = stored(sqlite_store).ok("log").stdout.splitlines()
    assert len(lines) == 3 * len(DATES)
    shown = [line.split()[0] for line in lines if line[0] != " "]
    assert sorted(shown) == sorted(DATES)
    heads = {s for s in starts(lines) if len(s) == 2}
    indents = {s for s in starts(lines) if len(s) == 1}
    assert len(heads) == 1, heads
    (type_at, parties_at), = heads
    # The note and the sources start where the type does.
    assert indents == {(type_at,)}
    assert type_at == len("YYYY-MM-DD?/YYYY-MM-DD?") + 2
    assert parties_at - type_at == len("cooperation_suspended") + 1


def test_listings_printed_at_once_measure_their_own_dates(sqlite_store: str) -> None:
    run = stored(sqlite_store)
    diff = run.ok("diff", "x", "y", "--from", "2000", "--to", "2030").stdout
    events = diff.split("Events (")[1].splitlines()[1:]
    assert len({s for s in starts(events) if len(s) == 2}) == 1
    assert len({s for s in starts(events) if len(s) == 1}) == 1
    # The widest date of the listing sets the column, not the widest possible one.
    widest = max(len(line.split()[0]) for line in events if line[0] != " ")
    assert starts(events) >= {(widest + 2,)}
    assert widest < len("YYYY-MM-DD?/YYYY-MM-DD?")


def test_a_corrected_date_moves_no_column_of_the_history(sqlite_store: str) -> None:
    run = stored(sqlite_store)
    run.ok("correct", "e0", "--on", "2014-06-06/2017-01-20", "--reason", "a span")
    lines = [line for line in run.ok("history", "e0").stdout.splitlines()
             if line.startswith("    ")]
    assert len({s for s in starts([line[4:] for line in lines]) if len(s) == 2}) == 1
