"""Concordance with the published decision rules of peer instruments (questionnaires/crosswalk.yaml).

Whenever the Lethality Screen (LAP 2.0), the DA-5, the Dash or the French police grid screens
in on the items we also ask, every version from `concordant_from` on gives at least `level`.
Their items with no equivalent in ours are unknown in ours and never count.
"""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessment import crosswalk as cw
from assessment.loader import default_registry, load_questionnaire_text, semver_key
from assessment.model import Answer, Level

CROSSWALK = cw.load()
REGISTRY = default_registry()
QID = CROSSWALK.questionnaire
ALL_VERSIONS = REGISTRY.versions(QID, drafts=True)
BOUND = [v for v in ALL_VERSIONS if semver_key(v) >= semver_key(CROSSWALK.concordant_from)]
INSTRUMENTS = {i.id: i for i in CROSSWALK.instruments}


def test_crosswalk__covers_the_four_peer_instruments_and_names_only_our_item_ids():
    assert {"lethality_screen", "da5", "dash", "grille_fr"} <= set(INSTRUMENTS)
    assert BOUND, "no version is bound by the crosswalk"
    for version in ALL_VERSIONS:
        assert CROSSWALK.unknown_ids(REGISTRY.get(QID, version, drafts=True)) == [], version


def test_crosswalk__records_the_published_item_counts_and_rules():
    counts = {i.id: len(i.items) for i in CROSSWALK.instruments}
    assert counts == {"lethality_screen": 11, "da5": 5, "dash": 24, "grille_fr": 23}
    assert [(a.at_least, len(a.among)) for a in INSTRUMENTS["da5"].rule] == [(3, 5)]
    assert [(a.at_least, len(a.among)) for a in INSTRUMENTS["dash"].rule] == [(14, 24)]
    assert [(a.at_least, len(a.among)) for a in INSTRUMENTS["grille_fr"].rule] == [(12, 23)]
    lap = INSTRUMENTS["lethality_screen"].rule
    assert [(a.at_least, len(a.among)) for a in lap] == [(1, 4), (4, 7)]  # LAP 2.0: strangulation triggers


@pytest.mark.parametrize("instrument", CROSSWALK.instruments, ids=lambda i: i.id)
def test_crosswalk__reachable_claim_is_true(instrument):
    """`reachable: false` must stay true, or the concordance of that instrument is not tested."""
    assert instrument.reachable is instrument.reachable_on_mapped()
    if not instrument.reachable:
        assert not list(cw.screen_in_sets(instrument))


@pytest.mark.parametrize("instrument", CROSSWALK.instruments, ids=lambda i: i.id)
def test_exhaustive_enumeration__stays_small(instrument):
    assert sum(1 for _ in cw.screen_in_sets(instrument)) < 200_000


@pytest.mark.parametrize("version", BOUND)
@pytest.mark.parametrize("instrument", CROSSWALK.instruments, ids=lambda i: i.id)
def test_every_screen_in__gives_at_least_high(version, instrument):
    """Exhaustive over the yes answers to the items we also ask (and each `one_of` reading)."""
    loaded = REGISTRY.get(QID, version, drafts=True)
    assert cw.concordance_failures(loaded, instrument, CROSSWALK.level) == []


def _their_answers(instrument):
    return st.fixed_dictionaries({i.id: st.sampled_from(list(Answer)) for i in instrument.items})


@pytest.mark.parametrize("version", BOUND)
@pytest.mark.parametrize("instrument", CROSSWALK.instruments, ids=lambda i: i.id)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_sampled_full_answer_sets__screen_in_gives_at_least_high(version, instrument, data):
    """Yes / no / don't know to every item they ask, including the ones we do not ask."""
    answers = data.draw(_their_answers(instrument))
    loaded = REGISTRY.get(QID, version, drafts=True)
    for ours in instrument.translations(answers):
        # Items they ask with no equivalent in ours never become a yes in ours.
        yes_from = {o for i in instrument.mapped if answers[i.id] is Answer.yes for o in i.ours}
        assert {o for o, a in ours.items() if a is Answer.yes} <= yes_from
    if instrument.screens_in_on_mapped(answers):
        assert cw.level_for_their_answers(loaded, instrument, answers) >= CROSSWALK.level


# --------------------------------------------------------------------------- the check can fail
def _variant(old: str, new: str):
    text = REGISTRY.get(QID, BOUND[0], drafts=True).path
    from pathlib import Path

    source = Path(text).read_text("utf-8")
    assert source.count(old) >= 1
    return load_questionnaire_text(source.replace(old, new), "<variant>")


def test_weakened_threshold__the_lap_count_rule_fails_and_is_named():
    """One point more for "high" and four LAP count items of low weight no longer reach it."""
    weak = _variant("    high: 10\n", "    high: 11\n")
    failures = cw.concordance_failures(weak, INSTRUMENTS["lethality_screen"], Level.high)
    assert frozenset({"q6", "q8", "q10", "q11"}) in failures


def test_strangulation_without_its_floor__lap_2_0_fails():
    weak = _variant("        weight: 5\n        floor: high\n        alerts: [medical]\n",
                    "        weight: 5\n        alerts: [medical]\n")
    failures = cw.concordance_failures(weak, INSTRUMENTS["lethality_screen"], Level.high)
    assert frozenset({"q5"}) in failures


def test_one_of__tries_each_reading_and_an_unmapped_yes_stays_unknown():
    lap, dash = INSTRUMENTS["lethality_screen"], INSTRUMENTS["dash"]
    readings = list(lap.translations({"q6": Answer.yes}))
    assert sorted(tuple(sorted(o for o, a in r.items() if a is Answer.yes)) for r in readings) == [
        ("coercive_control",), ("jealousy",)]
    ours = next(dash.translations({"h02": Answer.yes, "h10": Answer.no, "h11": Answer.yes}))
    assert ours["escalation"] is Answer.yes  # one of two mapped items says yes
    assert Answer.yes not in {ours[o] for o in ours if o != "escalation"}
    assert all(o in {x for i in dash.mapped for x in i.ours} for o in ours)
