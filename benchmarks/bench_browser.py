"""The app in a real browser (headless Debian chromium, the harness of tests/browser):

* cold start: `streamlit run app.py` spawned -> first question rendered and the script idle,
  beside the same for a one-line app (benchmarks/floors/oneline.py, one radio). Target <= 1.3x.
* memory: server RSS growth per additional browser session, 10 sessions kept open, beside the
  one-line app. Target <= 1.5x. RSS is read from /proc/<pid>/status (VmRSS).
* effort: mouse clicks and key presses to complete a full assessment, counted in the page
  (trusted mousedown / keydown events). Target: one per question plus at most 8; the referral
  sheet downloaded at most 2 clicks after the result (from the result page). By keyboard,
  the keys from one question to the next (Tab, arrows, Enter), target at most 3 for every one.
* questions per phone screen: each section's page at 375 x 812 (the height she scrolls: the
  main area's scroll height, chrome included) divided by its questions; per language, target at
  least 3 on average (all questions x 812 / all section heights).

* clicks: one full assessment by mouse (`tests/browser/flow.complete`, every
  question answered, both files downloaded) against a fresh server, after a first one that
  loads what a process loads once: server CPU for the whole
  assessment, server CPU per answer click on the question pages, and the wall time of an answer
  click until the page is idle again (median), read from /proc/<pid>/stat.

`--only effort,screens,clicks` runs just those parts (no server spawned seven times).

The browser is launched once (its own start-up is not the app's); every session is a fresh
browser context. Ours and the floor alternate so that machine noise hits both alike.
"""
from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

from common import Row, Stat, ratio_row, table, write

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import Driver, start_server, stop_server  # noqa: E402
from tests.browser.helpers import new_context  # noqa: E402

COLD_RUNS = 7
MEMORY_RUNS = 3
SESSIONS = 10
#: script, the widget that is its first question.
OURS = ("app.py", "mode")
FLOOR = ("benchmarks/floors/oneline.py", "q")
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'

#: Counts what the person does, in the page itself: one mousedown per click, one keydown per key.
COUNTER_JS = """
window.__effort = {clicks: 0, keys: 0};
document.addEventListener('mousedown', e => { if (e.isTrusted) window.__effort.clicks++; }, true);
document.addEventListener('keydown', e => { if (e.isTrusted) window.__effort.keys++; }, true);
"""


