"""Rules on the source itself, checked by reading it (ast), not by running it."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_no_assert_in_the_app_code():
    """`python -O` removes assert statements: an invariant of the app must be an explicit check
    that raises (or, where it only told mypy a type, a narrowing that raises)."""
    found = []
    for package in ("assessment", "ui"):
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text("utf-8"), str(path))
            found += [f"{path.relative_to(ROOT)}:{node.lineno}" for node in ast.walk(tree)
                      if isinstance(node, ast.Assert)]
    assert found == [], "assert statements in the app code: " + ", ".join(found)
