"""The sheet code (assessment/sheetcode.py): round trip, every mistake a plain error, on the sheet
as text and as a QR code that decodes back, and the CLI."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment.document import score_document
from assessment.errors import USER_MESSAGES, DataError
from assessment.i18n import translator
from assessment.loader import ROOT, Loaded, default_registry
from assessment.model import Answer, AssessmentDoc, Referral, SafetyCheck
from assessment.sheetcode import ALPHABET, FORMAT, SheetCode, _luhn, decode, encode, normalise

REGISTRY = default_registry()
#: Every bundled version, drafts included (a test never names one: a new version needs no edit).
VERSIONS = [REGISTRY.get(qid, v, drafts=True) for qid in REGISTRY.ids() for v in REGISTRY.versions(qid, drafts=True)]
K_CODES = {f"K73{i}" for i in range(10)}
ANSWERS = st.sampled_from(list(Answer))
LOCALES = ("fr", "nl", "de", "en", "ar")


def ids(loaded: Loaded) -> str:
    return f"{loaded.questionnaire.id}-{loaded.questionnaire.version}"


@st.composite
def documents(draw, loaded: Loaded) -> AssessmentDoc:
    """Any answer set (each question yes / no / unknown or not answered), any checks, any mode."""
    q = loaded.questionnaire
    answers = draw(st.dictionaries(st.sampled_from(q.item_ids), ANSWERS))
    safety = SafetyCheck(safe_to_talk=draw(ANSWERS), alone=draw(ANSWERS))
    return AssessmentDoc(questionnaire=q.id, version=q.version, sha256=loaded.sha256, answers=answers,
                         referral=Referral(safety_check=safety, notes={"x": "note"}, case_code="LL-1"),
                         mode=draw(st.sampled_from(("real", "training"))))


def assert_same_answers(code: SheetCode, doc: AssessmentDoc, loaded: Loaded) -> None:
    assert (code.questionnaire, code.version, code.sha256) == (loaded.questionnaire.id, loaded.questionnaire.version,
                                                               loaded.sha256)
    assert code.answers == doc.answers  # unanswered stays unanswered, unknown stays unknown
    assert (code.safe_to_talk, code.alone) == (doc.referral.safety_check.safe_to_talk, doc.referral.safety_check.alone)
    assert code.mode == doc.mode


# --------------------------------------------------------------------------- round trip
@pytest.mark.parametrize("loaded", VERSIONS, ids=ids)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_round_trip__any_answer_set_of_every_bundled_version(loaded, data):
    doc = data.draw(documents(loaded))
    code = encode(doc, loaded)
    assert_same_answers(decode(code), doc, loaded)
    # as a person may type it: lower case, no dashes, spaces, O for 0 and I / L for 1
    typed = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert decode(typed) == decode(code)
    assert decode(normalise(code)) == decode(code)


@pytest.mark.parametrize("loaded", VERSIONS, ids=ids)
def test_code__grouped_by_4_in_an_unambiguous_alphabet_and_short(loaded):
    q = loaded.questionnaire
    doc = AssessmentDoc(questionnaire=q.id, answers=dict.fromkeys(q.item_ids, "unknown"))
    code = encode(doc, loaded)
    groups = code.split("-")
    assert all(len(g) == 4 for g in groups)
    assert set(code.replace("-", "")) <= set(ALPHABET) and not set("ILOU") & set(code)
    # 2 bits an answer, plus version and checks: about a character for every two questions
    assert len(groups) * 4 <= len(q.item_ids) // 2 + 12


def test_to_doc__holds_the_answers_and_nothing_typed():
    loaded = REGISTRY.get("danger-screen")
    doc = AssessmentDoc.model_validate(json.loads(json.dumps({
        "questionnaire": "danger-screen", "answers": {"strangulation": "yes", "separation": "unknown"},
        "judgement": {"level": "severe", "rationale": "Vu au cabinet."},
        "referral": {"case_code": "LL-2026-0147", "victim_name": "Aline", "safe_contact": "GSM après 18 h",
                     "consent": "given", "notes": {"violences": "Traces au cou."},
                     "safety_check": {"safe_to_talk": "yes", "alone": "no", "time_available": "20 minutes"}}})))
    back = decode(encode(doc, loaded)).to_doc()
    assert back.answers == doc.answers and back.judgement is None
    assert back.referral == Referral(safety_check=SafetyCheck(safe_to_talk="yes", alone="no"))
    assert "Aline" not in back.model_dump_json() and "LL-2026" not in back.model_dump_json()


# --------------------------------------------------------------------------- mistakes
def _reference_codes() -> list[tuple[Loaded, str]]:
    out = []
    for loaded in VERSIONS:
        q = loaded.questionnaire
        cycle = [*list(Answer), None]
        answers = {i: cycle[n % 4] for n, i in enumerate(q.item_ids) if cycle[n % 4] is not None}
        out.append((loaded, encode(AssessmentDoc(questionnaire=q.id, version=q.version, answers=answers), loaded)))
    return out


@pytest.mark.parametrize("loaded, code", _reference_codes(), ids=lambda v: ids(v) if isinstance(v, Loaded) else "")
def test_every_single_character_change_is_caught_as_a_typing_mistake(loaded, code):
    bare = normalise(code)
    for position in range(len(bare)):
        for ch in ALPHABET:
            if ch == bare[position]:
                continue
            changed = bare[:position] + ch + bare[position + 1:]
            with pytest.raises(DataError) as caught:
                decode(changed)
            assert caught.value.code == "K731", (position, ch)


@pytest.mark.parametrize("loaded", VERSIONS, ids=ids)
@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_any_answer_set__one_changed_character_is_caught(loaded, data):
    bare = normalise(encode(data.draw(documents(loaded)), loaded))
    position = data.draw(st.integers(0, len(bare) - 1))
    ch = data.draw(st.sampled_from(ALPHABET.replace(bare[position], "")))
    with pytest.raises(DataError) as caught:
        decode(bare[:position] + ch + bare[position + 1:])
    assert caught.value.code == "K731"


@pytest.mark.parametrize("loaded, code", _reference_codes(), ids=lambda v: ids(v) if isinstance(v, Loaded) else "")
def test_a_character_left_out_doubled_or_swapped__a_plain_error_never_other_answers(loaded, code):
    bare = normalise(code)
    variants = [bare[:i] + bare[i + 1:] for i in range(len(bare))]
    variants += [bare[:i] + bare[i] + bare[i:] for i in range(len(bare))]
    variants += [bare[:i] + bare[i + 1] + bare[i] + bare[i + 2:] for i in range(len(bare) - 1) if bare[i] != bare[i + 1]]
    variants += [bare[:-4], bare + bare[-4:], bare[4:]]  # a whole group left out or repeated
    for variant in variants:
        with pytest.raises(DataError) as caught:
            decode(variant)
        assert caught.value.code in K_CODES


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=60), st.text(alphabet=ALPHABET + "-ilo ", max_size=60),
                 st.text(max_size=2000)))
def test_any_text__decodes_or_gives_one_coded_error_never_a_traceback(text):
    try:
        decode(text)
    except DataError as exc:
        assert exc.code in K_CODES
        assert "\n" not in exc.render()


def _made_up(data: str) -> str:
    """A code with a valid check character around made-up data characters."""
    return data + ALPHABET[_luhn(data)]


def test_unknown_format__plain_error():
    good = normalise(_reference_codes()[0][1])
    with pytest.raises(DataError) as caught:
        decode(_made_up(ALPHABET[FORMAT + 1] + good[1:-1]))
    assert caught.value.code == "K733"


def test_unknown_version__plain_error_naming_it():
    loaded = REGISTRY.get("danger-screen")
    future = Loaded(loaded.questionnaire.model_copy(update={"version": "9.12.0"}), loaded.path, loaded.sha256)
    code = encode(AssessmentDoc(questionnaire="danger-screen", answers={"strangulation": "yes"}), future)
    with pytest.raises(DataError) as caught:
        decode(code)
    assert caught.value.code == "K734" and "9.12.0" in caught.value.render()


def test_code_made_with_another_text_of_the_version__refused_not_read_with_the_wrong_questions():
    loaded = REGISTRY.get("danger-screen")
    tampered = replace(loaded, sha256="0" * 64)  # same version number, another file
    code = encode(AssessmentDoc(questionnaire="danger-screen", answers={"strangulation": "yes"}), tampered)
    with pytest.raises(DataError) as caught:
        decode(code)
    assert caught.value.code == "K735"
    assert loaded.questionnaire.version in caught.value.render()


@pytest.mark.parametrize("code", sorted(K_CODES & set(USER_MESSAGES)))
@pytest.mark.parametrize("locale", LOCALES)
def test_every_sheet_code_error_has_a_plain_sentence_for_the_professional(code, locale):
    t = translator(locale, domain="ui")
    sentence = DataError(code, context={"version": "9.9.9", "char": "!", "length": 3}).for_user(t)
    assert code not in sentence and "{" not in sentence and "9.9.9" not in sentence
    if locale != "fr":
        assert sentence != USER_MESSAGES[code]  # translated


def test_every_sheet_code_error_raised_has_a_user_sentence():
    assert {f"K73{i}" for i in range(8)} <= set(USER_MESSAGES)


# --------------------------------------------------------------------------- on the sheet


def _full_case() -> bytes:
    from tests.test_report import FULL

    return json.dumps(FULL, ensure_ascii=False).encode("utf-8")


def _sheet(locale: str) -> tuple[str, bytes, object]:
    from assessment import referrals
    from assessment.report import build_pdf
    from tests.test_report import WHEN

    doc, loaded, result = score_document(_full_case())
    plan = referrals.plan_for(result, region=doc.referral.region, consent=doc.referral.consent)
    return encode(doc, loaded), build_pdf(doc, loaded, result, locale, plan=plan, generated_at=WHEN), (doc, loaded)


needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
                                   reason="poppler-utils (pdftotext, pdftoppm) not installed")


def _zbar():
    """pyzbar with Debian's libzbar0 (.ci/run installs both); in CI a missing one is a failure."""
    try:
        from pyzbar import pyzbar
    except (ImportError, OSError) as exc:  # OSError: the shared library is missing
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(f"pyzbar / libzbar0 not installed ({exc})")
    return pyzbar


