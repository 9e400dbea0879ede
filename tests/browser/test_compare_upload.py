"""Re-assessment (issue 18.2) in a real browser: the start page's 'compare' expander takes a
previous file, in her language, and the page says it is loaded (not resumed)."""
from __future__ import annotations

import json

import pytest

from assessment.i18n import translator

from .helpers import key, new_context, screenshot, wait_idle

pytestmark = pytest.mark.browser

PREVIOUS = json.dumps({"questionnaire": "danger-screen", "version": "1.0.0", "assessed_on": "2026-11-03",
                       "answers": {"escalation": "yes"}}).encode("utf-8")


async def _upload_previous(app, locale: str, tmp_path):
    path = tmp_path / "ancienne.json"
    path.write_bytes(PREVIOUS)
    ctx = await new_context(app, locale=locale)
    page = await ctx.new_page()
    try:
        await page.goto(app.url + "/")
        await page.wait_for_selector(key("start"), state="visible", timeout=30_000)
        await wait_idle(page)
        await page.locator('[data-testid="stExpander"] summary').nth(1).click()
        await page.wait_for_selector(key("previous_upload"), state="visible")
        await page.locator(key("previous_upload")).locator('input[type="file"]').set_input_files(str(path))
        await page.wait_for_selector('[data-testid="stAlertContentSuccess"]', state="visible", timeout=30_000)
        await wait_idle(page)
        await screenshot(page, app.artifacts, f"compare-{locale}-start")
        return await page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').innerText")
    finally:
        await ctx.close()


@pytest.mark.parametrize("locale", ["fr-BE", "ar-TN"])
def test_previous_file_on_the_start_page__loaded_in_her_language(app, locale, tmp_path):
    text = app.run(_upload_previous(app, locale, tmp_path))
    t = translator(locale.split("-")[0], domain="ui")
    assert t("Évaluation précédente (fichier .json, 1 Mo au plus)") in text
    assert t("Une évaluation précédente est chargée : le résultat montrera ce qui a changé.") in text
    assert "per file" not in text
