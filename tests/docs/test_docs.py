"""The example sessions in cli/ and the README's console blocks run as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import ROOT
from sessions import check

SESSIONS = sorted((ROOT / "cli").glob("*.console"))


@pytest.mark.parametrize("processes", [False, True], ids=["clirunner", "processes"])
@pytest.mark.parametrize("path", SESSIONS, ids=[p.name for p in SESSIONS])
def test_cli_session(path: Path, tmp_path: Path, processes: bool) -> None:
    """Every session runs as written, through CliRunner and as real processes."""
    text = path.read_text(encoding="utf-8")
    assert check(text, str(tmp_path / "s.db"), path.name, processes=processes) >= 3


def test_readme_console_blocks(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```console\n(.*?)```", readme, flags=re.S)
    assert blocks, "the README shows a session"
    assert check("".join(blocks), str(tmp_path / "readme.db"), "README.md") >= 3


def test_readme_gives_the_two_commands_and_ci_runs_the_test_one() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"```sh\n(.*?)```", readme, flags=re.S)
    main_job = next(c for c in commands if "timeline import events/" in c)
    tests = next(c for c in commands if "pytest" in c)
    assert "pip install" in main_job and "timeline state russia nato" in main_job
    assert "pip install" in tests
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert tests.strip() in ci, "CI runs the README's test command"
