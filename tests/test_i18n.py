"""Translation tooling and runtime: extractor, staleness check, broken catalogs, a new language.

The completeness of the shipped catalogs is tested in test_i18n_catalogs.py.
"""
from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from babel.support import NullTranslations, Translations

from assessment import i18n
from assessment.errors import CATALOGUE, DataError
from assessment.loader import ROOT, default_registry
from assessment.model import Questionnaire
from assessment.tooling import catalogs
from assessment.tooling.catalogs import check_po, check_pot, extract_in_memory, read_catalog
from assessment.tooling.extract import model_paths, paths_for

FIXTURES = Path(__file__).parent / "fixtures" / "locales"
SHIPPED = [code for code in i18n.available() if code != i18n.SOURCE_LOCALE]


# --------------------------------------------------------------------------- extractor
def _every_version():
    """Every bundled questionnaire version, drafts included (what the extractor reads)."""
    reg = default_registry()
    return [reg.get(qid, v, drafts=True).questionnaire for qid in reg.ids() for v in reg.versions(qid, drafts=True)]


def test_questionnaire_paths__follow_the_model_declaration():
    paths = set(model_paths(Questionnaire))
    assert paths == {"title", "description", "changelog", "alerts[].label", "sections[].title", "sections[].intro",
                     "sections[].items[].text", "sections[].items[].help",
                     "scoring.combinations[].explanation"}


def test_questionnaire_extraction__every_translatable_field_and_nothing_else():
    found = {msgid for msgid, _ctx in extract_in_memory("questionnaire")}
    expected: set[str] = set()
    for q in _every_version():
        expected |= {q.title, q.description} | {a.label for a in q.alerts} | ({q.changelog} - {None})
        expected |= {s.title for s in q.sections} | {s.intro for s in q.sections if s.intro}
        expected |= {i.text for i in q.items} | {i.help for i in q.items}
        expected |= {c.explanation for c in q.scoring.combinations}
    assert expected and all(q.items for q in _every_version())
    assert found == {i18n.msgid(m) for m in expected}  # "% " -> "%" + no-break space
    # never ids, citations or the method text
    assert not any("Campbell" in m or m == "strangulation" for m in found)


def test_questionnaire_pot__has_translator_comments_naming_the_place():
    pot = read_catalog(ROOT / "locales" / "questionnaire.pot")
    q = default_registry().get("danger-screen", "1.0.0").questionnaire  # released: frozen, never removed
    help_msg = pot.get(q.item("strangulation").help)
    assert "danger-screen 1.0.0 item strangulation: help" in help_msg.auto_comments
    assert "danger-screen 1.0.0 section violences: title" in pot.get(q.sections[0].title).auto_comments
    assert "danger-screen 1.0.0 combination two_critical: explanation" in \
        pot.get(q.scoring.combinations[-1].explanation).auto_comments
    assert all(m.context is None for m in pot)  # msgid = the French text, no msgctxt


def test_yaml_extractor__declared_paths_for_other_file_kinds(tmp_path):
    """Referral and training files declare their fields in the mapping (paths or model)."""
    (tmp_path / "referrals").mkdir()
    (tmp_path / "referrals" / "be.yaml").write_text(textwrap.dedent("""\
        id: be-wal
        version: "1"
        name: "Annuaire de Wallonie"
        phone: "0800 30 030"
        services:
          - id: ecoute
            name: "Ligne d'écoute violences conjugales"
            hours: "24 h sur 24"
            url: "https://example.org"
        notes:
          urgence: {label: "Urgence : 112"}
        """), "utf-8")
    (tmp_path / "locales" / "mapping").mkdir(parents=True)
    (tmp_path / "locales" / "mapping" / "referrals.cfg").write_text(textwrap.dedent("""\
        [extractors]
        yaml = assessment.tooling.extract:extract_yaml

        [yaml: referrals/**.yaml]
        paths = name, services[].name, services[].hours, notes{}.label
        """), "utf-8")
    found = extract_in_memory("referrals", tmp_path)
    assert {m for m, _ in found} == {"Annuaire de Wallonie", "Ligne d'écoute violences conjugales",
                                     "24 h sur 24", "Urgence : 112"}
    assert paths_for({"model": "assessment.model:Questionnaire"}) == model_paths(Questionnaire)
    with pytest.raises(ValueError, match="kind"):
        paths_for({})


