"""Training mode: the trainer's walk-through and the learner's exercise.

Fictional cases only (`assessment.training.cases()`). Everything here lives under widget and
state keys prefixed `train_`: the real assessment's answers (`ans_*`, the store in ui.state) are
never read or written, so a real assessment cannot start from a training case's answers. Leaving
training is an explicit reset (`train_exit`) that erases every `train_` key.
Every level shown comes from the scoring engine; nothing is scored here.
"""
from __future__ import annotations

from collections.abc import MutableMapping
from typing import TYPE_CHECKING, Any

import streamlit as st

from assessment.i18n import N_
from assessment.loader import Loaded, Registry
from assessment.model import LEVEL_ORDER, Answer, AssessmentDoc, Level, Result
from assessment.scoring import score
from assessment.training import (
    Comparison,
    Contribution,
    TrainingCase,
    all_versions,
    cases,
    compare,
    contributions,
    get_case,
    learner_differences,
    learner_verdict,
    loaded_for,
    untranslated,
    what_if,
)
from assessment.wording import (
    alert_label,
    answer_label,
    item_text,
    level_label,
    level_name,
    points,
    rule_reason,
    uncertainty_note,
)

from . import keys as K
from . import state as S
from .common import Ctx, registry, sheet_bytes, sheet_fingerprint
from .result import level_block

if TYPE_CHECKING:
    from assessment import referrals as R
    from assessment.i18n import Translator

PREFIX = K.TRAIN_PREFIX
VIEWS = ("trainer", "learner")
VIEW_LABELS = {"trainer": N_("Formatrice ou formateur : parcourir un cas"),
               "learner": N_("Exercice : à vous de repérer")}
ANSWERS = ("yes", "no", "unknown")
#: The banner's colours (with words, never colour alone).
BANNER_CSS = """<style>
.st-key-train_banner { background: #fff3cd; border: 3px dashed #8a6d00; border-radius: .5rem;
  padding: .6rem 1rem; }
.st-key-train_banner p { color: #4d3d00; font-weight: 700; font-size: 1.1rem; margin: 0; }
</style>"""
PROJECTOR_CSS = """<style>
.stApp { font-size: 1.3rem; }
.stApp [data-testid="stMarkdownContainer"] p, .stApp label p { font-size: 1.3rem; }
.stMainBlockContainer { max-width: 1200px; }
</style>"""


# --------------------------------------------------------------------------- state helpers
wi_key = K.what_if_key
learner_key = K.learner_key


def training_keys(state: MutableMapping[str, Any]) -> list[str]:
    return [k for k in list(state.keys()) if isinstance(k, str) and k.startswith(PREFIX)]


def leave_training(state: MutableMapping[str, Any]) -> None:
    """The explicit reset: every training key goes; the session is back on the start page in
    real mode, with the real assessment exactly as it was before (training never touched it)."""
    for key in training_keys(state):
        del state[key]
    S.store(state)[K.MODE] = "real"
    state[K.MODE] = "real"
    state[S.STAGE] = "start"


def _load_case_answers(state: MutableMapping[str, Any], case: TrainingCase) -> None:
    """Put the case's answers in the what-if radios (on choosing a case or "back to the case")."""
    loaded = loaded_for(case)
    for item_id in loaded.questionnaire.item_ids:
        state[wi_key(item_id)] = case.answers.get(item_id, Answer.unknown).value
    state[K.TRAIN_JUDGEMENT] = case.judgement is not None
    state[K.TRAIN_NEW_FACT] = False
    state[K.TRAIN_LOADED_CASE] = case.id


#: The chosen case's id. Not a widget key: two selectors write it (see choose_case).
CASE_ID = K.TRAIN_CASE_ID


def _on_case(state: MutableMapping[str, Any], widget: str) -> None:
    state[CASE_ID] = state[widget]
    case = get_case(state[CASE_ID])
    _load_case_answers(state, case)
    _reset_learner(state)


def _on_new_fact(state: MutableMapping[str, Any]) -> None:
    case = get_case(state[CASE_ID])
    if case.new_fact is None:
        return
    source = case.answers_after_new_fact() if state.get(K.TRAIN_NEW_FACT) else case.answers
    for item_id in case.new_fact.answers:
        state[wi_key(item_id)] = source.get(item_id, Answer.unknown).value


