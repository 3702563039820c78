"""The command reference, docs/commands.md, made from the commands' own ``--help``.

    python -m timeline.cli.reference > docs/commands.md
    python -m timeline.cli.reference --pages > src/timeline/cli/help_pages.json
    python -m timeline.cli.reference --instant > src/timeline/cli/instant.json

The page is never edited by hand: a test makes it again and compares, so a flag added or
reworded in click shows up in the reference, or the test fails.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator

import click

from timeline.cli import help_pages as help_pages_module
from timeline.cli.commands import cli
from timeline.views import text

# Help is wrapped to the terminal's width unless told one; a fixed width makes the page the
# same on every machine.
WIDTH = 100

PREFACE = """\
# Commands

<!-- Made by `python -m timeline.cli.reference > docs/commands.md`; do not edit by hand
     (tests/docs/test_docs.py fails when this page differs from what the commands say). -->

What every command says of itself with `--help`, in one page. What the answers mean is in
[the model](model.md); what files `import` reads and `export` writes, in [formats](formats.md).

Common to all commands:

- `--db` (or the environment's `TIMELINE_DB`) names the store: a SQLite file path (default
  `timeline.db`), `sqlite:///PATH` or `postgresql://USER[:PASSWORD]@HOST[:PORT]/DB`
  ([storage](storage.md)), before the command or after it. Only `import`, `add` and
  `actor add` create a store.
- Every listing takes `--json`; the order of the two actors `A B` never matters.
- Dates you ask about (`--as-of`, `--from`, `--to`) are days, months or years; `--known-at`
  is a date (meaning its end) or an ISO timestamp, UTC when no zone is given.
- Bad input is refused with one line, `Error: ...`, naming the value (and the file and line),
  exit status 1 (2 for bad flags), and nothing is stored. `check` exits 1 when it finds a
  problem (a note alone exits 0). Ctrl-C or SIGTERM during an import says how many records
  were stored (exit 130).
- An actor is named by its id, its name or an alias (`timeline actor alias`), ignoring case,
  and a state or organisation also by its ISO name or code (`usa`, `"Russian Federation"`,
  `RUS`); one only the built-in map knows is added by the first event that names it.
- Commands, event types and actor ids complete in bash, zsh and fish:

  ```text
  eval "$(_TIMELINE_COMPLETE=bash_source timeline)"   # in ~/.bashrc
  eval "$(_TIMELINE_COMPLETE=zsh_source timeline)"    # in ~/.zshrc
  _TIMELINE_COMPLETE=fish_source timeline | source    # in ~/.config/fish/completions/timeline.fish
  ```
"""


def contexts(command: click.Command, ctx: click.Context, width: int = WIDTH
             ) -> Iterator[click.Context]:
    """The context of a command and of each of its subcommands, depth first, in the order
    ``--help`` lists them."""
    yield ctx
    if isinstance(command, click.Group):
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                child = click.Context(sub, info_name=name, parent=ctx, terminal_width=width)
                yield from contexts(sub, child, width)


def anchor(heading: str) -> str:
    """The fragment a Markdown renderer (GitHub's) gives a heading of plain words."""
    return "-".join(heading.lower().split())


def reference() -> str:
    """The whole page."""
    root = click.Context(cli, info_name="timeline", terminal_width=WIDTH)
    every = list(contexts(cli, root))
    out = [PREFACE, "## Contents\n"]
    for ctx in every:
        summary = ctx.command.get_short_help_str(limit=200)
        out.append(f"- [`{ctx.command_path}`](#{anchor(ctx.command_path)}): {summary}")
    out.append("- [The event types](#the-event-types): what `timeline types` prints\n")
    for ctx in every:
        out.append(f"## {ctx.command_path}\n\n```text\n{ctx.get_help().rstrip()}\n```\n")
    from timeline.domain.codes import describe_types

    out.append("## The event types\n\nWhat `timeline types` prints: each type's fields, its "
               "CAMEO code and PLOVER type, and the facts it changes.\n")
    out.append(f"```text\n{text.render_types(describe_types()).rstrip()}\n```\n")
    return "\n".join(out)


def help_pages() -> str:
    """Every command's ``--help`` at click's widest, by command path, as
    ``timeline.cli.help_pages`` reads them."""
    root = click.Context(cli, info_name="timeline", terminal_width=help_pages_module.WIDTH)
    pages = {ctx.command_path.removeprefix("timeline").strip(): ctx.get_help() + "\n"
             for ctx in contexts(cli, root, help_pages_module.WIDTH)}
    return json.dumps(pages, indent=1, ensure_ascii=False) + "\n"


def bare_groups() -> list[str]:
    """The paths of the groups that print their help when called without a command."""
    root = click.Context(cli, info_name="timeline")
    return [ctx.command_path.removeprefix("timeline").strip() for ctx in contexts(cli, root)
            if isinstance(ctx.command, click.Group) and ctx.command.invoke_without_command]


def instant_params() -> str:
    """The parameters of the commands ``timeline.cli.instant`` answers, as it reads them:
    each flag's forms, whether it takes a value or is repeatable, its default and what
    parses its value (click's own types are not loaded there)."""
    from timeline.cli.instant import ANSWERS, STORE
    from timeline.cli.support import Parsed

    def described(param: click.Parameter, scope: str) -> dict[str, object]:
        name = STORE if param.name in ("db", "db_after") else param.name
        out: dict[str, object] = {"kind": param.param_type_name, "name": name,
                                  "scope": scope, "required": param.required,
                                  "multiple": param.multiple, "nargs": param.nargs}
        if isinstance(param, click.Option):
            if (param.secondary_opts or param.prompt or param.count or param.nargs != 1
                    or (param.is_flag and param.flag_value not in (True, unset))):
                raise ValueError(f"{param.opts}: not a form timeline.cli.instant reads")
            default = param.get_default(root, call=False)
            if default is unset:
                default = False if param.is_flag else None
            elif not isinstance(default, (str, bool)):
                raise ValueError(f"{param.opts}: a default timeline.cli.instant cannot read")
            out.update(flags=[*param.opts], is_flag=param.is_flag, default=default)
        else:
            out.update(is_flag=False, default=None)
        if isinstance(param.type, Parsed):
            out["parse"] = f"{param.type.parse.__module__}:{param.type.parse.__qualname__}"
        elif isinstance(param.type, click.Choice):
            out["choices"] = [str(choice) for choice in param.type.choices]
        elif param.type is not click.STRING and not out["is_flag"]:
            raise ValueError(f"{param.name}: a type timeline.cli.instant does not read")
        if name != STORE and param.envvar:
            raise ValueError(f"{param.name}: more than timeline.cli.instant reads")
        if name != STORE and param.callback is not None:
            out["checked"] = True  # by click: a command line that gives it is click's to read
        return out

    unset = click.Option(["--unset"]).default  # click's mark of no default given
    root = click.Context(cli, info_name="timeline")
    group = [described(p, "") for p in cli.params if p.name == "db"]
    commands = {}
    for name in ANSWERS:
        command = cli.get_command(root, name)
        assert command is not None
        commands[name] = [described(p, name) for p in command.params
                          if p.expose_value or p.name == "db_after"]
    store = next(p for p in cli.params if p.name == "db")
    return json.dumps({"store": {"envvar": store.envvar, "default": store.get_default(root)},
                       "group": group, "commands": commands}, indent=1) + "\n"


def main() -> None:
    asked = sys.argv[1:]
    sys.stdout.write(help_pages() if asked == ["--pages"] else
                     instant_params() if asked == ["--instant"] else reference())


if __name__ == "__main__":
    main()
