"""Cheaper clicks: an answer on a question page reruns the questions, not the page.

The server says which kind of run it finished on the WebSocket (ForwardMsg.script_finished:
FINISHED_SUCCESSFULLY for the whole page, FINISHED_FRAGMENT_RUN_SUCCESSFULLY for a fragment).
What must not change for her: the page still says her work would be lost (the guard's dirty
flag, ui/guard.py), the step and the progress bar are the same, Enter still moves on, and the
save file made at once holds the answer clicked and the note typed last.
"""
from __future__ import annotations

import json

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from .flow import Case, Driver, Outcome, questionnaire
from .helpers import key, new_context, wait_idle

pytestmark = pytest.mark.browser

GUARD_JS = ("() => { const all = document.querySelectorAll('#rd-guard'); const g = all[all.length - 1];"
            " return g ? {dirty: g.dataset.dirty, step: g.dataset.step} : null; }")
PROGRESS_JS = "() => document.querySelector('[data-testid=\"stProgress\"]').innerText"


def _finished_kinds(page) -> list[str]:
    """'page' or 'fragment' for each run the server reports finished, in order."""
    kinds: list[str] = []

    def frame(payload) -> None:
        if isinstance(payload, str):
            return
        try:
            msg = ForwardMsg.FromString(payload)
        except Exception:
            return
        if msg.WhichOneof("type") == "script_finished":
            kinds.append({ForwardMsg.FINISHED_SUCCESSFULLY: "page",
                          ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY: "fragment"}.get(
                msg.script_finished, str(msg.script_finished)))

    page.on("websocket", lambda ws: ws.on("framereceived", frame) if "_stcore/stream" in ws.url else None)
    return kinds


def test_an_answer_reruns_the_questions_only__guard_progress_and_save_file_stay_right(app):
    q = questionnaire()
    first, second, fourth = (q.sections[0].items[i].id for i in (0, 1, 3))
    note = "Canari-note-sans-commit"

    async def scenario():
        ctx = await new_context(app)
        page = await ctx.new_page()
        kinds = _finished_kinds(page)
        d = Driver(page, Case(), Outcome())
        try:
            await page.goto(app.url + "/")
            await page.wait_for_selector(key("start"), state="visible", timeout=60_000)
            await wait_idle(page)
            await d.press("start", "start", until="safe_to_talk")
            await d.press("nav_next", "to questions", until=f"ans_{first}")
            seen = {"guard_before": await page.evaluate(GUARD_JS),
                    "progress_before": await page.evaluate(PROGRESS_JS)}
            del kinds[:]
            await d.choose(f"ans_{first}", "yes")
            seen["runs_of_an_answer"] = list(kinds)
            seen["guard_after"] = await page.evaluate(GUARD_JS)
            seen["progress_after"] = await page.evaluate(PROGRESS_JS)
            # Enter on the next question chooses its focused option and moves the focus on.
            await page.locator(key(f"ans_{second}")).locator('input[type="radio"]').first.focus()
            await page.keyboard.press("Enter")
            await page.wait_for_function(
                "(s) => document.querySelector(s + ' input[type=radio]:checked')", arg=key(f"ans_{second}"))
            await wait_idle(page)
            seen["focus_after_enter"] = await page.evaluate(
                "() => { const c = document.activeElement && document.activeElement.closest('[class*=\"st-key-ans_\"]');"
                " return c ? [...c.classList].find(k => k.startsWith('st-key-ans_')).slice(7) : null; }")
            # A note typed and not committed, then an answer; then a new note and the save file
            # at once: the file holds both answers and the note typed last.
            field_ = page.locator(key(f"note_{q.sections[0].id}")).locator("textarea").first
            await field_.fill("Canari-note-avant")
            await d.choose(f"ans_{fourth}", "no")
            await field_.fill(note)
            await page.locator(key("save_prepare")).locator("button").first.click()
            await page.wait_for_selector(key("save_json"), state="visible")
            await wait_idle(page)
            async with page.expect_download() as info:
                await page.locator(key("save_json")).locator("button").first.click()
            dl = await info.value
            from pathlib import Path
            seen["saved"] = json.loads(Path(await dl.path()).read_bytes())
            await dl.delete()
            return seen
        finally:
            await ctx.close()

    seen = app.run(scenario())
    assert seen["runs_of_an_answer"] == ["fragment"], seen["runs_of_an_answer"]
    assert seen["guard_after"] == seen["guard_before"] == {"dirty": "1", "step": "questions:0"}
    assert seen["progress_after"] == seen["progress_before"]
    assert seen["focus_after_enter"] == f"ans_{q.sections[0].items[2].id}"
    saved = seen["saved"]
    assert {i: saved["answers"].get(i) for i in (first, second, fourth)} == {
        first: "yes", second: "yes", fourth: "no"}, saved["answers"]
    assert saved["referral"]["notes"][q.sections[0].id] == note


def test_language_switched_after_answers__answers_kept__the_questions_rerun_in_the_new_language(app):
    from assessment.i18n import available, translator

    q = questionnaire()
    first, second = q.sections[0].items[0].id, q.sections[0].items[1].id
    en = translator("en")

    async def scenario():
        ctx = await new_context(app)
        page = await ctx.new_page()
        kinds = _finished_kinds(page)
        d = Driver(page, Case(), Outcome())
        try:
            await page.goto(app.url + "/")
            await page.wait_for_selector(key("start"), state="visible", timeout=60_000)
            await wait_idle(page)
            await d.press("start", "start", until="safe_to_talk")
            await d.press("nav_next", "to questions", until=f"ans_{first}")
            await d.choose(f"ans_{first}", "yes")
            await page.locator(key("lang")).locator('label[data-testid="stRadioOption"]').nth(
                available().index("en")).click()
            await page.wait_for_function("() => document.documentElement.lang === 'en'", timeout=20_000)
            await wait_idle(page)
            del kinds[:]
            await d.choose(f"ans_{second}", "no")  # a fragment run after the switch
            checked = await page.evaluate(
                "(s) => [...document.querySelectorAll(s)].map(g => { const i = g.querySelector('input:checked');"
                " return i ? i.value : null; })", '[class*="st-key-ans_"] [role="radiogroup"]')
            return list(kinds), checked, await page.locator(key(f"ans_{second}")).inner_text()
        finally:
            await ctx.close()

    kinds, checked, label = app.run(scenario())
    assert checked[:2] == ["0", "1"] and checked[2:] == [None] * (len(checked) - 2)
    assert kinds == ["fragment"]
    assert en(q.sections[0].items[1].text) in label