def _reset_learner(state: MutableMapping[str, Any]) -> None:
    for key in training_keys(state):
        if key.startswith(K.TRAIN_LEARNER_PREFIX):
            del state[key]


def what_if_answers(state: MutableMapping[str, Any], loaded: Loaded) -> dict[str, Answer]:
    return {i: Answer(state.get(wi_key(i)) or "unknown") for i in loaded.questionnaire.item_ids}


def case_doc(case: TrainingCase, answers: dict[str, Answer]) -> AssessmentDoc:
    """Every document built in training mode says so (the PDF prints its TRAINING watermark)."""
    doc = case.doc(answers)
    if doc.mode != "training":  # a real-mode document would print no TRAINING watermark
        raise RuntimeError(f"case {case.id} made a {doc.mode!r} document, not a training one")
    return doc


# --------------------------------------------------------------------------- shared pieces
def banner(ctx: Ctx) -> None:
    t = ctx.t
    st.html(BANNER_CSS)
    with st.container(key=K.TRAIN_BANNER):
        st.markdown(":material/school: " + t("FORMATION — cas fictifs, aucune situation réelle. Rien de ce qui est "
                             "saisi ici ne sert à une vraie évaluation."))


def reasons(ctx: Ctx, loaded: Loaded, result: Result) -> None:
    t = ctx.t
    st.markdown("**" + t("Pourquoi ce niveau") + "**")
    lines = []
    for rule in result.rules:
        # Nothing decides a "low": no answer could lower it (see Contribution.decisive).
        decisive = " ◀ " + t("décisif") if rule.level is result.level and result.level > Level.low else ""
        lines.append(f"- {rule_reason(rule, loaded, result, t)} *({level_name(rule.level, t)}{decisive})*")
    st.markdown("\n".join(lines))
    note = uncertainty_note(result, loaded, t)
    if note:
        st.warning(note, icon=":material/help:")
    for alert in result.alerts:
        st.error(alert_label(loaded, alert, t), icon=":material/notifications_active:")


def contribution_text(ctx: Ctx, row: Contribution, computed: Level) -> str:
    """What this answer does, in words: points, floor, combinations, what a yes would change."""
    t = ctx.t
    parts = []
    if row.weight:
        if row.points:
            parts.append(t.ngettext("+{n} point", "+{n} points", row.points).format(n=row.points))
        else:
            parts.append(t.ngettext("{n} point si oui", "{n} points si oui", row.weight).format(n=row.weight))
    if row.floor is not None:
        if row.floor_fired:
            parts.append(t("plancher « {level} » appliqué").format(level=level_name(row.floor, t)))
        else:
            parts.append(t("plancher « {level} »").format(level=level_name(row.floor, t)))
    if row.combinations_fired:
        parts.append(t.ngettext("dans {n} combinaison déclenchée", "dans {n} combinaisons déclenchées",
                                len(row.combinations_fired)).format(n=len(row.combinations_fired)))
    if row.answer is not Answer.yes and row.level_if_yes > computed:
        parts.append(t("si oui : « {level} »").format(level=level_name(row.level_if_yes, t)))
    if row.decisive:
        parts.append("**" + t("décisif") + "**")
    return " · ".join(parts) if parts else t("ne change pas le niveau")


def blind(state: MutableMapping[str, Any]) -> bool:
    """Nothing on screen may give the level away: the learner before she compares, the
    workshop before the trainer reveals. Titles and summaries name the lesson (and often the
    level), so cases are then "Case 1..10", numbered in an order that says nothing of level."""
    if state.get(K.TRAIN_VIEW) == "learner":
        return not state.get(K.TRAIN_L_DONE)
    return bool(state.get(K.TRAIN_WORKSHOP)) and state.get(K.TRAIN_REVEALED) != state.get(CASE_ID)


def case_name(ctx: Ctx, case: TrainingCase) -> str:
    """The case's title, or "Case n" while the view is blind (same n as the blind selector)."""
    if blind(ctx.state):
        return ctx.t("Cas {n}").format(n=sorted(c.id for c in cases()).index(case.id) + 1)
    return ctx.t(case.title)


