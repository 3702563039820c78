"""Runs console sessions (``$ timeline ...`` followed by the expected output) and compares."""

from __future__ import annotations

import shlex
from dataclasses import dataclass

from conftest import Runner


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


def check(text: str, db: str, name: str) -> int:
    """Run every step against a fresh store; returns how many ran."""
    run = Runner(db)
    steps = parse(text)
    for step in steps:
        result = run(*step.command)
        got = "\n".join(line.rstrip() for line in result.output.rstrip().splitlines())
        want = "\n".join(line.rstrip() for line in step.expected.rstrip().splitlines())
        assert got == want, f"{name}:{step.line}: $ timeline {shlex.join(step.command)}\n" \
                            f"--- expected\n{want}\n--- got\n{got}"
        expect_error = want.startswith("Error:")
        assert (result.exit_code != 0) == expect_error, (name, step.line, result.exit_code)
    return len(steps)
