"""Framework text: what Streamlit lets us translate or remove is gone from the
screen in every language; what remains English is listed in the README ("What remains in English")."""
from __future__ import annotations

import pytest

from assessment.i18n import translator
from ui import state as S

from .flow import questionnaire
from .helpers import key, new_context, screenshot, wait_idle

pytestmark = pytest.mark.browser

SEEN_JS = """() => {
  const visible = el => !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const drop = document.querySelector('[data-testid="stFileUploaderDropzoneInstructions"]');
  return {
    menu: !!document.querySelector('[data-testid="stMainMenu"]'),
    instructions: visible(drop),
    text: document.querySelector('[data-testid="stMain"]').innerText,
  };
}"""


async def _start_page(app, locale: str):
    ctx = await new_context(app, locale=locale)
    page = await ctx.new_page()
    try:
        await page.goto(app.url + "/")
        await page.wait_for_selector(key("start"), state="visible", timeout=30_000)
        await wait_idle(page)
        await page.locator('[data-testid="stExpander"] summary').first.click()
        await page.wait_for_selector(key("resume_upload"), state="visible")
        await wait_idle(page)
        await screenshot(page, app.artifacts, f"framework-{locale}-start")
        return await page.evaluate(SEEN_JS)
    finally:
        await ctx.close()


@pytest.mark.parametrize("locale", ["nl-BE", "ar-TN"])
def test_no_streamlit_menu_and_the_upload_limits_in_our_words(app, locale):
    seen = app.run(_start_page(app, locale))
    t = translator(locale.split("-")[0], domain="ui")
    assert not seen["menu"], "the ⋮ menu (Print, Record a screencast, Made with Streamlit) is English"
    assert not seen["instructions"], "'1MB per file • JSON' is English"
    assert "per file" not in seen["text"]
    assert t("Reprendre une évaluation enregistrée (fichier .json, 1 Mo au plus)") in seen["text"]


async def _typing_hint(app, locale: str):
    ctx = await new_context(app, locale=locale)
    page = await ctx.new_page()
    try:
        await page.goto(app.url + "/")
        await page.wait_for_selector(key("start"), state="visible", timeout=30_000)
        await wait_idle(page)
        await page.locator(key("start")).locator("button").click()
        await page.wait_for_selector(key("nav_next"), state="visible")
        await wait_idle(page)
        await page.locator(key("nav_next")).locator("button").click()
        note = key(S.NOTE_PREFIX + questionnaire().sections[0].id)
        await page.wait_for_selector(note, state="visible")
        await wait_idle(page)
        await page.locator(note).locator("textarea").type("abc")
        hint = page.locator(note).locator('[data-testid="InputInstructions"]')
        await hint.wait_for(state="attached")
        return await hint.inner_text()
    finally:
        await ctx.close()


def test_typing_hint__no_english_press_enter_but_the_count_stays(app):
    hint = app.run(_typing_hint(app, "nl-BE"))
    assert "Press" not in hint and "Enter" not in hint, hint
    assert "3/" in hint, hint  # "3/3000": the character count is language-neutral


@pytest.mark.parametrize("locale", ["nl-BE", "ar-TN"])
def test_skip_to_main_content__in_her_language(app, locale):
    async def scenario():
        ctx = await new_context(app, locale=locale)
        page = await ctx.new_page()
        try:
            await page.goto(app.url + "/")
            await page.wait_for_selector(key("start"), state="visible", timeout=30_000)
            await wait_idle(page)
            await page.wait_for_timeout(500)  # the guard script's next tick
            return await page.evaluate(
                "() => (document.querySelector('[data-testid=\"stSkipToContent\"]') || {}).textContent")
        finally:
            await ctx.close()

    t = translator(locale.split("-")[0], domain="ui")
    assert app.run(scenario()) == t("Aller au contenu principal")