def choose_case(ctx: Ctx) -> TrainingCase:
    t = ctx.t
    all_cases = cases()
    ids = [c.id for c in all_cases]  # low to severe
    state = ctx.state
    if state.get(CASE_ID) not in ids:
        state[CASE_ID] = ids[0]
    # Two selectors, each with labels that never change (Streamlit keeps a select box's choice
    # by its label: relabelling one on "reveal" would lose it): case names, or "Case n" in an
    # order that says nothing of the level while the view is blind.
    hidden = blind(state)
    widget = K.TRAIN_CASE_BLIND if hidden else K.TRAIN_CASE
    options = sorted(ids) if hidden else ids
    by_id = {c.id: c for c in all_cases}
    state[widget] = state[CASE_ID]
    st.selectbox(t("Cas fictif"), options, key=widget, on_change=_on_case, args=(state, widget),
                 format_func=(lambda i: t("Cas {n}").format(n=options.index(i) + 1)) if hidden
                 else (lambda i: t(by_id[i].title)))  # never the level
    case = get_case(state[CASE_ID])
    if state.get(K.TRAIN_LOADED_CASE) != case.id:
        _load_case_answers(state, case)
    return case


def _case_card(ctx: Ctx, case: TrainingCase) -> None:
    """The case's title and narrative, framed (trainer and learner alike)."""
    with st.container(border=True):
        st.markdown(f"**{case_name(ctx, case)}**")
        st.markdown(ctx.t(case.narrative))


# --------------------------------------------------------------------------- trainer
def _reveal(state: MutableMapping[str, Any], case_id: str) -> None:
    state[K.TRAIN_REVEALED] = case_id


def vote_key(level: Level) -> str:
    return K.vote_key(level.value)


def group_vote(ctx: Ctx) -> None:
    """How many in the group chose each level (typed by the trainer; nothing is kept)."""
    t = ctx.t
    st.markdown("**" + t("Vote du groupe : combien ont choisi chaque niveau ?") + "**")
    columns = st.columns(len(LEVEL_ORDER))
    for column, level in zip(columns, LEVEL_ORDER, strict=True):
        column.number_input(level_label(level, t), min_value=0, max_value=999, step=1, key=vote_key(level))


def vote_spread(ctx: Ctx, level: Level) -> None:
    """The group's spread against the case's level; under-triage named first."""
    t = ctx.t
    votes = {lv: int(ctx.state.get(vote_key(lv)) or 0) for lv in LEVEL_ORDER}
    total = sum(votes.values())
    if not total:
        return
    lower = sum(n for lv, n in votes.items() if lv < level)
    same = votes[level]
    higher = total - lower - same
    with st.container(border=True, key=K.TRAIN_VOTE_SPREAD):
        st.markdown(" · ".join(f"{level_label(lv, t)} : {n}" for lv, n in votes.items()))
        if lower:
            st.warning(t("{n} sur {total} ont choisi un niveau plus bas que celui du cas : c'est "
                         "l'erreur à éviter. Qu'est-ce qui les a rassurés ?").format(n=lower, total=total),
                       icon=":material/warning:")
        st.markdown(t("{n} sur {total} ont choisi le niveau du cas.").format(n=same, total=total))
        if higher:
            st.markdown(t("{n} sur {total} ont choisi un niveau plus élevé : la prudence n'est pas une "
                          "erreur en première ligne.").format(n=higher, total=total))


def legend(ctx: Ctx) -> None:
    t = ctx.t
    st.caption(t("Plancher : un « oui » à cette question place à lui seul le niveau au moins à ce "
                 "niveau, quels que soient les points.") + "  \n" +
               t("Décisif : sans ce « oui », le niveau calculé serait plus bas."))


