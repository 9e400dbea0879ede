"""Babel extractor for the project's YAML data files (questionnaires, course, referrals, training).

Only the fields a file kind declares translatable are extracted; everything else (ids,
weights, URLs, citations) stays out of the catalogs. The msgid is the French text itself (no
msgctxt; a "% " gets a no-break space, `i18n.msgid`, so "29 % des" is not a %-format to
gettext tools), and each message carries a translator comment naming where it comes from, e.g.
``#. danger-screen 1.0.0 item strangulation: help``.

A file with a model is read as its loader reads it (validated: a broken file stops the
extraction with its coded, located errors), then `base.translatable_messages` walks the model
with its YAML and yields every field marked TRANSLATABLE with its line: the same walker as every
other list of texts to translate. The file kind is chosen by the options of its section in the
mapping file (``locales/mapping/<domain>.cfg``)::

    [extractors]
    yaml = assessment.tooling.extract:extract_yaml

    [yaml: questionnaires/*/*.yaml]
    kind = questionnaire                      # a kind registered in FILE_KINDS below

    [yaml: course/**.yaml]
    model = assessment.course:Module          # or: a pydantic model, its TRANSLATABLE fields

    [yaml: questionnaires/reassess.yaml]
    paths = after_incident, note              # or, for a file without marked fields: paths

Path syntax (``paths`` only): ``a.b`` walks into a mapping, ``a[]`` into every element of a
list, ``a{}`` into every value of a mapping. The deepest list element with an ``id`` names the
message's place. `model_paths` gives a model's marked fields in this syntax.
"""
from __future__ import annotations

import importlib
import types
import typing
from collections.abc import Callable, Iterator
from pathlib import PurePath
from typing import Any, Union

from pydantic import BaseModel
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .. import referrals
from ..base import translatable_fields, translatable_messages
from ..errors import DataError, Where
from ..i18n import msgid
from ..loader import parse_yaml_model, read_yaml
from ..model import Questionnaire
from ..training import TrainingCase

Path = tuple[str, ...]


# --------------------------------------------------------------------------- declared fields
def model_paths(model: type[BaseModel], prefix: str = "") -> list[str]:
    """Translatable paths of a pydantic model tree: the fields marked TRANSLATABLE
    (assessment/base.py) on the model itself and on every model nested in it (directly, in a
    list, in a dict or optional), so a new field or nested model needs only its marker.
    """
    out = [prefix + name for name in translatable_fields(model)]
    for name, info in model.model_fields.items():
        for suffix, sub in _nested_models(info.annotation, BaseModel):
            out += model_paths(sub, f"{prefix}{name}{suffix}.")
    return out


def _nested_models(annotation: Any, base: type) -> Iterator[tuple[str, type]]:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if isinstance(annotation, type) and issubclass(annotation, base):
        yield "", annotation
    elif origin in (list, tuple, set, frozenset):
        for arg in args:
            for suffix, sub in _nested_models(arg, base):
                yield "[]" + suffix, sub
    elif origin is dict and len(args) == 2:
        for suffix, sub in _nested_models(args[1], base):
            yield "{}" + suffix, sub
    elif origin in (Union, types.UnionType) or origin is typing.Annotated:
        for arg in args if origin is not typing.Annotated else args[:1]:
            yield from _nested_models(arg, base)


def _questionnaire_paths() -> list[str]:
    return model_paths(Questionnaire)


#: Registered file kinds: name -> function returning the translatable paths.
KINDS: dict[str, Callable[[], list[str]]] = {
    "questionnaire": _questionnaire_paths,
}


def _import(ref: str) -> Any:
    module, _, attr = ref.partition(":")
    if not attr:
        raise ValueError(f"expected 'package.module:name', got {ref!r}")
    return getattr(importlib.import_module(module), attr)


def paths_for(options: dict[str, Any]) -> list[str]:
    """The translatable paths for one mapping section's options (kind, paths or model+fields)."""
    if options.get("kind"):
        kind = str(options["kind"]).strip()
        if kind in KINDS:
            return KINDS[kind]()
        found = _import(kind)
        return list(found() if callable(found) else found)
    if options.get("paths"):
        return [p.strip() for p in str(options["paths"]).replace("\n", ",").split(",") if p.strip()]
    if options.get("model"):
        return model_paths(_import(str(options["model"])))
    raise ValueError("YAML extraction needs a 'kind', 'paths' or 'model' option "
                     "in its mapping section")


# --------------------------------------------------------------------------- walking (paths)
def _split(path: str) -> list[tuple[str, str]]:
    """'sections[].items[].text' -> [('sections', '[]'), ('items', '[]'), ('text', '')]."""
    parts = []
    for part in path.split("."):
        for marker in ("[]", "{}"):
            if part.endswith(marker):
                parts.append((part[: -len(marker)], marker))
                break
        else:
            parts.append((part, ""))
    return parts


def _singular(key: str) -> str:
    return key[:-1] if key.endswith("s") and len(key) > 1 else key


