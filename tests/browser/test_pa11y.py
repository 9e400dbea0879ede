"""pa11y (HTML_CodeSniffer, WCAG 2 AA) on every stage, in French and in Arabic.

pa11y comes from the npm registry into tests/browser/vendor (git-ignored), beside axe-core, once;
it drives Debian's chromium through its own puppeteer (no browser download). One session walks
the stages by clicking (tests/browser/pa11y_stages.js); pa11y audits each as it is. Without npm
the test skips with the reason, except with CI=true, where that is a failure.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import AXE_PREFIX, _unavailable
from .flow import questionnaire

pytestmark = pytest.mark.browser

MODULES = AXE_PREFIX / "node_modules"
PA11Y = MODULES / "pa11y" / "package.json"
RUNNER = Path(__file__).resolve().parent / "pa11y_stages.js"

#: pa11y errors that belong to Streamlit's own markup, not to our content: (code, a fragment of
#: the element's selector or HTML). Precise on purpose, so an error in our content is never hidden.
#: - F92/ARIA4 on the file uploader's drop zone: Streamlit 1.67 draws it as
#:   <section role="presentation" aria-label=...> around its button and text (start page, in the
#:   closed "resume" expander). The button inside has its own name; nothing of ours is in it.
FRAMEWORK_PA11Y = [("WCAG2AA.Principle1.Guideline1_3.1_3_1.F92,ARIA4", "stFileUploaderDropzone")]
#: Warnings that fail too: headings out of order (G141), controls whose title
#: attribute is there but empty (H65).
STRICT_WARNINGS = ("G141", "H65")


def ensure_pa11y() -> str | None:
    """pa11y (and axe-core, installed together so that neither install drops the other)."""
    if PA11Y.exists() and (MODULES / "axe-core").exists():
        return None
    npm, node = shutil.which("npm"), shutil.which("node")
    if not npm or not node:
        return "npm / node are not available to install pa11y (apt-get install npm)"
    AXE_PREFIX.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1", "PUPPETEER_SKIP_CHROMIUM_DOWNLOAD": "1"}
    proc = subprocess.run([npm, "install", "--prefix", str(AXE_PREFIX), "--no-save", "--no-package-lock",
                           "--no-audit", "--no-fund", "--loglevel=error", "pa11y@9", "axe-core@4"],
                          capture_output=True, text=True, timeout=600, env=env)
    if proc.returncode != 0 or not PA11Y.exists():
        return f"npm install pa11y@9 failed: {(proc.stderr or proc.stdout).strip()[-500:]}"
    return None


@pytest.fixture(scope="module")
def pa11y_ready() -> None:
    problem = ensure_pa11y()
    if problem:
        _unavailable(problem)
    if not shutil.which("chromium"):
        _unavailable("no chromium for pa11y (apt-get install chromium)")


def plan(url: str, lang: str) -> dict:
    """Every stage of one session, each reached by clicking the page's main button."""
    q = questionnaire()
    click = lambda widget: f"click element .st-key-{widget} button"  # noqa: E731
    wait = lambda widget: f"wait for element .st-key-{widget} to be visible"  # noqa: E731
    # The first page is done when its last element (ui/guard.py's #rd-guard) is there: the
    # page's scripts (ui/look.py) come just before it.
    stages = [{"name": "start", "actions": [wait("start"), "wait for element #rd-guard to be added"]},
              {"name": "before", "actions": [click("start"), wait("safe_to_talk")]}]
    for section in q.sections:
        stages.append({"name": f"section-{section.id}", "actions": [click("nav_next"), wait(f"ans_{section.items[0].id}")]})
    stages += [{"name": "review", "actions": [click("nav_next"), wait(f"review_edit_{q.sections[0].id}")]},
               {"name": "result", "actions": [click("nav_next"), wait("region")]},
               {"name": "referral", "actions": [click("nav_next"), wait("pdf_prepare")]}]
    return {"url": f"{url}/?lang={lang}", "width": 1280, "stages": stages, "warnings": True}


def ours(issues: list[dict]) -> list[dict]:
    return [i for i in issues if (i.get("type") == "error" or i["code"].rsplit(".", 1)[-1] in STRICT_WARNINGS)
            and not any(code == i["code"] and (frag in (i.get("selector") or "") or frag in (i.get("context") or ""))
                        for code, frag in FRAMEWORK_PA11Y)]


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_pa11y__no_error_on_any_stage(app, pa11y_ready, lang):
    steps = plan(app.url, lang)
    proc = subprocess.run([shutil.which("node"), str(RUNNER), str(MODULES), shutil.which("chromium"),
                           json.dumps(steps)], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    found = json.loads(proc.stdout)
    assert list(found) == [s["name"] for s in steps["stages"]]  # every stage was reached and audited
    assert len({tuple(f["h1"]) for f in found.values()}) == len(found)  # each stage its own page
    errors = {stage: ours(f["issues"]) for stage, f in found.items() if ours(f["issues"])}
    assert not errors, "\n".join(f"[{stage}] {i['code']}: {i['message'][:200]}\n    {i['selector']}\n    {i['context'][:200]}"
                                 for stage, issues in errors.items() for i in issues)
