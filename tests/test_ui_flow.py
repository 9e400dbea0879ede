"""The guided assessment under AppTest, driven by widget keys (never labels)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assessment.i18n import translator
from assessment.loader import DEFAULT_QUESTIONNAIRE, default_registry
from assessment.model import Level
from assessment.wording import level_label
from tests.helpers import app_at
from ui import keys as K

APP = str(Path(__file__).resolve().parent.parent / "app.py")
LOADED = default_registry().get(DEFAULT_QUESTIONNAIRE)
Q = LOADED.questionnaire
FR = translator("fr")


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_app(locale: str | None = "fr-BE", lang: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.context = {"locale": locale}
    if lang:
        at.query_params["lang"] = lang
    return ok(at.run())


def click(at: AppTest, key: str) -> AppTest:
    return ok(at.button(key=key).click().run())


def state_keys(at: AppTest) -> set[str]:
    """User-visible session keys (widget keys included once drawn)."""
    return set(at.session_state.keys())


def store(at: AppTest) -> dict:
    return at.session_state[K.STORE] if "_store" in at.session_state else {}


def to_questions(at: AppTest, **before: str) -> AppTest:
    click(at, K.START)
    assert at.session_state[K.STAGE] == "before"
    for key, value in before.items():
        (at.radio(key=key) if key in ("safe_to_talk", "alone", "consent") else at.text_input(key=key)).set_value(value)
    return click(at, K.NAV_NEXT)


def answer_section(at: AppTest, answers: dict[str, str | None], default: str | None) -> None:
    """Answer every item of the section on screen (None leaves it unanswered)."""
    index = at.session_state[K.SECTION]
    for item in Q.sections[index].items:
        value = answers.get(item.id, default)
        if value is not None:
            at.radio(key=K.answer_key(item.id)).set_value(value)


def answer_all(at: AppTest, answers: dict[str, str | None], default: str | None = "no") -> AppTest:
    assert at.session_state[K.STAGE] == "questions"
    for _ in Q.sections:
        answer_section(at, answers, default)
        click(at, K.NAV_NEXT)
    assert at.session_state[K.STAGE] == "review"
    return at


def to_result(answers: dict[str, str | None], default: str | None = "no", **app) -> AppTest:
    at = to_questions(open_app(**app))
    answer_all(at, answers, default)
    click(at, K.NAV_NEXT)
    assert at.session_state[K.STAGE] == "result"
    return at


def at_result(answers: dict[str, str | None], default: str | None = "no", lang: str | None = None) -> AppTest:
    """The result page as `to_result` reaches it, opened directly from a seeded session
    (tests.helpers.app_at): the same answers, without walking the pages before it."""
    full = {item_id: answers.get(item_id, default) for item_id in Q.item_ids}
    at = app_at("result", {i: a for i, a in full.items() if a is not None}, locale=lang or "fr")
    assert at.session_state[K.STAGE] == "result"
    return at


def shown_text(at: AppTest) -> str:
    """Everything written on the page; French non-breaking spaces read as spaces."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [e.value for e in at.error] + [w.value for w in at.warning] + [i.value for i in at.info]
    return "\n".join(parts).replace("\u00a0", " ").replace("\u202f", " ")


def level_shown(at: AppTest) -> str:
    heads = [m.value for m in at.markdown if m.value.startswith("## ")]
    assert len(heads) == 1, heads
    return heads[0].replace("\u00a0", " ").replace("\u202f", " ")


LEVEL_CASES = {
    "low": {},
    "moderate": {"escalation": "yes"},
    "high": {"strangulation": "yes"},
    "severe": {"strangulation": "yes", "threat_to_kill": "yes"},
}


@pytest.mark.parametrize("level", list(LEVEL_CASES))
def test_every_level_is_reachable_through_the_whole_flow(level):
    at = to_result(LEVEL_CASES[level])
    assert level_label(Level(level), FR) in level_shown(at)
    # Words, not colour alone: the scale names the level too.
    assert "● **" + level_label(Level(level), FR) + "**" in shown_text(at)
    click(at, K.NAV_NEXT)
    assert at.session_state[K.STAGE] == "referral"
    # The files are prepared from the screen, then downloaded from a dialog (test_ui_referral.py).
    assert {"pdf_prepare", "save_prepare"} <= {b.key for b in at.button}
    assert at.file_uploader(key=K.RESUME_UPLOAD) is not None


