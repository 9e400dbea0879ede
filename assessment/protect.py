"""Password protection of a PDF: AES-256 (PDF 2.0 standard security handler, /V 5 /R 6).

ReportLab only writes RC4, which is broken; pypdf, with the `cryptography` package, writes
AES-256. The bytes never touch the disk. Each call draws a new random file key and salts, so
two protections of the same sheet with the same password give different bytes (both open with
the password); the text inside is the same.
"""
from __future__ import annotations

import io

#: The algorithm written, as pypdf names it (PDF 2.0: /Filter /Standard, /V 5, /R 6).
ALGORITHM = "AES-256"
#: Longest password accepted (the screen takes 64 characters; PDF 2.0 uses at most 127 bytes).
MAX_PASSWORD_CHARS = 64


def encrypt_pdf(pdf: bytes, password: str) -> bytes:
    """`pdf` encrypted so that it opens only with `password` (same password for every right:
    the service that receives the sheet may print and copy it). Metadata and text are
    encrypted; the document's language tag stays readable, as PDF requires."""
    if not password:
        raise ValueError("encrypt_pdf needs a non-empty password")
    if len(password) > MAX_PASSWORD_CHARS:
        raise ValueError(f"password longer than {MAX_PASSWORD_CHARS} characters")
    from pypdf import PdfReader, PdfWriter  # loaded with the first protected sheet only
    from pypdf.generic import DictionaryObject, NameObject, NumberObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    # AES-256 (R6) belongs to PDF 1.7 with Adobe extension level 8 (as qpdf writes it) / PDF 2.0.
    writer.pdf_header = b"%PDF-1.7"
    writer._root_object[NameObject("/Extensions")] = DictionaryObject({
        NameObject("/ADBE"): DictionaryObject({
            NameObject("/BaseVersion"): NameObject("/1.7"),
            NameObject("/ExtensionLevel"): NumberObject(8)})})
    writer.encrypt(user_password=password, owner_password=password, algorithm=ALGORITHM)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
