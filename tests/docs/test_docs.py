"""The documentation says what the program does: every console session in cli/, README.md
and docs/*.md runs as written; the README's two commands are the ones CI runs; the command
reference is what the commands' --help says today; and every relative link resolves."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from helpers import FIELD, ROOT, Runner
from sessions import check

from timeline.cli.reference import anchor, reference

SESSIONS = sorted((ROOT / "cli").glob("*.console"))
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
CONSOLE = re.compile(r"^```console\n(.*?)^```", flags=re.S | re.M)

MAIN_JOB = ("python3 -m venv .venv && .venv/bin/pip install -e . && "
            ".venv/bin/timeline import events/ && "
            ".venv/bin/timeline state russia nato --as-of 2021-10-20")
TESTS = ("python3 -m venv .venv && .venv/bin/pip install -c constraints.txt -e '.[dev]' && "
         ".venv/bin/pytest -n auto")


def name(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("processes", [False, True], ids=["clirunner", "processes"])
@pytest.mark.parametrize("path", SESSIONS, ids=[p.name for p in SESSIONS])
def test_cli_session(path: Path, tmp_path: Path, processes: bool) -> None:
    """Every session runs as written, through CliRunner and as real processes."""
    text = path.read_text(encoding="utf-8")
    assert check(text, str(tmp_path / "s.db"), path.name, processes=processes) >= 3


@pytest.mark.parametrize("page", PAGES, ids=[name(p) for p in PAGES])
def test_console_blocks_run_as_written(page: Path, tmp_path: Path) -> None:
    """A page's console blocks are one session, in order, against a fresh store."""
    blocks = CONSOLE.findall(page.read_text(encoding="utf-8"))
    if page.name in ("README.md", "model.md"):
        assert blocks, f"{name(page)} shows a session"
    session = "".join(blocks)
    if "../shared/data/field/" in session and not FIELD.is_dir():
        pytest.skip(f"{name(page)} reads the published field data, not at {FIELD}")
    # Files a session writes (--out NAME) land beside the checkout: taken away after.
    written = [ROOT / out for out in re.findall(r"--out (\S+)", session)]
    try:
        if blocks:
            assert check(session, str(tmp_path / "doc.db"), name(page)) >= 3
    finally:
        for path in written:
            path.unlink(missing_ok=True)


def test_readme_gives_the_two_commands_and_ci_runs_the_test_one(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = [c.strip() for c in re.findall(r"```sh\n(.*?)```", readme, flags=re.S)]
    assert MAIN_JOB in commands and TESTS in commands
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert TESTS in ci, "CI runs the README's test command"
    # The main job's timeline steps, past the install, succeed on a fresh store.
    run = Runner(str(tmp_path / "main.db"))
    for step in MAIN_JOB.split(" && "):
        words = shlex.split(step)
        if words[0] == ".venv/bin/timeline":
            run.ok(*words[1:])


def test_the_command_reference_is_current() -> None:
    """docs/commands.md is what ``python -m timeline.cli.reference`` prints today."""
    written = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    assert written == reference(), \
        "docs/commands.md is stale: python -m timeline.cli.reference > docs/commands.md"


def headings(page: Path) -> set[str]:
    text = re.sub(r"^```.*?^```", "", page.read_text(encoding="utf-8"), flags=re.S | re.M)
    return {anchor(re.sub(r"[^\w\s-]", "", h)) for h in re.findall(r"^#+ (.+)$", text, re.M)}


@pytest.mark.parametrize("page", PAGES, ids=[name(p) for p in PAGES])
def test_relative_links_resolve(page: Path) -> None:
    """Every link to a file of the repository names one that exists (and a heading in it)."""
    text = re.sub(r"^```.*?^```", "", page.read_text(encoding="utf-8"), flags=re.S | re.M)
    text = re.sub(r"`[^`\n]*`", "", text)
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:", target):
            continue
        path, _, fragment = target.partition("#")
        linked = (page.parent / path).resolve() if path else page
        assert linked.exists(), f"{name(page)}: {target} does not exist"
        if fragment and linked.suffix == ".md":
            assert fragment in headings(linked), f"{name(page)}: no heading #{fragment}"
