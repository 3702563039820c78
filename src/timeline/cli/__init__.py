"""The command line: click commands only; everything they do is the library's."""

from timeline.cli.commands import cli, main

__all__ = ["cli", "main"]
