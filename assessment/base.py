"""Shared building blocks of every data kind, with no dependency inside the package (a leaf:
tests/test_imports.py checks it imports no other module of assessment/ at run time).

- `Strict`: the base of every model read from a hand-edited file (questionnaires, referral
  directories, training cases, the course): unknown keys are refused, values are frozen.
- `Id`: the one identifier type (lowercase, digits and underscores, starting with a letter).
- `Report`: what a `validate` checker returns (counts, errors, warnings).
- `N_`: marks a French string for extraction, translated where it is shown.
- `TRANSLATABLE`: marks a model field whose French text goes to the catalogs
  (`name: Annotated[str, TRANSLATABLE]`; on a list or a dict: each string in it);
  `translatable_fields(Model)` names them and `translatable_texts(instance)` yields them.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:  # annotations only: errors.py imports the models, so not at run time
    from .errors import DataError

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
SEMVER_PATTERN = r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$"

Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=64)]


class _Translatable:
    """The marker's type: one instance, TRANSLATABLE, found in a field's metadata."""

    def __repr__(self) -> str:
        return "TRANSLATABLE"


TRANSLATABLE = _Translatable()


def translatable_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of `model` (not of its nested models) marked TRANSLATABLE, in their order."""
    return tuple(name for name, info in model.model_fields.items()
                 if any(meta is TRANSLATABLE for meta in info.metadata))


def translatable_texts(node: object) -> Iterator[str]:
    """Every non-empty French text of a model instance's marked fields, nested models
    included (lists, tuples and dict values followed), in field order."""
    if isinstance(node, BaseModel):
        wanted = translatable_fields(type(node))
        for name in type(node).model_fields:
            value = getattr(node, name)
            if name in wanted:
                yield from _strings(value)
            else:
                yield from translatable_texts(value)
    elif isinstance(node, (list, tuple)):
        for child in node:
            yield from translatable_texts(child)
    elif isinstance(node, dict):
        for child in node.values():
            yield from translatable_texts(child)


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        if value:
            yield value
    elif isinstance(value, (list, tuple)):
        for child in value:
            yield from _strings(child)
    elif isinstance(value, dict):
        for child in value.values():
            yield from _strings(child)


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
