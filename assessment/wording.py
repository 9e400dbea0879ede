"""Plain-language wording of a Result, shared by the result page, the PDF and the CLI.

One place turns rule ids and level codes into sentences, so the screen and the referral sheet
can never explain the same level differently.
"""
from __future__ import annotations

from .i18n import N_, Translator
from .loader import Loaded
from .model import LEVEL_LABELS as LEVEL_LABELS  # re-exported: the level's words
from .model import FiredRule, Level, Result

LEVEL_NAMES: dict[Level, str] = {
    Level.low: N_("faible à ce stade"),
    Level.moderate: N_("modéré"),
    Level.high: N_("élevé"),
    Level.severe: N_("grave"),
}
#: Colours go with words, never alone (colour-blind users, black-and-white printers).
LEVEL_COLOURS: dict[Level, str] = {
    Level.low: "#2e7d32",
    Level.moderate: "#b26a00",
    Level.high: "#c62828",
    Level.severe: "#6a1b1b",
}
ANSWER_LABELS = {
    "yes": N_("Oui"),
    "no": N_("Non"),
    "unknown": N_("Ne sait pas"),
}
DISCLAIMER = N_(
    "Outil de repérage et d'orientation de première ligne : il ne prédit pas l'avenir et ne "
    "remplace ni une évaluation spécialisée ni une expertise médico-légale. Un niveau faible ne "
    "signifie jamais l'absence de danger.")


def points(n: int, t: Translator) -> str:
    """A score or a threshold with its unit, in the language's plural ("1 point", "3 points")."""
    return t.ngettext("{n} point", "{n} points", n).format(n=n)


def level_label(level: Level, t: Translator) -> str:
    return t(LEVEL_LABELS[level])


def level_name(level: Level, t: Translator) -> str:
    return t(LEVEL_NAMES[level])


def answer_label(answer: str, t: Translator) -> str:
    return t(ANSWER_LABELS[answer])


def item_text(loaded: Loaded, item_id: str, t: Translator) -> str:
    return t(loaded.questionnaire.item(item_id).text)


def help_text(loaded: Loaded, item_id: str, t: Translator, region: str | None = None) -> str:
    """Why the question is asked, for the region's country: the questionnaire's help texts were
    written for Belgium; elsewhere referrals/actions.yaml (`countries`) may replace one that
    cites Belgian figures or laws. Without a region, the questionnaire's own text."""
    from . import referrals

    override = referrals.help_override(region, item_id) if region else None
    text = override or loaded.questionnaire.item(item_id).help
    return t(text) if text else ""


def factor_name(loaded: Loaded, item_id: str, t: Translator) -> str:
    """A few words for a factor ("alcool ou drogue"); the question itself when it has none."""
    from .crosswalk import TOPICS

    return t(TOPICS[item_id]) if item_id in TOPICS else item_text(loaded, item_id, t)


def factor_names(loaded: Loaded, item_ids: list[str], t: Translator) -> str:
    """The factors that scored, by name, in questionnaire order: "alcool ou drogue, chômage"."""
    from .crosswalk import TOPICS

    return t.join([factor_name(loaded, i, t) for i in item_ids],
                  semicolons=not all(i in TOPICS for i in item_ids))


def with_when(text: str, when: str, t: Translator) -> str:
    """A factor's sentence with when it happened (free text from the referral), when known."""
    when = " ".join(str(when or "").split())
    return text + " " + t("(quand : {when})").format(when=when) if when else text


