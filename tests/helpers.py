"""Small builders shared by the tests (one source for fixtures, like datasette's fixtures.py)."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from assessment.loader import Loaded, Registry, load_questionnaire_file
from assessment.model import AssessmentDoc, Judgement, Level

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
