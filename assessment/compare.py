"""Re-assessment: compare a previous saved assessment with the current one.

Pure and in memory: both documents come from files the professional holds (the app keeps the
previous one in her session only, `ui/state.PREVIOUS`). Nothing here imports streamlit.

- `changes(...)`: how each item id moved between the two answer sets. Every id of either
  version lands in exactly one group (appeared, disappeared, resolved, new_unknown, unchanged,
  only_previous, only_current); an item absent from a document is unknown, never "no".
- `compare(...)`: the two Results side by side: levels then and now, dates, versions, changes.
- `headline`, `details`, `recommendation`: the words of the result page, the sheet and the CLI
  (one place, so they never say it differently).
- `reassess()`: the delays per level (questionnaires/reassess.yaml, data with its reasons).
- `read_previous`: a previous file read as resume reads a file (same codes, same plain
  sentences: `DataError.for_user(t, file=True)`).
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Literal

from pydantic import Field

from .base import Strict
from .errors import DataError, Where
from .i18n import N_, Translator
from .loader import QUESTIONNAIRES_DIR, Loaded, Registry
from .model import Answer, AssessmentDoc, Level, Result
from .wording import level_name

REASSESS_PATH = QUESTIONNAIRES_DIR / "reassess.yaml"

Direction = Literal["up", "down", "same"]


# --------------------------------------------------------------------------- item changes
@dataclass(frozen=True)
class Changes:
    """Item ids by how their answer moved (each tuple in questionnaire order)."""

    appeared: tuple[str, ...]       # no -> yes
    disappeared: tuple[str, ...]    # yes -> no
    resolved: tuple[str, ...]       # unknown (or unanswered) -> yes or no
    new_unknown: tuple[str, ...]    # yes or no -> unknown
    unchanged: tuple[str, ...]
    only_previous: tuple[str, ...]  # the item exists only in the previous version
    only_current: tuple[str, ...]   # the item exists only in the current version

    def groups(self) -> dict[str, tuple[str, ...]]:
        return {"appeared": self.appeared, "disappeared": self.disappeared, "resolved": self.resolved,
                "new_unknown": self.new_unknown, "unchanged": self.unchanged,
                "only_previous": self.only_previous, "only_current": self.only_current}


def _answer(answers: Mapping[str, Answer], item_id: str) -> Answer:
    return Answer(answers.get(item_id, Answer.unknown))


def changes(previous_ids: Sequence[str], previous: Mapping[str, Answer],
            current_ids: Sequence[str], current: Mapping[str, Answer]) -> Changes:
    """Compare by item id: the ids of each version and its answers (absent = unknown)."""
    prev_set = set(previous_ids)
    groups: dict[str, list[str]] = {k: [] for k in ("appeared", "disappeared", "resolved", "new_unknown",
                                                     "unchanged", "only_previous", "only_current")}
    for item_id in current_ids:
        if item_id not in prev_set:
            groups["only_current"].append(item_id)
            continue
        before, now = _answer(previous, item_id), _answer(current, item_id)
        if before == now:
            groups["unchanged"].append(item_id)
        elif before is Answer.unknown:
            groups["resolved"].append(item_id)
        elif now is Answer.unknown:
            groups["new_unknown"].append(item_id)
        elif now is Answer.yes:
            groups["appeared"].append(item_id)
        else:
            groups["disappeared"].append(item_id)
    cur_set = set(current_ids)
    groups["only_previous"] = [i for i in previous_ids if i not in cur_set]
    return Changes(**{k: tuple(dict.fromkeys(v)) for k, v in groups.items()})


# --------------------------------------------------------------------------- comparison
@dataclass(frozen=True)
class Side:
    version: str
    date: dt.date | None
    level: Level
    answers: dict[str, Answer]
    loaded: Loaded


@dataclass(frozen=True)
class Comparison:
    previous: Side
    current: Side
    changes: Changes

    @property
    def direction(self) -> Direction:
        return direction(self.previous.level, self.current.level)

    @property
    def days(self) -> int | None:
        if self.previous.date is None or self.current.date is None:
            return None
        return (self.current.date - self.previous.date).days

    @property
    def now_yes(self) -> tuple[str, ...]:
        """'+' items: yes now and not yes before (no -> yes, unknown -> yes)."""
        return tuple(i for i in self.changes.appeared + self.changes.resolved
                     if self.current.answers.get(i) is Answer.yes)


def direction(before: Level, now: Level) -> Direction:
    return "up" if now > before else "down" if now < before else "same"


def compare(previous: tuple[AssessmentDoc, Loaded, Result], current: tuple[AssessmentDoc, Loaded, Result],
            today: dt.date | None = None) -> Comparison:
    """Both documents already read and scored. C710 when they are not the same questionnaire,
    C711 when the previous one is dated after the current one (the files are swapped)."""
    (pdoc, ploaded, presult), (cdoc, cloaded, cresult) = previous, current
    pq, cq = ploaded.questionnaire, cloaded.questionnaire
    if pq.id != cq.id:
        raise DataError("C710", context={"previous": pq.id, "current": cq.id})
    cdate = cdoc.assessed_on or today
    if pdoc.assessed_on and cdate and pdoc.assessed_on > cdate:
        raise DataError("C711", context={"previous": pdoc.assessed_on.isoformat(), "current": cdate.isoformat()})
    return Comparison(
        previous=Side(pq.version, pdoc.assessed_on, presult.level, dict(presult.answers), ploaded),
        current=Side(cq.version, cdate, cresult.level, dict(cresult.answers), cloaded),
        changes=changes(pq.item_ids, presult.answers, cq.item_ids, cresult.answers))


def read_previous(raw: bytes, registry: Registry, *, real_only: bool = True,
                  path: str = "") -> tuple[AssessmentDoc, Loaded, Result]:
    """A previous assessment file, read exactly as resume reads one (ui/resume.py): the same
    checks in the same order, so the same codes and plain sentences. Raises DataError only."""
    from .document import MAX_DOCUMENT_BYTES, parse_document, resolve
    from .scoring import score

    if len(raw) > MAX_DOCUMENT_BYTES:
        raise DataError("A308", Where(path), {"size": len(raw), "limit": MAX_DOCUMENT_BYTES})
    doc = parse_document(raw, path)
    if real_only and doc.mode == "training":
        raise DataError("A310", Where(path))
    try:
        loaded = resolve(doc, registry)
        return doc, loaded, score(loaded, doc)
    except DataError as exc:
        if path and not exc.where.path:
            exc.where = Where(path)
        raise


# --------------------------------------------------------------------------- words
#: Short names of the items the crosswalk's topics do not cover (assessment.crosswalk.TOPICS).
TOPICS: dict[str, str] = {
    "violence_pregnancy": N_("violences pendant une grossesse"),
    "threats_children": N_("menaces contre les enfants"),
    "children_present": N_("enfants à la maison"),
    "victim_suicidal": N_("elle pense au suicide"),
    "victim_dependent": N_("elle dépend de lui"),
}


def topic(item_id: str, loaded: Loaded, t: Translator) -> str:
    """A few words for an item: its topic, else its question."""
    from . import crosswalk

    if item_id in TOPICS:
        return t(TOPICS[item_id])
    if item_id in crosswalk.TOPICS:
        return crosswalk.topic(item_id, t)
    try:
        return t(loaded.questionnaire.item(item_id).text).rstrip(" ?؟\u00a0\u202f")
    except KeyError:
        return item_id


def format_date(day: dt.date, t: Translator) -> str:
    """'3 novembre 2026', '3. November 2026', '٣ نوفمبر ٢٠٢٦'... (Babel, her language)."""
    from babel.dates import format_date as babel_date

    return babel_date(day, "long", locale=t.locale)


def level_change(before: Level, now: Level, t: Translator) -> str:
    """'niveau modéré → grave (en hausse)': the words follow the direction, never the reverse."""
    d = direction(before, now)
    if d == "same":
        return t("niveau inchangé : {level}").format(level=level_name(now, t))
    template = t("niveau {before} → {now} (en hausse)") if d == "up" else t("niveau {before} → {now} (en baisse)")
    return template.format(before=level_name(before, t), now=level_name(now, t))


def _since(c: Comparison, t: Translator) -> str:
    if c.previous.date is None:
        return t("Depuis l'évaluation précédente (date non indiquée dans le fichier)")
    return t("Depuis l'évaluation du {date}").format(date=format_date(c.previous.date, t))


def headline(c: Comparison, t: Translator) -> str:
    """One line: 'Depuis l'évaluation du 3 novembre 2026 : + strangulation ; niveau modéré → grave (en hausse).'"""
    cur, prev = c.current.loaded, c.previous.loaded
    marks = [t("+ {item}").format(item=topic(i, cur, t)) for i in c.now_yes]
    marks += [t("− {item}").format(item=topic(i, prev, t)) for i in c.changes.disappeared]
    parts = [t.join(marks)] if marks else [t("aucun facteur nouveau ni disparu")]
    parts.append(level_change(c.previous.level, c.current.level, t))
    return t("{since} : {changes}.").format(since=_since(c, t), changes=t.join(parts, semicolons=True))


