"""The referral sheet is right for every region, consent state and language.

Read back with pdftotext (and pypdf for metadata); Arabic glyph order with `pdftotext -bbox`.
"""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from assessment import referrals
from assessment.i18n import translator

from .test_report import build, case

ALL_REGIONS = ("be-wal", "be-vl", "be-dg", "fr", "tn", "qc")
CONSENTS = ("given", "refused", "not_asked", "not_sought")
LOCALES = ("fr", "nl", "de", "en", "ar")
BELGIAN_LAW = re.compile(r"(?<!\d)(458|422)(?!\d)")
FRENCH_LAW = re.compile(r"226[-\u2011 ]?14")
#: The banner's heading per consent state; not sought (asking would raise the danger) has its own.
BANNER = {"refused": "Ne pas transmettre sans son accord", "not_asked": "Ne pas transmettre sans son accord",
          "not_sought": "Accord non demandé, pour sa sécurité"}
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


def sheet(region: str, consent: str, locale: str, **changes) -> tuple[bytes, object]:
    changes.setdefault("answers__sexual_violence", "yes")  # every alert, with its title
    triple = case(referral__region=region, referral__consent=consent, **changes)
    plan = referrals.plan_for(triple[2], region=region, consent=consent)
    return build(triple, locale, plan=plan), triple


def pdftext(pdf: bytes, tmp_path: Path, *args: str) -> str:
    path = tmp_path / "s.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", *args, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def squash(text: str) -> str:
    """Whitespace, bidi controls and Arabic short vowels (the reshaper drops them) removed; NFKC."""
    text = "".join(c for c in unicodedata.normalize("NFKC", text) if unicodedata.category(c) not in ("Cf", "Mn")
                   and c not in "()")  # extraction of visual RTL lines swaps brackets
    return re.sub(r"\s+", "", text)


@needs_poppler
@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("region", ALL_REGIONS)
def test_every_region_consent_and_language__only_this_countrys_law(region, locale, tmp_path):
    country = referrals.get_region(region).country
    t = translator(locale)
    for consent in CONSENTS:
        pdf, _triple = sheet(region, consent, locale)
        text = pdftext(pdf, tmp_path)
        if country != "BE":
            assert not BELGIAN_LAW.search(text), (consent, BELGIAN_LAW.search(text))
            assert not re.search(r"CPVS|ZSG|Belgi|belge|بلجيك", text), consent  # Belgian services, figures
        if country != "FR":
            assert not FRENCH_LAW.search(text), consent
        if consent == "given":
            assert not any(squash(t(head)) in squash(text) for head in BANNER.values())
        else:
            assert squash(t(BANNER[consent])) in squash(text), consent
            note = referrals.consent_note(region, consent)
            # the legal note is on the sheet (first words, robust to line breaks)
            assert squash(t(note))[:40] in squash(text)


@needs_poppler
def test_no_plan__the_sheet_still_takes_its_note_from_the_data(tmp_path):
    triple = case(referral__region="qc", referral__consent="not_asked")
    text = pdftext(build(triple, "fr"), tmp_path)
    assert not BELGIAN_LAW.search(text)
    assert squash(referrals.consent_note("qc", "not_asked"))[:40] in squash(text)


@needs_poppler
@pytest.mark.parametrize("locale", LOCALES)
def test_region_is_named_as_on_screen_never_as_a_code(locale, tmp_path):
    t = translator(locale)
    for region in ("be-wal", "tn"):
        pdf, _ = sheet(region, "given", locale)
        text = pdftext(pdf, tmp_path)
        assert squash(t(referrals.get_region(region).name)) in squash(text)
        assert not re.search(rf"(?<![\w-]){region}(?![\w-])", text), region


@needs_poppler
def test_fingerprint__short_on_the_page_full_in_the_metadata(tmp_path):
    pdf, (_doc, _loaded, result) = sheet("be-wal", "given", "fr")
    full = result.questionnaire.sha256
    text = pdftext(pdf, tmp_path)
    assert full not in squash(text) and full[:12] in text
    info = PdfReader(io.BytesIO(pdf)).metadata
    assert any(full in str(v) for v in info.values()), dict(info)


@needs_poppler
@pytest.mark.parametrize("region", ALL_REGIONS)
def test_every_footnote_mark_has_its_legend(region, tmp_path):
    pdf, _ = sheet(region, "given", "fr")
    text = pdftext(pdf, tmp_path, "-layout")
    start = text.index("Services à contacter")
    block = text[start:text.index("Orientation et contact", start)]
    lines = block.splitlines()
    legend = [m.group(1) for line in lines if (m := re.match(r"\s*([*†‡§]+)\s+\S", line))]
    assert len(legend) == len(set(legend)) and all(len(m) == 1 for m in legend), legend
    used = set()
    for line in lines:
        for marks in re.findall(r"\d\s*([*†‡§]+)", line):
            assert len(set(marks)) == len(marks), marks  # "**" would read as another mark
            used.update(marks)
    assert used, block
    assert used <= set(legend), (used, legend)


