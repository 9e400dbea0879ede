"""Assessment documents (DESIGN 3.4): parse, check and resolve, with one clear error each."""
from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

from .errors import DataError, Where
from .loader import Loaded, Registry, default_registry, pydantic_errors
from .model import AssessmentDoc, Result
from .scoring import check_answers, score

#: An assessment document is a few kilobytes; anything larger is not ours.
MAX_DOCUMENT_BYTES = 1_000_000


def parse_document(raw: bytes | str, path: str = "") -> AssessmentDoc:
    """JSON text -> AssessmentDoc. Raises the first DataError (A30x), never anything else."""
    size = len(raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw)
    if size > MAX_DOCUMENT_BYTES:
        raise DataError("A308", Where(path), {"size": size, "limit": MAX_DOCUMENT_BYTES})
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        data: Any = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        line = getattr(exc, "lineno", None)
        detail = getattr(exc, "msg", None) or type(exc).__name__
        raise DataError("A301", Where(path, line, getattr(exc, "colno", None)) if path else Where(),
                        {"detail": detail}) from None
    if not isinstance(data, dict):
        raise DataError("A301", Where(path), {"detail": "an object {...} is expected"})
    try:
        return AssessmentDoc.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        loc = first["loc"]
        if len(loc) == 2 and loc[0] == "answers" and first["type"] != "extra_forbidden":
            raise DataError("A305", Where(path), {"field": f"answers.{loc[1]}",
                                                  "value": _short(first.get("input"))}) from None
        raise pydantic_errors(exc, None, path, family="A")[0] from None


def _short(value: Any, limit: int = 60) -> str:
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"


def resolve(doc: AssessmentDoc, registry: Registry | None = None) -> Loaded:
    """The questionnaire version the document names (latest released when it names none)."""
    registry = registry or default_registry()
    loaded = registry.get(doc.questionnaire, doc.version, drafts=doc.version is not None)
    check_answers(loaded, doc.answers)
    return loaded


def score_document(raw: bytes | str, registry: Registry | None = None,
                   path: str = "") -> tuple[AssessmentDoc, Loaded, Result]:
    doc = parse_document(raw, path)
    loaded = resolve(doc, registry)
    return doc, loaded, score(loaded, doc)


def dump_document(doc: AssessmentDoc) -> str:
    """The save file: stable key order, UTF-8 kept readable."""
    return json.dumps(doc.model_dump(mode="json", exclude_none=True), ensure_ascii=False, indent=2)
