"""The questionnaire on a phone and by keyboard, in a real browser.

- keys: at most 3 from one question to the next (the group is one Tab stop, the arrows choose,
  Enter moves on); a new page puts the focus on its first open question;
- a focus ring of at least 3:1 on every control of every stage;
- "why we ask": closed under each question, a disclosure for screen readers (collapsed), kept
  open while she stays on the page, closed on the next;
- the skip button moves the focus to the first unanswered question;
- one h1 per stage, no skipped heading level, every radio group named by its question;
- screenshots of the first section at 1280 and 375 px in French, German and Arabic.
"""
from __future__ import annotations

import itertools

import pytest

from assessment.i18n import translator

from .flow import Case, Driver, Outcome, complete, questionnaire
from .helpers import key, new_context, screenshot, wait_idle

pytestmark = pytest.mark.browser

Q = questionnaire()
FIRST = Q.sections[0]

#: The colour behind an element (its first ancestor with a background), then the contrast of its
#: focus ring with it (WCAG relative luminance). The ring is drawn on the focused control or, for
#: a radio (its input is hidden), on the option's label; for a text field, on its frame.
RING_JS = """() => {
  const a = document.activeElement;
  if (!a || a === document.body) return null;
  const ringOf = (el) => el.closest('label[data-testid="stRadioOption"]')
      || el.closest('[data-baseweb="input"], [data-baseweb="textarea"]')
      || (el.closest('[data-baseweb="select"]') && el.closest('[data-baseweb="select"]').firstElementChild) || el;
  const ring = a.type === 'radio' || a.tagName === 'TEXTAREA' || a.tagName === 'INPUT' ? ringOf(a) : a;
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  let bg = [255, 255, 255];
  for (let el = ring.parentElement; el; el = el.parentElement) {
    const c = rgb(getComputedStyle(el).backgroundColor);
    if (c.length >= 3 && (c.length < 4 || c[3] > 0.5)) { bg = c.slice(0, 3); break; }
  }
  const cs = getComputedStyle(ring);
  const color = rgb(cs.outlineColor).slice(0, 3);
  const [l1, l2] = [lum(color), lum(bg)].sort((x, y) => y - x);
  const where = a.closest('[class*="st-key-"]');
  return {what: a.tagName + (a.type ? ':' + a.type : '') + ' ' + (where ? (where.className.match(/st-key-\\S+/) || [''])[0] : (a.id || a.getAttribute('aria-label') || a.textContent.trim().slice(0, 30))),
          style: cs.outlineStyle, width: parseFloat(cs.outlineWidth), contrast: (l1 + 0.05) / (l2 + 0.05)};
}"""

HEADINGS_JS = """() => [...document.querySelectorAll('[data-testid="stMain"] :is(h1, h2, h3, h4, h5, h6)')]
  .filter(h => h.getClientRects().length).map(h => +h.tagName[1])"""

GROUPS_JS = """() => [...document.querySelectorAll('[data-testid="stMain"] [role="radiogroup"]')].map(g => {
  const box = g.closest('[class*="st-key-"]'); const label = box && box.querySelector('[data-testid="stWidgetLabel"]');
  return {name: g.getAttribute('aria-label') || '', label: label ? label.innerText.trim() : ''}; })"""

ACTIVE_KEY_JS = """() => { const a = document.activeElement; const c = a && a.closest('[class*="st-key-"]');
  return c ? (c.className.match(/st-key-(\\S+)/) || [])[1] : (a && a.tagName); }"""


def mixed_answers() -> dict[str, str]:
    """Each of yes / no / don't know (0, 1 and 2 arrow presses), with a level below the top
    one (the result page then has its judgement block, which the flow goes through)."""
    return dict.fromkeys(Q.item_ids, "no") | {"unemployment": "yes", "animal_abuse": "yes", "isolation": "yes",
                                             "jealousy": "unknown", "substance_abuse": "unknown",
                                             "escalation": "unknown"}


