"""The course in a real browser: one module completed, the certificate downloaded and
read back with pypdf, in French and in Arabic (right to left). Screenshots of the module page."""
from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from assessment.course import default_course

from .helpers import key, main_text, new_context, open_app, runs, screenshot, wait_idle, wait_run

pytestmark = pytest.mark.browser

MODULE = "demander_sans_danger"


async def _click(page, selector: str) -> None:
    before = await runs(page)
    await page.locator(selector).first.click()
    await wait_run(page, before)
    await wait_idle(page, grace_ms=0)


async def _choose(page, widget: str, index: int) -> None:
    await _click(page, f'{key(widget)} label[data-testid="stRadioOption"] >> nth={index}')


def _course_flow(app, locale: str, query: str, name: str) -> tuple[bytes, str]:
    module = default_course().module(MODULE)

    async def scenario():
        ctx = await new_context(app, locale=locale)
        page = await ctx.new_page()
        try:
            await open_app(page, app.url, query)
            await _choose(page, "mode", 2)  # real, training, course
            await _click(page, f"{key('start')} button")
            await page.wait_for_selector(key(f"course_open_{MODULE}"))
            await _click(page, f"{key(f'course_open_{MODULE}')} button")
            for q in module.questions:
                index = next(i for i, o in enumerate(q.options) if o.correct)
                await _choose(page, f"course_q_{MODULE}_{q.id}", index)
            await _click(page, f"{key(f'course_check_{MODULE}')} button")
            await page.wait_for_selector(key(f"course_feedback_{MODULE}"))
            await screenshot(page, app.artifacts, f"course-module-{locale[:2]}")
            text = await main_text(page)
            await _click(page, f"{key('course_back')} button")
            field = page.locator(key("course_name")).locator("input").first
            await field.fill(name)
            await _click(page, f"{key('course_cert_prepare')} button")
            await page.wait_for_selector(key("course_cert_download"))
            async with page.expect_download() as info:
                await page.locator(key("course_cert_download")).locator("button").first.click()
            dl = await info.value
            data = Path(await dl.path()).read_bytes()
            await dl.delete()
            return data, text
        except Exception:
            await screenshot(page, app.artifacts, f"course-{locale[:2]}-FAILED")
            raise
        finally:
            await ctx.close()

    return app.run(scenario())


def _pdf_text(data: bytes) -> str:
    return unicodedata.normalize("NFKC", "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))


def test_course__french__one_module_then_certificate(app):
    data, page_text = _course_flow(app, "fr-BE", "", "Camille Martin")
    assert "Résultat : 3 sur 3" in page_text
    text = _pdf_text(data)
    assert "Camille Martin" in text and "Demander sans mettre en danger" in text and "3 sur 3" in text
    assert default_course().short_hash in text and default_course().course.version in text


def test_course__arabic__one_module_then_certificate(app):
    data, page_text = _course_flow(app, "ar", "lang=ar", "مريم")
    assert "النتيجة" in page_text
    text = _pdf_text(data)
    assert default_course().short_hash in text
    assert "Certificat" not in text and "Demander" not in text
    assert "3" in text
