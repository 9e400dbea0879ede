"""Right for every region and language (the plan and the data side).

Legal notes and country-specific sentences come from referrals/actions.yaml, per country and
per consent state; alert actions follow the answers that raised the alert; the partner's
suicide threat has its own action; help texts outside Belgium carry no Belgian figures.
"""
from __future__ import annotations

import re

import pytest

from assessment import referrals as r
from assessment.i18n import translator
from assessment.loader import default_registry
from assessment.model import AssessmentDoc, Result
from assessment.scoring import score

BE = ("be-wal", "be-vl", "be-dg")
ALL_REGIONS = (*BE, "fr", "tn", "qc")
LOCALES = ("fr", "nl", "de", "en", "ar")
BELGIAN_LAW = re.compile(r"(?<!\d)(458|422)(?!\d)")
FRENCH_LAW = re.compile(r"226[-\u2011 ]?14")


def scored(**answers: str) -> Result:
    loaded = default_registry().get("danger-screen")
    return score(loaded, AssessmentDoc(questionnaire="danger-screen", answers=answers))


def country(region: str) -> str:
    return r.get_region(region).country


@pytest.mark.parametrize("region", ALL_REGIONS)
@pytest.mark.parametrize("consent", ["refused", "not_asked", "not_sought"])
@pytest.mark.parametrize("locale", LOCALES)
def test_legal_note__for_every_consent_state_and_only_this_countrys_law(region, consent, locale):
    plan = r.plan_for(scored(strangulation="yes"), region, consent)
    assert plan.legal_note, "no note when consent is not given"
    assert plan.legal_note == r.consent_note(region, consent)
    text = translator(locale)(plan.legal_note)
    if country(region) != "BE":
        assert not BELGIAN_LAW.search(text), text
    if country(region) != "FR":
        assert not FRENCH_LAW.search(text), text
    if country(region) not in ("BE", "FR"):  # a country without its own note: no law named
        assert not re.search(r"\bart\.|Code pénal|Strafgesetzbuch|Strafwetboek|Criminal Code|القانون الجنائي",
                             text), text


def test_legal_note__refused_and_not_asked_differ_and_given_has_none():
    for region in ALL_REGIONS:
        assert r.consent_note(region, "refused") != r.consent_note(region, "not_asked")
        assert r.plan_for(scored(), region, "given").legal_note is None


@pytest.mark.parametrize("answer, must, must_not", [
    ("strangulation", "strangulation", "grossesse"),
    ("injury", "blessure", "strangulation"),
    ("pregnancy_newborn", "enceinte", "strangulation"),
    ("violence_pregnancy", "grossesse", "strangulation"),
])
def test_medical_alert__its_action_follows_the_answer_that_raised_it(answer, must, must_not):
    res = scored(**{answer: "yes"})
    assert "medical" in res.alerts
    plan = r.plan_for(res, "be-wal", "given")
    medical = [a for a in plan.actions if a.origin == "alert:medical"]
    assert medical, [a.id for a in plan.actions]
    text = " ".join(a.render() for a in medical)
    assert must in text.lower() and must_not not in text.lower(), text


def test_medical_alert__two_causes_give_both_actions():
    plan = r.plan_for(scored(strangulation="yes", pregnancy_newborn="yes"), "be-wal", "given")
    texts = " ".join(a.render() for a in plan.actions if a.origin == "alert:medical").lower()
    assert "strangulation" in texts and "enceinte" in texts


@pytest.mark.parametrize("region", ALL_REGIONS)
def test_partner_suicide_threat__has_its_own_action(region):
    res = scored(perpetrator_suicidal="yes")
    plan = r.plan_for(res, region, "given")
    own = [a for a in plan.actions if a.origin == "answer:perpetrator_suicidal"]
    assert len(own) == 1
    text = own[0].render()
    assert "suicide" in text and own[0].phones
    assert not [a for a in r.plan_for(scored(), region, "given").actions if a.origin.startswith("answer:")]


@pytest.mark.parametrize("region", ALL_REGIONS)
def test_suicide_alert__names_the_regions_line(region):
    plan = r.plan_for(scored(victim_suicidal="yes"), region, "given")
    action = next(a for a in plan.actions if a.origin == "alert:suicide")
    text = action.render(translator("fr"))
    reg = r.get_region(region)
    lines = [s for s in reg.services if s.kind in ("suicide_prevention", "listening_line") and s.phone] \
        or [s for s in reg.services if s.kind == "specialised_line" and s.phone]
    assert any(s.phone in text and s.name.split(" – ")[0].split(" (")[0] in text for s in lines), text
    assert any(s.phone in text for s in reg.services if s.emergency), text


@pytest.mark.parametrize("region", ALL_REGIONS)
@pytest.mark.parametrize("locale", LOCALES)
def test_help_texts__outside_belgium_carry_no_belgian_figures(region, locale):
    from assessment.wording import help_text

    loaded = default_registry().get("danger-screen")
    t = translator(locale)
    belgian = re.compile(r"Belgi|belge|belgisch|Belgien|بلجيك|CPVS|ZSG|#StopF", re.I)
    for section in loaded.questionnaire.sections:
        for item in section.items:
            text = help_text(loaded, item.id, t, region)
            assert text, item.id
            if country(region) != "BE":
                assert not belgian.search(text), (item.id, text)
    if country(region) == "BE":  # Belgium keeps the questionnaire's own text
        assert help_text(loaded, "victim_suicidal", t, region) == t(loaded.questionnaire.item("victim_suicidal").help)
