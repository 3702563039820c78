"""Writing a command's answer: where it goes, and how a failed write ends the process.

Light (no click at import), so that help answered before click loads writes and fails as
the commands do: a reader gone (``timeline log | head``) ends it quietly with status 1,
any other failure (a full disk, an encoding short of the text) with one line.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager

TYPE_CHECKING = False  # not typing's: --help loads no more than it needs (timeline/__init__)
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from typing import Any, NoReturn


def plain_stdout() -> bool:
    """Whether stdout writes UTF-8 as it is (a terminal, a pipe or a file, here); anything
    else (none at all, a terminal set to ASCII) is click.echo's to write to."""
    encoding = getattr(sys.stdout, "encoding", None)
    return encoding is not None and is_utf8(encoding)


def is_utf8(encoding: str) -> bool:
    import codecs

    return codecs.lookup(encoding).name == "utf-8"


def answer_text(result: Any, render: Callable[[Any], str], as_json: bool) -> str:
    """What a command prints of its answer, before the line's end: its JSON with
    ``--json``, else its text (which may be empty: then nothing is printed)."""
    if as_json:
        from timeline.domain.jsonable import json_text

        return json_text(result)
    return render(result)


def stream(items: Iterator[Any], render: Callable[[Any], str], as_json: bool) -> None:
    """Print a listing as it is read: memory stays flat however long it is. The first item
    is read before anything is printed, so a refusal comes alone, as one line. Written
    through stdout's buffer, not flushed item by item as click.echo does (a write a line)."""
    from itertools import chain

    from timeline.domain.jsonable import json_list

    first = next(items, _NOTHING)
    with output() as write:
        if first is _NOTHING:
            write(("[]" if as_json else render([])) + "\n")
        elif not as_json:
            for item in chain([first], items):
                write(render([item]) + "\n")
        else:
            for piece in json_list(chain([first], items)):
                write(piece)


_NOTHING: Any = object()


@contextmanager
def output() -> Iterator[Callable[[str], object]]:
    """A write of a long answer, piece by piece: into stdout's buffer, not flushed piece by
    piece (click.echo flushes every one: a system call a line), where stdout is plain;
    click.echo's elsewhere (UTF-8 on a terminal set to ASCII, nothing with no stdout)."""
    if not plain_stdout():
        import click

        yield lambda text: click.echo(text, nl=False)
        return
    out = sys.stdout
    try:
        yield out.write
    finally:
        out.flush()  # what was written is out before any refusal met half-way


def written(text: str) -> None:
    """Write a short answer whole, and flush it: a failed write ends the process."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except OSError as exc:
        failed(exc)


MAX_MESSAGE = 1000  # characters of an error message: it names values, it does not dump them


def one_line(message: str) -> str:
    """An error message as one line of bounded length, its control characters visible."""
    from timeline.views.text import visible

    text = visible(message)
    return text if len(text) <= MAX_MESSAGE else text[:MAX_MESSAGE - 1] + "…"


def unwritable(exc: UnicodeEncodeError) -> NoReturn:
    """End the process whose answer the terminal's encoding cannot write (Latin-1, say:
    click.echo writes UTF-8 in place of ASCII only)."""
    print(f"Error: cannot write the output in {exc.encoding}: {exc.object[exc.start]!r} has "
          "no place in it (PYTHONIOENCODING=utf-8 writes everything)", file=sys.stderr)
    sys.exit(1)


def failed(exc: OSError) -> NoReturn:
    """End the process after a write of its answer failed."""
    if isinstance(exc, BrokenPipeError):  # the reader has all it wanted
        sys.stderr.close()
    else:
        print(f"Error: cannot write the output: {exc.strerror}", file=sys.stderr)
    sys.exit(1)
