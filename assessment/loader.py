"""YAML questionnaire files -> models, with every error located (file:line:col) and coded.

ruamel.yaml (YAML 1.2) because it keeps line/column per node, rejects duplicate keys and
keeps `yes` / `no` as strings. Semantic checks (references, thresholds, tiers) run after the
pydantic model and report every problem found, not just the first.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError

from .errors import Code, DataError, DataErrors, Where
from .model import SCHEMA_VERSION, Level, Questionnaire, Tier
from .paths import ROOT as ROOT  # re-exported: callers import ROOT from here

QUESTIONNAIRES_DIR = ROOT / "questionnaires"
MANIFEST_NAME = "released.json"
DEFAULT_QUESTIONNAIRE = "danger-screen"
M = TypeVar("M", bound=BaseModel)


# --------------------------------------------------------------------------- YAML + locations
def read_yaml(text: str, path: str) -> Any:
    """Parse YAML 1.2 keeping positions; syntax and duplicate keys become coded errors."""
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    try:
        return yaml.load(text)
    except DuplicateKeyError as exc:
        mark = exc.problem_mark
        raise DataError("Q102", Where(path, mark.line + 1, mark.column + 1),
                        {"detail": _one_line(exc.problem or "")}) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        detail = _one_line(" ".join(p for p in (exc.context, exc.problem) if p))
        raise DataError("Q101", Where(path, line, col), {"detail": detail}) from None
    except Exception as exc:  # ruamel raises a few unmarked errors (e.g. bad unicode)
        raise DataError("Q101", Where(path), {"detail": _one_line(str(exc))}) from None


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def locate(data: Any, loc: Iterable[Any]) -> tuple[int | None, int | None]:
    """Line and column (1-based) of the deepest node of `loc` that exists in `data`."""
    node, line, col = data, None, None
    if isinstance(data, (CommentedMap, CommentedSeq)) and data.lc.line is not None:
        line, col = data.lc.line, data.lc.col
    for part in loc:
        if isinstance(node, CommentedMap) and part in node:
            child = node[part]
            if isinstance(child, (CommentedMap, CommentedSeq)):
                line, col = node.lc.key(part)
            else:
                line, col = node.lc.value(part)
            node = child
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
            line, col = node.lc.item(part)
            node = node[part]
        elif isinstance(node, (CommentedMap, CommentedSeq)):
            continue  # a discriminator tag or a missing key: stay on the parent
        else:
            break
    if line is None:
        return None, None
    return line + 1, (col or 0) + 1


def pydantic_errors(exc: ValidationError, data: Any, path: str, family: str = "Q") -> list[DataError]:
    """Map pydantic errors to coded, located errors (Q103/Q104/Q105 or A306/A309/A307)."""
    by_family: dict[str, tuple[Code, Code, Code]] = {"Q": ("Q103", "Q104", "Q105"),
                                                    "A": ("A306", "A309", "A307")}
    codes = by_family[family]
    out = []
    for err in exc.errors(include_url=False):
        loc = err["loc"]
        dotted = ".".join(str(p) for p in loc)
        line, col = locate(data, loc)
        if err["type"] == "extra_forbidden":
            code: Code = codes[0]
            ctx: dict[str, object] = {"field": dotted}
        elif err["type"] == "missing":
            code, ctx = codes[1], {"field": dotted}
        else:
            detail = err["msg"].removeprefix("Value error, ")
            code, ctx = codes[2], {"field": dotted, "detail": detail, "value": err.get("input")}
        out.append(DataError(code, Where(path, line, col), ctx))
    return out


# --------------------------------------------------------------------------- questionnaire
@dataclass(frozen=True)
class Loaded:
    """A validated questionnaire with the identity the Result and the PDF carry."""

    questionnaire: Questionnaire
    path: str
    sha256: str

    @property
    def key(self) -> tuple[str, str]:
        return self.questionnaire.id, self.questionnaire.version


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def parse_yaml_model(text: str, path: str, model: type[M], *, not_mapping: Code,
                     codes: tuple[Code, Code, Code] = ("Q103", "Q104", "Q105")) -> tuple[M, CommentedMap]:
    """YAML text -> (validated model, parsed data kept for locating later checks).

    One path for every data file (questionnaires, referral directories, training cases):
    syntax and duplicate keys give Q101/Q102, a document that is not a mapping `not_mapping`,
    and pydantic errors the file kind's codes for (unknown field, missing field, bad value).
    """
    try:
        data = read_yaml(text, path) if text.strip() else None
    except DataError as exc:
        raise DataErrors([exc]) from None
    if not isinstance(data, CommentedMap):
        raise DataErrors([DataError(not_mapping, Where(path, 1, 1))])
    try:
        return model.model_validate(data), data
    except ValidationError as exc:
        remap: dict[Code, Code] = {"Q103": codes[0], "Q104": codes[1], "Q105": codes[2]}
        raise DataErrors([DataError(remap.get(e.code, e.code), e.where, e.context)
                          for e in pydantic_errors(exc, data, path)]) from None


def load_questionnaire_text(text: str, path: str = "<text>") -> Loaded:
    """Validate questionnaire YAML text; raise DataErrors listing every problem found."""
    model, data = parse_yaml_model(text, path, Questionnaire, not_mapping="Q116")
    problems = semantic_errors(model, data, path)
    if problems:
        raise DataErrors(problems)
    return Loaded(model, path, sha256_of(text.encode("utf-8")))


def load_questionnaire_file(path: Path | str) -> Loaded:
    path = Path(path)
    shown = display_path(path)
    try:
        raw = path.read_bytes()
    except OSError:
        raise DataErrors([DataError("Q100", Where(shown), {"path": shown})]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataErrors([DataError("Q101", Where(shown), {"detail": f"not UTF-8 ({exc.reason})"})]) from None
    loaded = load_questionnaire_text(text, shown)
    return Loaded(loaded.questionnaire, shown, sha256_of(raw))


def display_path(path: Path) -> str:
    """A path as shown in messages: relative to the project when inside it."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def semantic_errors(q: Questionnaire, data: Any, path: str) -> list[DataError]:
    """Cross-field rules pydantic cannot express; each error points at the offending node."""
    errors: list[DataError] = []

    def err(code: Code, loc: tuple[str | int, ...], **ctx: object) -> None:
        line, col = locate(data, loc)
        errors.append(DataError(code, Where(path, line, col), ctx))

    item_ids: set[str] = set()
    section_ids: set[str] = set()
    for s_i, section in enumerate(q.sections):
        if section.id in section_ids:
            err("Q114", ("sections", s_i, "id"), detail=section.id)
        section_ids.add(section.id)
        for i_i, item in enumerate(section.items):
            if item.id in item_ids:
                err("Q106", ("sections", s_i, "items", i_i, "id"), item=item.id)
            item_ids.add(item.id)

    alert_ids = [a.id for a in q.alerts]
    for a_i, alert_id in enumerate(alert_ids):
        if alert_id in alert_ids[:a_i]:
            err("Q114", ("alerts", a_i, "id"), detail=alert_id)
    source_ids = {s.id for s in q.provenance.sources}

    t = q.scoring.thresholds
    if not (t.moderate < t.high < t.severe):
        err("Q109", ("scoring", "thresholds"), moderate=t.moderate, high=t.high, severe=t.severe)

    for s_i, section in enumerate(q.sections):
        for i_i, item in enumerate(section.items):
            here: tuple[str | int, ...] = ("sections", s_i, "items", i_i)
            if item.weight >= t.severe:
                err("Q108", (*here, "weight"), threshold=t.severe, item=item.id, weight=item.weight)
            if item.tier in (Tier.critical, Tier.high):
                floor = item.floor or Level.low
                if item.weight < t.moderate and floor < Level.moderate:
                    err("Q110", (*here, "weight"), tier=item.tier.value, item=item.id)
            for a_i, alert in enumerate(item.alerts):
                if alert not in alert_ids:
                    err("Q111", (*here, "alerts", a_i), alert=alert)
            for e_i, source in enumerate(item.evidence):
                if source not in source_ids:
                    err("Q112", (*here, "evidence", e_i), source=source)

    combo_ids: set[str] = set()
    for c_i, combo in enumerate(q.scoring.combinations):
        here = ("scoring", "combinations", c_i)
        if combo.id in combo_ids:
            err("Q114", (*here, "id"), detail=combo.id)
        combo_ids.add(combo.id)
        for k_i, cond in enumerate(combo.conditions):
            for n_i, ref in enumerate(cond.any_of):
                if ref not in item_ids:
                    err("Q107", (*here, "conditions", k_i, "any_of", n_i), item=ref)
            if cond.at_least > len(cond.any_of):
                err("Q115", (*here, "conditions", k_i, "at_least"),
                    at_least=cond.at_least, count=len(cond.any_of))
    return errors


