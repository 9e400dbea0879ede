"""The crosswalk to peer instruments (questionnaires/crosswalk.yaml): data and the concordance check.

For each peer instrument: its published decision rule as data, and which of its items our
questionnaire also asks. `concordance_failures` lists the answer sets on which the instrument
screens in (counting only the items we also ask: the others are unknown in ours and cannot
count) and our questionnaire gives less than the required level. Pure; no I/O except `load`.
"""
from __future__ import annotations

from itertools import combinations, product
from pathlib import Path
from typing import Iterable, Iterator

from pydantic import Field, model_validator

from .loader import QUESTIONNAIRES_DIR, Loaded, read_yaml
from .model import Answer, Id, Level, Strict
from .scoring import compile_questionnaire

CROSSWALK_PATH = QUESTIONNAIRES_DIR / "crosswalk.yaml"


class TheirItem(Strict):
    id: Id
    topic: str = Field(min_length=1, description="Our paraphrase of the topic, never their wording.")
    ours: list[Id] = Field(default_factory=list, description="Our item ids; empty: no equivalent.")
    one_of: bool = Field(default=False, description="A yes means a yes to at least one of `ours`.")
    note: str | None = None

    @model_validator(mode="after")
    def _one_of_needs_two(self) -> "TheirItem":
        if self.one_of and len(self.ours) < 2:
            raise ValueError(f"{self.id}: one_of needs at least two of our items")
        return self


class Alternative(Strict):
    """Screens in when at least `at_least` of `among` are yes."""

    among: list[Id] = Field(min_length=1)
    at_least: int = Field(ge=1)

    @model_validator(mode="after")
    def _reachable_in_principle(self) -> "Alternative":
        if self.at_least > len(self.among):
            raise ValueError(f"at_least {self.at_least} > {len(self.among)} items")
        return self


class Instrument(Strict):
    id: Id
    name: str = Field(min_length=1)
    sources: list[str] = Field(min_length=1)
    notes: str | None = None
    reachable: bool = Field(default=True, description="Can the rule screen in on mapped items alone?")
    unmodelled_rules: list[str] = Field(default_factory=list)
    rule: list[Alternative] = Field(min_length=1)
    items: list[TheirItem] = Field(min_length=1)

    @model_validator(mode="after")
    def _rule_names_items(self) -> "Instrument":
        ids = [i.id for i in self.items]
        if len(set(ids)) != len(ids):
            raise ValueError(f"{self.id}: duplicate item ids")
        for alt in self.rule:
            missing = set(alt.among) - set(ids)
            if missing:
                raise ValueError(f"{self.id}: the rule names unknown items {sorted(missing)}")
        return self

    @property
    def mapped(self) -> list[TheirItem]:
        return [i for i in self.items if i.ours]

    def screens_in(self, yes: Iterable[str]) -> bool:
        yes = set(yes)
        return any(len(yes.intersection(alt.among)) >= alt.at_least for alt in self.rule)

    def screens_in_on_mapped(self, answers: dict[str, Answer]) -> bool:
        """Their rule, counting only the yes answers to items we also ask."""
        return self.screens_in(i.id for i in self.mapped if answers.get(i.id) is Answer.yes)

    def reachable_on_mapped(self) -> bool:
        mapped = {i.id for i in self.mapped}
        return any(len(mapped.intersection(alt.among)) >= alt.at_least for alt in self.rule)

    def translations(self, answers: dict[str, Answer]) -> Iterator[dict[str, Answer]]:
        """Their answers -> our answers, once per reading of the `one_of` items answered yes.

        Our item is yes if a mapped item of theirs says yes, no if every mapped item says no,
        unknown otherwise; our items they do not ask stay unknown (never yes).
        """
        choices = [[(i, o) for o in i.ours] if (i.one_of and answers.get(i.id) is Answer.yes) else [(i, None)]
                   for i in self.mapped]
        for pick in product(*choices):
            ours: dict[str, list[Answer]] = {}
            for item, chosen in pick:
                a = answers.get(item.id, Answer.unknown)
                for o in item.ours:
                    if item.one_of and a is Answer.yes:
                        ours.setdefault(o, []).append(Answer.yes if o == chosen else Answer.unknown)
                    else:
                        ours.setdefault(o, []).append(a)
            yield {o: (Answer.yes if Answer.yes in given else
                       Answer.no if all(g is Answer.no for g in given) else Answer.unknown)
                   for o, given in ours.items()}


class Crosswalk(Strict):
    questionnaire: str
    concordant_from: str
    level: Level
    instruments: list[Instrument] = Field(min_length=1)

    def instrument(self, instrument_id: str) -> Instrument:
        return next(i for i in self.instruments if i.id == instrument_id)

    def unknown_ids(self, loaded: Loaded) -> list[str]:
        """Our item ids named in the crosswalk that the questionnaire version does not have."""
        known = set(loaded.questionnaire.item_ids)
        return sorted({o for ins in self.instruments for i in ins.items for o in i.ours} - known)


def load(path: Path | str = CROSSWALK_PATH) -> Crosswalk:
    path = Path(path)
    return Crosswalk.model_validate(read_yaml(path.read_text("utf-8"), str(path)))


def screen_in_sets(instrument: Instrument) -> Iterator[frozenset[str]]:
    """Every set of yes answers, over the items we also ask, on which the instrument screens in.

    Exhaustive: for each alternative, every subset of its mapped items of size >= at_least,
    plus any of the other mapped items (feasible for the published instruments: at most a few
    hundred thousand sets; the test bounds it).
    """
    mapped = [i.id for i in instrument.mapped]
    seen: set[frozenset[str]] = set()
    for alt in instrument.rule:
        inside = [i for i in mapped if i in alt.among]
        outside = [i for i in mapped if i not in alt.among]
        for k in range(alt.at_least, len(inside) + 1):
            for core in combinations(inside, k):
                for n in range(len(outside) + 1):
                    for extra in combinations(outside, n):
                        s = frozenset(core + extra)
                        if s not in seen:
                            seen.add(s)
                            yield s


def level_for_their_answers(loaded: Loaded, instrument: Instrument, answers: dict[str, Answer]) -> Level:
    """Our computed level, at the least favourable reading of `one_of` items (never yes by default)."""
    c = compile_questionnaire(loaded)
    from .model import LEVEL_ORDER

    return LEVEL_ORDER[min(c.level_of(frozenset(o for o, a in ours.items() if a is Answer.yes))
                           for ours in instrument.translations(answers))]


def concordance_failures(loaded: Loaded, instrument: Instrument, level: Level) -> list[frozenset[str]]:
    """Minimal screen-in sets (over their item ids) on which ours gives less than `level`."""
    failing = [s for s in screen_in_sets(instrument)
               if level_for_their_answers(loaded, instrument, {i: Answer.yes for i in s}) < level]
    return [s for s in failing if not any(o < s for o in failing)]
