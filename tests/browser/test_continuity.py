"""Never lose the interview: cut connections, a restarted server, reloads, Back, quick exit.

The browser reaches the app through a loopback TCP proxy that the test can cut (Playwright's
`set_offline` does not close an open WebSocket). What is asserted is what she sees: her answers
still ticked and still counted by the server, messages in her language, and, when the server
really lost the session, a plain message at once instead of a silent empty page.
"""
from __future__ import annotations

import asyncio
import contextlib
from contextlib import asynccontextmanager

import pytest

from .conftest import _free_port, start_server, stop_server
from .flow import Case, Driver, Outcome, questionnaire
from .helpers import key, main_text, new_context, screenshot, wait_idle
from .proxy import CuttableProxy

pytestmark = pytest.mark.browser

#: Streamlit's own record of the connection, on the app element.
ONLINE = '[data-testid="stApp"][data-test-connection-state="CONNECTED"]'
OFFLINE = '[data-testid="stApp"]:not([data-test-connection-state="CONNECTED"])'
OFFLINE_TEXT = {"fr": "La connexion est coupée", "nl": "De verbinding is verbroken"}
LOST_TEXT = {"fr": "a été interrompue", "nl": "inschatting is onderbroken"}


@asynccontextmanager
async def _page(app, **context):
    """One fresh browser context and its page, closed whatever happens."""
    ctx = await new_context(app, **context)
    try:
        yield await ctx.new_page()
    finally:
        await ctx.close()


