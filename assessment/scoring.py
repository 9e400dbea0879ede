"""score(questionnaire, assessment) -> Result. Pure, total, deterministic.

The questionnaire is compiled once into plain sets and ints (cached by content hash) so that
scoring one assessment, including the "what would a yes change" ranking of unknowns, stays in
the tens of microseconds: the trainer's "what if" and the benchmarks rely on that.
"""
from __future__ import annotations

from dataclasses import dataclass

from .errors import DataError
from .loader import Loaded
from .model import (
    LEVEL_ORDER,
    Answer,
    AssessmentDoc,
    FiredRule,
    Judgement,
    JudgementResult,
    Level,
    QuestionnaireRef,
    Result,
    Tier,
)

LOW, MODERATE, HIGH, SEVERE = range(4)


@dataclass(frozen=True)
class _Combo:
    id: str
    level: int
    conditions: tuple[tuple[frozenset[str], int], ...]  # (any_of, at_least)
    items: frozenset[str]


@dataclass(frozen=True)
class Compiled:
    """The questionnaire reduced to what scoring needs."""

    ref: QuestionnaireRef
    order: tuple[str, ...]
    weights: dict[str, int]
    floors: dict[str, int]
    combos: tuple[_Combo, ...]
    thresholds: tuple[int, int, int]  # moderate, high, severe
    critical: frozenset[str]
    risk: tuple[str, ...]  # items that can change the level (weight, floor or combination)
    alerts_of: dict[str, tuple[str, ...]]
    alert_order: tuple[str, ...]
    share: float
    combos_of: dict[str, tuple[_Combo, ...]]  # item -> the combinations that name it

    def threshold_level(self, points: int) -> int:
        moderate, high, severe = self.thresholds
        return SEVERE if points >= severe else HIGH if points >= high else MODERATE if points >= moderate else LOW

    def level_of(self, yes: frozenset[str] | set[str]) -> int:
        """Computed level (threshold, floors, combinations) for a set of yes answers."""
        level = self.threshold_level(sum(self.weights[i] for i in yes))
        for item in yes:
            floor = self.floors.get(item, LOW)
            if floor > level:
                level = floor
        for combo in self.combos:
            if combo.level > level and _holds(combo, yes):
                level = combo.level
        return level

    def raise_if_yes(self, yes: frozenset[str], level: int, points: int, item: str) -> int:
        """Level if `item` also were yes, given the current level and points (incremental)."""
        if item in yes:
            return level
        new = max(level, self.threshold_level(points + self.weights[item]), self.floors.get(item, LOW))
        with_item = yes | {item}
        for combo in self.combos_of.get(item, ()):
            if combo.level > new and _holds(combo, with_item):
                new = combo.level
        return new


def _holds(combo: _Combo, yes: frozenset[str] | set[str]) -> bool:
    return all(len(any_of & yes) >= n for any_of, n in combo.conditions)


_COMPILED: dict[str, Compiled] = {}


def compile_questionnaire(loaded: Loaded) -> Compiled:
    cached = _COMPILED.get(loaded.sha256)
    if cached is not None:
        return cached
    q = loaded.questionnaire
    combos = tuple(
        _Combo(c.id, c.level.rank,
               tuple((frozenset(cond.any_of), cond.at_least) for cond in c.conditions),
               frozenset(i for cond in c.conditions for i in cond.any_of))
        for c in q.scoring.combinations)
    in_combos = set().union(*(c.items for c in combos)) if combos else set()
    t = q.scoring.thresholds
    compiled = Compiled(
        ref=QuestionnaireRef(id=q.id, version=q.version, sha256=loaded.sha256),
        order=tuple(q.item_ids),
        weights={i.id: i.weight for i in q.items},
        floors={i.id: i.floor.rank for i in q.items if i.floor is not None},
        combos=combos,
        thresholds=(t.moderate, t.high, t.severe),
        critical=frozenset(i.id for i in q.items if i.tier == Tier.critical),
        risk=tuple(i.id for i in q.items if i.weight > 0 or i.floor is not None or i.id in in_combos),
        alerts_of={i.id: tuple(i.alerts) for i in q.items if i.alerts},
        alert_order=tuple(a.id for a in q.alerts),
        share=q.scoring.insufficient_unknown_share,
        combos_of={i: tuple(c for c in combos if i in c.items) for i in q.item_ids},
    )
    _COMPILED[loaded.sha256] = compiled
    return compiled


