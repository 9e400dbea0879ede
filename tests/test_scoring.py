"""The scoring rules (assessment/scoring.py), one named test per rule, on the small fixture and on the bundled questionnaire."""
from __future__ import annotations

import pytest

from assessment.errors import DataError
from assessment.loader import default_registry
from assessment.model import Answer, AssessmentDoc, Level
from assessment.scoring import score

from .helpers import doc, mini

Q = mini()


def ids(result):
    return [r.id for r in result.rules]


# --- 1. score and score_max
def test_score__sum_of_yes_weights_and_max_adds_unknowns():
    r = score(Q, doc(sep="yes", mod="yes", gun="unknown", crit_a="no", crit_b="no", ctrl="no"))
    assert (r.score, r.score_max) == (5, 9)


def test_unanswered_counts_as_unknown__never_as_no():
    r = score(Q, doc(sep="yes"))
    assert r.answers["crit_a"] is Answer.unknown
    assert "crit_a" in r.unknown and r.score_max > r.score


# --- 2. thresholds
@pytest.mark.parametrize("answers, level", [
    ({}, Level.low),
    ({"mod": "yes"}, Level.low),
    ({"sep": "yes"}, Level.moderate),
    ({"gun": "yes", "sep": "yes", "mod": "yes"}, Level.moderate),
    ({"gun": "yes", "sep": "yes", "mod": "yes", "ctrl": "no"}, Level.moderate),
])
def test_threshold_level__from_points(answers, level):
    assert score(Q, doc(**answers)).threshold_level is level


def test_threshold__high_tier_factor_alone_gives_at_least_moderate():
    for item in ("sep", "ctrl", "gun"):
        assert score(Q, doc(**{item: "yes"})).level >= Level.moderate


def test_threshold_rule__listed_with_the_items_that_scored():
    r = score(Q, doc(sep="yes", mod="yes", kids="yes"))
    assert r.rules[0].id == "threshold_moderate" and r.rules[0].items == ["sep", "mod"]


# --- 3. floors
def test_floor__one_critical_yes_lifts_to_high():
    r = score(Q, doc(crit_b="yes", crit_a="no", sep="no", ctrl="no", gun="no", mod="no", kids="no"))
    assert r.threshold_level is Level.moderate and r.level is Level.high
    assert "floor_crit_b" in ids(r)


def test_two_critical_items__give_severe():
    r = score(Q, doc(crit_a="yes", crit_b="yes"))
    assert r.level is Level.severe and "two_crit" in ids(r)


# --- 4. combinations
def test_combination__separation_with_control_gives_at_least_high():
    r = score(Q, doc(sep="yes", ctrl="yes"))
    assert r.threshold_level is Level.moderate and r.computed_level is Level.high
    assert next(x for x in r.rules if x.id == "sep_ctrl").items == ["sep", "ctrl"]


def test_combination__not_fired_when_one_condition_is_missing():
    r = score(Q, doc(sep="yes", ctrl="unknown"))
    assert "sep_ctrl" not in ids(r)


# --- 5. computed level
def test_computed_level__is_the_max_of_threshold_floors_and_combinations():
    r = score(Q, doc(crit_a="yes", sep="yes", ctrl="yes", gun="yes"))  # 15 points: high
    assert r.threshold_level is Level.high and r.computed_level is Level.high


# --- 6. professional judgement
def test_judgement__raise_accepted_and_listed_as_a_rule():
    r = score(Q, doc(judgement=("severe", "Il l'attend devant l'école."), sep="yes"))
    assert (r.computed_level, r.level) == (Level.moderate, Level.severe)
    assert r.judgement.raised and ids(r)[-1] == "judgement"


def test_judgement__same_level_is_kept_without_a_raise():
    r = score(Q, doc(judgement=("moderate", "Accord avec le calcul."), sep="yes"))
    assert r.level is Level.moderate and not r.judgement.raised and "judgement" not in ids(r)


def test_judgement__lower_than_computed__rejected():
    with pytest.raises(DataError) as caught:
        score(Q, doc(judgement=("low", "Elle minimise."), crit_a="yes"))
    assert caught.value.code == "J401" and "high" in str(caught.value)


def test_judgement__empty_reason__rejected():
    with pytest.raises(DataError) as caught:
        score(Q, doc(judgement=("severe", "   "), sep="yes"))
    assert caught.value.code == "J402"


# --- 7. unknowns
def test_unknowns__level_max_when_every_unknown_were_yes():
    r = score(Q, doc(sep="yes", crit_a="no", crit_b="no", ctrl="unknown", gun="no", mod="no"))
    assert r.level is Level.moderate and r.level_max is Level.high


