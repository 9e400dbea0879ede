"""FHIR R4 export and import: every resource validates with fhir.resources, the
answers survive the round trip (don't know stays its own code), a file that does not fit gives
one coded error, never a traceback."""
from __future__ import annotations

import contextlib
import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from fhir.resources.R4B.riskassessment import RiskAssessment
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment import fhir
from assessment.document import resolve
from assessment.errors import DataError
from assessment.i18n import available, translator
from assessment.loader import DEFAULT_QUESTIONNAIRE, default_registry
from assessment.model import Answer, AssessmentDoc, Judgement, Level
from assessment.scoring import score
from assessment.training import cases, loaded_for

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = default_registry()
VERSIONS = [REGISTRY.get(qid, v, drafts=True) for qid in REGISTRY.ids() for v in REGISTRY.versions(qid, True)]
LOADED = REGISTRY.get(DEFAULT_QUESTIONNAIRE)
Q = LOADED.questionnaire


def a_doc(judgement: tuple[str, str] | None = None, loaded=LOADED, mode: str = "real", **answers: str) -> AssessmentDoc:
    q = loaded.questionnaire
    return AssessmentDoc(questionnaire=q.id, version=q.version, sha256=loaded.sha256, answers=answers,
                         judgement=Judgement(level=Level(judgement[0]), rationale=judgement[1]) if judgement else None,
                         mode=mode)


def as_text(resource: dict) -> str:
    return fhir.dumps(resource)


def entries(bundle: dict) -> dict[str, dict]:
    return {e["resource"]["resourceType"]: e["resource"] for e in bundle["entry"]}


def linkids(items: list[dict]) -> list[str]:
    out = []
    for item in items:
        out.append(item["linkId"])
        out += linkids(item.get("item", []))
        for answer in item.get("answer", []):
            out += linkids(answer.get("item", []))
    return out


# --------------------------------------------------------------------------- Questionnaire
@pytest.mark.parametrize("loaded", VERSIONS, ids=lambda v: v.questionnaire.version)
def test_questionnaire__validates_and_parses_back_identical(loaded):
    exported = fhir.questionnaire(loaded)
    parsed = Questionnaire.model_validate_json(as_text(exported))
    assert json.loads(parsed.model_dump_json(exclude_none=True)) == exported
    q = loaded.questionnaire
    assert exported["url"].endswith("/Questionnaire/" + q.id) and exported["version"] == q.version
    assert exported["status"] == ("active" if q.status == "released" else "draft")


@pytest.mark.parametrize("loaded", VERSIONS, ids=lambda v: v.questionnaire.version)
def test_questionnaire__questions_have_our_ids_weights_and_a_help_item(loaded):
    exported = fhir.questionnaire(loaded)
    questions = {i["linkId"]: i for g in exported["item"] for i in g["item"] if i["type"] == "choice"
                 and g["linkId"] != fhir.JUDGEMENT_GROUP}
    q = loaded.questionnaire
    assert list(questions) == q.item_ids
    for item in q.items:
        options = {o["valueCoding"]["code"]: o for o in questions[item.id]["answerOption"]}
        assert set(options) == {"Y", "N", "asked-unknown"}
        weight = {code: [e["valueDecimal"] for e in o.get("extension", []) if e["url"] == fhir.ITEM_WEIGHT]
                  for code, o in options.items()}
        assert weight == {"Y": [item.weight], "N": [0], "asked-unknown": []}, "don't know has no weight"
        (help_item,) = questions[item.id]["item"]
        assert help_item["type"] == "display" and help_item["text"] == item.help
        control = help_item["extension"][0]
        assert control["url"] == fhir.ITEM_CONTROL
        assert control["valueCodeableConcept"]["coding"][0]["code"] == "help"


def _translations(element: dict) -> dict[str, str]:
    out = {}
    for ext in element.get("extension", []):
        assert ext["url"] == fhir.TRANSLATION
        parts = {p["url"]: p for p in ext["extension"]}
        out[parts["lang"]["valueCode"]] = parts["content"]["valueString"]
    return out


def test_questionnaire__every_text_has_every_language_via_the_translation_extension():
    exported = fhir.questionnaire(LOADED)
    langs = set(available()) - {"fr"}
    for item in Q.items:
        t = {lang: translator(lang, domain="core") for lang in langs}
        question = next(i for g in exported["item"] for i in g["item"] if i["linkId"] == item.id)
        assert _translations(question["_text"]) == {lang: t[lang](item.text) for lang in langs}
        assert _translations(question["item"][0]["_text"]) == {lang: t[lang](item.help) for lang in langs}
    assert set(_translations(exported["_title"])) == langs


