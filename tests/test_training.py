"""Training cases and the training core: one source (`cases()`) for tests and demonstrations."""
from __future__ import annotations

import io
import shutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessment.base import translatable_fields
from assessment.errors import CATALOGUE, DataErrors
from assessment.loader import QUESTIONNAIRES_DIR, Registry
from assessment.model import Answer, Level
from assessment.scoring import score
from assessment.tooling.extract import extract_yaml
from assessment.tooling.validate import validate_all
from assessment.training import (
    CASES_DIR,
    CaseLibrary,
    TrainingCase,
    cases,
    compare,
    contributions,
    get_case,
    load_case_file,
    load_case_text,
    loaded_for,
    what_if,
)

ALL = cases()
IDS = [c.id for c in ALL]


# --------------------------------------------------------------------------- the library
def test_library__has_no_invalid_file_and_at_least_eight_cases():
    lib = CaseLibrary.scan()
    assert lib.errors == []
    assert len(lib.cases) == len(list(CASES_DIR.glob("*.yaml"))) >= 8


def test_library__covers_every_level_and_the_required_situations():
    assert {c.level for c in ALL} == set(Level)
    required = {"coercive_control", "stalking_after_separation", "strangulation", "forced_suicide",
                "threats_children", "many_unknowns", "judgement_raises", "new_fact_separation"}
    assert required <= set(IDS)


def test_cases__are_sorted_from_low_to_severe():
    ranks = [c.level.rank for c in ALL]
    assert ranks == sorted(ranks)


@pytest.mark.parametrize("case", ALL, ids=IDS)
def test_case__scores_to_its_documented_level_with_the_real_engine(case):
    result = score(loaded_for(case), case.doc())
    assert result.level is case.level
    assert result.mode == "training"


@pytest.mark.parametrize("case", ALL, ids=IDS)
def test_case__is_plainly_fictional_and_teaches_something(case):
    assert "fictive" in case.narrative.lower()
    assert case.teaching_points and all(len(p) > 20 for p in case.teaching_points)


@pytest.mark.parametrize("case", [c for c in ALL if c.new_fact], ids=lambda c: c.id)
def test_case__new_fact_changes_the_level_to_the_documented_one(case):
    loaded = loaded_for(case)
    before = score(loaded, case.doc()).level
    after = score(loaded, case.doc(case.answers_after_new_fact())).level
    assert after is case.new_fact.level and after > before


def test_coercive_control__has_no_physical_violence():
    case = get_case("coercive_control")
    for item in ("strangulation", "weapon_threat", "injury", "sexual_violence", "violence_pregnancy"):
        assert case.answers[item] is Answer.no
    assert case.answers["coercive_control"] is Answer.yes


def test_many_unknowns__low_but_severe_cannot_be_excluded():
    case = get_case("many_unknowns")
    result = score(loaded_for(case), case.doc())
    assert result.level is Level.low and result.level_max is Level.severe
    assert result.insufficient_information


def test_judgement_raises__above_the_computed_level_with_a_reason():
    case = get_case("judgement_raises")
    result = score(loaded_for(case), case.doc())
    assert result.computed_level < result.level is case.level
    assert result.judgement and result.judgement.raised and result.judgement.rationale


def test_forced_suicide__raises_the_suicide_alert():
    case = get_case("forced_suicide")
    assert "suicide" in score(loaded_for(case), case.doc()).alerts


# --------------------------------------------------------------------------- validation errors
GOOD = (CASES_DIR / "strangulation.yaml").read_text("utf-8")


