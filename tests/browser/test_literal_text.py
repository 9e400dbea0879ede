"""What a person typed shows literally in a real browser: an address typed in a
note, in "other concern" or in the judgement's reason never becomes a link (Streamlit's
Markdown turns `www.…` and `https://…` into <a target=_blank> by itself, escapes or not)."""
from __future__ import annotations

import pytest

from .flow import Case, complete, questionnaire
from .helpers import new_context, screenshot

pytestmark = pytest.mark.browser

URLS = "www.example.org et https://example.org/page?x=1 ou contact@example.org"


def test_typed_addresses__no_link_on_review_and_result(app):
    q = questionnaire()
    answers = dict.fromkeys(q.item_ids, "no") | {"escalation": "yes"}  # moderate: judgement offered
    case = Case(answers=answers, judgement=("high", "Vu sur " + URLS),
                texts={f"note_{q.sections[0].id}": "Note " + URLS, "open_concern": "Inquiétude " + URLS,
                       "judgement_reason": "Vu sur " + URLS})
    anchors: dict[str, list[str]] = {}

    async def on_stage(page, stage):
        if stage in ("review", "result", "result-judgement"):
            anchors[stage] = await page.eval_on_selector_all(
                '[data-testid="stMain"] a',
                "els => els.filter(a => /example\\.org/.test(a.href + ' ' + a.textContent))"
                ".map(a => a.outerHTML)")
            await screenshot(page, app.artifacts, f"literal-{stage}")

    async def scenario():
        ctx = await new_context(app)
        page = await ctx.new_page()
        try:
            return await complete(page, app.url, case, on_stage=on_stage, downloads=False)
        finally:
            await ctx.close()

    out = app.run(scenario())
    assert set(anchors) == {"review", "result", "result-judgement"}
    assert anchors == {"review": [], "result": [], "result-judgement": []}, anchors
    review = out.stages["review"]
    assert "Note " + URLS in review and "Inquiétude " + URLS in review  # literally, as typed
    judged = out.stages["result-judgement"].replace("\u2060", "")
    assert "Vu sur " + URLS in judged
    assert "Traceback" not in app.server.text()
