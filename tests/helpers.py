"""Small builders shared by the tests (one source for fixtures, like datasette's fixtures.py)."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from assessment.loader import Loaded, Registry, load_questionnaire_file
from assessment.model import AssessmentDoc, Judgement, Level

if TYPE_CHECKING:
    from streamlit.testing.v1 import AppTest

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "questionnaires" / "mini" / "1.0.0.yaml"
MINI_TEXT = MINI.read_text("utf-8")

#: A small edit of a questionnaire's text: the broken variants of MINI_TEXT (pyxform style).
Edit = Callable[[str], str]


def _the_line(lines: list[str], anchor: str) -> int:
    found = [i for i, line in enumerate(lines) if anchor in line]
    assert len(found) == 1, f"{anchor!r} is on {len(found)} lines of the text, not one"
    return found[0]


def replace(anchor: str, old: str, new: str) -> Edit:
    """On the one line holding `anchor`, `old` becomes `new`."""
    def edit(text: str) -> str:
        lines = text.split("\n")
        i = _the_line(lines, anchor)
        assert old in lines[i], f"{old!r} is not on the line {lines[i]!r}"
        lines[i] = lines[i].replace(old, new, 1)
        return "\n".join(lines)
    return edit


def add_after(anchor: str, line: str) -> Edit:
    """A new line after the one line holding `anchor`."""
    def edit(text: str) -> str:
        lines = text.split("\n")
        lines.insert(_the_line(lines, anchor) + 1, line)
        return "\n".join(lines)
    return edit


def whole(new_text: str) -> Edit:
    """Another text altogether (a document that is not a questionnaire at all)."""
    return lambda text: new_text


def mini() -> Loaded:
    return load_questionnaire_file(MINI)


def fixture_registry() -> Registry:
    return Registry.scan(FIXTURES / "questionnaires")


def doc(qid: str = "mini", judgement: tuple[str, str] | None = None, **answers: str) -> AssessmentDoc:
    """An assessment document from keyword answers: doc(crit_a="yes", sep="unknown")."""
    return AssessmentDoc(
        questionnaire=qid, answers=answers,
        judgement=Judgement(level=Level(judgement[0]), rationale=judgement[1]) if judgement else None)


APP = str(Path(__file__).resolve().parent.parent / "app.py")


def app_at(page: str, answers: dict[str, str] | None = None, *, locale: str = "fr",
           referral: dict[str, object] | None = None, section: int | None = None,
           judgement: dict[str, str] | None = None, browser_locale: str | None = "fr-BE",
           timeout: float = 30, **state: object) -> AppTest:
    """The app opened directly at `page` (a stage of ui/router.py) from a seeded session, without
    walking from the start page: `answers` by item id ({"strangulation": "yes"}), `referral` by
    field key (ui/keys.py: {K.CONSENT: "given"}), `section` for the questions page, `judgement`
    as ui/state keeps it, any other session key as a keyword. Returned after its first run."""
    from streamlit.testing.v1 import AppTest

    from ui import keys as K

    at = AppTest.from_file(APP, default_timeout=timeout)
    at.context = {"locale": browser_locale}
    values: dict[str, object] = {K.answer_key(i): a for i, a in (answers or {}).items()}
    values.update(referral or {})
    at.session_state[K.STORE] = values
    at.session_state[K.LOCALE] = locale
    at.session_state[K.STAGE] = page
    if section is not None:
        at.session_state[K.SECTION] = section
    if judgement is not None:
        at.session_state[K.JUDGEMENT] = judgement
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at
