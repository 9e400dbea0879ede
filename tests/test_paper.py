"""The paper twin: the blank form and its scoring key, read back from the PDF;
the key scores every training case by hand to the engine's level; the CLI; the app's download."""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from assessment import referrals
from assessment.i18n import translator
from assessment.loader import DEFAULT_QUESTIONNAIRE, ROOT, default_registry
from assessment.model import LEVEL_ORDER, Answer, AssessmentDoc, Judgement, Level
from assessment.paper import ScoringKey, build_paper, paper_loaded, scoring_key
from assessment.report import FINGERPRINT_LEN
from assessment.scoring import score
from assessment.training import cases, loaded_for
from assessment.wording import answer_label, help_text, level_name, points

LOCALES = ("fr", "nl", "de", "en", pytest.param("ar", marks=pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed")))
REG = default_registry()
RELEASED = [REG.get(DEFAULT_QUESTIONNAIRE, v) for v in REG.versions(DEFAULT_QUESTIONNAIRE)]
_CACHE: dict[tuple, bytes] = {}


def paper(loaded=None, locale="fr", region=None) -> bytes:
    loaded = loaded or paper_loaded()
    key = (loaded.key, locale, region)
    if key not in _CACHE:
        _CACHE[key] = build_paper(loaded, locale, region=region)
    return _CACHE[key]


def pages(pdf: bytes, rtl: bool = False) -> list[str]:
    """Text per page: pypdf; right to left, poppler's pdftotext, which gives the lines in logical
    order (pypdf moves a right-to-left line's final punctuation and left-to-right runs)."""
    if not rtl:
        return [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    text = "".join(ch for ch in out.decode("utf-8") if unicodedata.category(ch) != "Cf")  # bidi marks
    return text.split("\f")[:-1]


def squash(text: str) -> str:
    """Whitespace and combining marks removed, NFKC (Arabic presentation forms -> letters): robust
    to wrapping, and to the vowel marks the sheet's Arabic shaping leaves out (as on the sheet)."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", "".join(ch for ch in text if unicodedata.category(ch) != "Mn"))


def plain(text: str) -> str:
    """squash() without brackets: text extraction may give a right-to-left line's brackets in
    their drawn (mirrored) form; their order on the page is checked on the rendered PNGs and by
    tests/test_report.py (the same _visual)."""
    return re.sub(r"[()\[\]{}]", "", squash(text))


def has(text: str, expected: str) -> bool:
    """`expected` is in the extracted text. Left to right: the whole string (whitespace aside).
    Right to left, text extraction places numbers, guillemets and final punctuation of a mixed
    line unreliably (pypdf and pdftotext differ): the Arabic letters in their order, and each
    number of `expected` present. The order on the page itself is checked on the rendered PNGs
    and by tests/test_report.py (the same helpers)."""
    if not any(unicodedata.bidirectional(ch) in ("AL", "R") for ch in expected):
        return plain(expected) in plain(text)
    return letters(expected) in letters(text) and all(n in text for n in re.findall(r"\d+", expected))


def letters(text: str) -> str:
    return "".join(ch for ch in squash(text) if unicodedata.bidirectional(ch) in ("AL", "R"))


def forms(expected: str) -> set[str]:
    """A label as drawn on the canvas (boxes, header, footer), for counting: logical order, or
    letters only right to left."""
    return {plain(expected)} if not letters(expected) else {letters(expected)}


def key_page(pdf: bytes, locale: str) -> tuple[int, str]:
    t = translator(locale, domain="report")
    heading = t("Clé de calcul — {qid} version {version}").format(qid="danger-screen", version="")
    found = [(n, text) for n, text in enumerate(pages(pdf, t.rtl)) if has(text, heading)]
    assert len(found) == 1, "the key has one heading, on one page"
    return found[0]


# --------------------------------------------------------------------------- the form, read back
@pytest.mark.parametrize("loaded", RELEASED, ids=lambda v: v.questionnaire.version)
@pytest.mark.parametrize("locale", LOCALES)
def test_form__every_question_its_why_and_three_boxes_labels_appear(loaded, locale):
    t = translator(locale, domain="report")
    pdf = paper(loaded, locale)
    region = referrals.default_region(locale)
    text = "".join(pages(pdf, t.rtl))
    key = scoring_key(loaded)
    for item in key.items:
        assert has(text, t(item.text)), item.id
        assert has(text, help_text(loaded, item.id, t, region)), item.id
    words = letters(text) if t.rtl else plain(text)
    for label in ("yes", "no", "unknown"):  # one set of boxes per question and per check
        assert max(words.count(f) for f in forms(answer_label(label, t))) >= len(key.items) + 2


@pytest.mark.parametrize("loaded", RELEASED, ids=lambda v: v.questionnaire.version)
@pytest.mark.parametrize("locale", LOCALES)
def test_key__every_weight_threshold_floor_combination_and_unknown_rule_appears_on_one_page(loaded, locale):
    t = translator(locale, domain="report")
    pdf = paper(loaded, locale)
    number, text = key_page(pdf, locale)
    key = scoring_key(loaded)
    for item in key.items:  # a row: number, question, points, floor
        floor = level_name(item.floor, t) if item.floor else ""
        if t.rtl:  # mirrored row: each cell on its own
            assert has(text, t(item.text)) and has(text, floor), item.id
        else:
            assert has(text, f"{item.number}{t(item.text)}{item.points}{floor}"), item.id
    for _level, threshold in key.thresholds:
        assert has(text, points(threshold, t))
    for level in LEVEL_ORDER:
        assert has(text, level_name(level, t))
    numbers = lambda ns: t("n° {numbers}").format(numbers=t.join(str(n) for n in ns))  # noqa: E731
    for level, floor_items in key.floors:  # the floor rule itself, not only its column
        assert has(text, t("2. Planchers : un « Oui » à l'une des questions {numbers} donne au moins « {level} », "
                           "quel que soit le score.").format(numbers=numbers(floor_items), level=level_name(level, t)))
    for combo in key.combinations:
        assert has(text, t(combo.explanation)), combo.id
        for cond in combo.conditions:
            assert has(text, numbers(cond.numbers)), combo.id
    assert has(text, numbers(key.critical))
    assert str(key.unknown_limit) in text and str(key.counted) in text
    assert has(text, t("Jugement professionnel : vous pouvez relever le niveau, jamais l'abaisser, "
                       "en notant le motif."))
    assert has(text, t("Niveau maximal")), "the key ends on the page it starts on"
    after = "".join(pages(pdf, t.rtl)[number:number + 2])
    assert has(after, t("Qui appeler — {region}").format(region=t(referrals.get_region(
        referrals.default_region(locale)).name))), "who to call follows the key"


@pytest.mark.parametrize("locale", LOCALES)
def test_every_page_has_the_version_its_fingerprint_and_page_x_of_y(locale):
    loaded = paper_loaded()
    t = translator(locale, domain="report")
    all_pages = pages(paper(loaded, locale), t.rtl)
    assert len(all_pages) >= 3
    short = loaded.sha256[:FINGERPRINT_LEN]
    for n, page in enumerate(all_pages, start=1):
        assert short in page and loaded.questionnaire.version in page, n
        assert has(page, t("page {page} sur {total}").format(page=n, total=len(all_pages))), n


@pytest.mark.parametrize("locale", LOCALES)
def test_before_checks_consent_and_referral_fields_appear(locale):
    t = translator(locale, domain="report")
    text = "".join(pages(paper(locale=locale), t.rtl))
    for label in ("Peut-elle parler sans danger maintenant ?", "Est-elle seule, sans personne qui puisse entendre ?",
                  "De combien de temps dispose-t-elle ?", "Moyen sûr de la recontacter", "Ce qu'il faut éviter",
                  "Oui, elle accepte", "Non, elle refuse", "Pas encore demandé", "Code du dossier",
                  "Son nom (facultatif, seulement avec son accord)", "Résumé de la situation",
                  "Enfants ou autres personnes en danger", "Ce qui a déjà été fait",
                  "Note sur cette partie (facultatif)"):
        assert has(text, t(label)), label


@pytest.mark.parametrize("region", ["be-wal", "tn", "qc"])
def test_who_to_call__every_service_of_the_region_with_its_phone_and_the_region_help_texts(region):
    loaded = paper_loaded()
    t = translator("fr", domain="report")
    pdf = paper(loaded, "fr", region)
    last = squash(pages(pdf)[-1])
    reg = referrals.get_region(region)
    assert squash(t(reg.name)) in last
    for service in reg.services:
        assert squash(t(service.name)) in last, service.id
        if service.phone:
            assert squash(service.phone) in last, service.id
    text = squash("".join(pages(pdf)))
    for item in loaded.questionnaire.items:  # the country's "why we ask"
        assert squash(help_text(loaded, item.id, t, region)) in text


def test_same_input_same_bytes_and_no_answer_inside():
    loaded = paper_loaded()
    assert build_paper(loaded, "fr") == build_paper(loaded, "fr")
    assert build_paper(loaded, "fr", region="tn") != build_paper(loaded, "fr")


def test_a_draft_is_refused_with_P700(tmp_path):
    """A draft of its own (the bundled data may have none): copied from the latest release."""
    from assessment.errors import DataError
    from assessment.loader import Registry

    latest = REG.get(DEFAULT_QUESTIONNAIRE)
    folder = tmp_path / DEFAULT_QUESTIONNAIRE
    folder.mkdir()
    source = next((REG.root / DEFAULT_QUESTIONNAIRE).glob(f"{latest.questionnaire.version}.yaml"))
    text = source.read_text("utf-8").replace(f'version: "{latest.questionnaire.version}"', 'version: "9.9.9"')
    (folder / "9.9.9.yaml").write_text(text.replace("status: released", "status: draft"), "utf-8")
    reg = Registry.scan(tmp_path)
    assert reg.get(DEFAULT_QUESTIONNAIRE, "9.9.9", drafts=True).questionnaire.status == "draft"
    with pytest.raises(DataError) as exc:
        paper_loaded("9.9.9", registry=reg)
    assert exc.value.code == "P700" and "9.9.9" in exc.value.render()


# --------------------------------------------------------------------------- hand scoring from the key
def hand_score(key: ScoringKey, answers: dict[str, Answer], judgement: Level | None = None):
    """What a professional does with the printed key, from the key's data only (never the engine):
    rules 1-3 on the "yes" answers, judgement up only, unknowns as yes for the maximum, and the
    insufficient-information line."""
    def level_of(yes: set[int]) -> Level:
        total = sum(key.item(n).points for n in yes)
        level = Level.low
        for lv, threshold in key.thresholds:
            if total >= threshold:
                level = max(level, lv)
        for lv, numbers in key.floors:
            if yes & set(numbers):
                level = max(level, lv)
        for combo in key.combinations:
            if all(len(yes & set(c.numbers)) >= c.at_least for c in combo.conditions):
                level = max(level, combo.level)
        return level

    by_number = {i.number: answers.get(i.id, Answer.unknown) for i in key.items}
    yes = {n for n, a in by_number.items() if a is Answer.yes}
    unknown = {n for n, a in by_number.items() if a is Answer.unknown}
    computed = level_of(yes)
    level = max(computed, judgement) if judgement else computed
    maximum = max(level_of(yes | unknown), level)
    counted_unknown = [n for n in unknown if key.item(n).counts]
    insufficient = bool(unknown & set(key.critical)) or len(counted_unknown) >= key.unknown_limit
    return level, computed, maximum, insufficient


def engine(loaded, answers, judgement=None):
    doc = AssessmentDoc(questionnaire=loaded.questionnaire.id, version=loaded.questionnaire.version,
                        answers=answers, judgement=judgement)
    r = score(loaded, doc)
    return r.level, r.computed_level, r.level_max, r.insufficient_information


@pytest.mark.parametrize("case", cases(), ids=lambda c: c.id)
def test_hand_scoring_the_key_on_each_training_case_gives_the_engine_level(case):
    loaded = loaded_for(case)
    key = scoring_key(loaded)
    judgement = case.judgement.level if case.judgement else None
    by_hand = hand_score(key, case.answers, judgement)
    assert by_hand == engine(loaded, case.answers, case.doc().judgement), "the key is incomplete"
    assert by_hand[0] is case.level
    if case.new_fact:
        after = case.answers_after_new_fact()
        assert hand_score(key, after)[0] is case.new_fact.level
        assert hand_score(key, after) == engine(loaded, after)


ALL_VERSIONS = [REG.get(DEFAULT_QUESTIONNAIRE, v, drafts=True) for v in REG.versions(DEFAULT_QUESTIONNAIRE, drafts=True)]


@given(data=st.data())
def test_hand_scoring_the_key_equals_the_engine_on_any_answers(data):
    loaded = data.draw(st.sampled_from(ALL_VERSIONS))
    answers = {i.id: data.draw(st.sampled_from(list(Answer))) for i in loaded.questionnaire.items}
    raised = data.draw(st.sampled_from([None, *LEVEL_ORDER]))
    key = scoring_key(loaded)
    computed = hand_score(key, answers)[1]
    judgement = Judgement(level=raised, rationale="motif") if raised and raised >= computed else None
    assert hand_score(key, answers, judgement.level if judgement else None) == engine(loaded, answers, judgement)


# --------------------------------------------------------------------------- CLI
def run_cli(*args, cwd: Path):
    return subprocess.run([sys.executable, "-m", "assessment", *args], capture_output=True, cwd=cwd,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


def test_cli_paper__exit_0_and_a_pdf_file(tmp_path):
    out = tmp_path / "form.pdf"
    done = run_cli("paper", "--locale", "nl", "-o", str(out), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    text = squash("".join(pages(out.read_bytes())))
    assert squash(translator("nl", domain="report")(paper_loaded().questionnaire.items[0].text)) in text


@pytest.mark.parametrize("args, needle", [
    (("--version", "9.9.9"), "A303"),
    (("--locale", "xx"), "invalid choice"),
    (("--region", "zz"), "R617"),
    *[(("--version", v), "P700") for v in REG.versions(DEFAULT_QUESTIONNAIRE, drafts=True)
      if REG.get(DEFAULT_QUESTIONNAIRE, v, drafts=True).questionnaire.status == "draft"][:1],
])
def test_cli_paper__bad_version_locale_or_region_exit_2_with_a_plain_message(tmp_path, args, needle):
    done = run_cli("paper", *args, "-o", "form.pdf", cwd=tmp_path)
    assert done.returncode == 2
    err = done.stderr.decode()
    assert needle in err and "Traceback" not in err
    assert not (tmp_path / "form.pdf").exists()


# --------------------------------------------------------------------------- the app
def test_app__start_page_prepares_the_paper_form_and_offers_its_download(monkeypatch):
    """The download by key, and the bytes it serves are a PDF of the form (read from AppTest's
    in-memory media storage: AppTest itself does not expose download bytes)."""
    import streamlit.testing.v1.app_test as app_test
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    from tests.test_ui_flow import click, open_app

    stores: list[MemoryMediaFileStorage] = []

    class Recording(MemoryMediaFileStorage):
        def __init__(self, *a, **k):
            super().__init__(*a, **k)
            stores.append(self)

    monkeypatch.setattr(app_test, "MemoryMediaFileStorage", Recording)
    at = open_app(lang="de")
    assert not [b for b in at.get("download_button") if b.key == "paper_download"]
    click(at, "paper_prepare")
    buttons = [b for b in at.get("download_button") if b.key == "paper_download"]
    assert len(buttons) == 1
    url = buttons[0].proto.url
    pdf = stores[-1].get_file(url.rsplit("/", 1)[-1]).content
    assert pdf.startswith(b"%PDF")
    text = squash("".join(pages(pdf)))
    t = translator("de", domain="report")
    assert squash(t("Formulaire papier — {tool}").format(tool=t("Repérage du danger"))) in text
    # off the main path: still the start page, and no answer or field was created
    assert "stage" not in at.session_state or at.session_state["stage"] == "start"
    assert at.button(key="start") is not None
    assert not [k for k in at.session_state if k.startswith(("ans_", "note_", "pro_"))]


def test_building_the_form_imports_neither_pyplot_nor_streamlit_and_writes_no_file(tmp_path):
    code = ("import sys, os\n"
            "from assessment.paper import build_paper, paper_loaded\n"
            "before = set(os.listdir('.'))\n"
            "pdf = build_paper(paper_loaded(), 'ar')\n"
            "assert pdf.startswith(b'%PDF') and set(os.listdir('.')) == before\n"
            "print(','.join(m for m in ('matplotlib.pyplot', 'streamlit') if m in sys.modules) or 'none')\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "none"