def test_python_extraction__finds_t_ngettext_pgettext_and_N_(tmp_path):
    (tmp_path / "assessment").mkdir()
    (tmp_path / "assessment" / "a.py").write_text(textwrap.dedent("""\
        from .i18n import N_
        LABEL = N_("Étiquette")
        def f(t, n):
            return t("Bonjour {name}"), t.ngettext("{n} item", "{n} items", n), t.pgettext("menu", "Fichier")
        """), "utf-8")
    (tmp_path / "locales" / "mapping").mkdir(parents=True)
    shutil.copy(ROOT / "locales" / "mapping" / "core.cfg", tmp_path / "locales" / "mapping")
    assert set(extract_in_memory("core", tmp_path)) == {
        ("Étiquette", None), ("Bonjour {name}", None), ("{n} item", None), ("Fichier", "menu")}


# --------------------------------------------------------------------------- staleness
def _mini_project(root, message: str):
    """A one-file project with the core domain's mapping: assessment/a.py says t(message)."""
    (root / "assessment").mkdir()
    source = root / "assessment" / "a.py"
    source.write_text(f'def f(t):\n    return t("{message}")\n', "utf-8")
    (root / "locales" / "mapping").mkdir(parents=True)
    shutil.copy(ROOT / "locales" / "mapping" / "core.cfg", root / "locales" / "mapping")
    return source


def test_pot_staleness__fails_when_a_string_is_added_without_extracting(tmp_path):
    """The real test of (a): write sources, extract with pybabel, then add one t("...")."""
    source = _mini_project(tmp_path, "Premier message")
    catalogs.extract(["core"], root=tmp_path)
    pot = tmp_path / "locales" / "core.pot"
    assert "Premier message" in pot.read_text("utf-8")
    assert "#: assessment/a.py:2" in pot.read_text("utf-8")  # relative locations
    assert check_pot("core", tmp_path) == []
    before = pot.read_text("utf-8")
    catalogs.extract(["core"], root=tmp_path)
    assert pot.read_text("utf-8") == before  # re-extracting unchanged sources changes nothing

    source.write_text('def f(t):\n    return t("Premier message"), t("Nouveau message")\n', "utf-8")
    errors = check_pot("core", tmp_path)
    assert [e.code for e in errors] == ["L809"]
    assert "Nouveau message" in str(errors[0]) and "messages à ajouter : 1" in str(errors[0])
    assert "make i18n-extract" in str(errors[0])


@pytest.mark.parametrize("domain", i18n.DOMAINS)
def test_pot_is_current_with_the_sources(domain):
    errors = check_pot(domain)
    assert not errors, f"domain {domain}: run `make i18n-extract DOMAIN={domain}` then " \
        f"`make i18n-update DOMAIN={domain}`:\n" + "\n".join(map(str, errors))


# --------------------------------------------------------------------------- broken catalogs
@pytest.fixture(scope="module")
def fixture_pot():
    return read_catalog(FIXTURES / "core.pot")


def _errors(locale: str, name: str, pot) -> list[DataError]:
    return check_po(FIXTURES / locale / "LC_MESSAGES" / f"{name}.po", locale, pot)


def test_broken_po__syntax_error_is_located(fixture_pot):
    errors = _errors("nl", "syntax_error", fixture_pot)
    assert [e.code for e in errors] == ["L801"]
    assert errors[0].where.line == 8
    assert str(errors[0]).startswith("tests/fixtures/locales/nl/LC_MESSAGES/syntax_error.po:8:1: L801")
    assert 'msgstr "Ja' in str(errors[0])


def test_broken_po__fuzzy_entry_is_reported_with_line_and_msgid(fixture_pot):
    errors = _errors("nl", "fuzzy", fixture_pot)
    assert [(e.code, e.where.line) for e in errors] == [("L804", 11)]
    assert "« Niveau : {level} »" in str(errors[0]) and "#, fuzzy" in str(errors[0])