def _items(ids: Sequence[str], loaded: Loaded, t: Translator, limit: int | None = None) -> str:
    """Topics joined; past `limit`, the first ones and how many more ('a, b et 3 autres')."""
    if limit is None or len(ids) <= limit:
        return t.join(topic(i, loaded, t) for i in ids)
    rest = len(ids) - limit
    return t.ngettext("{items} et {n} autre", "{items} et {n} autres", rest).format(
        items=t.join(topic(i, loaded, t) for i in ids[:limit]), n=rest)


def details(c: Comparison, t: Translator) -> list[str]:
    """The comparison, one sentence per line (the result page's list, the sheet, the CLI)."""
    ch, cur, prev = c.changes, c.current.loaded, c.previous.loaded
    lines = []
    for side, label in ((c.previous, t("Évaluation précédente")), (c.current, t("Cette évaluation"))):
        when = format_date(side.date, t) if side.date else t("date non indiquée")
        lines.append(t("{label} : {date}, version {version}, niveau {level}.").format(
            label=label, date=when, version=side.version, level=level_name(side.level, t)))
    if c.days is not None:
        lines.append(t.ngettext("{n} jour entre les deux évaluations.", "{n} jours entre les deux évaluations.",
                                c.days).format(n=c.days))
    if ch.appeared:
        lines.append(t("Nouveaux facteurs (non → oui) : {items}.").format(items=_items(ch.appeared, cur, t)))
    resolved_yes = [i for i in ch.resolved if c.current.answers.get(i) is Answer.yes]
    resolved_no = [i for i in ch.resolved if c.current.answers.get(i) is Answer.no]
    if resolved_yes:
        lines.append(t("Inconnus devenus « oui » : {items}.").format(items=_items(resolved_yes, cur, t)))
    if resolved_no:
        lines.append(t("Inconnus devenus « non » : {items}.").format(items=_items(resolved_no, cur, t, limit=5)))
    if ch.disappeared:
        lines.append(t("Facteurs disparus (oui → non) : {items}. Vérifiez avec elle ce qui a changé : "
                       "un fait qui a eu lieu ne disparaît pas.").format(items=_items(ch.disappeared, prev, t)))
    if ch.new_unknown:
        lines.append(t("Nouveaux inconnus (connus avant, inconnus maintenant) : {items}.").format(
            items=_items(ch.new_unknown, cur, t)))
    if ch.only_previous:
        lines.append(t("Seulement dans la version {version} (précédente) : {items}.").format(
            version=c.previous.version, items=_items(ch.only_previous, prev, t)))
    if ch.only_current:
        lines.append(t("Seulement dans la version {version} (actuelle) : {items}.").format(
            version=c.current.version, items=_items(ch.only_current, cur, t)))
    if not (ch.appeared or ch.resolved or ch.disappeared or ch.new_unknown):
        lines.append(t("Les réponses communes aux deux évaluations n'ont pas changé."))
    if c.direction == "down":
        lines.append(t("Un niveau plus bas ne veut pas dire que le danger a disparu : la séparation, "
                       "une audience ou sa sortie peuvent le relever à tout moment."))
    return lines