def why_we_ask(ctx: Ctx, loaded: Loaded, item_id: str) -> None:
    """The question's "why we ask" and its sources, for the trainer (the learner's view shows
    the reason as the question's help)."""
    from assessment.wording import help_text

    from .plan import region_of

    t = ctx.t
    q = loaded.questionnaire
    with st.expander(t("Pourquoi cette question ?"), expanded=False):
        st.markdown(help_text(loaded, item_id, t, region_of(ctx)))
        sources = {s.id: s for s in q.provenance.sources}
        cited = [sources[e] for e in q.item(item_id).evidence if e in sources]
        if cited:
            st.caption(t("Sources : {sources}").format(sources=" ; ".join(
                f"[{s.citation}]({s.url})" if s.url else s.citation for s in cited)))


def render_trainer(ctx: Ctx, case: TrainingCase) -> None:
    t = ctx.t
    state = ctx.state
    loaded = loaded_for(case, registry())
    _case_card(ctx, case)
    st.toggle(t("Atelier : cacher le niveau jusqu'à ce que je le révèle"), key=K.TRAIN_WORKSHOP,
              help=t("Le groupe répond et vote d'abord ; le niveau, ses raisons et les points "
                     "restent cachés jusqu'à « Révéler le niveau »."))
    hidden = bool(state.get(K.TRAIN_WORKSHOP)) and state.get(K.TRAIN_REVEALED) != case.id
    if case.discussion:
        with st.expander(t("Questions pour le groupe"), expanded=bool(state.get(K.TRAIN_WORKSHOP))):
            st.markdown("\n".join(f"- {t(q)}" for q in case.discussion))
    if case.new_fact is not None:
        st.toggle(t("Ajouter le fait nouveau"), key=K.TRAIN_NEW_FACT, on_change=_on_new_fact, args=(state,))
        if state.get(K.TRAIN_NEW_FACT):
            st.info(t("Fait nouveau : {fact}").format(fact=t(case.new_fact.text)), icon=":material/campaign:")
    if case.judgement is not None:
        st.toggle(t("Appliquer le jugement professionnel du cas"), key=K.TRAIN_JUDGEMENT)
    answers = what_if_answers(state, loaded)
    result = what_if(loaded, case, answers, with_judgement=bool(state.get(K.TRAIN_JUDGEMENT)))
    changed = [i for i in loaded.questionnaire.item_ids if answers[i] is not case.answers.get(i, Answer.unknown)]

    if hidden:
        group_vote(ctx)
        st.button(t("Révéler le niveau"), key=K.TRAIN_REVEAL, type="primary", on_click=_reveal,
                  args=(state, case.id), icon=":material/visibility:")
    else:
        level_block(ctx, result)
        if state.get(K.TRAIN_WORKSHOP):
            vote_spread(ctx, result.level)
        if changed:
            st.caption(t.ngettext("{n} réponse modifiée par rapport au cas : le niveau du cas est « {level} ».",
                                  "{n} réponses modifiées par rapport au cas : le niveau du cas est « {level} ».",
                                  len(changed)).format(n=len(changed), level=level_name(case.level, t)))
            st.button(t("Revenir aux réponses du cas"), key=K.TRAIN_RESET_CASE,
                      on_click=_load_case_answers, args=(state, case), icon=":material/undo:")
        st.caption(t("Score : {score} (seuils : modéré {moderate}, élevé {high}, grave {severe}).").format(
            score=points(result.score, t), **loaded.questionnaire.scoring.thresholds.model_dump()))
        reasons(ctx, loaded, result)
        legend(ctx)

    st.subheader(t("Chaque réponse et ce qu'elle apporte"))
    if not hidden:
        st.caption(t("Changez une réponse : le niveau et ses raisons se mettent à jour aussitôt."))
    rows = {r.item: r for r in contributions(loaded, result)}
    for section in loaded.questionnaire.sections:
        with st.container(border=True):
            st.markdown(f"**{t(section.title)}**")
            for item in section.items:
                row = rows[item.id]
                left, middle, right = st.columns([4, 5, 3], vertical_alignment="center")
                mark = " ✎" if item.id in changed else ""
                left.markdown(t(item.text) + mark)
                middle.radio(t(item.text), ANSWERS, key=wi_key(item.id), horizontal=True,
                             label_visibility="collapsed", format_func=lambda a: answer_label(a, t))
                if not hidden:
                    right.markdown(contribution_text(ctx, row, result.computed_level))
                why_we_ask(ctx, loaded, item.id)

    handouts(ctx)  # nothing in them gives a level away: offered in workshop mode too
    if hidden:
        return
    with st.expander(t("Points d'enseignement"), expanded=False):
        teaching(ctx, case)
    compare_versions(ctx, case, answers)
    pdf_button(ctx, case, loaded, result)


