"""Opening a sheet code on the start page (ui/sheetcode.py), under AppTest, by widget key."""
from __future__ import annotations

import pytest

from assessment.document import score_document
from assessment.model import AssessmentDoc
from assessment.sheetcode import encode
from tests.test_sheetcode import _full_case
from tests.test_ui_flow import LOADED, Q, click, level_shown, open_app, store
from ui import keys as K


def stage(at) -> str:
    return at.session_state[K.STAGE] if "stage" in at.session_state else "start"


def paste(at, code: str):
    at.text_input(key=K.SHEET_CODE).set_value(code)
    return click(at, K.SHEET_CODE_OPEN)


def test_pasted_code__review_with_its_answers_and_a_notice_that_free_text_was_not_included():
    doc, loaded, result = score_document(_full_case())
    at = paste(open_app(), encode(doc, loaded).lower())
    assert at.session_state[K.STAGE] == "review"
    values = store(at)
    assert {i: values.get(K.answer_key(i)) for i in Q.item_ids} == \
        {i: (doc.answers[i].value if i in doc.answers else None) for i in Q.item_ids}
    assert values["safe_to_talk"] == "yes" and values["alone"] == "yes"
    # nothing typed comes with the code
    assert not any(values.get(k) for k in ("case_code", "victim_name", "safe_contact", "situation", "pro_name"))
    assert not any(k.startswith("note_") and v for k, v in values.items())
    notices = [i.value for i in at.info]
    assert any("texte libre" in n and loaded.questionnaire.version in n for n in notices)
    click(at, K.NAV_NEXT)
    assert at.session_state[K.STAGE] == "result"
    from assessment.i18n import translator
    from assessment.wording import level_label

    assert level_label(result.computed_level, translator("fr")) in level_shown(at)


@pytest.mark.parametrize("text, code", [
    ("pas un code", "K730"),
    ("1100-0800-21G0", "K732"),
])
def test_bad_code__one_plain_sentence_and_its_code_nothing_changes(text, code):
    at = paste(open_app(), text)
    assert stage(at) == "start"
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and code not in errors[0]
    assert any(code in c.value for c in at.caption)
    assert not any(k.startswith("ans_") for k in store(at))


def test_mistyped_code__says_so_in_her_language():
    doc = AssessmentDoc(questionnaire=Q.id, answers={"strangulation": "yes"})
    good = encode(doc, LOADED)
    wrong = good[:2] + ("0" if good[2] != "0" else "1") + good[3:]
    at = paste(open_app(locale="nl-BE"), wrong)
    assert stage(at) == "start"
    assert any("K731" in c.value for c in at.caption)
    from assessment.errors import USER_MESSAGES, DataError
    from assessment.i18n import translator

    said = DataError("K731").for_user(translator("nl", domain="ui"))
    assert at.error[0].value == said and said != USER_MESSAGES["K731"]


def test_training_code__refused_in_a_real_assessment():
    doc = AssessmentDoc(questionnaire=Q.id, answers={"strangulation": "yes"}, mode="training")
    at = paste(open_app(), encode(doc, LOADED))
    assert stage(at) == "start"
    assert any("K737" in c.value for c in at.caption)