# --------------------------------------------------------------------------- Bundle
def test_bundle__every_resource_validates_and_the_level_reasons_and_judgement_are_there():
    doc = a_doc(judgement=("severe", "Il l'attend devant l'école."), strangulation="yes", separation="unknown")
    exported = fhir.bundle(doc, LOADED, "en")
    parsed = Bundle.model_validate_json(as_text(exported))
    assert json.loads(parsed.model_dump_json(exclude_none=True)) == exported, "load, dump, load: the same"
    found = entries(exported)
    QuestionnaireResponse.model_validate_json(as_text(found["QuestionnaireResponse"]))
    risk = RiskAssessment.model_validate_json(as_text(found["RiskAssessment"]))
    assert risk.prediction[0].qualitativeRisk.coding[0].code == "severe"
    assert "Il l'attend devant l'école." in risk.note[0].text
    assert risk.basis[0].reference == exported["entry"][0]["fullUrl"]
    result = score(LOADED, doc)
    assert len(risk.prediction[0].rationale.split("\n")) == len([r for r in result.rules if r.kind != "judgement"])


def test_bundle__no_patient_identifier_and_no_referral_field():
    doc = a_doc(strangulation="yes").model_copy(update={"referral": AssessmentDoc.model_validate({
        "questionnaire": Q.id, "referral": {"victim_name": "Marie Dupont", "safe_contact": "0470 11 22 33",
                                            "consent": "given", "case_code": "K7QX2M",
                                            "professional": {"name": "Dr Martin"}}}).referral})
    text = as_text(fhir.bundle(doc, LOADED))
    for secret in ("Marie Dupont", "0470 11 22 33", "K7QX2M", "Dr Martin"):
        assert secret not in text
    risk = entries(json.loads(text))["RiskAssessment"]
    assert risk["contained"] == [{"resourceType": "Patient", "id": "subject"}]
    assert risk["subject"] == {"reference": "#subject"}
    assert "subject" not in entries(json.loads(text))["QuestionnaireResponse"]


def test_response__dont_know_is_its_own_code_never_no():
    qr = fhir.response(a_doc(separation="unknown", stalking="no"), LOADED)
    codes = {i["linkId"]: i["answer"][0]["valueCoding"] for g in qr["item"] for i in g["item"]}
    assert (codes["separation"]["system"], codes["separation"]["code"]) == (fhir.ABSENT, "asked-unknown")
    assert codes["stalking"]["code"] == "N"
    assert fhir.response_to_doc(as_text(qr)).answers["separation"] is Answer.unknown


def test_response__the_same_document_gives_the_same_bytes():
    doc = a_doc(strangulation="yes")
    assert as_text(fhir.bundle(doc, LOADED)) == as_text(fhir.bundle(doc, LOADED))
    assert fhir.response(doc, LOADED)["id"] != fhir.response(a_doc(strangulation="no"), LOADED)["id"]


# --------------------------------------------------------------------------- round trips
answer_sets = st.dictionaries(st.sampled_from(Q.item_ids), st.sampled_from(list(Answer)))


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(answers=answer_sets, judged=st.booleans(), training=st.booleans())
def test_round_trip__any_answer_set(answers, judged, training):
    doc = a_doc(mode="training" if training else "real", **{k: v.value for k, v in answers.items()})
    if judged:
        doc = doc.model_copy(update={"judgement": Judgement(level=Level.severe, rationale="Vu : menaces.")})
    qr = fhir.response(doc, LOADED)
    back = fhir.response_to_doc(as_text(qr))
    assert back == fhir.exported_doc(doc)
    assert fhir.response(back, LOADED) == qr, "response -> document -> response is identical"
    from_bundle = fhir.response_to_doc(as_text(fhir.bundle(doc, LOADED)))
    assert from_bundle == back
    assert score(resolve(back), back) == score(LOADED, doc)


@pytest.mark.parametrize("case", cases(), ids=lambda c: c.id)
def test_training_case__exports_and_reimports_to_the_same_result(case):
    loaded = loaded_for(case)
    doc = case.doc()
    exported = fhir.bundle(doc, loaded)
    assert json.loads(Bundle.model_validate_json(as_text(exported)).model_dump_json(exclude_none=True)) == exported
    back = fhir.response_to_doc(as_text(exported))
    assert back.mode == "training"
    assert score(resolve(back), back) == score(loaded, doc)
    assert entries(exported)["RiskAssessment"]["prediction"][0]["qualitativeRisk"]["coding"][0]["code"] == case.level.value


# --------------------------------------------------------------------------- import refused
def _qr(**answers: str) -> dict:
    return fhir.response(a_doc(**answers), LOADED)


def _set_version(qr: dict, version: str) -> dict:
    qr["questionnaire"] = fhir.questionnaire_url(Q.id) + "|" + version
    return qr


def _first_answer(qr: dict) -> dict:
    return qr["item"][0]["item"][0]


