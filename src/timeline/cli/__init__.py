"""The command line: click commands only; everything they do is the library's.

``main`` answers a request for help from pages made beforehand (``help_pages``), and
``state``, ``diff`` and ``log`` from a quick read where one answers (``instant``); only
otherwise loads click and the commands. ``run`` is the installed ``timeline`` command.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # not typing's: --help loads no more than it needs (timeline/__init__)
if TYPE_CHECKING:
    from typing import Any

    import click

    cli: click.Group

__all__ = ["cli", "main", "run"]


def main() -> None:
    """The ``timeline`` command."""
    from timeline.cli.help_pages import page_asked

    page = page_asked(sys.argv[1:])
    if page is not None:
        from timeline.cli.writing import written

        written(page)
        return
    lazy = _inspect_when_used()
    from timeline.cli.instant import answered

    if answered(sys.argv[1:]):
        if lazy is not None and sys.modules.get("inspect") is lazy:
            # A process that goes on (python -i, a host running the module) imports the
            # module itself; what imported the stand-in keeps reading it through it.
            del sys.modules["inspect"]
        return
    if lazy is not None:  # click, SQLAlchemy and a server's threads use the module itself
        lazy.signature  # noqa: B018 - an attribute read loads it
    from timeline.cli.commands import main as commands_main

    commands_main()


def _inspect_when_used() -> Any:
    """A stand-in for ``inspect`` that loads it when an attribute is first read (and hands
    that on, and every later one), put where ``import inspect`` finds it and returned; None
    where ``inspect`` is loaded already.

    ``dataclasses`` imports it, and with it ``ast``, ``dis`` and ``tokenize``: a tenth of a
    cold ``timeline state``. On Python 3.11 it reads it only to make a docstring for a class
    without one, and every dataclass of ours has one (tests/unit/test_architecture.py), so
    a quick answer never loads it. From 3.12 it reads every class's annotations through it:
    no stand-in is made there. (The standard library's ``LazyLoader`` cannot do this on
    3.11: an ``import`` statement reads the module's ``__spec__``, which loads it.)"""
    if "inspect" in sys.modules or sys.version_info >= (3, 12):
        return None
    import types

    class Later(types.ModuleType):
        def __getattr__(self, name: str) -> Any:
            if sys.modules.get("inspect") is self:
                del sys.modules["inspect"]
            import inspect

            return getattr(inspect, name)

    sys.modules["inspect"] = stub = Later("inspect")
    return stub


def run() -> None:
    """The ``timeline`` command as installed: ``main``; where that answered without click
    (help, a quick read), the process then ends at once."""
    main()  # click's commands end by SystemExit, through the interpreter's own ending
    # The answer is written and flushed and the store's file closed, and nothing on this
    # path registers an atexit handler (tests/startup/test_instant.py): freeing every module
    # and object one by one would only delay the prompt, by a tenth of a cold `state`.
    if _watched():
        return
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:  # none at all where it was closed (2>&-)
                stream.flush()
    except OSError:
        return  # the interpreter's own ending reports it, as after any command
    import os

    os._exit(0)


def _watched() -> bool:
    """Whether something needs the interpreter's own ending: an ``atexit`` handler (one a
    site hook registered at start-up: a telemetry agent's, coverage's in a test's
    subprocess), a tracer, a profiler or a debugger that saves or shows what it saw as the
    interpreter ends, ``-i`` going on to its prompt."""
    import atexit

    monitoring = getattr(sys, "monitoring", None)  # Python 3.12's tools (cProfile among them)
    # CPython's count of handlers; elsewhere, handlers are assumed.
    handlers: int = getattr(atexit, "_ncallbacks", lambda: 1)()
    return (handlers > 0 or sys.gettrace() is not None or sys.getprofile() is not None
            or bool(sys.flags.inspect) or "bdb" in sys.modules
            or (monitoring is not None
                and any(monitoring.get_tool(tool) is not None for tool in range(6))))


def __getattr__(name: str) -> Any:
    # `from timeline.cli import cli` loads the commands only when asked for.
    if name == "cli":
        from timeline.cli.commands import cli

        return cli
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