def test_broken_po__placeholder_renamed(fixture_pot):
    errors = _errors("nl", "placeholder", fixture_pot)
    assert [e.code for e in errors] == ["L806"]
    assert "({niveau})" in str(errors[0]) and "({level})" in str(errors[0])


def test_broken_po__untranslated_obsolete_and_missing(fixture_pot):
    errors = _errors("nl", "untranslated_obsolete", fixture_pot)
    assert sorted(e.code for e in errors) == ["L803", "L805", "L810"]
    by_code = {e.code: str(e) for e in errors}
    assert "« Oui »" in by_code["L803"] and "« Non »" in by_code["L805"]
    assert "« Niveau : {level} »" in by_code["L810"]


def test_broken_po__arabic_needs_six_plural_forms(fixture_pot):
    errors = _errors("ar", "plural_forms", fixture_pot)
    assert [e.code for e in errors] == ["L807"]
    assert "formes du pluriel : 2 au lieu de 6" in str(errors[0]) and "msgstr[5]" in str(errors[0])
    header = _errors("ar", "plural_header", fixture_pot)
    assert [e.code for e in header] == ["L808", "L807"]
    assert "nplurals=6" in str(header[0])


def test_broken_po__error_messages_are_translatable_and_in_the_catalogue():
    for code in ("L801", "L802", "L803", "L804", "L805", "L806", "L807", "L808", "L809", "L810",
                 "L811", "L812"):
        assert code in CATALOGUE
    pot = read_catalog(ROOT / "locales" / "core.pot")
    assert pot.get(CATALOGUE["L804"].message) is not None


def test_broken_po__the_app_falls_back_to_french_without_crashing(tmp_path):
    base = _throwaway(tmp_path, "pt")
    broken = tmp_path / "locales" / "pt" / "LC_MESSAGES" / "core.po"
    broken.write_text(broken.read_text("utf-8").replace('msgstr "Sim"', 'msgstr "Sim'), "utf-8")
    t = i18n.translator("pt", base)
    assert t("Oui") == "Oui"
    errors = catalogs.check_all(base, sources=False, domains=["core"]).errors
    assert [e.code for e in errors if "/pt/" in e.where.path] == ["L801"]


def test_broken_po__a_renamed_placeholder_falls_back_to_french_at_runtime(tmp_path):
    """A deployed catalog whose translation renames a placeholder used to crash the page that
    formats it (KeyError on the training page): that one message is French instead."""
    base = _throwaway(tmp_path, "pt")
    po = tmp_path / "locales" / "pt" / "LC_MESSAGES" / "core.po"
    po.write_text(po.read_text("utf-8") + textwrap.dedent("""
        msgid "fichier introuvable : {path}"
        msgstr "ficheiro não encontrado: {caminho}"

        msgid "{n} avertissement"
        msgid_plural "{n} avertissements"
        msgstr[0] "um aviso"
        msgstr[1] "{n} avisos"
        """), "utf-8")
    t = i18n.translator("pt", base)
    assert t("fichier introuvable : {path}").format(path="x") == "fichier introuvable : x"
    assert t("Oui") == "Sim"  # the rest of the catalog stays
    # A plural form may drop its counter ("one factor"): that is not broken.
    assert t.ngettext("{n} avertissement", "{n} avertissements", 1).format(n=1) == "um aviso"
    errors = catalogs.check_all(base, sources=False, domains=["core"]).errors
    assert "L806" in [e.code for e in errors if "/pt/" in e.where.path]


def test_placeholder_rules():
    from babel.messages.catalog import Message

    from assessment.errors import Where

    where = Where("x.po", 1)
    ok = Message(("{count} facteur", "{count} facteurs"), ("عامل واحد", "{count} عوامل"))
    assert catalogs._placeholder_error(ok, where) is None  # a plural form may drop the counter
    bad = Message(("{count} facteur à {level}", "{count} facteurs à {level}"), ("{count} f", "{count} f"))
    assert catalogs._placeholder_error(bad, where).code == "L806"
    extra = Message("Texte", "Tekst {x}")
    assert catalogs._placeholder_error(extra, where).code == "L806"
    literal = Message("une { accolade", "een { accolade")
    assert catalogs._placeholder_error(literal, where) is None


