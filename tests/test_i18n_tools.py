"""Catalogs as the standard tools see them, domains that meet on one page, real plurals.

GNU `msgfmt --check` and Babel's own `Catalog.check()` run over every shipped .po (the project's
own checks in assessment/tooling/catalogs.py add staleness, placeholders and plural counts on top).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po

from assessment import i18n
from assessment.document import score_document
from assessment.i18n import translator
from assessment.model import Level
from assessment.tooling import catalogs
from assessment.tooling.extract import extract_yaml
from assessment.wording import rule_reason, uncertainty_note

PO_FILES = sorted(i18n.LOCALES_DIR.glob("*/LC_MESSAGES/*.po"))
POT_FILES = sorted(i18n.LOCALES_DIR.glob("*.pot"))
MSGFMT = shutil.which("msgfmt")


def _id(path: Path) -> str:
    return str(path.relative_to(i18n.LOCALES_DIR))


def test_every_catalog_is_found():
    """Every offered language has one catalog per domain; a draft language (languages.toml
    `draft = true`) may have only some of them yet."""
    found = {(po.parts[-3], po.stem) for po in PO_FILES}
    offered = [code for code in catalogs.shipped() if code not in i18n.draft_languages()]
    assert {(code, d) for code in offered for d in i18n.DOMAINS} <= found
    assert found <= {(code, d) for code in catalogs.shipped() for d in i18n.DOMAINS}
    assert len(PO_FILES) == len(found)


# --------------------------------------------------------------------------- standard tools
@pytest.mark.parametrize("po", PO_FILES, ids=_id)
def test_msgfmt_check_accepts_every_catalog(po):
    if MSGFMT is None:
        if os.environ.get("CI"):
            pytest.fail("msgfmt (Debian package gettext) is missing: .ci/run installs it")
        pytest.skip("msgfmt not installed (apt-get install gettext)")
    run = subprocess.run([MSGFMT, "--check", "-o", os.devnull, str(po)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def _read(path: Path, locale: str) -> Catalog:
    with open(path, "rb") as fh:
        return read_po(fh, locale=locale)


@pytest.mark.parametrize("po", PO_FILES + POT_FILES, ids=_id)
def test_babel_catalog_check_accepts_every_catalog(po):
    locale = po.parts[-3] if po.suffix == ".po" else None
    with open(po, "rb") as fh:
        catalog = read_po(fh, locale=locale)
    problems = [(m.lineno, m.id, [str(e) for e in errs]) for m, errs in catalog.check()]
    assert problems == []


def test_babel_check_would_catch_a_percent_that_reads_as_a_format():
    """The test above can fail: "29 % des" is a %-format to Babel ('% d')."""
    catalog = Catalog(locale="nl")
    catalog.add("20 à 29 % des victimes", "20 tot 29 % van de slachtoffers")
    assert list(catalog.check())


def test_extractor__a_percent_in_prose_is_not_a_format(tmp_path):
    """The released YAML is frozen: the extractor (and the lookup) give its '% ' a no-break space."""
    src = tmp_path / "q.yaml"
    src.write_text("id: x\nversion: 1.0.0\ntitle: \"20 à 29 % des victimes\"\n", "utf-8")
    with open(src, "rb") as fh:
        found = list(extract_yaml(fh, [], [], {"paths": "title"}))
    (msgid,) = [m for _l, _f, m, _c in found]
    assert not Message(msgid).python_format
    assert i18n.msgid(msgid) == msgid
    assert i18n.msgid("20 à 29 % des victimes") == msgid


def test_questionnaire_text_with_percent_is_translated():
    """The frozen text (ASCII space after %) still finds its translation."""
    from assessment.loader import default_registry

    q = default_registry().get("danger-screen").questionnaire
    texts = [i.help for s in q.sections for i in s.items if i.help and "29 % des" in i.help]
    assert texts, "the released questionnaire quotes '20 à 29 % des victimes'"
    for locale in ("nl", "de", "en", "ar"):
        assert translator(locale)(texts[0]) != i18n.msgid(texts[0]), locale


# --------------------------------------------------------------------------- domains
def test_each_domain_is_looked_up_first_where_it_is_shown():
    """report.po says "Stelle", ui.po "Dienststelle": the sheet shows report's, the screen ui's."""
    assert translator("de", domain="report")("Service") == "Stelle"
    assert translator("de", domain="ui")("Service") == "Dienststelle"
    assert translator("ar", domain="report")("Service") == "المصلحة"
    assert translator("ar", domain="ui")("Service") == "الجهة"


def test_a_page_translator_falls_back_to_the_domains_on_its_page():
    """The sheet finds core, questionnaire and referrals texts; never ui-only ones."""
    t = translator("de", domain="report")
    assert t("Oui") != "Oui"  # core
    assert t("Service") == "Stelle"
    report_po = i18n.po_path("de", "report")
    ui_only = [m.id for m in _read(i18n.po_path("de", "ui"), "de")
               if m.id and isinstance(m.id, str) and m.string
               and not any(m.id in {x.id for x in _read(i18n.po_path("de", d), "de")}
                           for d in i18n.PAGES["report"])]
    assert report_po.exists() and ui_only
    assert t(ui_only[0]) == ui_only[0]


def _write(base: Path, locale: str, domain: str, entries: dict[str, str]) -> None:
    catalog = Catalog(locale=locale, fuzzy=False)
    for msgid, msgstr in entries.items():
        catalog.add(msgid, msgstr)
    path = i18n.po_path(locale, domain, base)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        write_po(fh, catalog)


def test_conflict_check__same_msgid_two_translations_on_one_page(tmp_path):
    (tmp_path / "languages.toml").write_text('fr = { name = "Français" }\nde = { name = "Deutsch" }\n', "utf-8")
    _write(tmp_path, "de", "ui", {"Service": "Dienststelle", "Oui": "Ja"})
    _write(tmp_path, "de", "core", {"Oui": "Ja"})
    _write(tmp_path, "de", "referrals", {"Service": "Stelle"})
    _write(tmp_path, "de", "report", {"Service": "Stelle"})
    errors = catalogs.check_conflicts(tmp_path)
    assert [(e.code, e.context["msgid"]) for e in errors] == [("L813", "Service")]
    assert "ui" in str(errors[0]) and "referrals" in str(errors[0])


def test_conflict_check__ui_and_report_never_meet(tmp_path):
    (tmp_path / "languages.toml").write_text('fr = { name = "Français" }\nde = { name = "Deutsch" }\n', "utf-8")
    _write(tmp_path, "de", "ui", {"Service": "Dienststelle"})
    _write(tmp_path, "de", "report", {"Service": "Stelle"})
    assert catalogs.check_conflicts(tmp_path) == []


def test_no_msgid_is_translated_two_ways_on_one_page():
    errors = catalogs.check_conflicts()
    assert errors == [], catalogs.problems_by_catalog(errors)


def test_i18n_check_runs_the_conflict_check(tmp_path, monkeypatch):
    called = []
    monkeypatch.setattr(catalogs, "check_conflicts", lambda base=None: called.append(base) or [])
    catalogs.check_all()
    assert called


# --------------------------------------------------------------------------- plurals and units
def _doc(**answers):
    return score_document(json.dumps({"questionnaire": "danger-screen", "answers": answers, "mode": "real"}))


@pytest.mark.parametrize("locale,one", [("fr", "1 point"), ("en", "1 point"), ("nl", "1 punt"),
                                         ("de", "1 Punkt"), ("ar", "نقطة واحدة")])
def test_one_point_is_singular(locale, one):
    _document, loaded, result = _doc(animal_abuse="yes")
    assert result.score == 1
    t = translator(locale)
    low = next(r for r in result.rules if r.kind == "threshold")
    text = rule_reason(low, loaded, result, t)
    assert one in text, text
    assert "1 points" not in text and "1 punten" not in text and "1 Punkte" not in text


@pytest.mark.parametrize("locale,word", [("fr", "points"), ("en", "points"), ("nl", "punten"),
                                          ("de", "Punkte"), ("ar", "نق")])
def test_threshold_reason_names_the_unit_of_the_threshold(locale, word):
    _document, loaded, result = _doc(strangulation="yes", threat_to_kill="yes", weapon_threat="yes",
                                 separation="yes")
    rule = next(r for r in result.rules if r.kind == "threshold" and r.level is not Level.low)
    text = rule_reason(rule, loaded, result, translator(locale))
    assert text.count(word) >= 2, text  # the score and the threshold both say "points"


def test_arabic_eleven_to_ninety_nine_take_the_accusative():
    """Arabic: 11-99 count with the singular accusative (19 سؤالًا), 100-102 with the genitive
    (100 سؤال). Babel's Plural-Forms puts 11-99 in msgstr[5] and 100-102 in msgstr[4]."""
    plural = translator("ar")._t.plural
    many, hundred = plural(19), plural(100)
    assert (many, hundred) == (5, 4)
    problems = []
    for domain in i18n.DOMAINS:
        for m in _read(i18n.po_path("ar", domain), "ar"):
            if not m.pluralizable:
                continue
            accusative = m.string[many]
            if accusative == m.string[hundred] or not {"\u064b", "\u064e"} & set(accusative):
                problems.append((domain, m.id[0]))
    assert problems == []


