"""The shipped deployment (deploy/): 3 instances behind Debian's nginx, driven in Chromium.

Round robin broke three things on main: downloads from `/media/` (404), resume
uploads (`/_stcore/upload_file`, HTTP 400) and reconnection after a cut (a new, empty session
on another instance). Here the browser reaches nginx through a cuttable TCP proxy, completes an
assessment with both downloads, loses the connection for 3 s, gets it back, downloads again,
and a second browser (another routing cookie) resumes the saved file. Along the way: nginx's
headers on every response, JavaScript compressed, no Content-Security-Policy violation in the
console, and an access log without query strings.
"""
from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import urllib.request
from pathlib import Path

import pytest

from assessment.i18n import available
from deploy.local import NGINX, Cluster, first_paint_css

from .conftest import _unavailable
from .flow import Case, Driver, Outcome, complete, questionnaire
from .helpers import App, key, new_context, wait_idle
from .proxy import CuttableProxy

pytestmark = pytest.mark.browser

ONLINE = '[data-testid="stApp"][data-test-connection-state="CONNECTED"]'
OFFLINE = '[data-testid="stApp"]:not([data-test-connection-state="CONNECTED"])'
CASE_CODE = "RD-DEPLOY-7"


def _needs_nginx() -> None:
    if not Path(NGINX).exists():
        _unavailable(f"nginx is not installed ({NGINX}; apt-get install nginx)")


class Seen:
    """What the browser received: responses' headers, console CSP violations, page errors."""

    def __init__(self) -> None:
        self.documents: list[dict] = []
        self.scripts: list[tuple[str, dict]] = []
        self.csp: list[str] = []
        self.errors: list[str] = []

    def attach(self, page) -> None:
        page.on("response", self._response)
        page.on("console", lambda m: self.csp.append(m.text)
                if "Content Security Policy" in m.text or "Content-Security-Policy" in m.text else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    async def _response(self, response) -> None:
        kind = response.request.resource_type
        if kind == "document":
            self.documents.append(await response.all_headers())
        elif kind == "script" or response.url.endswith(".js"):
            self.scripts.append((response.url, await response.all_headers()))


async def _collect_violations(page) -> list[str]:
    return await page.evaluate("() => window.__rdViolations || []")


DIRECTION_JS = """() => [getComputedStyle(document.querySelector('.stApp')).direction,
                        document.documentElement.dataset.rdDir]"""
VIOLATIONS_JS = """document.addEventListener('securitypolicyviolation', e => {
  (window.__rdViolations = window.__rdViolations || []).push(e.violatedDirective + ' ' + e.blockedURI);
});"""


async def _resume(page, url: str, data: bytes, seen: Seen) -> None:
    """Open the start page and resume from `data` (the upload goes through nginx)."""
    await page.goto(url + "/?lang=fr")
    await page.wait_for_selector(key("start"), state="visible", timeout=60_000)
    await wait_idle(page)
    await page.locator('[data-testid="stExpander"] summary').first.click()
    await page.wait_for_selector(key("resume_upload"), state="visible")
    await page.locator(key("resume_upload")).locator('input[type="file"]').set_input_files(
        files=[{"name": "evaluation.json", "mimeType": "application/json", "buffer": data}])
    first = questionnaire().sections[0].id
    await page.wait_for_selector(key(f"review_edit_{first}"), state="visible", timeout=30_000)
    await wait_idle(page)


def _doc(data: bytes) -> dict:
    doc = json.loads(data)
    return {k: doc.get(k) for k in ("questionnaire", "version", "answers", "referral", "judgement")}


def test_three_instances_behind_nginx__assessment_downloads_cut_and_resume__nothing_lost(driver, artifacts):
    _needs_nginx()
    q = questionnaire()
    answers = {q.sections[0].items[0].id: "yes", q.sections[0].items[1].id: "no",
               q.sections[-1].items[0].id: "unknown"}
    case = Case(answers=answers, texts={"case_code": CASE_CODE, "safe_contact": "mobile après 18 h"})
    with Cluster(instances=3) as cluster:
        proxy = CuttableProxy(cluster.port)
        app = App(driver=driver, url=proxy.url, server=None, artifacts=artifacts)

        async def scenario():
            seen = Seen()
            ctx = await new_context(app)
            await ctx.add_init_script(VIOLATIONS_JS)
            page = await ctx.new_page()
            seen.attach(page)
            try:
                out = await complete(page, proxy.url, case)
                await page.screenshot(path=str(artifacts / "deploy-nginx-referral.png"), full_page=True)
                # A 3 s cut between the browser and nginx, then the same session again.
                proxy.cut()
                await page.wait_for_selector(OFFLINE, state="attached", timeout=30_000)
                await asyncio.sleep(3)
                proxy.restore()
                await page.wait_for_selector(ONLINE, state="attached", timeout=60_000)
                await page.wait_for_timeout(1500)  # the reconnection's own run
                await wait_idle(page)
                lost = await page.evaluate(
                    "() => { const b = document.getElementById('rd-lost'); return b && !b.hidden ? b.innerText : null; }")
                code = await page.locator(key("case_code")).locator("input").input_value()
                again = await Driver(page, case, Outcome()).download("save_json")
                violations = await _collect_violations(page)

                # Another browser, another routing cookie: resume the file saved above.
                ctx2 = await new_context(app, locale="nl-BE")
                await ctx2.add_init_script(VIOLATIONS_JS)
                page2 = await ctx2.new_page()
                seen.attach(page2)
                try:
                    await _resume(page2, proxy.url, out.downloads["save_json"], seen)
                    await page2.screenshot(path=str(artifacts / "deploy-nginx-resumed.png"))
                    resumed = await Driver(page2, case, Outcome()).download("save_json")
                    violations += await _collect_violations(page2)
                finally:
                    await ctx2.close()
                return out, lost, code, again, resumed, violations, seen
            finally:
                await ctx.close()

        try:
            out, lost, code, again, resumed, violations, seen = app.run(scenario(), timeout=300)
        finally:
            proxy.close()
        log = cluster.access_log.read_text(encoding="utf-8")
        robots = urllib.request.urlopen(cluster.url + "/robots.txt", timeout=5).read().decode()

    # Both downloads (/media/ on the session's instance), with what was entered.
    assert not out.errors, out.errors
    saved = _doc(out.downloads["save_json"])
    assert saved["answers"] == answers
    assert out.downloads["pdf_download"].startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-", "-"], input=out.downloads["pdf_download"],
                              capture_output=True, check=True).stdout.decode()
        assert CASE_CODE in text
    # The cut: same session after it, on screen and on the server.
    assert lost is None, f"the session was lost after a 3 s cut: {lost}"
    assert code == CASE_CODE
    assert _doc(again) == saved
    # The resume upload reached the instance that holds the second browser's session.
    assert _doc(resumed)["answers"] == answers
    # Headers on the page itself, and the routing cookie set by nginx.
    first = seen.documents[0]
    assert "frame-ancestors 'none'" in first["content-security-policy"]
    assert first["referrer-policy"] == "no-referrer"
    assert first["x-content-type-options"] == "nosniff"
    assert "rd_node=" in first.get("set-cookie", "")
    assert "strict-transport-security" not in first  # plain HTTP on loopback: HSTS is for TLS
    # Nothing blocked by the policy, nothing broken.
    assert not violations and not seen.csp, (violations, seen.csp)
    assert not seen.errors, seen.errors
    # JavaScript compressed (brotli when Debian's module is installed, else gzip).
    big = [(u, h) for u, h in seen.scripts if "/static/" in u]
    assert big, "no script seen"
    # nginx leaves files under 1 kB (gzip_min_length) as they are: not worth a compression.
    plain = [(u, h.get("content-length")) for u, h in big
             if h.get("content-encoding") not in ("gzip", "br")
             and int(h.get("content-length") or 1 << 30) >= 1024]
    assert not plain, f"JavaScript served uncompressed: {plain[:3]}"
    assert sum(h.get("content-encoding") in ("gzip", "br") for _u, h in big) >= 5
    # Access log: paths only, no query string (the page was opened with ?lang=fr).
    assert "/_stcore/stream" in log and "/_stcore/upload_file" in log and "/media/" in log
    assert "?" not in log and "lang=" not in log and CASE_CODE not in log
    assert robots.split() == ["User-agent:", "*", "Disallow:", "/"]


