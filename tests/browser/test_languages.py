"""Languages in a real browser: Arabic from the browser locale, right to left;
Dutch from ?lang=; a screenshot of the start page and the first questions in every locale."""
from __future__ import annotations

import asyncio

import pytest

from assessment.i18n import available, translator

from .flow import questionnaire
from .helpers import axe, describe, key, main_text, new_context, screenshot, wait_idle

pytestmark = pytest.mark.browser


async def first_questions(app, locale: str, query: str = "", axe_source: str | None = None):
    """Open the app as a browser set to `locale`, go to the first section; return what shows."""
    ctx = await new_context(app, locale=locale)
    page = await ctx.new_page()
    try:
        await page.goto(app.url + "/" + (("?" + query) if query else ""))
        await page.wait_for_selector(key("start"), state="visible", timeout=30_000)
        await wait_idle(page)
        name = f"lang-{query.replace('lang=', '') if query else locale}"
        await screenshot(page, app.artifacts, f"{name}-start")
        start_text = await main_text(page)
        await page.locator(key("start")).locator("button").click()
        await page.wait_for_selector(key("nav_next"), state="visible")
        await wait_idle(page)
        await page.locator(key("nav_next")).locator("button").click()
        await page.wait_for_selector(key(f"ans_{questionnaire().sections[0].items[0].id}"), state="visible")
        await wait_idle(page)
        await screenshot(page, app.artifacts, f"{name}-questions")
        info = await page.evaluate(
            "() => ({direction: getComputedStyle(document.querySelector('.stApp')).direction,"
            " lang: document.documentElement.lang,"
            " radioSide: (() => { const g = document.querySelector('[role=radiogroup]');"
            "   const r = g.getBoundingClientRect(); const m = document.querySelector("
            "   '[data-testid=stMainBlockContainer]').getBoundingClientRect();"
            "   return (r.right > m.right - 40) ? 'right' : 'left'; })()})")
        violations = await axe(page, axe_source) if axe_source else []
        return {"start": start_text, "questions": await main_text(page), **info,
                "closed": await page.text_content('[data-testid="stMain"]'),  # closed toggles too
                "violations": violations}
    finally:
        await ctx.close()


def test_arabic_browser__whole_app_right_to_left_with_arabic_questions(app, axe_source):
    seen = app.run(first_questions(app, "ar-TN", axe_source=axe_source))
    t = translator("ar")
    item = questionnaire().sections[0].items[0]
    assert t(item.text) != item.text, "no Arabic translation for the first question"
    assert seen["direction"] == "rtl"
    assert seen["lang"] == "ar"  # screen readers speak it as Arabic
    assert seen["radioSide"] == "right"  # answers start on the right, under the question
    assert t(item.text) in seen["questions"]
    assert t("Pourquoi cette question ?") in seen["questions"]  # "why we ask": one tap away
    assert t(item.help) in seen["closed"]  # and translated too
    assert not seen["violations"], describe(seen["violations"])


def test_query_lang_nl__dutch_everywhere_even_with_a_french_browser(app):
    seen = app.run(first_questions(app, "fr-BE", query="lang=nl"))
    t = translator("nl")
    q = questionnaire()
    assert seen["direction"] == "ltr"
    assert seen["lang"] == "nl"
    assert t("Commencer") != "Commencer" and t("Commencer") in seen["start"]
    for item in q.sections[0].items:
        assert t(item.text) != item.text and t(item.text) in seen["questions"], item.id


def test_every_locale__screenshots_and_its_own_language(app):
    locales = [code for code in available() if code not in ("ar",)]  # ar: its own test above

    async def all_locales():
        return await asyncio.gather(*(first_questions(app, code) for code in locales))

    results = dict(zip(locales, app.run(all_locales()), strict=True))
    q = questionnaire()
    for code, seen in results.items():
        t = translator(code)
        assert t(q.sections[0].title) in seen["questions"], code
        assert seen["direction"] == "ltr", code
        assert seen["lang"] == code, code
        for width in (1280, 375):
            assert (app.artifacts / f"lang-{code}-questions-{width}.png").stat().st_size > 10_000


def test_switching_language__page_language_follows_for_screen_readers(app):
    """<html lang> is set from the chosen language, at load and after a switch on the start page."""
    async def scenario():
        ctx = await new_context(app, locale="fr-BE")
        page = await ctx.new_page()
        try:
            await page.goto(app.url + "/")
            await page.wait_for_selector(key("start"), state="visible", timeout=30_000)
            await wait_idle(page)
            await page.wait_for_function("() => document.documentElement.lang === 'fr'", timeout=10_000)
            # by position in the keyed radio group, not by its label
            await page.locator(key("lang")).locator('label[data-testid="stRadioOption"]').nth(
                available().index("en")).click()
            await wait_idle(page)
            await page.wait_for_function("() => document.documentElement.lang === 'en'", timeout=10_000)
            return await main_text(page)
        finally:
            await ctx.close()

    text = app.run(scenario())
    assert translator("en")("Commencer") in text


def test_arabic_phone__collapsed_sidebar_stays_off_screen_and_opens(app):
    """At 375 px the sidebar (language) is collapsed; in RTL it must not overlap the page."""
    offscreen = ("() => [...document.querySelectorAll('[data-testid=stSidebar] *')].every(e => {"
                 " const r = e.getBoundingClientRect();"
                 " return r.width === 0 || r.height === 0 || r.right <= 0 || r.left >= innerWidth; })")

    async def scenario():
        ctx = await new_context(app, locale="ar-TN", width=375)
        page = await ctx.new_page()
        try:
            await page.goto(app.url + "/")
            await page.wait_for_selector(key("start"), state="visible", timeout=30_000)
            await wait_idle(page)
            await page.locator(key("start")).locator("button").click()
            await page.wait_for_selector(key("nav_next"), state="visible")
            await wait_idle(page)
            hidden = await page.evaluate(offscreen)
            await page.locator('[data-testid="stExpandSidebarButton"]').click()
            await page.wait_for_timeout(600)  # the slide-in transition
            box = await page.locator(key("lang")).bounding_box()
            await page.screenshot(path=str(app.artifacts / "lang-ar-phone-sidebar-open-375.png"))
            return hidden, box
        finally:
            await ctx.close()

    hidden, box = app.run(scenario())
    assert hidden, "the collapsed sidebar shows over the page at 375 px in Arabic"
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375 + 1
