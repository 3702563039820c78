"""``timeline state``, ``diff`` and ``log``, answered before click loads, from a quick read.

These are the questions an analyst asks dozens of times in a row, and loading click (and
the commands) took longer than the question. Here the arguments are read by click's own
parameters, as ``python -m timeline.cli.reference --instant`` wrote them down
(``instant.json``; a test makes them again and compares, and another holds what is read
here to what click reads), the answer comes from ``timeline.app.quick``, and it is written
as the command writes it, by the same functions.

Anything else goes on to click, which reads the arguments again and answers as always:
a flag or form not written down (``--help``, ``--``, a short option, a repeated flag, a
flag click checks with a callback of its own, such as ``log --type``), a
value a parser refuses (click says why), a store a quick read cannot answer from (the
store then says why, or catches up), a stdout that is not plain UTF-8, shell completion.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
from collections.abc import Generator
from contextlib import closing

from timeline.cli.help_pages import COMPLETION
from timeline.cli.session import NeedsTheStore, Session
from timeline.cli.writing import answer_text, failed, one_line, plain_stdout, stream, written

TYPE_CHECKING = False  # not typing's: loading it costs a quick answer a part of its start
if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Mapping, Sequence
    from typing import Any

    from timeline.domain.actor_state import ActorState
    from timeline.domain.diffs import Diff
    from timeline.domain.jsonable import Written
    from timeline.domain.values import EventData, State

PARAMS = os.path.join(os.path.dirname(__file__), "instant.json")
STORE = "store"  # a parameter that names the store (``--db``, before or after the command)


class NotInstant(Exception):
    """The question is click's to read, or the store's to answer."""


# -- the commands' bodies, which the click commands call too ------------------------------


def state(ask: Session, actors: Sequence[str], as_of: dt.date, known_at: dt.datetime | None,
          kinds: Sequence[str]) -> State | ActorState:
    """``timeline state A [B]``: the pair's state, or with one actor, its every tie."""
    if len(actors) == 1:
        return ask.actor_state(actors[0], as_of, known_at).only(kinds)
    if len(actors) != 2:
        raise WrongCount(f"give one actor or two, got {len(actors)}: {' '.join(actors)}")
    return ask.state(actors[0], actors[1], as_of, known_at).only(kinds)


def state_text(found: State | ActorState, facts: bool) -> str:
    """A state as ``timeline state`` prints it: a row a tie, or with ``--facts``, a fact."""
    if facts:
        from timeline.views.text import render_state_or_actor

        return render_state_or_actor(found)
    from timeline.views.state_text import render_state_ties

    return render_state_ties(found)


def pair_of(actors: Sequence[str]) -> tuple[str, str] | None:
    """The pair a listing is about (``log A B``, ``export A B``), or None for every one."""
    if not actors:
        return None
    if len(actors) != 2:
        raise WrongCount(f"give two actors or none, got {len(actors)}: {' '.join(actors)}")
    return (actors[0], actors[1])


def log(ask: Session, actors: Sequence[str], start: dt.date | None, end: dt.date | None,
        types: tuple[str, ...], known_at: dt.datetime | None, include_retracted: bool,
        actor: str | None, about: str | None, location: str | None, as_json: bool,
        ) -> Generator[EventData | Written, None, None]:
    """``timeline log``: the events asked for, in order of when they took effect."""
    from timeline.app.filters import Asked

    return ask.events(Asked(pair_of(actors), start, end, types, known_at, include_retracted,
                            actor, about, location), as_json)


def diff(ask: Session, a: str, b: str, start: dt.date, end: dt.date,
         known_at: dt.datetime | None) -> Diff:
    """``timeline diff A B``: what changed from ``start`` to ``end``, both days included."""
    return ask.diff(a, b, start, end, known_at)


def diff_text(found: Diff) -> str:
    from timeline.views.text import render_diff

    return render_diff(found)


class WrongCount(ValueError):
    """A usage error (the command line names too few or too many actors)."""


# -- answering ----------------------------------------------------------------------------


def answered(args: Sequence[str]) -> bool:
    """Whether ``timeline ARGS`` was answered here (and its answer written); when not,
    nothing was written and click is to run. An interrupt ends it as click ends a command
    (a line, ``Aborted!``, status 1), however far it got."""
    if COMPLETION in os.environ or not plain_stdout():
        return False
    try:
        return _answered(args)
    except KeyboardInterrupt:
        print("\nAborted!", file=sys.stderr)
        sys.exit(1)


def _answered(args: Sequence[str]) -> bool:
    try:
        command, values, store = parsed(args, _params())
        found = ANSWERS[command](Session(store, quick_only=True), values)
        render = _RENDERS[command](values)
        if isinstance(found, Generator):
            _streamed(found, render, values["as_json"])
            return True
        text = answer_text(found, render, values["as_json"])
    except (NotInstant, NeedsTheStore, WrongCount):
        return False
    if text:
        written(text + "\n")
    return True


def _streamed(items: Generator[Any, None, None], render: Callable[[Any], str], as_json: bool
              ) -> None:
    """A listing written as it is read; what ends it half-way ends the process as the
    commands end (``cli.support.TimelineGroup``): its first item was read by the quick
    read, so anything it refused went to click whole."""
    from timeline.errors import TimelineError

    try:
        with closing(items):  # its read transaction ends, however writing ends
            stream(items, render, as_json)
    except TimelineError as exc:
        print(f"Error: {one_line(str(exc))}", file=sys.stderr)
        sys.exit(1)
    except OSError as exc:
        failed(exc)


