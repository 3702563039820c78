"""Every flag that takes a date lists every form it accepts, and only those: the help is
made from domain.date_forms, and here each listed form is given to the commands, and every
form the parsers take (of many tried) is found in the list."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import click
import pytest
from helpers import Runner, two_actors

from timeline.cli import cli
from timeline.cli.support import (
    EVENT_DATE_FORMS,
    PERIOD_FORMS,
    QUERY_DATE,
    QUERY_END,
    QUERY_END_FORMS,
    QUERY_START_FORMS,
    RECORD_TIME,
    RECORD_TIME_FORMS,
)
from timeline.domain.date_forms import (
    PERIODS,
    QUALIFIERS,
    RECORD_EXAMPLES,
    SPANS,
    TODAY,
    event_examples,
    event_forms,
    example,
    pattern,
    single_forms,
)
from timeline.domain.dates import PartialDate, parse_query_date, parse_query_end
from timeline.errors import InvalidValue

# The flags of dates that are plain text, parsed by the library with the event.
EVENT_FLAGS = {"on": EVENT_DATE_FORMS, "announced": PERIOD_FORMS, "exists_from": PERIOD_FORMS}
TYPED = {QUERY_DATE: QUERY_START_FORMS, QUERY_END: QUERY_END_FORMS,
         RECORD_TIME: RECORD_TIME_FORMS}


def options(command: click.Command, path: str = "timeline"
            ) -> Iterator[tuple[str, click.Option]]:
    if isinstance(command, click.Group):
        ctx = click.Context(command)
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            assert sub is not None
            yield from options(sub, f"{path} {name}")
    for param in command.params:
        if isinstance(param, click.Option):
            yield path, param


def test_every_date_flag_ends_its_help_with_its_forms() -> None:
    seen = set()
    for path, option in options(cli):
        forms = TYPED.get(option.type) or EVENT_FLAGS.get(option.name or "")
        if forms is None:
            continue
        seen.add(f"{path} {option.opts[0]}")
        assert option.help is not None and option.help.endswith(forms), (path, option.opts)
    # The flags the issue names, all found (a renamed one would drop out silently).
    for flag in ("timeline add --on", "timeline add --announced", "timeline correct --on",
                 "timeline correct --announced", "timeline state --as-of",
                 "timeline log --from", "timeline log --to", "timeline diff --known-at",
                 "timeline actor add --exists-from", "timeline accept --on",
                 "timeline chart --as-of-marker", "timeline export --as-of"):
        assert flag in seen, flag


def test_the_help_names_every_piece_of_every_form() -> None:
    for piece in (*PERIODS, *(q for q, _ in QUALIFIERS), *(s for s, _ in SPANS)):
        assert piece in EVENT_DATE_FORMS, piece
    for text in (PERIOD_FORMS, QUERY_START_FORMS, QUERY_END_FORMS):
        assert all(period in text for period in PERIODS)
    assert TODAY in QUERY_START_FORMS and TODAY in QUERY_END_FORMS


# Texts near the forms: pieces of dates, well and badly made, with every qualifier and
# separator EDTF has (% is EDTF's "uncertain and approximate", which we do not take).
ENDS = ["2021", "2021-11", "2021-11-01", "21", "2021-1", "2021-11-1", "202111", "2021-W44",
        "2021-21", ".."]
MARKS = ["", "?", "~", "%", "?~"]


def candidates() -> Iterator[str]:
    singles = [end + mark for end, mark in itertools.product(ENDS, MARKS)]
    yield from singles
    for first, second in itertools.product(singles, repeat=2):
        yield f"{first}/{second}"
    yield "2021/2022/2023"
    yield TODAY


def accepts(parse: object, text: str) -> bool:
    try:
        parse(text)  # type: ignore[operator]
    except InvalidValue:
        return False
    return True


def test_every_event_date_the_parser_takes_is_a_listed_form() -> None:
    listed = pattern(event_forms())
    taken = [text for text in candidates() if accepts(PartialDate.parse, text)]
    assert len(taken) > 100  # the tries reach the spans, not only refusals
    for text in taken:
        assert listed.fullmatch(text), f"{text!r} is taken but no help lists its form"
    assert not accepts(PartialDate.parse, "2021-11-01%")


def test_every_listed_event_form_is_taken_by_the_parser() -> None:
    examples = event_examples()
    assert len(examples) == len(event_forms()) > len(single_forms())
    for text in examples:
        PartialDate.parse(text)


@pytest.mark.parametrize("parse", [parse_query_date, parse_query_end,
                                   PartialDate.parse_period])
def test_every_period_the_query_parsers_take_is_listed(parse: object) -> None:
    listed = pattern(list(PERIODS))
    for text in candidates():
        if accepts(parse, text):
            assert listed.fullmatch(text) or (text == TODAY and parse is not
                                              PartialDate.parse_period), text
    for period in PERIODS:
        assert accepts(parse, example(period)), period


def test_add_and_correct_take_every_listed_event_form(sqlite_store: str) -> None:
    run = Runner(sqlite_store)
    two_actors(run)
    for n, text in enumerate(event_examples()):
        run.ok("add", "statement", "--actor", "x", "--target", "y", "--on", text,
               "--id", f"s{n}")
    run.ok("add", "statement", "--actor", "x", "--on", "2020", "--id", "c")
    spans = ["2014/2017", "../2021-10-27", "2021-10-27/.."]
    assert len(spans) == len(SPANS)
    for n, text in enumerate([example(form) for form in single_forms()] + spans):
        run.ok("correct", "c", "--on", text, "--reason", f"try {n}")
    for period in PERIODS:
        run.ok("add", "statement", "--actor", "x", "--on", "2023",
               "--announced", example(period), "--id", f"a-{period}")


def test_the_query_flags_take_their_listed_forms_and_refuse_the_others(
        sqlite_store: str) -> None:
    run = Runner(sqlite_store)
    two_actors(run)
    for text in [*(example(p) for p in PERIODS), TODAY]:
        run.ok("log", "--from", text)
        run.ok("log", "--to", text)
        run.ok("state", "x", "y", "--as-of", text)
    for text in RECORD_EXAMPLES:
        run.ok("log", "--known-at", text)
    for text in ("2021-11-01?", "2014/2017", "../2021-10-27"):
        assert run("log", "--from", text).exit_code == 2, text
    assert run("log", "--known-at", "2021-10").exit_code == 2
