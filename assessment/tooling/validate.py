"""`python -m assessment validate`: every data file and catalog, all problems at once.

Each checker returns a `Report` (assessment/base.py); the questionnaires, the training cases,
the referral directories, the course and the translation catalogs each have theirs in
CHECKERS, so one command validates everything.
"""
from __future__ import annotations

from collections.abc import Callable

from ..base import Report
from ..course import check_course
from ..loader import QUESTIONNAIRES_DIR, Registry
from ..referrals import check_referrals
from ..training import check_training
from .catalogs import check_catalogs

__all__ = ["CHECKERS", "Report", "check_questionnaires", "validate_all"]


def check_questionnaires() -> Report:
    registry = Registry.scan(QUESTIONNAIRES_DIR)
    loaded = list(registry.loaded.values())
    return Report(
        counts={"questionnaires": len(registry.ids()), "versions": len(loaded),
                "items": sum(len(one.questionnaire.items) for one in loaded)},
        errors=registry.errors + registry.manifest_errors())


#: In this order (the counts printed by `validate` keep it).
CHECKERS: list[Callable[[], Report]] = [
    check_questionnaires, check_training, check_referrals, check_course, check_catalogs]


def validate_all() -> Report:
    report = Report()
    for checker in CHECKERS:
        report.extend(checker())
    return report
