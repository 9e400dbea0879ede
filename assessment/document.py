"""Assessment documents: parse, check and resolve, with one clear error each."""
from __future__ import annotations

import json
import re
from typing import Any

from pydantic import ValidationError

from .errors import N_, DataError, Phrase, Where
from .loader import Loaded, Registry, default_registry, pydantic_errors
from .model import AssessmentDoc, Result
from .scoring import check_answers, score

#: An assessment document is a few kilobytes; anything larger is not ours.
MAX_DOCUMENT_BYTES = 1_000_000


def parse_document(raw: bytes | str, path: str = "") -> AssessmentDoc:
    """JSON text -> AssessmentDoc. Raises the first DataError (A30x), never anything else.

    Strict JSON (RFC 8259): everything `json.loads` cannot turn into an object {...} is A301
    with its cause in words: not UTF-8, a syntax error, NaN / Infinity / -Infinity (not JSON;
    we refuse them rather than guess a number), an integer of more than 4,300 digits (Python's
    limit for int()), nesting deeper than the interpreter follows, a top level that is not an
    object. The location is given when it is known."""
    size = len(raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw)
    if size > MAX_DOCUMENT_BYTES:
        raise DataError("A308", Where(path), {"size": size, "limit": MAX_DOCUMENT_BYTES})
    data = _load_json(raw, path)
    if not isinstance(data, dict):
        raise DataError("A301", Where(path), {"detail": Phrase(N_("un objet {...} est attendu au premier niveau"))})
    if data.get("kind") == "course-progress":  # the course's own save file (assessment/course.py)
        raise DataError("C757", Where(path))
    try:
        return AssessmentDoc.model_validate(data)
    except ValidationError as exc:
        try:
            first = exc.errors(include_url=False)[0]
            loc = first["loc"]
            if len(loc) == 2 and loc[0] == "answers" and first["type"] != "extra_forbidden":
                error = DataError("A305", Where(path), {"field": f"answers.{loc[1]}",
                                                        "value": _short(first.get("input"))})
            else:
                error = pydantic_errors(exc, None, path, family="A")[0]
        except RecursionError:  # a value nested too deep to be shown in the message
            error = DataError("A301", Where(path), {"detail": Phrase(_TOO_DEEP)})
        raise error from None
    except RecursionError:
        raise DataError("A301", Where(path), {"detail": Phrase(_TOO_DEEP)}) from None


_TOO_DEEP = N_("imbrication trop profonde (des listes ou des blocs les uns dans les autres)")


class _NotJson(ValueError):
    """NaN, Infinity or -Infinity: Python's json accepts them, JSON does not."""


def _refuse_constant(name: str) -> Any:
    raise _NotJson(name)


def _load_json(raw: bytes | str, path: str) -> Any:
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DataError("A301", _where(path, raw[:exc.start].decode("utf-8", "replace")),
                            {"detail": Phrase(N_("le fichier n'est pas du texte UTF-8"))}) from None
    else:
        text = raw
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        where = Where(path, exc.lineno, exc.colno) if path else Where()
        raise DataError("A301", where, {"detail": exc.msg}) from None
    except _NotJson as exc:
        raise DataError("A301", Where(path), {"detail": Phrase(N_("NaN, Infinity et -Infinity ne sont pas du JSON")),
                                              "value": str(exc)}) from None
    except RecursionError:
        raise DataError("A301", Where(path), {"detail": Phrase(_TOO_DEEP)}) from None
    except ValueError:  # int() refuses more than 4,300 digits (sys.get_int_max_str_digits)
        match = _LONG_NUMBER.search(text)
        raise DataError("A301", _where(path, text[:match.start()]) if match else Where(path),
                        {"detail": Phrase(N_("un nombre a plus de 4300 chiffres"))}) from None


_LONG_NUMBER = re.compile(r"\d{4301,}")


def _where(path: str, before: str) -> Where:
    """The location just after `before` (the text up to the problem)."""
    if not path:
        return Where()
    line = before.count("\n") + 1
    return Where(path, line, len(before) - (before.rfind("\n") + 1) + 1)


def _short(value: Any, limit: int = 60) -> str:
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"


def resolve(doc: AssessmentDoc, registry: Registry | None = None) -> Loaded:
    """The questionnaire version the document names (latest released when it names none)."""
    registry = registry or default_registry()
    loaded = registry.get(doc.questionnaire, doc.version, drafts=doc.version is not None)
    if doc.sha256 is not None and doc.sha256 != loaded.sha256:
        raise DataError("A311", Where(), context={
            "sha256": doc.sha256[:12], "expected": loaded.sha256[:12], "qid": doc.questionnaire,
            "version": loaded.questionnaire.version})
    check_answers(loaded, doc.answers)
    return loaded


def score_document(raw: bytes | str, registry: Registry | None = None,
                   path: str = "") -> tuple[AssessmentDoc, Loaded, Result]:
    doc = parse_document(raw, path)
    try:
        loaded = resolve(doc, registry)
        return doc, loaded, score(loaded, doc)
    except DataError as exc:  # name the file, as every other line of the CLI does
        if path and not exc.where.path:
            exc.where = Where(path)
        raise


def dump_document(doc: AssessmentDoc) -> str:
    """The save file: stable key order, UTF-8 kept readable."""
    return json.dumps(doc.model_dump(mode="json", exclude_none=True), ensure_ascii=False, indent=2,
                      allow_nan=False)  # strict JSON, as parse_document reads it
