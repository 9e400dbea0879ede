"""What to do now and whom to call: the bundled directory, the plan, the links."""
from __future__ import annotations

import itertools
from datetime import date

import pytest

from assessment import referrals as r
from assessment.errors import DataError
from assessment.loader import default_registry
from assessment.model import LEVEL_ORDER, AssessmentDoc, Level, Result
from assessment.scoring import score

BE = ("be-wal", "be-vl", "be-dg")
ALL_REGIONS = (*BE, "fr", "tn", "qc")


def scored(**answers: str) -> Result:
    loaded = default_registry().get("danger-screen")
    return score(loaded, AssessmentDoc(questionnaire="danger-screen", answers=answers))


def result(level: str, alerts: list[str]) -> Result:
    """A Result with exactly this level and these alerts (the plan reads nothing else)."""
    base = scored()
    return base.model_copy(update={"level": Level(level), "computed_level": Level(level),
                                   "alerts": alerts})


def ids(plan: r.Plan) -> list[str]:
    return [a.id for a in plan.actions]


# --------------------------------------------------------------------------- the bundled data
def test_bundled_directory__loads_without_errors():
    d = r.default_directory()
    assert d.errors == []
    assert sorted(d.regions) == sorted(ALL_REGIONS)


@pytest.mark.parametrize("region", ALL_REGIONS)
def test_every_region__has_an_emergency_number_and_a_specialised_line(region):
    reg = r.get_region(region)
    assert any(s.emergency and s.phone for s in reg.services)
    assert any(s.kind == "specialised_line" and s.phone for s in reg.services)


@pytest.mark.parametrize("region", ALL_REGIONS)
def test_specialised_lines__are_not_emergency_lines(region):
    lines = [s for s in r.get_region(region).services if s.kind == "specialised_line"]
    assert lines and all(s.emergency is False for s in lines)
    for line in lines:
        assert "Ce n'est pas un numéro d'urgence : en cas de danger immédiat, appelez les secours." \
            in r.service_notes(line)


def test_belgian_numbers__match_the_research():
    wal = r.get_region("be-wal")
    assert wal.service("police").phone == "101"
    assert wal.service("emergency_112").phone == "112"
    assert wal.service("ecoute_violences_conjugales").phone == "0800 30 030"
    assert wal.service("suicide_prevention").phone == "0800 32 123"
    assert r.get_region("be-vl").service("line_1712").phone == "1712"
    assert r.get_region("be-vl").service("suicide_1813").phone == "1813"


def test_unconfirmed_numbers__are_marked_unverified_and_flagged():
    # The CPVS numbers come from 2020-21 sources only; Tunisia's police number is an open question.
    for region, service in (("be-wal", "cpvs_liege"), ("be-vl", "zsg_gent"), ("tn", "police")):
        s = r.get_region(region).service(service)
        assert s.verified is False
        assert "Numéro à vérifier : il n'a pas pu être confirmé auprès du service." in r.service_notes(s)
    verified = r.get_region("be-wal").service("ecoute_violences_conjugales")
    assert verified.verified and verified.source
    assert all("vérifier" not in n for n in r.service_notes(verified))


def test_unverified_only_emergency_number__makes_the_action_say_so():
    plan = r.plan_for(result("severe", []), "tn", "given")
    emergency = plan.actions[0]
    assert emergency.id == "emergency_now" and emergency.unverified
    assert "197" in emergency.render()
    assert not r.plan_for(result("severe", []), "be-wal", "given").actions[0].unverified


def test_every_verified_service__names_its_source_and_date():
    for region in r.regions():
        for s in region.services:
            assert s.verified_on <= date.today()
            if s.verified:
                assert s.source and s.source.startswith("http")


# --------------------------------------------------------------------------- API basics
def test_regions__lists_belgium_first():
    found = [reg.id for reg in r.regions()]
    assert sorted(found) == sorted(ALL_REGIONS)
    assert found[:3] == sorted(BE)


@pytest.mark.parametrize("locale, region", [
    ("fr", "be-wal"), ("nl", "be-vl"), ("de", "be-dg"), ("en", "be-wal"), ("ar", "tn"), ("xx", "be-wal")])
def test_default_region__comes_from_the_language(locale, region):
    assert r.default_region(locale) == region


def test_unknown_region__is_one_clear_error():
    with pytest.raises(DataError) as exc:
        r.plan_for(scored(), "be-xx", "given")
    assert exc.value.code == "R617"
    assert "be-wal" in str(exc.value) and "Traceback" not in str(exc.value)


def test_unknown_consent__is_one_clear_error():
    with pytest.raises(DataError) as exc:
        r.plan_for(scored(), "be-wal", "maybe")
    assert exc.value.code == "R621"