# --------------------------------------------------------------------------- when to re-assess
class Reassess(Strict):
    """questionnaires/reassess.yaml: when to assess again (a recommendation)."""

    after_incident: str = Field(min_length=1)
    note: str = Field(min_length=1)
    levels: dict[Level, int]
    sources: list[str] = Field(min_length=1)


def load_reassess(path: Path | str = REASSESS_PATH) -> Reassess:
    from .loader import parse_yaml_model

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataError("Q100", context={"path": f"{path} ({exc.strerror})"}) from None
    model, _data = parse_yaml_model(text, str(path), Reassess, not_mapping="Q116")
    missing = [level.value for level in Level if level not in model.levels]
    if missing or any(days < 1 for days in model.levels.values()):
        raise DataError("Q105", Where(str(path)), {"field": "levels",
                                                  "detail": "one delay of at least 1 day per level"})
    # Never longer for a higher level: a higher danger is never re-assessed later.
    ordered = [model.levels[level] for level in sorted(Level, key=lambda lv: lv.rank)]
    if any(a < b for a, b in pairwise(ordered)):
        raise DataError("Q105", Where(str(path)), {"field": "levels",
                                                  "detail": "a higher level must not wait longer"})
    return model


@lru_cache(maxsize=1)
def reassess() -> Reassess:
    """The bundled recommendation, read once per process."""
    return load_reassess()


