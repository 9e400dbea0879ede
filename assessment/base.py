"""Shared building blocks of every data kind, with no dependency inside the package (a leaf:
tests/test_imports.py checks it imports no other module of assessment/ at run time).

- `Strict`: the base of every model read from a hand-edited file (questionnaires, referral
  directories, training cases, the course): unknown keys are refused, values are frozen.
- `Id`: the one identifier type (lowercase, digits and underscores, starting with a letter).
- `Report`: what a `validate` checker returns (counts, errors, warnings).
- `N_`: marks a French string for extraction, translated where it is shown.
- `TRANSLATABLE`: marks a model field whose French text goes to the catalogs
  (`name: Annotated[str, TRANSLATABLE]`; on a list or a dict: each string in it);
  `translatable_fields(Model)` names them; `translatable_messages(instance, yaml_node)` yields
  them with their line and a translator comment (the catalog extractor and every list of texts
  to translate), `translatable_texts(instance)` the texts alone.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated

from pydantic import BaseModel, ConfigDict, Field
from ruamel.yaml.comments import CommentedMap, CommentedSeq

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


#: (line, French text, translator comment) of one translatable text.
Message = tuple[int, str, str]


def translatable_messages(model: BaseModel, node: object = None, header: str = "") -> Iterator[Message]:
    """(line, text, comment) for every non-empty French text of a validated model's marked
    fields, nested models included (lists, tuples and dict values followed), in field order.

    `node` is the YAML the model was validated from (ruamel's CommentedMap/CommentedSeq keep
    each value's line); without it, or where a value is not written (a default), the line is the
    nearest written parent's (0 at the top). The comment names the place:
    ``{header} {place}: {field}``, where the place is the deepest list element with an `id`
    (``item strangulation``; ``option 2`` without one) or dict value (``country be``) holding the
    field, and the field is its path below that place (``legal.refused``); a text in a list field
    is numbered from 1 (``discussion 2``), one in a dict field keyed (``help.strangulation``).
    """
    yield from _walk(model, node, _line_of(node, 0), header, "", "")


def translatable_texts(node: BaseModel) -> Iterator[str]:
    """Every text `translatable_messages` yields, without lines and comments."""
    for _line, text, _comment in translatable_messages(node):
        yield text


def _walk(value: object, node: object, line: int, header: str, place: str,
          path: str) -> Iterator[Message]:
    """The texts under `value` (a model, or a list or dict of models), at `place`."""
    if not isinstance(value, BaseModel):
        return
    wanted = translatable_fields(type(value))
    for name in type(value).model_fields:
        child = getattr(value, name)
        sub, sub_line = _child(node, name, line)
        if name in wanted:
            yield from _texts(child, sub, sub_line, _comment(header, place, path + name))
        elif isinstance(child, (list, tuple)):
            for n, element in enumerate(child):
                el, el_line = _child(sub, n, sub_line)
                own = getattr(element, "id", None)
                named = f"{_singular(name)} {own}" if isinstance(own, str) else \
                    " ".join(p for p in (place, f"{_singular(name)} {n + 1}") if p)
                yield from _walk(element, el, el_line, header, named, "")
        elif isinstance(child, dict):
            for key, element in child.items():
                shown = getattr(key, "value", key)
                el, el_line = _child(sub, shown, sub_line)
                yield from _walk(element, el, el_line, header, f"{_singular(name)} {shown}", "")
        else:
            yield from _walk(child, sub, sub_line, header, place, f"{path}{name}.")


def _texts(value: object, node: object, line: int, comment: str) -> Iterator[Message]:
    """A marked field's texts: a string, each string of a list (numbered) or of a dict (keyed)."""
    if isinstance(value, str):
        if value.strip():
            yield line, value, comment
    elif isinstance(value, (list, tuple)):
        for n, text in enumerate(value):
            if isinstance(text, str) and text.strip():
                yield _child(node, n, line)[1], text, f"{comment} {n + 1}"
    elif isinstance(value, dict):
        for key, text in value.items():
            shown = getattr(key, "value", key)
            if isinstance(text, str) and text.strip():
                yield _child(node, shown, line)[1], text, f"{comment}.{shown}"


def _child(node: object, key: object, line: int) -> tuple[object, int]:
    """(the YAML node at `key` in `node`, its 1-based line), or (None, `line`) when absent.
    A mapping or list child is at its key's line, a scalar at its value's (as loader.locate)."""
    if isinstance(node, CommentedMap) and key in node:
        child = node[key]
        position = node.lc.key(key) if isinstance(child, (CommentedMap, CommentedSeq)) \
            else node.lc.value(key)
        return child, position[0] + 1
    if isinstance(node, CommentedSeq) and isinstance(key, int) and 0 <= key < len(node):
        return node[key], node.lc.item(key)[0] + 1
    return None, line


def _line_of(node: object, default: int) -> int:
    if isinstance(node, (CommentedMap, CommentedSeq)) and node.lc.line is not None:
        return int(node.lc.line) + 1
    return default


def _comment(header: str, place: str, field_path: str) -> str:
    where = " ".join(p for p in (header, place) if p)
    return f"{where}: {field_path}" if where else field_path


def _singular(key: str) -> str:
    """'items' -> 'item', 'countries' -> 'country': a list element or dict value named."""
    if key.endswith("ies") and len(key) > 3:
        return key[:-3] + "y"
    return key[:-1] if key.endswith("s") and len(key) > 1 else key


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
