"""The online course: modules as data, knowledge checks, calibration, progress files.

Content lives in `course/course.yaml` (id, version, status, the ordered module ids, the content
warning) and `course/modules/<id>.yaml` (reading, sources, knowledge check, optional training
case). French source, translated in the `course` domain (locales/mapping/course.cfg, extracted by
assessment/tooling/extract.py, from the fields marked TRANSLATABLE below). Loaded through the project's YAML path
(loader.parse_yaml_model: file:line:col errors), checked by `python -m assessment validate`.

Progress is never kept by the server: the learner saves it as a file of its own kind
(`kind: course-progress`), refused by the assessment resume, and resumes from it. Nothing here
imports streamlit.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field, ValidationError

from .base import (
    ID_PATTERN,
    SEMVER_PATTERN,
    TRANSLATABLE,
    Id,
    Report,
    Strict,
    translatable_messages,
)
from .errors import Code, DataError, DataErrors, Where
from .loader import ROOT, display_path, locate, parse_yaml_model, read_yaml
from .model import Answer, Level

if TYPE_CHECKING:
    from .model import Result
    from .training import Verdict

COURSE_DIR = ROOT / "course"
PROGRESS_KIND = "course-progress"
#: A progress file is a few kilobytes; anything larger is not ours.
MAX_PROGRESS_BYTES = 200_000
MIN_QUESTIONS, MAX_QUESTIONS = 3, 6

class Source(Strict):
    citation: str = Field(min_length=1)
    url: str | None = Field(default=None, pattern=r"^https://")


class Option(Strict):
    id: Id
    text: Annotated[str, TRANSLATABLE] = Field(min_length=1)
    #: Why this option is right or wrong; required on every option (checked with its line, C745).
    feedback: Annotated[str | None, TRANSLATABLE] = None
    correct: bool = False


class Question(Strict):
    id: Id
    text: Annotated[str, TRANSLATABLE] = Field(min_length=1)
    options: list[Option] = Field(min_length=2)

    def option(self, option_id: str | None) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


class Module(Strict):
    id: Id
    title: Annotated[str, TRANSLATABLE] = Field(min_length=1)
    summary: Annotated[str, TRANSLATABLE] = Field(min_length=1, description="One line in the module list.")
    minutes: int = Field(ge=1, le=30)
    reading: Annotated[list[str], TRANSLATABLE] = Field(min_length=1, description="Short paragraphs, in order.")
    sources: list[Source] = Field(default_factory=list)
    questions: list[Question] = Field(default_factory=list)
    case: str | None = Field(default=None, pattern=ID_PATTERN,
                             description="A training case (training/cases/<id>.yaml) used as a "
                                         "calibration exercise.")

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)


class Course(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    version: str = Field(pattern=SEMVER_PATTERN)
    status: Literal["draft", "released"]
    title: Annotated[str, TRANSLATABLE] = Field(min_length=1)
    description: Annotated[str, TRANSLATABLE] = Field(min_length=1)
    content_warning: Annotated[str, TRANSLATABLE] = Field(min_length=1)
    support: Annotated[list[str], TRANSLATABLE] = Field(min_length=1, description="Where to get support, one line each.")
    modules: list[str] = Field(min_length=1)


@dataclass(frozen=True)
class LoadedCourse:
    course: Course
    modules: tuple[Module, ...]
    sha256: str  # of course.yaml and every module file, in course order

    def module(self, module_id: str) -> Module:
        for module in self.modules:
            if module.id == module_id:
                return module
        raise KeyError(module_id)

    @property
    def short_hash(self) -> str:
        return self.sha256[:12]


# --------------------------------------------------------------------------- loading
_CODES: tuple[Code, Code, Code] = ("C741", "C742", "C743")


def load_module_text(text: str, path: str = "<module>") -> tuple[Module, Any]:
    """Validate one module; raise DataErrors listing every problem (located file:line:col)."""
    module, data = parse_yaml_model(text, path, Module, not_mapping="C740", codes=_CODES)
    problems = module_errors(module, data, path)
    if problems:
        raise DataErrors(problems)
    return module, data


def module_errors(module: Module, data: Any, path: str, case_ids: set[str] | None = None) -> list[DataError]:
    """What the schema cannot say: feedback on every option, a correct option per question,
    3-6 questions, sources, unique ids, a real training case."""
    errors: list[DataError] = []

    def err(code: Code, loc: tuple[str | int, ...], **ctx: object) -> None:
        line, col = locate(data, loc)
        errors.append(DataError(code, Where(path, line, col), {"module": module.id, **ctx}))

    if not module.sources:
        err("C746", ("sources",) if "sources" in data else ("id",))
    if not MIN_QUESTIONS <= len(module.questions) <= MAX_QUESTIONS:
        err("C747", ("questions",) if "questions" in data else ("id",), count=len(module.questions),
            low=MIN_QUESTIONS, high=MAX_QUESTIONS)
    seen: set[str] = set()
    for qi, question in enumerate(module.questions):
        if question.id in seen:
            err("C748", ("questions", qi, "id"), detail=question.id)
        seen.add(question.id)
        if not any(o.correct for o in question.options):
            err("C744", ("questions", qi, "options"), question=question.id)
        option_ids: set[str] = set()
        for oi, option in enumerate(question.options):
            if option.id in option_ids:
                err("C748", ("questions", qi, "options", oi, "id"), detail=f"{question.id}.{option.id}")
            option_ids.add(option.id)
            if not (option.feedback or "").strip():
                err("C745", ("questions", qi, "options", oi), question=question.id, option=option.id)
    if module.case is not None:
        if case_ids is None:
            from .training import library

            case_ids = set(library().cases)
        if module.case not in case_ids:
            err("C749", ("case",), case=module.case)
    return errors


def load_course(root: Path | str = COURSE_DIR) -> LoadedCourse:
    """The course and its modules, in order; DataErrors with every problem found."""
    root = Path(root)
    errors: list[DataError] = []
    course_path = root / "course.yaml"
    shown = display_path(course_path)
    try:
        course_bytes = course_path.read_bytes()
        course, course_data = parse_yaml_model(course_bytes.decode("utf-8"), shown, Course,
                                               not_mapping="C740", codes=_CODES)
    except OSError:
        raise DataErrors([DataError("Q100", Where(shown), {"path": shown})]) from None
    except UnicodeDecodeError as exc:
        raise DataErrors([DataError("Q101", Where(shown), {"detail": f"not UTF-8 ({exc.reason})"})]) from None
    digest = hashlib.sha256()
    digest.update(course_bytes)
    modules: list[Module] = []
    seen: set[str] = set()
    for index, module_id in enumerate(course.modules):
        if module_id in seen:
            errors.append(DataError("C748", Where(shown, *locate(course_data, ("modules", index))),
                                    {"module": course.id, "detail": module_id}))
            continue
        seen.add(module_id)
        path = root / "modules" / f"{module_id}.yaml"
        mshown = display_path(path)
        try:
            raw = path.read_bytes()
        except OSError:
            errors.append(DataError("C750", Where(shown, *locate(course_data, ("modules", index))),
                                    {"module": module_id, "path": mshown}))
            continue
        try:
            module, _data = load_module_text(raw.decode("utf-8"), mshown)
        except UnicodeDecodeError as exc:
            errors.append(DataError("Q101", Where(mshown), {"detail": f"not UTF-8 ({exc.reason})"}))
            continue
        except DataErrors as exc:
            errors += exc.errors
            continue
        if module.id != module_id:
            errors.append(DataError("C751", Where(mshown, *locate(read_yaml(raw.decode("utf-8"), mshown), ("id",))),
                                    {"module": module.id, "path": mshown}))
            continue
        digest.update(b"\x00" + raw)
        modules.append(module)
    listed = set(course.modules)
    for path in sorted((root / "modules").glob("*.yaml")):
        if path.stem not in listed:
            errors.append(DataError("C752", Where(display_path(path)), {"module": path.stem}))
    if errors:
        raise DataErrors(errors)
    return LoadedCourse(course, tuple(modules), digest.hexdigest())


@lru_cache(maxsize=1)
def default_course() -> LoadedCourse:
    return load_course()


def texts(loaded: LoadedCourse) -> list[tuple[str, str]]:
    """(place, French text) of every translatable string of the course: the fields marked
    TRANSLATABLE, walked as the catalog extractor walks them (base.translatable_messages), the
    place named as in its translator comments ("module enfants_exposes question q1: text")."""
    out = [(place, text) for _line, text, place in translatable_messages(loaded.course, header="course")]
    for module in loaded.modules:
        out += [(place, text) for _line, text, place
                in translatable_messages(module, header=f"module {module.id}")]
    return out


def check_course(root: Path | str = COURSE_DIR) -> Report:
    """The `validate` checker: the content, then every language complete (C753)."""
    from .i18n import available, translator

    try:
        loaded = load_course(root)
    except DataErrors as exc:
        return Report(counts={"course_modules": 0}, errors=list(exc.errors))
    errors: list[DataError] = []
    strings = texts(loaded)
    for locale in available():
        if locale == "fr":
            continue
        t = translator(locale, domain="course")
        missing = [place for place, text in strings if t.gettext(text) == t._typo(text)]
        if missing:
            errors.append(DataError("C753", Where(display_path(Path(root))),
                                    {"locale": locale, "count": len(missing), "detail": missing[0]}))
    return Report(counts={"course_modules": len(loaded.modules),
                          "course_questions": sum(len(m.questions) for m in loaded.modules)},
                  errors=errors)


# --------------------------------------------------------------------------- knowledge check
@dataclass(frozen=True)
class Feedback:
    question: str
    chosen: str | None  # option id, None when not answered
    correct: bool
    text: str  # the chosen option's feedback (French source), or "" when not answered
    right_options: tuple[str, ...]


def check_answers(module: Module, answers: dict[str, str | None]) -> list[Feedback]:
    """One Feedback per question of the module, whatever the answer set (unknown ids count as
    not answered)."""
    out = []
    for question in module.questions:
        option = question.option(answers.get(question.id))
        out.append(Feedback(question.id, option.id if option else None,
                            bool(option and option.correct), (option.feedback or "") if option else "",
                            tuple(o.id for o in question.options if o.correct)))
    return out


def check_score(module: Module, answers: dict[str, str | None]) -> int:
    return sum(f.correct for f in check_answers(module, answers))


# --------------------------------------------------------------------------- progress file
class ModuleProgress(Strict):
    #: The learner's last checked answers (question id -> option id).
    answers: dict[str, str] = Field(default_factory=dict)
    checked: bool = False
    case_level: Level | None = None
    case_answers: dict[str, Answer] = Field(default_factory=dict)
    case_done: bool = False


class ProgressDoc(Strict):
    kind: Literal["course-progress"]
    course: str
    version: str = Field(pattern=SEMVER_PATTERN)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    modules: dict[str, ModuleProgress] = Field(default_factory=dict)


def module_done(module: Module, progress: ModuleProgress | None) -> bool:
    if progress is None or not progress.checked:
        return False
    if any(progress.answers.get(q.id) is None for q in module.questions):
        return False
    return progress.case_done or module.case is None


def dump_progress(doc: ProgressDoc) -> str:
    return json.dumps(doc.model_dump(mode="json"), ensure_ascii=False, indent=2, allow_nan=False)


def parse_progress(raw: bytes | str, loaded: LoadedCourse) -> ProgressDoc:
    """A saved progress file -> ProgressDoc for this course. Raises one DataError (C754-C756):
    not a progress file (an assessment is refused here), another course or version of it."""
    size = len(raw.encode("utf-8") if isinstance(raw, str) else raw)
    if size > MAX_PROGRESS_BYTES:
        raise DataError("C754", context={"detail": f"{size} bytes"})
    try:
        data = json.loads(raw.decode("utf-8") if isinstance(raw, bytes) else raw,
                          parse_constant=_refuse)
    except (ValueError, RecursionError) as exc:
        raise DataError("C754", context={"detail": str(exc)[:80]}) from None
    if not isinstance(data, dict) or data.get("kind") != PROGRESS_KIND:
        code: Code = "C755" if isinstance(data, dict) and "questionnaire" in data else "C754"
        raise DataError(code, context={"detail": "kind"})
    try:
        doc = ProgressDoc.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        raise DataError("C754", context={"detail": ".".join(map(str, first["loc"]))}) from None
    if doc.course != loaded.course.id or doc.sha256 != loaded.sha256:
        raise DataError("C756", context={"version": doc.version, "expected": loaded.course.version})
    for module_id, progress in doc.modules.items():
        try:
            module = loaded.module(module_id)
        except KeyError:
            raise DataError("C754", context={"detail": module_id}) from None
        for qid, oid in progress.answers.items():
            question = module.question(qid)
            if question is None or question.option(oid) is None:
                raise DataError("C754", context={"detail": f"{module_id}.{qid}"})
    return doc


def _refuse(name: str) -> Any:
    raise ValueError(name)


@dataclass(frozen=True)
class ModuleRecord:
    module: str
    score: int
    total: int
    case_verdict: str | None = None  # learner_verdict for the calibration case


@dataclass(frozen=True)
class Record:
    """What a certificate says, computed from a progress doc (never stored)."""

    course: Course
    sha256: str
    done: tuple[ModuleRecord, ...] = field(default=())


def record(loaded: LoadedCourse, doc: ProgressDoc) -> Record:
    done = []
    for module in loaded.modules:
        progress = doc.modules.get(module.id)
        if progress is not None and module_done(module, progress):
            done.append(ModuleRecord(module.id, check_score(module, dict(progress.answers)),
                                     len(module.questions), calibration_verdict(module, progress)))
    return Record(loaded.course, loaded.sha256, tuple(done))


# --------------------------------------------------------------------------- calibration
def calibration(case_id: str, expected: Level, mine: dict[str, Answer]
                ) -> tuple[Verdict, list[str], list[str], Result, Result]:
    """(verdict, differ, unsaid, my_result, case_result) for a learner's committed level and
    answers on a training case; the exercise's own rules (assessment.training)."""
    from .scoring import score
    from .training import get_case, learner_differences, learner_verdict, loaded_for

    case = get_case(case_id)
    loaded = loaded_for(case)
    full = {i: mine.get(i, Answer.unknown) for i in loaded.questionnaire.item_ids}
    my_result = score(loaded, case.doc(full, with_judgement=False))
    case_result = score(loaded, case.doc())
    verdict = learner_verdict(expected, case_result.level, my_result)
    differ, unsaid = learner_differences(case, full, dict(case_result.answers))
    return verdict, differ, unsaid, my_result, case_result


def calibration_verdict(module: Module, progress: ModuleProgress) -> str | None:
    if module.case is None or not progress.case_done or progress.case_level is None:
        return None
    return calibration(module.case, progress.case_level, dict(progress.case_answers))[0]