def teaching(ctx: Ctx, case: TrainingCase) -> None:
    t = ctx.t
    st.markdown("\n".join(f"- {t(p)}" for p in case.teaching_points))
    if case.judgement is not None:
        st.markdown(t("Jugement professionnel du cas ({level}) : {rationale}").format(
            level=level_name(case.judgement.level, t), rationale=t(case.judgement.rationale)))
    if case.new_fact is not None:
        st.markdown(t("Fait nouveau : {fact}").format(fact=t(case.new_fact.text)))
        if case.new_fact.teaching_point:
            st.markdown(t(case.new_fact.teaching_point))


def _version_label(loaded: Loaded, t: Translator) -> str:
    q = loaded.questionnaire
    status = t("publiée") if q.status == "released" else t("brouillon")
    return f"{q.id} {q.version} ({status})"


def versions_registry() -> Registry:
    """The registry whose versions the trainer compares (every version, drafts included)."""
    return registry()


def compare_versions(ctx: Ctx, case: TrainingCase, answers: dict[str, Answer]) -> None:
    t = ctx.t
    state = ctx.state
    with st.expander(t("Comparer deux versions du questionnaire sur ces réponses"), expanded=False):
        versions = all_versions(versions_registry())
        labels = {f"{v.questionnaire.id} {v.questionnaire.version}": v for v in versions}
        keys = list(labels)
        if len(keys) == 1:
            st.caption(t("Une seule version est disponible pour l'instant : la comparaison montrera les "
                         "différences dès qu'une autre version (même un brouillon) sera ajoutée."))
        for name, default in ((K.TRAIN_CMP_A, 0), (K.TRAIN_CMP_B, len(keys) - 1)):
            if state.get(name) not in keys:
                state[name] = keys[default]
        col_a, col_b = st.columns(2)
        col_a.selectbox(t("Version A"), keys, key=K.TRAIN_CMP_A, format_func=lambda k: _version_label(labels[k], t))
        col_b.selectbox(t("Version B"), keys, key=K.TRAIN_CMP_B, format_func=lambda k: _version_label(labels[k], t))
        judgement = case.doc().judgement if state.get(K.TRAIN_JUDGEMENT) else None
        cmp = compare(labels[state[K.TRAIN_CMP_A]], labels[state[K.TRAIN_CMP_B]], answers, judgement)
        comparison_table(ctx, cmp, col_a, col_b)


def comparison_table(ctx: Ctx, cmp: Comparison, col_a: Any, col_b: Any) -> None:
    t = ctx.t
    for col, side, only in ((col_a, cmp.a, cmp.rules_only_a), (col_b, cmp.b, cmp.rules_only_b)):
        with col.container(border=True, key=K.train_compare_side_key("a" if side is cmp.a else "b")):
            st.markdown("**" + level_label(side.result.level, t) + "**")
            st.caption(t("Score : {score}").format(score=points(side.result.score, t)))
            for rule in side.result.rules:
                star = " ★" if rule.id in only else ""
                st.markdown(f"- {rule_reason(rule, side.loaded, side.result, t)}{star}")
            if side.dropped:
                st.caption(t("Réponses sans question dans cette version : {items}").format(items=t.join(side.dropped)))
            if side.new_unknown:
                st.caption(t("Questions sans réponse ici (comptées inconnues) : {items}").format(
                    items=t.join((item_text(side.loaded, i, t) for i in side.new_unknown), semicolons=True)))
    if cmp.same_level:
        st.success(t("Même niveau avec les deux versions."), icon=":material/check:")
    else:
        st.warning(t("Le niveau change d'une version à l'autre : {a} → {b}.").format(
            a=level_name(cmp.a.result.level, t), b=level_name(cmp.b.result.level, t)), icon=":material/compare_arrows:")
    changes = [t("« {item} » : poids {a} → {b}").format(item=item_text(cmp.a.loaded, i, t), a=wa, b=wb)
               for i, wa, wb in cmp.weight_changes]
    changes += [t("« {item} » : plancher {a} → {b}").format(
        item=item_text(cmp.a.loaded, i, t), a=level_name(fa, t) if fa else "—", b=level_name(fb, t) if fb else "—")
        for i, fa, fb in cmp.floor_changes]
    changes += [t("Question ajoutée : « {item} »").format(item=item_text(cmp.b.loaded, i, t)) for i in cmp.added]
    changes += [t("Question retirée : « {item} »").format(item=item_text(cmp.a.loaded, i, t)) for i in cmp.removed]
    if changes:
        st.markdown("\n".join(f"- {c}" for c in changes))
    for loaded, changelog in cmp.changelogs:
        heading = t("Changements de la version {version}").format(version=loaded.questionnaire.version)
        st.markdown(f"**{heading}**  \n{t(changelog)}")
    if ctx.locale != "fr" and any(v.questionnaire.status == "draft" and untranslated(v, t)
                                  for v in (cmp.a.loaded, cmp.b.loaded)):
        st.info(t("Cette version brouillon n'est pas encore entièrement traduite : certains textes "
                  "restent en français."), icon=":material/translate:")
    st.caption(t("★ : raison présente dans une seule des deux versions."))