def test_unknowns__critical_unknown_means_insufficient_information():
    answers = dict.fromkeys(Q.questionnaire.item_ids, "no") | {"crit_a": "unknown"}
    r = score(Q, doc(**answers))
    assert r.insufficient_information and r.level is Level.low


def test_unknowns__share_above_the_version_limit_means_insufficient_information():
    answers = dict.fromkeys(Q.questionnaire.item_ids, "no") | {"sep": "unknown", "ctrl": "unknown"}
    r = score(Q, doc(**answers))  # 2 of 6 risk items unknown = 33 % > 30 %
    assert r.unknown_share > 0.3 and r.insufficient_information
    answers["ctrl"] = "no"
    assert not score(Q, doc(**answers)).insufficient_information


def test_to_clarify__ranked_by_how_much_a_yes_would_raise_the_level():
    r = score(Q, doc(sep="yes", crit_a="no", crit_b="unknown", ctrl="unknown", gun="unknown",
                     mod="unknown", kids="unknown"))
    # crit_b: floor high (+1) and weight 4; ctrl: combination high (+1), weight 3;
    # gun: 3+4 = 7 points, still moderate (+0) but weight 4; mod: +0, weight 2.
    assert r.to_clarify == ["crit_b", "ctrl", "gun", "mod"]
    assert "kids" in r.unknown and "kids" not in r.to_clarify  # context item: not a risk factor


# --- 8. alerts
def test_alerts__independent_of_level_and_only_on_yes():
    assert score(Q, doc(crit_a="yes")).alerts == ["medical"]
    assert score(Q, doc(crit_a="unknown")).alerts == []


# --- answers
def test_unknown_item_id__rejected_and_named():
    with pytest.raises(DataError) as caught:
        score(Q, doc(nonexistent="yes"))
    assert caught.value.code == "A304" and "nonexistent" in str(caught.value)


# --- the bundled questionnaire (the evidence rules on the real data)
REAL = default_registry().get("danger-screen")
CRITICAL = ["strangulation", "weapon_threat", "threat_to_kill", "victim_fears_death", "victim_suicidal"]
ALL_NO = dict.fromkeys(REAL.questionnaire.item_ids, "no")


def real(**answers):
    return score(REAL, AssessmentDoc(questionnaire="danger-screen", answers=ALL_NO | answers))


def test_real__has_the_25_core_ids_of_the_domain_brief():
    core = ["strangulation", "weapon_threat", "threat_to_kill", "victim_fears_death", "firearm_access", "escalation", "sexual_violence", "coercive_control", "jealousy", "stalking", "separation", "threats_children", "perpetrator_suicidal", "order_breach", "victim_suicidal", "injury", "violence_pregnancy", "pregnancy_newborn", "isolation", "substance_abuse", "unemployment", "prior_violence", "child_not_his", "animal_abuse", "victim_dependent"]
    assert len(core) == 25 and set(core) <= set(REAL.questionnaire.item_ids)
    assert 4 <= len(REAL.questionnaire.sections) <= 6


@pytest.mark.parametrize("item", CRITICAL)
def test_real__any_critical_item_alone_gives_at_least_high(item):
    assert real(**{item: "yes"}).level >= Level.high


@pytest.mark.parametrize("item", [i.id for i in REAL.questionnaire.items if i.tier.value == "high"])
def test_real__any_high_tier_item_alone_gives_at_least_moderate(item):
    assert real(**{item: "yes"}).level >= Level.moderate


@pytest.mark.parametrize("other", ["coercive_control", "stalking", "jealousy", "threats_children",
                                   "perpetrator_suicidal"])
def test_real__separation_with_a_control_factor_gives_at_least_high(other):
    r = real(separation="yes", **{other: "yes"})
    assert r.level >= Level.high and "separation_with_control" in ids(r)


@pytest.mark.parametrize("first", ["separation", "firearm_access"])
@pytest.mark.parametrize("critical", CRITICAL)
def test_real__separation_or_firearm_with_any_critical_gives_severe(first, critical):
    assert real(**{first: "yes", critical: "yes"}).level is Level.severe


def test_real__victim_suicidal_raises_the_suicide_alert():
    assert "suicide" in real(victim_suicidal="yes").alerts


def test_real__strangulation_raises_the_medical_alert():
    assert "medical" in real(strangulation="yes").alerts


def test_real__every_level_is_reachable():
    assert real().level is Level.low
    assert real(jealousy="yes").level is Level.moderate
    assert real(strangulation="yes").level is Level.high
    assert real(strangulation="yes", threat_to_kill="yes").level is Level.severe