def cpu_ms(pid: int) -> float:
    """CPU time (user + system) the process has used so far, in ms: robust when the machine is
    shared, where wall time also counts the wait for a free core."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def vm_rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for pid {pid}")


#: In the page, checked on every animation frame: the first question is visible and the script
#: idle. Returns the wall-clock time (ms since the epoch) of the frame where that first held.
#: Playwright's own wait_for_selector polls with a back-off (0, 20, 50, 100, 100, then every
#: 500 ms), so a question drawn 300 ms after the wait began was only seen 500 ms later: that
#: quantisation, not the app, made the earlier cold-start figures bimodal (1.0-1.2 s vs 1.5-1.6 s).
DRAWN_JS = """widget => {
  const r = document.querySelector(`.st-key-${widget} [role="radiogroup"]`);
  if (!r || !document.querySelector('IDLE_SELECTOR')) return false;
  const b = r.getBoundingClientRect();
  return b.width > 0 && b.height > 0 && performance.timeOrigin + performance.now();
}""".replace("IDLE_SELECTOR", IDLE)


async def first_question(browser_app, url: str, widget: str):
    """Open a fresh session; return (context, wall-clock epoch ms at which its first question was
    drawn with the script idle, as seen by the page itself on an animation frame)."""
    ctx = await new_context(browser_app)
    page = await ctx.new_page()
    await page.goto(url + "/", wait_until="commit")
    handle = await page.wait_for_function(DRAWN_JS, arg=widget, polling="raf", timeout=60_000)
    return ctx, float(await handle.json_value())


class _App:  # what tests.browser.helpers.new_context needs
    def __init__(self, driver):
        self.browser = driver.browser


def cold_start(driver, script: str, widget: str) -> tuple[float, float, float]:
    """(spawn -> healthy, spawn -> first question drawn, server CPU until then) in ms, one fresh
    server. Spawn and drawn are both wall-clock epoch times (the same clock, one machine)."""
    spawned = time.time() * 1000
    server = start_server(script=script, poll=0.02)
    healthy = time.time() * 1000 - spawned
    try:
        async def go():
            ctx, drawn = await first_question(_App(driver), server.url, widget)
            used = cpu_ms(server.proc.pid)  # before the session closes
            await ctx.close()
            return drawn, used
        drawn, used = driver.run(go())
        return healthy, drawn - spawned, used
    finally:
        stop_server(server)


def memory(driver, script: str, widget: str) -> tuple[float, list[int]]:
    """KiB of server RSS per additional session (least-squares slope over sessions 1..SESSIONS),
    and the RSS after each session."""
    server = start_server(script=script, poll=0.05)
    contexts, rss = [], []
    try:
        async def one():
            ctx, _ = await first_question(_App(driver), server.url, widget)
            contexts.append(ctx)

        for _ in range(SESSIONS):
            driver.run(one())
            time.sleep(0.1)  # let the server finish the session's bookkeeping
            rss.append(vm_rss_kib(server.proc.pid))

        async def close_all():
            for ctx in contexts:
                await ctx.close()
        driver.run(close_all())
    finally:
        stop_server(server)
    xs = range(1, len(rss) + 1)
    mx, my = statistics.fmean(xs), statistics.fmean(rss)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, rss, strict=True)) / sum((x - mx) ** 2 for x in xs)
    return slope, rss


#: Languages in which the questions per phone screen are measured (French, German: long words;
#: Arabic: right to left).
SCREEN_LANGS = ("fr", "de", "ar", "nl", "en")
PHONE = {"width": 375, "height": 812}
SECTION_HEIGHT_JS = """() => { const m = document.querySelector('[data-testid="stMain"]');
  return {height: m.scrollHeight, questions: m.querySelectorAll('[class*="st-key-ans_"] [role="radiogroup"]').length}; }"""


def screens(driver) -> list[Row]:
    """Questions per phone screen, per language: every section's page at 375 x 812, all
    questions unanswered, every "why we ask" closed (as she first sees it)."""
    from tests.browser.flow import Case, Outcome, questionnaire
    from tests.browser.flow import Driver as FlowDriver
    from tests.browser.helpers import key, wait_idle

    q = questionnaire()
    server = start_server()
    rows = []
    try:
        for lang in SCREEN_LANGS:
            async def run():
                ctx = await new_context(_App(driver), locale=lang, width=PHONE["width"])
                page = await ctx.new_page()
                await page.set_viewport_size(PHONE)
                d = FlowDriver(page, Case(), Outcome())
                await page.goto(f"{server.url}/?lang={lang}")
                await page.wait_for_selector(key("start"), state="visible", timeout=60_000)
                await wait_idle(page)
                await d.press("start", "start", until="safe_to_talk")
                await d.press("nav_next", "to questions", until=f"ans_{q.sections[0].items[0].id}")
                found = []
                for n, _section in enumerate(q.sections):
                    await wait_idle(page)
                    await page.wait_for_timeout(200)  # layout after the last delta
                    found.append(await page.evaluate(SECTION_HEIGHT_JS))
                    last = n + 1 == len(q.sections)
                    nxt = f"review_edit_{q.sections[0].id}" if last else f"ans_{q.sections[n + 1].items[0].id}"
                    await d.press("nav_next", "next", until=nxt)
                await ctx.close()
                return found

            found = driver.run(run(), timeout=300)
            heights = [f["height"] for f in found]
            counts = [f["questions"] for f in found]
            per_screen = sum(counts) * PHONE["height"] / sum(heights)
            row = Row(f"questions per phone screen ({lang}, 375x812)", "q/screen",
                      Stat(round(per_screen, 2), round(min(c * PHONE["height"] / h for c, h in zip(counts, heights, strict=True)), 2),
                           round(max(c * PHONE["height"] / h for c, h in zip(counts, heights, strict=True)), 2), len(found)),
                      target=">= 3", met=per_screen >= 3,
                      notes={"section_heights_px": heights, "questions": counts,
                             "px_per_question": [round(h / c) for c, h in zip(counts, heights, strict=True)]})
            rows.append(row)
    finally:
        stop_server(server)
    return rows


def effort(driver) -> list[Row]:
    """A full assessment by mouse (every question answered, nothing typed: free text is
    optional), then by keyboard only; counted in the page."""
    from tests.browser.flow import Case, Outcome, complete, questionnaire
    from tests.browser.flow import Driver as FlowDriver

    q = questionnaire()
    answers = dict.fromkeys(q.item_ids, "no") | {"strangulation": "yes", "escalation": "unknown"}
    asked = len(q.item_ids) + 3  # + safe to talk, alone, consent (before the questions)
    server = start_server()
    counts: dict[str, dict[str, int]] = {}
    try:
        for mode in ("mouse", "keyboard"):
            case = Case(answers=answers, keyboard=mode == "keyboard")

            async def run():
                ctx = await new_context(_App(driver))
                await ctx.add_init_script(COUNTER_JS)
                page = await ctx.new_page()
                seen = {}

                async def on_stage(page_, name):
                    seen[name] = await page_.evaluate("() => ({...window.__effort})")

                # The sheet from the result page: its "prepare" button, then the download.
                out = await complete(page, server.url, case, on_stage=on_stage, downloads=False,
                                     referral=False)
                seen["per_question"] = out.keys_per_question
                pdf = await FlowDriver(page, case, Outcome()).download("pdf_download")
                if not pdf.startswith(b"%PDF-"):
                    raise RuntimeError(f"the referral sheet download is not a PDF: {pdf[:40]!r}")
                seen["pdf"] = await page.evaluate("() => ({...window.__effort})")
                await ctx.close()
                return seen

            counts[mode] = driver.run(run(), timeout=600)
    finally:
        stop_server(server)
    rows = []
    limit = asked + 8
    for mode, unit in (("mouse", "actions"), ("keyboard", "keys")):
        for stage, what in (("result", "to result"), ("pdf", "to sheet PDF")):
            c = counts[mode][stage]
            n = c["clicks"] + c["keys"]
            label = "keyboard only" if mode == "keyboard" else mode
            row = Row(f"effort: {label}, {what} ({asked} q.)", unit, Stat(n, n, n, 1),
                      notes={"clicks": c["clicks"], "keys": c["keys"], "questions": asked})
            # The targets: completing the assessment (reaching its result) in questions
            # + 8; the sheet at most 2 more ("prepare" on the result page, so that it holds the
            # field typed last; the download in its dialog).
            if mode == "mouse" and stage == "result":
                row.target, row.met = f"<= {limit}", n <= limit
            if mode == "mouse" and stage == "pdf":
                at_result = counts[mode]["result"]["clicks"] + counts[mode]["result"]["keys"]
                row.target, row.met = f"<= result + 2 ({at_result + 2})", n <= at_result + 2
            rows.append(row)
    per_question = counts["keyboard"]["per_question"]  # (widget, keys) for every question asked
    keys = [n for _widget, n in per_question]
    worst = [w for w, n in per_question if n == max(keys)]
    rows.append(Row(f"effort: keys from one question to the next ({len(keys)} q.)", "keys",
                    Stat(round(statistics.fmean(keys), 2), min(keys), max(keys), len(keys)),
                    target="max <= 3", met=max(keys) <= 3,
                    notes={"per_question": dict(per_question), "most": worst[:5]}))
    return rows


CLICK_RUNS = 3


def clicks(driver) -> list[Row]:
    """Server CPU per completed assessment and per answer click (see the module docstring).
    The server's CPU is read before the page is opened, when each stage is filled and at the
    end: the question pages' share is divided by their answer clicks (it also holds the five
    "next part" runs, the same before and after a change)."""
    from tests.browser.flow import Case, complete, questionnaire

    q = questionnaire()
    answers = dict.fromkeys(q.item_ids, "no") | {"strangulation": "yes", "escalation": "unknown"}
    total, per_click, click_ms, rss = [], [], [], []
    for _ in range(CLICK_RUNS):
        server = start_server()
        try:
            case = Case(answers=answers)

            async def run():
                # A first assessment loads what a process loads once (questionnaire, catalogs,
                # directories, ReportLab): not part of what one more assessment costs.
                warm = await new_context(_App(driver))
                await complete(await warm.new_page(), server.url, case)
                await warm.close()
                ctx = await new_context(_App(driver))
                page = await ctx.new_page()
                at = {}

                async def on_stage(page_, name):
                    at[name] = cpu_ms(server.proc.pid)

                began = cpu_ms(server.proc.pid)
                out = await complete(page, server.url, case, on_stage=on_stage)
                ended = cpu_ms(server.proc.pid)
                rss.append(vm_rss_kib(server.proc.pid) / 1024)
                await ctx.close()
                return began, ended, at, out

            began, ended, at, out = driver.run(run(), timeout=600)
        finally:
            stop_server(server)
        sections = [name for name in at if name.startswith("section-")]
        total.append(ended - began)
        per_click.append((at[sections[-1]] - at["before"]) / len(answers))
        click_ms.append(statistics.median(ms for label, ms in out.latencies if label.startswith("answer ans_")))
    return [
        Row("clicks: server CPU per completed assessment", "ms", Stat.of(total)),
        Row(f"clicks: server CPU per answer click ({len(answers)} q.)", "ms", Stat.of(per_click)),
        Row("clicks: answer click to idle page (median)", "ms", Stat.of(click_ms)),
        Row("clicks: server RSS after two assessments", "MiB", Stat.of(rss)),
    ]


def main() -> int:
    only = set()
    if "--only" in sys.argv:
        only = set(sys.argv[sys.argv.index("--only") + 1].split(","))
    driver = Driver()
    problem = driver.run(driver._launch(), timeout=60)
    if problem:
        driver.close()
        print(problem)
        return 1
    rows = []
    failed = ""
    began = time.perf_counter()

    def done(what: str) -> None:
        print(f"  {what} done after {time.perf_counter() - began:.0f} s", flush=True)

    try:
        if only:
            for part, fn in (("screens", screens), ("effort", effort), ("clicks", clicks)):
                if part in only:
                    try:
                        rows += fn(driver)
                    except Exception as exc:
                        failed = f"{part}: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
                        print("FAILED", failed)
                    done(part)
            return _report(rows, failed, name="browser-" + "-".join(sorted(only)))
        samples = {"ours": [], "floor": []}
        health = {"ours": [], "floor": []}
        cpu = {"ours": [], "floor": []}
        for _ in range(COLD_RUNS):
            for name, (script, widget) in (("ours", OURS), ("floor", FLOOR)):
                healthy, total, used = cold_start(driver, script, widget)
                health[name].append(healthy)
                cpu[name].append(used)
                samples[name].append(total)
        rows.append(ratio_row("cold start: spawn to first question", samples["ours"], samples["floor"],
                              "one-line app", limit=1.3,
                              server_healthy_ms=round(statistics.median(health["ours"])),
                              floor_server_healthy_ms=round(statistics.median(health["floor"]))))
        rows.append(ratio_row("cold start: server CPU to first question", cpu["ours"], cpu["floor"],
                              "one-line app", limit=None))
        done("cold start")
        slopes = {"ours": [], "floor": []}
        rss = {}
        for _ in range(MEMORY_RUNS):
            for name, (script, widget) in (("ours", OURS), ("floor", FLOOR)):
                slope, trace = memory(driver, script, widget)
                slopes[name].append(slope)
                rss[name] = trace
        rows.append(ratio_row(f"memory: server RSS per extra session (of {SESSIONS})",
                              slopes["ours"], slopes["floor"], "one-line app", limit=1.5, unit="KiB",
                              rss_after_1_and_10_mib=[round(rss["ours"][0] / 1024), round(rss["ours"][-1] / 1024)],
                              floor_rss_after_1_and_10_mib=[round(rss["floor"][0] / 1024),
                                                            round(rss["floor"][-1] / 1024)]))
        done("memory")
        for part, fn in (("screens", screens), ("effort", effort), ("clicks", clicks)):
            try:
                rows += fn(driver)
            except Exception as exc:  # keep the other figures; the run still fails
                failed = f"{part}: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
                print("FAILED", failed)
            done(part)
    finally:
        driver.close()
    return _report(rows, failed)


def _report(rows: list[Row], failed: str, name: str = "browser") -> int:
    print(table(rows))
    for row in rows:
        if row.notes:
            print(f"  {row.name}: {row.notes}")
    print("written", write(rows, name))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
