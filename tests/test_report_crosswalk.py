"""The sheet's one line on peer instruments (assessment.crosswalk): read back with pypdf."""
from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from assessment import crosswalk as cw
from tests.test_report import FULL, build, case, plan_of, squash, text_of

LEAD = "Autres outils (lecture indicative)"


def _line(pdf: bytes) -> str:
    text = " ".join(text_of(pdf).split())
    start = text.index(LEAD)
    return text[start:start + 300]


def test_sheet__strangulation_reads_positive_on_the_lethality_screen_named_on_one_line():
    triple = case(answers={k: ("yes" if k == "strangulation" else "no") for k in FULL["answers"]})
    pdf = build(triple)
    line = _line(pdf)
    assert "Lethality Screen : positif (strangulation)" in line
    assert "DA-5 : pas positif" in line
    # the same function as the result page, in the sheet's words
    readings = cw.readings_for(triple[1], triple[2].answers)
    assert [r.state for r in readings][:2] == [cw.ReadingState.screens_in, cw.ReadingState.not_on_asked]


def test_sheet__unknown_answers_read_as_undetermined_never_as_not_positive():
    triple = case(answers=dict.fromkeys(FULL["answers"], "unknown"))
    line = _line(build(triple))
    assert "Lethality Screen : indéterminé" in line and "DA-5 : indéterminé" in line
    assert "pas positif" not in line


def test_sheet__the_line_is_one_line_in_the_full_french_case_and_the_sheet_keeps_two_pages():
    triple = case()
    pdf = build(triple, plan=plan_of(triple))
    assert len(PdfReader(io.BytesIO(pdf)).pages) <= 2
    lines = [line for line in text_of(pdf).splitlines() if LEAD in line]
    assert len(lines) == 1 and lines[0].rstrip().endswith("pas de lecture"), lines


@pytest.mark.parametrize("locale", ["nl", "de", "en", "ar"])
def test_sheet__every_language_has_the_line_translated(locale):
    from assessment.i18n import translator

    t = translator(locale, domain="report")
    lead = t("Autres outils (lecture indicative) : {readings}").split("{readings}")[0].strip(" :\u00a0\u202f")
    assert lead != LEAD
    text = squash(text_of(build(locale=locale)))
    word = squash(lead.split()[0] + lead.split()[1])
    assert word in text or word[::-1] in text  # Arabic extracts in visual order


def test_sheet__no_line_for_a_questionnaire_the_crosswalk_is_not_about():
    from assessment.report import build_pdf
    from assessment.scoring import score
    from tests.helpers import doc, mini

    loaded = mini()
    d = doc()
    assert LEAD not in text_of(build_pdf(d, loaded, score(loaded, d), "fr"))
