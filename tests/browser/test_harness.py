"""The harness itself: the app starts as `make run` starts it and serves only from loopback."""
from __future__ import annotations

import pytest

from .helpers import axe, describe, new_context, off_loopback, open_app, record_requests, screenshot

pytestmark = pytest.mark.browser


def test_start_page__renders_from_loopback_only__and_passes_axe(app, axe_source):
    async def scenario():
        requests: list[str] = []
        ctx = await new_context(app)
        record_requests(ctx, requests)
        page = await ctx.new_page()
        await open_app(page, app.url)
        text = await page.inner_text('[data-testid="stApp"]')
        deploy = await page.locator('[data-testid="stAppDeployButton"]').count()
        violations = await axe(page, axe_source)
        await screenshot(page, app.artifacts, "harness-start")
        await ctx.close()
        return text, deploy, violations, requests

    text, deploy, violations, requests = app.run(scenario())
    assert text.strip(), "the app rendered nothing"
    assert deploy == 0, "the Deploy button is shown to users (toolbarMode should be viewer)"
    assert requests and not off_loopback(requests), off_loopback(requests)
    assert not violations, describe(violations)
    assert "Traceback" not in app.server.text()
