"""The sheet is the screen: what was typed last is in the downloaded files.

A Streamlit text input commits its value on blur or Enter. Here a field is filled and, without
Enter and without leaving it, the professional goes straight for the file: the mouse press that
follows is what takes the focus away. Whatever the page asks for on the way (today a "prepare"
step, see ui/referral.py), the downloaded PDF / JSON must hold that last value and, for the
password, be encrypted with it (AES-256).
"""
from __future__ import annotations

import io
import json
import unicodedata

import pytest
from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError

from .flow import Case, complete
from .helpers import axe, describe, key, new_context, screenshot, wait_idle

pytestmark = pytest.mark.browser

#: The button that prepares each file, when the page has one (then the file is in a dialog).
PREPARE = {"pdf_download": "pdf_prepare", "save_json": "save_prepare"}


async def to_referral(app):
    ctx = await new_context(app)
    page = await ctx.new_page()
    await complete(page, app.url, Case(answers={"strangulation": "yes"}), downloads=False)
    return ctx, page


async def fill_without_commit(page, widget: str, text: str) -> None:
    """Type into a field and stay in it: no Enter, no blur (fill focuses, sets, fires input)."""
    field_ = page.locator(key(widget)).locator("input, textarea").first
    await field_.fill(text)
    assert await field_.evaluate("e => e === document.activeElement")


async def take_file(page, widget: str) -> tuple[str, bytes, str]:
    """Go for the file by mouse at once: (file name, bytes, text of the dialog or "")."""
    prepare = PREPARE[widget]
    dialog_text = ""
    if await page.locator(key(prepare)).count():
        await page.locator(key(prepare)).locator("button").first.click()
        await page.wait_for_selector(key(widget), state="visible")
        await wait_idle(page)
        dialog_text = unicodedata.normalize("NFKC", await page.inner_text('[role="dialog"]'))
    async with page.expect_download() as info:
        await page.locator(key(widget)).locator("button").first.click()
    dl = await info.value
    from pathlib import Path
    data = Path(await dl.path()).read_bytes()
    name = dl.suggested_filename
    await dl.delete()
    return name, data, dialog_text


def pdf_text(data: bytes, password: str | None = None) -> str:
    reader = PdfReader(io.BytesIO(data))
    if password:
        assert reader.decrypt(password)
    return unicodedata.normalize("NFKC", "\n".join(p.extract_text() for p in reader.pages))


def test_password_typed_then_sheet_at_once__sheet_is_aes256(app):
    password = "Canari-7f3-mdp"

    async def go():
        ctx, page = await to_referral(app)
        try:
            await fill_without_commit(page, "pdf_password", password)
            result = await take_file(page, "pdf_download")
            await screenshot(page, app.artifacts, "sheet-is-screen-protected-dialog")
            return result
        finally:
            await ctx.close()

    name, pdf, dialog = app.run(go())
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.is_encrypted, "the password typed last was dropped: the sheet is not encrypted"
    with pytest.raises(FileNotDecryptedError):
        reader.pages[0].extract_text()
    assert not PdfReader(io.BytesIO(pdf)).decrypt("wrong")
    encrypt = reader.trailer["/Encrypt"]
    assert (encrypt["/Filter"], encrypt["/V"], encrypt["/R"]) == ("/Standard", 5, 6)  # AES-256
    assert "Danger" in pdf_text(pdf, password)
    assert name == "fiche-orientation-protegee.pdf"
    assert "protégée" in dialog and "n'est pas protégée" not in dialog


def test_service_typed_then_sheet_at_once__service_on_the_sheet(app, axe_source):
    service = "Maison médicale Canari-Service-42"

    async def go():
        ctx, page = await to_referral(app)
        try:
            await fill_without_commit(page, "pro_service", service)
            result = await take_file(page, "pdf_download")
            await screenshot(page, app.artifacts, "sheet-is-screen-dialog")
            return result, await axe(page, axe_source)
        finally:
            await ctx.close()

    (name, pdf, dialog), violations = app.run(go())
    assert not violations, describe(violations)
    assert not PdfReader(io.BytesIO(pdf)).is_encrypted
    assert service in " ".join(pdf_text(pdf).split()), "the service typed last is not on the sheet"
    assert name == "fiche-orientation.pdf"
    assert "n'est pas protégée" in dialog


