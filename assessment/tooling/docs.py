"""Reference documentation generated from the code, so it cannot drift (datasette's test_docs
idea): `python -m assessment.tooling.docs > docs/ERRORS.md`, and a test fails when it is stale."""
from __future__ import annotations

import sys

from assessment.i18n import translator

from ..errors import CATALOGUE, FILE_USER, GENERIC_USER, USER_MESSAGES

#: One file a language: English (the en catalogs) by default, French (the source text) with
#: `python -m assessment.tooling.docs fr > docs/ERRORS.fr.md`; each links the other.
FILES = {"en": "ERRORS.md", "fr": "ERRORS.fr.md"}


def errors_markdown(locale: str = "en") -> str:
    t = translator(locale, domain="core").gettext if locale != "fr" else str  # fr: as written
    lines = ["# Error codes", "", "Language: " + " | ".join(
        code if code == locale else f"[{code}]({name})" for code, name in FILES.items())
        + " (the generator's argument; English without one)", "",
             "Generated from `assessment/errors.py` by `python -m assessment.tooling.docs`; do not edit.",
             "Families: Q questionnaire file, M release manifest, A assessment document, J judgement,",
             "R referral directory, L translation catalog, T training case, F FHIR import, P paper form,",
             "K sheet code, C comparison with a previous assessment and online course.", "",
             "The CLI prints `file:line:col: CODE message. How to fix.` (message and fix below).",
             "The app shows the professional one plain sentence (last column; a judgement refused",
             "in a resumed file has its own, see `FILE_USER`) and the code in small type under it.",
             f"A code without a sentence shows: {t(GENERIC_USER)}", "",
             "A301 covers every way a file is not strict JSON (RFC 8259): bytes that are not UTF-8, a",
             "syntax error, `NaN`, `Infinity` and `-Infinity` (refused: they are not JSON and the",
             "tool never writes them), an integer of more than 4,300 digits (Python's limit), nesting",
             "deeper than the interpreter follows, and a top level that is not an object `{...}`.", "",
             "| code | message | how to fix | what the professional reads |", "|---|---|---|---|"]
    for code in sorted(CATALOGUE):
        spec = CATALOGUE[code]
        user = t(USER_MESSAGES.get(code, ""))
        if code in FILE_USER:
            user += f" (in a resumed file: {t(FILE_USER[code])})"
        lines.append(f"| {code} | {t(spec.message)} | {t(spec.fix)} | {user} |".replace("\n", " "))
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(errors_markdown(*sys.argv[1:2]))
