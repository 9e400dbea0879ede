"""The referral sheet (assessment/report.py): read back with pypdf, never raises, deterministic.

PDFs are built in memory; the only files written are in pytest's tmp_path.
"""
from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
import unicodedata
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError

from assessment.document import score_document
from assessment.i18n import translator
from assessment.loader import ROOT
from assessment.report import build_pdf, clean
from assessment.wording import answer_label, item_text, level_label

WHEN = datetime(2026, 11, 25, 14, 30, tzinfo=timezone(timedelta(hours=1)))
LOCALES = ("fr", "nl", "de", "en", "ar")

#: A full French assessment: every item answered (some unknown), every referral field filled.
FULL = {
    "questionnaire": "danger-screen", "version": "1.0.0",
    "answers": {
        "strangulation": "yes", "weapon_threat": "no", "threat_to_kill": "unknown", "escalation": "yes",
        "sexual_violence": "no", "injury": "yes", "violence_pregnancy": "no", "coercive_control": "yes",
        "jealousy": "yes", "stalking": "unknown", "isolation": "yes", "order_breach": "no",
        "separation": "yes", "threats_children": "no", "child_not_his": "no", "pregnancy_newborn": "no",
        "children_present": "yes", "firearm_access": "unknown", "perpetrator_suicidal": "no",
        "substance_abuse": "yes", "unemployment": "no", "prior_violence": "unknown", "animal_abuse": "no",
        "victim_fears_death": "yes", "victim_suicidal": "yes", "victim_dependent": "yes"},
    "judgement": {"level": "severe",
                  "rationale": "Il l'attend devant l'école tous les jours depuis la séparation."},
    "referral": {
        "case_code": "LL-2026-0147", "consent": "given",
        "consent_to": "Service d'aide aux victimes de La Louvière",
        "safe_contact": "GSM personnel, en semaine après 18 h ; SMS d'abord",
        "avoid": "Pas de message vocal, pas de courrier au domicile", "region": "be-wal",
        "professional": {"name": "Dr Claire Dumont", "role": "Médecin généraliste",
                         "service": "Maison médicale du Centre", "phone": "064 00 00 00"},
        "safety_check": {"safe_to_talk": "yes", "alone": "yes", "time_available": "20 minutes"},
        "situation": "Séparée depuis trois semaines, hébergée chez sa sœur. Deux enfants (4 et 7 ans).",
        "children": "Deux enfants de 4 et 7 ans, présents lors de la dernière agression.",
        "actions_taken": "Certificat médical établi ; numéro 0800 30 030 donné.",
        "open_concern": "Elle craint qu'il récupère les enfants à la sortie de l'école.",
        "notes": {"violences": "Traces au cou constatées le 24/11.", "controle": "Il a son code de téléphone."}},
    "mode": "real",
}


def case(**changes):
    data = json.loads(json.dumps(FULL))
    for key, value in changes.items():
        target = data
        *path, last = key.split("__")
        for part in path:
            target = target[part]
        target[last] = value
    return score_document(json.dumps(data))


def build(doc_loaded_result=None, locale="fr", **kwargs) -> bytes:
    doc, loaded, result = doc_loaded_result or case()
    kwargs.setdefault("generated_at", WHEN)
    return build_pdf(doc, loaded, result, locale, **kwargs)


def text_of(pdf: bytes, password: str | None = None) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    if password:
        reader.decrypt(password)
    return "\n".join(page.extract_text() for page in reader.pages)


