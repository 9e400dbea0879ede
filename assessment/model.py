"""Pydantic v2 models: the questionnaire file, the assessment document and the Result.

Strict on purpose (unknown keys are rejected): a typo in a hand-edited questionnaire must be
an error with a line number, never a silently ignored rule.
"""
from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated, Literal, get_args

from pydantic import Field, field_validator, model_validator

from .base import ID_PATTERN as ID_PATTERN  # re-exported with the models that use it
from .base import N_, TRANSLATABLE, Id, Strict
from .base import SEMVER_PATTERN as SEMVER_PATTERN

#: Longest free text we accept in any field of an assessment document.
MAX_TEXT = 10_000
#: Version of the questionnaire model below, recorded with each release in
#: questionnaires/released.json. Bump it when a change to the model could read an existing
#: file differently (a new default, a stricter rule, a field that changes meaning); adding an
#: optional field that old files do not have does not. `validate` then reports every release
#: recorded under another schema (M206) until a maintainer has re-checked it.
SCHEMA_VERSION = "1"

ShortText = Annotated[str, Field(max_length=MAX_TEXT)]


class Level(str, Enum):
    """Danger levels in increasing order. There is no "no danger" level."""

    low = "low"
    moderate = "moderate"
    high = "high"
    severe = "severe"

    @property
    def rank(self) -> int:
        return LEVEL_ORDER.index(self)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank >= other.rank


LEVEL_ORDER: tuple[Level, ...] = (Level.low, Level.moderate, Level.high, Level.severe)


#: The level's words (the result, the sheet, the messages that name a level).
LEVEL_LABELS: dict[Level, str] = {
    Level.low: N_("Danger faible à ce stade"),
    Level.moderate: N_("Danger modéré"),
    Level.high: N_("Danger élevé"),
    Level.severe: N_("Danger grave"),
}


class Answer(str, Enum):
    yes = "yes"
    no = "no"
    unknown = "unknown"


class Tier(str, Enum):
    """Evidence tier of a risk factor. Drives validation, not scoring."""

    critical = "critical"
    high = "high"
    moderate = "moderate"
    low = "low"
    context = "context"  # asked for the referral (e.g. children at home), not a risk factor


# --------------------------------------------------------------------------- questionnaire


class Source(Strict):
    id: Id
    citation: str = Field(min_length=1)
    url: str | None = None


class Provenance(Strict):
    authors: list[str] = Field(min_length=1)
    date: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    licence: str = Field(min_length=1)
    method: str = Field(min_length=1, description="How the weights and thresholds were set.")
    sources: list[Source] = Field(min_length=1)


class AlertDef(Strict):
    id: Id
    label: Annotated[str, TRANSLATABLE] = Field(min_length=1)


class Item(Strict):
    id: Id
    text: Annotated[str, TRANSLATABLE] = Field(min_length=1, description="The question, French source.")
    help: Annotated[str, TRANSLATABLE] = Field(min_length=1, description="Why we ask this (shown with the question).")
    tier: Tier
    weight: int = Field(ge=0, le=20)
    floor: Level | None = Field(default=None, description="Minimum level when answered yes.")
    alerts: list[Id] = Field(default_factory=list)
    evidence: list[Id] = Field(default_factory=list, description="Ids of provenance sources.")


class Section(Strict):
    id: Id
    title: Annotated[str, TRANSLATABLE] = Field(min_length=1)
    intro: Annotated[str | None, TRANSLATABLE] = None
    items: list[Item] = Field(min_length=1)


class Condition(Strict):
    """At least `at_least` of `any_of` answered yes."""

    any_of: list[Id] = Field(min_length=1)
    at_least: int = Field(default=1, ge=1)


class Combination(Strict):
    """A pattern of answers that lifts the level to at least `level` (all conditions hold)."""

    id: Id
    level: Level
    conditions: list[Condition] = Field(min_length=1)
    explanation: Annotated[str, TRANSLATABLE] = Field(min_length=1, description="Why this pattern matters (plain words).")


class Thresholds(Strict):
    moderate: int = Field(ge=1)
    high: int = Field(ge=1)
    severe: int = Field(ge=1)


class Scoring(Strict):
    thresholds: Thresholds
    #: Share of unknown risk items above which the information is insufficient.
    insufficient_unknown_share: float = Field(gt=0, le=1)
    combinations: list[Combination] = Field(default_factory=list)


