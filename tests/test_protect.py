"""Password protection of the referral sheet: AES-256, never ReportLab's RC4."""
from __future__ import annotations

import io
import json
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError

from assessment.document import score_document
from assessment.protect import MAX_PASSWORD_CHARS, encrypt_pdf
from assessment.report import build_pdf

WHEN = datetime(2026, 11, 25, 14, 30, tzinfo=timezone(timedelta(hours=1)))
DOC = {"questionnaire": "danger-screen", "answers": {"strangulation": "yes"},
       "referral": {"case_code": "K7Q2MX", "professional": {"name": "Dr Claire Dumont"}}}


@pytest.fixture(scope="module")
def sheet():
    doc, loaded, result = score_document(json.dumps(DOC).encode())
    return doc, loaded, result, build_pdf(doc, loaded, result, "fr", generated_at=WHEN)


def text(pdf: bytes, password: str | None = None) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    if password is not None:
        assert reader.decrypt(password)
    return "\n".join(p.extract_text() for p in reader.pages)


def test_build_pdf_with_a_password__aes256_standard_handler_v5_r6(sheet):
    doc, loaded, result, plain = sheet
    pdf = build_pdf(doc, loaded, result, "fr", generated_at=WHEN, password="s3cret")
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.is_encrypted
    enc = reader.trailer["/Encrypt"]
    assert (enc["/Filter"], enc["/V"], enc["/R"], enc["/Length"]) == ("/Standard", 5, 6, 256)
    assert enc["/CF"]["/StdCF"]["/CFM"] == "/AESV3"  # AES-256, not /V2 (RC4)
    with pytest.raises(FileNotDecryptedError):
        reader.pages[0].extract_text()
    assert not PdfReader(io.BytesIO(pdf)).decrypt("wrong")
    assert text(pdf, "s3cret") == text(plain)
    assert b"Dr Claire Dumont" not in pdf and b"K7Q2MX" not in pdf
    assert b"Fiche d" not in pdf  # the title in the metadata is encrypted too


def test_without_a_password_the_sheet_is_not_encrypted(sheet):
    doc, loaded, result, plain = sheet
    assert not PdfReader(io.BytesIO(plain)).is_encrypted
    assert build_pdf(doc, loaded, result, "fr", generated_at=WHEN, password="") == plain
    assert build_pdf(doc, loaded, result, "fr", generated_at=WHEN, password=None) == plain


def test_encrypt_pdf__refuses_an_empty_or_too_long_password(sheet):
    plain = sheet[3]
    with pytest.raises(ValueError):
        encrypt_pdf(plain, "")
    with pytest.raises(ValueError):
        encrypt_pdf(plain, "x" * (MAX_PASSWORD_CHARS + 1))


def test_each_protection_draws_new_keys(sheet):
    plain = sheet[3]
    one, two = encrypt_pdf(plain, "pw"), encrypt_pdf(plain, "pw")
    assert one != two  # fresh random file key and salts
    assert text(one, "pw") == text(two, "pw") == text(plain)


@settings(max_examples=20, deadline=None)
@given(password=st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
                        min_size=1, max_size=MAX_PASSWORD_CHARS))
def test_any_password_the_screen_takes_opens_the_sheet_and_only_it(sheet, password):
    pdf = encrypt_pdf(sheet[3], password)
    assert PdfReader(io.BytesIO(pdf)).decrypt(password)
    assert not PdfReader(io.BytesIO(pdf)).decrypt(password + "x")