# --------------------------------------------------------------------------- registry
def semver_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split("."))


@dataclass
class Registry:
    """All questionnaire versions found under a folder: questionnaires/<id>/<version>.yaml."""

    root: Path
    loaded: dict[tuple[str, str], Loaded] = field(default_factory=dict)
    errors: list[DataError] = field(default_factory=list)

    @classmethod
    def scan(cls, root: Path | str = QUESTIONNAIRES_DIR) -> Registry:
        reg = cls(Path(root))
        for path in sorted(reg.root.glob("*/*.yaml")):
            try:
                loaded = load_questionnaire_file(path)
            except DataErrors as exc:
                reg.errors.extend(exc.errors)
                continue
            q = loaded.questionnaire
            if (path.parent.name, path.stem) != (q.id, q.version):
                reg.errors.append(DataError("Q113", Where(loaded.path, 1, 1),
                                            {"qid": q.id, "version": q.version, "path": loaded.path}))
                continue
            reg.loaded[loaded.key] = loaded
        return reg

    def ids(self) -> list[str]:
        return sorted({qid for qid, _ in self.loaded})

    def versions(self, qid: str, drafts: bool = False) -> list[str]:
        found = [v for (i, v), entry in self.loaded.items()
                 if i == qid and (drafts or entry.questionnaire.status == "released")]
        return sorted(found, key=semver_key)

    def get(self, qid: str, version: str | None = None, drafts: bool = False) -> Loaded:
        """Latest released version by default; an explicit version on request (drafts too)."""
        if qid not in self.ids():
            raise DataError("A302", context={"qid": qid, "available": ", ".join(self.ids()) or "-"})
        if version is None:
            versions = self.versions(qid, drafts=drafts)
            if not versions:
                raise DataError("A303", context={"qid": qid, "version": "(latest)", "available": "-"})
            version = versions[-1]
        if (qid, version) not in self.loaded:
            raise DataError("A303", context={"qid": qid, "version": version,
                                             "available": ", ".join(self.versions(qid, True))})
        return self.loaded[(qid, version)]

    # --- frozen released versions
    # questionnaires/released.json: {id: {version: {"sha256": ..., "schema": SCHEMA_VERSION}}}.
    # The schema is the model version the file was validated against when it was released
    # (model.SCHEMA_VERSION). An entry that is a bare hash (the first format) reads as schema "1".
    @property
    def manifest_path(self) -> Path:
        return self.root / MANIFEST_NAME

    def manifest(self) -> dict[str, dict[str, dict[str, str]]]:
        try:
            raw = json.loads(self.manifest_path.read_text("utf-8"))
        except FileNotFoundError:
            return {}
        return {qid: {version: ({"sha256": entry, "schema": "1"} if isinstance(entry, str) else dict(entry))
                      for version, entry in versions.items()}
                for qid, versions in raw.items()}

    def manifest_errors(self) -> list[DataError]:
        """Released files must match the manifest; released versions never disappear; a release
        recorded under another model schema must be re-checked (M206)."""
        manifest = self.manifest()
        shown = display_path(self.manifest_path)
        errors = []
        for (qid, version), loaded in sorted(self.loaded.items()):
            if loaded.questionnaire.status != "released":
                continue
            entry = manifest.get(qid, {}).get(version)
            if entry is None:
                errors.append(DataError("M202", Where(loaded.path), {"qid": qid, "version": version}))
            elif entry.get("sha256") != loaded.sha256:
                errors.append(DataError("M201", Where(loaded.path), {
                    "qid": qid, "version": version, "actual": loaded.sha256[:12],
                    "expected": str(entry.get("sha256"))[:12]}))
            elif str(entry.get("schema")) != SCHEMA_VERSION:
                errors.append(DataError("M206", Where(shown), {
                    "qid": qid, "version": version, "recorded": entry.get("schema"), "current": SCHEMA_VERSION}))
        for qid, versions in manifest.items():
            for version in versions:
                recorded = self.loaded.get((qid, version))
                if recorded is None:
                    errors.append(DataError("M203", Where(shown), {"qid": qid, "version": version}))
                elif recorded.questionnaire.status != "released":
                    errors.append(DataError("M207", Where(recorded.path), {"qid": qid, "version": version}))
        return errors


@lru_cache(maxsize=1)
def default_registry() -> Registry:
    """The bundled questionnaires, scanned once per process."""
    return Registry.scan(QUESTIONNAIRES_DIR)
