"""Stage 5: the result, rendered from ONE Result and worded by assessment.wording."""
from __future__ import annotations

import streamlit as st

from assessment.errors import DataError
from assessment.model import LEVEL_ORDER, FiredRule, Level, Result
from assessment.scoring import score
from assessment.wording import (
    DISCLAIMER,
    alert_label,
    answer_label,
    level_label,
    rule_reason,
    uncertainty_note,
    with_when,
)

from . import keys as K
from . import state as S
from .common import Ctx, compute_result, error_code, go, literal, nav, plain, text_field
from .compare import reassess_block
from .compare import result_block as compare_block
from .plan import (
    alert_actions,
    level_actions,
    plan_for_session,
    region_of,
    region_select,
    services_block,
)
from .sheet import prepare_button

#: Streamlit's named colours (markdown `:color-background[...]`), chosen to match
#: assessment.wording.LEVEL_COLOURS; the level is always written in words too.
LEVEL_MD_COLOURS = {Level.low: "green", Level.moderate: "orange", Level.high: "red", Level.severe: "violet"}
LEVEL_ICONS = {Level.low: ":material/info:", Level.moderate: ":material/warning:",
               Level.high: ":material/error:", Level.severe: ":material/emergency:"}
JUDGEMENT_ERROR = K.JUDGEMENT_ERROR


def _label_md(text: str) -> str:
    return text.replace("[", "(").replace("]", ")")


def level_block(ctx: Ctx, result: Result) -> None:
    t = ctx.t
    level = result.level
    with st.container(border=True):
        shown = f":{LEVEL_MD_COLOURS[level]}[{LEVEL_ICONS[level]} **{_label_md(level_label(level, t))}**]"
        st.markdown("## " + t("Niveau de danger : {level}").format(level=shown))
        scale = " · ".join(("● **" + level_label(lv, t) + "**") if lv is level else ("○ " + level_label(lv, t))
                           for lv in LEVEL_ORDER)
        st.caption(t("Échelle : {scale}").format(scale=scale))
        if result.level is not result.computed_level:
            st.markdown(t("Niveau calculé par l'outil : {computed}. Niveau retenu après votre jugement "
                          "professionnel : {final}.").format(
                computed=level_label(result.computed_level, t), final=level_label(result.level, t)))


def _apply_judgement(ctx: Ctx) -> None:
    t = ctx.t
    S.capture(ctx.state)
    level = ctx.state.get(K.JUDGEMENT_LEVEL)
    reason = (ctx.state.get(K.JUDGEMENT_REASON) or "").strip()
    if level is None:
        ctx.state[JUDGEMENT_ERROR] = (t("Choisissez d'abord le niveau que vous retenez."), None)
        return
    candidate = {"level": level, "rationale": reason}
    try:
        score(ctx.loaded, S.build_doc(ctx.state, ctx.loaded, judgement=candidate))
    except DataError as exc:
        ctx.state[JUDGEMENT_ERROR] = (exc.for_user(t), exc.code)
        return
    ctx.state[S.JUDGEMENT] = {"level": level, "rationale": reason}
    ctx.state.pop(JUDGEMENT_ERROR, None)


def _remove_judgement(ctx: Ctx) -> None:
    ctx.state[S.JUDGEMENT] = None
    ctx.state.pop(JUDGEMENT_ERROR, None)


def _choice_changed(ctx: Ctx) -> None:
    """A new or cleared choice: the error about the previous one no longer applies."""
    ctx.state.pop(JUDGEMENT_ERROR, None)


def higher_levels(result: Result) -> list[Level]:
    """What a judgement may choose: only levels above the computed one (it never lowers)."""
    return [level for level in LEVEL_ORDER if level > result.computed_level]