# --------------------------------------------------------------------------- the plan
@pytest.mark.parametrize("region", ALL_REGIONS)
def test_severe__starts_with_the_emergency_action(region):
    plan = r.plan_for(result("severe", []), region, "given")
    first = plan.actions[0]
    assert first.id == "emergency_now" and first.urgency == "now"
    emergency_phones = {s.phone for s in r.get_region(region).services if s.emergency and s.kind != "emergency"
                        and s.verified}
    assert emergency_phones <= {p.removesuffix(" (SMS)") for p in first.phones}
    assert {"call_line_together_now", "no_return_without_plan"} <= set(ids(plan))


def test_severe_in_belgium__names_101_and_112():
    text = r.plan_for(result("severe", []), "be-wal", "given").actions[0].render()
    assert "101 / 112" in text


@pytest.mark.parametrize("level, main, first", [
    ("high", "specialised_service_today", "specialised_service_today"),
    ("moderate", "appointment_within_days", "tell_emergency_number"),
    ("low", "give_information", "tell_emergency_number"),
])
def test_each_level__has_its_main_action_and_gives_emergency_numbers_first(level, main, first):
    # Sorted by urgency: at moderate and low, giving the emergency numbers (today) comes first.
    plan = r.plan_for(result(level, []), "be-wal", "given")
    assert plan.actions[0].id == first
    assert main in ids(plan) and "tell_emergency_number" in ids(plan)
    assert all(a.origin == f"level:{level}" for a in plan.actions)
    assert "emergency_now" not in ids(plan)


def test_low__ends_with_a_follow_up_date():
    plan = r.plan_for(result("low", []), "be-wal", "given")
    assert "follow_up_date" in ids(plan)
    assert plan.actions[-1].urgency == "follow-up"


ALERT_ACTION = {
    "suicide": "suicide_line_first",
    "medical": "medical_exam",  # when none of its causes is answered (see CAUSE_ACTION)
    "sexual_violence": "sexual_violence_72h",
    "weapons": "tell_police_weapon",
    "children": "child_protection",
}


#: The medical alert's action follows the answer that raised it.
CAUSE_ACTION = {"strangulation": "medical_strangulation"}


@pytest.mark.parametrize("answer, alert", [
    ("victim_suicidal", "suicide"), ("strangulation", "medical"), ("sexual_violence", "sexual_violence"),
    ("weapon_threat", "weapons"), ("firearm_access", "weapons"), ("threats_children", "children"),
    ("children_present", "children")])
def test_each_alert__maps_to_its_action_first(answer, alert):
    res = scored(**{answer: "yes"})
    assert alert in res.alerts and res.level != Level.severe
    plan = r.plan_for(res, "be-wal", "given")
    assert plan.actions[0].id == CAUSE_ACTION.get(answer, ALERT_ACTION[alert])
    assert plan.actions[0].origin == f"alert:{alert}"


def test_every_questionnaire_alert__has_an_action():
    alerts = {a.id for v in default_registry().loaded.values() for a in v.questionnaire.alerts}
    assert alerts <= set(ALERT_ACTION)


@pytest.mark.parametrize("level, alert", list(itertools.product([lv.value for lv in LEVEL_ORDER], ALERT_ACTION)))
def test_alert_action__comes_before_the_level_actions_of_the_same_urgency(level, alert):
    plan = r.plan_for(result(level, [alert]), "be-wal", "given")
    order = ids(plan)
    pinned = [a for a in plan.actions if a.id == "emergency_now" and level == "severe"]
    assert order[:len(pinned)] == [a.id for a in pinned]
    alert_action = next(a for a in plan.actions if a.id == ALERT_ACTION[alert])
    position = order.index(alert_action.id)
    rank = {u: n for n, u in enumerate(r.URGENCIES)}
    for later in plan.actions[position + 1:]:
        assert rank[later.urgency] >= rank[alert_action.urgency]
    for earlier in plan.actions[len(pinned):position]:
        assert rank[earlier.urgency] < rank[alert_action.urgency]


def test_suicide_and_severe__emergency_first_then_the_prevention_line():
    plan = r.plan_for(result("severe", ["children", "suicide"]), "be-wal", "given")
    assert ids(plan)[:2] == ["emergency_now", "suicide_line_first"]
    assert "0800 32 123" in plan.actions[1].render()


def test_sexual_violence__says_72_hours_and_lists_the_cpvs():
    plan = r.plan_for(result("moderate", ["sexual_violence"]), "be-wal", "given")
    action = plan.actions[0]
    assert "72 heures" in action.render()
    # the CPVS numbers are unverified: the action falls back to the verified specialised line
    assert action.phones == ["0800 30 030"] and not action.unverified
    assert any(s.kind == "sexual_violence_centre" for s in plan.services)


