"""Training mode core: fictional cases, each answer's contribution, "what if", version comparison.

Cases are data (`training/cases/<id>.yaml`, French source, translated in the `training`
domain). The same files feed the tests and the trainer's demonstrations: `cases()` is the one
entry point. Nothing here scores on its own: every level comes from `assessment.scoring`, and
the contribution table is read back from the Result's fired rules and the questionnaire data.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field

from .base import SEMVER_PATTERN, TRANSLATABLE, Id, Report, Strict
from .errors import Code, DataError, DataErrors, Where
from .loader import (
    ROOT,
    Loaded,
    Registry,
    default_registry,
    display_path,
    locate,
    parse_yaml_model,
    read_yaml,
)
from .model import Answer, AssessmentDoc, Judgement, Level, Result
from .scoring import level_with, score

CASES_DIR = ROOT / "training" / "cases"
#: pydantic error families (unknown field, missing field, bad value) -> training codes.


class CaseJudgement(Strict):
    """A professional judgement that is part of the case (upward only, like the real one)."""

    level: Level
    rationale: Annotated[str, TRANSLATABLE] = Field(min_length=1)


class NewFact(Strict):
    """"One new fact changes the level": what the learner hears, the changed answers, the level."""

    text: Annotated[str, TRANSLATABLE] = Field(min_length=1)
    answers: dict[str, Answer] = Field(min_length=1)
    level: Level
    teaching_point: Annotated[str | None, TRANSLATABLE] = None


class TrainingCase(Strict):
    id: Id
    title: Annotated[str, TRANSLATABLE] = Field(min_length=1)
    summary: Annotated[str, TRANSLATABLE] = Field(min_length=1, description="One line shown in the case list.")
    narrative: Annotated[str, TRANSLATABLE] = Field(min_length=1, description="Plainly fictional; no real names.")
    questionnaire: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    version: str = Field(pattern=SEMVER_PATTERN)
    answers: dict[str, Answer] = Field(description="Unlisted items count as unknown.")
    judgement: CaseJudgement | None = None
    level: Level = Field(description="The documented level; the engine must agree.")
    new_fact: NewFact | None = None
    discussion: Annotated[list[str], TRANSLATABLE] = Field(
        default_factory=list, description="Questions for the group (not statements; they never say the level).")
    teaching_points: Annotated[list[str], TRANSLATABLE] = Field(min_length=1)
    story_says_no: Literal["all"] | list[str] = Field(
        default_factory=list,
        description="The key's 'no' answers the story itself gives ('all': she answered every "
                    "question). Any other 'no' is the key's assumption: a learner's 'don't know' "
                    "there is right, since the story does not say.")

    def silent(self) -> frozenset[str]:
        """Items the key answers 'no' although the story does not say so."""
        if self.story_says_no == "all":
            return frozenset()
        return frozenset(i for i, a in self.answers.items() if a is Answer.no) - set(self.story_says_no)

    def doc(self, answers: dict[str, Answer] | None = None, with_judgement: bool = True) -> AssessmentDoc:
        """The case as an assessment document, always in training mode."""
        judgement = None
        if with_judgement and self.judgement is not None:
            judgement = Judgement(level=self.judgement.level, rationale=self.judgement.rationale)
        return AssessmentDoc(questionnaire=self.questionnaire, version=self.version,
                             answers=dict(self.answers if answers is None else answers),
                             judgement=judgement, mode="training")

    def answers_after_new_fact(self) -> dict[str, Answer]:
        return {**self.answers, **(self.new_fact.answers if self.new_fact else {})}


@dataclass(frozen=True)
class LoadedCase:
    case: TrainingCase
    path: str

    @property
    def id(self) -> str:
        return self.case.id


# --------------------------------------------------------------------------- loading


def load_case_text(text: str, path: str = "<text>", registry: Registry | None = None) -> LoadedCase:
    """Validate one case; raise DataErrors listing every problem (located file:line:col)."""
    case, data = parse_yaml_model(text, path, TrainingCase, not_mapping="T502",
                                  codes=("T503", "T504", "T505"))
    problems = case_errors(case, data, path, registry or default_registry())
    if problems:
        raise DataErrors(problems)
    return LoadedCase(case, path)


def case_errors(case: TrainingCase, data: Any, path: str, registry: Registry) -> list[DataError]:
    """The case must name a real questionnaire version, real items, and the engine's level."""
    errors: list[DataError] = []

    def err(code: Code, loc: tuple[str | int, ...], **ctx: object) -> None:
        line, col = locate(data, loc)
        errors.append(DataError(code, Where(path, line, col), {"case": case.id, **ctx}))

    try:
        loaded = registry.get(case.questionnaire, case.version, drafts=True)
    except DataError:
        err("T506", ("version",), qid=case.questionnaire, version=case.version)
        return errors
    known = set(loaded.questionnaire.item_ids)
    for item in case.answers:
        if item not in known:
            err("T507", ("answers", item), item=item, version=case.version)
    if case.new_fact:
        for item in case.new_fact.answers:
            if item not in known:
                err("T507", ("new_fact", "answers", item), item=item, version=case.version)
    if case.story_says_no != "all":
        for index, item in enumerate(case.story_says_no):
            if item not in known:
                err("T507", ("story_says_no", index), item=item, version=case.version)
            elif case.answers.get(item) is not Answer.no:
                err("T513", ("story_says_no", index), item=item)
    if errors:
        return errors
    try:
        result = score(loaded, case.doc())
    except DataError as exc:  # a judgement that lowers the level, or without a reason
        err("T508", ("judgement",), detail=exc.render())
        return errors
    if result.level is not case.level:
        err("T509", ("level",), expected=case.level.value, actual=result.level.value)
    if case.new_fact:
        after = score(loaded, case.doc(case.answers_after_new_fact())).level
        if after is not case.new_fact.level:
            err("T510", ("new_fact", "level"), expected=case.new_fact.level.value, actual=after.value)
        elif after is result.level:
            err("T511", ("new_fact",), level=after.value)
    return errors