@pytest.mark.parametrize("edit, code, named", [
    (lambda s: s.replace("level: high\n", "level: low\n"), "T509", "low"),
    (lambda s: s.replace("  injury: yes", "  injurie: yes"), "T507", "injurie"),
    (lambda s: s.replace('version: "1.0.0"', 'version: "9.9.9"'), "T506", "9.9.9"),
    (lambda s: s.replace("title:", "titel:"), "T503", "titel"),
    (lambda s: s.replace("  strangulation: yes", "  strangulation: maybe"), "T505", "strangulation"),
    (lambda s: s.replace("level: high\n", "judgement:\n  level: low\n  rationale: x\nlevel: high\n"),
     "T508", "J401"),
    (lambda s: s.replace("id: strangulation\n", "id: strangulation\nid: again\n"), "Q102", "id"),
    (lambda s: "- just\n- a list\n", "T502", ""),
    (lambda s: s.replace('story_says_no: ["separation"', 'story_says_no: ["injury"'), "T513", "injury"),
    (lambda s: s.replace('story_says_no: ["separation"', 'story_says_no: ["separatoin"'), "T507", "separatoin"),
])
def test_broken_case__one_located_coded_error_naming_the_problem(edit, code, named):
    with pytest.raises(DataErrors) as info:
        load_case_text(edit(GOOD), "training/cases/strangulation.yaml")
    codes = [e.code for e in info.value.errors]
    assert code in codes, codes
    first = info.value.errors[codes.index(code)]
    text = first.render()
    assert named in text and "training/cases/strangulation.yaml:" in text
    assert first.where.line is not None and CATALOGUE[code].fix.split("{")[0] in text


def test_broken_case__missing_field_is_named():
    text = GOOD.replace("summary:", "# summary:")
    with pytest.raises(DataErrors) as info:
        load_case_text(text, "x.yaml")
    assert [e.code for e in info.value.errors] == ["T504"] and "summary" in str(info.value.errors[0])


def test_new_fact_that_changes_nothing__rejected():
    text = (CASES_DIR / "new_fact_separation.yaml").read_text("utf-8")
    text = text.replace("    separation: yes\n  level: high", "    animal_abuse: yes\n  level: moderate")
    with pytest.raises(DataErrors) as info:
        load_case_text(text, "x.yaml")
    assert info.value.errors[0].code == "T511"


def test_file_name_must_be_the_case_id(tmp_path):
    (tmp_path / "other_name.yaml").write_text(GOOD, "utf-8")
    with pytest.raises(DataErrors) as info:
        load_case_file(tmp_path / "other_name.yaml")
    assert info.value.errors[0].code == "T501"


def test_validate__counts_training_cases_and_reports_a_broken_one(tmp_path, monkeypatch):
    report = validate_all()
    assert report.errors == [] and report.counts["training_cases"] == len(ALL)
    (tmp_path / "strangulation.yaml").write_text(GOOD.replace("level: high\n", "level: severe\n"), "utf-8")
    lib = CaseLibrary.scan(tmp_path)
    assert [e.code for e in lib.errors] == ["T509"] and not lib.cases


# --------------------------------------------------------------------------- contributions
@pytest.mark.parametrize("case", ALL, ids=IDS)
def test_contributions__add_up_to_the_engine_and_name_every_fired_rule(case):
    loaded = loaded_for(case)
    result = score(loaded, case.doc())
    rows = contributions(loaded, result)
    assert [r.item for r in rows] == loaded.questionnaire.item_ids
    assert sum(r.points for r in rows) == result.score
    fired_floors = {r.items[0] for r in result.rules if r.kind == "floor"}
    assert {r.item for r in rows if r.floor_fired} == fired_floors
    fired_combos = {r.id for r in result.rules if r.kind == "combination"}
    assert {c for r in rows for c in r.combinations_fired} == fired_combos
    for row in rows:  # "if yes" never lowers (monotone engine)
        assert row.level_if_yes >= result.computed_level


def test_contributions__strangulation_is_the_decisive_floor():
    case = get_case("strangulation")
    loaded = loaded_for(case)
    rows = {r.item: r for r in contributions(loaded, score(loaded, case.doc()))}
    assert rows["strangulation"].floor_fired and rows["strangulation"].decisive
    assert rows["strangulation"].points == 5 and rows["injury"].points == 2
    assert not rows["injury"].decisive  # the threshold (moderate) is outweighed by the floor
    assert rows["separation"].level_if_yes is Level.severe


# --------------------------------------------------------------------------- what if
def test_what_if__toggling_one_answer_changes_level_and_reasons():
    case = get_case("coercive_control")
    loaded = loaded_for(case)
    base = what_if(loaded, case, dict(case.answers))
    changed = what_if(loaded, case, {**case.answers, "separation": Answer.yes})
    assert base.level is Level.moderate and changed.level is Level.high
    assert "separation_with_control" in {r.id for r in changed.rules}
    assert "separation_with_control" not in {r.id for r in base.rules}