def test_keyboard__at_most_3_keys_per_question__focus_on_each_new_page(app):
    case = Case(answers=mixed_answers(), keyboard=True)
    focus_on_arrival: dict[str, str] = {}

    async def on_stage(page, name):
        pass

    async def scenario():
        ctx = await new_context(app)
        page = await ctx.new_page()
        try:
            # Record where the focus is when each section page has just opened (before any key).
            original = Driver.press

            async def press(self, widget, label, until=None):
                await original(self, widget, label, until)
                if (until and until.startswith("ans_")) or until == "safe_to_talk":
                    focus_on_arrival[until] = await self.page.evaluate(ACTIVE_KEY_JS)

            Driver.press = press
            try:
                return await complete(page, app.url, case, on_stage=on_stage, downloads=False)
            finally:
                Driver.press = original
        finally:
            await ctx.close()

    out = app.run(scenario())
    asked = dict(out.keys_per_question)
    assert set(asked) == {f"ans_{i}" for i in Q.item_ids} | {"safe_to_talk", "alone", "consent"}
    assert max(asked.values()) <= 3, {w: n for w, n in asked.items() if n > 3}
    # A new page opens with the focus on its first question, not at the top of the window.
    assert focus_on_arrival == {until: until for until in focus_on_arrival}, focus_on_arrival
    assert len(focus_on_arrival) == len(Q.sections) + 1


def test_focus_ring__every_control_of_every_stage__at_least_3_to_1(app):
    """Tab through every stage (each control once, until the focus comes back) and read the
    ring of each focused control."""
    bad: list[str] = []

    async def tab_round(page, stage):
        first = None
        for _ in range(80):
            await page.keyboard.press("Tab")
            ring = await page.evaluate(RING_JS)
            if ring is None:
                continue
            if ring["what"] == first:
                return
            first = first or ring["what"]
            if ring["style"] in ("none", "hidden") or ring["width"] < 2 or ring["contrast"] < 3:
                bad.append(f"{stage}: {ring}")

    async def on_stage(page, name):
        if name in ("start", "before", f"section-1-{FIRST.id}", "review", "result", "referral"):
            await tab_round(page, name)

    async def scenario():
        ctx = await new_context(app)
        page = await ctx.new_page()
        try:
            await complete(page, app.url, Case(answers={FIRST.items[0].id: "yes"}), on_stage=on_stage,
                           downloads=False)
        finally:
            await ctx.close()

    app.run(scenario())
    assert not bad, "\n".join(bad)


def test_why_we_ask__closed__a_disclosure__kept_open_on_the_page__closed_on_the_next(app):
    t = translator("fr")

    async def scenario():
        ctx = await new_context(app)
        page = await ctx.new_page()
        d = Driver(page, Case(), Outcome())
        try:
            await page.goto(app.url + "/")
            await page.wait_for_selector(key("start"), state="visible", timeout=60_000)
            await wait_idle(page)
            await d.press("start", "start", until="safe_to_talk")
            await d.press("nav_next", "to questions", until=f"ans_{FIRST.items[0].id}")
            seen = {"open": await page.evaluate(
                "() => [...document.querySelectorAll('[class*=\"st-key-why_\"] details')].map(d => d.open)")}
            cdp = await ctx.new_cdp_session(page)
            tree = (await cdp.send("Accessibility.getFullAXTree"))["nodes"]
            seen["disclosures"] = [
                (n.get("name", {}).get("value"), {p["name"]: p["value"].get("value") for p in n.get("properties", [])}
                 .get("expanded")) for n in tree
                if n.get("role", {}).get("value") == "DisclosureTriangle" and not n.get("ignored")]
            second = FIRST.items[1].id
            await page.locator(key(f"why_{second}")).locator("summary").click()
            await page.wait_for_function(
                "(s) => document.querySelector(s + ' details').open", arg=key(f"why_{second}"))
            # Answering another question reruns the page: the reason she opened stays open.
            await d.choose(f"ans_{FIRST.items[0].id}", "no")
            await d.choose(f"ans_{FIRST.items[2].id}", "yes")
            seen["after_answers"] = await page.evaluate(
                "(s) => document.querySelector(s + ' details').open", key(f"why_{second}"))
            seen["visible_help"] = await page.locator(key(f"why_{second}")).inner_text()
            await d.press("nav_next", "next", until=f"ans_{Q.sections[1].items[0].id}")
            await d.press("nav_back", "back", until=f"ans_{FIRST.items[0].id}")
            await wait_idle(page)
            seen["back"] = await page.evaluate(
                "(s) => document.querySelector(s + ' details').open", key(f"why_{second}"))
            return seen
        finally:
            await ctx.close()

    seen = app.run(scenario())
    assert seen["open"] == [False] * len(FIRST.items)
    assert seen["disclosures"] == [(t("Pourquoi cette question ?"), False)] * len(FIRST.items)
    assert seen["after_answers"] is True
    assert " ".join(t(FIRST.items[1].help).split()) in " ".join(seen["visible_help"].split())
    assert seen["back"] is False


