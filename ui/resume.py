"""Save and resume: the assessment as a JSON file the professional keeps, never the server."""
from __future__ import annotations

import streamlit as st

from . import keys as K
from . import state as S
from .common import Ctx, dialog_direction, registry


def _on_upload(ctx: Ctx) -> None:
    """Callback: a file was chosen. Valid: it replaces the session. Invalid: one plain sentence
    (DataError.for_user) and its code, and the current answers stay exactly as they were.
    parse_document raises only DataError, whatever the bytes (tests/test_document_hostile.py)."""
    uploaded = ctx.state.get(K.RESUME_UPLOAD)
    if uploaded is None:
        return
    from assessment.document import MAX_DOCUMENT_BYTES, parse_document, resolve
    from assessment.errors import GENERIC_USER, DataError
    from assessment.scoring import score

    t = ctx.t
    S.capture(ctx.state)
    try:
        if uploaded.size > MAX_DOCUMENT_BYTES:
            raise DataError("A308", context={"size": uploaded.size, "limit": MAX_DOCUMENT_BYTES})
        raw = uploaded.getvalue()
        from assessment import fhir  # a FHIR QuestionnaireResponse resumes like a save file
        doc = fhir.response_to_doc(raw, registry()) if fhir.is_fhir(raw) else parse_document(raw)
        if doc.mode == "training":  # a real assessment never starts from a training case
            raise DataError("A310")
        loaded = resolve(doc, registry())
        score(loaded, doc)  # a lowering judgement or a missing reason is refused here
    except DataError as exc:  # one plain sentence; the code, small, for a maintainer
        ctx.state[S.FLASH] = ("error", exc.for_user(t, file=True), exc.code)
        return
    except Exception:  # a bug of ours must not cost her the interview: same promise, no code
        ctx.state[S.FLASH] = ("error", t(GENERIC_USER), None)
        return
    S.restore(ctx.state, doc, loaded)
    ctx.state[S.STAGE] = "review"
    ctx.state[S.FLASH] = ("success", t("Évaluation reprise. Vérifiez les réponses avant de continuer."))


def upload_widget(ctx: Ctx) -> None:
    t = ctx.t
    st.file_uploader(
        t("Reprendre une évaluation enregistrée (fichier .json, 1 Mo au plus)"), type=["json"], key=K.RESUME_UPLOAD,
        on_change=_on_upload, args=(ctx,), max_upload_size=1,
        help=t("Le fichier est lu dans cette session seulement ; il n'est pas conservé."))


def _save_dialog(ctx: Ctx, data: bytes) -> None:
    t = ctx.t
    dialog_direction(ctx)
    st.write(t("Le fichier contient toutes les réponses : gardez-le dans un endroit protégé, "
               "ou ne l'enregistrez pas. L'outil n'en garde aucune copie."))
    st.download_button(
        t("Télécharger le fichier (.json)"), data=data, file_name="evaluation.json",
        mime="application/json", key=K.SAVE_JSON, on_click="ignore", type="primary",
        icon=":material/download:")


def save_widget(ctx: Ctx, caption: bool = True, compact: bool = False) -> None:
    """Like the sheet (ui/referral.py): the button commits every field on screen, the file is
    made in that run and downloaded from a dialog, so it holds the field typed last. Offered on
    every page of the flow (ui/main.py), so an interview can be kept before anything goes wrong;
    there `compact`: a tertiary button in the navigation row (ui/look.py lets its label wrap)."""
    from assessment.document import dump_document

    t = ctx.t
    if st.button(t("Enregistrer l'évaluation (.json)"), key=K.SAVE_PREPARE,
                 icon=":material/save:", type="tertiary" if compact else "secondary"):
        S.capture(ctx.state)
        doc = S.build_doc(ctx.state, ctx.loaded)
        st.dialog(t("Enregistrer l'évaluation"))(_save_dialog)(ctx, dump_document(doc).encode("utf-8"))
    if caption:
        st.caption(t("Le fichier contient toutes les réponses : gardez-le dans un endroit protégé, "
                     "ou ne l'enregistrez pas. L'outil n'en garde aucune copie."))