def next_date(level: Level, day: dt.date, policy: Reassess | None = None) -> dt.date:
    return day + dt.timedelta(days=(policy or reassess()).levels[level])


def recommendation(level: Level, day: dt.date, t: Translator, policy: Reassess | None = None) -> list[str]:
    """When to assess again: after any new incident, and at the latest on a date per level."""
    policy = policy or reassess()
    days = policy.levels[level]
    return [
        t(policy.after_incident),
        t.ngettext("Sinon, au plus tard le {date} (dans {n} jour, pour un niveau {level}).",
                   "Sinon, au plus tard le {date} (dans {n} jours, pour un niveau {level}).", days).format(
            date=format_date(next_date(level, day, policy), t), n=days, level=level_name(level, t)),
        t(policy.note),
    ]


def recommendation_line(level: Level, day: dt.date, t: Translator, policy: Reassess | None = None) -> str:
    """The same in one line (the sheet, where room is short)."""
    days = (policy or reassess()).levels[level]
    return t.ngettext(
        "Recommandation : refaire l'évaluation après tout nouvel incident, et sinon au plus tard le {date} "
        "(dans {n} jour).",
        "Recommandation : refaire l'évaluation après tout nouvel incident, et sinon au plus tard le {date} "
        "(dans {n} jours).", days).format(date=format_date(next_date(level, day, policy), t), n=days)


RECOMMEND_TITLE = N_("Quand refaire l'évaluation :")


def comparison_text(c: Comparison, t: Translator) -> str:
    """Plain text (CLI `compare`)."""
    lines = [headline(c, t), ""] + ["- " + line for line in details(c, t)]
    day = c.current.date or dt.date.today()
    lines += ["", t(RECOMMEND_TITLE)] + ["- " + line for line in recommendation(c.current.level, day, t)]
    return "\n".join(lines)


def cmd_compare(args: argparse.Namespace) -> int:
    """python -m assessment compare old.json new.json: exit 0 with the comparison, 2 for a bad file."""
    from .i18n import translator
    from .inputs import EXIT_OK
    from .inputs import read_input as _read_input
    from .loader import default_registry

    t = translator(args.locale)
    registry = default_registry()
    sides = []
    for name in (args.previous, args.current):
        raw, path = _read_input(name)
        sides.append(read_previous(raw, registry, real_only=False, path=path))
    sys.stdout.write(comparison_text(compare(sides[0], sides[1]), t) + "\n")
    return EXIT_OK