def judgement_block(ctx: Ctx, result: Result) -> None:
    t = ctx.t
    st.header(t("Votre jugement professionnel"))
    current = ctx.state.get(S.JUDGEMENT)
    if current and result.judgement is not None:
        literal(t("Jugement enregistré : {level}. Motif :").format(level=level_label(result.level, t))
                + " " + result.judgement.rationale)
        st.button(t("Retirer ce jugement"), key=K.JUDGEMENT_REMOVE, on_click=_remove_judgement, args=(ctx,))
    choices = [level.value for level in higher_levels(result)]
    if not choices:  # severe already: a judgement could only fail
        st.markdown(t("Le niveau calculé est déjà le plus élevé ({level}) : votre jugement ne peut "
                      "pas le relever davantage.").format(level=level_label(result.computed_level, t)))
        ctx.state.pop(JUDGEMENT_ERROR, None)
        return
    st.markdown(t("Si ce que vous avez vu ou entendu vous inquiète davantage, vous pouvez relever le "
                  "niveau, avec un motif. Il n'est jamais possible de l'abaisser."))
    if ctx.state.get(K.JUDGEMENT_LEVEL) not in (None, *choices):  # the answers have changed since
        del ctx.state[K.JUDGEMENT_LEVEL]
    st.selectbox(t("Niveau que vous retenez"), choices, index=None,
                 key=K.JUDGEMENT_LEVEL, placeholder=t("Choisir un niveau"),
                 format_func=lambda v: level_label(Level(v), t), on_change=_choice_changed, args=(ctx,))
    text_field(ctx, K.JUDGEMENT_REASON, t("Motif (obligatoire)"), area=True,
               placeholder=t("Ce que vous avez vu ou entendu qui justifie ce niveau"))
    st.button(t("Appliquer mon jugement"), key=K.JUDGEMENT_APPLY, on_click=_apply_judgement, args=(ctx,))
    error = ctx.state.get(JUDGEMENT_ERROR)
    if error:
        message, code = error
        st.error(message, icon=":material/block:")
        if code:
            error_code(ctx, code)


def crosswalk_block(ctx: Ctx, result: Result) -> None:
    """The same answers read on peer instruments (assessment.crosswalk): informative, collapsed."""
    from assessment import crosswalk

    readings = crosswalk.readings_for(ctx.loaded, result.answers)
    if not readings:
        return
    t = ctx.t
    cw = crosswalk.default()
    with st.expander(t("Comment ces réponses se liraient sur d'autres outils"), expanded=False,
                     key=K.CROSSWALK, icon=":material/translate:"):
        st.caption(t("À titre indicatif, pour parler le langage de la police ou du service spécialisé : "
                     "les mêmes réponses, lues selon les règles publiées de ces outils. Ce n'est pas une "
                     "autre évaluation et cela ne change pas le niveau. Une réponse « {unknown} » reste "
                     "inconnue, jamais « non ».").format(unknown=answer_label("unknown", t)))
        st.markdown("\n".join("- " + t("{instrument} : {reading}").format(
            instrument="**" + plain(crosswalk.instrument_name(cw, r.instrument, t)) + "**",
            reading=plain(crosswalk.reading_text(r, t))) for r in readings))


def reason_with_when(ctx: Ctx, rule: FiredRule, result: Result) -> str:
    """Why this rule fired; a critical factor's rule says when it happened, if the referral page
    says so (`when_<item id>`)."""
    text = rule_reason(rule, ctx.loaded, result, ctx.t)
    if rule.kind == "floor" and rule.items:
        text = with_when(text, S.store(ctx.state).get(K.when_key(rule.items[0])) or "", ctx.t)
    return text


def render(ctx: Ctx) -> None:
    t = ctx.t
    loaded = ctx.loaded
    result, note = compute_result(ctx)
    plan = plan_for_session(ctx, result)
    st.title(t("Résultat"))
    if result.mode == "training":
        st.info(t("FORMATION : cas fictif, à ne pas utiliser pour une situation réelle."), icon=":material/school:")
    # Alerts first; the suicide prevention line before anything else.
    titles = {alert: alert_label(loaded, alert, t, region_of(ctx)) for alert in result.alerts}
    extra = alert_actions(plan, t, titles)
    for alert in result.alerts:
        lines = ["**" + plain(titles[alert]) + "**", *extra.get(alert, [])]
        (st.error if alert == "suicide" else st.warning)("  \n".join(lines), icon=":material/priority_high:")
    level_block(ctx, result)
    if note:
        st.info(note)
    uncertain = uncertainty_note(result, loaded, t)
    if uncertain:
        st.warning(uncertain, icon=":material/help:")
    compare_block(ctx, result)  # since the previous assessment, when one was loaded
    st.header(t("Pourquoi ce niveau"))
    st.markdown("\n".join("- " + plain(reason_with_when(ctx, rule, result)) for rule in result.rules))
    st.header(t("Que faire maintenant"))
    region_select(ctx)
    st.markdown("\n".join(f"{n}. {a}" for n, a in enumerate(level_actions(plan, t), 1)))
    with st.expander(t("Qui appeler"), expanded=result.level >= Level.high):
        services_block(ctx, plan)
    reassess_block(ctx, result)
    crosswalk_block(ctx, result)
    judgement_block(ctx, result)
    st.caption(t(DISCLAIMER))
    # The sheet two clicks after the result (prepare, download); its details on the next page.
    prepare_button(ctx, result, plan, from_result=True)
    nav(ctx, back=lambda: go(ctx.state, "review"), next_=lambda: go(ctx.state, "referral"),
        next_label=t("Orientation et fiche"))