@needs_poppler
@pytest.mark.parametrize("consent", ["refused", "not_asked", "not_sought"])
def test_banner__at_the_top_of_the_first_page_when_consent_is_not_given(consent, tmp_path):
    pdf, _ = sheet("be-wal", consent, "fr")
    text = pdftext(pdf, tmp_path, "-l", "1")
    first = text.split("Code du dossier")[0]
    assert squash(BANNER[consent]) in squash(first)


# --------------------------------------------------------------------------- Arabic
def _bbox_lines(pdf: bytes, tmp_path: Path) -> list[str]:
    """Each line of the sheet as its glyphs ordered left to right (visual order)."""
    out = pdftext(pdf, tmp_path, "-bbox")
    words = []
    for line in out.splitlines():
        m = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">(.*)</word>', line)
        if m:
            word = unicodedata.normalize("NFKC", m.group(4).replace("&lt;", "<").replace("&gt;", ">")
                                         .replace("&amp;", "&"))
            words.append((round(float(m.group(2))), float(m.group(1)), word))
    rows: dict[int, list] = {}
    for y, x, word in words:
        key = next((k for k in rows if abs(k - y) <= 1), y)
        rows.setdefault(key, []).append((x, word))
    return [" ".join(w for _, w in sorted(row)) for _, row in sorted(rows.items())]


def _brackets_ok(lines: list[str]) -> bool:
    """Right-to-left lines, read right to left as she reads them: an opening bracket is drawn
    ')' and a closing one '('. A group may continue on the next line, never close before it
    opened, and every group closes by the end."""
    depth = 0
    for visual in lines:
        for ch in reversed(visual):
            depth += {")": 1, "(": -1}.get(ch, 0)
            if depth < 0:
                return False
    return depth == 0


@needs_poppler
def test_arabic__emergency_numbers_in_correctly_paired_brackets(tmp_path):
    pdf, _ = sheet("tn", "not_asked", "ar")
    lines = _bbox_lines(pdf, tmp_path)
    numbers = [line for line in lines if "197" in line and "190" in line and "/" in line]
    assert numbers, lines[:40]
    assert any("(190 / 197)" in line for line in numbers), numbers
    assert _brackets_ok(lines), [line for line in lines if "(" in line or ")" in line]


def test_arabic__wrapped_bracket_keeps_its_orientation():
    """The partner of a bracket wraps to the next line: each line is still mirrored right."""
    from assessment.report import FONT, _ensure_fonts, _Writer

    _ensure_fonts()
    w = _Writer(translator("ar"))
    text = "اتصلوا بالشرطة (رقم يجب التحقق منه: تعذر تأكيده لدى الخدمة) الآن"
    lines = w.visual_lines(text, FONT, 8, 95)
    assert len(lines) >= 2
    opening = next(i for i, line in enumerate(lines) if "(" in line or ")" in line)
    # in visual order the opening bracket of an RTL run is drawn as ')' at the right of its words,
    # the closing one as '(' at their left
    assert ")" in lines[opening] and "(" not in lines[opening], lines
    closing = next(i for i in range(len(lines) - 1, -1, -1) if "(" in lines[i] or ")" in lines[i])
    assert closing > opening and "(" in lines[closing] and ")" not in lines[closing], lines


def test_hand_made_mirroring_is_gone():
    import assessment.report as report

    assert not hasattr(report, "_mirror_brackets")


@needs_poppler
def test_arabic__framed_text_is_broken_for_the_frame_and_keeps_its_reading_order(tmp_path):
    """Text in a framed block (banner, alerts, disclaimer) is broken into lines for the frame's
    inner width; broken for the page width, ReportLab re-wrapped the visual line and the first
    words ("الموافقة:") landed alone on a second line."""
    pdf, _ = sheet("tn", "not_asked", "ar")
    out = pdftext(pdf, tmp_path, "-bbox", "-l", "1")
    words = []
    for line in out.splitlines():
        m = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">(.*)</word>', line)
        if m:
            words.append((float(m.group(2)), float(m.group(1)), unicodedata.normalize("NFKC", m.group(3))))
    label = min(w for w in words if "الموافقة"[::-1] in w[2])  # the banner comes first
    value = min(w for w in words if "تطلب"[::-1] in w[2] and w[0] >= label[0] - 1)
    assert abs(label[0] - value[0]) < 1, (label, value)
    assert label[1] > value[1]