def _prepare_specimen(state: MutableMapping[str, Any], fingerprint: str) -> None:
    state[K.TRAIN_PDF_FOR] = fingerprint


def specimen_plan(doc: AssessmentDoc, result: Result, locale: str) -> R.Plan:
    """What to do now and whom to call on the specimen, as on a real sheet: the case's region
    (else the language's) and its consent (else "not asked")."""
    from assessment import referrals as R

    referral = doc.referral
    known = {r.id for r in R.regions()}
    region = referral.region if referral and referral.region in known else R.default_region(locale)
    consent = referral.consent if referral and referral.consent in ("given", "refused") else "not_asked"
    return R.plan_for(result, region, consent)


def pdf_button(ctx: Ctx, case: TrainingCase, loaded: Loaded, result: Result) -> None:
    """A specimen referral sheet, watermarked FORMATION on every page (doc.mode == "training").
    Built on request, for the answers shown then: a "what if" change would otherwise rebuild it
    (30-60 ms) on every rerun. After a change, the button offers a new one."""
    t = ctx.t
    doc = case_doc(case, dict(result.answers))
    if result.judgement is None:
        doc = doc.model_copy(update={"judgement": None})
    fingerprint = sheet_fingerprint(doc, loaded, ctx.locale)
    if ctx.state.get(K.TRAIN_PDF_FOR) != fingerprint:
        st.button(t("Préparer la fiche d'orientation d'exemple (PDF)"), key=K.TRAIN_PDF_PREPARE,
                  on_click=_prepare_specimen, args=(ctx.state, fingerprint), icon=":material/picture_as_pdf:")
        return
    data = sheet_bytes(ctx.state, doc, loaded, result, ctx.locale, fingerprint=fingerprint,
                       plan=specimen_plan(doc, result, ctx.locale))
    st.download_button(t("Fiche d'orientation d'exemple (PDF, marquée FORMATION)"), data=data,
                       file_name=f"formation-{case.id}.pdf", mime="application/pdf",
                       key=K.TRAIN_PDF, on_click="ignore", icon=":material/download:")


def _prepare_handout(state: MutableMapping[str, Any], kind: str, wanted: tuple[Any, ...]) -> None:
    from assessment.handouts import build_factors, build_modules, build_stories

    _, locale, region, ids = wanted
    pdf = (build_stories(locale, list(ids)) if kind == "stories" else build_modules(locale)
           if kind == "modules" else build_factors(locale, region))
    state[K.handout_pdf_key(kind)] = (wanted, pdf)