class Questionnaire(Strict):
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$")]
    version: Annotated[str, Field(pattern=SEMVER_PATTERN)]
    status: Literal["draft", "released"]
    language: Literal["fr"] = "fr"
    title: Annotated[str, TRANSLATABLE] = Field(min_length=1)
    description: Annotated[str, TRANSLATABLE] = Field(min_length=1)
    changelog: Annotated[str | None, TRANSLATABLE] = Field(
        default=None, min_length=1,
        description="What changed since the previous version, in plain words (shown when two versions are compared).")
    provenance: Provenance
    alerts: list[AlertDef] = Field(default_factory=list)
    sections: list[Section] = Field(min_length=1)
    scoring: Scoring

    @field_validator("version", mode="before")
    @classmethod
    def _version_is_a_string(cls, v: object) -> object:
        if not isinstance(v, str):
            raise ValueError("version must be a quoted string such as \"1.0.0\"")
        return v

    # Convenience views (cheap; the model is frozen).
    @property
    def items(self) -> list[Item]:
        return [item for section in self.sections for item in section.items]

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    @property
    def item_ids(self) -> list[str]:
        return [item.id for item in self.items]


# --------------------------------------------------------------------------- assessment
class Judgement(Strict):
    """The professional's judgement: may raise the level, never lower it."""

    level: Level
    rationale: ShortText


class Professional(Strict):
    name: ShortText = ""
    role: ShortText = ""
    service: ShortText = ""
    phone: ShortText = ""


class SafetyCheck(Strict):
    """Asked before the questions (DASH / LAP practice)."""

    safe_to_talk: Answer = Answer.unknown
    alone: Answer = Answer.unknown
    time_available: ShortText = ""


#: Consent to refer and to share the sheet: the one list of values (UI, scoring document,
#: referrals' legal notes and the sheet all use it). `not_sought`: not asked on purpose,
#: because asking would increase the danger (the country's legal note says what is allowed).
Consent = Literal["given", "refused", "not_asked", "not_sought"]
CONSENT_VALUES: tuple[str, ...] = get_args(Consent)


class Referral(Strict):
    """Context the receiving service needs. Never scored."""

    case_code: ShortText = ""
    victim_name: ShortText = Field(default="", description="Only with her consent; optional.")
    consent: Consent = "not_asked"
    consent_to: ShortText = ""
    safe_contact: ShortText = ""
    avoid: ShortText = Field(default="", description="What not to do: voicemail, letters home...")
    region: ShortText = ""
    professional: Professional = Field(default_factory=Professional)
    safety_check: SafetyCheck = Field(default_factory=SafetyCheck)
    situation: ShortText = ""
    children: ShortText = Field(default="", description="Children and others at risk.")
    actions_taken: ShortText = ""
    open_concern: ShortText = Field(default="", description="Anything else that worries her.")
    notes: dict[Id, ShortText] = Field(default_factory=dict, description="Notes per section id.")
    last_violence: ShortText = Field(default="", description="When the most recent violence happened "
                                                             "(free text or a date).")
    factor_when: dict[Id, ShortText] = Field(
        default_factory=dict, description="Item id -> when it happened, for the critical factors "
                                          "answered yes (free text, never scored).")
    not_to_receive: ShortText = Field(default="", description="People or services that must not "
                                                              "receive this sheet.")


class AssessmentDoc(Strict):
    """The assessment document: CLI input and the save / resume file."""

    questionnaire: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$")]
    version: Annotated[str, Field(pattern=SEMVER_PATTERN)] | None = None
    #: SHA-256 of the questionnaire file the answers were given on (the app writes it; optional
    #: in a hand-made file). A file whose fingerprint differs from the installed version's is
    #: refused (A311): the same answers could mean other questions.
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")] | None = None
    answers: dict[str, Answer] = Field(default_factory=dict)
    judgement: Judgement | None = None
    referral: Referral = Field(default_factory=Referral)
    mode: Literal["real", "training"] = "real"
    #: The day the answers were given (a date, no time). The app writes it; a re-assessment
    #: (assessment/compare.py) says "since the assessment of 3 November". Optional: older
    #: files have none.
    assessed_on: dt.date | None = None


# --------------------------------------------------------------------------- result
class QuestionnaireRef(Strict):
    id: str
    version: str
    sha256: str


class FiredRule(Strict):
    """One reason for the level. `kind` says which rule family; `items` which answers."""

    id: str
    kind: Literal["threshold", "floor", "combination", "judgement"]
    level: Level
    items: list[str] = Field(default_factory=list)


class JudgementResult(Strict):
    level: Level
    rationale: str
    raised: bool


class Result(Strict):
    questionnaire: QuestionnaireRef
    mode: Literal["real", "training"]
    answers: dict[str, Answer]
    level: Level
    computed_level: Level
    threshold_level: Level
    level_max: Level
    score: int
    score_max: int
    rules: list[FiredRule]
    alerts: list[str]
    unknown: list[str]
    unknown_share: float
    to_clarify: list[str]
    insufficient_information: bool
    judgement: JudgementResult | None

    @model_validator(mode="after")
    def _consistent(self) -> Result:
        # Explicit checks, not asserts: `python -O` would drop those.
        if not self.level >= self.computed_level >= self.threshold_level:
            raise ValueError("level < computed_level < threshold_level: a judgement or a rule "
                             "lowered the level")
        if self.score > self.score_max:
            raise ValueError(f"score {self.score} is above score_max {self.score_max}")
        return self
