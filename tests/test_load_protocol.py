"""The protocol client of benchmarks/load_protocol.py really completes an assessment.

Against a real server on a free loopback port (no browser): one simulated professional goes
through every stage by widget keys and must see, on the result page, the level the core
computes for the answers it gave. So the load benchmark cannot silently measure error pages or
a stage it never reached. A second server runs a small script with an `st.fragment`: a widget
inside it asks for the fragment's rerun only, and the client keeps the rest of the page.
"""
from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest

from assessment.i18n import translator
from assessment.loader import DEFAULT_QUESTIONNAIRE, default_registry
from assessment.model import AssessmentDoc, Level
from assessment.scoring import score
from assessment.wording import level_label
from tests.browser.conftest import start_server, stop_server

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import stclient


@pytest.fixture(scope="module")
def app_server():
    server = start_server()
    yield server
    stop_server(server)


def computed(answers: dict[str, str]) -> Level:
    loaded = default_registry().get(DEFAULT_QUESTIONNAIRE)
    return score(loaded, AssessmentDoc(questionnaire=loaded.questionnaire.id,
                                       answers=answers)).computed_level


@pytest.mark.parametrize("case", ["all no", "pattern 1"])
def test_simulated_professional_completes_and_sees_the_core_level(app_server, case):
    q = default_registry().get(DEFAULT_QUESTIONNAIRE).questionnaire
    given = dict.fromkeys(q.item_ids, "no") if case == "all no" else None
    out = asyncio.run(stclient.complete_assessment(app_server.url, n=1, answers=given))

    assert out.stages == (["start", "before"] + ["section"] * len(q.sections)
                          + ["review", "result", "referral"])
    assert list(out.answers) == list(q.item_ids)  # every question, in the questionnaire's order
    if given:
        assert out.answers == given
    assert not out.exceptions
    level = computed(out.answers)
    assert level is (Level.low if case == "all no" else Level.high)  # two different results
    fr = translator("fr", domain="ui")
    assert f"**{level_label(level, fr)}**]" in out.level_text, out.level_text
    others = [lv for lv in Level if lv is not level]
    assert not any(f"**{level_label(lv, fr)}**]" in out.level_text for lv in others)
    # One click per question, 3 before them, navigation and typing: what the benchmark counts.
    assert len(out.clicks) == len(q.item_ids) + 3 + 1 + (len(q.sections) + 1) + 2 + 3


FRAGMENT_APP = '''
import streamlit as st
st.session_state.setdefault("full", 0)
st.session_state["full"] += 1
st.radio("outside", ("a", "b"), key="outside")
@st.fragment
def inner():
    st.radio("inside", ("x", "y", "z"), index=None, key="inside")
    st.markdown(f"inside={st.session_state.get('inside')} full={st.session_state['full']}")
inner()
st.button("go", key="go")
st.markdown(f"outside={st.session_state.get('outside')} full={st.session_state['full']}")
'''


def test_client_follows_fragment_reruns(tmp_path):
    script = tmp_path / "fragment_app.py"
    script.write_text(FRAGMENT_APP, "utf-8")
    server = start_server(script=str(script))
    try:
        async def drive():
            s = stclient.Session(server.url)
            await s.connect()
            assert s.widget("inside").fragment_id and not s.widget("outside").fragment_id
            _ms, run = await s.choose("inside", 2)  # a fragment run: only its deltas come
            assert run.fragment and set(run.widgets) == {"inside"}
            assert "inside=z full=1" in run.texts
            assert s.has("outside") and s.has("go")  # the rest of the page is still there
            _ms, run = await s.choose("outside", 1)  # a full run keeps the fragment's state
            assert not run.fragment
            assert "inside=z full=2" in run.texts and "outside=b full=2" in run.texts
            _ms, run = await s.click("go")
            assert "outside=b full=3" in run.texts and "inside=z full=3" in run.texts
            await s.close()

        asyncio.run(drive())
    finally:
        stop_server(server)