def test_actions__appear_once_each():
    plan = r.plan_for(result("moderate", list(ALERT_ACTION)), "be-vl", "given")
    assert len(ids(plan)) == len(set(ids(plan)))


def test_plan__follows_the_result_it_is_given():
    res = scored(strangulation="yes", threat_to_kill="yes")
    assert res.level == Level.severe
    plan = r.plan_for(res, "be-wal", "given")
    assert plan.level == Level.severe and plan.alerts == res.alerts
    assert ids(plan)[0] == "emergency_now" and "medical_strangulation" in ids(plan)


@pytest.mark.parametrize("region", ALL_REGIONS)
@pytest.mark.parametrize("level", [lv.value for lv in LEVEL_ORDER])
def test_services__emergency_numbers_first_then_the_specialised_line(region, level):
    plan = r.plan_for(result(level, []), region, "given")
    flags = [s.emergency for s in plan.services]
    assert flags[0] is True and flags == sorted(flags, reverse=True)
    first_other = plan.services[flags.count(True)]
    assert first_other.kind == "specialised_line"


def test_services__follow_the_alerts():
    plain = r.plan_for(result("high", []), "be-wal", "given")
    suicidal = r.plan_for(result("high", ["suicide"]), "be-wal", "given")
    assert "suicide_prevention" not in [s.kind for s in plain.services]
    assert "suicide_prevention" in [s.kind for s in suicidal.services]
    children = r.plan_for(result("low", ["children"]), "fr", "given")
    assert "child_119" in [s.id for s in children.services]


@pytest.mark.parametrize("region, must", [
    ("be-wal", ("458bis", "422bis", "état de nécessité")), ("be-vl", ("458bis",)), ("be-dg", ("458bis",)),
    ("fr", ("226-14",)), ("tn", ("varient selon le pays",)), ("qc", ("varient selon le pays",))])
def test_refused_consent__gives_the_legal_note(region, must):
    plan = r.plan_for(result("high", []), region, "refused")
    assert plan.legal_note
    for word in must:
        assert word in plan.legal_note
    assert "L'outil n'envoie jamais rien de lui-même." in plan.legal_note


def test_consent_given__no_legal_note_not_asked__the_countrys_note():
    assert r.plan_for(result("severe", []), "be-wal", "given").legal_note is None
    note = r.plan_for(result("severe", []), "be-wal", "not_asked").legal_note
    assert note and "Demandez-lui son accord" in note and "458bis" in note


# --------------------------------------------------------------------------- phones and links
@pytest.mark.parametrize("region, service, link", [
    ("be-wal", "police", "tel:101"),
    ("be-wal", "ecoute_violences_conjugales", "tel:+3280030030"),
    ("be-wal", "cpvs_liege", "tel:+3242843511"),
    ("qc", "sos_violence_conjugale", "tel:+18003639010"),
    ("tn", "green_line_1899", "tel:1899"),
    ("fr", "sms_114", "sms:114"),
    ("be-wal", "cpvs_namur", None),
])
def test_tel_link(region, service, link):
    reg = r.get_region(region)
    assert r.tel_link(reg.service(service), reg) == link
    assert r.tel_link(reg.service(service), region) == link


def test_plan_tel__uses_the_plan_region():
    plan = r.plan_for(result("high", []), "be-wal", "given")
    line = next(s for s in plan.services if s.kind == "specialised_line")
    assert plan.tel(line) == "tel:+3280030030"


BE_FMT = r.PhoneFormat(calling_code="32", trunk_prefix="0", national_digits=[8, 9])
TN_FMT = r.PhoneFormat(calling_code="216", trunk_prefix="", national_digits=[8])


@pytest.mark.parametrize("phone", ["101", "112", "1712", "0800 30 030", "02 535 45 42", "0470 12 34 56",
                                   "+32 2 535 45 42", "071/92.41.00"])
def test_phone__valid_belgian_forms(phone):
    assert r.phone_problem(phone, BE_FMT) is None


@pytest.mark.parametrize("phone", ["0800 30 03", "08003003011", "1", "0101", "+32", "O800 30 030",
                                   "0800 30 030 ext 2", "+0 800 30 030"])
def test_phone__invalid_forms_are_rejected(phone):
    assert r.phone_problem(phone, BE_FMT) is not None


def test_phone__tunisian_eight_digits():
    assert r.phone_problem("71 123 456", TN_FMT) is None
    assert r.tel_uri("71 123 456", TN_FMT) == "tel:+21671123456"
    assert r.phone_problem("7112345", TN_FMT) is not None  # 7 digits: neither national nor short


def test_unverified_note__is_the_label_shown_with_unverified_actions():
    assert r.unverified_note() == "Numéro à vérifier : il n'a pas pu être confirmé auprès du service."
