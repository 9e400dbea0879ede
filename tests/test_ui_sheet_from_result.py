"""The referral sheet two clicks after the result: the result page prepares it
(ui/sheet.py), the dialog downloads it. Like on the referral page, the page itself has no
download button (a download built in the run before would miss the field typed last); the
sheet holds what has been entered so far, a case code, and, without her consent, says it is not
for transmission; the dialog says it is not protected and where to set a password. AppTest
does not see download bytes: the sheet is read from the session's memo (ui/common.py)."""
from __future__ import annotations

import io
import unicodedata

from pypdf import PdfReader

from tests.helpers import app_at
from tests.test_ui_flow import click, store
from ui import keys as K


def downloads(at) -> set[str]:
    return {w.key for w in at.get("download_button")}


def sheet_text(at) -> str:
    pdf = at.session_state[K.PDF_MEMO][1]
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    return unicodedata.normalize("NFKC", text)


def test_result_page__prepare_opens_the_sheet_no_download_on_the_page():
    at = app_at("result", {"strangulation": "yes"})
    assert not downloads(at)
    click(at, K.PDF_PREPARE)
    assert at.session_state[K.STAGE] == "result"
    assert downloads(at) == {"pdf_download"}
    assert len(at.warning) >= 1 and "Orientation et fiche" in at.warning[-1].value  # where the password is
    # The next run does not draw it again: no stale download.
    at.run()
    assert not downloads(at)


def test_result_page__without_consent__the_note_and_the_banner():
    at = app_at("result", {"strangulation": "yes"}, referral={K.CONSENT: "refused"})
    click(at, K.PDF_PREPARE)
    assert at.info, "the country's consent note, as on the referral page"
    assert "Ne pas transmettre sans son accord" in sheet_text(at)


def test_result_page__the_sheet_holds_what_was_entered_and_keeps_its_case_code():
    at = app_at("result", {"strangulation": "yes"},
                referral={K.CONSENT: "given", K.SAFE_CONTACT: "portable après 18 h", K.PRO_SERVICE: "CPAS Canari"})
    click(at, K.PDF_PREPARE)
    code = store(at)[K.CASE_CODE]
    assert len(code) == 6
    text = sheet_text(at)
    assert "CPAS Canari" in text and "portable après 18 h" in text and code in text
    assert "Ne pas transmettre sans son accord" not in text
    # The referral page proposes the same code: one case, one code.
    click(at, K.NAV_NEXT)
    assert at.session_state[K.STAGE] == "referral"
    assert at.text_input(key=K.CASE_CODE).value == code
