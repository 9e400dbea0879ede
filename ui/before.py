"""Stage 2: before the questions (safety, time, safe contact, consent)."""
from __future__ import annotations

import streamlit as st

from assessment.model import CONSENT_VALUES

from . import keys as K
from .common import Ctx, answer_radio, go, nav, text_field

CONSENT_OPTIONS = CONSENT_VALUES  # given, refused, not_asked, not_sought (assessment.model.Consent)


def consent_widgets(ctx: Ctx) -> str | None:
    """Consent to refer and share the sheet; asked here, may be answered later (referral page)."""
    from . import state as S
    t = ctx.t
    labels = {"given": t("Oui, elle accepte"), "refused": t("Non, elle refuse"),
              "not_asked": t("Pas encore demandé"),
              "not_sought": t("Pas demandé : le demander augmenterait le danger")}
    S.seed(ctx.state, K.CONSENT)
    consent = st.radio(
        t("Accepte-t-elle d'être orientée vers un service spécialisé et que la fiche lui soit transmise ?"),
        CONSENT_OPTIONS, index=None, key=K.CONSENT, horizontal=True, format_func=labels.get)
    if consent is None:
        st.caption(t("Vous pouvez répondre plus tard, à la fin."))
    if consent == "given":
        text_field(ctx, K.CONSENT_TO, t("À quel service ou à quelle personne ?"),
                   placeholder=t("par exemple : le service spécialisé de la région"))
    return consent


def render(ctx: Ctx) -> None:
    t = ctx.t
    st.title(t("Avant les questions"))
    st.markdown(t("Posez les questions seulement si elle peut parler sans risque et si personne "
                  "d'autre ne peut entendre. Expliquez-lui pourquoi vous les posez et où vont les réponses."))
    safe = answer_radio(ctx, K.SAFE_TO_TALK, t("Peut-elle parler sans danger maintenant ?"))
    alone = answer_radio(ctx, K.ALONE, t("Est-elle seule, sans personne qui puisse entendre ?"))
    if {"no", "unknown"} & {safe, alone}:  # not sure she is safe: the same caution as "no"
        st.warning(t("Ne posez pas les questions maintenant. Convenez d'un autre moment et d'un moyen "
                     "sûr de la recontacter. En cas de danger immédiat, appelez les secours."),
                   icon=":material/front_hand:")
    text_field(ctx, K.TIME_AVAILABLE, t("De combien de temps dispose-t-elle ?"),
               placeholder=t("par exemple : 10 minutes"))
    text_field(ctx, K.SAFE_CONTACT, t("Moyen sûr de la recontacter"),
               placeholder=t("par exemple : portable, après 18 h"))
    text_field(ctx, K.AVOID, t("Ce qu'il faut éviter"),
               placeholder=t("par exemple : messagerie vocale, courrier à domicile"))
    consent_widgets(ctx)
    nav(ctx, back=lambda: go(ctx.state, "start"), next_=lambda: go(ctx.state, "questions", 0),
        next_label=t("Aux questions"))
