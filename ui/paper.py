"""The paper twin on the start page: a blank form and its scoring key, for a visit without a device
(assessment/paper.py). Off the main path, in a closed expander; prepared on request, downloaded
from a dialog, like the referral sheet. The form holds no answer: nothing of hers is in it."""
from __future__ import annotations

import streamlit as st

from . import keys as K
from .common import Ctx, dialog_direction

PAPER_FILE = "formulaire-papier.pdf"  # assessment.paper.PAPER_FILE (not imported: no ReportLab at start)


def _paper_dialog(ctx: Ctx, pdf: bytes) -> None:
    dialog_direction(ctx)
    st.download_button(ctx.t("Télécharger le formulaire papier (PDF)"), data=pdf, file_name=PAPER_FILE,
                       mime="application/pdf", key=K.PAPER_DOWNLOAD, on_click="ignore", type="primary",
                       icon=":material/download:")
    st.caption(ctx.t("Imprimez-le, remplissez-le avec elle, puis saisissez les réponses dans l'application."))


def paper_widget(ctx: Ctx) -> None:
    t = ctx.t
    with st.expander(t("Version papier (formulaire à imprimer)")):
        st.caption(t("Pour une visite sans appareil : toutes les questions, des cases à cocher, la clé de "
                     "calcul et les services à appeler. Saisissez ensuite les réponses ici."))
        if st.button(t("Préparer le formulaire papier (PDF)"), key=K.PAPER_PREPARE,
                     icon=":material/print:"):
            from assessment.paper import build_paper, paper_loaded

            from .plan import region_of

            pdf = build_paper(paper_loaded(), ctx.locale, region=region_of(ctx))
            st.dialog(t("Formulaire papier"), width="medium")(_paper_dialog)(ctx, pdf)
