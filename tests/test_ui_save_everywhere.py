"""The "save to a file" button is on every page of the flow, not only the last, so an interview can
be kept before anything goes wrong (a cut connection, a closed tab); the start page has nothing
to save yet."""
from __future__ import annotations

from .test_ui_flow import Q, answer_section, click, open_app

SAVE = "save_prepare"


def buttons(at) -> set[str]:
    return {b.key for b in at.button}


def test_save_to_a_file__on_every_page_of_the_flow():
    at = open_app()
    assert "start" in buttons(at)
    assert SAVE not in buttons(at)
    seen = []
    click(at, "start")
    seen.append((at.session_state["stage"], SAVE in buttons(at)))
    click(at, "nav_next")
    for _ in Q.sections:
        seen.append((f"questions:{at.session_state['section']}", SAVE in buttons(at)))
        answer_section(at, {}, "no")
        click(at, "nav_next")
    for _ in ("review", "result", "referral"):
        seen.append((at.session_state["stage"], SAVE in buttons(at)))
        if at.session_state["stage"] != "referral":
            click(at, "nav_next")
    assert seen[0][0] == "before" and seen[-1][0] == "referral", seen
    assert len(seen) == len(Q.sections) + 4, seen
    assert all(offered for _, offered in seen), [stage for stage, offered in seen if not offered]


def test_save_to_a_file__the_dialog_opens_from_a_question_page():
    at = open_app()
    click(at, "start")
    click(at, "nav_next")
    assert at.session_state["stage"] == "questions"
    click(at, SAVE)
    assert {w.key for w in at.get("download_button")} == {"save_json"}
