"""Every command's ``--help``, answered before click and the commands load.

Python spends longer loading click and the commands than a whole ``sqlite3`` process takes,
so ``timeline --help`` (and ``timeline``, ``timeline actor``, ``timeline state --help``)
prints a page click itself rendered. The pages are made with

    python -m timeline.cli.reference --pages > src/timeline/cli/help_pages.json

and a test renders every page again through click and compares, so a page can never say
other than the command. They are click's pages at its widest (a terminal of 80 columns or
more, or none); a narrower terminal is answered by click, which wraps to it.
"""

from __future__ import annotations

import os

from timeline.cli.writing import plain_stdout

TYPE_CHECKING = False  # not typing's: --help loads no more than it needs (timeline/__init__)
if TYPE_CHECKING:
    from collections.abc import Sequence

PAGES = os.path.join(os.path.dirname(__file__), "help_pages.json")
WIDTH = 78  # click's width of help: min(terminal columns, 80) - 2
HELP = "--help"
# The groups that print their help when called without a command (a test compares this
# with the commands): known here, so that any other command goes on without reading a file.
BARE = ("", "actor", "token", "user")
COMPLETION = "_TIMELINE_COMPLETE"  # set by the shell asking click to complete a word


def page_asked(args: Sequence[str]) -> str | None:
    """The page ``timeline ARGS`` prints, when ARGS only ask for help (``--help`` after
    a command's path, or a group named alone); None for anything else."""
    if COMPLETION in os.environ or not plain_stdout():
        return None
    if any(not arg or " " in arg for arg in args):
        return None  # no command's name is empty or has a space: click refuses it
    if args and args[-1] == HELP:
        path = " ".join(args[:-1])
    elif " ".join(args) in BARE:
        path = " ".join(args)
    else:
        return None
    if HELP in args[:-1] or not _widest():
        return None
    import json

    with open(PAGES, encoding="utf-8") as file:
        page = json.load(file).get(path)
    return None if page is None else str(page)


def _widest() -> bool:
    """Whether click would wrap help to its widest (it asks shutil, as here)."""
    import shutil

    return shutil.get_terminal_size().columns >= WIDTH + 2