def test_sub_path__root_redirects__upload_and_download_under_the_base_path(driver, artifacts):
    _needs_nginx()
    q = questionnaire()
    answers = {q.sections[0].items[0].id: "yes", q.sections[1].items[0].id: "unknown"}
    data = json.dumps({"questionnaire": q.id, "version": q.version, "answers": answers,
                       "mode": "real"}).encode()
    with Cluster(instances=2, base="rd") as cluster:
        root = f"http://127.0.0.1:{cluster.port}/"

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *a, **kw):
                return None

        try:
            urllib.request.build_opener(NoRedirect).open(root, timeout=5)
            status, location = 200, None
        except urllib.error.HTTPError as exc:
            status, location = exc.code, exc.headers.get("Location")
        app = App(driver=driver, url=cluster.url, server=None, artifacts=artifacts)

        async def scenario():
            seen = Seen()
            ctx = await new_context(app)
            await ctx.add_init_script(VIOLATIONS_JS)
            page = await ctx.new_page()
            seen.attach(page)
            try:
                # Arabic from the first paint (nginx marks the direction), French once chosen.
                await page.goto(cluster.url + "/?lang=ar")
                await page.wait_for_selector(key("start"), state="visible", timeout=60_000)
                await wait_idle(page)
                rtl = await page.evaluate(DIRECTION_JS)
                await page.locator(key("lang")).locator('label[data-testid="stRadioOption"]') \
                    .nth(available().index("fr")).click()
                await page.wait_for_function("() => document.documentElement.lang === 'fr'")
                await wait_idle(page)
                ltr = await page.evaluate(DIRECTION_JS)
                await _resume(page, cluster.url, data, seen)
                cookie = [c for c in await ctx.cookies() if c["name"] == "rd_node"]
                saved = await Driver(page, Case(), Outcome()).download("save_json")
                return saved, cookie, await _collect_violations(page), seen, rtl, ltr
            finally:
                await ctx.close()

        saved, cookie, violations, seen, rtl, ltr = app.run(scenario(), timeout=180)
        head = urllib.request.urlopen(cluster.url + "/?lang=ar", timeout=5).read().decode()
    assert (status, location) == (302, "/rd/")
    assert cluster.url.endswith("/rd")
    assert _doc(saved)["answers"] == answers
    assert cookie and cookie[0]["path"] == "/rd/" and cookie[0]["httpOnly"]
    # The look and the direction are in the page's <head>, before Streamlit draws anything.
    assert '<html lang="en" data-rd-dir="rtl">' in head
    assert head.index(first_paint_css()[0]) < head.index("</head>")
    assert rtl == ["rtl", "rtl"], rtl
    assert ltr == ["ltr", "ltr"], ltr
    assert not violations and not seen.csp and not seen.errors, (violations, seen.csp, seen.errors)
