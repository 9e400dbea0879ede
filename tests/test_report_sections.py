"""The referral sheet's content and order, frozen: a few representative sheets read back with
`pdftotext -layout`, compared by the SHA-256 of their normalised text and their page count.

Written before the sheet's builder was split into one function per section, so the split is
shown to change nothing on the page. A deliberate change of the sheet's text changes these
values: regenerate them with `.venv/bin/python -m tests.test_report_sections` and read the
text diff before committing the new ones.
"""
from __future__ import annotations

import hashlib
import io
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from assessment import referrals

from .test_report import WHEN, build, case, plan_of

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")

#: Hex runs of 12 or more (the questionnaire's fingerprint, on the page and in the footer) are
#: masked: a change of the questionnaire's bytes is not a change of the sheet's layout.
_HEX = re.compile(r"\b[0-9a-f]{12,64}\b")


def _full_fr() -> bytes:
    triple = case()
    return build(triple, plan=plan_of(triple))


def _arabic() -> bytes:
    triple = case(referral__region="tn")
    return build(triple, "ar", plan=plan_of(triple, "ar"))


def _german() -> bytes:
    triple = case(referral__region="be-dg")
    return build(triple, "de", plan=plan_of(triple, "de"))


def _consent_refused() -> bytes:
    triple = case(referral__consent="refused", judgement=None)
    return build(triple, plan=referrals.plan_for(triple[2], region="be-wal", consent="refused"))


def _no_plan_training_en() -> bytes:
    return build(case(mode="training", referral__consent="not_asked"), "en", author="Centre")


def _password() -> bytes:
    triple = case()
    return build(triple, plan=plan_of(triple), password="s3cret")


def _reassessment_nl() -> bytes:
    from .test_compare import sheet

    return sheet("nl")


CASES: dict[str, Callable[[], bytes]] = {
    "full_fr": _full_fr, "arabic": _arabic, "german": _german, "consent_refused": _consent_refused,
    "no_plan_training_en": _no_plan_training_en, "password": _password, "reassessment_nl": _reassessment_nl,
}

#: (SHA-256 of the normalised `pdftotext -layout` text, page count), from the sheet as it was
#: before the split into sections.
EXPECTED: dict[str, tuple[str, int]] = {
    "full_fr": ("4491de94f5b2a9ede148f7026327f0032665309827d7682ce512e9217349d875", 2),
    "arabic": ("65c8c00d101e19c19e7113e8c1a5501ee889b291a33c5785b77f9f745a643f98", 2),
    "german": ("150b460533a5d63a03e9614ce6e309926809533d66f2c8d335bc76c29b644e02", 3),
    "consent_refused": ("ad4ca6355594e323656773f1eaf025623dd5289aeec875d0e6ad9384d3ecb2ff", 3),
    "no_plan_training_en": ("24a6a19b17620a5729d127174871e8b6630704feec6a8e920f5ec446af27b9af", 2),
    "password": ("4491de94f5b2a9ede148f7026327f0032665309827d7682ce512e9217349d875", 2),
    "reassessment_nl": ("ce14f9675f9843ee7b573bce7f2c35958250f37c009eb9c2d0bba949be2fdb2f", 2),
}


def readable(pdf: bytes) -> bytes:
    """The sheet decrypted (a protected sheet has fresh keys at every build; its text does not)."""
    reader = PdfReader(io.BytesIO(pdf))
    if not reader.is_encrypted:
        return pdf
    from pypdf import PdfWriter

    reader.decrypt("s3cret")
    out = io.BytesIO()
    PdfWriter(clone_from=reader).write(out)
    return out.getvalue()


def fingerprint(pdf: bytes) -> tuple[str, int]:
    pdf = readable(pdf)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "s.pdf"
        path.write_bytes(pdf)
        text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout
    text = "\n".join(line.rstrip() for line in _HEX.sub("<hex>", text).splitlines())
    return hashlib.sha256(text.encode("utf-8")).hexdigest(), len(PdfReader(io.BytesIO(pdf)).pages)


@needs_poppler
@pytest.mark.parametrize("name", sorted(CASES))
def test_sheet_text_and_page_count_unchanged(name):
    assert WHEN.year == 2026  # the printed date is part of the text: it must stay fixed
    assert fingerprint(CASES[name]()) == EXPECTED[name], (
        f"the {name} sheet's text changed; if on purpose, regenerate (see the module docstring)")


if __name__ == "__main__":  # regenerate EXPECTED
    for key, make in CASES.items():
        sys.stdout.write(f"    {key!r}: {fingerprint(make())!r},\n")
