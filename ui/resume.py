"""Save and resume: the assessment as a JSON file the professional keeps, never the server."""
from __future__ import annotations

import streamlit as st

from . import state as S
from .common import Ctx, registry


def _on_upload(ctx: Ctx) -> None:
    """Callback: a file was chosen. Valid: it replaces the session. Invalid: one clear message,
    and the current answers stay exactly as they were."""
    uploaded = ctx.state.get("resume_upload")
    if uploaded is None:
        return
    from assessment.document import MAX_DOCUMENT_BYTES, parse_document, resolve
    from assessment.errors import DataError
    from assessment.scoring import score

    t = ctx.t
    S.capture(ctx.state)
    try:
        if uploaded.size > MAX_DOCUMENT_BYTES:
            raise DataError("A308", context={"size": uploaded.size, "limit": MAX_DOCUMENT_BYTES})
        raw = uploaded.getvalue()
        doc = parse_document(raw)
        if doc.mode == "training":  # a real assessment never starts from a training case
            raise DataError("A310")
        loaded = resolve(doc, registry())
        score(loaded, doc)  # a lowering judgement or a missing reason is refused here
    except DataError as exc:
        ctx.state[S.FLASH] = ("error", t("Ce fichier ne peut pas être repris : {error}").format(
            error=exc.render(t)) + " " + t("Les réponses en cours n'ont pas changé."))
        return
    S.restore(ctx.state, doc, loaded)
    ctx.state[S.STAGE] = "review"
    ctx.state[S.FLASH] = ("success", t("Évaluation reprise. Vérifiez les réponses avant de continuer."))


def upload_widget(ctx: Ctx) -> None:
    t = ctx.t
    st.file_uploader(
        t("Reprendre une évaluation enregistrée (fichier .json, 1 Mo au plus)"), type=["json"], key="resume_upload",
        on_change=_on_upload, args=(ctx,), max_upload_size=1,
        help=t("Le fichier est lu dans cette session seulement ; il n'est pas conservé."))


def save_widget(ctx: Ctx) -> None:
    from assessment.document import dump_document

    t = ctx.t
    doc = S.build_doc(ctx.state, ctx.loaded)
    st.download_button(
        t("Enregistrer l'évaluation (.json)"), data=dump_document(doc).encode("utf-8"),
        file_name="evaluation.json", mime="application/json", key="save_json", on_click="ignore",
        icon=":material/download:")
    st.caption(t("Le fichier contient toutes les réponses : gardez-le dans un endroit protégé, "
                 "ou ne l'enregistrez pas. L'outil n'en garde aucune copie."))