def test_result_lists_the_fired_rules_and_alerts_first_with_suicide_before_everything():
    at = to_result({"victim_suicidal": "yes", "strangulation": "yes"})
    errors = [e.value for e in at.error]
    assert errors and "suicide" in errors[0].lower()
    # the suicide alert comes before the level block in the page
    order = [type(el).__name__ for el in at.main if type(el).__name__ in ("Error", "Markdown")]
    assert order.index("Error") < order.index("Markdown") or order[0] == "Error"
    text = shown_text(at)
    assert "« strangulation »" in text and "Au moins deux signes critiques" in text  # the factor by name
    # the alert's title names its topic once; its action follows without repeating it
    assert errors[0].count("Risque suicidaire") == 1 and "Ne la laissez pas seule" in errors[0]


def test_low_with_unknowns_says_high_danger_cannot_be_excluded():
    at = to_result({"strangulation": "unknown", "threat_to_kill": None})
    assert level_label(Level.low, FR) in level_shown(at)
    warnings = " ".join(w.value for w in at.warning)
    assert "ne peut pas être exclu" in warnings and "À clarifier en priorité" in warnings


def test_review_says_unknown_and_unanswered_in_words_and_jumps_back():
    at = to_questions(open_app())
    answer_all(at, {"strangulation": "unknown", "weapon_threat": None})
    text = shown_text(at)
    assert "Ne sait pas : à clarifier" in text
    assert "Sans réponse : inconnu, à clarifier" in text
    assert "2 questions sans réponse" in text
    click(at, K.review_edit_key("violences"))
    assert at.session_state[K.STAGE] == "questions" and at.session_state[K.SECTION] == 0
    assert at.radio(key=K.answer_key("strangulation")).value == "unknown"
    at.radio(key=K.answer_key("weapon_threat")).set_value("yes")
    click(at, K.NAV_NEXT)  # back to the review directly
    assert at.session_state[K.STAGE] == "review"
    assert store(at)[K.answer_key("weapon_threat")] == "yes"


def test_back_and_next_never_lose_an_answer_or_a_note():
    at = to_questions(open_app(), safe_to_talk="yes", alone="no", safe_contact="portable après 18 h")
    at.radio(key=K.answer_key("strangulation")).set_value("yes")
    at.text_area(key=K.note_key("violences")).set_value("Marques au cou.")
    click(at, K.NAV_NEXT)
    at.radio(key=K.answer_key("jealousy")).set_value("unknown")
    click(at, K.NAV_BACK)
    assert at.radio(key=K.answer_key("strangulation")).value == "yes"
    assert at.text_area(key=K.note_key("violences")).value == "Marques au cou."
    click(at, K.NAV_BACK)
    assert at.session_state[K.STAGE] == "before"
    assert at.radio(key=K.SAFE_TO_TALK).value == "yes" and at.radio(key=K.ALONE).value == "no"
    assert at.text_input(key=K.SAFE_CONTACT).value == "portable après 18 h"
    assert at.warning, "she is not alone: the page says not to ask now"
    click(at, K.NAV_NEXT)
    click(at, K.NAV_NEXT)
    assert at.radio(key=K.answer_key("jealousy")).value == "unknown"


def test_judgement_raise_is_accepted_and_both_levels_are_shown():
    at = to_result({"escalation": "yes"})
    at.selectbox(key=K.JUDGEMENT_LEVEL).set_value("high")
    at.text_area(key=K.JUDGEMENT_REASON).set_value("Il l'attend chaque soir devant l'école.")
    click(at, K.JUDGEMENT_APPLY)
    assert level_label(Level.high, FR) in level_shown(at)
    text = shown_text(at)
    assert "Niveau calculé par l'outil : Danger modéré" in text
    assert "Jugement professionnel" in text and not at.error
    assert at.session_state[K.JUDGEMENT] == {"level": "high", "rationale": "Il l'attend chaque soir devant l'école."}


def test_judgement_cannot_lower_and_reason_is_required():
    at = to_result({"strangulation": "yes"})
    # Lowering is not even offered: only the levels above the computed one.
    assert at.selectbox(key=K.JUDGEMENT_LEVEL).options == [level_label(Level.severe, FR)]
    at.selectbox(key=K.JUDGEMENT_LEVEL).set_value("severe")
    at.text_area(key=K.JUDGEMENT_REASON).set_value("   ")
    click(at, K.JUDGEMENT_APPLY)
    assert any("J402" in c.value for c in at.caption) and at.error
    assert "J402" not in " ".join(e.value for e in at.error)
    assert level_label(Level.high, FR) in level_shown(at)