def rule_reason(rule: FiredRule, loaded: Loaded, result: Result, t: Translator) -> str:
    """One sentence saying why this rule fired and what level it gives."""
    q = loaded.questionnaire
    name = level_name(rule.level, t)
    if rule.kind == "threshold":
        thresholds = q.scoring.thresholds
        count = len(rule.items)
        if rule.level is Level.low:
            text = t("Aucun seuil atteint : {score}, le seuil « {moderate_name} » est à {moderate}.").format(
                score=points(result.score, t), moderate_name=level_name(Level.moderate, t),
                moderate=points(thresholds.moderate, t))
        else:
            text = t.ngettext(
                "{count} facteur de risque présent, {score} : seuil « {level} » atteint ({threshold}).",
                "{count} facteurs de risque présents, {score} : seuil « {level} » atteint ({threshold}).",
                count).format(count=count, score=points(result.score, t), level=name,
                              threshold=points(getattr(thresholds, rule.level.value), t))
        return text + (" " + t("Facteurs comptés : {items}.").format(items=factor_names(loaded, rule.items, t))
                       if rule.items else "")
    if rule.kind == "floor":
        return t("« {item} » : à lui seul, ce facteur place le danger au moins au niveau « {level} ».").format(
            item=factor_name(loaded, rule.items[0], t), level=name)
    if rule.kind == "combination":
        combo = next(c for c in q.scoring.combinations if c.id == rule.id)
        return t(combo.explanation)
    rationale = result.judgement.rationale if result.judgement else ""
    return t("Jugement professionnel : niveau relevé à « {level} ». Motif : {rationale}").format(
        level=name, rationale=rationale)


def uncertainty_note(result: Result, loaded: Loaded, t: Translator, limit: int = 3) -> str | None:
    """Say that a higher level cannot be excluded, and what to clarify first; None if nothing."""
    if result.level_max is result.level and not result.insufficient_information:
        return None
    first = [item_text(loaded, i, t) for i in result.to_clarify[:limit]]
    if result.level_max > result.level:
        head = t("Un danger « {level} » ne peut pas être exclu : des réponses manquent.").format(
            level=level_name(result.level_max, t))
    else:
        head = t("Information insuffisante : des réponses importantes manquent.")
    if not first:
        return head
    return head + " " + t("À clarifier en priorité : {items}").format(items=t.join(first, semicolons=True))


def alert_label(loaded: Loaded, alert_id: str, t: Translator, region: str | None = None) -> str:
    """The alert's title; with a region, the country's own title when referrals/actions.yaml
    replaces one that names a Belgian service ("CPVS")."""
    from . import referrals

    override = referrals.alert_override(region, alert_id) if region else None
    if override:
        return t(override)
    for alert in loaded.questionnaire.alerts:
        if alert.id == alert_id:
            return t(alert.label)
    return alert_id


def without_topic(text: str, label: str) -> str:
    """`text` without the topic it opens with when that topic is the label's ("Enfants concernés :
    ..." under the alert "Enfants concernés : penser à leur protection"), first letter raised.
    The action texts name their topic because the sheet lists them among all the actions; under
    their alert's title on screen the topic would be read twice. Unchanged when the topics differ
    (a translation may phrase them differently): repeating is better than losing words."""
    topic = label.split(":", 1)[0].strip(" \u00a0\u202f")
    head, sep, rest = text.partition(":")
    rest = rest.strip(" \u00a0\u202f")
    if not sep or not topic or not rest or head.strip(" \u00a0\u202f").casefold() != topic.casefold():
        return text
    return rest[0].upper() + rest[1:]


def result_text(result: Result, loaded: Loaded, t: Translator) -> str:
    """The Result as plain text (CLI `--format text`)."""
    q = loaded.questionnaire
    lines = [
        f"{t(q.title)} — {q.id} {q.version} (sha256 {result.questionnaire.sha256[:12]})",
        t("Niveau : {level}").format(level=level_label(result.level, t)),
    ]
    if result.level is not result.computed_level:
        lines.append(t("Niveau calculé : {level}").format(level=level_label(result.computed_level, t)))
    lines.append(t("Score : {score} (maximum avec les réponses inconnues : {score_max})").format(
        score=result.score, score_max=result.score_max))
    if result.alerts:
        lines.append(t("Alertes : {alerts}").format(
            alerts=t.join(alert_label(loaded, a, t) for a in result.alerts)))
    lines.append(t("Pourquoi :"))
    lines += [f"  - [{r.id}] {rule_reason(r, loaded, result, t)}" for r in result.rules]
    note = uncertainty_note(result, loaded, t)
    if note:
        lines.append(note)
    lines.append(t(DISCLAIMER))
    return "\n".join(lines)
