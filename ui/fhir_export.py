"""FHIR export on the referral page: off the main path, in a closed box.

Like the sheet and the save file (ui/referral.py, ui/resume.py): the button commits every field
on screen, the Bundle is made in that run and downloaded from a dialog. Import needs no widget
of its own: a FHIR file given to "resume a saved assessment" is read by assessment.fhir."""
from __future__ import annotations

import streamlit as st

from . import keys as K
from . import state as S
from .common import Ctx, dialog_direction

FHIR_FILE = "evaluation-fhir.json"


def _fhir_dialog(ctx: Ctx, data: bytes) -> None:
    t = ctx.t
    dialog_direction(ctx)
    st.write(t("Le fichier FHIR contient les réponses, le niveau avec ses raisons et votre jugement, "
               "sans nom ni coordonnées : gardez-le dans un endroit protégé. L'outil n'en garde "
               "aucune copie."))
    st.download_button(t("Télécharger le fichier FHIR (.json)"), data=data, file_name=FHIR_FILE,
                       mime="application/fhir+json", key=K.FHIR_DOWNLOAD, on_click="ignore",
                       type="primary", icon=":material/download:")


def fhir_widget(ctx: Ctx) -> None:
    from assessment import fhir
    from assessment.errors import DataError

    t = ctx.t
    with st.expander(t("Export FHIR (dossier de santé)")):
        st.caption(t("Pour un logiciel de dossier de santé qui importe le format FHIR ; la plupart "
                     "des utilisateurs n'en ont pas besoin. Un fichier FHIR fait par cet outil se "
                     "reprend comme un fichier enregistré."))
        if st.button(t("Préparer le fichier FHIR (.json)"), key=K.FHIR_PREPARE,
                     icon=":material/medical_information:"):
            S.capture(ctx.state)
            doc = S.build_doc(ctx.state, ctx.loaded)
            try:
                data = fhir.dumps(fhir.bundle(doc, ctx.loaded, ctx.locale)).encode("utf-8")
            except DataError as exc:  # a judgement the answers have overtaken (J401 / J402)
                st.error(exc.for_user(t))
                return
            st.dialog(t("Export FHIR"))(_fhir_dialog)(ctx, data)