def walk(data: Any, path: str) -> Iterator[tuple[int, str, str]]:
    """(line, text, place) for every non-empty string at `path` in the YAML tree."""
    steps = _split(path)

    def go(node: Any, i: int, place: str) -> Iterator[tuple[int, str, str]]:
        key, marker = steps[i]
        if not isinstance(node, CommentedMap) or key not in node:
            return
        child = node[key]
        last = i == len(steps) - 1
        if last and not marker:
            if isinstance(child, str) and child.strip():
                yield node.lc.value(key)[0] + 1, child, place
            elif isinstance(child, CommentedSeq):  # a field that is a list of plain strings
                for n, entry in enumerate(child):
                    if isinstance(entry, str) and entry.strip():
                        yield child.lc.item(n)[0] + 1, entry, place
            return
        if marker == "[]" and isinstance(child, CommentedSeq):
            for element in child:
                name = place
                if isinstance(element, CommentedMap) and isinstance(element.get("id"), str):
                    name = f"{_singular(key)} {element['id']}"
                if last:
                    continue  # a list of plain strings is not declared this way
                yield from go(element, i + 1, name)
        elif marker == "{}" and isinstance(child, CommentedMap):
            for sub_key, element in child.items():
                if not last:
                    yield from go(element, i + 1, f"{_singular(key)} {sub_key}")
        elif not marker and not last:
            yield from go(child, i + 1, place)

    yield from go(data, 0, "")


# --------------------------------------------------------------------------- file kinds
#: (line, French text, translator comment) of one file's translatable strings.
Found = Iterator[tuple[int, str, str]]
#: A file read as its loader reads it: (the validated model, its YAML, the comments' header).
Read = tuple[BaseModel, Any, str]


def _header(model: BaseModel) -> str:
    """'danger-screen 1.0.0': the id and version of a file's model, when it has them."""
    return " ".join(str(getattr(model, k)) for k in ("id", "version")
                    if isinstance(getattr(model, k, None), (str, int)))


def _questionnaire(text: str, name: str) -> Read:
    """A questionnaire version (questionnaires/<id>/<version>.yaml)."""
    model, data = parse_yaml_model(text, name, Questionnaire, not_mapping="Q116")
    return model, data, _header(model)


def _referrals(text: str, name: str) -> Read:
    """A region's service directory or the actions file (referrals/*.yaml)."""
    is_actions = PurePath(name).name == referrals.ACTIONS_FILE
    model, data = referrals.parse_file(text, name, referrals.ActionsFile if is_actions else referrals.Region)
    return model, data, referrals.ACTIONS_FILE if is_actions else f"region {model.id}"


def _training(text: str, name: str) -> Read:
    """A training case (training/cases/*.yaml)."""
    model, data = parse_yaml_model(text, name, TrainingCase, not_mapping="T502",
                                   codes=("T503", "T504", "T505"))
    return model, data, f"training case {model.id}"


#: `kind = ...` of a mapping section: how its files are read. Their texts are the fields
#: marked TRANSLATABLE on the model (base.translatable_messages); `model = package:Model`
#: reads a file with that model, `paths = ...` walks a file that has none (`walk`).
FILE_KINDS: dict[str, Callable[[str, str], Read]] = {
    "questionnaire": _questionnaire,
    "referrals": _referrals,
    "training": _training,
}


def _with_model(options: dict[str, Any]) -> Callable[[str, str], Read] | None:
    """The reader of a section's `kind` or `model`, None for `paths`."""
    kind = str(options.get("kind", "")).strip()
    if kind in FILE_KINDS:
        return FILE_KINDS[kind]
    if options.get("model") and not kind:
        model = _import(str(options["model"]))

        def read(text: str, name: str) -> Read:
            found, data = parse_yaml_model(text, name, model, not_mapping="Q116")
            return found, data, _header(found)

        return read
    return None


def _by_paths(text: str, name: str, options: dict[str, Any]) -> Found:
    """A file without a model: the strings at the section's `paths`."""
    data = read_yaml(text, name)
    if not isinstance(data, CommentedMap):
        raise DataError("Q116", Where(name, 1, 1))
    header = " ".join(str(data[k]) for k in ("id", "version") if isinstance(data.get(k), (str, int)))
    for path in paths_for(options):
        field = _split(path)[-1][0]
        for line, message, place in walk(data, path):
            where = " ".join(p for p in (header, place) if p)
            yield line, message, f"{where}: {field}" if where else field


def file_messages(text: str, name: str, options: dict[str, Any]) -> list[tuple[int, str, str]]:
    """(line, French text, translator comment) of one file's texts, in line order."""
    if not text.strip():
        return []
    reader = _with_model(options)
    if reader is None:
        found = list(_by_paths(text, name, options))
    else:
        model, data, header = reader(text, name)
        found = list(translatable_messages(model, data, header))
    return sorted(found, key=lambda f: f[0])


def extract_yaml(fileobj: Any, keywords: Any, comment_tags: Any,
                 options: dict[str, Any]) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """The Babel extraction method for every YAML data file (locales/mapping/*.cfg): yields
    (lineno, funcname, message, comments). The msgid is `i18n.msgid` of the French text ("% "
    gets a no-break space, so it is not a %-format)."""
    raw = fileobj.read()
    text = raw.decode(options.get("encoding", "utf-8")) if isinstance(raw, bytes) else raw
    name = str(getattr(fileobj, "name", "<yaml>"))
    for line, message, comment in file_messages(text, name, options):
        yield line, None, msgid(message), [comment]
