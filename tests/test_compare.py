"""Re-assessment: assessment/compare.py, `python -m assessment compare`, the sheet's
section. Answers absent from a file are unknown; versions are compared by item id."""
from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from assessment import compare as C
from assessment.errors import DataError
from assessment.i18n import available, translator
from assessment.loader import Registry, default_registry
from assessment.model import LEVEL_ORDER, Answer, Level
from assessment.wording import level_name

from .helpers import MINI

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = default_registry()
FR = translator("fr")
ANSWERS = [a.value for a in Answer]


def read(raw: dict | str | bytes, registry: Registry = REGISTRY):
    data = raw if isinstance(raw, bytes) else (raw if isinstance(raw, str) else json.dumps(raw)).encode()
    return C.read_previous(data, registry, real_only=False)


def case(answers: dict[str, str], day: str | None = None, version: str = "1.0.0", **extra) -> dict:
    out = {"questionnaire": "danger-screen", "version": version, "answers": answers, **extra}
    if day:
        out["assessed_on"] = day
    return out


# --------------------------------------------------------------------------- changes by item id
def test_changes__each_answer_move_lands_in_its_group_in_questionnaire_order():
    ids = ["a", "b", "c", "d", "e", "f", "g"]
    prev = {"a": Answer.no, "b": Answer.yes, "c": Answer.unknown, "e": Answer.yes, "f": Answer.no, "g": Answer.yes}
    now = {"a": Answer.yes, "b": Answer.no, "c": Answer.yes, "d": Answer.no, "e": Answer.unknown, "g": Answer.yes}
    ch = C.changes(ids, prev, ids, now)
    assert ch.appeared == ("a",) and ch.disappeared == ("b",)
    assert ch.resolved == ("c", "d")  # d: absent before = unknown, never "no"
    assert ch.new_unknown == ("e", "f")  # f: absent now = unknown
    assert ch.unchanged == ("g",) and ch.only_previous == () and ch.only_current == ()


def test_changes__items_of_one_version_only_are_named_not_compared():
    ch = C.changes(["a", "old"], {"old": Answer.yes}, ["a", "new"], {"new": Answer.yes})
    assert ch.only_previous == ("old",) and ch.only_current == ("new",) and ch.unchanged == ("a",)
    assert ch.appeared == () and ch.disappeared == ()


POOL = [f"i{n}" for n in range(12)]
id_lists = st.lists(st.sampled_from(POOL), unique=True, max_size=12)


def answer_sets(ids):
    return st.dictionaries(st.sampled_from(ids), st.sampled_from(list(Answer)), max_size=len(ids)) if ids \
        else st.just({})


@settings(max_examples=400, deadline=None)
@given(data=st.data(), prev_ids=id_lists, cur_ids=id_lists)
def test_changes__partition_every_item_id_of_either_version_exactly_once(data, prev_ids, cur_ids):
    prev = data.draw(answer_sets(prev_ids))
    now = data.draw(answer_sets(cur_ids))
    ch = C.changes(prev_ids, prev, cur_ids, now)
    groups = ch.groups()
    everything = [i for ids in groups.values() for i in ids]
    assert sorted(everything) == sorted(set(prev_ids) | set(cur_ids))  # each id once, none lost
    unk = Answer.unknown
    for i in everything:
        before, after = prev.get(i, unk), now.get(i, unk)
        expected = ("only_previous" if i not in cur_ids else "only_current" if i not in prev_ids
                    else "unchanged" if before == after else "resolved" if before == unk
                    else "new_unknown" if after == unk else "appeared" if after == Answer.yes else "disappeared")
        assert i in groups[expected], (i, before, after, expected)


@settings(max_examples=200, deadline=None)
@given(before=st.sampled_from(LEVEL_ORDER), now=st.sampled_from(LEVEL_ORDER),
       locale=st.sampled_from(available()))
def test_level_change__never_says_it_dropped_when_it_rose_nor_the_reverse(before, now, locale):
    t = translator(locale)
    text = C.level_change(before, now, t)
    rose, fell = t("niveau {before} → {now} (en hausse)"), t("niveau {before} → {now} (en baisse)")
    same = t("niveau inchangé : {level}")
    words = {"rose": rose.split("{now}")[-1], "fell": fell.split("{now}")[-1]}
    assert words["rose"] != words["fell"]
    if now > before:
        assert text == rose.format(before=level_name(before, t), now=level_name(now, t))
        assert words["fell"] not in text
    elif now < before:
        assert text == fell.format(before=level_name(before, t), now=level_name(now, t))
        assert words["rose"] not in text
    else:
        assert text == same.format(level=level_name(now, t))


