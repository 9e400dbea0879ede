"""ruff and mypy as part of the suite: `make test` (and so CI) fails on any finding.

Both run with the configuration in pyproject.toml (ruff's rule set; mypy's `files`, strict on
assessment/) and the executables of the environment running the tests, so a missing tool is a
failure, never a skip: they are in requirements-dev.txt.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _run(tool: str, *args: str) -> subprocess.CompletedProcess[str]:
    exe = BIN / tool
    assert exe.exists(), f"{tool} is not installed beside {sys.executable}: pip install -r requirements-dev.txt"
    return subprocess.run([str(exe), *args], cwd=ROOT, capture_output=True, text=True, timeout=900)


def test_ruff_finds_nothing():
    out = _run("ruff", "check", ".", "--output-format", "concise")
    if out.returncode != 0:
        pytest.fail(f"ruff check . found:\n{out.stdout}{out.stderr}", pytrace=False)


def test_mypy_finds_nothing():
    out = _run("mypy")
    if out.returncode != 0:
        pytest.fail(f"mypy found:\n{out.stdout}{out.stderr}", pytrace=False)