# --------------------------------------------------------------------------- runtime
@pytest.mark.parametrize("locale", SHIPPED)
def test_translations_are_real_catalogs(locale):
    found = i18n.translations(locale)
    assert isinstance(found, Translations), f"{locale}: no catalog compiled (NullTranslations)"
    t = i18n.translator(locale)
    assert t("Oui") != "Oui"
    assert t("Danger grave") != "Danger grave"


def test_french_is_the_source():
    assert type(i18n.translations("fr")) is NullTranslations
    assert i18n.translator("fr")("Oui") == "Oui"


def test_arabic__right_to_left_and_six_plural_forms():
    t = i18n.translator("ar")
    assert t.rtl and t.direction == "rtl" and not i18n.translator("nl").rtl
    singular = "{count} facteur de risque présent, {score} : seuil « {level} » atteint ({threshold})."
    plural = singular.replace("facteur de risque présent", "facteurs de risque présents")
    forms = {n: t.ngettext(singular, plural, n) for n in (0, 1, 2, 3, 11, 100)}
    assert len(set(forms.values())) == 6, forms
    assert all("{score}" in f and "{level}" in f for f in forms.values())


def test_negotiation():
    assert i18n.negotiate("nl-BE") == "nl"
    assert i18n.negotiate(None, "", "de-AT") == "de"
    assert i18n.negotiate("EN_us") == "en"
    assert i18n.negotiate("ar-TN") == "ar"
    assert i18n.negotiate("zh-CN") == "fr"
    assert i18n.negotiate("?lang=<script>") == "fr"


def test_numbers_and_dates_through_babel():
    from datetime import datetime

    assert i18n.translator("nl").decimal(1234.5) == "1.234,5"
    assert i18n.translator("en").decimal(1234.5) == "1,234.5"
    assert "maart" in i18n.translator("nl").datetime(datetime(2026, 3, 29, 16, 5), "long")
    assert "März" in i18n.translator("de").datetime(datetime(2026, 3, 29, 16, 5), "long")


# --------------------------------------------------------------------------- a new language
def _throwaway(tmp_path: Path, code: str) -> Path:
    """A copy of locales/ plus one language line and one .po (Portuguese, core only)."""
    base = tmp_path / "locales"
    shutil.copytree(ROOT / "locales", base, ignore=shutil.ignore_patterns("*.mo"))
    with open(base / "languages.toml", "a", encoding="utf-8") as fh:
        fh.write(f'{code} = {{ name = "Português", region = "be-wal" }}\n')
    po = base / code / "LC_MESSAGES" / "core.po"
    po.parent.mkdir(parents=True)
    po.write_text(textwrap.dedent("""\
        msgid ""
        msgstr ""
        "Language: pt\\n"
        "Content-Type: text/plain; charset=utf-8\\n"
        "Plural-Forms: nplurals=2; plural=(n != 1);\\n"

        msgid "Oui"
        msgstr "Sim"

        msgid "Danger grave"
        msgstr "Perigo grave"
        """), "utf-8")
    return base


def test_throwaway_locale__one_line_and_one_po_is_enough(tmp_path):
    base = _throwaway(tmp_path, "pt")
    assert "pt" in i18n.available(base) and "pt" not in i18n.available()
    assert i18n.negotiate("pt-BR", base=base) == "pt"
    assert i18n.negotiate("pt-BR") == "fr"  # the real catalogs are untouched
    assert isinstance(i18n.translations("pt", base), Translations)
    t = i18n.translator("pt", base)
    assert t.locale == "pt" and t("Oui") == "Sim" and t("Danger grave") == "Perigo grave"
    assert t("Non") == "Non"  # untranslated: French, never an empty string
    assert not t.rtl and t.decimal(1234.5) == "1.234,5"