def handouts(ctx: Ctx) -> None:
    """Printable handouts (assessment/handouts.py): the case stories without their answers, and
    the one-page factor sheet with the region's services. Built on request for what is chosen on
    screen; a new choice (cases, language, region) asks to prepare again."""
    from assessment.handouts import FACTORS_FILE, MODULES_FILE, STORIES_FILE

    from .plan import region_of

    t = ctx.t
    state = ctx.state
    all_cases = sorted(cases(), key=lambda c: c.id)  # by id: the order says nothing of the level
    titles = {c.id: t(c.title) for c in all_cases}
    with st.expander(t("Documents à imprimer"), expanded=False):
        st.caption(t("Les cas sans les réponses (un cas par page, avec les questions pour le groupe et de la "
                     "place pour écrire) et une fiche d'une page : les facteurs de risque et les services à "
                     "appeler."))
        chosen = st.multiselect(t("Cas à imprimer"), list(titles), default=list(titles),
                                key=K.TRAIN_HANDOUT_CASES, format_func=lambda i: titles[i])
        offers = (("stories", t("Préparer les cas sans les réponses (PDF)"), t("Cas sans les réponses (PDF)"),
                   STORIES_FILE, tuple(chosen)),
                  ("factors", t("Préparer la fiche des facteurs et des services (PDF)"),
                   t("Fiche des facteurs et des services (PDF)"), FACTORS_FILE, ()),
                  ("modules", t("Préparer le résumé des modules du cours (PDF)"),
                   t("Résumé des modules du cours (PDF)"), MODULES_FILE, ()))
        for kind, prepare, label, file_name, ids in offers:
            wanted = (kind, ctx.locale, region_of(ctx) if kind == "factors" else None, ids)
            memo = state.get(K.handout_pdf_key(kind))
            if memo and memo[0] == wanted:
                st.download_button(label, data=memo[1], file_name=file_name, mime="application/pdf",
                                   key=K.handout_key(kind), on_click="ignore", icon=":material/download:")
            else:
                st.button(prepare, key=K.handout_prepare_key(kind), on_click=_prepare_handout,
                          args=(state, kind, wanted), disabled=kind == "stories" and not ids,
                          icon=":material/print:")


# --------------------------------------------------------------------------- learner
def render_learner(ctx: Ctx, case: TrainingCase) -> None:
    t = ctx.t
    state = ctx.state
    loaded = loaded_for(case, registry())
    _case_card(ctx, case)
    if state.get(K.TRAIN_L_DONE):
        learner_feedback(ctx, case, loaded)
        return
    st.markdown(t("Lisez la situation, répondez aux questions comme vous le feriez avec elle, puis "
                  "dites quel niveau de danger vous attendez."))
    for section in loaded.questionnaire.sections:
        with st.container(border=True):
            st.markdown(f"**{t(section.title)}**")
            for item in section.items:
                st.radio(t(item.text), ANSWERS, index=None, key=learner_key(item.id), horizontal=True,
                         format_func=lambda a: answer_label(a, t), help=t(item.help))
    st.radio(t("Quel niveau de danger attendez-vous ?"), [lv.value for lv in LEVEL_ORDER], index=None,
             key=K.TRAIN_L_EXPECTED, horizontal=True, format_func=lambda lv: level_label(Level(lv), t))
    missing = state.get(K.TRAIN_L_EXPECTED) is None
    if missing:
        st.caption(t("Choisissez le niveau attendu pour pouvoir comparer."))
    st.button(t("Comparer avec le cas"), key=K.TRAIN_L_SUBMIT, type="primary", disabled=missing,
              on_click=lambda: state.__setitem__(K.TRAIN_L_DONE, True))


def learner_answers(state: MutableMapping[str, Any], loaded: Loaded) -> dict[str, Answer]:
    """The learner's answers; an unanswered question counts as unknown, never as no."""
    return {i: Answer(state.get(learner_key(i)) or "unknown") for i in loaded.questionnaire.item_ids}


