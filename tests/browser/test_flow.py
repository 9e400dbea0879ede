"""A full assessment in a real browser, by clicking and by keyboard only.

Every stage is screenshotted at 1280 px and 375 px and audited with axe-core. The result page
is checked against the core: the downloaded save file is scored by assessment.scoring and the
page must say that level, every reason and every alert, in words.
"""
from __future__ import annotations

import io
import json
import unicodedata

import pytest
from pypdf import PdfReader

from assessment.document import score_document
from assessment.i18n import translator
from assessment.loader import DEFAULT_QUESTIONNAIRE, default_registry
from assessment.model import LEVEL_ORDER, AssessmentDoc
from assessment.scoring import score
from assessment.wording import alert_label, level_label, rule_reason

from .flow import Case, complete, questionnaire
from .helpers import axe, describe, new_context, off_loopback, record_requests, screenshot

pytestmark = pytest.mark.browser

FR = translator("fr")
#: HTML, a script, Markdown and ReportLab markup: never interpreted, always shown literally.
HOSTILE = "<b>gras</b> <script>window.pwned=1</script> **étoiles** [lien](http://x.test) <img src=/etc/passwd>"


def all_items(default: str = "no", **answers: str) -> dict[str, str]:
    return {i: answers.get(i, default) for i in questionnaire().item_ids}


def expected(case: Case):
    loaded = default_registry().get(DEFAULT_QUESTIONNAIRE)
    doc = AssessmentDoc(questionnaire=loaded.questionnaire.id, answers=case.answers)
    return loaded, score(loaded, doc)


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return unicodedata.normalize("NFKC", "\n".join(p.extract_text() for p in reader.pages))


def squash(text: str) -> str:
    """Compare words, not layout: one space for every run of whitespace, NFKC."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def run_flow(app, case: Case, name: str, axe_source: str | None, shots: bool = True):
    """Complete `case`; screenshot (when `shots`) and audit (when axe_source) every stage."""
    violations: dict[str, list] = {}
    requests: list[str] = []

    async def on_stage(page, stage):
        if shots:
            await screenshot(page, app.artifacts, f"{name}-{stage}")
        if axe_source:
            found = await axe(page, axe_source)
            if found:
                violations[stage] = found

    async def scenario():
        ctx = await new_context(app)
        record_requests(ctx, requests)
        page = await ctx.new_page()
        try:
            return await complete(page, app.url, case, on_stage=on_stage)
        except Exception:
            await screenshot(page, app.artifacts, f"{name}-FAILED")
            raise
        finally:
            await ctx.close()

    return app.run(scenario()), violations, requests


def check_result_page(out, case: Case, stage: str = "result"):
    """The result page says the core's level in words, every reason, every alert (first)."""
    loaded, result = expected(case)
    text = squash(out.stages[stage])
    assert squash(level_label(result.computed_level, FR)) in text
    for rule in result.rules:
        assert squash(rule_reason(rule, loaded, result, FR)) in text, rule.id
    alerts = [squash(alert_label(loaded, a, FR)) for a in result.alerts]
    for alert in alerts:
        assert alert in text, alert
    if alerts:  # alerts come before the level
        assert max(text.index(a) for a in alerts) < text.index(squash(level_label(result.computed_level, FR)))
    return loaded, result


