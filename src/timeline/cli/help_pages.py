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

import json
import shutil
from collections.abc import Sequence
from pathlib import Path

PAGES = Path(__file__).with_name("help_pages.json")
WIDTH = 78  # click's width of help: min(terminal columns, 80) - 2
HELP = "--help"
BARE = "bare"  # the pages key of a group that prints its help when called without a command


def page_asked(args: Sequence[str]) -> str | None:
    """The page ``timeline ARGS`` prints, when ARGS only ask for help (``--help`` after
    a command's path, or a group named alone); None for anything else."""
    if not args or args[-1] == HELP:
        path = " ".join(args[:-1]) if args else ""
        bare = False
    else:
        path, bare = " ".join(args), True
    if HELP in args[:-1] or not _widest():
        return None
    with PAGES.open(encoding="utf-8") as file:
        pages = json.load(file)
    page = pages["help"].get(path)
    if page is None or (bare and path not in pages[BARE]):
        return None
    return str(page)


def _widest() -> bool:
    """Whether click would wrap help to its widest (it asks shutil, as here)."""
    return shutil.get_terminal_size().columns >= WIDTH + 2
