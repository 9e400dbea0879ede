"""Stage 1: what the tool is and is not, privacy, language, real or training mode."""
from __future__ import annotations

import streamlit as st

from . import keys as K
from . import state as S
from .chrome import language_select
from .common import Ctx, go
from .compare import upload_widget as compare_widget
from .guard import kept_minutes
from .paper import paper_widget
from .resume import upload_widget


def _start(ctx: Ctx) -> None:
    mode = ctx.state.get(K.MODE)
    from .router import STAGES  # the training stage is registered by ui/training.py
    if mode == "course" and "course" in STAGES:  # the online course (ui/course.py)
        go(ctx.state, "course", 0)
        return
    go(ctx.state, "training" if mode == "training" and "training" in STAGES else "before", 0)


def render(ctx: Ctx) -> None:
    t = ctx.t
    st.title(t("Repérage du danger"))
    st.markdown(t("Cet outil aide les professionnelles et les professionnels de première ligne à "
                  "repérer le danger quand une femme vit des violences de la part de son partenaire "
                  "ou ex-partenaire, et à l'orienter sans attendre vers un service spécialisé."))
    st.markdown(t("C'est une aide au repérage et à l'orientation : ce n'est pas une prédiction, ni "
                  "une évaluation spécialisée. Comptez 5 à 10 minutes."))
    minutes = kept_minutes()  # server.disconnectedSessionTTL (.streamlit/config.toml)
    st.info(t.ngettext(
        "Rien n'est enregistré : les réponses restent en mémoire pour cette fenêtre seulement. "
        "« Terminer et tout effacer » ou « Sortie rapide » les efface aussitôt ; si vous fermez "
        "la fenêtre, elles sont effacées {n} minute plus tard.",
        "Rien n'est enregistré : les réponses restent en mémoire pour cette fenêtre seulement. "
        "« Terminer et tout effacer » ou « Sortie rapide » les efface aussitôt ; si vous fermez "
        "la fenêtre, elles sont effacées {n} minutes plus tard.", minutes).format(n=minutes),
        icon=":material/lock:")
    language_select(ctx, horizontal=True)
    S.seed(ctx.state, K.MODE, "real")
    modes = {"real": t("Situation réelle"), "training": t("Formation (cas fictifs)"), "course": t("Cours")}
    st.radio(t("Mode"), tuple(modes), key=K.MODE, horizontal=True, format_func=modes.__getitem__)
    st.button(t("Commencer"), key=K.START, type="primary", on_click=_start, args=(ctx,),
              icon=":material/arrow_forward:", icon_position="right")
    with st.expander(t("Reprendre une évaluation enregistrée")):
        upload_widget(ctx)
    paper_widget(ctx)  # the blank form to print (ui/paper.py)
    with st.expander(t("Ouvrir un code de fiche")):  # the receiving service (ui/sheetcode.py)
        from .sheetcode import code_widget
        code_widget(ctx)
    with st.expander(t("Comparer avec une évaluation précédente"), expanded=S.PREVIOUS in ctx.state):
        st.caption(t("Après un nouvel incident ou lors d'un suivi : chargez le fichier d'une évaluation "
                     "précédente, puis faites l'évaluation d'aujourd'hui. Le résultat dira ce qui a changé."))
        compare_widget(ctx)
