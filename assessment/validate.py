"""`python -m assessment validate`: every data file and catalog, all problems at once.

Each checker returns a Report; other parts of the project (catalogs, referral directories,
training cases) register theirs in CHECKERS so one command validates everything.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .errors import DataError
from .loader import QUESTIONNAIRES_DIR, Registry


@dataclass
class Report:
    counts: dict[str, int] = field(default_factory=dict)
    errors: list[DataError] = field(default_factory=list)
    warnings: list[DataError] = field(default_factory=list)

    def extend(self, other: Report) -> None:
        self.counts.update(other.counts)
        self.errors += other.errors
        self.warnings += other.warnings


def check_questionnaires() -> Report:
    registry = Registry.scan(QUESTIONNAIRES_DIR)
    loaded = list(registry.loaded.values())
    return Report(
        counts={"questionnaires": len(registry.ids()), "versions": len(loaded),
                "items": sum(len(l.questionnaire.items) for l in loaded)},
        errors=registry.errors + registry.manifest_errors())


CHECKERS: list[Callable[[], Report]] = [check_questionnaires]


def _check_training() -> Report:
    from .training import check_training  # training cases (issue 7)

    return check_training()


CHECKERS.append(_check_training)


def _check_referrals() -> Report:
    from .referrals import check_referrals  # service directory and actions (issue 6)

    return check_referrals()


CHECKERS.append(_check_referrals)


def _check_course() -> Report:
    from .course import check_course  # the online course (issue 17)

    return check_course()


CHECKERS.append(_check_course)


def _check_catalogs() -> Report:
    from .catalogs import check_catalogs  # translation catalogs (issue 5)

    return check_catalogs()


CHECKERS.append(_check_catalogs)


def validate_all() -> Report:
    report = Report()
    for checker in CHECKERS:
        report.extend(checker())
    return report