def _port(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


async def _to_first_section(page, url: str, query: str = "") -> Driver:
    """Start, answer the checks before the questions, and open the first section."""
    d = Driver(page, Case(), Outcome())
    await page.goto(url + "/" + (("?" + query) if query else ""))
    await page.wait_for_selector(key("start"), state="visible", timeout=60_000)
    await wait_idle(page)
    await d.press("start", "start", until="safe_to_talk")
    await d.choose("safe_to_talk", "yes")
    await d.choose("alone", "yes")
    first = questionnaire().sections[0].items[0].id
    await d.press("nav_next", "to questions", until=f"ans_{first}")
    return d


async def _checked(page, widget: str) -> str | None:
    return await page.evaluate(
        "(sel) => { const i = document.querySelector(sel + ' input[type=radio]:checked');"
        " return i ? i.value : null; }", key(widget))


async def _banner(page, element_id: str) -> str | None:
    """Text of one of the guard's banners when it is shown, else None."""
    return await page.evaluate(
        "(id) => { const b = document.getElementById(id); return b && !b.hidden ? b.innerText : null; }",
        element_id)


async def _wait_banner(page, element_id: str, shown: bool = True, timeout: float = 20_000) -> None:
    await page.wait_for_function(
        "([id, shown]) => { const b = document.getElementById(id); return !!b && b.hidden !== shown; }",
        arg=[element_id, shown], timeout=timeout)


async def _next_stage_still_has_answers(d: Driver, item: str) -> None:
    """The server, not only the page, still holds the answer: go to the next section and back."""
    q = questionnaire()
    await d.press("nav_next", "next section", until=f"ans_{q.sections[1].items[0].id}")
    await d.press("nav_back", "back", until=f"ans_{item}")
    assert await _checked(d.page, f"ans_{item}") == "0", "the answer was lost on the server"


def _cut_scenario(app, seconds: float, name: str):
    proxy = CuttableProxy(_port(app.url))

    async def scenario():
        ctx = await new_context(app)
        page = await ctx.new_page()
        try:
            d = await _to_first_section(page, proxy.url)
            item = questionnaire().sections[0].items[0].id
            await d.choose(f"ans_{item}", "yes")
            proxy.cut()
            # Streamlit's own marker of a lost connection, then (ours) the banner.
            await page.wait_for_selector(OFFLINE, state="attached")
            await page.wait_for_timeout(1000)
            offline = await _banner(page, "rd-offline")
            streamlit_dialog = await page.locator('[data-testid="stDialog"]').is_visible() \
                if await page.locator('[data-testid="stDialog"]').count() else False
            await screenshot(page, app.artifacts, f"{name}-offline")
            await asyncio.sleep(seconds)
            proxy.restore()
            await page.wait_for_selector(ONLINE, state="attached", timeout=60_000)
            await wait_idle(page)
            await page.wait_for_timeout(1500)  # the reconnection's own run
            await wait_idle(page)
            lost = await _banner(page, "rd-lost")
            still = await _checked(page, f"ans_{item}")
            await _next_stage_still_has_answers(d, item)
            return offline, streamlit_dialog, lost, still
        finally:
            await ctx.close()
            proxy.close()

    return app.run(scenario(), timeout=seconds + 240)


def test_cut_of_5_seconds__her_language_message__answers_kept_on_page_and_server(app):
    offline, streamlit_dialog, lost, still = _cut_scenario(app, 5, "cut-5s")
    assert offline and OFFLINE_TEXT["fr"] in offline, offline
    assert not streamlit_dialog, "Streamlit's English connection dialog is shown"
    assert lost is None, f"a 5 s cut was reported as a lost session: {lost}"
    assert still == "0"


def test_cut_of_150_seconds__longer_than_streamlits_default_ttl__nothing_lost(app):
    """Streamlit's default disconnectedSessionTTL (120 s) dropped the session here."""
    _offline, _dialog, lost, still = _cut_scenario(app, 150, "cut-150s")
    assert lost is None, f"the session was lost after 150 s: {lost}"
    assert still == "0"


def test_server_restart__page_says_at_once_the_assessment_was_interrupted(app):
    port = _free_port()
    server = start_server(port=port)
    proxy = CuttableProxy(port)

    async def scenario():
        nonlocal server
        async with _page(app, locale="nl-BE") as page:
            d = await _to_first_section(page, proxy.url)
            await d.choose(f"ans_{questionnaire().sections[0].items[0].id}", "yes")
            stop_server(server)
            await _wait_banner(page, "rd-offline", timeout=30_000)
            offline = await _banner(page, "rd-offline")
            server = start_server(port=port)
            # No click: the page itself must notice that the server lost the session.
            await _wait_banner(page, "rd-lost", timeout=60_000)
            lost = await _banner(page, "rd-lost")
            await screenshot(page, app.artifacts, "server-restart-lost")
            text = await main_text(page)
            return offline, lost, text

    try:
        offline, lost, text = app.run(scenario(), timeout=240)
    finally:
        proxy.close()
        stop_server(server)
    assert offline and OFFLINE_TEXT["nl"] in offline, offline
    assert lost and LOST_TEXT["nl"] in lost, lost
    assert "Traceback" not in text


def test_reload_with_answers__browser_asks_first__dismissed_keeps_everything(app):
    async def scenario():
        ctx = await new_context(app)
        page = await ctx.new_page()
        dialogs: list[str] = []

        async def on_dialog(dialog):
            dialogs.append(dialog.type)
            await dialog.dismiss()

        page.on("dialog", lambda dlg: asyncio.ensure_future(on_dialog(dlg)))
        try:
            d = await _to_first_section(page, app.url)
            item = questionnaire().sections[0].items[0].id
            await d.choose(f"ans_{item}", "yes")
            with contextlib.suppress(Exception):  # the dismissed prompt cancels the navigation
                await page.reload(timeout=3000)
            await page.wait_for_timeout(500)
            return dialogs, await _checked(page, f"ans_{item}")
        finally:
            await ctx.close()

    dialogs, still = app.run(scenario())
    assert dialogs == ["beforeunload"], dialogs
    assert still == "0"


def test_nothing_entered_yet__reload_does_not_ask(app):
    async def scenario():
        async with _page(app) as page:
            dialogs: list[str] = []
            page.on("dialog", lambda dlg: dialogs.append(dlg.type) or asyncio.ensure_future(dlg.accept()))
            await page.goto(app.url + "/")
            await page.wait_for_selector(key("start"), state="visible")
            await wait_idle(page)
            await page.locator(key("start")).click(position={"x": 1, "y": 1})  # a user gesture
            await page.reload()
            await page.wait_for_selector(key("start"), state="visible")
            return dialogs

    assert app.run(scenario()) == []


def test_browser_back__moves_to_the_previous_step__answers_kept(app):
    async def scenario():
        async with _page(app) as page:
            dialogs: list[str] = []
            page.on("dialog", lambda dlg: dialogs.append(dlg.type) or asyncio.ensure_future(dlg.dismiss()))
            q = questionnaire()
            d = await _to_first_section(page, app.url)
            item = q.sections[0].items[0].id
            await d.choose(f"ans_{item}", "yes")
            await d.press("nav_next", "next section", until=f"ans_{q.sections[1].items[0].id}")
            await page.go_back()
            await page.wait_for_selector(key(f"ans_{item}"), state="visible", timeout=30_000)
            await wait_idle(page)
            first = await _checked(page, f"ans_{item}")
            await page.go_back()
            await page.wait_for_selector(key("safe_to_talk"), state="visible", timeout=30_000)
            await wait_idle(page)
            safe = await _checked(page, "safe_to_talk")
            return first, safe, dialogs, page.url

    first, safe, dialogs, url = app.run(scenario())
    assert first == "0" and safe == "0"
    assert dialogs == [] and url.startswith(app.url)


async def _quick_exit_frames(page) -> list[bytes]:
    sent: list[bytes] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda p: sent.append(
        p if isinstance(p, bytes) else p.encode())))
    return sent