def test_what_if__a_case_judgement_now_below_the_computed_level_is_dropped_not_lowering():
    case = get_case("judgement_raises")  # judgement: high
    loaded = loaded_for(case)
    answers = {**case.answers, "strangulation": Answer.yes, "separation": Answer.yes}
    result = what_if(loaded, case, answers)
    assert result.level is Level.severe and result.judgement is None


# --------------------------------------------------------------------------- versions
NEXT = """\
  thresholds:
    moderate: 3
    high: 8
    severe: 18"""


@pytest.fixture
def two_versions(tmp_path) -> Registry:
    """The released 1.0.0 and a draft 1.1.0 that lowers 'high' to 8 points, drops
    animal_abuse, adds an item and gives 'escalation' a floor: versions are data."""
    folder = tmp_path / "danger-screen"
    folder.mkdir()
    source = (QUESTIONNAIRES_DIR / "danger-screen" / "1.0.0.yaml").read_text("utf-8")
    shutil.copy(QUESTIONNAIRES_DIR / "danger-screen" / "1.0.0.yaml", folder / "1.0.0.yaml")
    draft = source.replace('version: "1.0.0"', 'version: "1.1.0"').replace("status: released", "status: draft")
    draft = draft.replace("\nprovenance:", '\nchangelog: "Seuil « élevé » abaissé à 8 points."\n\nprovenance:', 1)
    draft = draft.replace("  thresholds:\n    moderate: 3\n    high: 10\n    severe: 18", NEXT)
    start = draft.index("      - id: animal_abuse")
    end = draft.index("  - id: elle")
    draft = draft[:start] + """      - id: property_damage
        text: "A-t-il cassé des objets pour vous faire peur ?"
        help: "Casser des objets est une menace."
        tier: moderate
        weight: 2

""" + draft[end:]
    draft = draft.replace("        tier: high\n        weight: 3\n        evidence: [campbell2009, snider2009",
                          "        tier: high\n        weight: 3\n        floor: high\n        evidence: [campbell2009, snider2009")
    (folder / "1.1.0.yaml").write_text(draft, "utf-8")
    registry = Registry.scan(tmp_path)
    assert registry.errors == [] and registry.versions("danger-screen", drafts=True) == ["1.0.0", "1.1.0"]
    return registry


def test_compare__same_answers_two_versions_levels_rules_and_weights(two_versions):
    a = two_versions.get("danger-screen", "1.0.0")
    b = two_versions.get("danger-screen", "1.1.0", drafts=True)
    case = get_case("coercive_control")  # 8 points: moderate in 1.0.0, high in 1.1.0
    answers = {**case.answers}
    cmp = compare(a, b, answers)
    assert cmp.a.result.level is Level.moderate and cmp.b.result.level is Level.high
    assert not cmp.same_level
    assert "threshold_moderate" in cmp.rules_only_a and "threshold_high" in cmp.rules_only_b
    assert cmp.b.dropped == ("animal_abuse",) and cmp.b.new_unknown == ("property_damage",)
    assert ("escalation", None, Level.high) in cmp.floor_changes
    assert cmp.a.result.questionnaire.version == "1.0.0" and cmp.b.result.questionnaire.version == "1.1.0"


def test_compare__a_floor_added_in_the_new_version_shows_as_a_rule(two_versions):
    a = two_versions.get("danger-screen", "1.0.0")
    b = two_versions.get("danger-screen", "1.1.0", drafts=True)
    cmp = compare(a, b, {"escalation": Answer.yes})
    assert cmp.a.result.level is Level.moderate and cmp.b.result.level is Level.high
    assert cmp.rules_only_b == ("floor_escalation",)


def test_compare__lists_added_and_removed_questions_and_the_changelog(two_versions):
    a = two_versions.get("danger-screen", "1.0.0")
    b = two_versions.get("danger-screen", "1.1.0", drafts=True)
    cmp = compare(a, b, {})
    assert cmp.added == ("property_damage",) and cmp.removed == ("animal_abuse",)
    assert cmp.changelogs == ((b, "Seuil « élevé » abaissé à 8 points."),)
    back = compare(b, a, {})
    assert back.added == ("animal_abuse",) and back.removed == ("property_damage",)


