"""A whole assessment driven through the real UI, by widget keys only (async Playwright).

Shared by the flow, privacy and isolation tests and by benchmarks/load_sessions.py. The stage
order is discovered from the page (the widgets present), not hard-coded: a test fails on a
missing key, not on a renamed label.
"""
from __future__ import annotations

import contextlib
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

from assessment.loader import DEFAULT_QUESTIONNAIRE, default_registry

from .helpers import key, main_text, runs, wait_idle, wait_run

#: Option order of the UI's radios and selectboxes (ui/common.py, ui/before.py, ui/start.py,
#: ui/result.py). Radio inputs carry their option index as `value`.
ANSWER_OPTIONS = ("yes", "no", "unknown")
CONSENT_OPTIONS = ("given", "refused", "not_asked")
MODE_OPTIONS = ("real", "training")
LEVELS = ("low", "moderate", "high", "severe")
RADIO_OPTIONS = {"safe_to_talk": ANSWER_OPTIONS, "alone": ANSWER_OPTIONS,
                 "consent": CONSENT_OPTIONS, "mode": MODE_OPTIONS}

#: Free-text fields per stage, by widget key (the ones a professional may type into).
BEFORE_TEXTS = ("time_available", "safe_contact", "avoid", "consent_to")
#: Referral page: the button that prepares each file; the file's download is then in a dialog.
PREPARE = {"pdf_download": "pdf_prepare", "save_json": "save_prepare"}
REFERRAL_TEXTS = ("case_code", "pro_name", "pro_role", "pro_service", "pro_phone",
                  "situation", "children", "actions_taken", "victim_name")


def questionnaire():
    return default_registry().get(DEFAULT_QUESTIONNAIRE).questionnaire


def offered_levels(case: Case) -> list[str]:
    """The judgement list of ui/result.py: only the levels above the computed one."""
    from assessment.model import AssessmentDoc
    from assessment.scoring import score

    loaded = default_registry().get(DEFAULT_QUESTIONNAIRE)
    computed = score(loaded, AssessmentDoc(questionnaire=loaded.questionnaire.id,
                                           answers=case.answers)).computed_level
    return [level for level in LEVELS if LEVELS.index(level) > LEVELS.index(computed.value)]


def free_text_keys() -> list[str]:
    q = questionnaire()
    return (list(BEFORE_TEXTS) + [f"note_{s.id}" for s in q.sections] + ["open_concern"]
            + list(REFERRAL_TEXTS) + ["judgement_reason"])


@dataclass
class Case:
    """What one professional enters. Unlisted questions stay unanswered (count as unknown)."""
    answers: dict[str, str] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    safe_to_talk: str = "yes"
    alone: str = "yes"
    consent: str = "given"
    judgement: tuple[str, str] | None = None  # (level, reason), reason also in texts
    keyboard: bool = False

    @classmethod
    def with_canary(cls, canary: str, answers: dict[str, str], **kw) -> Case:
        """Every free-text field holds the canary (distinct per field, same prefix)."""
        texts = {k: f"{canary}-{k}" for k in free_text_keys()}
        return cls(answers=answers, texts=texts, **kw)


@dataclass
class Outcome:
    stages: dict[str, str] = field(default_factory=dict)  # stage name -> visible main text
    downloads: dict[str, bytes] = field(default_factory=dict)  # save_json / pdf_download
    latencies: list[tuple[str, float]] = field(default_factory=list)  # (interaction, ms)
    errors: dict[str, str] = field(default_factory=dict)  # download widget -> what failed
    keys_per_question: list[tuple[str, int]] = field(default_factory=list)  # keyboard: (widget, keys)


Hook = Callable[[object, str], Awaitable[None]]


async def present(page, name: str) -> bool:
    return await page.locator(key(name)).count() > 0


