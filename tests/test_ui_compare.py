"""Re-assessment in the app, under AppTest by widget key: a previous file chosen on
the start page, the comparison on the result page and on the sheet, bad files refused."""
from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from pypdf import PdfReader

from assessment.i18n import translator
from ui import keys as K

from .test_ui_flow import Q, answer_all, click, ok, open_app, shown_text, to_questions

FR = translator("fr")
TODAY = dt.date(2026, 11, 24)


def previous(**answers: str) -> bytes:
    return json.dumps({"questionnaire": Q.id, "version": Q.version, "assessed_on": "2026-11-03",
                       "answers": answers, "referral": {"case_code": "OLD1"}}).encode("utf-8")


def squash(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").replace("\\", "").split())


def start_with_previous(raw: bytes, locale: str = "fr-BE"):
    at = open_app(locale)
    at.session_state[K.ASSESSED_ON] = TODAY  # the session's date, instead of today's
    return ok(at.file_uploader(key=K.PREVIOUS_UPLOAD).upload("old.json", raw, "application/json").run())


def to_result(at, answers: dict[str, str]):
    at = to_questions(at)
    answer_all(at, answers, default="no")
    click(at, K.NAV_NEXT)
    assert at.session_state[K.STAGE] == "result"
    return at


def test_previous_on_the_start_page__the_result_says_what_changed_since_3_november():
    at = start_with_previous(previous(escalation="yes", separation="unknown"))
    assert any("chargée" in s.value for s in at.success)
    # it is not resumed: still the start page, and no answer came from the file
    assert "stage" not in at.session_state or at.session_state[K.STAGE] == "start"
    assert not any(k.startswith("ans_") for k in (at.session_state[K.STORE] if "_store" in at.session_state else {}))
    at = to_result(at, {"escalation": "yes", "separation": "yes", "strangulation": "yes"})
    text = squash(shown_text(at))
    assert "Depuis l'évaluation du 3 novembre 2026 : + strangulation, + séparation ; niveau modéré → grave (en hausse)." in text
    assert "21 jours entre les deux évaluations" in text
    assert "Sinon, au plus tard le 26 novembre 2026 (dans 2 jours, pour un niveau grave)." in text
    # ... and the sheet carries the same section (AppTest cannot download: read the prepared bytes)
    click(at, K.NAV_NEXT)
    click(at, K.PDF_PREPARE)
    pdf = at.session_state[K.PDF_MEMO][1]
    sheet = squash("".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    assert "Réévaluation" in sheet and "3 novembre 2026" in sheet and "au plus tard le 26 novembre 2026" in sheet


def test_previous_in_arabic__the_comparison_is_in_arabic():
    at = start_with_previous(previous(escalation="yes"), locale="ar")
    at = to_result(at, {"escalation": "yes", "strangulation": "yes"})
    t = translator("ar")
    text = shown_text(at)
    assert t("Depuis l'évaluation du {date}").format(date="3 نوفمبر 2026") in text.replace("\\", "")
    assert "←" in text


def test_without_a_previous_file__no_comparison_but_when_to_reassess():
    at = open_app()
    at.session_state[K.ASSESSED_ON] = TODAY
    at = to_result(at, {})
    text = squash(shown_text(at))
    assert "Depuis l'évaluation" not in text
    assert "Sinon, au plus tard le 22 décembre 2026 (dans 28 jours, pour un niveau faible à ce stade)." in text


@pytest.mark.parametrize("raw, code", [
    (b"{not json", "A301"),
    (json.dumps({"questionnaire": Q.id, "answers": {"no_such_item": "yes"}}).encode(), "A304"),
    (json.dumps({"questionnaire": Q.id, "answers": {}, "mode": "training"}).encode(), "A310"),
    (json.dumps({"questionnaire": Q.id, "answers": {}, "assessed_on": "2026-12-25"}).encode(), "C711"),
])
def test_a_bad_previous_file__one_plain_sentence_with_its_code_and_nothing_kept(raw, code):
    at = start_with_previous(raw)
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and code not in errors[0] and "n'ont pas changé" in errors[0]
    assert any(code in c.value for c in at.caption)
    assert "_previous" not in at.session_state
    at = to_result(at, {"strangulation": "yes"})
    assert "Depuis l'évaluation" not in squash(shown_text(at))


def test_stop_comparing__forgets_the_previous_file_and_empties_the_uploader():
    at = start_with_previous(previous())
    assert "_previous" in at.session_state
    click(at, K.PREVIOUS_FORGET)
    assert "_previous" not in at.session_state
    assert not at.file_uploader(key="previous_upload_1").value  # a fresh, empty uploader
    assert not [b for b in at.button if b.key == "previous_forget"]
    at = to_result(at, {"strangulation": "yes"})
    assert "Depuis l'évaluation" not in squash(shown_text(at))


def test_removing_the_file_from_the_uploader__forgets_it_too():
    at = start_with_previous(previous())
    ok(at.file_uploader(key=K.PREVIOUS_UPLOAD).clear().run())
    assert "_previous" not in at.session_state


def test_the_save_file_carries_the_assessment_date_and_a_resumed_file_becomes_today_s():
    from assessment.document import dump_document, parse_document
    from assessment.loader import default_registry
    from ui import state as S

    loaded = default_registry().get(Q.id)
    state = {S.STORE: {"ans_strangulation": "yes"}, S.ASSESSED_ON: TODAY}
    saved = dump_document(S.build_doc(state, loaded))
    assert json.loads(saved)["assessed_on"] == "2026-11-24"
    S.restore(state, parse_document(saved), loaded)
    assert S.ASSESSED_ON not in state  # from now on the answers are today's assessment


def test_quick_exit_and_erase_forget_the_previous_file():
    at = start_with_previous(previous())
    click(at, K.QUICK_EXIT)
    assert "_previous" not in at.session_state
