"""Property: whatever a professional types in any free-text field (markup, right-to-left text,
emoji, control characters, up to 10,000 characters), the referral sheet is a valid PDF and
building it never raises. Also in Arabic (right-to-left layout)."""
from __future__ import annotations

import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from assessment.document import score_document
from assessment.model import MAX_TEXT, AssessmentDoc
from assessment.report import build_pdf
from tests.test_report import FULL, WHEN

HOSTILE = ['<b>unclosed', '<img src="/etc/passwd"/>', '<font size="90">x</font>', "&amp; &lt; &#0;",
           "</para>", "<br/>", "\x00\x07\x1b\x7f\x85", "\u202eevil\u202c", "مرحبا بالعالم", "שלום",
           "🚨🙂👩‍👩‍👧", "漢字かな", "e\u0301", "\n\n\r\t", "\ufeff\u200b", "a" * 300, " " * 50]

piece = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40))
free_text = st.one_of(
    st.text(max_size=200),
    st.lists(piece, max_size=12).map("".join),
    # long runs, with or without spaces, up to the model's limit
    st.tuples(st.lists(piece, min_size=1, max_size=6).map("".join), st.integers(1, 3000))
      .map(lambda p: (p[0] * p[1])[:MAX_TEXT]),
).map(lambda s: s[:MAX_TEXT])

FIELDS = ("case_code", "victim_name", "consent_to", "safe_contact", "avoid", "region", "situation",
          "children", "actions_taken", "open_concern")
PRO_FIELDS = ("name", "role", "service", "phone")


@st.composite
def documents(draw):
    data = json.loads(json.dumps(FULL))
    ref = data["referral"]
    for name in draw(st.lists(st.sampled_from(FIELDS), unique=True, min_size=1)):
        ref[name] = draw(free_text)
    for name in draw(st.lists(st.sampled_from(PRO_FIELDS), unique=True)):
        ref["professional"][name] = draw(free_text)
    ref["safety_check"]["time_available"] = draw(free_text)
    ref["notes"] = {key: draw(free_text) for key in draw(st.lists(
        st.sampled_from(["violences", "controle", "situation", "partenaire", "elle", "autre"]), unique=True))}
    data["judgement"]["rationale"] = ("Motif " + draw(free_text))[:MAX_TEXT]  # scoring needs a reason
    data["mode"] = draw(st.sampled_from(["real", "training"]))
    return AssessmentDoc.model_validate(data)


_, LOADED, _ = score_document(json.dumps(FULL))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(doc=documents(), locale=st.sampled_from(["fr", "ar", "de"]), password=st.sampled_from([None, "pw"]))
def test_any_free_text_gives_a_valid_pdf(doc, locale, password):
    from assessment.scoring import score

    result = score(LOADED, doc)
    pdf = build_pdf(doc, LOADED, result, locale, generated_at=WHEN, password=password)
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    reader = PdfReader(io.BytesIO(pdf))
    if password:
        assert reader.decrypt(password)
    assert len(reader.pages) >= 1
    text = reader.pages[0].extract_text()
    assert "\x00" not in text