class Driver:
    """One session: clicks or keys, with the time each interaction takes until the app is idle."""

    def __init__(self, page, case: Case, outcome: Outcome):
        self.page, self.case, self.out = page, case, outcome
        self.before = 0
        self.keys = 0  # key presses so far (keyboard mode)

    async def key(self, name: str) -> None:
        await self.page.keyboard.press(name)
        self.keys += 1

    async def settle(self, label: str, start: float, until: str | None = None) -> None:
        """Wait for the run this interaction caused (self.before: run count before it)."""
        await wait_run(self.page, self.before)
        if until:
            await self.page.wait_for_selector(key(until), state="visible")
        await wait_idle(self.page, grace_ms=0)
        self.out.latencies.append((label, (time.perf_counter() - start) * 1000))

    async def tab_to(self, widget: str, inner: str = "") -> None:
        """Press Tab until the keyboard focus is inside the widget (as a keyboard user would):
        Shift+Tab when the widget comes before the focus on the page."""
        sel = key(widget) + (" " + inner if inner else "")
        for _ in range(120):
            where = await self.page.evaluate(
                "(sel) => { const a = document.activeElement; const all = [...document.querySelectorAll(sel)];"
                " if (a && a.closest && all.some(e => e === a || e.contains(a))) return 'in';"
                " if (!a || a === document.body || !all.length) return 'after';"
                " return (all[0].compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING) ? 'before' : 'after'; }",
                sel)
            if where == "in":
                return
            await self.key("Shift+Tab" if where == "before" else "Tab")
        raise AssertionError(f"{widget}: not reachable with the Tab key (120 presses)")

    async def focus_settled(self) -> None:
        """After a page change by keyboard: wait (briefly) for the page to place the focus."""
        with contextlib.suppress(Exception):  # a page without the focus script: Tab goes on from where it is
            await self.page.wait_for_function(
                "() => { const a = document.activeElement, m = document.querySelector('[data-testid=\"stMain\"]');"
                " return !!(a && m && m.contains(a) && !a.closest('.st-key-nav_next')); }", timeout=3000)

    async def choose(self, widget: str, value: str) -> None:
        options = RADIO_OPTIONS.get(widget, ANSWER_OPTIONS)
        index = options.index(value)
        group = self.page.locator(key(widget)).locator('[role="radiogroup"]')
        self.before = await runs(self.page)
        start = time.perf_counter()
        if self.case.keyboard:
            # The group is one Tab stop (on the checked option, else the first); the arrows
            # choose; Enter chooses the focused option when none is chosen and moves on to the
            # next question (ui/look.py). A new page starts on its first open question.
            keys = self.keys
            await self.tab_to(widget)
            checked = await group.locator('input[type="radio"]:checked').get_attribute("value") \
                if await group.locator('input[type="radio"]:checked').count() else None
            current = 0 if checked is None else int(checked)
            focused = await self.page.evaluate(
                "() => { const a = document.activeElement; return a && a.type === 'radio' ? +a.value : null; }")
            current = focused if focused is not None else current
            arrow = "ArrowRight" if await self._ltr() else "ArrowLeft"
            back = "ArrowLeft" if arrow == "ArrowRight" else "ArrowRight"
            for _ in range(abs(index - current)):
                await self.key(arrow if index > current else back)
            await self.key("Enter")
            self.out.keys_per_question.append((widget, self.keys - keys))
        else:
            await group.locator('label[data-testid="stRadioOption"]').nth(index).click()
        await self.page.wait_for_function(
            "([sel, v]) => { const i = document.querySelector(sel + ' input[type=radio]:checked');"
            " return i && i.value === v; }", arg=[key(widget), str(index)])
        await self.settle(f"answer {widget}", start)
        if self.case.keyboard:  # each arrow key may have caused its own run: let them all end
            await self.quiet()

    async def quiet(self, ms: int = 250) -> None:
        """Wait until no run has finished for `ms` and the page is idle."""
        while True:
            count = await runs(self.page)
            await self.page.wait_for_timeout(ms)
            if await runs(self.page) == count:
                await wait_idle(self.page, grace_ms=0)
                if await runs(self.page) == count:
                    return

    async def _ltr(self) -> bool:
        return await self.page.evaluate(
            "() => getComputedStyle(document.querySelector('.stApp')).direction !== 'rtl'")

    async def type_text(self, widget: str, text: str) -> None:
        field_ = self.page.locator(key(widget)).locator("input, textarea").first
        self.before = await runs(self.page)
        start = time.perf_counter()
        if self.case.keyboard:
            await self.tab_to(widget)
            await self.key("Control+A")
            await self.page.keyboard.type(text)
            await self.key("Tab")  # leaving the field commits it
        else:
            await field_.fill(text)
            await field_.blur()
        await self.settle(f"type {widget}", start)

    async def press(self, widget: str, label: str, until: str | None = None) -> None:
        button = self.page.locator(key(widget)).locator("button").first
        self.before = await runs(self.page)
        start = time.perf_counter()
        if self.case.keyboard:
            await self.tab_to(widget)
            await self.key("Enter")
        else:
            await button.click()
        await self.settle(label, start, until)
        if self.case.keyboard and until:
            await self.focus_settled()

    async def download(self, widget: str) -> bytes:
        """The file behind a download button. The referral page prepares each file first (its
        download sits in a dialog, ui/referral.py): the prepare click is part of the download,
        counted in its latency; a dialog still open from the file before is closed (Escape)."""
        button = self.page.locator(key(widget)).locator("button").first
        start = time.perf_counter()
        prepare = PREPARE.get(widget)
        if prepare and await self.page.locator('[role="dialog"]').count():
            await self.page.keyboard.press("Escape")
            await self.page.locator('[role="dialog"]').wait_for(state="detached")
        if prepare and await present(self.page, prepare):
            await self.press(prepare, f"prepare {widget}", until=widget)
        async with self.page.expect_download() as info:
            if self.case.keyboard:
                await self.tab_to(widget)
                await self.page.keyboard.press("Enter")
            else:
                await button.click()
        dl = await info.value
        data = Path(await dl.path()).read_bytes()
        await dl.delete()  # Playwright's temporary copy: the test keeps the bytes in memory only
        self.out.latencies.append((f"download {widget}", (time.perf_counter() - start) * 1000))
        return data

    async def pick(self, widget: str, index: int) -> None:
        """Choose option `index` of a selectbox by clicking (the list may need a second click
        when the first lands during a rerun)."""
        box = self.page.locator(key(widget)).locator("input").first
        options = self.page.locator('[role="listbox"] [role="option"]')
        for _attempt in range(4):
            await box.click()
            try:
                await options.nth(index).wait_for(state="visible", timeout=3000)
                break
            except Exception:
                await self.page.keyboard.press("Escape")
                await wait_idle(self.page)
        await options.nth(index).click()

    async def fill_texts(self, keys) -> None:
        for name in keys:
            if name in self.case.texts and await present(self.page, name):
                await self.type_text(name, self.case.texts[name])


