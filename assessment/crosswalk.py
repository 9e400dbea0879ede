"""The crosswalk to peer instruments (questionnaires/crosswalk.yaml): data and the concordance check.

For each peer instrument: its published decision rule as data, and which of its items our
questionnaire also asks. `concordance_failures` lists the answer sets on which the instrument
screens in (counting only the items we also ask: the others are unknown in ours and cannot
count) and our questionnaire gives less than the required level. `reading` says how OUR
answers read on each instrument (informative: the result page and the sheet). Pure; no I/O
except `load`.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from itertools import combinations, product
from pathlib import Path
from typing import TypedDict

from pydantic import Field, model_validator

from .base import Id, Strict
from .i18n import N_, Translator
from .loader import QUESTIONNAIRES_DIR, Loaded, read_yaml
from .model import Answer, Level
from .scoring import compile_questionnaire

CROSSWALK_PATH = QUESTIONNAIRES_DIR / "crosswalk.yaml"


class TheirItem(Strict):
    id: Id
    topic: str = Field(min_length=1, description="Our paraphrase of the topic, never their wording.")
    ours: list[Id] = Field(default_factory=list, description="Our item ids; empty: no equivalent.")
    one_of: bool = Field(default=False, description="A yes means a yes to at least one of `ours`.")
    note: str | None = None

    @model_validator(mode="after")
    def _one_of_needs_two(self) -> TheirItem:
        if self.one_of and len(self.ours) < 2:
            raise ValueError(f"{self.id}: one_of needs at least two of our items")
        return self


class Alternative(Strict):
    """Screens in when at least `at_least` of `among` are yes."""

    among: list[Id] = Field(min_length=1)
    at_least: int = Field(ge=1)

    @model_validator(mode="after")
    def _reachable_in_principle(self) -> Alternative:
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
    def _rule_names_items(self) -> Instrument:
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
               if level_for_their_answers(loaded, instrument, dict.fromkeys(s, Answer.yes)) < level]
    return [s for s in failing if not any(o < s for o in failing)]


# --------------------------------------------------------------------------- reading
# How OUR answers read on each peer instrument's published rule (informative only: the result
# page and the sheet show it so that a professional can speak the language of the police or of
# the specialised service; it is not another assessment and changes nothing in ours).
#
# Counting, from our answers (never the other way round):
# - their item with no equivalent in ours (`ours: []`) is "not asked here": never yes, never no;
# - their item reads yes when its `ours` is yes (`one_of`: any of them; else: all of them), no
#   when that cannot be (`one_of`: all no; else: any no), unknown otherwise;
# - a yes of ours counts ONCE per alternative of their rule: when several of their items map to
#   the same one of ours (DASH: "more often" and "getting worse", both our escalation), we do
#   not know which of them holds (a maximum matching between our yes answers and their items);
# - unknown stays unknown: "would screen in" needs the yes answers alone; "cannot tell" when the
#   unknown answers could still make it; "would not screen in on the items we ask" only when even
#   every unknown answered yes would not (and then how many of its items we do not ask);
# - an instrument whose rule cannot be reached on the items we ask (`reachable: false`, the
#   French grid) gets no reading: it says how few of its items we ask.


class ReadingState(str, Enum):
    screens_in = "screens_in"        # the yes answers alone meet their rule
    cannot_tell = "cannot_tell"      # unknown answers of ours could decide it
    not_on_asked = "not_on_asked"    # not even with every unknown yes, on the items we ask
    partial = "partial"              # their rule cannot be reached on the items we ask: no reading


@dataclass(frozen=True)
class Reading:
    instrument: str
    state: ReadingState
    #: screens_in: our items answered yes that make it (in the instrument's item order).
    because: tuple[str, ...] = ()
    #: cannot_tell: our items answered unknown that could decide it.
    deciding: tuple[str, ...] = ()
    #: cannot_tell: the fewest further yes answers to ITS items that would make it screen in.
    needed: int = 0
    asked: int = 0       # their items we also ask
    total: int = 0       # their items
    unmodelled: int = 0  # published rules of theirs not written as data

    @property
    def not_asked(self) -> int:
        return self.total - self.asked


def _matching(items: list[TheirItem], sources: set[str]) -> dict[str, str]:
    """Maximum matching their item id -> one of our ids in `sources` it maps to (each of ours once)."""
    owner: dict[str, str] = {}  # our id -> their item id

    def augment(item: TheirItem, seen: set[str]) -> bool:
        if not item.one_of and not set(item.ours) <= sources:
            return False  # `ours: [x, y]` without one_of: their yes means a yes to each of ours
        for o in item.ours:
            if o in sources and o not in seen:
                seen.add(o)
                if o not in owner or augment(by_id[owner[o]], seen):
                    owner[o] = item.id
                    return True
        return False

    by_id = {i.id: i for i in items}
    for item in items:
        augment(item, set())
    return {their: ours for ours, their in owner.items()}


def readable(instrument: Instrument) -> bool:
    """Can our answers alone make the instrument screen in (each of ours counted once)? False for
    `reachable: false` (the French grid), and when too few of its items map to distinct items of
    ours: then it gets no reading, whatever the answers."""
    mapped_ours = {o for i in instrument.mapped for o in i.ours}
    by_id = {i.id: i for i in instrument.items}
    return instrument.reachable and any(
        len(_matching([by_id[i] for i in alt.among], mapped_ours)) >= alt.at_least for alt in instrument.rule)


class _Counts(TypedDict):
    """The fields of a Reading every state carries."""

    instrument: str
    asked: int
    total: int
    unmodelled: int


def read_instrument(instrument: Instrument, answers: Mapping[str, Answer]) -> Reading:
    """One instrument's reading of our answers (ids missing from `answers` are unknown)."""
    def answer(o: str) -> Answer:
        return Answer(answers.get(o, Answer.unknown))

    by_id = {i.id: i for i in instrument.items}
    mapped_ours = {o for i in instrument.mapped for o in i.ours}
    yes = {o for o in mapped_ours if answer(o) is Answer.yes}
    unknown = {o for o in mapped_ours if answer(o) is Answer.unknown}
    common: _Counts = {"instrument": instrument.id, "asked": len(instrument.mapped),
                       "total": len(instrument.items), "unmodelled": len(instrument.unmodelled_rules)}
    alts = [[by_id[i] for i in alt.among] for alt in instrument.rule]
    if not readable(instrument):
        return Reading(state=ReadingState.partial, **common)
    certain = [_matching(items, yes) for items in alts]
    fired = [items for items, m, alt in zip(alts, certain, instrument.rule, strict=True) if len(m) >= alt.at_least]
    if fired:
        chosen = {o for items in fired for i in items for o in i.ours if o in yes}
        order = [o for i in instrument.items for o in i.ours]
        because = tuple(dict.fromkeys(o for o in order if o in chosen))
        return Reading(state=ReadingState.screens_in, because=because, **common)
    open_ = [(items, alt, m) for items, alt, m in zip(alts, instrument.rule, certain, strict=True)
             if len(_matching(items, yes | unknown)) >= alt.at_least]
    if open_:
        relevant = {o for items, _alt, _m in open_ for i in items for o in i.ours if o in unknown}
        order = [o for i in instrument.items for o in i.ours]
        return Reading(state=ReadingState.cannot_tell,
                       deciding=tuple(dict.fromkeys(o for o in order if o in relevant)),
                       needed=min(alt.at_least - len(m) for _items, alt, m in open_), **common)
    return Reading(state=ReadingState.not_on_asked, **common)