# --------------------------------------------------------------------------- two real documents
def test_compare__since_3_november_plus_strangulation_level_moderate_to_severe():
    old = read(case({"escalation": "yes", "separation": "unknown", "stalking": "yes"}, "2026-11-03"))
    new = read(case({"escalation": "yes", "separation": "yes", "stalking": "no", "strangulation": "yes",
                     "threat_to_kill": "yes"}, "2026-11-24"))
    c = C.compare(old, new)
    assert (c.previous.level, c.current.level, c.direction, c.days) == (Level.moderate, Level.severe, "up", 21)
    line = squash(C.headline(c, FR))
    assert line.startswith("Depuis l'évaluation du 3 novembre 2026")
    assert "+ strangulation" in line and "+ séparation" in line and "− harcèlement ou surveillance" in line
    assert line.endswith("niveau modéré → grave (en hausse).")
    text = squash(" ".join(C.details(c, FR)))
    assert "Inconnus devenus « oui » : strangulation, menaces de mort, séparation." in text and "21 jours entre les deux évaluations" in text


@pytest.mark.parametrize("locale, date_words", [("de", "3. November 2026"), ("en", "November 3, 2026"),
                                                ("nl", "3 november 2026"), ("ar", "نوفمبر")])
def test_compare__dates_are_written_by_babel_in_her_language(locale, date_words):
    c = C.compare(read(case({}, "2026-11-03")), read(case({"strangulation": "yes"}, "2026-11-24")))
    assert date_words in C.headline(c, translator(locale))


def test_compare__a_file_without_a_date_says_so_and_a_lower_level_is_not_called_safe():
    c = C.compare(read(case({"strangulation": "yes"})), read(case({"strangulation": "no"}, "2026-11-24")))
    assert c.direction == "down" and c.days is None
    assert squash(C.headline(c, FR)).startswith("Depuis l'évaluation précédente (date non indiquée dans le fichier)")
    text = squash(" ".join(C.details(c, FR)))
    assert "ne veut pas dire que le danger a disparu" in text
    assert "Facteurs disparus (oui → non) : strangulation" in text


def test_compare__a_version_1_0_0_file_against_a_later_version_by_item_id(tmp_path):
    """A later version without one item and with a new one: both are named, not compared."""
    root = tmp_path / "questionnaires" / "mini"
    root.mkdir(parents=True)
    shutil.copy(MINI, root / "1.0.0.yaml")
    text = MINI.read_text("utf-8").replace('version: "1.0.0"', 'version: "1.1.0"').replace("status: released", "status: draft")
    text = text.replace("{id: kids, text: Enfants ?", "{id: pets, text: Animaux ?")
    (root / "1.1.0.yaml").write_text(text, "utf-8")
    registry = Registry.scan(tmp_path / "questionnaires")
    old = read({"questionnaire": "mini", "version": "1.0.0", "answers": {"kids": "yes", "sep": "no"}}, registry)
    new = read({"questionnaire": "mini", "version": "1.1.0", "answers": {"pets": "yes", "sep": "yes"}}, registry)
    c = C.compare(old, new)
    assert c.changes.only_previous == ("kids",) and c.changes.only_current == ("pets",)
    assert c.changes.appeared == ("sep",)
    text = squash(" ".join(C.details(c, FR)))
    assert "Seulement dans la version 1.0.0 (précédente) : Enfants." in text
    assert "Seulement dans la version 1.1.0 (actuelle) : Animaux." in text


def test_compare__two_questionnaires_or_swapped_dates_are_refused_with_their_codes(tmp_path):
    from .helpers import fixture_registry

    mini = read({"questionnaire": "mini", "answers": {}}, fixture_registry())
    with pytest.raises(DataError) as exc:
        C.compare(mini, read(case({})))
    assert exc.value.code == "C710"
    with pytest.raises(DataError) as exc:
        C.compare(read(case({}, "2026-11-24")), read(case({}, "2026-11-03")))
    assert exc.value.code == "C711" and "n'ont pas changé" in exc.value.for_user(FR, file=True)


# --------------------------------------------------------------------------- same messages as resume
@pytest.mark.parametrize("raw", [
    b"{not json", b" " * 1_000_001, json.dumps(case({"no_such_item": "yes"})).encode(),
    json.dumps(case({"strangulation": "peut-etre"})).encode(),
    json.dumps(case({"strangulation": "yes"}, judgement={"level": "low", "rationale": "x"})).encode(),
    json.dumps(case({}, mode="training")).encode(),
    json.dumps(case({}, "2026-13-45")).encode(), json.dumps(case({}, assessed_on=[1])).encode(),
    json.dumps(case({}, assessed_on=10 ** 40)).encode(),
])
def test_read_previous__a_file_that_is_not_a_saved_assessment_gets_the_resume_code_and_sentence(raw):
    from .test_ui_upload_fuzz import upload

    state, _before = upload(raw)
    kind, resume_text, resume_code = state["_flash"]
    assert kind == "error"
    with pytest.raises(DataError) as exc:
        C.read_previous(raw, REGISTRY)
    assert exc.value.code == resume_code and exc.value.for_user(FR, file=True) == resume_text


# --------------------------------------------------------------------------- when to re-assess
def test_reassess__a_delay_for_every_level_never_longer_for_a_higher_one():
    policy = C.load_reassess()
    delays = [policy.levels[level] for level in LEVEL_ORDER]
    assert set(policy.levels) == set(Level) and all(d >= 1 for d in delays)
    assert delays == sorted(delays, reverse=True) and policy.sources


