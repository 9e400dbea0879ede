"""The referral fields the specialised services ask for (when the last violence
happened, when each critical factor answered yes happened, who must not receive the sheet), the
consent "not sought because asking would increase the danger" with its country's legal note, the
factors that scored named, and the sheet that starts with the safe contact."""
from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment import referrals as R
from assessment.document import dump_document, parse_document, score_document
from assessment.errors import DataError
from assessment.i18n import translator
from assessment.model import CONSENT_VALUES, AssessmentDoc, Referral
from assessment.report import build_pdf
from assessment.wording import rule_reason
from tests.test_ui_flow import click, ok, open_app, store, to_result

WHEN_STRANGLED = "il y a deux semaines, le 17/11"
LAST = "hier soir vers 22 h"
NOT_TO = "son conjoint ; la belle-famille"


def pdftotext(pdf: bytes) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "s.pdf"
        path.write_bytes(pdf)
        return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout


def squash(text: str) -> str:
    return " ".join(text.split())


def sheet(doc: AssessmentDoc, locale: str = "fr", region: str | None = None) -> str:
    _doc, loaded, result = score_document(dump_document(doc))
    plan = R.plan_for(result, region or doc.referral.region or R.default_region(locale), doc.referral.consent)
    return pdftotext(build_pdf(doc, loaded, result, locale, plan=plan))


def filled_doc(consent: str = "not_sought", region: str = "be-wal") -> AssessmentDoc:
    return AssessmentDoc(
        questionnaire="danger-screen", version="1.0.0",
        answers={"strangulation": "yes", "substance_abuse": "yes", "unemployment": "yes"},
        referral=Referral(consent=consent, region=region, safe_contact="GSM après 18 h",
                          avoid="pas de message vocal", not_to_receive=NOT_TO, last_violence=LAST,
                          factor_when={"strangulation": WHEN_STRANGLED}))


# --------------------------------------------------------------------------- the app, by key
def test_referral_page__new_fields_by_key__fill_save_resume_round_trip():
    at = to_result({"strangulation": "yes", "threat_to_kill": "no", "unemployment": "yes"})
    click(at, "nav_next")
    assert at.session_state["stage"] == "referral"
    keys = {w.key for w in at.text_input}
    assert {"last_violence", "not_to_receive", "when_strangulation"} <= keys
    assert "when_threat_to_kill" not in keys and "when_unemployment" not in keys  # critical and yes only
    at.radio(key="consent").set_value("not_sought")
    at.text_input(key="last_violence").set_value(LAST)
    at.text_input(key="not_to_receive").set_value(NOT_TO)
    at.text_input(key="when_strangulation").set_value(WHEN_STRANGLED)
    ok(at.run())
    assert any("458bis" in i.value for i in at.info)  # the country's note for 'not sought'
    from tests.test_ui_flow import LOADED
    from ui import state as S
    doc = S.build_doc({"_store": dict(store(at)), "_judgement": None}, LOADED)
    r = doc.referral
    assert (r.consent, r.last_violence, r.not_to_receive) == ("not_sought", LAST, NOT_TO)
    assert r.factor_when == {"strangulation": WHEN_STRANGLED}
    saved = dump_document(doc).encode("utf-8")

    again = open_app()
    ok(again.file_uploader(key="resume_upload").upload("case.json", saved, "application/json").run())
    assert again.session_state["stage"] == "review"
    review = squash(" ".join(m.value for m in again.markdown))
    assert WHEN_STRANGLED in review.replace("\\", "")  # beside its factor on the review
    click(again, "nav_next")
    result_text = squash(" ".join(m.value for m in again.markdown).replace("\\", ""))
    assert f"(quand : {WHEN_STRANGLED})" in result_text  # beside its floor reason on the result
    click(again, "nav_next")
    assert again.radio(key="consent").value == "not_sought"
    assert again.text_input(key="last_violence").value == LAST
    assert again.text_input(key="not_to_receive").value == NOT_TO
    assert again.text_input(key="when_strangulation").value == WHEN_STRANGLED


def test_when_of_a_factor_no_longer_yes__not_in_the_document():
    at = to_result({"strangulation": "yes"})
    click(at, "nav_next")
    at.text_input(key="when_strangulation").set_value(WHEN_STRANGLED)
    ok(at.run())
    from tests.test_ui_flow import LOADED
    from ui import state as S
    values = dict(store(at))
    values["ans_strangulation"] = "no"
    assert S.build_doc({"_store": values, "_judgement": None}, LOADED).referral.factor_when == {}


# --------------------------------------------------------------------------- the sheet
def test_sheet__safe_contact_avoid_and_must_not_receive_first__then_alerts_and_level():
    text = squash(sheet(filled_doc(consent="given")))
    contact, avoid, not_to = (text.index("Contact sûr"), text.index("À éviter"),
                              text.index("Ne doivent pas recevoir cette fiche : " + NOT_TO))
    assert text.index("Empreinte") < contact < avoid < not_to < text.index("Niveau de danger")
    assert not_to < text.index("Alertes")
    assert text.count("Contact sûr") == 1  # moved, not repeated
    assert "Dernières violences : " + LAST in text
    question = "Vous a-t-il déjà serrée au cou, étranglée ou étouffée, même une seule fois ?"
    answers = text[text.index("Réponses, par partie"):].replace(" Oui ", " ")  # the answer column, between lines
    assert f"{question} (quand : {WHEN_STRANGLED})" in answers  # beside its factor in the answers
    assert f"(quand : {WHEN_STRANGLED})" in text[:text.index("Que faire maintenant")]  # and its reason


