"""Right to left in a real browser: in Arabic the arrows point the way the page
reads (forward = left) and the progress bar fills from the right. Screenshots at 1280 and 375 px."""
from __future__ import annotations

import pytest

from .helpers import key, new_context, screenshot, wait_idle

pytestmark = pytest.mark.browser

#: The arrow icon of a keyed button: its computed transform and where it points.
ICON_JS = """(sel) => {
  const icon = document.querySelector(sel + ' [data-testid="stIconMaterial"]');
  if (!icon) return null;
  const m = new DOMMatrixReadOnly(getComputedStyle(icon).transform === 'none' ? undefined : getComputedStyle(icon).transform);
  return {name: icon.textContent.trim(), mirrored: m.a < 0};
}"""
#: The progress bar: does its fill touch the track's right edge (RTL) or its left edge (LTR)?
PROGRESS_JS = """() => {
  const bar = document.querySelector('[data-testid="stProgress"] [role="progressbar"]');
  const fill = bar && bar.querySelector('[style*="translateX"]');
  if (!fill) return {html: bar ? bar.outerHTML.slice(0, 900) : null};
  const t = fill.parentElement.getBoundingClientRect(), f = fill.getBoundingClientRect();
  const left = Math.max(f.left, t.left), right = Math.min(f.right, t.right);
  const partial = right - left > 1 && right - left < t.width - 2;  // a bar part-way, not empty or full
  return {partial, fromRight: partial && Math.abs(right - t.right) < 2,
          fromLeft: partial && Math.abs(left - t.left) < 2, html: bar.outerHTML.slice(0, 900)};
}"""


async def _rtl_views(app, locale: str):
    ctx = await new_context(app, locale=locale)
    page = await ctx.new_page()
    try:
        await page.goto(app.url + "/")
        await page.wait_for_selector(key("start"), state="visible", timeout=30_000)
        await wait_idle(page)
        if locale.startswith("ar"):  # the page's own style sheet has arrived (it comes in the same run)
            await page.wait_for_function(
                "() => getComputedStyle(document.querySelector('.stApp')).direction === 'rtl'")
        seen = {"start": await page.evaluate(ICON_JS, key("start"))}
        await screenshot(page, app.artifacts, f"rtl-{locale}-start")
        await page.locator(key("start")).locator("button").click()
        await page.wait_for_selector(key("nav_next"), state="visible")
        await wait_idle(page)
        await page.locator(key("nav_next")).locator("button").click()
        await page.wait_for_selector(key("nav_back"), state="visible")
        await wait_idle(page)
        seen["next"] = await page.evaluate(ICON_JS, key("nav_next"))
        seen["back"] = await page.evaluate(ICON_JS, key("nav_back"))
        seen["progress"] = await page.evaluate(PROGRESS_JS)
        await screenshot(page, app.artifacts, f"rtl-{locale}-questions")
        return seen
    finally:
        await ctx.close()


def test_arabic__arrows_and_progress_bar_are_mirrored(app):
    seen = app.run(_rtl_views(app, "ar-TN"))
    assert seen["start"] == {"name": "arrow_forward", "mirrored": True}, seen
    assert seen["next"] == {"name": "arrow_forward", "mirrored": True}, seen
    assert seen["back"] == {"name": "arrow_back", "mirrored": True}, seen
    assert seen["progress"].get("fromRight") and not seen["progress"].get("fromLeft"), seen["progress"]


def test_left_to_right__arrows_and_progress_bar_as_drawn(app):
    seen = app.run(_rtl_views(app, "fr-BE"))
    assert seen["next"] == {"name": "arrow_forward", "mirrored": False}, seen
    assert seen["back"] == {"name": "arrow_back", "mirrored": False}, seen
    assert seen["progress"].get("fromLeft") and not seen["progress"].get("fromRight"), seen["progress"]
