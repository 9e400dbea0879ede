"""Small builders shared by the tests (one source for fixtures, like datasette's fixtures.py)."""
from __future__ import annotations

from pathlib import Path

from assessment.loader import Loaded, Registry, load_questionnaire_file
from assessment.model import AssessmentDoc, Judgement, Level

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "questionnaires" / "mini" / "1.0.0.yaml"


def mini() -> Loaded:
    return load_questionnaire_file(MINI)


def fixture_registry() -> Registry:
    return Registry.scan(FIXTURES / "questionnaires")


def doc(qid: str = "mini", judgement: tuple[str, str] | None = None, **answers: str) -> AssessmentDoc:
    """An assessment document from keyword answers: doc(crit_a="yes", sep="unknown")."""
    return AssessmentDoc(
        questionnaire=qid, answers=answers,
        judgement=Judgement(level=Level(judgement[0]), rationale=judgement[1]) if judgement else None)
