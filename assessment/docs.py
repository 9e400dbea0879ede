"""Reference documentation generated from the code, so it cannot drift (datasette's test_docs
idea): `python -m assessment.docs > docs/ERRORS.md`, and a test fails when it is stale."""
from __future__ import annotations

from .errors import CATALOGUE


def errors_markdown() -> str:
    lines = ["# Error codes", "",
             "Generated from `assessment/errors.py` by `python -m assessment.docs`; do not edit.",
             "Families: Q questionnaire file, M release manifest, A assessment document, J judgement,",
             "R referral directory, L translation catalog, T training case.", "",
             "| code | message | how to fix |", "|---|---|---|"]
    for code in sorted(CATALOGUE):
        spec = CATALOGUE[code]
        lines.append(f"| {code} | {spec.message} | {spec.fix} |".replace("\n", " "))
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(errors_markdown(), end="")
