"""Re-assessment in a real browser: the start page's 'compare' expander takes a
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
        await page.locator('[data-testid="stExpander"]', has=page.locator(key("previous_upload"))).locator("summary").click()
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


def _full(app, locale: str, tmp_path):
    import io

    from pypdf import PdfReader

    from .flow import Case, complete

    path = tmp_path / "ancienne.json"
    path.write_bytes(PREVIOUS)
    answers = {"escalation": "yes", "strangulation": "yes"}

    async def on_stage(page, name):
        if name == "start":
            await page.locator('[data-testid="stExpander"]', has=page.locator(key("previous_upload"))).locator("summary").click()
            await page.wait_for_selector(key("previous_upload"), state="visible")
            await page.locator(key("previous_upload")).locator('input[type="file"]').set_input_files(str(path))
            await page.wait_for_selector(key("previous_forget"), state="visible", timeout=30_000)
            await wait_idle(page)
        if name == "result":
            await screenshot(page, app.artifacts, f"compare-{locale}-result")

    async def run():
        ctx = await new_context(app, locale=locale)
        page = await ctx.new_page()
        try:
            return await complete(page, app.url, Case(answers=answers), on_stage=on_stage)
        finally:
            await ctx.close()

    out = app.run(run())
    sheet = "".join(p.extract_text() for p in PdfReader(io.BytesIO(out.downloads["pdf_download"])).pages)
    return out.stages["result"], sheet


def test_full_assessment_after_a_previous_file__result_and_downloaded_sheet_compare(app, tmp_path):
    result, sheet = _full(app, "fr-BE", tmp_path)
    squash = lambda s: " ".join(s.replace("\u00a0", " ").replace("\u202f", " ").split())  # noqa: E731
    assert "Depuis l'évaluation du 3 novembre 2026 : + strangulation ; niveau modéré → élevé (en hausse)." in squash(result)
    assert "Réévaluation" in squash(sheet) and "3 novembre 2026" in squash(sheet)


def test_full_assessment_after_a_previous_file__arabic_result_right_to_left(app, tmp_path):
    result, _sheet = _full(app, "ar-TN", tmp_path)
    t = translator("ar", domain="ui")
    assert t("Depuis l'évaluation du {date}").format(date="3 نوفمبر 2026") in result and "←" in result
