"""What a professional reads in the app, under AppTest by widget key.

Plain messages: one sentence in her language, the code only as a small caption. A hostile file
never changes what is on screen. What a person typed shows literally (no link, no Markdown).
"""
from __future__ import annotations

import json
import re

import pytest

from assessment.model import Level
from assessment.wording import level_label
from ui import keys as K

from .test_ui_flow import (
    FR,
    answer_all,
    click,
    level_shown,
    ok,
    open_app,
    shown_text,
    store,
    to_questions,
    to_result,
)

BIG = b'{"questionnaire": "danger-screen", "version": ' + b"9" * 5000 + b"}"
#: Exception names, parser text, ids, documents outside the repository.
DEVELOPER_WORDS = ("Error", "Expecting", "DESIGN", "issue", "JSON", "moderate", "severe", "{", "}",
                   "Traceback", "A30", "J40")
AUTOLINK = re.compile(r"(?i)(www\.|https?://|\w@\w)")


def to_referral(**texts: str):
    at = to_questions(open_app())
    answer_all(at, {"stalking": "yes"}, default="no")
    click(at, K.NAV_NEXT)
    click(at, K.NAV_NEXT)
    assert at.session_state[K.STAGE] == "referral"
    at.radio(key=K.CONSENT).set_value("given")
    ok(at.run())
    for key, value in texts.items():
        (at.text_area if key in ("situation", "children", "actions_taken") else at.text_input)(key=key) \
            .set_value(value)
    return ok(at.run())


REFERRAL = {"case_code": "K7QX2M", "pro_name": "Inf. Dubois", "pro_role": "infirmière",
            "situation": "Il l'attend devant l'école.", "victim_name": "Sarah"}


def referral_values(at) -> dict:
    values = {k: (at.text_area if k in ("situation", "children", "actions_taken") else at.text_input)(key=k).value
              for k in REFERRAL}
    values["consent"] = at.radio(key=K.CONSENT).value
    return values


def upload(at, raw: bytes, name: str = "fichier.json"):
    return ok(at.file_uploader(key=K.RESUME_UPLOAD).upload(name, raw, "application/json").run())


def error_and_code(at) -> tuple[str, list[str]]:
    errors = [e.value for e in at.error]
    assert len(errors) == 1, errors
    return errors[0], [c.value for c in at.caption]


def test_hostile_file_twice_with_reruns__nothing_on_screen_changes():
    at = to_referral(**REFERRAL)
    before = referral_values(at)
    assert before["consent"] == "given" and before["case_code"] == "K7QX2M"
    answers_before = {k: v for k, v in store(at).items() if k.startswith("ans_")}
    for _ in range(2):
        upload(at, BIG)
        _message, captions = error_and_code(at)
        assert any("A301" in c for c in captions), captions
        ok(at.run())
        assert referral_values(at) == before
    assert at.session_state[K.STAGE] == "referral"
    assert {k: v for k, v in store(at).items() if k.startswith("ans_")} == answers_before


@pytest.mark.parametrize("raw", [
    b"\xff\xfe{}", b"{not json", b'{"questionnaire": "danger-screen", "version": NaN}', b"[1, 2]", BIG,
    b"[" * 50_000 + b"]" * 50_000,
    json.dumps({"questionnaire": "danger-screen", "answers": {"strangulation": "peut-etre"}}).encode(),
    json.dumps({"questionnaire": "danger-screen", "referral": {"x": 1}}).encode(),
    json.dumps({"answers": {}}).encode(),
    json.dumps({"questionnaire": "danger-screen", "answers": {"strangulation": "yes"},
                "judgement": {"level": "low", "rationale": "x"}}).encode(),
], ids=["utf16", "syntax", "nan", "list", "bigint", "deep", "A305", "A306", "A309", "J401"])
@pytest.mark.parametrize("locale", ["fr-BE", "en-GB", "ar-TN"])
def test_refused_file__one_plain_sentence_and_a_small_code(raw, locale):
    at = open_app(locale=locale)
    upload(at, raw)
    message, captions = error_and_code(at)
    for word in DEVELOPER_WORDS:
        assert word not in message, (word, message)
    assert any(re.search(r"\b[AJ]\d{3}\b", c) for c in captions), captions
    if locale == "fr-BE":
        assert "n'ont pas changé" in message