def test_sheet__names_the_factors_that_scored():
    text = squash(sheet(filled_doc(consent="given")))
    assert "Facteurs comptés : strangulation, alcool ou drogue, sans emploi ou difficultés d'argent." in text


@pytest.mark.parametrize("locale,counted", [("en", "Factors counted"), ("nl", "Meegetelde factoren"),
                                             ("de", "Gezählte Faktoren"), ("ar", "العوامل المحسوبة")])
def test_threshold_reason__names_the_factors_in_every_language(locale, counted):
    doc = AssessmentDoc(questionnaire="danger-screen", answers={"substance_abuse": "yes", "unemployment": "yes"})
    _d, loaded, result = score_document(dump_document(doc))
    t = translator(locale)
    text = rule_reason(result.rules[0], loaded, result, t)
    assert counted in text and t("alcool ou drogue") in text and t("alcool ou drogue") != "alcool ou drogue"


@pytest.mark.parametrize("region,marker", [("be-wal", "458bis"), ("fr", "226-14"), ("tn", "2017-58"),
                                           ("qc", "Code des professions")])
def test_not_sought__the_countrys_legal_note_and_its_banner(region, marker):
    text = squash(sheet(filled_doc(consent="not_sought", region=region)))
    assert "Accord non demandé, pour sa sécurité" in text
    assert "Ne la contactez jamais d'une manière qui révélerait cette fiche" in text
    assert "pas demandé, car le demander augmenterait le danger" in text
    assert marker in text
    assert "Ne pas transmettre sans son accord" not in text
    others = {"458bis", "226-14", "2017-58", "Code des professions"} - {marker}
    assert not any(o in text for o in others), "never another country's law"


@pytest.mark.parametrize("consent,banner", [("refused", True), ("not_asked", True), ("given", False)])
def test_other_consents__banner_unchanged(consent, banner):
    text = squash(sheet(filled_doc(consent=consent)))
    assert ("Ne pas transmettre sans son accord" in text) is banner
    assert "Accord non demandé, pour sa sécurité" not in text


@pytest.mark.parametrize("locale", ["nl", "de", "en", "ar"])
def test_not_sought__translated_on_the_sheet(locale):
    t = translator(locale, domain="report")
    note = R.consent_note("be-wal", "not_sought")
    assert t(note) != note and t("Accord non demandé, pour sa sécurité") != "Accord non demandé, pour sa sécurité"


# --------------------------------------------------------------------------- one Consent type
def test_consent_values__one_list_used_by_the_model_the_plan_and_the_notes():
    assert CONSENT_VALUES == ("given", "refused", "not_asked", "not_sought")
    from ui.before import CONSENT_OPTIONS
    assert tuple(CONSENT_OPTIONS) == CONSENT_VALUES
    for region in R.regions():
        for consent in CONSENT_VALUES:
            plan_note = R.consent_note(region.id, consent)
            assert (plan_note is None) is (consent == "given"), (region.id, consent)
    with pytest.raises(DataError) as err:
        R.consent_note("be-wal", "maybe") or R.plan_for(score_document(dump_document(filled_doc()))[2],
                                                         "be-wal", "maybe")
    assert err.value.code == "R621"


def test_actions_file__default_country_must_have_every_consent_note():
    from pydantic import ValidationError

    raw = Path("referrals/actions.yaml").read_text("utf-8")
    data = R._bundled().actions.model_dump(mode="json", exclude_none=True)
    del data["countries"]["default"]["legal"]["not_sought"]
    with pytest.raises(ValidationError, match="not_sought"):
        R.ActionsFile.model_validate(data)
    assert "not_sought:" in raw


# --------------------------------------------------------------------------- documents
def test_older_file_without_the_new_fields__still_loads_with_empty_values():
    old = json.dumps({"questionnaire": "danger-screen", "version": "1.0.0", "answers": {"strangulation": "yes"},
                      "referral": {"consent": "refused", "safe_contact": "x"}})
    r = parse_document(old).referral
    assert (r.last_violence, r.not_to_receive, r.factor_when) == ("", "", {})


def test_unknown_consent_or_bad_factor_id__refused_with_the_field():
    for bad, field in (({"consent": "peut-etre"}, "referral.consent"),
                       ({"factor_when": {"Not An Id": "x"}}, "referral.factor_when")):
        with pytest.raises(DataError) as err:
            parse_document(json.dumps({"questionnaire": "danger-screen", "referral": bad}))
        assert field in str(err.value.context) or field in err.value.for_user(translator("fr"))


texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=80)
referrals_st = st.fixed_dictionaries({}, optional={
    "consent": st.sampled_from(CONSENT_VALUES), "last_violence": texts, "not_to_receive": texts,
    "factor_when": st.dictionaries(st.sampled_from(["strangulation", "weapon_threat", "threat_to_kill",
                                                    "victim_fears_death", "victim_suicidal"]), texts, max_size=3),
    "safe_contact": texts})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(referrals_st)
def test_documents_with_or_without_the_new_fields__round_trip(ref):
    raw = json.dumps({"questionnaire": "danger-screen", "answers": {"strangulation": "yes"}, "referral": ref})
    doc = parse_document(raw)
    assert parse_document(dump_document(doc)) == doc
    for key, value in ref.items():
        assert getattr(doc.referral, key) == value
    for key in {"last_violence", "not_to_receive", "factor_when"} - set(ref):
        assert not getattr(doc.referral, key)