@pytest.mark.parametrize("change, detail", [("  severe: 2", "  severe: 30"), ("  low: 28\n", "")])
def test_reassess__a_higher_level_waiting_longer_or_a_missing_level_is_refused(tmp_path, change, detail):
    text = C.REASSESS_PATH.read_text("utf-8")
    assert change in text
    path = tmp_path / "reassess.yaml"
    path.write_text(text.replace(change, detail), "utf-8")
    with pytest.raises(DataError) as exc:
        C.load_reassess(path)
    assert exc.value.code == "Q105"


@pytest.mark.parametrize("level", list(Level))
def test_recommendation__after_any_incident_and_a_dated_deadline_per_level(level):
    day = dt.date(2026, 11, 24)
    days = C.reassess().levels[level]
    lines = C.recommendation(level, day, FR)
    assert "nouvel incident" in lines[0] and "recommandation" in lines[2]
    assert C.format_date(day + dt.timedelta(days=days), FR) in lines[1]
    assert C.format_date(day + dt.timedelta(days=days), FR) in C.recommendation_line(level, day, FR)


# --------------------------------------------------------------------------- CLI
def cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assessment", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120)


def test_cli_compare__exit_0_with_the_plain_text_comparison(tmp_path):
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(json.dumps(case({"escalation": "yes"}, "2026-11-03")), "utf-8")
    new.write_text(json.dumps(case({"escalation": "yes", "strangulation": "yes"}, "2026-11-24", version="1.1.0")), "utf-8")
    out = cli("compare", str(old), str(new))
    assert out.returncode == 0, out.stderr
    first = squash(out.stdout.splitlines()[0])
    assert first == "Depuis l'évaluation du 3 novembre 2026 : + strangulation ; niveau modéré → élevé (en hausse)."
    assert "Quand refaire l'évaluation :" in squash(out.stdout) and "au plus tard le 1 décembre 2026" in squash(out.stdout)
    en = cli("compare", str(old), str(new), "--locale", "en")
    assert en.stdout.startswith("Since the assessment of November 3, 2026: + strangulation; level moderate → high")


@pytest.mark.parametrize("content, code", [("{", "A301"), ('{"questionnaire": "danger-screen", "answers": {"x": "yes"}}', "A304")])
def test_cli_compare__exit_2_with_one_plain_line_for_a_bad_file(tmp_path, content, code):
    bad, good = tmp_path / "bad.json", tmp_path / "good.json"
    bad.write_text(content, "utf-8")
    good.write_text(json.dumps(case({})), "utf-8")
    out = cli("compare", str(bad), str(good))
    assert out.returncode == 2 and out.stdout == ""
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(str(bad)) and code in lines[0] and "Traceback" not in out.stderr


def test_cli_compare__files_given_newest_first_exit_2_with_c711(tmp_path):
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(json.dumps(case({}, "2026-11-03")), "utf-8")
    new.write_text(json.dumps(case({}, "2026-11-24")), "utf-8")
    out = cli("compare", str(new), str(old))
    assert out.returncode == 2 and "C711" in out.stderr and len(out.stderr.strip().splitlines()) == 1


# --------------------------------------------------------------------------- the sheet
def sheet(locale: str, comparison: bool = True) -> bytes:
    from assessment.report import build_pdf

    old = read(case({"escalation": "yes", "separation": "unknown"}, "2026-11-03"))
    new = read(case({"escalation": "yes", "separation": "yes", "strangulation": "yes"}, "2026-11-24"))
    c = C.compare(old, new) if comparison else None
    return build_pdf(*new, locale, comparison=c, generated_at=dt.datetime(2026, 11, 24, 10, 0))


def pdftotext(pdf: bytes) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def squash(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def test_sheet__has_the_reassessment_section_read_back_with_pypdf_and_pdftotext():
    pdf = sheet("fr")
    text = squash("".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    assert "Réévaluation" in text
    assert squash("Depuis l'évaluation du 3 novembre 2026 : + strangulation, + séparation ; niveau modéré → grave") in text
    assert squash("Recommandation : refaire l'évaluation après tout nouvel incident, et sinon au plus tard le "
                  "26 novembre 2026 (dans 2 jours).") in text
    assert "3 novembre 2026" in squash(pdftotext(pdf))


def test_sheet__without_a_previous_assessment_still_says_when_to_reassess():
    text = squash("".join(p.extract_text() for p in PdfReader(io.BytesIO(sheet("fr", False))).pages))
    assert "Réévaluation" not in text and squash("au plus tard le 26 novembre 2026") in text


def test_sheet__arabic_section_renders(tmp_path):
    """The Arabic sheet: rendered to PNG with pdftoppm for a look (test-artifacts/compare/)."""
    pdf = sheet("ar")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "2026" in text and "+" in text
    if shutil.which("pdftoppm"):
        out = ROOT / "test-artifacts" / "compare"
        out.mkdir(parents=True, exist_ok=True)
        (out / "sheet-ar.pdf").write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", "110", str(out / "sheet-ar.pdf"), str(out / "sheet-ar")], check=True)
        assert list(out.glob("sheet-ar*.png"))
