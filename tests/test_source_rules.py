"""Rules on the source itself, checked by reading it (ast), not by running it."""
from __future__ import annotations

import ast
import re
import subprocess
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


#: A reference to a document the repository does not hold: the tracker's issue numbers, the
#: design notes kept beside it ("DESIGN 3.4", "DOMAIN.md", "../shared/..."). Say the reason in
#: place instead, so that a maintainer with only the repository can follow it.
OUTSIDE = re.compile(r"DESIGN( ?\d|\.md| section)|DOMAIN\.md|\.\./shared|\b[Ii]ssues? #?\d|\btasks? \d")
TEXT_FILES = (".py", ".yaml", ".yml", ".md", ".toml", ".cfg", ".txt", ".po", ".pot", ".js", ".css",
              ".conf", ".service", ".sh", ".ini")


def _tracked_text_files() -> list[Path]:
    out = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True)
    names = [n for n in out.stdout.splitlines() if n.endswith(TEXT_FILES) or "/" not in n]
    return [ROOT / n for n in names if (ROOT / n).is_file()]


def test_no_reference_to_documents_outside_the_repository():
    found = []
    for path in _tracked_text_files():
        if path == Path(__file__).resolve():
            continue  # the pattern itself
        for number, line in enumerate(path.read_text("utf-8", errors="replace").splitlines(), 1):
            if OUTSIDE.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:80]}")
    assert found == [], "references to documents outside the repository:\n" + "\n".join(found)
