from __future__ import annotations

import sys

from timeline.cli import main, run

# `python -m timeline` is the program, and ends as the installed command does (``run``);
# a program that runs this module in its own process (runpy) goes on after it.
if sys.modules["__main__"].__dict__ is globals():
    run()
else:
    main()
