"""Shared building blocks of every data kind, with no dependency inside the package (a leaf:
tests/test_imports.py checks it imports no other module of assessment/ at run time).

- `Strict`: the base of every model read from a hand-edited file (questionnaires, referral
  directories, training cases, the course): unknown keys are refused, values are frozen.
- `Id`: the one identifier type (lowercase, digits and underscores, starting with a letter).
- `Report`: what a `validate` checker returns (counts, errors, warnings).
- `N_`: marks a French string for extraction, translated where it is shown.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:  # annotations only: errors.py imports the models, so not at run time
    from .errors import DataError

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
SEMVER_PATTERN = r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$"

Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=64)]


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now."""
    return message


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass
class Report:
    counts: dict[str, int] = field(default_factory=dict)
    errors: list[DataError] = field(default_factory=list)
    warnings: list[DataError] = field(default_factory=list)

    def extend(self, other: Report) -> None:
        self.counts.update(other.counts)
        self.errors += other.errors
        self.warnings += other.warnings