def test_full_assessment__by_clicking__result_files_and_axe_on_every_stage(app, axe_source):
    answers = all_items(strangulation="yes", coercive_control="yes", injury="yes",
                        firearm_access="unknown", children_present="yes")
    del answers["substance_abuse"]  # unanswered: must count as unknown, never as no
    case = Case(answers=answers, judgement=("severe", "Il l'attend devant l'école chaque soir."),
                texts={"case_code": "CLICK-42", "safe_contact": "portable après 18 h",
                       "judgement_reason": "Il l'attend devant l'école chaque soir.",
                       "pro_role": "infirmière", "note_violences": "bleus au cou",
                       "open_concern": HOSTILE})
    _loaded, result = expected(case)
    assert LEVEL_ORDER.index(result.computed_level) < LEVEL_ORDER.index(case.judgement and
                                                                        __import__("assessment.model", fromlist=["Level"]).Level.severe)
    out, violations, requests = run_flow(app, case, "click", axe_source)

    check_result_page(out, case)
    assert "medical" in result.alerts
    # Unknown and unanswered are said on the review page, never shown as "no".
    assert "substance_abuse" in result.unknown and "firearm_access" in result.unknown
    assert "à clarifier" in out.stages["review"]
    # Judgement: computed and final levels both shown, with the reason.
    judged = squash(out.stages["result-judgement"])
    assert squash(level_label(result.computed_level, FR)) in judged
    assert squash(level_label(result.computed_level.__class__("severe"), FR)) in judged
    assert "Il l'attend devant l'école chaque soir." in judged

    assert not out.errors, out.errors
    # The save file is the session, and re-scores to the level the page shows.
    saved = json.loads(out.downloads["save_json"])
    assert saved["answers"] == case.answers
    assert saved["judgement"] == {"level": "severe", "rationale": case.judgement[1]}
    assert saved["referral"]["case_code"] == "CLICK-42"
    _doc, _loaded, rescored = score_document(out.downloads["save_json"])
    assert rescored.level.value == "severe" and rescored.computed_level == result.computed_level

    # The referral sheet, read back with pypdf.
    pdf = out.downloads["pdf_download"]
    assert pdf.startswith(b"%PDF")
    text = squash(pdf_text(pdf))
    assert "CLICK-42" in text
    assert squash(level_label(rescored.level, FR)) in text
    assert "Il l'attend devant l'école chaque soir." in text
    # Markup typed by a person shows as typed, on screen and on the sheet.
    assert HOSTILE in out.stages["review"]
    assert squash(HOSTILE) in text

    assert not off_loopback(requests), off_loopback(requests)
    assert not violations, "\n".join(f"[{s}]\n{describe(v)}" for s, v in violations.items())
    assert "Traceback" not in app.server.text()


def test_full_assessment__keyboard_only(app):
    """Tab to every widget, Space / arrows for answers, Enter for buttons and the level list."""
    answers = all_items(victim_suicidal="yes", separation="unknown", jealousy="yes")
    case = Case(answers=answers, keyboard=True, judgement=("severe", "Elle a déjà fait une tentative."),
                texts={"case_code": "KEYS-7", "judgement_reason": "Elle a déjà fait une tentative.",
                       "note_elle": "parle de partir"})
    out, _violations, _requests = run_flow(app, case, "keyboard", None, shots=False)
    _loaded, result = check_result_page(out, case)
    assert not out.errors, out.errors
    assert "suicide" in result.alerts
    saved = json.loads(out.downloads["save_json"])
    assert saved["answers"] == case.answers
    assert saved["judgement"]["level"] == "severe"
    assert saved["referral"]["notes"] == {"elle": "parle de partir"}


def test_two_concurrent_contexts__never_see_each_others_answers(app):
    """Two professionals at the same time, interleaved step by step: each review page shows
    only its own answers and note."""
    from .flow import Driver, Outcome
    from .helpers import key, wait_idle

    first = questionnaire().sections[0]
    plans = {"A": ("yes", "NOTE-ALPHA-5f1c"), "B": ("no", "NOTE-BRAVO-9d2e")}

    async def scenario():
        contexts, drivers = {}, {}
        for name in plans:
            contexts[name] = await new_context(app)
            page = await contexts[name].new_page()
            drivers[name] = Driver(page, Case(), Outcome())
            await page.goto(app.url + "/")
            await page.wait_for_selector(key("start"), state="visible", timeout=30_000)
            await wait_idle(page)
        for name in plans:  # both move on, one after the other
            await drivers[name].press("start", "start", until="nav_next")
        for name in plans:
            await drivers[name].press("nav_next", "to questions", until=f"ans_{first.items[0].id}")
        for item in first.items:  # interleaved answers
            for name, (answer, _note) in plans.items():
                await drivers[name].choose(f"ans_{item.id}", answer)
        for name, (_answer, note) in plans.items():
            await drivers[name].type_text(f"note_{first.id}", note)
        seen = {}
        for name in plans:  # jump to the review through every remaining section
            d = drivers[name]
            while not await d.page.locator(key(f"review_edit_{first.id}")).count():
                await d.press("nav_next", "next")
            seen[name] = await d.page.inner_text('[data-testid="stMain"]')
        for ctx in contexts.values():
            await ctx.close()
        return seen

    seen = app.run(scenario())
    for name, (answer, note) in plans.items():
        _other_answer, other_note = next(v for k, v in plans.items() if k != name)
        assert note in seen[name] and other_note not in seen[name]
        lines = set(seen[name].splitlines())
        for item in first.items:  # review lines read "<question> — <answer in words>"
            assert f"{FR(item.text)} — {FR({'yes': 'Oui', 'no': 'Non'}[answer])}" in lines, item.id
