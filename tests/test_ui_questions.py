"""The questionnaire pages under AppTest: the question first, its reason one
tap away (a closed expander under each question), one h1 per page, the skip button."""
from __future__ import annotations

import pytest

from tests.test_ui_flow import FR, Q, click, ok, open_app, to_questions
from ui import keys as K


def section_pages(at):
    """Yield the app on every section page in turn."""
    for index in range(len(Q.sections)):
        assert at.session_state[K.STAGE] == "questions" and at.session_state[K.SECTION] == index
        yield index, Q.sections[index]
        click(at, K.NAV_NEXT)


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_every_question__its_reason_closed_under_it__one_title_per_page(lang):
    t = __import__("assessment.i18n", fromlist=["translator"]).translator(lang)
    at = to_questions(open_app(lang=lang))
    for _index, section in section_pages(at):
        # One h1: the section's title; no other heading on the page.
        assert [h.value for h in at.title] == [t(section.title)]
        assert [h.value for h in at.header] == [] and [h.value for h in at.subheader] == []
        whys = [e for e in at.expander if e.proto.expanded is False]
        assert len(whys) == len(section.items) == len(at.expander)
        assert {e.label for e in whys} == {t("Pourquoi cette question ?")}
        for item in section.items:
            box = at.radio(key=K.answer_key(item.id))
            assert box.label == t(item.text)
        # Each reason sits in its own expander, in the question's order, and is no caption.
        # The reason for her region's country (a Tunisian page carries no Belgian figure).
        from assessment import referrals
        from assessment.loader import DEFAULT_QUESTIONNAIRE, default_registry
        from assessment.wording import help_text
        loaded, region = default_registry().get(DEFAULT_QUESTIONNAIRE), referrals.default_region(lang)
        whys = [help_text(loaded, item.id, t, region) for item in section.items]
        texts = [[m.value for m in e.markdown] for e in at.expander]
        assert texts == [[why] for why in whys]
        assert not any(why in c.value for c in at.caption for why in whys)


def test_skip_to_next_unanswered__on_every_section_page__changes_nothing():
    at = to_questions(open_app())
    for _index, _section in section_pages(at):
        before = dict(at.session_state[K.STORE]) if "_store" in at.session_state else {}
        ok(at.button(key=K.SKIP_UNANSWERED).click().run())
        assert at.session_state[K.SECTION] == _index  # still on this page, nothing answered
        after = dict(at.session_state[K.STORE]) if "_store" in at.session_state else {}
        assert {k: v for k, v in after.items() if v} == {k: v for k, v in before.items() if v}


def test_other_pages__one_title_and_their_parts_as_h2():
    at = open_app()
    assert len(at.title) == 1  # start
    click(at, K.START)
    assert [h.value for h in at.title] == [FR("Avant les questions")] and not at.subheader
    click(at, K.NAV_NEXT)
    while at.session_state[K.STAGE] == "questions":
        click(at, K.NAV_NEXT)
    assert [h.value for h in at.title] == [FR("Synthèse des réponses")]
    assert [h.value for h in at.header] == [FR(s.title) for s in Q.sections] and not at.subheader
    click(at, K.NAV_NEXT)
    assert [h.value for h in at.title] == [FR("Résultat")] and not at.subheader
    assert FR("Pourquoi ce niveau") in [h.value for h in at.header]
    click(at, K.NAV_NEXT)
    assert [h.value for h in at.title] == [FR("Orientation et fiche")] and not at.subheader
    assert FR("Fiche d'orientation (PDF)") in [h.value for h in at.header]


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_focus_ring_style__comes_with_the_first_style_of_every_page(lang):
    """A Tab pressed while the page is still drawing (Streamlit's skip link is the first stop)
    must already show the ring, so the look is not left to the end of the run: CI once caught
    the skip link without its ring on a slow first page. Style-only elements are sent in run
    order (AppTest puts them in the page's event block)."""
    from ui.look import LOOK_CSS

    def first_style(at) -> str:
        styles = [h.proto.body for h in at.get("html") if h.proto.body.lstrip().startswith("<style")]
        return styles[0] if styles else ""

    at = open_app(lang=lang)
    assert LOOK_CSS in first_style(at)  # start
    click(at, K.START)
    assert LOOK_CSS in first_style(at)  # before the questions