def _tampered():
    qr = _qr(strangulation="yes", stalking="no")
    cases_ = {}
    cases_["A303"] = _set_version(copy.deepcopy(qr), "9.9.9")
    other = copy.deepcopy(qr)
    other["questionnaire"] = "http://example.org/Questionnaire/phq-9|1.0.0"
    cases_["A302"] = other
    unknown_item = copy.deepcopy(qr)
    _first_answer(unknown_item)["linkId"] = "no_such_item"
    cases_["A304"] = unknown_item
    bad_code = copy.deepcopy(qr)
    _first_answer(bad_code)["answer"][0]["valueCoding"]["code"] = "maybe"
    cases_["A305"] = bad_code
    twice = copy.deepcopy(qr)
    _first_answer(twice)["answer"].append(_first_answer(twice)["answer"][0])
    cases_["F723"] = twice
    no_version = copy.deepcopy(qr)
    no_version["questionnaire"] = fhir.questionnaire_url(Q.id)
    cases_["A309"] = no_version
    invalid = copy.deepcopy(qr)
    del invalid["status"]
    cases_["F721"] = invalid
    cases_["F720"] = {"resourceType": "Patient", "id": "x"}
    two = {"resourceType": "Bundle", "type": "collection",
           "entry": [{"fullUrl": "urn:uuid:1", "resource": qr}, {"fullUrl": "urn:uuid:2", "resource": qr}]}
    cases_["F722"] = two
    return cases_


@pytest.mark.parametrize("code, data", list(_tampered().items()), ids=list(_tampered()))
def test_import__a_response_that_does_not_fit_gives_its_code(code, data):
    with pytest.raises(DataError) as info:
        fhir.response_to_doc(json.dumps(data))
    assert info.value.code == code
    sentence = info.value.for_user(translator("fr"), file=True)
    assert "n'ont pas changé" in sentence and code not in sentence


def test_import__a_question_given_twice_is_refused():
    qr = _qr(strangulation="yes")
    group = qr["item"][0]
    group["item"].append({**group["item"][0], "answer": [{"valueCoding": {"system": fhir.YES_NO, "code": "N"}}]})
    with pytest.raises(DataError) as info:
        fhir.response_to_doc(json.dumps(qr))
    assert info.value.code == "F723"


def test_import__another_text_of_the_version_is_refused_by_its_fingerprint():
    qr = _qr(strangulation="yes")
    qr["extension"][0]["valueString"] = "0" * 64
    doc = fhir.response_to_doc(json.dumps(qr))
    with pytest.raises(DataError) as info:
        resolve(doc)
    assert info.value.code == "A311"


def test_import__a_judgement_that_lowers_the_level_is_refused_when_scored():
    qr = fhir.response(a_doc(judgement=("severe", "x"), strangulation="yes"), LOADED)
    qr["item"][-1]["item"][0]["answer"][0]["valueCoding"]["code"] = "low"
    doc = fhir.response_to_doc(json.dumps(qr))
    with pytest.raises(DataError) as info:
        score(resolve(doc), doc)
    assert info.value.code == "J401"


@pytest.mark.parametrize("raw, code", [(b"{not json", "A301"), (b"[]", "A301"), (b"\xff\xfe", "A301"),
                                       (b" " * 1_000_001, "A308")])
def test_import__not_json_or_too_large(raw, code):
    with pytest.raises(DataError) as info:
        fhir.response_to_doc(raw)
    assert info.value.code == code


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                           max_leaves=8)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.lists(st.sampled_from(["item", 0, 1, "answer", "valueCoding", "code", "linkId", "system",
                                      "questionnaire", "status", "meta", "tag", "extension"]), min_size=1, max_size=6),
       value=json_values)
def test_import__any_tampering_gives_a_data_error_never_a_traceback(path, value):
    data = fhir.bundle(a_doc(judgement=("severe", "x"), strangulation="yes", separation="unknown"), LOADED)
    node = data["entry"][0]["resource"]
    for key in path[:-1]:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            break
    with contextlib.suppress(TypeError, IndexError):
        node[path[-1]] = value
    try:
        doc = fhir.response_to_doc(json.dumps(data))
        score(resolve(doc), doc)
    except DataError:
        pass


# --------------------------------------------------------------------------- command line
def cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assessment", *args], cwd=ROOT, input=stdin,
                          capture_output=True, text=True, timeout=60)


def test_cli__questionnaire_to_a_file_and_a_version(tmp_path):
    out = cli("fhir", "questionnaire", "--version", Q.version, "-o", str(tmp_path / "q.json"))
    assert out.returncode == 0, out.stderr
    parsed = Questionnaire.model_validate_json((tmp_path / "q.json").read_text("utf-8"))
    assert parsed.version == Q.version


def test_cli__response_from_stdin_is_a_bundle_that_reimports():
    doc = {"questionnaire": Q.id, "version": Q.version, "answers": {"strangulation": "yes", "separation": "unknown"},
           "referral": {"victim_name": "Marie Dupont", "consent": "given"}}
    out = cli("fhir", "response", "-", "--locale", "nl", stdin=json.dumps(doc))
    assert out.returncode == 0, out.stderr
    bundle = Bundle.model_validate_json(out.stdout)
    assert bundle.type == "collection" and "Marie Dupont" not in out.stdout
    assert fhir.response_to_doc(out.stdout).answers == {"strangulation": Answer.yes, "separation": Answer.unknown}


def test_cli__unknown_version_exits_2_with_one_line():
    out = cli("fhir", "questionnaire", "--version", "9.9.9")
    assert out.returncode == 2 and "A303" in out.stderr and "Traceback" not in out.stderr
    out = cli("fhir", "response", "-", stdin="{not json")
    assert out.returncode == 2 and "A301" in out.stderr and "Traceback" not in out.stderr
