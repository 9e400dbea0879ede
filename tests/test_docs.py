"""Documentation cannot drift from the code: levels, alerts and error codes are all documented."""
from __future__ import annotations

from pathlib import Path

import pytest

from assessment.errors import CATALOGUE
from assessment.i18n import translator
from assessment.loader import default_registry
from assessment.model import Level
from assessment.tooling.docs import FILES, errors_markdown

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text("utf-8")


@pytest.mark.parametrize(("locale", "name"), sorted(FILES.items()))
def test_error_reference__is_current_with_the_catalogue(locale, name):
    command = "python -m assessment.tooling.docs" + (f" {locale}" if locale != "en" else "")
    assert (ROOT / "docs" / name).read_text("utf-8") == errors_markdown(locale), (
        f"docs/{name} is stale: run `{command} > docs/{name}`")


def test_error_reference__english_is_the_en_catalog_french_the_source_text():
    en, fr = errors_markdown("en"), errors_markdown("fr")
    for spec in CATALOGUE.values():
        assert f" {spec.message} |" in fr and f" {spec.message} |" not in en, spec.code
        assert f" {translator('en', domain='core')(spec.message)} |" in en, spec.code


def test_every_level_is_documented_in_the_readme():
    for level in Level:
        assert f"`{level.value}`" in README, level


def test_every_alert_of_the_bundled_questionnaire_is_documented_in_the_readme():
    for alert in default_registry().get("danger-screen").questionnaire.alerts:
        assert f"`{alert.id}`" in README, alert.id