def test_untranslated__a_draft_text_without_translation_stays_french(two_versions):
    from assessment.i18n import translator
    from assessment.training import untranslated

    b = two_versions.get("danger-screen", "1.1.0", drafts=True)
    missing = untranslated(b, translator("en"))
    assert "A-t-il cassé des objets pour vous faire peur ?" in missing
    assert "Seuil « élevé » abaissé à 8 points." in missing
    assert untranslated(two_versions.get("danger-screen", "1.0.0"), translator("en")) == []


def test_compare__identical_version_agrees(two_versions):
    a = two_versions.get("danger-screen", "1.0.0")
    cmp = compare(a, a, dict(get_case("strangulation").answers))
    assert cmp.same_level and not cmp.rules_only_a and not cmp.rules_only_b and not cmp.weight_changes


# --------------------------------------------------------------------------- translation
def test_extractor__yields_every_declared_text_field_of_every_case():
    for path in sorted(CASES_DIR.glob("*.yaml")):
        case = load_case_file(path).case
        fh = io.BytesIO(path.read_bytes())
        fh.name = str(path)
        messages = {m for _line, _f, m, _c in extract_yaml(fh, [], [], {"kind": "training"})}
        expected = {case.title, case.summary, case.narrative, *case.discussion, *case.teaching_points}
        if case.judgement:
            expected.add(case.judgement.rationale)
        if case.new_fact:
            expected |= {case.new_fact.text} | ({case.new_fact.teaching_point} if case.new_fact.teaching_point else set())
        assert messages == expected, path.name


def test_translatable_fields__declared_fields_exist():
    from assessment.training import CaseJudgement, NewFact
    for model in (TrainingCase, CaseJudgement, NewFact):
        assert translatable_fields(model)
        for name in translatable_fields(model):
            assert name in model.model_fields


# --------------------------------------------------------------------------- learner feedback
@settings(max_examples=150, deadline=None)
@given(case=st.sampled_from(ALL), data=st.data())
def test_property__any_exercise_gets_feedback__a_critical_unknown_is_never_praised_at_low(case, data):
    from assessment.model import Tier
    from assessment.training import learner_verdict

    loaded = loaded_for(case)
    items = loaded.questionnaire.items
    mine = {i.id: data.draw(st.sampled_from(list(Answer)), label=i.id) for i in items}
    expected = data.draw(st.sampled_from(list(Level)), label="expected")
    result = score(loaded, case.doc(mine).model_copy(update={"judgement": None}))
    verdict = learner_verdict(expected, case.level, result)
    assert verdict in ("right", "right_but_missing", "under", "over")
    critical_unknown = any(i.tier == Tier.critical and mine[i.id] is Answer.unknown for i in items)
    if critical_unknown and expected is Level.low:
        assert verdict != "right"
    if expected < case.level:
        assert verdict == "under"  # under-triage is always named


@pytest.mark.parametrize("case", ALL, ids=IDS)
def test_decisive__only_an_answer_whose_no_would_lower_the_level(case):
    """Reproduced on main: "decisive" was attached to a 2-point factor in the low
    case, where nothing can lower the level. Decisive now means: were this yes a no, the
    computed level would be lower (asked of the engine)."""
    from assessment.scoring import level_with

    loaded = loaded_for(case)
    result = score(loaded, case.doc())
    for row in contributions(loaded, result):
        lower = row.answer is Answer.yes and level_with(
            loaded, {**result.answers, row.item: Answer.no}) < result.computed_level
        assert row.decisive is lower, row.item
    if result.computed_level is Level.low:
        assert not any(r.decisive for r in contributions(loaded, result))


@pytest.mark.parametrize("case", ALL, ids=IDS)
def test_discussion_prompts__questions_that_never_say_the_level(case):
    from assessment.i18n import translator
    from assessment.wording import level_label, level_name

    t = translator("fr")
    words = {level_name(lv, t).lower() for lv in Level} | {level_label(lv, t).lower() for lv in Level}
    assert len(case.discussion) >= 2
    for prompt in case.discussion:
        assert prompt.rstrip().endswith("?"), prompt
        assert not any(f"« {w} »" in prompt.lower() or w in prompt.lower().split() for w in words), prompt