def squash(text: str) -> str:
    """Whitespace removed and NFKC (Arabic presentation forms -> letters): robust to wrapping."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def plan_of(triple, locale="fr"):
    from assessment import referrals

    doc, _loaded, result = triple
    region = doc.referral.region or referrals.default_region(locale)
    return referrals.plan_for(result, region=region, consent=doc.referral.consent)


@pytest.fixture(scope="module")
def full_fr():
    triple = case()
    return triple, build(triple, plan=plan_of(triple))


# --------------------------------------------------------------------------- content
def test_full_sheet__every_answer_appears_next_to_its_question(full_fr):
    (_doc, loaded, result), pdf = full_fr
    t = translator("fr")
    text = squash(text_of(pdf))
    assert len(result.answers) == len(loaded.questionnaire.items)
    for item in loaded.questionnaire.items:
        expected = squash(item_text(loaded, item.id, t) + answer_label(result.answers[item.id].value, t))
        assert expected in text, item.id


def test_full_sheet__level_version_hash_consent_reason_and_context_appear(full_fr):
    (_doc, _loaded, result), pdf = full_fr
    t = translator("fr")
    text = squash(text_of(pdf))
    for needle in (level_label(result.level, t), "danger-screen", "1.0.0", result.questionnaire.sha256[:12],
                   "donné", FULL["referral"]["consent_to"], FULL["judgement"]["rationale"],
                   FULL["referral"]["safe_contact"], FULL["referral"]["avoid"], "Dr Claire Dumont",
                   "064 00 00 00", FULL["referral"]["open_concern"], FULL["referral"]["notes"]["controle"],
                   "25 novembre 2026", "CONFIDENTIEL", "ne garde aucune copie",
                   "expertise médico-légale", "Risque suicidaire"):
        assert squash(needle) in text, needle


def test_full_sheet__unknowns_are_visible_and_uncertainty_is_said(full_fr):
    (_doc, _loaded, result), pdf = full_fr
    text = squash(text_of(pdf))
    unknown = [i for i, a in result.answers.items() if a.value == "unknown"]
    assert len(unknown) == 4
    assert text.count(squash("Ne sait pas")) >= len(unknown)
    assert result.insufficient_information
    assert squash("Information insuffisante") in text


def test_full_french_assessment_fits_in_two_a4_pages(full_fr):
    _, pdf = full_fr
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) <= 2
    for page in reader.pages:
        assert [round(float(v)) for v in page.mediabox[2:]] == [595, 842]


@pytest.mark.parametrize("locale", ["nl", "de", "en", "ar"])
def test_full_assessment_fits_in_two_pages_in_every_language(locale):
    """German runs about 10 % longer than French; the sheet still holds on two pages."""
    assert len(PdfReader(io.BytesIO(build(locale=locale))).pages) <= 2


def test_every_page_says_confidential_and_page_x_of_y():
    long_notes = " ".join(["Une note longue pour remplir plusieurs pages."] * 200)
    pdf = build(case(referral__situation=long_notes))
    reader = PdfReader(io.BytesIO(pdf))
    total = len(reader.pages)
    assert total >= 3
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert "CONFIDENTIEL" in text
        assert f"page {number} sur {total}" in text


def test_training_mode__watermark_on_every_page_and_not_in_real_mode():
    pdf = build(case(mode="training", referral__situation="x " * 3000))
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 2
    assert all("FORMATION" in page.extract_text() for page in reader.pages)
    assert "FORMATION" not in text_of(build())


def test_plan__actions_in_order_and_services_with_phone_numbers(full_fr):
    triple, pdf = full_fr
    plan = plan_of(triple)
    t = translator("fr")
    text = squash(text_of(pdf))
    assert plan.actions and plan.services
    positions = [text.index(squash(a.render(t))) for a in plan.actions]
    assert positions == sorted(positions)
    for service in plan.services:
        assert squash(t(service.name)) in text
        if service.phone:
            assert squash(service.phone) in text


def test_judgement_raise__computed_and_final_level_both_shown():
    doc, loaded, result = case(answers={"isolation": "yes"},
                               judgement={"level": "high", "rationale": "Elle a peur de rentrer ce soir."})
    assert result.computed_level.value != result.level.value
    t = translator("fr")
    text = squash(text_of(build((doc, loaded, result))))
    assert squash(level_label(result.level, t)) in text
    assert squash(f"Niveau calculé par l'outil : {level_label(result.computed_level, t)}") in text
    assert squash("Elle a peur de rentrer ce soir.") in text


def test_low_level_still_says_high_danger_cannot_be_excluded_when_answers_are_missing():
    doc, loaded, result = case(answers={"isolation": "no", "strangulation": "unknown"}, judgement=None)
    text = squash(text_of(build((doc, loaded, result))))
    assert squash("Danger faible à ce stade") in text
    assert squash("ne peut pas être exclu") in text or squash("Information insuffisante") in text
    assert squash(item_text(loaded, "strangulation", translator("fr"))) in text


def test_consent_refused_and_not_asked_are_written_out():
    for consent, word in (("refused", "refusé"), ("not_asked", "pas demandé")):
        text = squash(text_of(build(case(referral__consent=consent))))
        assert squash(f": {word}") in text
        assert squash("458bis") in text


def test_metadata__title_subject_language_and_no_author_unless_given(full_fr):
    _, pdf = full_fr
    reader = PdfReader(io.BytesIO(pdf))
    assert "Fiche d'orientation" in reader.metadata.title
    assert "violences conjugales" in reader.metadata.subject
    assert reader.trailer["/Root"]["/Lang"] == "fr"
    assert "/Author" not in reader.metadata
    assert b"anonymous" not in pdf
    with_author = PdfReader(io.BytesIO(build(author="Maison médicale du Centre")))
    assert with_author.metadata.author == "Maison médicale du Centre"


def test_same_input_same_bytes(full_fr):
    triple, pdf = full_fr
    assert build(triple, plan=plan_of(triple)) == pdf
    # With a password, each build draws fresh AES keys (tests/test_protect.py): same text.
    assert text_of(build(triple, password="s3cret"), "s3cret") == text_of(build(triple))
    assert build(triple, plan=plan_of(triple), generated_at=WHEN + timedelta(minutes=1)) != pdf


def test_generated_at_is_printed_for_the_locale():
    triple = case()
    assert "25 novembre 2026" in text_of(build(triple, "fr"))
    assert squash("25. November 2026") in squash(text_of(build(triple, "de")))
    assert squash("November 25, 2026") in squash(text_of(build(triple, "en")))


def test_password__unreadable_without_it_readable_with_it(full_fr):
    triple, _ = full_fr
    pdf = build(triple, password="s3cret")
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.is_encrypted
    with pytest.raises(FileNotDecryptedError):
        reader.pages[0].extract_text()
    assert not PdfReader(io.BytesIO(pdf)).decrypt("wrong")
    assert b"Dr Claire Dumont" not in pdf and b"Danger" not in pdf
    assert "Danger grave" in text_of(pdf, password="s3cret")


def test_empty_password_means_no_password(full_fr):
    triple, pdf = full_fr
    assert build(triple, plan=plan_of(triple), password="") == pdf


@pytest.mark.parametrize("locale", LOCALES)
def test_every_locale_builds_with_its_own_level_words(locale):
    doc, loaded, result = case()
    pdf = build((doc, loaded, result), locale)
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.trailer["/Root"]["/Lang"] == locale
    text = squash(text_of(pdf))
    assert squash(level_label(result.level, translator(locale))) in text or locale == "ar"
    # a short fingerprint on the page, the full SHA-256 in the metadata
    assert result.questionnaire.sha256[:12] in text and result.questionnaire.sha256 not in text
    assert result.questionnaire.sha256 in reader.metadata["/Keywords"]


# --------------------------------------------------------------------------- hostile text
def test_markup_in_free_text_is_shown_literally_and_never_interpreted(tmp_path):
    image = tmp_path / "secret.png"
    image.write_bytes(bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"))
    hostile = (f'<img src="{image}" width="40" height="40"/> <b>gras</b> <b>non fermé '
               '<font size="40" color="red">GROS</font> <a href="https://evil.example">lien</a> AT&T &amp; '
               '&lt; \x00\x07\x1b fin')
    pdf = build(case(referral__situation=hostile, referral__notes={"violences": hostile},
                     judgement={"level": "severe", "rationale": hostile}))
    assert b"/Subtype /Image" not in pdf and b"/XObject" not in pdf  # the file was never read
    assert b"/URI" not in pdf and b"/Annots" not in pdf  # no link
    text = text_of(pdf)
    for literal in ("<b>gras</b>", "<b>non fermé", '<font size="40" color="red">GROS</font>',
                    "AT&T &amp; &lt;", f'<img src="{image}"'):
        assert literal in text, literal
    assert "\x00" not in text and "\x07" not in text


def test_clean__controls_removed_newlines_kept_nfc():
    assert clean("a\x00b\x1bc\u202ed\ud800e\tf\r\ng") == "abcde f\ng"
    assert clean("e\u0301") == "é"
    assert clean(None) == ""


def test_emoji_and_scripts_the_font_lacks_become_a_visible_replacement_not_a_crash():
    pdf = build(case(referral__situation="Elle a écrit 🚨🙂 et 漢字 puis ✅ fin"))
    text = text_of(pdf)
    assert "Elle a écrit" in text and "fin" in text


# --------------------------------------------------------------------------- Arabic
ARABIC = ("البداية " + " ".join(["هذه جملة عربية طويلة لاختبار ترتيب الكلمات من اليمين إلى اليسار"] * 4)
          + " الخاتمة")


def _bbox_words(pdf: bytes, tmp_path: Path) -> list[tuple[str, float, float, float, int]]:
    path = tmp_path / "ar.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    words, page = [], 0
    for line in out.splitlines():
        if "<page " in line:
            page += 1
        m = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">(.*)</word>', line)
        if m:
            words.append((unicodedata.normalize("NFKC", m.group(4)), float(m.group(1)), float(m.group(2)),
                          float(m.group(3)), page))
    return words


def _find(words, word):
    hits = [w for w in words if w[0] in (word, word[::-1])]
    assert len(hits) == 1, (word, hits)
    return hits[0]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed")
def test_arabic__first_logical_word_is_rightmost_on_its_line_and_last_word_on_a_later_line(tmp_path):
    pdf = build(case(referral__situation=ARABIC), "ar")
    words = _bbox_words(pdf, tmp_path)
    first = _find(words, "البداية")
    last = _find(words, "الخاتمة")
    # the field's label reads first, so it is right of the text: leave its words out
    label = {unicodedata.normalize("NFKC", part).strip(":") for part in translator("ar")("Situation").split()}
    same_line = [w for w in words if w[4] == first[4] and abs(w[2] - first[2]) < 1.0
                 and w[0].strip(":") not in label and w[0][::-1].strip(":") not in label]
    assert len(same_line) >= 5  # a real multi-word line
    assert first[3] == max(w[3] for w in same_line), "first word is not the right-most on its line"
    assert (last[4], last[2]) > (first[4], first[2]), "the end of the text is not below its start"
    # right-aligned: every line of the paragraph ends at the right edge of the text column
    line_ends = {}
    for word in words:
        if word[4] == first[4] and first[2] - 1 <= word[2] <= last[2] + 1:
            line_ends[word[2]] = max(line_ends.get(word[2], 0), word[3])
    assert len(line_ends) >= 3 and all(end > 595 - 52 for end in line_ends.values()), line_ends


def test_arabic__letters_are_reshaped_and_text_extracts(tmp_path):
    pdf = build(case(referral__situation=ARABIC), "ar")
    assert squash("الخاتمة") in squash(text_of(pdf)) or squash("الخاتمة"[::-1]) in squash(text_of(pdf))


# --------------------------------------------------------------------------- purity, fonts
def test_building_does_not_import_pyplot_nor_write_files(tmp_path):
    code = ("import sys, json, os\n"
            "from assessment.document import score_document\n"
            "from assessment.report import build_pdf\n"
            f"doc, loaded, result = score_document({json.dumps(json.dumps(FULL))})\n"
            "before = set(os.listdir('.'))\n"
            "pdf = build_pdf(doc, loaded, result, 'fr')\n"
            "assert pdf.startswith(b'%PDF') and set(os.listdir('.')) == before\n"
            "print(','.join(m for m in ('matplotlib', 'matplotlib.pyplot', 'streamlit') if m in sys.modules) or 'none')\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "none"


# --------------------------------------------------------------------------- CLI
def run_cli(*args, stdin: bytes | None = None, cwd: Path | None = None):
    return subprocess.run([sys.executable, "-m", "assessment", *args], input=stdin, capture_output=True,
                          cwd=cwd or ROOT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


def test_cli_pdf__writes_a_file_and_to_stdout(tmp_path):
    src = tmp_path / "case.json"
    src.write_text(json.dumps(FULL), "utf-8")
    out = tmp_path / "fiche.pdf"
    done = run_cli("pdf", str(src), "-o", str(out), "--locale", "fr")
    assert done.returncode == 0, done.stderr
    assert "Danger grave" in text_of(out.read_bytes())
    piped = run_cli("pdf", "-", "-o", "-", "--locale", "de", stdin=json.dumps(FULL).encode())
    assert piped.returncode == 0 and piped.stdout.startswith(b"%PDF")
    assert len(PdfReader(io.BytesIO(piped.stdout)).pages) >= 1


@pytest.mark.parametrize("stdin, args, needle", [
    (b"{not json", ("pdf", "-", "-o", "x.pdf"), "A301"),
    (b'{"questionnaire": "danger-screen", "answers": {"nope": "yes"}}', ("pdf", "-", "-o", "x.pdf"), "A304"),
    (None, ("pdf", "missing.json", "-o", "x.pdf"), "Q100"),
    (json.dumps(FULL).encode(), ("pdf", "-", "-o", "/nonexistent/dir/x.pdf"), "/nonexistent/dir/x.pdf"),
    (json.dumps(FULL).encode(), ("pdf", "-", "-o", "x.pdf", "--password-env", "NO_SUCH_VAR"), "NO_SUCH_VAR"),
])
def test_cli_pdf__bad_input_exits_2_with_one_clear_line(tmp_path, stdin, args, needle):
    done = run_cli(*args, stdin=stdin or b"", cwd=tmp_path)
    assert done.returncode == 2
    err = done.stderr.decode()
    assert len(err.strip().splitlines()) == 1 and needle in err and "Traceback" not in err
    assert not (tmp_path / "x.pdf").exists()


def test_cli_pdf__password_from_environment(tmp_path):
    out = tmp_path / "fiche.pdf"
    done = subprocess.run([sys.executable, "-m", "assessment", "pdf", "-", "-o", str(out), "--password-env", "PW"],
                          input=json.dumps(FULL).encode(), capture_output=True, cwd=ROOT,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "PW": "s3cret"})
    assert done.returncode == 0, done.stderr
    assert PdfReader(io.BytesIO(out.read_bytes())).is_encrypted
    assert "Danger grave" in text_of(out.read_bytes(), password="s3cret")


@pytest.mark.parametrize("logical, visual", [
    ("مرحبا (نص) و ABC (x) نهاية", "ةياهن ABC (x) و (صن) ابحرم"),
    ("نص «مقتبس» هنا", "انه «سبتقم» صن"),
    ("abc (def) ghi", "abc (def) ghi"),
    ("نص (بداية", "ةيادب) صن"),
    # rule N0: a pair around left-to-right text after left-to-right text stays left-to-right
    ("الوضعية: Deux enfants (4 et 7 ans).", ".Deux enfants (4 et 7 ans) :ةيعضولا"),
    ("اتصلوا بالشرطة (197 / 190) الآن", "نآلا (190 / 197) ةطرشلاب اولصتا"),
])
def test_arabic__brackets_are_mirrored_in_right_to_left_runs_only(logical, visual):
    from assessment.report import _visual

    assert _visual(logical) == visual


def test_sheets_built_concurrently_in_threads__identical_to_one_built_alone():
    """The server builds sheets in session threads at the same time (ReportLab shares font
    state between builds): each concurrent build must equal the one built alone."""
    from concurrent.futures import ThreadPoolExecutor

    triples = {locale: case() for locale in ("fr", "ar", "nl", "de")}
    alone = {locale: build(triple, locale=locale) for locale, triple in triples.items()}
    jobs = [locale for locale in triples for _ in range(4)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        together = list(pool.map(lambda locale: build(triples[locale], locale=locale), jobs))
    assert all(pdf == alone[locale] for locale, pdf in zip(jobs, together, strict=True))