def test_judgement_overtaken_by_new_answers_is_dropped_not_a_crash():
    at = to_result({"escalation": "yes"})
    at.selectbox(key=K.JUDGEMENT_LEVEL).set_value("high")
    at.text_area(key=K.JUDGEMENT_REASON).set_value("Menaces répétées.")
    click(at, K.JUDGEMENT_APPLY)
    click(at, K.NAV_BACK)  # review
    click(at, K.review_edit_key("violences"))
    at.radio(key=K.answer_key("strangulation")).set_value("yes")
    at.radio(key=K.answer_key("threat_to_kill")).set_value("yes")
    click(at, K.NAV_NEXT)
    click(at, K.NAV_NEXT)
    assert at.session_state[K.STAGE] == "result"
    assert level_label(Level.severe, FR) in level_shown(at)
    assert "jugement professionnel a été retiré" in shown_text(at)


def saved_doc(**answers: str) -> bytes:
    return json.dumps({"questionnaire": Q.id, "version": Q.version, "answers": answers,
                       "judgement": {"level": "severe", "rationale": "Vu par le médecin."},
                       "referral": {"consent": "given", "case_code": "K7QX2M", "safe_contact": "tél. pro",
                                    "notes": {"controle": "Il lit ses messages."},
                                    "professional": {"name": "Dr Martin"}},
                       "mode": "real"}).encode("utf-8")


def test_resume_from_a_valid_file_restores_everything():
    at = open_app()
    ok(at.file_uploader(key=K.RESUME_UPLOAD).upload("case.json", saved_doc(strangulation="yes", separation="unknown"),
                                                      "application/json").run())
    assert at.session_state[K.STAGE] == "review"
    values = store(at)
    assert values["ans_strangulation"] == "yes" and values["ans_separation"] == "unknown"
    assert values["note_controle"] == "Il lit ses messages." and values["case_code"] == "K7QX2M"
    assert any("reprise" in s.value for s in at.success)
    click(at, K.NAV_NEXT)
    assert level_label(Level.severe, FR) in level_shown(at)  # the saved judgement
    click(at, K.NAV_NEXT)
    assert at.text_input(key=K.CASE_CODE).value == "K7QX2M"
    assert at.text_input(key=K.PRO_NAME).value == "Dr Martin"
    assert at.radio(key=K.CONSENT).value == "given"


@pytest.mark.parametrize("raw, code", [
    (b"{not json", "A301"),
    (json.dumps({"questionnaire": Q.id, "answers": {"no_such_item": "yes"}}).encode(), "A304"),
    (json.dumps({"questionnaire": Q.id, "answers": {"strangulation": "peut-etre"}}).encode(), "A305"),
    (json.dumps({"questionnaire": Q.id, "answers": {"strangulation": "yes"},
                 "judgement": {"level": "low", "rationale": "x"}}).encode(), "J401"),
    (b" " * 1_000_001, "A308"),
])
def test_resume_from_a_broken_file_keeps_the_current_answers_and_says_why(raw, code):
    at = to_questions(open_app())
    answer_all(at, {"stalking": "yes"}, default="no")
    click(at, K.NAV_NEXT)
    click(at, K.NAV_NEXT)
    assert at.session_state[K.STAGE] == "referral"
    at.text_input(key=K.PRO_NAME).set_value("Inf. Dubois")
    before = dict(store(at))
    ok(at.file_uploader(key=K.RESUME_UPLOAD).upload("broken.json", raw, "application/json").run())
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and code not in errors[0] and "n'ont pas changé" in errors[0]
    assert any(code in c.value for c in at.caption)  # the code, small, for a maintainer
    assert "Traceback" not in errors[0]
    after = store(at)
    assert {k: v for k, v in after.items() if k.startswith("ans_")} == \
        {k: v for k, v in before.items() if k.startswith("ans_")}
    assert after["pro_name"] == "Inf. Dubois"
    assert at.session_state[K.STAGE] == "referral"


def test_language_from_query_then_browser_then_french():
    assert open_app(locale="nl-BE", lang="de").session_state[K.LOCALE] == "de"
    assert open_app(locale="nl-BE").session_state[K.LOCALE] == "nl"
    assert open_app(locale="pt-BR").session_state[K.LOCALE] == "fr"
    assert open_app(locale=None).session_state[K.LOCALE] == "fr"