def test_throwaway_locale__checks_cover_the_new_language(tmp_path):
    base = _throwaway(tmp_path, "pt")
    errors = catalogs.check_all(base, sources=False).errors
    pt = [e for e in errors if "/pt/" in e.where.path]
    assert any(e.code == "L810" and "core.po" in e.where.path for e in pt)  # core incomplete
    assert any(e.code == "L802" and "questionnaire.po" in e.where.path for e in pt)  # missing file


def test_throwaway_locale__init_creates_every_domain(tmp_path):
    base = _throwaway(tmp_path, "pt")
    written = catalogs.update(i18n.DOMAINS, base=base, locales=["pt"])
    pots = [d for d in i18n.DOMAINS if (base / f"{d}.pot").exists()]
    assert sorted(p.stem for p in written) == sorted(pots)
    cat = read_catalog(base / "pt" / "LC_MESSAGES" / "questionnaire.po", "pt")
    assert cat.num_plurals == 2 and len([m for m in cat if m.id]) > 70
    assert read_catalog(base / "pt" / "LC_MESSAGES" / "core.po", "pt").get("Oui").string == "Sim"


def test_unknown_language_code_is_reported(tmp_path):
    base = _throwaway(tmp_path, "pt")
    with open(base / "languages.toml", "a", encoding="utf-8") as fh:
        fh.write('xx_notalang = { name = "?", region = "be-wal" }\n')
    errors = catalogs.check_all(base, sources=False).errors
    assert any(e.code == "L811" and "xx_notalang" in str(e) for e in errors)


# --------------------------------------------------------------------------- wiring
def test_validate_runs_the_catalog_checks():
    from assessment.tooling.validate import CHECKERS, validate_all

    assert any("catalogs" in getattr(c, "__name__", "") for c in CHECKERS)
    report = validate_all()
    assert report.counts["languages"] == len(i18n.available(drafts=True))
    assert report.counts["messages"] > 250
    assert all(str(e.where) for e in report.errors if e.code.startswith("L"))  # always located


def test_catalogs_cli__bad_input_is_one_clear_line(capsys):
    assert catalogs.main(["extract", "nope"]) == 2
    err = capsys.readouterr().err
    assert "nope" in err and "core" in err and "Traceback" not in err
    assert catalogs.main(["init", "xx"]) == 2
    assert "languages.toml" in capsys.readouterr().err


def test_workflow__a_reworded_source_becomes_fuzzy_and_falls_back_to_french(tmp_path):
    """extract -> init -> translate -> reword the French -> extract -> update: loud, never wrong."""
    source = _mini_project(tmp_path, "Appelez la ligne spécialisée maintenant.")
    (tmp_path / "locales" / "languages.toml").write_text(
        'fr = { name = "Français", region = "be-wal" }\nnl = { name = "Nederlands", region = "be-vl" }\n', "utf-8")
    base = tmp_path / "locales"
    catalogs.extract(["core"], root=tmp_path)
    catalogs.update(["core"], base=base)
    po = base / "nl" / "LC_MESSAGES" / "core.po"
    po.write_text(po.read_text("utf-8").replace(
        'msgid "Appelez la ligne spécialisée maintenant."\nmsgstr ""',
        'msgid "Appelez la ligne spécialisée maintenant."\nmsgstr "Bel nu de gespecialiseerde lijn."'), "utf-8")
    pot = read_catalog(base / "core.pot")
    assert check_po(po, "nl", pot) == []
    assert i18n.translator("nl", base)("Appelez la ligne spécialisée maintenant.") == "Bel nu de gespecialiseerde lijn."

    source.write_text('def f(t):\n    return t("Appelez maintenant la ligne spécialisée.")\n', "utf-8")
    assert [e.code for e in check_pot("core", tmp_path, base)] == ["L809"]
    catalogs.extract(["core"], root=tmp_path)
    catalogs.update(["core"], base=base)
    errors = check_po(po, "nl", read_catalog(base / "core.pot"))
    assert [e.code for e in errors] == ["L804"], errors
    assert "Appelez maintenant la ligne spécialisée." in str(errors[0])
    fresh = i18n.compile_po(po, "nl")  # fuzzy entries are not used: French until reviewed
    assert fresh.gettext("Appelez maintenant la ligne spécialisée.") == "Appelez maintenant la ligne spécialisée."