def load_case_file(path: Path | str, registry: Registry | None = None) -> LoadedCase:
    path = Path(path)
    shown = display_path(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError:
        raise DataErrors([DataError("Q100", Where(shown), {"path": shown})]) from None
    except UnicodeDecodeError as exc:
        raise DataErrors([DataError("Q101", Where(shown), {"detail": f"not UTF-8 ({exc.reason})"})]) from None
    loaded = load_case_text(text, shown, registry)
    if path.stem != loaded.case.id:
        raise DataErrors([DataError("T501", Where(shown, *locate(read_yaml(text, shown), ("id",))),
                                    {"case": loaded.case.id, "path": shown})])
    return loaded


@dataclass
class CaseLibrary:
    cases: dict[str, LoadedCase] = field(default_factory=dict)
    errors: list[DataError] = field(default_factory=list)

    @classmethod
    def scan(cls, root: Path | str = CASES_DIR, registry: Registry | None = None) -> CaseLibrary:
        lib = cls()
        for path in sorted(Path(root).glob("*.yaml")):
            try:
                loaded = load_case_file(path, registry)
            except DataErrors as exc:
                lib.errors.extend(exc.errors)
                continue
            lib.cases[loaded.id] = loaded
        return lib


@lru_cache(maxsize=1)
def library() -> CaseLibrary:
    return CaseLibrary.scan()


def cases() -> list[TrainingCase]:
    """Every valid bundled case, from the lowest documented level to the highest.

    One source for the tests and the training mode; an invalid case file is left out here and
    reported by `python -m assessment validate` (and the tests).
    """
    found = [c.case for c in library().cases.values()]
    return sorted(found, key=lambda c: (c.level.rank, c.id))


def get_case(case_id: str) -> TrainingCase:
    for case in cases():
        if case.id == case_id:
            return case
    raise KeyError(case_id)


def loaded_for(case: TrainingCase, registry: Registry | None = None) -> Loaded:
    return (registry or default_registry()).get(case.questionnaire, case.version, drafts=True)


# --------------------------------------------------------------------------- validate checker
def check_training() -> Report:
    lib = CaseLibrary.scan()
    errors = list(lib.errors)
    if not lib.cases and not lib.errors:
        errors.append(DataError("T512", Where(display_path(CASES_DIR)), {"path": display_path(CASES_DIR)}))
    return Report(counts={"training_cases": len(lib.cases)}, errors=errors)


# --------------------------------------------------------------------------- contributions
@dataclass(frozen=True)
class Contribution:
    """What one answer does to the level, read from the Result and the questionnaire data."""

    item: str
    answer: Answer
    weight: int
    points: int  # weight when yes, else 0
    floor: Level | None  # the item's floor (from the questionnaire)
    floor_fired: bool
    combinations: tuple[str, ...]  # combinations this item belongs to
    combinations_fired: tuple[str, ...]  # ...that fired with this item among their yes answers
    decisive: bool  # yes, and a no here would give a lower computed level (asked of the engine)
    level_if_yes: Level  # the engine's computed level if this answer alone became yes


#: How a learner's expected level reads against the case's (see `learner_verdict`).
Verdict = Literal["right", "right_but_missing", "under", "over"]


def learner_verdict(expected: Level, case_level: Level, mine: Result) -> Verdict:
    """The feedback a learner gets for the level she expected.

    Under-triage is named first. The right level is praised only when her own answers are
    enough to stand on: with a critical factor unknown (or too much unknown) the tool itself
    says "not enough information", so the exercise does too, even at the right level (an empty
    exercise at "low" used to be praised)."""
    if expected < case_level:
        return "under"
    if expected > case_level:
        return "over"
    return "right_but_missing" if mine.insufficient_information else "right"


def learner_differences(case: TrainingCase, mine: dict[str, Answer], key: dict[str, Answer]
                        ) -> tuple[list[str], list[str]]:
    """(items where the learner's answer differs from the key, items where she said "don't
    know" and the key's "no" is not in the story). The second are right answers: only what
    the story says can be known; in a real interview, those are the questions to ask."""
    silent = case.silent()
    differ: list[str] = []
    unsaid: list[str] = []
    for item, answer in mine.items():
        if answer is key.get(item, Answer.unknown):
            continue
        (unsaid if answer is Answer.unknown and item in silent else differ).append(item)
    return differ, unsaid


def contributions(loaded: Loaded, result: Result) -> list[Contribution]:
    """One row per item, in questionnaire order. No second scoring logic: points are the
    questionnaire weights of yes answers (as summed by the engine), floors and combinations are
    the Result's fired rules, "if yes" asks the engine."""
    q = loaded.questionnaire
    fired_floor = {r.items[0] for r in result.rules if r.kind == "floor"}
    fired_combo: dict[str, list[str]] = {}
    for rule in result.rules:
        if rule.kind == "combination":
            for item_id in rule.items:
                fired_combo.setdefault(item_id, []).append(rule.id)
    member: dict[str, list[str]] = {}
    for combo in q.scoring.combinations:
        for cond in combo.conditions:
            for item_id in cond.any_of:
                if combo.id not in member.setdefault(item_id, []):
                    member[item_id].append(combo.id)
    rows = []
    for item in q.items:
        answer = result.answers[item.id]
        yes = answer is Answer.yes
        rows.append(Contribution(
            item=item.id, answer=answer, weight=item.weight, points=item.weight if yes else 0,
            floor=item.floor, floor_fired=item.id in fired_floor,
            combinations=tuple(member.get(item.id, ())),
            combinations_fired=tuple(fired_combo.get(item.id, ())),
            decisive=yes and level_with(loaded, {**result.answers, item.id: Answer.no}) < result.computed_level,
            level_if_yes=level_with(loaded, {**result.answers, item.id: Answer.yes}),
        ))
    total = sum(r.points for r in rows)
    if total != result.score:  # the table must add up to the engine's score
        raise RuntimeError(f"the contributions add up to {total}, the engine's score is {result.score}")
    return rows


def what_if(loaded: Loaded, case: TrainingCase, answers: dict[str, Answer],
            with_judgement: bool = True) -> Result:
    """Score changed answers of a case (the engine is fast enough to do this on every click).

    A case judgement that would now be lower than the computed level is dropped rather than
    raising: the judgement may only raise, and the trainer toggled the answers above it."""
    doc = case.doc(answers, with_judgement)
    try:
        return score(loaded, doc)
    except DataError:
        return score(loaded, case.doc(answers, with_judgement=False))


# --------------------------------------------------------------------------- version comparison
@dataclass(frozen=True)
class Side:
    loaded: Loaded
    result: Result
    dropped: tuple[str, ...]  # answered items this version does not have
    new_unknown: tuple[str, ...]  # items of this version the answers do not mention


@dataclass(frozen=True)
class Comparison:
    a: Side
    b: Side
    rules_only_a: tuple[str, ...]
    rules_only_b: tuple[str, ...]
    weight_changes: tuple[tuple[str, int, int], ...]  # item, weight in a, weight in b
    floor_changes: tuple[tuple[str, Level | None, Level | None], ...]
    added: tuple[str, ...] = ()  # questions of version B that version A does not have
    removed: tuple[str, ...] = ()  # questions of version A that version B no longer has

    @property
    def same_level(self) -> bool:
        return self.a.result.level is self.b.result.level

    @property
    def changelogs(self) -> tuple[tuple[Loaded, str], ...]:
        """Each side's `changelog` (what changed in that version), A first; the same version
        once."""
        sides = (self.a.loaded,) if self.a.loaded.key == self.b.loaded.key else (self.a.loaded, self.b.loaded)
        return tuple((side, side.questionnaire.changelog) for side in sides if side.questionnaire.changelog)


def _side(loaded: Loaded, answers: dict[str, Answer], judgement: Judgement | None) -> Side:
    ids = loaded.questionnaire.item_ids
    kept = {i: a for i, a in answers.items() if i in ids}
    doc = AssessmentDoc(questionnaire=loaded.questionnaire.id, version=loaded.questionnaire.version,
                        answers=kept, judgement=judgement, mode="training")
    try:
        result = score(loaded, doc)
    except DataError:  # judgement below this version's computed level: drop it, never lower
        result = score(loaded, doc.model_copy(update={"judgement": None}))
    return Side(loaded, result, tuple(i for i in answers if i not in ids),
                tuple(i for i in ids if i not in answers))


def compare(loaded_a: Loaded, loaded_b: Loaded, answers: dict[str, Answer],
            judgement: Judgement | None = None) -> Comparison:
    """Score the same answers with two questionnaire versions (any two in a registry)."""
    a, b = _side(loaded_a, answers, judgement), _side(loaded_b, answers, judgement)
    rules_a = [r.id for r in a.result.rules]
    rules_b = [r.id for r in b.result.rules]
    qa, qb = loaded_a.questionnaire, loaded_b.questionnaire
    common = [i for i in qa.item_ids if i in set(qb.item_ids)]
    return Comparison(
        a=a, b=b,
        rules_only_a=tuple(r for r in rules_a if r not in rules_b),
        rules_only_b=tuple(r for r in rules_b if r not in rules_a),
        weight_changes=tuple((i, qa.item(i).weight, qb.item(i).weight) for i in common
                             if qa.item(i).weight != qb.item(i).weight),
        floor_changes=tuple((i, qa.item(i).floor, qb.item(i).floor) for i in common
                            if qa.item(i).floor != qb.item(i).floor),
        added=tuple(i for i in qb.item_ids if i not in set(qa.item_ids)),
        removed=tuple(i for i in qa.item_ids if i not in set(qb.item_ids)),
    )


def untranslated(loaded: Loaded, gettext: Callable[[str], str]) -> list[str]:
    """Texts of a questionnaire version that `gettext` leaves in French (a draft still being
    translated shows them in French, with a notice). Empty for French itself."""
    q = loaded.questionnaire
    texts = [q.title, q.description, *((q.changelog and [q.changelog]) or [])]
    for section in q.sections:
        texts += [section.title, *([section.intro] if section.intro else [])]
        texts += [text for item in section.items for text in (item.text, item.help)]
    texts += [c.explanation for c in q.scoring.combinations] + [a.label for a in q.alerts]
    return [text for text in texts if gettext(text) == text]


def all_versions(registry: Registry | None = None) -> list[Loaded]:
    """Every questionnaire version in a registry, drafts included (trainers compare drafts too)."""
    registry = registry or default_registry()
    return [registry.get(qid, v, drafts=True) for qid in registry.ids()
            for v in registry.versions(qid, drafts=True)]
