"""Hypothesis properties of scoring on the bundled questionnaire (totality)."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from assessment.loader import default_registry
from assessment.model import Answer, AssessmentDoc, Judgement, Level
from assessment.scoring import score

REAL = default_registry().get("danger-screen")
IDS = REAL.questionnaire.item_ids
answers_st = st.dictionaries(st.sampled_from(IDS), st.sampled_from(list(Answer)))


def run(answers, judgement=None):
    return score(REAL, AssessmentDoc(questionnaire="danger-screen", answers=answers, judgement=judgement))


@settings(max_examples=400)
@given(answers=answers_st, item=st.sampled_from(IDS))
def test_turning_any_answer_into_yes__never_lowers_score_or_levels(answers, item):
    before = run(answers)
    after = run(answers | {item: Answer.yes})
    assert after.score >= before.score
    assert after.computed_level >= before.computed_level
    assert after.level >= before.level
    assert after.level_max >= before.computed_level


@settings(max_examples=200)
@given(answers=answers_st, item=st.sampled_from(IDS), level=st.sampled_from(list(Level)))
def test_monotone_with_a_judgement_too(answers, item, level):
    before = run(answers)
    if level < before.computed_level:
        return
    judged = Judgement(level=level, rationale="motif")
    after = run(answers | {item: Answer.yes}, None)
    if level >= after.computed_level:
        assert run(answers | {item: Answer.yes}, judged).level >= run(answers, judged).level


@settings(max_examples=300)
@given(answers=answers_st)
def test_invariants__levels_ordered_and_every_level_explained(answers):
    r = run(answers)
    assert r.threshold_level <= r.computed_level <= r.level <= r.level_max
    assert r.score <= r.score_max
    assert any(rule.level is r.level for rule in r.rules)  # every level says why
    assert set(r.to_clarify) <= set(r.unknown)
    assert len(r.answers) == len(IDS)


@settings(max_examples=200)
@given(answers=answers_st)
def test_scoring_is_deterministic(answers):
    assert run(answers) == run(dict(reversed(list(answers.items()))))


def test_all_no__gives_low_with_nothing_to_clarify():
    r = run(dict.fromkeys(IDS, Answer.no))
    assert r.level is Level.low and r.level_max is Level.low
    assert r.to_clarify == [] and r.unknown == [] and not r.insufficient_information


def test_all_unknown__gives_low_level_max_severe_and_insufficient_information():
    r = run({})
    assert r.level is Level.low and r.level_max is Level.severe
    assert r.insufficient_information and r.score == 0
    assert r.to_clarify[0] in {"strangulation", "weapon_threat", "threat_to_kill",
                               "victim_fears_death", "victim_suicidal", "firearm_access", "separation"}


@settings(max_examples=300)
@given(answers=answers_st, item=st.sampled_from(IDS))
def test_incremental_what_if__equals_a_full_recomputation(answers, item):
    from assessment.scoring import compile_questionnaire

    c = compile_questionnaire(REAL)
    yes = frozenset(i for i, a in answers.items() if a is Answer.yes)
    level, points = c.level_of(yes), sum(c.weights[i] for i in yes)
    assert c.raise_if_yes(yes, level, points, item) == c.level_of(yes | {item})


@settings(max_examples=200)
@given(answers=answers_st)
def test_result_built_without_validation__is_nevertheless_valid(answers):
    from assessment.model import Result

    r = run(answers)
    assert Result.model_validate(r.model_dump()) == r