def test_quick_exit_at_375px_scrolled_to_the_bottom__visible_and_leaves_with_server_erase(app):
    async def scenario():
        async with _page(app, width=375) as page:
            sent = await _quick_exit_frames(page)
            dialogs: list[str] = []
            page.on("dialog", lambda dlg: dialogs.append(dlg.type) or asyncio.ensure_future(dlg.dismiss()))
            await _to_first_section(page, app.url)
            await page.evaluate("() => { for (const el of document.querySelectorAll("
                                "'[data-testid=\"stMain\"], [data-testid=\"stAppViewContainer\"]'))"
                                " el.scrollTop = el.scrollHeight; window.scrollTo(0, 1e6); }")
            await page.wait_for_timeout(300)
            box = await page.locator("#rd-exit").bounding_box()
            viewport = page.viewport_size
            await page.screenshot(path=str(app.artifacts / "quick-exit-375-bottom.png"))
            before = len(sent)
            await page.locator("#rd-exit").click()
            await page.wait_for_url("about:blank", timeout=10_000)
            erase_sent = any(b"quick_exit" in frame for frame in sent[before:])
            return box, viewport, erase_sent, dialogs

    box, viewport, erase_sent, dialogs = app.run(scenario())
    assert box and box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], box
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], box
    assert erase_sent, "the server-side erase was not sent before leaving"
    assert dialogs == [], "quick exit must never ask"


def test_quick_exit_while_disconnected__still_leaves_and_hides_everything(app):
    proxy = CuttableProxy(_port(app.url))

    async def scenario():
        ctx = await new_context(app)
        page = await ctx.new_page()
        try:
            d = await _to_first_section(page, proxy.url)
            await d.choose(f"ans_{questionnaire().sections[0].items[0].id}", "yes")
            proxy.cut()
            await _wait_banner(page, "rd-offline")
            # "Hide the answers" first: nothing of the page is visible, the exit still is.
            await page.locator("#rd-hide").click()
            hidden = await page.evaluate(
                "() => getComputedStyle(document.querySelector('[data-testid=\"stApp\"]')).visibility")
            await page.screenshot(path=str(app.artifacts / "offline-hidden.png"))
            await page.locator("#rd-exit").click()
            await page.wait_for_url("about:blank", timeout=10_000)
            return hidden
        finally:
            await ctx.close()
            proxy.close()

    assert app.run(scenario()) == "hidden"


def test_quick_exit_shortcut__shift_three_times(app):
    async def scenario():
        async with _page(app) as page:
            await _to_first_section(page, app.url)
            for _ in range(3):
                await page.keyboard.press("Shift")
            await page.wait_for_url("about:blank", timeout=10_000)
            return page.url

    assert app.run(scenario()) == "about:blank"


def test_quick_exit_is_the_first_tab_stop(app):
    async def scenario():
        async with _page(app) as page:
            await page.goto(app.url + "/")
            await page.wait_for_selector("#rd-exit", state="visible")
            await wait_idle(page)
            await page.keyboard.press("Tab")
            return await page.evaluate("() => document.activeElement && document.activeElement.id")

    assert app.run(scenario()) == "rd-exit"


def test_tapping_a_phone_number__no_leave_the_site_prompt(app):
    """Chrome fires beforeunload for a tel: link that replaces the page; the services' links
    open outside the page (target=_blank), so the prompt never stands before a call. This
    keeps it so."""
    from .flow import complete

    async def scenario():
        async with _page(app) as page:
            dialogs: list[str] = []
            page.on("dialog", lambda dlg: dialogs.append(dlg.type) or asyncio.ensure_future(dlg.dismiss()))
            out = await complete(page, app.url, Case(answers={"strangulation": "yes"}), downloads=False)
            d = Driver(page, Case(), out)
            await d.press("nav_back", "to result", until="judgement_reason")
            link = page.locator('[data-testid="stMain"] a[href^="tel:"]').first
            await link.click()
            await page.wait_for_timeout(1000)
            return dialogs, await page.locator(key("judgement_reason")).count()

    dialogs, still_here = app.run(scenario())
    assert dialogs == [], dialogs
    assert still_here == 1


def test_quick_exit_with_a_dialog_open__one_click_leaves(app):
    """A modal dialog (here: save to a file) must not swallow the first click on quick exit."""
    async def scenario():
        async with _page(app) as page:
            d = await _to_first_section(page, app.url)
            await d.press("save_prepare", "prepare the save file", until="save_json")
            await page.locator("#rd-exit").click()
            await page.wait_for_url("about:blank", timeout=10_000)
            return page.url

    assert app.run(scenario()) == "about:blank"