def reading(crosswalk: Crosswalk, answers: Mapping[str, Answer]) -> list[Reading]:
    """How our answers read on each instrument of the crosswalk, in its order. Pure."""
    return [read_instrument(ins, answers) for ins in crosswalk.instruments]


@lru_cache(maxsize=1)
def default() -> Crosswalk:
    """The bundled crosswalk, read once per process."""
    return load()


def readings_for(loaded: Loaded, answers: Mapping[str, Answer]) -> list[Reading]:
    """The bundled crosswalk's reading when it is about this questionnaire; else nothing."""
    cw = default()
    if cw.questionnaire != loaded.questionnaire.id:
        return []
    return reading(cw, answers)


# ---- wording (core domain: the screen and the sheet say the same thing)

#: Short names; the instruments' own names are proper names and stay as they are.
INSTRUMENT_NAMES: dict[str, str] = {
    "lethality_screen": "Lethality Screen (LAP 2.0)",
    "da5": "DA-5",
    "dash": "DASH",
    "grille_fr": N_("Grille police-gendarmerie (France)"),
}
#: Shorter still, for the sheet's one line.
SHEET_NAMES: dict[str, str] = {"lethality_screen": "Lethality Screen", "grille_fr": N_("grille française")}

#: A few words for each of our items the crosswalk names (tests: every one has its words).
TOPICS: dict[str, str] = {
    "strangulation": N_("strangulation"),
    "weapon_threat": N_("arme utilisée ou menace avec une arme"),
    "threat_to_kill": N_("menaces de mort"),
    "victim_fears_death": N_("elle craint d'être tuée"),
    "firearm_access": N_("accès à une arme à feu"),
    "escalation": N_("violences plus fréquentes ou plus graves"),
    "sexual_violence": N_("violences sexuelles"),
    "injury": N_("blessures"),
    "coercive_control": N_("contrôle de sa vie"),
    "jealousy": N_("jalousie violente"),
    "stalking": N_("harcèlement ou surveillance"),
    "isolation": N_("isolement"),
    "order_breach": N_("interdiction non respectée"),
    "separation": N_("séparation"),
    "child_not_his": N_("enfant d'un autre père"),
    "pregnancy_newborn": N_("grossesse ou bébé"),
    "perpetrator_suicidal": N_("il menace de se suicider"),
    "substance_abuse": N_("alcool ou drogue"),
    "unemployment": N_("sans emploi ou difficultés d'argent"),
    "prior_violence": N_("violent avec d'autres"),
    "animal_abuse": N_("violence envers un animal"),
    # not named by the crosswalk; the result names every factor that scored (assessment.wording)
    "violence_pregnancy": N_("violences pendant une grossesse"),
    "threats_children": N_("menaces sur les enfants"),
    "children_present": N_("enfants au domicile"),
    "victim_suicidal": N_("elle pense au suicide"),
    "victim_dependent": N_("elle dépend de lui"),
}