def test_judgement_selector__offers_only_levels_above_the_computed_one():
    at = to_result({"escalation": "yes"})  # moderate
    assert level_label(Level.moderate, FR) in level_shown(at)
    options = at.selectbox(key=K.JUDGEMENT_LEVEL).options
    assert options == [level_label(Level.high, FR), level_label(Level.severe, FR)]


def test_judgement__cleared_choice_clears_its_error():
    at = to_result({"escalation": "yes"})
    at.selectbox(key=K.JUDGEMENT_LEVEL).set_value("high")
    click(at, K.JUDGEMENT_APPLY)  # no reason: refused
    message = " ".join(e.value for e in at.error)
    assert message and "J402" not in message
    assert any("J402" in c.value for c in at.caption)
    ok(at.selectbox(key=K.JUDGEMENT_LEVEL).set_value(None).run())
    assert not at.error


def test_judgement__error_message_has_no_ids_and_names_levels_in_words():
    at = to_result({"escalation": "yes"})
    at.selectbox(key=K.JUDGEMENT_LEVEL).set_value("severe")
    at.text_area(key=K.JUDGEMENT_REASON).set_value("   ")
    click(at, K.JUDGEMENT_APPLY)
    message = " ".join(e.value for e in at.error)
    for word in DEVELOPER_WORDS:
        assert word not in message, (word, message)


def test_judgement_block__absent_when_the_level_is_already_the_highest():
    at = to_result({"strangulation": "yes", "threat_to_kill": "yes"})
    assert level_label(Level.severe, FR) in level_shown(at)
    assert not [s for s in at.selectbox if s.key == "judgement_level"]
    assert not [b for b in at.button if b.key == "judgement_apply"]
    assert "déjà le plus élevé" in shown_text(at)


@pytest.mark.parametrize("answer", ["no", "unknown"])
@pytest.mark.parametrize("key", ["safe_to_talk", "alone"])
def test_before__dont_know_gives_the_same_caution_as_no(key, answer):
    at = open_app()
    click(at, K.START)
    ok(at.radio(key=key).set_value(answer).run())
    warnings = [w.value for w in at.warning]
    assert any("Ne posez pas les questions maintenant" in w for w in warnings), warnings


TYPED = "Voir www.example.org et https://example.org/a_b?x=1 **gras** [lien](http://x.test) a@b.org"


def test_typed_text__shows_literally_on_review_and_result():
    at = to_questions(open_app())
    at.text_area(key=K.note_key("violences")).set_value(TYPED)
    answer_all(at, {"escalation": "yes"}, default="no")
    texts = [x.value for x in at.text]
    assert any(TYPED in x for x in texts), texts
    for md in at.markdown:  # nothing typed reaches a Markdown element, where it would be parsed
        assert "example.org" not in md.value, md.value
    click(at, K.NAV_NEXT)
    at.selectbox(key=K.JUDGEMENT_LEVEL).set_value("high")
    at.text_area(key=K.JUDGEMENT_REASON).set_value(TYPED)
    click(at, K.JUDGEMENT_APPLY)
    assert level_label(Level.high, FR) in level_shown(at)
    assert any(TYPED in x.value for x in at.text), [x.value for x in at.text]
    for md in at.markdown:  # the rule "raised by judgement" quotes the reason: never a link
        assert not AUTOLINK.search(md.value.replace("\\", "")), md.value


def test_plain__defeats_markdown_and_autolinks():
    from ui.common import plain

    for text in ("www.example.org", "https://example.org", "HTTP://X.TEST", "ftp://a.b", "a@b.org",
                 "**b** [l](u) <i>x</i> `c`"):
        out = plain(text)
        assert not AUTOLINK.search(out.replace("\\", "")), out
        assert out.replace("\\", "").replace("\u2060", "") == text