# The commands answered here, each from its parameters' values (what instant.json holds).
ANSWERS: dict[str, Callable[[Session, Mapping[str, Any]], Any]] = {
    "state": lambda ask, v: state(ask, v["actors"], v["as_of"], v["known_at"], v["kinds"]),
    "diff": lambda ask, v: diff(ask, v["a"], v["b"], v["start"], v["end"], v["known_at"]),
    "log": lambda ask, v: log(ask, **v),
}
_RENDERS: dict[str, Callable[[Mapping[str, Any]], Callable[[Any], str]]] = {
    "state": lambda v: lambda found: state_text(found, v["facts"]),
    "diff": lambda v: diff_text,
    "log": lambda v: _log_text,
}


def _log_text(events: Sequence[EventData]) -> str:
    from timeline.views.text import render_log

    return render_log(events)


def _params() -> dict[str, Any]:
    with open(PARAMS, encoding="utf-8") as file:
        loaded: dict[str, Any] = json.load(file)
    return loaded


# -- reading the arguments ----------------------------------------------------------------


def parsed(args: Sequence[str], params: Mapping[str, Any]
           ) -> tuple[str, dict[str, Any], str]:
    """The command ARGS name, its parameters' values as click gives them to it, and the
    store; NotInstant for anything click alone is to read."""
    given: dict[tuple[str, str], Any] = {}
    at = _options(args, 0, _by_flag(params["group"]), given)
    if at == len(args) or args[at] not in params["commands"]:
        raise NotInstant("not a command answered here")
    command = args[at]
    words: list[str] = []
    _options(args, at + 1, _by_flag(params["commands"][command]), given, words=words)
    values = _values(params["commands"][command], given, words)
    # Named after the command, or before it, or in the environment (as click reads it: an
    # empty variable names nothing).
    store = given.get((command, STORE), given.get(("", STORE)))
    if store is None:
        store = os.environ.get(params["store"]["envvar"]) or params["store"]["default"]
    return command, values, str(store)


def _by_flag(params: Sequence[Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
    return {flag: param for param in params if param["kind"] == "option"
            for flag in param["flags"]}


def _options(args: Sequence[str], at: int, flags: Mapping[str, Mapping[str, Any]],
             given: dict[tuple[str, str], Any], words: list[str] | None = None) -> int:
    """Reads ``--flag value``, ``--flag=value`` and ``--flag`` from ``args[at:]`` into
    ``given``; words go to ``words``, or, with none (a group's options, which come before
    its command), end the reading. Where it stopped."""
    while at < len(args):
        arg = args[at]
        if arg == "-":
            raise NotInstant("'-' is click's to read")
        if not arg.startswith("-"):
            if words is None:
                return at
            words.append(arg)
            at += 1
            continue
        flag, equals, attached = arg.partition("=")
        param = flags.get(flag)
        if param is None or param.get("checked"):
            raise NotInstant(f"{flag} is click's to read")
        key = (param["scope"], param["name"])
        if param["is_flag"]:
            if equals:
                raise NotInstant("a flag takes no value")
            value: Any = True
            at += 1
        elif equals:
            value = attached
            at += 1
        else:
            if at + 1 == len(args) or args[at + 1].startswith("-"):
                raise NotInstant(f"{flag} without its value is click's to refuse")
            value = args[at + 1]
            at += 2
        if param["multiple"]:
            given.setdefault(key, []).append(value)
        elif key in given:
            raise NotInstant(f"{flag} twice is click's to read")
        else:
            given[key] = value
    return at


def _values(params: Sequence[Mapping[str, Any]], given: Mapping[tuple[str, str], Any],
            words: list[str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for param in params:
        name = param["name"]
        if param["kind"] == "argument":
            if param["nargs"] == -1:
                taken, words = words, []
            else:
                taken, words = words[:param["nargs"]], words[param["nargs"]:]
                if len(taken) < param["nargs"]:
                    raise NotInstant("an argument missing is click's to refuse")
            if param["required"] and not taken:
                raise NotInstant("an argument missing is click's to refuse")
            values[name] = tuple(taken) if param["nargs"] == -1 else taken[0]
            continue
        if name == STORE:
            continue
        value = given.get((param["scope"], name))
        if value is None:
            if param["required"]:
                raise NotInstant("an option missing is click's to refuse")
            value = () if param["multiple"] else param["default"]
        if param["multiple"]:
            value = tuple(_converted(param, one) for one in value)
        elif value is not None:
            value = _converted(param, value)
        values[name] = value
    if words:
        raise NotInstant("a word too many is click's to refuse")
    return values


def _converted(param: Mapping[str, Any], value: Any) -> Any:
    if param["is_flag"]:
        return bool(value)
    choices = param.get("choices")
    if choices is not None:
        if value not in choices:
            raise NotInstant("a value not among the choices is click's to refuse")
        return value
    parse = param.get("parse")
    if parse is None:
        return value
    module, _, function = parse.partition(":")
    try:
        return getattr(importlib.import_module(module), function)(value)
    except Exception as exc:  # click refuses it, in its words
        raise NotInstant("a value the parser refuses") from exc
