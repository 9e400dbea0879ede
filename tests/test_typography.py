"""French typography: our texts never start a line with "?", ":", "%" or "»" (no-break spaces).

One rule, `assessment.i18n.french_spacing`, for the screen and the sheet: a narrow no-break
space (U+202F) before ; ! ? and %, a no-break space (U+00A0) before ":" and », after « and
between a number and its unit. Only French output of our own texts goes through it.
"""
import re

from hypothesis import given
from hypothesis import strategies as st

from assessment import report
from assessment.i18n import NBSP, NNBSP, french_spacing, label_colon, msgid, translator

SPACES = " " + NBSP + NNBSP
#: Text built from what the rule looks at: spaces of every kind, its punctuation, digits, units.
texts = st.lists(st.sampled_from([*SPACES, *";!?%:»«", "a", "é", "h", "Mo", "j", "min", "1", "9", "/",
                                  "\n", ".", ",", "-", "x", "€"]), max_size=30).map("".join)


def test_french_spacing__narrow_before_semicolon_bang_question_wide_before_colon_and_inside_guillemets():
    assert french_spacing("Pourquoi ? « élevé » : oui ; non !") == \
        f"Pourquoi{NNBSP}? «{NBSP}élevé{NBSP}»{NBSP}: oui{NNBSP}; non{NNBSP}!"


def test_french_spacing__percent_narrow_and_a_number_keeps_its_unit():
    assert french_spacing("29 % des victimes") == f"29{NNBSP}% des victimes"
    assert french_spacing("24 h/24, 7 j/7 ; 1 Mo au plus") == f"24{NBSP}h/24, 7{NBSP}j/7{NNBSP}; 1{NBSP}Mo au plus"
    assert french_spacing("depuis 3 mois, 1 heure") == "depuis 3 mois, 1 heure"  # words, not units


def test_french_spacing__only_for_french_output():
    assert translator("fr")("Pourquoi ce niveau :") .endswith("\u00a0:")
    assert "\u00a0" not in translator("en")("Pourquoi ce niveau :")
    assert label_colon("Situation", "fr") == f"Situation{NBSP}:" and label_colon("Situation", "en") == "Situation:"


def test_french_spacing__idempotent_and_leaves_urls_and_times_alone():
    once = french_spacing("Voir https://example.org à 18:00 ?")
    assert french_spacing(once) == once and "https://example.org" in once and "18:00" in once


def test_msgids_are_keys__the_rule_never_reaches_them():
    """Extraction writes "% " as "%" + U+00A0 (`msgid`), and nothing else: the typography is
    applied when a text is shown, so the catalogs' keys do not move."""
    assert msgid("29 % des victimes ?") == f"29 %{NBSP}des victimes ?"
    fr = translator("fr", domain="ui")
    assert fr("29 % des victimes ?") == f"29{NNBSP}%{NBSP}des victimes{NNBSP}?"


@given(texts)
def test_property__idempotent(text):
    once = french_spacing(text)
    assert french_spacing(once) == once


@given(texts)
def test_property__never_a_breakable_space_before_semicolon_bang_question_percent_colon_guillemet(text):
    out = french_spacing(text)
    assert not re.search(r" [;!?%:»]", out) and "« " not in out


@given(texts)
def test_property__only_the_kind_of_a_space_changes(text):
    out = french_spacing(text)
    assert len(out) == len(text)
    assert all(a == b or (a in SPACES and b in SPACES) for a, b in zip(text, out, strict=True))


@given(st.text(max_size=60), st.sampled_from(["nl", "de", "en", "ar"]))
def test_property__non_french_text_is_never_changed(text, locale):
    t = translator(locale, domain="report")
    assert t._typo(text) == text
    assert NNBSP not in t("Pourquoi ce niveau :") and NNBSP not in t("Score : {score}.")


@given(st.text(max_size=60))
def test_property__typed_text_never_goes_through_the_rule(text):
    """Placeholders are filled after the translation (and its typography): what she or the
    professional typed is printed as typed, on screen and on the sheet."""
    shown = translator("fr", domain="report")("Situation : {value}").format(value=text)
    assert shown == f"Situation{NBSP}: {text}"


@given(st.text(alphabet=st.sampled_from([*SPACES, *";!?%:»«", "a", "1", "x"]), max_size=40))
def test_property__the_sheets_line_breaking_keeps_typed_characters(text):
    """Table cells are broken into lines on the sheet: a line never starts with "?" nor ends
    with "«", yet no character of the text is changed (no space becomes a no-break one)."""
    report._ensure_fonts()
    lines = report._split_logical(text, report.FONT, 8, 10_000)
    assert " ".join(lines) == " ".join(w for w in text.split(" ") if w)
    words = report._unbreakable_words(text)  # as narrow as the widest word: a break at every space
    width = max((report.pdfmetrics.stringWidth(w, report.FONT, 8) for w in words), default=1)
    narrow = report._split_logical(text, report.FONT, 8, width)
    for i, line in enumerate(narrow):
        assert i == 0 or line[:1] not in set("?!:;»%"), narrow
        assert i == len(narrow) - 1 or not line.endswith("«"), narrow


def test_sheet_fonts_have_the_narrow_no_break_space():
    report._ensure_fonts()
    assert ord(NNBSP) in report._CMAP and ord(NBSP) in report._CMAP
