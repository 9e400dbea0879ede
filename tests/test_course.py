"""The online course as data: loading, checks with file:line:col, feedback,
calibration, progress files, the certificate."""
from __future__ import annotations

import io
import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from assessment.course import (
    COURSE_DIR,
    ModuleProgress,
    ProgressDoc,
    calibration,
    check_answers,
    check_course,
    default_course,
    dump_progress,
    load_course,
    load_module_text,
    parse_progress,
    record,
    texts,
)
from assessment.errors import CATALOGUE, DataError, DataErrors
from assessment.i18n import available, msgid, translator
from assessment.loader import default_registry
from assessment.model import Answer, Level
from assessment.training import get_case, loaded_for

GOOD = """\
id: essai
title: "Un titre"
summary: "Un résumé"
minutes: 5
reading:
  - "Un paragraphe."
sources:
  - citation: "Une source."
questions:
  - id: q1
    text: "Question 1 ?"
    options:
      - id: a
        text: "A"
        correct: true
        feedback: "Juste."
      - id: b
        text: "B"
        feedback: "Faux."
  - id: q2
    text: "Question 2 ?"
    options:
      - id: a
        text: "A"
        correct: true
        feedback: "Juste."
      - id: b
        text: "B"
        feedback: "Faux."
  - id: q3
    text: "Question 3 ?"
    options:
      - id: a
        text: "A"
        correct: true
        feedback: "Juste."
      - id: b
        text: "B"
        feedback: "Faux."
"""


def _codes(text: str) -> list[tuple[str, int | None]]:
    with pytest.raises(DataErrors) as caught:
        load_module_text(text, "m.yaml")
    return [(e.code, e.where.line) for e in caught.value.errors]


def test_good_module__loads():
    module, _ = load_module_text(GOOD, "m.yaml")
    assert [q.id for q in module.questions] == ["q1", "q2", "q3"]


@pytest.mark.parametrize("broken, code, line", [
    ("- a list\n", "C740", 1),
    (GOOD.replace("minutes: 5\n", "minutes: 5\ncolour: red\n"), "C741", 5),
    (GOOD.replace('title: "Un titre"\n', ""), "C742", 1),
    (GOOD.replace("minutes: 5", "minutes: cinq"), "C743", 4),
    (GOOD.replace('        correct: true\n        feedback: "Juste."\n', '        feedback: "Juste."\n', 1), "C744", 12),
    (GOOD.replace('        feedback: "Faux."\n', "", 1), "C745", 17),
    (GOOD.replace('sources:\n  - citation: "Une source."\n', "sources: []\n"), "C746", 7),
    (GOOD.replace("  - id: q3", "  - id: q2"), "C748", 30),
    (GOOD + "case: pas_un_cas\n", "C749", 40),
    ("id: essai\nid: autre\n", "Q102", 2),
])
def test_broken_module__coded_and_located(broken, code, line):
    found = _codes(broken)
    assert (code, line) in found, found


def test_two_questions__too_few():
    short = GOOD[: GOOD.index("  - id: q3")]
    assert ("C747", 9) in _codes(short)


def test_every_course_code__has_a_message_and_a_fix():
    codes = [f"C{n}" for n in range(740, 758)]
    assert all(c in CATALOGUE and CATALOGUE[c].fix for c in codes)


def _copy_course(tmp_path: Path) -> Path:
    target = tmp_path / "course"
    shutil.copytree(COURSE_DIR, target)
    return target


def test_course__module_listed_but_missing__C750(tmp_path):
    root = _copy_course(tmp_path)
    (root / "modules" / "suicide_force.yaml").unlink()
    with pytest.raises(DataErrors) as caught:
        load_course(root)
    assert [e.code for e in caught.value.errors] == ["C750"]
    assert caught.value.errors[0].where.line is not None


def test_course__file_not_listed__C752_and_wrong_name__C751(tmp_path):
    root = _copy_course(tmp_path)
    shutil.copy(root / "modules" / "suicide_force.yaml", root / "modules" / "extra.yaml")
    text = (root / "modules" / "enfants_exposes.yaml").read_text("utf-8").replace("id: enfants_exposes", "id: autre", 1)
    (root / "modules" / "enfants_exposes.yaml").write_text(text, "utf-8")
    with pytest.raises(DataErrors) as caught:
        load_course(root)
    codes = {(e.code, e.where.line) for e in caught.value.errors}
    assert ("C751", 1) in codes and ("C752", None) in codes


def test_bundled_course__valid_translated_and_versioned():
    loaded = default_course()
    report = check_course()
    assert report.errors == [] and report.counts["course_modules"] == len(loaded.modules) >= 7
    assert len(loaded.sha256) == 64
    for module in loaded.modules:
        assert module.sources and 3 <= len(module.questions) <= 6
        if module.case:
            get_case(module.case)


def test_course_hash__changes_with_any_module_file(tmp_path):
    root = _copy_course(tmp_path)
    before = load_course(root).sha256
    path = root / "modules" / "orienter_et_suivre.yaml"
    path.write_text(path.read_text("utf-8") + "\n# un commentaire\n", "utf-8")
    assert load_course(root).sha256 != before


def test_every_language__translates_every_course_text():
    loaded = default_course()
    for locale in available():
        if locale == "fr":
            continue
        t = translator(locale, domain="course")
        missing = [place for place, text in texts(loaded) if t.gettext(text) == text]
        assert missing == [], (locale, missing[:3])


def test_untranslated_text__reported_by_validate_C753(tmp_path):
    root = _copy_course(tmp_path)
    path = root / "modules" / "orienter_et_suivre.yaml"
    path.write_text(path.read_text("utf-8").replace('title: "Orienter et suivre"', 'title: "Orienter, puis suivre"'), "utf-8")
    report = check_course(root)
    assert {e.code for e in report.errors} == {"C753"}