def check_answers(loaded: Loaded, answers: dict[str, Answer]) -> None:
    """Unknown item ids are an error that names the item (never silently dropped)."""
    known = set(compile_questionnaire(loaded).order)
    for item_id in answers:
        if item_id not in known:
            raise DataError("A304", context={"item": item_id, "version": loaded.questionnaire.version})


def score(loaded: Loaded, doc: AssessmentDoc) -> Result:
    """Score an assessment document against a questionnaire version."""
    check_answers(loaded, doc.answers)
    c = compile_questionnaire(loaded)
    answers = {i: doc.answers.get(i, Answer.unknown) for i in c.order}
    yes = frozenset(i for i, a in answers.items() if a is Answer.yes)
    unknown = [i for i, a in answers.items() if a is Answer.unknown]

    points = sum(c.weights[i] for i in yes)
    threshold = c.threshold_level(points)
    rules = [FiredRule.model_construct(id=f"threshold_{LEVEL_ORDER[threshold].value}", kind="threshold",
                       level=LEVEL_ORDER[threshold],
                       items=[i for i in c.order if i in yes and c.weights[i] > 0])]
    computed = threshold
    for item in c.order:
        if item in yes and item in c.floors:
            rules.append(FiredRule.model_construct(id=f"floor_{item}", kind="floor",
                                   level=LEVEL_ORDER[c.floors[item]], items=[item]))
            computed = max(computed, c.floors[item])
    for combo in c.combos:
        if _holds(combo, yes):
            rules.append(FiredRule.model_construct(id=combo.id, kind="combination", level=LEVEL_ORDER[combo.level],
                                   items=[i for i in c.order if i in yes and i in combo.items]))
            computed = max(computed, combo.level)

    judgement = _judge(doc.judgement, computed)
    level = computed
    if judgement is not None and judgement.raised:
        level = judgement.level.rank
        rules.append(FiredRule.model_construct(id="judgement", kind="judgement", level=judgement.level,
                                               items=[]))

    unknown_risk = [i for i in c.risk if answers[i] is Answer.unknown]
    level_max = max(c.level_of(yes | set(unknown_risk)), level)
    share = len(unknown_risk) / len(c.risk) if c.risk else 0.0
    insufficient = bool(c.critical.intersection(unknown)) or share > c.share

    # Unknowns whose yes would raise the level most come first, then by weight, then in order.
    position = {i: n for n, i in enumerate(c.order)}
    to_clarify = sorted(unknown_risk, key=lambda i: (-(c.raise_if_yes(yes, computed, points, i) - computed),
                                                     -c.weights[i], position[i]))
    alerts = {a for i in yes for a in c.alerts_of.get(i, ())}
    ordered_alerts = [a for a in c.alert_order if a in alerts]

    # Built without re-validation: every field is computed here (a property test re-validates).
    return Result.model_construct(
        questionnaire=c.ref, mode=doc.mode, answers=answers,
        level=LEVEL_ORDER[level], computed_level=LEVEL_ORDER[computed],
        threshold_level=LEVEL_ORDER[threshold], level_max=LEVEL_ORDER[level_max],
        score=points, score_max=points + sum(c.weights[i] for i in unknown),
        rules=rules, alerts=ordered_alerts, unknown=unknown, unknown_share=round(share, 4),
        to_clarify=to_clarify, insufficient_information=insufficient, judgement=judgement,
    )


def _judge(judgement: Judgement | None, computed: int) -> JudgementResult | None:
    """Upward only, with a reason."""
    if judgement is None:
        return None
    if not judgement.rationale.strip():
        raise DataError("J402")
    if judgement.level.rank < computed:
        raise DataError("J401", context={"requested": judgement.level.value,
                                         "computed": LEVEL_ORDER[computed].value})
    return JudgementResult(level=judgement.level, rationale=judgement.rationale.strip(),
                           raised=judgement.level.rank > computed)


def level_with(loaded: Loaded, answers: dict[str, Answer]) -> Level:
    """Computed level of an answer set (for "what if" views); unknown counts as not yes."""
    c = compile_questionnaire(loaded)
    return LEVEL_ORDER[c.level_of(frozenset(i for i, a in answers.items() if a is Answer.yes))]
