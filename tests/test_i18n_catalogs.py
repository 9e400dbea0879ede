"""Every shipped language has every domain's catalog complete: translated, none fuzzy, none
obsolete, placeholders kept, plural forms right.

One test per (language, domain), so a failure names its owner's catalog. The fix is always:
`make i18n-update DOMAIN=<domain>`, translate locales/<lang>/LC_MESSAGES/<domain>.po, rerun.
"""
from __future__ import annotations

import pytest

from assessment import i18n
from assessment.tooling import catalogs

SHIPPED = catalogs.shipped()


@pytest.mark.parametrize("domain", i18n.DOMAINS)
@pytest.mark.parametrize("locale", SHIPPED)
def test_catalog_complete(locale, domain):
    if locale in i18n.draft_languages():
        pytest.skip(f"{locale} is marked draft in languages.toml: its gaps are warnings (validate lists them)")
    pot_file = catalogs.pot_path(domain)
    po = i18n.po_path(locale, domain)
    if not pot_file.exists():
        assert not catalogs.extract_in_memory(domain), \
            f"{domain}: sources have messages but no {pot_file.name}: run `make i18n-extract DOMAIN={domain}`"
        return
    pot = catalogs.read_catalog(pot_file)
    if not any(m.id for m in pot):
        return
    assert po.exists(), f"{locale}/{domain}: missing {po}: run `make i18n-update DOMAIN={domain}`"
    # Text found only in draft questionnaire versions may stay untranslated (a warning).
    lenient = catalogs.draft_only_messages() if domain == "questionnaire" else frozenset()
    errors = [e for e in catalogs.check_po(po, locale, pot, lenient) if e.severity == "error"]
    assert not errors, (
        f"{domain} / {locale}: {len(errors)} problem(s); fix them in {po.name} "
        f"(make i18n-update DOMAIN={domain}, then translate):\n" + catalogs.problems_by_catalog(errors, 5))


def test_languages_are_known_to_babel():
    errors = list(catalogs.check_all(sources=False, domains=()).errors)
    assert not errors, "\n".join(map(str, errors))


def test_no_compiled_catalogs_in_git():
    import subprocess

    tracked = subprocess.run(["git", "ls-files", "*.mo"], capture_output=True, text=True,
                             cwd=i18n.LOCALES_DIR.parent).stdout.split()
    assert tracked == [], f".mo files are compiled in memory, never committed: {tracked}"
