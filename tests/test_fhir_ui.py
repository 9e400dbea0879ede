"""FHIR in the app under AppTest, by widget key: the export is prepared then downloaded from a
dialog (off the main path, in a closed box on the referral page); a FHIR file resumes like a
save file, and one that does not fit says so in one sentence and changes nothing."""
from __future__ import annotations

import json

import pytest

from assessment import fhir
from assessment.model import AssessmentDoc, Judgement, Level
from assessment.wording import level_label
from tests.test_ui_flow import (
    FR,
    LOADED,
    Q,
    answer_all,
    click,
    level_shown,
    ok,
    open_app,
    store,
    to_questions,
)
from tests.test_ui_referral import keys, to_referral
from ui import keys as K


def fhir_file(mode: str = "real", judgement: tuple[str, str] | None = None, **answers: str) -> bytes:
    doc = AssessmentDoc(questionnaire=Q.id, version=Q.version, sha256=LOADED.sha256, answers=answers, mode=mode,
                        judgement=Judgement(level=Level(judgement[0]), rationale=judgement[1]) if judgement else None)
    return fhir.dumps(fhir.bundle(doc, LOADED)).encode("utf-8")


def test_export__prepared_then_downloaded_from_a_dialog_off_the_main_path():
    at = to_referral()
    assert "fhir_prepare" in keys(at) and "fhir_download" not in keys(at, "download_button")
    click(at, K.FHIR_PREPARE)
    assert keys(at, "download_button") == {"fhir_download"}
    at.text_input(key=K.PRO_ROLE).set_value("Médecin").run()
    assert not keys(at, "download_button"), "no stale download on the next run"


def test_resume__from_a_fhir_bundle_restores_the_answers_and_the_judgement():
    at = open_app()
    raw = fhir_file(judgement=("severe", "Il l'attend devant l'école."), strangulation="yes", separation="unknown")
    ok(at.file_uploader(key=K.RESUME_UPLOAD).upload("evaluation-fhir.json", raw, "application/json").run())
    assert at.session_state[K.STAGE] == "review"
    values = store(at)
    assert values["ans_strangulation"] == "yes" and values["ans_separation"] == "unknown"
    assert not [k for k in values if k.startswith("ans_") and k[4:] not in ("strangulation", "separation")]
    assert any("reprise" in s.value for s in at.success)
    click(at, K.NAV_NEXT)
    assert level_label(Level.severe, FR) in level_shown(at)


def _unknown_version() -> bytes:
    data = json.loads(fhir_file(strangulation="yes"))
    data["entry"][0]["resource"]["questionnaire"] = fhir.questionnaire_url(Q.id) + "|9.9.9"
    return json.dumps(data).encode()


def _twice() -> bytes:
    data = json.loads(fhir_file(strangulation="yes"))
    item = data["entry"][0]["resource"]["item"][0]["item"][0]
    item["answer"] = item["answer"] * 2
    return json.dumps(data).encode()


@pytest.mark.parametrize("raw, code", [
    (_unknown_version(), "A303"),
    (_twice(), "F723"),
    (json.dumps({"resourceType": "Patient", "id": "x"}).encode(), "F720"),
    (fhir_file(mode="training", strangulation="yes"), "A310"),
])
def test_resume__a_fhir_file_that_does_not_fit_keeps_the_answers_and_says_why(raw, code):
    at = to_questions(open_app())
    answer_all(at, {"stalking": "yes"}, default="no")
    click(at, K.NAV_NEXT)
    click(at, K.NAV_NEXT)
    assert at.session_state[K.STAGE] == "referral"
    before = dict(store(at))
    ok(at.file_uploader(key=K.RESUME_UPLOAD).upload("evaluation-fhir.json", raw, "application/json").run())
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and "n'ont pas changé" in errors[0] and code not in errors[0]
    assert any(code in c.value for c in at.caption)
    assert {k: v for k, v in store(at).items() if k.startswith("ans_")} == \
        {k: v for k, v in before.items() if k.startswith("ans_")}
    assert at.session_state[K.STAGE] == "referral"
