"""Shared helpers for the real-browser tests (async Playwright, run on the driver's loop).

Elements are found by the CSS class Streamlit gives a keyed widget's container,
`st-key-<key>`, never by label text (labels change with the language).
"""
from __future__ import annotations

import asyncio
import contextlib
import re
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

WIDTHS = (1280, 375)
HEIGHT = 900
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}

#: axe-core violations that belong to Streamlit's own markup, not to our content. Each entry
#: is (rule id, a CSS selector fragment that must appear in the violating node's target):
#: precise on purpose, so a violation in our content is never hidden. Listed in the report.
FRAMEWORK_A11Y: list[tuple[str, str]] = []


def key(name: str) -> str:
    """CSS selector of a keyed widget's container."""
    return f".st-key-{name}"


@dataclass
class App:
    driver: Any
    url: str
    server: Any
    artifacts: Path

    def run(self, coro, timeout: float = 240):
        return self.driver.run(coro, timeout)

    @property
    def browser(self):
        return self.driver.browser


class RunWatch:
    """Counts the script runs the server reports finished for one page, read from the
    websocket (Streamlit's ForwardMsg.script_finished). The DOM's script state is not enough:
    under load the client shows "running" only once the server starts the run, and a fast run
    may never show it at all."""

    def __init__(self) -> None:
        self.finished = 0
        self.changed = asyncio.Event()

    def attach(self, page) -> None:
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame)
                if "_stcore/stream" in ws.url else None)

    def _frame(self, payload) -> None:
        if isinstance(payload, str):
            return
        try:
            msg = ForwardMsg.FromString(payload)
        except Exception:  # not a ForwardMsg: nothing to count
            return
        if msg.WhichOneof("type") == "script_finished" and msg.script_finished in (
                ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY):
            self.finished += 1
            self.changed.set()


_WATCHES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def watch(page) -> RunWatch:
    if page not in _WATCHES:  # normally attached by new_context's "page" handler
        _WATCHES[page] = RunWatch()
        _WATCHES[page].attach(page)
    return _WATCHES[page]


async def new_context(app: App, locale: str = "fr-BE", width: int = WIDTHS[0], **kw):
    """A fresh, isolated browser context (its own cookies, storage, websocket session)."""
    ctx = await app.browser.new_context(locale=locale, viewport={"width": width, "height": HEIGHT},
                                        accept_downloads=True, timezone_id="Europe/Brussels", **kw)
    ctx.set_default_timeout(30_000)

    ctx.on("page", watch)
    return ctx


async def runs(page) -> int:
    return watch(page).finished


async def wait_run(page, before: int, timeout: float = 60.0) -> None:
    """Wait until the server has finished a run after the count `before` was read."""
    w = watch(page)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while w.finished <= before:
        w.changed.clear()
        remaining = deadline - loop.time()
        if remaining <= 0:
            raise TimeoutError(f"no script run finished within {timeout:.0f} s")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(w.changed.wait(), remaining)


def record_requests(ctx, sink: list[str]) -> None:
    ctx.on("request", lambda request: sink.append(request.url))


def off_loopback(urls: list[str]) -> list[str]:
    """Requests whose host is not the loopback interface (data:/blob: URLs stay in the page)."""
    bad = []
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about"):
            continue
        if (parts.hostname or "") not in LOOPBACK:
            bad.append(url)
    return bad


async def wait_idle(page, timeout: float = 20_000, grace_ms: int = 120) -> None:
    """Wait until the page shows no run in progress and nothing stale. Without a RunWatch
    count (see wait_run) a just-triggered run may not have started yet: `grace_ms` lets it."""
    if grace_ms:
        await page.wait_for_timeout(grace_ms)
    await page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]',
                                 state="attached", timeout=timeout)
    # the skeleton / stale elements fade while running: wait until nothing is stale
    await page.wait_for_function(
        "() => !document.querySelector('[data-stale=\"true\"]')", timeout=timeout)


async def open_app(page, url: str, query: str = "") -> None:
    await page.goto(url + "/" + (("?" + query) if query else ""))
    await page.wait_for_selector('[data-testid="stApp"]', timeout=30_000)
    await page.wait_for_selector('[data-testid="stMainBlockContainer"] h1, '
                                 '[data-testid="stMainBlockContainer"] [class*="st-key-"]',
                                 timeout=30_000)
    await wait_idle(page)


async def main_text(page) -> str:
    """The page's main text; French non-breaking spaces (« élevé » :) read as plain spaces."""
    return (await page.inner_text('[data-testid="stMain"]')).replace("\u00a0", " ").replace("\u202f", " ")


async def screenshot(page, artifacts: Path, name: str) -> list[Path]:
    """Full-length screenshots of the current stage at 1280 px and 375 px, then back.

    Streamlit scrolls inside its main container, not the body, so the viewport is made as
    tall as the content for the shot."""
    original = page.viewport_size
    paths = []
    for width in WIDTHS:
        await page.set_viewport_size({"width": width, "height": HEIGHT})
        await page.wait_for_timeout(150)
        height = await page.evaluate(
            "() => Math.max(...[...document.querySelectorAll("
            "'[data-testid=\"stMain\"], [data-testid=\"stAppViewContainer\"], body')]"
            ".map(e => e.scrollHeight))")
        await page.set_viewport_size({"width": width, "height": min(max(HEIGHT, height), 8000)})
        await page.wait_for_timeout(150)
        path = artifacts / f"{re.sub(r'[^a-z0-9_-]+', '-', name.lower())}-{width}.png"
        await page.screenshot(path=str(path))
        paths.append(path)
    await page.set_viewport_size(original)
    return paths


async def axe(page, source: str) -> list[dict]:
    """Serious and critical axe-core violations on the page, minus the framework's own ones."""
    if not await page.evaluate("() => typeof window.axe !== 'undefined'"):
        await page.add_script_tag(content=source)
    result = await page.evaluate(
        "async () => { const r = await axe.run(document, {resultTypes: ['violations']});"
        " return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => ({target: n.target.join(' '), impact: n.impact,"
        " html: n.html.slice(0, 300), summary: n.failureSummary}))})); }")
    found = []
    for violation in result:
        nodes = [n for n in violation["nodes"]
                 if (n["impact"] or violation["impact"]) in ("serious", "critical")
                 and not any(rule == violation["id"] and frag in n["target"]
                             for rule, frag in FRAMEWORK_A11Y)]
        if nodes:
            found.append({**violation, "nodes": nodes})
    return found


def describe(violations: list[dict]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']}\n" + "\n".join(
        f"    {n['target'][-120:]}: {n['html'][:160]}\n      {' '.join((n['summary'] or '').split())[:300]}"
        for n in v["nodes"]) for v in violations)