@needs_poppler
@pytest.mark.parametrize("locale", LOCALES)
def test_sheet__code_printed_left_to_right_and_its_qr_decodes_back_to_the_answers(locale, tmp_path):
    pyzbar = _zbar()
    from PIL import Image

    code, pdf, (doc, loaded) = _sheet(locale)
    path = tmp_path / "fiche.pdf"
    path.write_bytes(pdf)
    first_page = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(path), "-"], capture_output=True,
                                text=True, check=True).stdout
    groups = code.split("-")
    lines = ["-".join(groups[i:i + 3]) for i in range(0, len(groups), 3)]
    for line in lines:  # in reading order, in Arabic too (a bidi reordering would reverse it)
        assert line in first_page, (line, locale)
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(path), str(tmp_path / "p")], check=True)
    found = [s.data.decode("ascii") for s in pyzbar.decode(Image.open(next(tmp_path.glob("p*.png"))))
             if s.type == "QRCODE"]
    assert found == [normalise(code)]
    assert_same_answers(decode(found[0]), doc, loaded)


@pytest.mark.parametrize("locale", LOCALES)
def test_sheet__qr_widget_holds_the_bare_code(locale):
    from assessment.report import _ensure_fonts, _sheet_code, _Writer

    _ensure_fonts()
    doc, loaded, _result = score_document(_full_case())
    t = translator(locale, domain="report")
    assert _sheet_code(_Writer(t), t, doc, loaded).qr.value == normalise(encode(doc, loaded))


