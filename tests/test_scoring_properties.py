"""Hypothesis properties of scoring on the bundled questionnaire (totality)."""
from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from assessment.errors import DataError
from assessment.loader import default_registry
from assessment.model import LEVEL_ORDER, Answer, AssessmentDoc, Judgement, Level
from assessment.scoring import compile_questionnaire, level_with, score

REGISTRY = default_registry()
REAL = REGISTRY.get("danger-screen")
VERSIONS = sorted(REGISTRY.versions("danger-screen", drafts=True))
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
    assume(level >= before.computed_level)  # a lower judgement is refused (J401, tests/test_scoring.py)
    judged = Judgement(level=level, rationale="motif")
    with_yes = answers | {item: Answer.yes}
    after = run(with_yes)
    if level >= after.computed_level:
        assert run(with_yes, judged).level >= run(answers, judged).level
    else:  # the yes lifted the computed level above the judgement: the judgement is refused there
        with pytest.raises(DataError) as refused:
            run(with_yes, judged)
        assert refused.value.code == "J401"
        assert after.level > run(answers, judged).level


@settings(max_examples=300)
@given(answers=answers_st, version=st.sampled_from(VERSIONS))
def test_score_and_the_what_if_level__are_the_same_computation(answers, version):
    """score() computes the level while it records the rules; level_of (what-if views, level_max)
    and level_with (training) compute it without them: all three must agree, on every version."""
    loaded = REGISTRY.get("danger-screen", version, drafts=True)
    known = {i: a for i, a in answers.items() if i in loaded.questionnaire.item_ids}
    result = score(loaded, AssessmentDoc(questionnaire="danger-screen", version=version, answers=known))
    yes = frozenset(i for i, a in known.items() if a is Answer.yes)
    assert LEVEL_ORDER[compile_questionnaire(loaded).level_of(yes)] == result.computed_level
    assert level_with(loaded, known) == result.computed_level


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