def test_sheet_from_the_result_page__two_clicks__what_was_entered_and_the_consent_banner(app, axe_source):
    """Prepared on the result page, download in its dialog; consent refused."""
    contact = "Canari-Contact portable 18 h"

    async def go():
        ctx = await new_context(app)
        page = await ctx.new_page()
        try:
            case = Case(answers={"strangulation": "yes"}, consent="refused", texts={"safe_contact": contact})
            await complete(page, app.url, case, downloads=False, referral=False)
            result = await take_file(page, "pdf_download")
            await screenshot(page, app.artifacts, "sheet-from-result-dialog")
            return result, await axe(page, axe_source)
        finally:
            await ctx.close()

    (name, pdf, dialog), violations = app.run(go())
    assert not violations, describe(violations)
    assert not PdfReader(io.BytesIO(pdf)).is_encrypted and name == "fiche-orientation.pdf"
    text = " ".join(pdf_text(pdf).split())
    assert contact in text and "Ne pas transmettre sans son accord" in text
    assert "n'est pas protégée" in dialog and "Orientation et fiche" in dialog


def test_field_typed_then_save_at_once__field_in_the_save_file(app):
    name_ = "Dr Canari-Nom-Saved"

    async def go():
        ctx, page = await to_referral(app)
        try:
            await screenshot(page, app.artifacts, "sheet-is-screen-referral")
            await fill_without_commit(page, "pro_name", name_)
            return await take_file(page, "save_json")
        finally:
            await ctx.close()

    name, data, _dialog = app.run(go())
    saved = json.loads(data)
    assert name_ in json.dumps(saved, ensure_ascii=False), "the name typed last is not in the save file"
    assert name == "evaluation.json"


async def click_and_settle(page, widget: str) -> None:
    from .helpers import runs, wait_run

    before = await runs(page)
    await page.locator(key(widget)).locator("button").first.click()
    await wait_run(page, before)
    await wait_idle(page)


def test_end_and_erase__asks__cancel_keeps__confirm_erases_and_keeps_the_language(app):
    """In the browser a button in a dialog reruns only the dialog: the erase must still reach
    the whole page (AppTest reruns the whole script, so it cannot see this)."""

    async def go():
        ctx = await new_context(app)
        page = await ctx.new_page()
        try:
            await complete(page, app.url, Case(answers={"strangulation": "yes"},
                                          texts={"pro_name": "Dr Canari-Erase"}),
                           query="lang=nl", downloads=False)
            await click_and_settle(page, "erase")
            await page.wait_for_selector(key("erase_confirm"), state="visible")
            asked = await page.inner_text('[role="dialog"]')
            await screenshot(page, app.artifacts, "erase-dialog")
            await click_and_settle(page, "erase_cancel")
            await page.locator('[role="dialog"]').wait_for(state="detached")
            kept = await page.locator(key("pro_name")).locator("input").input_value()
            await click_and_settle(page, "erase")
            await click_and_settle(page, "erase_confirm")
            await page.wait_for_selector(key("start"), state="visible")
            after = await page.inner_text('[data-testid="stMain"]')
            dialogs = await page.locator('[role="dialog"]').count()
            lang = await page.evaluate("() => document.documentElement.lang")
            return asked, kept, after, dialogs, lang
        finally:
            await ctx.close()

    asked, kept, after, dialogs, lang = app.run(go())
    assert "gewist" in asked  # the question, in Dutch
    assert kept == "Dr Canari-Erase", "cancel must keep everything"
    assert "Alles is gewist" in after and "Canari" not in after
    assert dialogs == 0
    assert lang == "nl"


def test_arabic__the_sheet_dialog_reads_right_to_left(app):
    """A dialog is drawn outside .stApp, where the page's RTL style does not reach."""

    async def go():
        ctx = await new_context(app)
        page = await ctx.new_page()
        try:
            await complete(page, app.url, Case(answers={"strangulation": "yes"}), query="lang=ar",
                           downloads=False)
            await page.locator(key("pdf_prepare")).locator("button").click()
            await page.wait_for_selector(key("pdf_download"), state="visible")
            await wait_idle(page)
            await screenshot(page, app.artifacts, "sheet-is-screen-dialog-ar")
            return await page.evaluate(
                "() => { const d = document.querySelector('[role=dialog]');"
                " const p = d.querySelector('p'); return [getComputedStyle(d).direction,"
                " getComputedStyle(p).textAlign]; }")
        finally:
            await ctx.close()

    assert app.run(go()) == ["rtl", "right"]