def test_skip_to_the_next_unanswered_question(app):
    async def scenario():
        ctx = await new_context(app)
        page = await ctx.new_page()
        d = Driver(page, Case(), Outcome())
        try:
            await page.goto(app.url + "/")
            await page.wait_for_selector(key("start"), state="visible", timeout=60_000)
            await wait_idle(page)
            await d.press("start", "start", until="safe_to_talk")
            await d.press("nav_next", "to questions", until=f"ans_{FIRST.items[0].id}")
            seen = {"visible": await page.locator(key("skip_unanswered")).is_visible()}
            for item in FIRST.items[:2]:
                await d.choose(f"ans_{item.id}", "no")
            await page.locator(key("skip_unanswered")).locator("button").click()
            await wait_idle(page)
            seen["after_two"] = await page.evaluate(ACTIVE_KEY_JS)
            for item in FIRST.items[2:]:
                await d.choose(f"ans_{item.id}", "no")
            await page.locator(key("skip_unanswered")).locator("button").click()
            await wait_idle(page)
            seen["all_answered"] = await page.evaluate(ACTIVE_KEY_JS)
            return seen
        finally:
            await ctx.close()

    seen = app.run(scenario())
    assert seen == {"visible": True, "after_two": f"ans_{FIRST.items[2].id}", "all_answered": "nav_next"}


@pytest.mark.parametrize("locale", ["fr-BE", "de-DE", "ar-TN"])
def test_structure__one_h1_per_stage__groups_named_by_their_question__screenshots(app, locale):
    """Every stage: one h1, no skipped level; every radio group's name is its visible question.
    The first section is shot at 1280 and 375 px (test-artifacts/browser/look-*)."""
    found: dict[str, dict] = {}
    lang = locale[:2]

    async def on_stage(page, name):
        found[name] = {"levels": await page.evaluate(HEADINGS_JS), "groups": await page.evaluate(GROUPS_JS)}
        if name.startswith("section-1") or name in ("review", "result"):
            await screenshot(page, app.artifacts, f"look-{lang}-{name}")

    async def scenario():
        ctx = await new_context(app, locale=locale)
        page = await ctx.new_page()
        try:
            await complete(page, app.url, Case(answers={FIRST.items[0].id: "yes"}), query=f"lang={lang}",
                           on_stage=on_stage, downloads=False)
        finally:
            await ctx.close()

    app.run(scenario())
    assert len(found) >= len(Q.sections) + 5
    for stage, seen in found.items():
        levels = seen["levels"]
        assert levels.count(1) == 1 and levels[0] == 1, (stage, levels)
        assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), (stage, levels)
        for group in seen["groups"]:
            assert group["name"] and group["name"] == group["label"], (stage, group)
