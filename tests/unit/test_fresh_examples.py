"""The fuzzers and property tests draw new inputs on every run, in CI too (issue 21):
Hypothesis derandomises by itself where the CI variable is set, which would have tried the
same fixed set on every CI run."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

from helpers import ROOT


def test_every_run_draws_new_examples_even_in_ci() -> None:
    probe = ("import sys; sys.path[:0] = ['tests', 'tests/gate']; import strategies, "
             "test_fuzz; from hypothesis import settings; "
             "print(settings.default.derandomize, strategies.PROPERTY.derandomize, "
             "test_fuzz.FUZZ.derandomize)")
    assert importlib.util.find_spec("hypothesis") is not None
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          cwd=ROOT, env={"CI": "true", "PATH": ""}, check=True)
    assert done.stdout.split() == ["True", "False", "False"]  # CI's default, and ours
