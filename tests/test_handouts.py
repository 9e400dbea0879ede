"""The trainer's printable handouts, read back from the PDFs: the case
stories without answers, the one-page factor sheet with the region's services, the CLI, the app."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from assessment import referrals
from assessment.handouts import (
    TIER_HEADINGS,
    TRAINING_MARK,
    UnknownCase,
    build_factors,
    build_stories,
    chosen_cases,
    factor_groups,
)
from assessment.i18n import translator
from assessment.model import Level
from assessment.paper import paper_loaded
from assessment.training import cases
from assessment.wording import LEVEL_LABELS, LEVEL_NAMES, level_name
from tests.test_paper import has, letters, pages, plain, run_cli, squash

POPPLER = shutil.which("pdftotext") is not None
LOCALES = ("fr", "nl", "de", "en", pytest.param("ar", marks=pytest.mark.skipif(
    not POPPLER, reason="poppler-utils (pdftotext) not installed")))
LTR = ("fr", "nl", "de", "en")
_CACHE: dict[tuple, bytes] = {}


def stories(locale: str, ids: tuple[str, ...] | None = None) -> bytes:
    key = ("stories", locale, ids)
    if key not in _CACHE:
        _CACHE[key] = build_stories(locale, ids)
    return _CACHE[key]


def factors(locale: str, region: str | None = None) -> bytes:
    key = ("factors", locale, region)
    if key not in _CACHE:
        _CACHE[key] = build_factors(locale, region)
    return _CACHE[key]


def case_texts(case, locale: str) -> list[str]:
    tc = translator(locale, domain="training")
    return [tc(case.title), tc(case.narrative), *(tc(d) for d in case.discussion)]


def giveaways(case, locale: str) -> list[str]:
    """What the stories must never print: the teaching points, the case's judgement, its new
    fact (the trainer reveals them), its one-line summary (it names the level)."""
    tc = translator(locale, domain="training")
    texts = [tc(p) for p in case.teaching_points] + [tc(case.summary)]
    if case.judgement:
        texts.append(tc(case.judgement.rationale))
    if case.new_fact:
        texts.append(tc(case.new_fact.text))
        if case.new_fact.teaching_point:
            texts.append(tc(case.new_fact.teaching_point))
    return texts


def level_phrases(locale: str) -> list[str]:
    """Words that name a level: "Danger modéré"... in every language, the level names too where
    they cannot be everyday words (more than one word: "low at this stage", "sehr hoch"), and in
    French, the source the cases are written in, every level name alone ("modéré", "faible")."""
    t = translator(locale, domain="report")
    phrases = [t(label) for label in LEVEL_LABELS.values()]
    phrases += [t(name) for name in LEVEL_NAMES.values() if len(t(name).split()) > 1]
    if locale == "fr":
        phrases += [t(name).split()[0] for name in LEVEL_NAMES.values()]
    return phrases


def named(phrase: str, text: str) -> bool:
    if any(unicodedata_rtl(ch) for ch in phrase):
        return letters(phrase) in letters(text)
    return re.search(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", text.replace("\n", " "), re.I) is not None


def unicodedata_rtl(ch: str) -> bool:
    import unicodedata

    return unicodedata.bidirectional(ch) in ("AL", "R")


# --------------------------------------------------------------------------- the stories
@pytest.mark.parametrize("locale", LOCALES)
def test_stories__each_case_on_its_own_page_with_its_narrative_and_prompts_and_the_training_mark(locale):
    chosen = chosen_cases()
    text = pages(stories(locale), rtl=locale == "ar")
    assert len(text) == len(chosen)
    t = translator(locale, domain="report")
    for page, case in zip(text, chosen, strict=True):
        for expected in case_texts(case, locale):
            assert has(page, expected), (locale, case.id, expected)
        assert has(page, t(TRAINING_MARK)), (locale, case.id)


@pytest.mark.parametrize("locale", LOCALES)
def test_stories__no_level_no_teaching_point_no_judgement_no_new_fact_no_question_of_the_key(locale):
    text = "\n".join(pages(stories(locale), rtl=locale == "ar"))
    for phrase in level_phrases(locale):
        assert not named(phrase, text), (locale, phrase)
    t = translator(locale, domain="report")
    for case in chosen_cases():
        for secret in giveaways(case, locale):
            assert not has(text, secret), (locale, case.id, secret)
    for item in paper_loaded().questionnaire.items:  # an answer key would print the questions
        assert not has(text, t(item.text)), (locale, item.id)


@pytest.mark.parametrize("locale", LOCALES)
def test_cases__titles_narratives_and_prompts_never_name_a_level(locale):
    """Found while building the handouts: two narratives said "the calculation gives moderate
    danger" and a title said "'low' does not mean 'no danger'": on the handout (and in workshop
    mode on screen) the story told the group the level before they voted."""
    for case in cases():
        for text in case_texts(case, locale):
            for phrase in level_phrases(locale):
                assert not named(phrase, text), (locale, case.id, phrase, text)


@pytest.mark.parametrize("locale", LTR)
def test_stories__print_nothing_but_the_stories_prompts_and_their_frame(locale):
    """Left to right, the whole extracted text minus what may be printed leaves no word at all:
    nothing else (an answer, a point, a level) can hide in it."""
    chosen = chosen_cases()
    t = translator(locale, domain="report")
    tc = translator(locale, domain="training")
    title = t("Cas pour l'atelier, sans les réponses")
    colon = "\u00a0:" if locale == "fr" else ":"
    allowed = [t(TRAINING_MARK), f"{title} — {t('Repérage du danger')}", title,
               t("Situations fictives, pour le travail en groupe. Lisez le cas, discutez les questions et notez "
                 "vos réponses ; la formatrice ou le formateur donne ensuite le niveau et ses raisons."),
               t("Questions pour le groupe"), t("Le niveau que vous attendez, et pourquoi") + colon]
    for n, case in enumerate(chosen, start=1):
        allowed.append(t("Cas {n} sur {total} — {title}").format(n=n, total=len(chosen), title=tc(case.title)))
        allowed.append(tc(case.narrative))
        allowed += [f"{k}. {tc(d)}" for k, d in enumerate(case.discussion, start=1)]
        allowed.append(t("page {page} sur {total}").format(page=n, total=len(chosen)))
    rest = squash("".join(pages(stories(locale))))
    for piece in sorted({squash(a) for a in allowed}, key=len, reverse=True):
        rest = rest.replace(piece, "")
    assert not re.search(r"\w", rest), rest[:300]


def test_stories__chosen_cases_in_the_order_asked_and_an_unknown_case_refused():
    ids = ("strangulation", "coercive_control")
    text = pages(stories("fr", ids))
    assert len(text) == 2
    tc = translator("fr", domain="training")
    for page, case_id in zip(text, ids, strict=True):
        assert has(page, tc(next(c for c in cases() if c.id == case_id).narrative))
    with pytest.raises(UnknownCase):
        build_stories("fr", ["no_such_case"])


def test_stories__default_order_is_by_id_not_by_level():
    assert [c.id for c in chosen_cases()] == sorted(c.id for c in cases())


# --------------------------------------------------------------------------- the factor sheet
REGIONS = [r.id for r in referrals.regions()]


@pytest.mark.parametrize("region", REGIONS)
@pytest.mark.parametrize("locale", LOCALES)
def test_factors__one_page_every_question_by_tier_and_every_service_of_the_region(locale, region):
    pdf = factors(locale, region)
    text = pages(pdf, rtl=locale == "ar")
    assert len(text) == 1, (locale, region, len(text))
    page = text[0]
    t = translator(locale, domain="report")
    loaded = paper_loaded()
    for tier, lines in factor_groups(loaded):
        assert has(page, t(TIER_HEADINGS[tier])), (locale, tier)
        for line in lines:
            assert has(page, t(line.text)), (locale, line.id)
    for service in referrals.get_region(region).services:
        name = t(service.name)
        if locale == "ar" and not letters(name):  # a Latin name in an Arabic line: bidi orders its runs
            assert all(plain(word) in plain(page) for word in name.split()), (locale, region, service.id)
        else:
            assert has(page, name), (locale, region, service.id)
        if service.phone:
            assert service.phone.replace(" ", "") in squash(page), (locale, region, service.id)
    assert has(page, t("Une question sans réponse compte comme « Ne sait pas », jamais comme « Non »."))
    assert has(page, t("Plancher : un « oui » à cette question place à lui seul le niveau au moins à ce niveau, "
                       "quels que soient les points."))


@pytest.mark.parametrize("locale", LTR)
def test_factors__tiers_in_order_floors_marked_verification_date_and_numbers_to_verify(locale):
    page = pages(factors(locale, "tn"))[0]
    t = translator(locale, domain="report")
    heads = [plain(page).index(plain(t(TIER_HEADINGS[tier]))) for tier, _ in factor_groups(paper_loaded())]
    assert heads == sorted(heads)
    assert has(page, t("(plancher : « {level} »)").format(level=level_name(Level.high, t)))
    from babel.dates import format_date
    dates = {s.verified_on for s in referrals.get_region("tn").services}
    for when in dates:
        assert has(page, format_date(when, "long", locale=locale)), when
    region = referrals.get_region("tn")
    assert not all(s.verified for s in region.services)  # the Tunisian directory has numbers to verify
    assert has(page, t(referrals._labels().unverified))
    emergency = next(s for s in region.services if s.emergency)
    other = next(s for s in region.services if not s.emergency)
    assert plain(page).index(plain(t(emergency.name))) < plain(page).index(plain(t(other.name)))


@pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftotext) not installed")
def test_factors__arabic_reads_right_to_left_numbers_on_the_right():
    """pdftotext's word boxes: in Arabic, each question's number sits right of its text."""
    out = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=factors("ar"), capture_output=True,
                         check=True).stdout.decode()
    boxes = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out)
    assert boxes
    numbers = [(float(x0), float(y0)) for x0, y0, x1, y1, w in boxes if w == "24"]
    assert numbers and all(x > 500 for x, _ in numbers)  # A4 is 595 pt wide: the right edge
    arabic = [float(x1) for x0, y0, x1, y1, w in boxes if any(unicodedata_rtl(c) for c in w)]
    assert max(arabic) > 480


# --------------------------------------------------------------------------- command line
def test_cli_handout__stories_and_factors_exit_0_with_a_pdf(tmp_path):
    done = run_cli("handout", "stories", "--locale", "de", "--case", "strangulation", "--case", "forced_suicide",
                   "-o", "s.pdf", cwd=tmp_path)
    assert done.returncode == 0 and done.stderr == b"", done.stderr
    assert len(pages((tmp_path / "s.pdf").read_bytes())) == 2
    done = run_cli("handout", "factors", "--locale", "nl", "--region", "be-vl", "-o", "f.pdf", cwd=tmp_path)
    assert done.returncode == 0 and done.stderr == b"", done.stderr
    assert len(pages((tmp_path / "f.pdf").read_bytes())) == 1


@pytest.mark.parametrize("args, needle", [
    (("stories", "--case", "no_such_case"), "no_such_case"),
    (("factors", "--region", "zz"), "R617"),
    (("factors", "--locale", "xx"), "invalid choice"),
    (("leaflet",), "invalid choice"),
])
def test_cli_handout__bad_case_region_locale_or_kind_exit_2_with_a_plain_message(tmp_path, args, needle):
    done = run_cli("handout", *args, "-o", "h.pdf", cwd=tmp_path)
    assert done.returncode == 2
    err = done.stderr.decode()
    assert needle in err and "Traceback" not in err
    assert not (tmp_path / "h.pdf").exists()


def test_building_the_handouts_imports_no_streamlit_and_writes_no_file(tmp_path):
    import sys

    from assessment.loader import ROOT

    code = ("import sys, os\n"
            "from assessment.handouts import build_factors, build_stories\n"
            "before = set(os.listdir('.'))\n"
            "assert build_stories('ar').startswith(b'%PDF') and build_factors('ar').startswith(b'%PDF')\n"
            "assert set(os.listdir('.')) == before\n"
            "print(','.join(m for m in ('matplotlib.pyplot', 'streamlit') if m in sys.modules) or 'none')\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "none"


# --------------------------------------------------------------------------- the app
def test_app__trainer_prepares_both_handouts_and_downloads_them(monkeypatch):
    """By key: each prepare button, then its download; the bytes served are the handout."""
    import streamlit.testing.v1.app_test as app_test
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    from tests.test_training_ui import APP, AppTest

    stores: list[MemoryMediaFileStorage] = []

    class Recording(MemoryMediaFileStorage):
        def __init__(self, *a, **k):
            super().__init__(*a, **k)
            stores.append(self)

    monkeypatch.setattr(app_test, "MemoryMediaFileStorage", Recording)
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.context = {"locale": "fr-BE"}
    at.run()
    at.radio(key="mode").set_value("training").run()
    at.button(key="start").click().run()
    assert not at.exception

    def download(key: str):
        found = [b for b in at.get("download_button") if b.key == key]
        return found[0] if found else None

    assert download("train_handout_stories") is None and download("train_handout_factors") is None
    at.multiselect(key="train_handout_cases").set_value(["strangulation", "threats_children"]).run()
    at.button(key="train_handout_stories_prepare").click().run()
    assert not at.exception
    button = download("train_handout_stories")
    assert button is not None
    pdf = stores[-1].get_file(button.proto.url.rsplit("/", 1)[-1]).content
    assert len(pages(pdf)) == 2 and "FORMATION" in pages(pdf)[0]
    at.button(key="train_handout_factors_prepare").click().run()
    assert not at.exception
    button = download("train_handout_factors")
    assert button is not None
    pdf = stores[-1].get_file(button.proto.url.rsplit("/", 1)[-1]).content
    assert len(pages(pdf)) == 1
    at.button(key="train_handout_modules_prepare").click().run()
    assert not at.exception
    button = download("train_handout_modules")
    assert button is not None
    pdf = stores[-1].get_file(button.proto.url.rsplit("/", 1)[-1]).content
    assert "Le cours en résumé" in pages(pdf)[0].replace("\u00e9", "é")
    # a new choice of cases asks to prepare again (the file always matches what is on screen)
    at.multiselect(key="train_handout_cases").set_value(["strangulation"]).run()
    assert download("train_handout_stories") is None
    # leaving training erases the handouts with everything else
    at.button(key="train_exit").click().run()
    assert not [k for k in at.session_state if str(k).startswith("train_handout")]


def _word_boxes(pdf: bytes) -> list[tuple[float, float, str]]:
    out = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return [(float(x0), (page, round(float(y0))), w) for page, body in enumerate(out.split("<page ")) for x0, y0, w in
            re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</word>', body)]


@pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftotext) not installed")
@pytest.mark.parametrize("build", ["factors", "paper", "sheet"])
def test_arabic__a_phone_number_in_groups_reads_in_its_own_order(build):
    """Found on the Arabic factor sheet for Belgium (seen on the PNG): "0800 30 030" was drawn
    "030 30 0800" (bidi put the digit groups right to left), on the paper form and the referral
    sheet too (the same services table): a wrong number to dial. Every group of every phone
    number of the region must appear left to right, in its order, on one line."""
    from assessment.paper import build_paper

    if build == "factors":
        pdf = factors("ar", "be-wal")
    elif build == "paper":
        pdf = build_paper(paper_loaded(), "ar", region="be-wal")
    else:  # the referral sheet of a case that lists the suicide line and the sexual-violence centres
        from assessment.report import build_pdf
        from assessment.scoring import score
        from assessment.training import get_case, loaded_for

        case = get_case("forced_suicide")
        loaded = loaded_for(case)
        result = score(loaded, case.doc())
        pdf = build_pdf(case.doc(), loaded, result, "ar", plan=referrals.plan_for(result, "be-wal", "given"))
    boxes = _word_boxes(pdf)
    checked = 0
    for service in referrals.get_region("be-wal").services:
        groups = (service.phone or "").split()
        if len(groups) < 2:
            continue
        lines = {}
        for x, y, word in boxes:
            lines.setdefault(y, []).append((x, word))
        # each line as drawn, left to right: the number's groups in their own order
        drawn = [" ".join(" ".join(w for _x, w in sorted(words)).replace("\u00a0", " ").replace("\u202f", " ").split())
                 for words in lines.values()]
        forward = any(f" {' '.join(groups)} " in f" {line} " for line in drawn)
        backward = any(f" {' '.join(reversed(groups))} " in f" {line} " for line in drawn)
        if build == "sheet" and not forward and not backward:
            continue  # the sheet lists only the services its level and alerts call for
        assert forward and not backward, (service.id, service.phone)
        checked += 1
    assert checked >= (1 if build == "sheet" else 3)


# --------------------------------------------------------------------------- 3. the course in short
@pytest.mark.parametrize("locale", LOCALES)
def test_modules__every_module_with_its_summary_reading_and_sources_and_no_quiz(locale):
    """The course's modules as a take-home handout ("the module summaries")."""
    from assessment.course import default_course
    from assessment.handouts import build_modules

    tc = translator(locale, domain="course")
    loaded = default_course()
    text = "\n".join(pages(build_modules(locale), rtl=locale == "ar"))
    for module in loaded.modules:
        for expected in (tc(module.title), tc(module.summary), *(tc(p) for p in module.reading)):
            assert has(text, expected), (locale, module.id, expected[:40])
        if locale in LTR:
            assert all(squash(src.citation.split()[0]) in squash(text) for src in module.sources)
        for question in module.questions:  # the knowledge checks stay in the app
            assert not has(text, tc(question.text)), question.id


def test_cli_handout_modules__exit_0_and_a_pdf(tmp_path):
    out = tmp_path / "modules.pdf"
    done = run_cli("handout", "modules", "--locale", "de", "-o", str(out), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF")