async def complete(page, url: str, case: Case, query: str = "",
                   on_stage: Hook | None = None, downloads: bool = True,
                   referral: bool = True) -> Outcome:
    """Start -> before -> every section -> review -> result (+ judgement) -> referral (+ files).

    `on_stage(page, name)` runs on every stage once it is filled (screenshots, axe).
    `referral=False`: stop on the result page (its sheet is prepared from there)."""
    out = Outcome()
    d = Driver(page, case, out)
    q = questionnaire()

    async def stage(name: str) -> None:
        # A stage is there once its guard is (quick exit, translated skip link: ui/guard.py).
        await page.wait_for_selector("#rd-exit", state="attached", timeout=20_000)
        out.stages[name] = await main_text(page)
        if on_stage:
            await on_stage(page, name)

    start = time.perf_counter()
    await page.goto(url + "/" + (("?" + query) if query else ""))
    await page.wait_for_selector(key("start"), state="visible", timeout=60_000)
    d.before = -1  # the first run may have ended before the counter saw it running
    await d.settle("first page", start)
    await stage("start")
    await d.press("start", "start", until="safe_to_talk")

    # Before the questions.
    await d.choose("safe_to_talk", case.safe_to_talk)
    await d.choose("alone", case.alone)
    await d.choose("consent", case.consent)
    await d.fill_texts(BEFORE_TEXTS)
    await stage("before")
    await d.press("nav_next", "to questions", until=f"ans_{q.sections[0].items[0].id}")

    # One section at a time.
    for n, section in enumerate(q.sections):
        for item in section.items:
            if item.id in case.answers:
                await d.choose(f"ans_{item.id}", case.answers[item.id])
        await d.fill_texts([f"note_{section.id}", "open_concern"])
        await stage(f"section-{n + 1}-{section.id}")
        last = n + 1 == len(q.sections)
        nxt = f"review_edit_{q.sections[0].id}" if last else f"ans_{q.sections[n + 1].items[0].id}"
        await d.press("nav_next", "next section" if not last else "to review", until=nxt)

    await stage("review")
    # The region list is on every result page (the judgement block is not: none at the top level).
    await d.press("nav_next", "to result", until="region")
    await stage("result")
    if case.judgement:
        level, _reason = case.judgement
        offered = offered_levels(case)  # the list holds only the levels above the computed one
        d.before = await runs(page)
        if case.keyboard:
            # ArrowDown opens the list; like the mouse's `pick`, a second press when the first
            # landed while the page was still settling (the list did not open).
            for attempt in range(4):
                await d.tab_to("judgement_level")
                await d.key("ArrowDown")
                try:
                    await page.wait_for_selector('[role="listbox"] [role="option"]', timeout=3000)
                    break
                except Exception:
                    if attempt == 3:
                        raise
                    await wait_idle(page)
            for _ in range(offered.index(level)):
                await d.key("ArrowDown")
            await d.key("Enter")
        else:
            await d.pick("judgement_level", offered.index(level))
        await wait_run(page, d.before)
        await wait_idle(page)
        await d.fill_texts(["judgement_reason"])
        await d.press("judgement_apply", "apply judgement")
        await stage("result-judgement")

    if not referral:
        return out
    await d.press("nav_next", "to referral", until="erase")
    # The optional fields for the specialised service sit in a closed expander.
    if any(k in case.texts for k in ("situation", "children", "actions_taken")) and \
            not await page.locator(key("situation")).is_visible():
        await page.locator('[data-testid="stExpander"]', has=page.locator(key("situation"))) \
            .locator("summary").click()
        await page.wait_for_selector(key("situation"), state="visible")
    await d.fill_texts(REFERRAL_TEXTS)
    await stage("referral")
    if downloads:
        for widget in ("save_json", "pdf_download"):
            if await present(page, widget) or await present(page, PREPARE[widget]):
                try:
                    out.downloads[widget] = await d.download(widget)
                except Exception as exc:  # reported by the caller, after the other checks
                    out.errors[widget] = f"{type(exc).__name__}: {exc}"
    return out