def instrument_name(crosswalk: Crosswalk, instrument_id: str, t: Translator, *, short: bool = False) -> str:
    name = (short and SHEET_NAMES.get(instrument_id)) or INSTRUMENT_NAMES.get(instrument_id)
    return t(name) if name else crosswalk.instrument(instrument_id).name


def topic(item_id: str, t: Translator) -> str:
    return t(TOPICS[item_id]) if item_id in TOPICS else item_id


def reading_text(r: Reading, t: Translator, *, short: bool = False, names: bool = True, limit: int = 6) -> str:
    """What the reading says, without the instrument's name. `short`: the sheet's words (the
    state; with `names`, what makes it positive: two items named at most, else counted)."""
    def named(ids: tuple[str, ...]) -> str:
        words = [topic(o, t) for o in ids]
        if len(words) > limit:
            rest = len(words) - limit
            words = [*words[:limit], t.ngettext("{n} autre", "{n} autres", rest).format(n=rest)]
        return t.join(words)

    if short:
        if r.state is ReadingState.screens_in:
            if not names:
                return t("positif")
            if len(r.because) > 2:
                return t.ngettext("positif ({n} « oui » sur {total})", "positif ({n} « oui » sur {total})",
                                  len(r.because)).format(n=len(r.because), total=r.total)
            return t("positif ({items})").format(items=named(r.because))
        return {ReadingState.cannot_tell: t("indéterminé"), ReadingState.not_on_asked: t("pas positif"),
                ReadingState.partial: t("pas de lecture")}[r.state]
    if r.state is ReadingState.screens_in:
        return t("positif ({items})").format(items=named(r.because))
    if r.state is ReadingState.partial:
        if r.asked == r.total:
            return t("pas de lecture possible : nos questions ne permettent pas d'appliquer sa règle")
        return t.ngettext("pas de lecture possible : nous ne posons que {asked} de ses {total} questions, "
                          "trop peu pour appliquer sa règle",
                          "pas de lecture possible : nous ne posons que {asked} de ses {total} questions, "
                          "trop peu pour appliquer sa règle",
                          r.total).format(asked=r.asked, total=r.total)
    if r.state is ReadingState.cannot_tell:
        n = len(r.deciding)
        text = t.ngettext("indéterminé : {n} réponse inconnue pourrait le rendre positif",
                          "indéterminé : {n} réponses inconnues pourraient le rendre positif",
                          n).format(n=n)
        text += " " + t.ngettext("(il faudrait {k} « oui » de plus ; à clarifier : {items})",
                                 "(il faudrait {k} « oui » de plus ; à clarifier : {items})",
                                 r.needed).format(k=r.needed, items=named(r.deciding))
    else:
        text = t("pas positif sur les questions posées ici")
        if r.not_asked:
            text += " " + t.ngettext("({n} de ses {total} questions n'est pas posée ici)",
                                     "({n} de ses {total} questions ne sont pas posées ici)",
                                     r.not_asked).format(n=r.not_asked, total=r.total)
    if r.unmodelled:
        text += t.ngettext(" ; une de ses règles n'est pas reprise ici",
                           " ; {n} de ses règles ne sont pas reprises ici", r.unmodelled).format(n=r.unmodelled)
    return text


def reading_line(crosswalk: Crosswalk, r: Reading, t: Translator, *, short: bool = False,
                 names: bool = True) -> str:
    """"<instrument> : <reading>"."""
    return t("{instrument} : {reading}").format(instrument=instrument_name(crosswalk, r.instrument, t, short=short),
                                                reading=reading_text(r, t, short=short, names=names))
