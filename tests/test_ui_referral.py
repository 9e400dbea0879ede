"""The referral page under AppTest, by widget key: the erase asks first, the sheet and the save
file are prepared from what is on screen. The files' bytes are checked in the real
browser (tests/browser/test_sheet_is_screen.py): AppTest does not see download bytes."""
from __future__ import annotations

from tests.test_ui_flow import at_result, click, state_keys, store
from ui import keys as K


def to_referral(**app):
    at = at_result({"strangulation": "yes"}, **app)
    click(at, K.NAV_NEXT)
    assert at.session_state[K.STAGE] == "referral"
    at.text_input(key=K.PRO_NAME).set_value("Dr Martin")
    return at


def keys(at, kind: str = "button") -> set[str]:
    return {w.key for w in at.get(kind)}


def test_end_and_erase__asks_first_and_erases_nothing_yet():
    at = to_referral()
    click(at, K.ERASE)
    assert {"erase_confirm", "erase_cancel"} <= keys(at)
    assert store(at)[K.PRO_NAME] == "Dr Martin" and store(at)[K.answer_key("strangulation")] == "yes"
    assert at.session_state[K.STAGE] == "referral"


def test_end_and_erase__confirm_erases_everything_and_keeps_the_language():
    at = to_referral(lang="nl")
    assert at.session_state[K.LOCALE] == "nl"
    click(at, K.ERASE)
    click(at, K.ERASE_CONFIRM)
    assert not store(at), "nothing of the assessment is left"
    assert not [k for k in state_keys(at) if k.startswith(("ans_", "note_", "pro_", "_judgement",
                                                           "judgement_", "_pdf", "pdf_"))]
    assert at.session_state[K.LOCALE] == "nl"
    assert "start" in keys(at) and "erase_confirm" not in keys(at)
    assert len(at.success) == 1  # "everything was erased", in Dutch
    assert "erase_confirm" not in keys(at)


def test_end_and_erase__cancel_keeps_everything():
    at = to_referral()
    click(at, K.ERASE)
    before = dict(store(at))
    assert before["pro_name"] == "Dr Martin"
    click(at, K.ERASE_CANCEL)
    assert at.session_state[K.STAGE] == "referral"
    assert store(at) == before
    assert at.text_input(key=K.PRO_NAME).value == "Dr Martin"
    assert "erase_confirm" not in keys(at) and "erase" in keys(at)


def test_quick_exit_on_the_referral_page_does_not_ask():
    at = to_referral()
    click(at, K.QUICK_EXIT)
    assert "erase_confirm" not in keys(at)
    assert not store(at)


def test_sheet__no_download_on_the_page__prepare_opens_it_and_says_not_protected():
    at = to_referral()
    assert "pdf_download" not in keys(at, "download_button")
    assert "save_json" not in keys(at, "download_button")
    click(at, K.PDF_PREPARE)
    assert keys(at, "download_button") == {"pdf_download"}
    assert len(at.warning) == 1 and not at.success  # not protected, said so
    # The next run (any change on the page) does not draw it again: no stale download.
    at.text_input(key=K.PRO_ROLE).set_value("Médecin").run()
    assert not keys(at, "download_button")


def test_sheet__with_a_password__says_protected():
    at = to_referral()
    at.text_input(key=K.PDF_PASSWORD).set_value("s3cret")
    click(at, K.PDF_PREPARE)
    assert keys(at, "download_button") == {"pdf_download"}
    assert len(at.success) == 1 and not at.warning


def test_save__prepare_opens_the_download():
    at = to_referral()
    click(at, K.SAVE_PREPARE)
    assert keys(at, "download_button") == {"save_json"}
