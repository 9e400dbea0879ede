"""Stage 6 and 7: consent, the professional, the referral sheet, save / resume, end and erase."""
from __future__ import annotations

import secrets

import streamlit as st


from . import state as S
from .before import consent_widgets
from .common import Ctx, compute_result, go, nav, sheet_bytes, text_field
from .plan import plan_for_session
from .resume import save_widget, upload_widget

_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud on the phone


def new_case_code() -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(6))


def _erase(ctx: Ctx) -> None:
    locale = ctx.state.get(S.LOCALE)
    S.erase(ctx.state)
    ctx.state[S.LOCALE] = locale
    ctx.state[S.FLASH] = ("success", ctx.t("Tout a été effacé. Vous pouvez fermer cette fenêtre."))


def render(ctx: Ctx) -> None:
    t = ctx.t
    st.title(t("Orientation et fiche"))
    consent = consent_widgets(ctx)
    S.capture(ctx.state)
    result, _note = compute_result(ctx)
    plan = plan_for_session(ctx, result)
    if plan.legal_note:
        st.info(t(plan.legal_note), icon=":material/gavel:")
    elif consent != "given":
        st.info(t("Demandez-lui son accord avant de transmettre la fiche. Sans son accord, ne "
                  "transmettez rien, sauf en cas de danger grave et imminent, et demandez d'abord conseil "
                  "à un service spécialisé. L'outil n'envoie jamais rien de lui-même."), icon=":material/gavel:")
    st.header(t("Identification du dossier"))
    text_field(ctx, "case_code", t("Code du dossier"), default=new_case_code())
    st.caption(t("Un code plutôt qu'un nom : la fiche ne porte pas son nom par défaut."))
    if consent == "given":
        text_field(ctx, "victim_name", t("Son nom (facultatif, seulement avec son accord)"))
    st.header(t("Vos coordonnées (facultatif)"))
    left, right = st.columns(2)
    with left:
        text_field(ctx, "pro_name", t("Nom"))
        text_field(ctx, "pro_service", t("Service"))
    with right:
        text_field(ctx, "pro_role", t("Fonction"))
        text_field(ctx, "pro_phone", t("Téléphone"))
    with st.expander(t("Compléments pour le service spécialisé (facultatif)")):
        text_field(ctx, "situation", t("Résumé de la situation"), area=True)
        text_field(ctx, "children", t("Enfants ou autres personnes en danger"), area=True)
        text_field(ctx, "actions_taken", t("Ce qui a déjà été fait"), area=True)

    st.header(t("Fiche d'orientation (PDF)"))
    S.capture(ctx.state)
    doc = S.build_doc(ctx.state, ctx.loaded)
    password = st.text_input(t("Mot de passe pour ouvrir la fiche (facultatif)"), key="pdf_password",
                             type="password", max_chars=64)
    # The bytes are handed to the button directly (not as a deferred callable): Streamlit 1.67
    # keeps a deferred file unreferenced, and another session's rerun can delete it before the
    # browser fetches it (404 under concurrent use, seen in tests/browser/test_privacy.py).
    # Built once per change of the document, kept in this session only (erase clears it).
    pdf = sheet_bytes(ctx.state, doc, ctx.loaded, result, ctx.locale, plan=plan,
                      password=password or None)

    st.download_button(t("Télécharger la fiche d'orientation (PDF)"), data=pdf,
                       file_name="fiche-orientation.pdf", mime="application/pdf", key="pdf_download",
                       on_click="ignore", type="primary", icon=":material/picture_as_pdf:")
    st.caption(t("La fiche est créée sur le moment et n'est pas conservée. Transmettez-la par un "
                 "moyen sûr ; un mot de passe protège le fichier s'il s'égare."))

    st.header(t("Enregistrer ou reprendre"))
    save_widget(ctx)
    upload_widget(ctx)

    st.header(t("Terminer"))
    st.button(t("Terminer et tout effacer"), key="erase", on_click=_erase, args=(ctx,),
              icon=":material/delete:")
    st.caption(t("Efface toutes les réponses de cette fenêtre. Enregistrez d'abord la fiche ou le "
                 "fichier si vous en avez besoin."))
    nav(ctx, back=lambda: go(ctx.state, "result"), next_=None)