@needs_poppler
@pytest.mark.parametrize("locale", LOCALES)
def test_sheet__code_sits_beside_the_title_without_touching_it(locale, tmp_path):
    """The code is drawn in the corner the title leaves free: the title of every shipped
    language must leave it free (left of the code, or right of it in Arabic)."""
    import html
    import unicodedata

    from assessment.report import TOOL_NAME
    from tests.test_report import _bbox_words

    t = translator(locale, domain="report")
    title = t("Fiche d'orientation — {tool}").format(tool=t(TOOL_NAME))
    tokens = {unicodedata.normalize("NFKC", w) for w in title.split()}
    code, pdf, _ = _sheet(locale)
    lines = {"-".join(code.split("-")[i:i + 3]) for i in range(0, len(code.split("-")), 3)}
    words = [(html.unescape(w[0]), *w[1:]) for w in _bbox_words(pdf, tmp_path) if w[4] == 1]
    code_words = [w for w in words if w[0] in lines]
    title_words = [w for w in words if (w[0] in tokens or w[0][::-1] in tokens) and 45 < w[2] < 75]
    assert len(code_words) == len(lines) and len(title_words) >= len(tokens) - 1
    block = [w for w in words if 30 < w[2] < 70 and w not in title_words]  # code and its labels
    assert set(code_words) <= set(block)
    if t.rtl:
        assert max(w[3] for w in block) + 2 < min(w[1] for w in title_words)
    else:
        assert max(w[3] for w in title_words) + 2 < min(w[1] for w in block)


