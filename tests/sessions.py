"""Runs console sessions (``$ timeline ...`` followed by the expected output) and compares."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from dataclasses import dataclass

from helpers import ROOT, Runner


@dataclass
class Step:
    line: int
    command: list[str]
    expected: str


def parse(text: str) -> list[Step]:
    steps: list[Step] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("$ "):
            words = shlex.split(line[2:])
            assert words[0] == "timeline", f"line {number}: sessions run 'timeline' only"
            steps.append(Step(number, words[1:], ""))
        elif steps:
            steps[-1].expected += line + "\n"
        elif line.strip() and not line.startswith("#"):
            raise AssertionError(f"line {number}: output before any command")
    return steps


def run_process(db: str, command: list[str]) -> tuple[int, str]:
    """``timeline`` as a real process: exit status, and stdout and stderr as a terminal
    shows them."""
    env = {k: v for k, v in os.environ.items() if k != "TIMELINE_DB"}
    done = subprocess.run([sys.executable, "-m", "timeline", "--db", db, *command], cwd=ROOT,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
                          check=False)
    return done.returncode, done.stdout


def check(text: str, db: str, name: str, processes: bool = False) -> int:
    """Run every step against a fresh store; returns how many ran."""
    run = Runner(db)
    steps = parse(text)
    for step in steps:
        if processes:
            code, output = run_process(db, step.command)
        else:
            result = run(*step.command)
            code, output = result.exit_code, result.output
        got = "\n".join(line.rstrip() for line in output.rstrip().splitlines())
        want = "\n".join(line.rstrip() for line in step.expected.rstrip().splitlines())
        assert got == want, f"{name}:{step.line}: $ timeline {shlex.join(step.command)}\n" \
                            f"--- expected\n{want}\n--- got\n{got}"
        expect_error = want.startswith("Error:")
        assert (code != 0) == expect_error, (name, step.line, code)
    return len(steps)


def rerun(text: str, db: str) -> str:
    """The session with each command's output replaced by what it prints now."""
    run = Runner(db)
    out: list[str] = []
    lines = text.splitlines()
    header = []
    for line in lines:
        if line.startswith("$ "):
            break
        header.append(line)
    out.extend(header)
    for step in parse(text):
        result = run(*step.command)
        out.append(f"$ timeline {shlex.join(step.command)}")
        out.extend(line.rstrip() for line in result.output.rstrip().splitlines())
        out.append("")
    return "\n".join(out).rstrip() + "\n"


if __name__ == "__main__":  # python tests/sessions.py cli/*.console: rewrite expected output
    import sys
    import tempfile
    from pathlib import Path

    for name in sys.argv[1:]:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(name)
            path.write_text(rerun(path.read_text(encoding="utf-8"), f"{folder}/s.db"),
                            encoding="utf-8")
            print(f"updated {name}")