def learner_feedback(ctx: Ctx, case: TrainingCase, loaded: Loaded) -> None:
    t = ctx.t
    state = ctx.state
    mine = learner_answers(state, loaded)
    my_result = score(loaded, case_doc(case, mine).model_copy(update={"judgement": None}))
    case_result = score(loaded, case_doc(case, dict(case.answers)))
    expected = Level(state[K.TRAIN_L_EXPECTED])
    st.subheader(t("Comparaison"))
    with st.container(border=True, key=K.TRAIN_L_LEVELS):
        st.markdown(t("Niveau que vous attendiez : **{level}**").format(level=level_label(expected, t)))
        st.markdown(t("Niveau donné par vos réponses : **{level}**").format(level=level_label(my_result.level, t)))
        st.markdown(t("Niveau du cas : **{level}**").format(level=level_label(case_result.level, t)))
    verdict = learner_verdict(expected, case_result.level, my_result)
    if verdict == "right":
        st.success(t("Vous attendiez le bon niveau."), icon=":material/check:")
    elif verdict == "right_but_missing":
        st.info(t("Vous avez nommé le niveau du cas, mais il manque des informations : avec vos "
                  "réponses, une question importante reste sans réponse (ou trop de questions). "
                  "L'outil le signale aussi : posez ces questions ou orientez sans attendre, "
                  "un niveau bas n'est jamais un « sans danger »."), icon=":material/info:")
    elif verdict == "under":
        st.warning(t("Vous attendiez un niveau plus bas que celui du cas : relisez les raisons "
                     "ci-dessous. Sous-estimer le danger est l'erreur à éviter."), icon=":material/warning:")
    else:
        st.info(t("Vous attendiez un niveau plus élevé que celui du cas. En première ligne, "
                  "la prudence est préférable ; voyez ce qui fixe le niveau du cas."), icon=":material/info:")
    differ, unsaid = learner_differences(case, mine, dict(case_result.answers))
    if differ:
        st.markdown("**" + t.ngettext("{n} réponse diffère de celles du cas :",
                                      "{n} réponses diffèrent de celles du cas :", len(differ)).format(n=len(differ)) + "**")
        st.markdown("\n".join(
            "- " + t("{item} — vous : {mine} ; le cas : {case}").format(
                item=item_text(loaded, i, t), mine=answer_label(mine[i].value, t),
                case=answer_label(case_result.answers[i].value, t)) for i in differ))
    else:
        st.success(t("Vos réponses sont celles du cas."), icon=":material/check:")
    if unsaid:
        st.caption(t.ngettext(
            "« Ne sait pas » est juste pour {n} question : l'histoire ne le dit pas. Dans un vrai "
            "entretien, c'est une question à poser.",
            "« Ne sait pas » est juste pour {n} questions : l'histoire ne le dit pas. Dans un vrai "
            "entretien, ce sont les questions à poser.", len(unsaid)).format(n=len(unsaid)))
    reasons(ctx, loaded, case_result)
    st.subheader(t("Points d'enseignement"))
    teaching(ctx, case)
    st.button(t("Recommencer l'exercice"), key=K.TRAIN_L_RESTART, on_click=_reset_learner, args=(state,),
              icon=":material/restart_alt:")


# --------------------------------------------------------------------------- the stage
def render(ctx: Ctx) -> None:
    """The training stage: banner, view choice, case choice, the view, and the way out."""
    t = ctx.t
    state = ctx.state
    banner(ctx)
    st.title(t("Formation"))
    if state.get(K.TRAIN_VIEW) not in VIEWS:
        state[K.TRAIN_VIEW] = VIEWS[0]
    st.segmented_control(t("Mode de formation"), VIEWS, key=K.TRAIN_VIEW, required=True,
                         format_func=lambda v: t(VIEW_LABELS[v]))
    st.toggle(t("Affichage pour projecteur (texte agrandi)"), key=K.TRAIN_PROJECTOR)
    if state.get(K.TRAIN_PROJECTOR):
        st.html(PROJECTOR_CSS)
    case = choose_case(ctx)
    if not blind(state):
        st.caption(t(case.summary))
    if state[K.TRAIN_VIEW] == "trainer":
        render_trainer(ctx, case)
    else:
        render_learner(ctx, case)
    st.divider()
    st.button(t("Quitter la formation (tout ce qui a été saisi ici est effacé)"), key=K.TRAIN_EXIT,
              on_click=leave_training, args=(state,), icon=":material/logout:")
    banner_footer(ctx)


def banner_footer(ctx: Ctx) -> None:
    st.caption(":material/school: " + ctx.t("FORMATION — cas fictifs"))