def test_arabic_questions_count():
    t = translator("ar", domain="ui")
    text = t.ngettext(
        "{n} question sans réponse ou « Ne sait pas » : elle est comptée comme inconnue, jamais comme « Non ».",
        "{n} questions sans réponse ou « Ne sait pas » : elles sont comptées comme inconnues, jamais comme « Non ».",
        19).format(n=19)
    assert "19 سؤالًا" in text, text


def test_arabic_lists_use_arabic_punctuation():
    _document, loaded, result = _doc(strangulation="unknown", threat_to_kill="unknown", weapon_threat="unknown")
    fr = uncertainty_note(result, loaded, translator("fr"))
    ar = uncertainty_note(result, loaded, translator("ar"))
    assert fr and " ;" in fr.replace("\u00a0", " ").replace("\u202f", " ")
    assert ar and ";" not in ar and "؛" in ar, ar
    assert ", " not in translator("ar").join(["أ", "ب"]) and "،" in translator("ar").join(["أ", "ب"])


def test_no_pseudo_plurals_in_the_sources():
    """'erreur(s)', 'forme(s)': a count gets ngettext, never a '(s)'."""
    pot = "".join(p.read_text("utf-8") for p in POT_FILES)
    assert "(s)" not in pot


def test_condition_error__one_item_is_not_plural():
    from assessment.errors import DataError

    text = str(DataError("Q115", context={"at_least": 2, "count": 1}))
    assert "1 items" not in text, text
