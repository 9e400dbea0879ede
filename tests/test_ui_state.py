"""The answers' store (ui/state.py) against Streamlit 1.67's own `persist_state="session"`.

Two halves. First, what `persist_state` does give, measured here under AppTest so that the
reasoning in ui/state.py's docstring stays true on an upgrade: on the server, a keyed widget
keeps its value while it is not drawn, keeps its choice when its label and option labels change
(its id comes from its key), and takes a value set while it is not drawn. Second, the app's
protocol by widget key: an answer survives the pages that do not draw it, a language switch,
a resume, and "end and erase" clears it.

What `persist_state` does not give is on the browser's side, which AppTest does not run: after
a language switch the browser showed a radio whose option labels changed as empty and sent it
back empty on the next click (tests/browser/test_clicks.py, the language switched after answers,
runs it in Chromium). Only a value the server sends again with the widget puts it back;
`persist_state` keeps the server's copy, it does not send it again. The store does
(forget_widgets, then seed on the next draw).
"""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from assessment.loader import DEFAULT_QUESTIONNAIRE, default_registry
from tests.helpers import app_at
from ui import keys as K

Q = default_registry().get(DEFAULT_QUESTIONNAIRE).questionnaire


def _persisting_app() -> None:
    import streamlit as st

    if st.session_state.get("_show", True):
        label = st.session_state.get("_label", "A")
        st.radio(label, ["yes", "no"], index=None, key="kept", persist_state="session",
                 format_func=lambda o: f"{label}:{o}")
        st.radio(label, ["yes", "no"], index=None, key="plain")
    st.write(repr({k: st.session_state.get(k) for k in ("kept", "plain")}))


def _values(at: AppTest) -> dict:
    import ast

    return ast.literal_eval(at.markdown[0].value)


def test_persist_state_keeps_a_widget_not_drawn_and_a_plain_widget_loses_it():
    at = AppTest.from_function(_persisting_app).run()
    at.radio(key="kept").set_value("no")
    at.radio(key="plain").set_value("no")
    at.run()
    at.session_state["_show"] = False
    at.run()
    at.run()  # a second run without the widgets: Streamlit has dropped the plain one by now
    assert _values(at) == {"kept": "no", "plain": None}
    at.session_state["_show"] = True
    at.run()
    assert at.radio(key="kept").value == "no" and at.radio(key="plain").value is None


def test_a_keyed_radio_keeps_its_choice_on_the_server_when_its_labels_change():
    at = AppTest.from_function(_persisting_app).run()
    at.radio(key="kept").set_value("yes")
    at.radio(key="plain").set_value("no")
    at.run()
    at.session_state["_label"] = "B"  # as a language switch does
    at.run()
    assert _values(at) == {"kept": "yes", "plain": "no"}


def test_persist_state_takes_a_value_set_while_not_drawn():
    at = AppTest.from_function(_persisting_app).run()
    at.session_state["_show"] = False
    at.run()
    at.session_state["kept"] = "yes"  # as a resume does
    at.run()
    at.session_state["_show"] = True
    at.run()
    assert at.radio(key="kept").value == "yes"


# --------------------------------------------------------------------------- the app's store
FIRST = Q.sections[0].items[0].id


def test_an_answer_survives_the_pages_that_do_not_draw_it():
    at = app_at("questions", section=0)
    at.radio(key=K.answer_key(FIRST)).set_value("yes").run()
    at.button(key=K.NAV_NEXT).click().run()  # the next section: the first one is not drawn
    at.button(key=K.NAV_NEXT).click().run()
    assert K.answer_key(FIRST) not in at.session_state  # Streamlit forgot the widget ...
    assert at.session_state[K.STORE][K.answer_key(FIRST)] == "yes"  # ... the store did not
    at.session_state[K.SECTION] = 0
    at.run()
    assert at.radio(key=K.answer_key(FIRST)).value == "yes"


def test_a_language_switch_draws_every_field_again_with_its_value():
    at = app_at("questions", {FIRST: "no"}, section=0)
    assert at.radio(key=K.answer_key(FIRST)).value == "no"
    at.radio(key=K.LANG).set_value("en").run()
    assert at.session_state[K.LOCALE] == "en"
    assert at.radio(key=K.answer_key(FIRST)).value == "no"


def test_end_and_erase_clears_the_store():
    at = app_at("referral", {FIRST: "yes"}, referral={K.CASE_CODE: "ABC"})
    at.button(key=K.ERASE).click().run()
    at.button(key=K.ERASE_CONFIRM).click().run()
    assert not at.exception
    assert at.session_state[K.STORE].get(K.answer_key(FIRST)) is None
    assert at.session_state[K.STORE].get(K.CASE_CODE) in (None, "")
    assert K.answer_key(FIRST) not in at.session_state