def test_extracted_catalog__holds_every_text_with_a_translator_comment():
    pot = (COURSE_DIR.parent / "locales" / "course.pot").read_text("utf-8")
    for place, text in texts(default_course()):
        first_line = msgid(text).split(" ")[0]
        assert first_line in pot, place
    assert "#. controle_coercitif option domination: feedback" in pot


# --------------------------------------------------------------------------- feedback
_MODULES = default_course().modules


@settings(max_examples=60)
@given(st.data())
def test_property__any_answer_set__feedback_for_every_question(data):
    module = data.draw(st.sampled_from(_MODULES))
    answers = {}
    for q in module.questions:
        choice = data.draw(st.sampled_from([None, "not_an_option", *[o.id for o in q.options]]))
        if choice is not None:
            answers[q.id] = choice
    results = check_answers(module, answers)
    assert [r.question for r in results] == [q.id for q in module.questions]
    for q, r in zip(module.questions, results, strict=True):
        option = q.option(answers.get(q.id))
        if option is None:
            assert r.chosen is None and not r.correct
        else:
            assert r.text == option.feedback and r.text.strip() and r.correct == option.correct


# --------------------------------------------------------------------------- calibration
_LOW = get_case("first_contact_low")
_Q = loaded_for(_LOW, default_registry()).questionnaire
_CRITICAL = [i.id for i in _Q.items if i.tier == "critical"]


@settings(max_examples=60)
@given(st.dictionaries(st.sampled_from(list(_Q.item_ids)), st.sampled_from(list(Answer))),
       st.sampled_from(_CRITICAL))
def test_property__critical_factor_unknown__never_praised_at_low(answers, critical):
    answers = {**answers, critical: Answer.unknown}
    verdict, *_ = calibration(_LOW.id, Level.low, answers)
    assert verdict != "right"


def test_calibration__silent_dont_know_counts_as_right():
    case = get_case("stalking_after_separation")
    silent = sorted(case.silent())
    assert silent
    answers = {**case.answers, silent[0]: Answer.unknown}
    _verdict, differ, unsaid, *_ = calibration(case.id, case.level, answers)
    assert silent[0] in unsaid and silent[0] not in differ


def test_calibration__under_triage_named():
    case = get_case("strangulation")
    verdict, *_ = calibration(case.id, Level.low, dict(case.answers))
    assert verdict == "under"


# --------------------------------------------------------------------------- progress files
def _progress(loaded, done: dict[str, dict]) -> ProgressDoc:
    return ProgressDoc(kind="course-progress", course=loaded.course.id, version=loaded.course.version,
                       sha256=loaded.sha256, modules={k: ModuleProgress(**v) for k, v in done.items()})


def test_progress__round_trip():
    loaded = default_course()
    m = loaded.module("demander_sans_danger")
    doc = _progress(loaded, {m.id: {"answers": {q.id: q.options[0].id for q in m.questions}, "checked": True}})
    assert parse_progress(dump_progress(doc).encode("utf-8"), loaded) == doc


@pytest.mark.parametrize("raw, code", [
    (json.dumps({"questionnaire": "danger-screen", "answers": {}, "mode": "real"}), "C755"),
    ("not json", "C754"),
    (json.dumps({"kind": "course-progress"}), "C754"),
    (json.dumps([1, 2]), "C754"),
])
def test_course_resume__refuses_what_is_not_a_progress_file(raw, code):
    with pytest.raises(DataError) as caught:
        parse_progress(raw, default_course())
    assert caught.value.code == code
    assert caught.value.for_user()


def test_course_resume__other_version_refused_C756():
    loaded = default_course()
    doc = _progress(loaded, {}).model_copy(update={"sha256": "1" * 64, "version": "0.9.0"})
    with pytest.raises(DataError) as caught:
        parse_progress(dump_progress(doc), loaded)
    assert caught.value.code == "C756"


def test_course_resume__unknown_option_refused():
    loaded = default_course()
    doc = _progress(loaded, {"demander_sans_danger": {"answers": {"quand": "zzz"}, "checked": True}})
    with pytest.raises(DataError) as caught:
        parse_progress(dump_progress(doc), loaded)
    assert caught.value.code == "C754"


# --------------------------------------------------------------------------- certificate
def _certificate(locale: str, name: str) -> str:
    from assessment.certificate import build_certificate

    loaded = default_course()
    m = loaded.module("facteurs_de_risque")
    case = get_case(m.case)
    doc = _progress(loaded, {m.id: {"answers": {q.id: next(o.id for o in q.options if o.correct) for q in m.questions},
                                    "checked": True, "case_level": case.level.value,
                                    "case_answers": {k: v.value for k, v in case.answers.items()}, "case_done": True}})
    pdf = build_certificate(loaded, record(loaded, doc), name, locale,
                            when=datetime(2026, 12, 2, tzinfo=UTC))
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_certificate__french__name_date_version_hash_module_score():
    text = _certificate("fr", "Marie <b>Dupont")
    loaded = default_course()
    assert "Marie <b>Dupont" in text
    assert "2 décembre 2026" in text and loaded.course.version in text and loaded.short_hash in text
    assert "Les facteurs de risque" in text and "3 sur 3" in text and "niveau juste" in text


def test_certificate__arabic__right_to_left_and_translated():
    import arabic_reshaper

    text = _certificate("ar", "مريم")
    assert default_course().short_hash in text
    # reshaped Arabic extracts as presentation forms, in visual order
    title = arabic_reshaper.reshape("شهادة إتمام")
    assert title[::-1] in text or title in text
    assert "Certificat" not in text