# --------------------------------------------------------------------------- command line
def cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assessment", *args], cwd=ROOT, input=stdin,
                          capture_output=True, text=True, timeout=60)


def test_cli_encode_then_decode__version_and_every_answer(tmp_path):
    path = tmp_path / "case.json"
    path.write_bytes(_full_case())
    out = cli("code", "encode", str(path))
    assert out.returncode == 0, out.stderr
    code = out.stdout.strip()
    doc, loaded, _ = score_document(_full_case())
    assert code == encode(doc, loaded)
    out = cli("code", "decode", code.lower(), "--locale", "en")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert f"{loaded.questionnaire.id} {loaded.questionnaire.version}" in lines[0]
    t = translator("en")
    from assessment.wording import answer_label

    for item_id, answer in doc.answers.items():
        assert any(line.strip().startswith(f"{item_id}: {answer_label(answer.value, t)} — ") for line in lines)
    assert "Traceback" not in out.stderr


def test_cli_decode_json__an_assessment_document_that_scores_like_the_sheet():
    doc, loaded, result = score_document(_full_case())
    out = cli("code", "decode", encode(doc, loaded), "--format", "json")
    assert out.returncode == 0, out.stderr
    scored = cli("score", "-", stdin=out.stdout)
    assert scored.returncode == 0, scored.stderr
    # the same answers give the same computed level (the judgement is not in the code)
    assert json.loads(scored.stdout)["computed_level"] == result.computed_level.value


@pytest.mark.parametrize("code, expected", [
    ("", "K730"), ("hello!", "K730"), ("1100-0000", "K732"),
])
def test_cli_decode__bad_code_exits_2_with_one_plain_line(code, expected):
    out = cli("code", "decode", code)
    assert out.returncode == 2
    assert out.stdout == "" and len(out.stderr.strip().splitlines()) == 1
    assert out.stderr.startswith(expected) and "Traceback" not in out.stderr


def test_readme_example_code__decodes_to_the_full_test_case():
    import re

    example = re.search(r"code decode ([0-9A-Z-]{20,})", (ROOT / "README.md").read_text("utf-8")).group(1)
    doc, _loaded, _ = score_document(_full_case())
    assert decode(example).answers == doc.answers


def test_cli_decode__one_mistyped_character_exits_2():
    doc, loaded, _ = score_document(_full_case())
    code = encode(doc, loaded)
    wrong = code[:5] + ("0" if code[5] != "0" else "1") + code[6:]
    out = cli("code", "decode", wrong)
    assert out.returncode == 2 and out.stderr.startswith("K731")
