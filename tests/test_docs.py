"""Documentation cannot drift from the code: levels, alerts and error codes are all documented."""
from __future__ import annotations

from pathlib import Path

from assessment.tooling.docs import errors_markdown
from assessment.loader import default_registry
from assessment.model import Level

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text("utf-8")


def test_error_reference__is_current_with_the_catalogue():
    assert (ROOT / "docs" / "ERRORS.md").read_text("utf-8") == errors_markdown(), (
        "docs/ERRORS.md is stale: run `python -m assessment.tooling.docs > docs/ERRORS.md`")


def test_every_level_is_documented_in_the_readme():
    for level in Level:
        assert f"`{level.value}`" in README, level


def test_every_alert_of_the_bundled_questionnaire_is_documented_in_the_readme():
    for alert in default_registry().get("danger-screen").questionnaire.alerts:
        assert f"`{alert.id}`" in README, alert.id