def test_arabic_turns_the_whole_app_right_to_left():
    at = open_app(locale="ar-TN")
    assert at.session_state[K.LOCALE] == "ar"
    styles = [h.proto.body for h in at.get("html")]
    assert any(".stApp { direction: rtl; }" in s for s in styles)
    fr = open_app(locale="fr-BE")
    assert not any("direction: rtl" in h.proto.body for h in fr.get("html"))


def test_switching_language_keeps_every_answer():
    at = to_questions(open_app(), safe_to_talk="yes")
    at.radio(key=K.answer_key("strangulation")).set_value("yes")
    at.radio(key=K.answer_key("weapon_threat")).set_value("unknown")
    at.text_area(key=K.note_key("violences")).set_value("note")
    ok(at.radio(key=K.LANG).set_value("nl").run())
    assert at.session_state[K.LOCALE] == "nl"
    assert at.radio(key=K.answer_key("strangulation")).value == "yes"
    assert at.radio(key=K.answer_key("weapon_threat")).value == "unknown"
    assert at.text_area(key=K.note_key("violences")).value == "note"
    click(at, K.NAV_NEXT)
    ok(at.radio(key=K.LANG).set_value("ar").run())
    click(at, K.NAV_BACK)
    assert at.radio(key=K.answer_key("strangulation")).value == "yes"
    assert store(at)[K.SAFE_TO_TALK] == "yes"


def test_end_and_erase_empties_the_session():
    at = to_result({"strangulation": "yes"})
    click(at, K.NAV_NEXT)
    at.text_input(key=K.PRO_NAME).set_value("Dr Martin")
    click(at, K.ERASE)
    click(at, K.ERASE_CONFIRM)  # it asks first (tests/test_ui_referral.py)
    keys = state_keys(at)
    assert not store(at), "nothing of the assessment is left"
    assert not [k for k in keys if k.startswith(("ans_", "note_", "pro_", "_judgement", "judgement_"))]
    assert at.session_state[K.STAGE] == "start" if "stage" in keys else True
    assert at.button(key=K.START) is not None  # back on a fresh start page
    assert any("effacé" in s.value for s in at.success)


def test_quick_exit_shows_a_neutral_page_and_empties_the_session():
    at = to_questions(open_app())
    at.radio(key=K.answer_key("strangulation")).set_value("yes")
    click(at, K.QUICK_EXIT)
    assert at.session_state[K.NEUTRAL] is True
    # The page's session token stays: it only tells the page "same session" (ui/guard.py).
    assert state_keys(at) <= {"_neutral", "restart", "_session_token"}, state_keys(at)
    assert not at.radio and not at.sidebar.children
    assert [t.value for t in at.title] == ["Bienvenue"]
    click(at, K.RESTART)
    assert at.button(key=K.START) is not None
    assert not store(at) and "_neutral" not in state_keys(at)


def test_arabic_questions_are_shown_in_arabic_and_dutch_in_dutch():
    at = to_questions(open_app(locale="ar-TN"))
    label = at.radio(key=K.answer_key("strangulation")).label
    assert any("\u0600" <= ch <= "\u06ff" for ch in label), label
    nl = to_questions(open_app(locale="fr-BE", lang="nl"))
    assert nl.radio(key=K.answer_key("strangulation")).label != Q.item("strangulation").text


def test_the_session_document_makes_the_referral_pdf_and_the_save_file():
    """AppTest cannot read download bytes: build them from the session, as the buttons do."""
    from io import BytesIO

    from pypdf import PdfReader

    from assessment.document import dump_document, score_document
    from assessment.report import build_pdf
    from ui import state as S
    from ui.plan import R

    at = to_result({"strangulation": "yes", "separation": "unknown"})
    click(at, K.NAV_NEXT)
    at.radio(key=K.CONSENT).set_value("given")
    at.text_input(key=K.CASE_CODE).set_value("ZX81QA")
    at.text_input(key=K.PRO_ROLE).set_value("Infirmière")
    ok(at.run())
    session = {"_store": dict(store(at)), "_judgement": None}
    doc = S.build_doc(session, LOADED)
    assert doc.referral.case_code == "ZX81QA" and doc.referral.consent == "given"
    assert doc.referral.professional.role == "Infirmière"
    _doc, loaded, result = score_document(dump_document(doc))  # the save file round-trips
    assert result.level is Level.high and result.level_max is Level.severe and "separation" in result.unknown
    plan = R.plan_for(result, R.default_region("fr"), "given")
    pdf = build_pdf(doc, loaded, result, "fr", plan=plan)
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    assert "ZX81QA" in text and "Infirmière" in text
